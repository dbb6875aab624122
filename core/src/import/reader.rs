//! The format readers: the sheets of a register from the request's rows, from its content (CSV
//! text, or base64 of a CSV or XLSX file) or from the bytes of a file, its format found from
//! the bytes when not given; CSV text decoded from UTF-8 (with or without a byte-order mark),
//! UTF-16 with a byte-order mark, or Windows-1252 (what Excel saves as "CSV" on Windows); and the
//! choice of the sheet that holds the register, by its content.

use super::layout::detect_header;
use super::parallel;
use super::reading::SheetScore;
use super::request::{ImportRequest, RegisterKind, SourceFormat};
use super::source::{self, Sheet};
use super::workbook;
use crate::error::{Error, ErrorCode, Result};
use std::borrow::Cow;

/// What a register's file holds: its format, the text encoding found (CSV) and its sheets.
#[derive(Debug)]
pub(super) struct Loaded {
    pub(super) format: SourceFormat,
    pub(super) encoding: Option<&'static str>,
    pub(super) sheets: Vec<Sheet>,
}

/// The sheets of a register: `bytes`, the bytes of a file, else the request's `rows` or its
/// `content` decoded. The rows and content are taken out of the request.
pub(super) fn load(request: &mut ImportRequest, bytes: Option<&[u8]>) -> Result<Loaded> {
    if let Some(bytes) = bytes {
        return sheets_of_bytes(request, bytes);
    }
    if let Some(rows) = request.rows.take() {
        if request.content.is_some() {
            return Err(Error::new(
                ErrorCode::SchemaViolation,
                "/content",
                "give either `content` or `rows`, not both",
            ));
        }
        return Ok(Loaded {
            format: SourceFormat::Rows,
            encoding: None,
            sheets: vec![source::rows(&rows)?],
        });
    }
    let Some(content) = request.content.take() else {
        return Err(Error::new(
            ErrorCode::SchemaViolation,
            "/content",
            "give the register as `content` (CSV text or base64) or as `rows`",
        ));
    };
    let bytes = workbook::content_bytes(&content, request.encoding, request.format)?;
    sheets_of_bytes(request, &bytes)
}

/// [`load`] of a file's bytes handed over: the text of a CSV in UTF-8 becomes the sheet's cells
/// without a copy.
pub(super) fn load_owned(request: &ImportRequest, bytes: Vec<u8>) -> Result<Loaded> {
    if format_of(request, &bytes) != SourceFormat::Csv {
        return sheets_of_bytes(request, &bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) if !text.starts_with('\u{feff}') => csv_loaded(request, text, "utf-8"),
        // A byte-order mark: read as lent bytes are, marks and all.
        Ok(text) => sheets_of_bytes(request, text.as_bytes()),
        Err(not_utf8) => sheets_of_bytes(request, not_utf8.as_bytes()),
    }
}

/// The sheets of a CSV or XLSX file.
fn sheets_of_bytes(options: &ImportRequest, bytes: &[u8]) -> Result<Loaded> {
    let format = format_of(options, bytes);
    match format {
        SourceFormat::Xlsx => Ok(Loaded {
            format,
            encoding: None,
            sheets: source::xlsx_sheets(bytes, options.sheet.as_deref())?,
        }),
        SourceFormat::Csv => {
            let (text, encoding) = decode(bytes);
            csv_loaded(options, text, encoding)
        }
        SourceFormat::Rows => Err(Error::new(
            ErrorCode::SchemaViolation,
            "/format",
            "`rows` are given as `rows`, not as file content",
        )),
    }
}

/// The format of a file's bytes: the one the request names, else XLSX for a zip, else CSV.
fn format_of(options: &ImportRequest, bytes: &[u8]) -> SourceFormat {
    options
        .format
        .unwrap_or(if bytes.starts_with(b"PK\x03\x04") {
            SourceFormat::Xlsx
        } else {
            SourceFormat::Csv
        })
}

/// The one sheet of CSV text read in `encoding`.
fn csv_loaded<'t>(
    options: &ImportRequest,
    text: impl Into<Cow<'t, str>>,
    encoding: &'static str,
) -> Result<Loaded> {
    Ok(Loaded {
        format: SourceFormat::Csv,
        encoding: Some(encoding),
        sheets: vec![source::csv(text, delimiter(options)?)?],
    })
}

