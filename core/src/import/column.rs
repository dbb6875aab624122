//! A column of a sheet read once: each cell's trimmed text as a small integer code, and the
//! distinct texts in the order they first appear, so that a register reads each distinct text
//! once rather than once per row. Texts are looked up by a key that holds a short text (most
//! cells: levels, labels, owners, ids) with its length in one integer, so a lookup compares no
//! bytes.

use super::parallel;
use super::source::{self, Cells};
use foldhash::{HashMap, HashSet};
use std::borrow::Cow;

/// Up to 16 bytes as a little-endian integer, zero-padded; `None` for more. Read with two
/// overlapping 8-byte loads.
fn little_endian(bytes: &[u8]) -> Option<u128> {
    let n = bytes.len();
    let word = |at: usize| -> Option<u64> {
        Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
    };
    if n >= 8 {
        // Bytes 8.. end the second load, which starts inside the first.
        let high = word(n.checked_sub(8)?)?
            .checked_shr(u32::try_from(8 * (16usize.checked_sub(n)?)).ok()?)
            .unwrap_or(0);
        Some(u128::from(word(0)?) | u128::from(high) << 64)
    } else {
        let low = bytes
            .iter()
            .rev()
            .fold(0u64, |word, b| word << 8 | u64::from(*b));
        Some(u128::from(low))
    }
}

/// A text of up to 15 bytes as one integer: its bytes, then its length in the last byte; `None`
/// for a longer text. Two texts pack to the same integer only when they are equal.
fn packed(text: &str) -> Option<u128> {
    let n = text.len();
    if n > 15 {
        return None;
    }
    Some(little_endian(text.as_bytes())? | u128::from(u8::try_from(n).ok()?) << 120)
}

/// True when `a` comes before `b` with shorter texts first and texts of one length in byte
/// order: a total order, so a list of texts each before the next holds no text twice.
pub(crate) fn before(a: &str, b: &str) -> bool {
    /// A text of up to 16 bytes as a big-endian integer, zero-padded: of two texts of one
    /// length, the smaller integer is the text first in byte order.
    fn big_endian(text: &str) -> Option<u128> {
        little_endian(text.as_bytes()).map(u128::swap_bytes)
    }
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Equal => match (big_endian(a), big_endian(b)) {
            (Some(a), Some(b)) => a < b,
            _ => a < b,
        },
    }
}

/// The cells of one column of a register's data rows, as codes of their distinct texts.
#[derive(Debug, Default)]
pub(crate) struct CodedColumn<'s> {
    /// Each row's cell, as an index in `texts`; a row without the cell reads as the empty text.
    pub codes: Vec<usize>,
    /// The distinct texts, trimmed, in the order they first appear (the empty text included).
    pub texts: Vec<&'s str>,
    /// The row each text first appears in.
    pub first: Vec<usize>,
}