/// The characters of Windows-1252's bytes 0x80–0x9F (the rest are Latin-1's); undefined bytes
/// read as the C1 control of the same number, as browsers' decoders do.
const WINDOWS_1252: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// CSV bytes as text, and the encoding they were read in: UTF-8 (a byte-order mark dropped),
/// UTF-16 after its byte-order mark (unpaired surrogates replaced), else Windows-1252.
pub(super) fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => (Cow::Borrowed(text), "utf-8-bom"),
            Err(_) => (Cow::Owned(windows_1252(rest)), "windows-1252"),
        };
    }
    let utf16 = |rest: &[u8], little: bool| {
        let units = rest.chunks_exact(2).map(|p| match (p.first(), p.get(1)) {
            (Some(a), Some(b)) if little => u16::from_le_bytes([*a, *b]),
            (Some(a), Some(b)) => u16::from_be_bytes([*a, *b]),
            _ => 0,
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (Cow::Owned(utf16(rest, true)), "utf-16le");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (Cow::Owned(utf16(rest, false)), "utf-16be");
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), "utf-8"),
        Err(_) => {
            let t = windows_1252(bytes);
            (Cow::Owned(t), "windows-1252")
        }
    }
}

/// Windows-1252 bytes as text: eight ASCII bytes copied at a time, each other byte its
/// character. Each byte is one character, so a large text is decoded in two halves at once, cut
/// anywhere.
fn windows_1252(bytes: &[u8]) -> String {
    if bytes.len() < 2 * parallel::SPLIT_FROM {
        return windows_1252_into(bytes, 0);
    }
    let (head, tail) = bytes.split_at(bytes.len() / 2);
    let [mut text, second] = parallel::halves(|half| match half {
        // The first half's text takes the second's: room for both from the start.
        0 => windows_1252_into(head, most_utf8(tail)),
        _ => windows_1252_into(tail, 0),
    });
    text.push_str(&second);
    text
}