impl<'s> CodedColumn<'s> {
    /// Reads cell `index` of each row; no index (the register has no such column) reads every
    /// cell as empty.
    pub(crate) fn read(rows: &[(usize, Cells<'s>)], index: Option<usize>) -> Self {
        let Some(index) = index else {
            let n = rows.len();
            return Self {
                codes: vec![0; n],
                texts: if n == 0 { Vec::new() } else { vec![""] },
                first: if n == 0 { Vec::new() } else { vec![0] },
            };
        };
        Self::read_many(rows, &[index]).pop().unwrap_or_default()
    }

    /// Reads cells `indexes` of each row, in one pass over the rows (a row's cells lie together,
    /// so each part of the sheet is brought from memory once for them all). A large register is
    /// read in two halves at once, and the second half's codes joined to the first's.
    pub(crate) fn read_many(rows: &[(usize, Cells<'s>)], indexes: &[usize]) -> Vec<Self> {
        // The first half's codes take the second's: room for them all from the start.
        let Some([(columns, coders), (seconds, _)]) = parallel::split(rows, |half, part| {
            Coder::read_many(
                part,
                indexes,
                if half == 0 { rows.len() } else { part.len() },
            )
        }) else {
            return Coder::read_many(rows, indexes, rows.len()).0;
        };
        let middle = rows.len() / 2;
        columns
            .into_iter()
            .zip(coders)
            .zip(seconds)
            .map(|((mut column, mut coder), second)| {
                // Each text of the second half: its code in the first, or a new one.
                let codes: Vec<usize> = second
                    .texts
                    .iter()
                    .zip(&second.first)
                    .map(|(text, row)| {
                        let next = column.texts.len();
                        let code = coder.code(text, next);
                        if code == next {
                            column.texts.push(text);
                            column.first.push(middle + row);
                        }
                        code
                    })
                    .collect();
                column.codes.extend(
                    second
                        .codes
                        .iter()
                        .map(|c| codes.get(*c).copied().unwrap_or_default()),
                );
                column
            })
            .collect()
    }

    /// The distinct texts that are not empty, in the order they first appear.
    pub(crate) fn distinct(&self) -> impl Iterator<Item = &'s str> + '_ {
        self.texts.iter().copied().filter(|t| !t.is_empty())
    }
}

/// The codes of the texts of one column read so far.
struct Coder<'s> {
    /// A direct-mapped cache of short texts' keys and codes, by a hash of the key: a column of
    /// few distinct short texts (most rating, status, treatment and owner columns) is coded with
    /// one multiplication and one comparison a cell.
    recent: Vec<(u128, usize)>,
    short: HashMap<u128, usize>,
    long: HashMap<&'s str, usize>,
}

/// Slots of a [`Coder`]'s cache (a power of two).
const RECENT: usize = 256;

/// A key no text packs to (its length byte is more than 15), for an empty slot.
const NO_KEY: u128 = u128::MAX;

impl Default for Coder<'_> {
    fn default() -> Self {
        Self {
            recent: vec![(NO_KEY, 0); RECENT],
            short: HashMap::default(),
            long: HashMap::default(),
        }
    }
}

impl<'s> Coder<'s> {
    /// The code of `text`: its own if it has one, else `next`, which it then has.
    #[inline(always)]
    fn code(&mut self, text: &'s str, next: usize) -> usize {
        let Some(key) = packed(text) else {
            return self.code_long(text, next);
        };
        let folded = (key as u64 ^ (key >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let slot = (folded >> (64 - RECENT.trailing_zeros())) as usize;
        match self.recent.get(slot) {
            Some((cached, code)) if *cached == key => *code,
            _ => self.code_short(key, slot, next),
        }
    }

    /// [`Coder::code`] of a short text not in the cache's `slot`, which it then holds.
    #[inline(never)]
    fn code_short(&mut self, key: u128, slot: usize, next: usize) -> usize {
        let code = *self.short.entry(key).or_insert(next);
        if let Some(entry) = self.recent.get_mut(slot) {
            *entry = (key, code);
        }
        code
    }

    /// [`Coder::code`] of a long text.
    #[inline(never)]
    fn code_long(&mut self, text: &'s str, next: usize) -> usize {
        *self.long.entry(text).or_insert(next)
    }

    /// Reads cells `indexes` of each row, a coder for each, into columns with room for `room`
    /// codes; returns the columns and their coders.
    fn read_many(
        rows: &[(usize, Cells<'s>)],
        indexes: &[usize],
        room: usize,
    ) -> (Vec<CodedColumn<'s>>, Vec<Self>) {
        let mut coders: Vec<Self> = indexes.iter().map(|_| Self::default()).collect();
        let mut columns: Vec<CodedColumn<'s>> = indexes
            .iter()
            .map(|_| CodedColumn {
                codes: Vec::with_capacity(room),
                ..CodedColumn::default()
            })
            .collect();
        for (row, (_, cells)) in rows.iter().enumerate() {
            for ((coder, column), index) in coders.iter_mut().zip(&mut columns).zip(indexes) {
                let text = cells.get(*index).map(source::trim).unwrap_or_default();
                let next = column.texts.len();
                let code = coder.code(text, next);
                if code == next {
                    column.texts.push(text);
                    column.first.push(row);
                }
                column.codes.push(code);
            }
        }
        (columns, coders)
    }
}

/// A set of texts, borrowed from the sheet or made (generated ids).
#[derive(Debug, Default)]
pub(crate) struct TextSet<'s> {
    short: HashSet<u128>,
    long: HashSet<Cow<'s, str>>,
}

impl<'s> TextSet<'s> {
    /// Adds `text`; false when it was in the set already.
    pub(crate) fn insert(&mut self, text: Cow<'s, str>) -> bool {
        match packed(&text) {
            Some(key) => self.short.insert(key),
            None => self.long.insert(text),
        }
    }

    /// Makes room for `n` more short texts.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.short.reserve(n);
    }

    /// Removes `text`; false when it was not in the set.
    pub(crate) fn remove(&mut self, text: &str) -> bool {
        match packed(text) {
            Some(key) => self.short.remove(&key),
            None => self.long.remove(text),
        }
    }

    /// True when `text` is in the set.
    pub(crate) fn contains(&self, text: &str) -> bool {
        match packed(text) {
            Some(key) => self.short.contains(&key),
            None => self.long.contains(text),
        }
    }
}

impl<'s> FromIterator<Cow<'s, str>> for TextSet<'s> {
    fn from_iter<I: IntoIterator<Item = Cow<'s, str>>>(texts: I) -> Self {
        let mut set = Self::default();
        for text in texts {
            set.insert(text);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::source::csv;

    #[test]
    fn bytes_load_as_a_padded_array_does() {
        let bytes: Vec<u8> = (1..=17).map(|b| b * 15).collect();
        for n in 0..=16 {
            let mut word = [0u8; 16];
            word[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(
                little_endian(&bytes[..n]),
                Some(u128::from_le_bytes(word)),
                "{n}"
            );
        }
        assert_eq!(little_endian(&bytes), None);
    }

    #[test]
    fn short_texts_pack_apart() {
        let texts = [
            "",
            "a",
            "a\0",
            "\0",
            "ab",
            "ba",
            "é",
            "123456789012345",
            "123456789012346",
        ];
        for (i, a) in texts.iter().enumerate() {
            assert!(packed(a).is_some(), "{a:?}");
            for b in texts.get(i + 1..).unwrap_or_default() {
                assert_ne!(packed(a), packed(b), "{a:?} {b:?}");
            }
        }
        assert_eq!(packed("1234567890123456"), None);
        assert_eq!(packed("Owner 7"), packed(&format!("Owner {}", 7)));
    }

    #[test]
    fn texts_are_ordered_shorter_first_then_by_bytes() {
        let texts = [
            "",
            "\0",
            "1",
            "9",
            "a",
            "é",
            "R-1",
            "R-9",
            "R-10",
            "R-99",
            "R-000001",
            "R-000002",
            "R-000010",
            "1234567890123456",
            "1234567890123457",
            "12345678901234567",
            "12345678901234568",
        ];
        for a in texts {
            for b in texts {
                let expected = (a.len(), a.as_bytes()) < (b.len(), b.as_bytes());
                assert_eq!(before(a, b), expected, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn columns_code_texts_in_the_order_they_first_appear() {
        let long = "Information security office";
        let text = format!("a,b\n2, x \n1,{long}\n2,\n3,x\n4\n5,{long} \n");
        let sheet = csv(&text, None).unwrap_or_default();
        let rows: Vec<(usize, Cells<'_>)> = sheet.rows.iter().skip(1).enumerate().collect();
        let column = CodedColumn::read(&rows, Some(1));
        assert_eq!(column.texts, ["x", long, ""]);
        assert_eq!(column.codes, [0, 1, 2, 0, 2, 1]);
        assert_eq!(column.first, [0, 1, 2]);
        assert_eq!(column.distinct().collect::<Vec<_>>(), ["x", long]);
        let absent = CodedColumn::read(&rows, None);
        assert_eq!(absent.texts, [""]);
        assert_eq!(absent.codes, [0; 6]);
        let numbers = CodedColumn::read(&rows, Some(0));
        assert_eq!(numbers.texts, ["2", "1", "3", "4", "5"]);
        assert_eq!(numbers.codes, [0, 1, 0, 2, 3, 4]);
    }

    #[test]
    fn a_large_column_read_in_halves_codes_as_one_reading_does() {
        let n = 3 * parallel::SPLIT_FROM;
        // Texts new in the second half, texts of both halves, short and long; beside them, more
        // distinct short texts than the cache has slots, and a row without the column.
        let text: String = (0..n)
            .map(|i| {
                let first = match i % 7 {
                    0 => format!("{i}"),
                    1 | 2 => format!("owner of a long name {}", i * 3 / n),
                    _ => format!("O{}", i % 11 + i / (n / 2)),
                };
                if i % 5 == 4 {
                    format!("{first}\n")
                } else {
                    format!("{first}, K{} \n", (i * 7919) % 3000)
                }
            })
            .collect();
        let sheet = csv(&text, Some(b',')).unwrap_or_default();
        let rows: Vec<(usize, Cells<'_>)> = sheet.rows.iter().enumerate().collect();
        assert_eq!(rows.len(), n);
        let halves = CodedColumn::read_many(&rows, &[0, 1]);
        let (one, _) = Coder::read_many(&rows, &[0, 1], rows.len());
        assert_eq!(halves.len(), 2);
        for (halves, one) in halves.iter().zip(&one) {
            assert_eq!(halves.texts, one.texts);
            assert_eq!(halves.codes, one.codes);
            assert_eq!(halves.first, one.first);
            // Each row's code is the code of its text.
            for code in &halves.codes {
                let text = halves.texts[*code];
                assert_eq!(halves.texts.iter().position(|t| *t == text), Some(*code));
            }
        }
        assert!(halves[0].first.iter().any(|row| *row > n / 2));
        assert!(one[1].texts.len() > 2 * RECENT);
        assert_eq!(CodedColumn::read(&rows, Some(1)).codes, one[1].codes);
    }

    #[test]
    fn text_sets_hold_short_and_long_texts() {
        let long = "R-0000000000000001";
        let mut set = TextSet::default();
        set.reserve(4);
        assert!(set.insert("R-001".into()));
        assert!(!set.insert(String::from("R-001").into()));
        assert!(set.insert(long.into()));
        assert!(!set.insert(long.to_owned().into()));
        assert!(set.insert("R-01".into()));
        assert!(set.contains("R-001") && set.contains(long) && set.contains("R-01"));
        assert!(
            !set.contains("R-1")
                && !set.contains("")
                && !set.contains(long.get(1..).unwrap_or_default())
        );
        assert!(set.insert("".into()) && set.contains(""));
        assert!(set.remove("R-001") && !set.remove("R-001") && !set.contains("R-001"));
        assert!(set.remove(long) && !set.contains(long) && set.contains("R-01"));
        let set: TextSet = ["a", long].into_iter().map(Cow::Borrowed).collect();
        assert!(set.contains("a") && set.contains(long) && !set.contains("b"));
    }
}