/// The most UTF-8 bytes the text of Windows-1252 bytes takes: three for a byte above 0x7F (two
/// for most), one for the others. Bytes above 0x7F are counted eight at a time.
fn most_utf8(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LANES: u64 = 0x00FF_00FF_00FF_00FF;
    // The high bits of at most 255 words summed in each byte lane, then the lanes added up.
    let high = |block: &[u8]| -> usize {
        let mut words = block.chunks_exact(8);
        let lanes = words.by_ref().fold(0u64, |lanes, word| {
            lanes + (u64::from_le_bytes(word.try_into().unwrap_or_default()) >> 7 & ONES)
        });
        let pairs = (lanes & LANES) + (lanes >> 8 & LANES);
        (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
            + words.remainder().iter().filter(|b| !b.is_ascii()).count()
    };
    let high: usize = bytes.chunks(8 * 255).map(high).sum();
    bytes.len() + 2 * high
}

/// The text of Windows-1252 bytes, with room for `more` bytes after it.
fn windows_1252_into(bytes: &[u8], more: usize) -> String {
    let room = most_utf8(bytes);
    let mut out = Vec::with_capacity(room + more);
    out.resize(room, 0);
    let mut at = 0;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word: [u8; 8] = word.try_into().unwrap_or_default();
        match out.get_mut(at..at + 8) {
            Some(slot) if u64::from_le_bytes(word) & 0x8080_8080_8080_8080 == 0 => {
                slot.copy_from_slice(&word);
                at += 8;
            }
            _ => {
                for byte in word {
                    at += put_character(&mut out, at, byte);
                }
            }
        }
    }
    for byte in words.remainder() {
        at += put_character(&mut out, at, *byte);
    }
    out.truncate(at);
    // ASCII bytes and whole characters: always UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the character of Windows-1252 byte `byte` at `at` in `out`; returns its length.
fn put_character(out: &mut [u8], at: usize, byte: u8) -> usize {
    if byte.is_ascii() {
        if let Some(slot) = out.get_mut(at) {
            *slot = byte;
        }
        return 1;
    }
    let c = match byte {
        0x80..=0x9F => WINDOWS_1252
            .get(usize::from(byte - 0x80))
            .copied()
            .unwrap_or('\u{FFFD}'),
        _ => char::from(byte),
    };
    if let Some(slot) = out.get_mut(at..at + c.len_utf8()) {
        c.encode_utf8(slot);
    }
    c.len_utf8()
}

/// The sheet that holds the register: the one named, else the one whose header reads best, with
/// more data rows breaking near ties; with every sheet's score.
pub(super) fn choose<'s>(
    kind: RegisterKind,
    sheets: &'s [Sheet],
    wanted: Option<&str>,
) -> Result<(&'s Sheet, Vec<SheetScore>)> {
    let scores: Vec<SheetScore> = if sheets.len() > 1 {
        sheets
            .iter()
            .map(|s| {
                let score = detect_header(kind, &s.rows).map_or(0.0, |h| {
                    let rows = s.rows.len().saturating_sub(h.index + 1).min(20) as f64;
                    h.score + rows / 20.0
                });
                SheetScore {
                    name: s.name.clone().unwrap_or_default(),
                    score: (score * 100.0).round() / 100.0,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    if let Some(name) = wanted
        && let Some(sheet) = sheets.iter().find(|s| s.name.as_deref() == Some(name))
    {
        return Ok((sheet, scores));
    }
    let best = scores
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.score.total_cmp(&b.1.score).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
        .unwrap_or(0);
    let sheet = sheets.get(best).ok_or_else(|| {
        Error::new(
            ErrorCode::UnreadableFile,
            "/content",
            "the file is not a readable XLSX workbook: it has no sheet",
        )
    })?;
    Ok((sheet, scores))
}

fn delimiter(options: &ImportRequest) -> Result<Option<u8>> {
    match options.delimiter {
        None => Ok(None),
        Some(c) if c.is_ascii() && c != '"' && c != '\n' && c != '\r' => Ok(Some(c as u8)),
        Some(c) => Err(Error::new(
            ErrorCode::SchemaViolation,
            "/delimiter",
            format!("`{c}` cannot separate CSV fields; use one ASCII character"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_reads_each_byte_as_its_character() {
        let each = |bytes: &[u8]| -> String {
            bytes
                .iter()
                .map(|b| match b {
                    0x80..=0x9F => WINDOWS_1252[usize::from(b - 0x80)],
                    _ => char::from(*b),
                })
                .collect()
        };
        let every: Vec<u8> = (0..=255u8).collect();
        assert_eq!(windows_1252(&every), each(&every));
        // High bytes at every offset of a word, alone and in runs, between ASCII runs.
        let text: Vec<u8> = (0..2_000u32)
            .map(|i| match i * 7 % 23 {
                0 => 0x96,
                1 => 0xE9,
                2 | 3 => 0x80 + (i % 128) as u8,
                _ => b'a' + (i % 26) as u8,
            })
            .collect();
        for start in 0..9 {
            assert_eq!(windows_1252(&text[start..]), each(&text[start..]));
        }
        // A large text, decoded in halves: cut at a high byte and at an ASCII one.
        let large = text.repeat(2 * parallel::SPLIT_FROM / text.len() + 1);
        for start in 0..2 {
            let bytes = &large[start..];
            assert!(bytes.len() >= 2 * parallel::SPLIT_FROM);
            assert_eq!(windows_1252(bytes), each(bytes));
        }
        assert_eq!(windows_1252(b""), "");
        assert_eq!(windows_1252(b"caf\xe9 \x96 \x80"), "café – €");
        // Bytes above 0x7F are counted in lanes of at most 255 words, and past them.
        for n in [0, 7, 8, 2040, 2047, 5_000] {
            assert_eq!(most_utf8(&vec![0xE9; n]), 3 * n);
            assert_eq!(most_utf8(&vec![b'a'; n]), n);
        }
        assert!(most_utf8(&large) >= windows_1252(&large).len());
    }

    #[test]
    fn encodings_people_save_csv_in() {
        assert_eq!(decode(b"Risk,Owner\n").1, "utf-8");
        let (text, encoding) = decode(b"\xEF\xBB\xBFRisk\n");
        assert_eq!((text.as_ref(), encoding), ("Risk\n", "utf-8-bom"));
        let (text, encoding) = decode(b"Caf\xE9 \x80 \x96 \x92s \xA3");
        assert_eq!((text.as_ref(), encoding), ("Café € – ’s £", "windows-1252"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Risk\tÉté\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let (text, encoding) = decode(&utf16);
        assert_eq!((text.as_ref(), encoding), ("Risk\tÉté\n", "utf-16le"));
    }
}
