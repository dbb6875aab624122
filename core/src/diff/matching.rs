//! Pairing the records of one list in two versions: by id, or by a key (a title, a column) with
//! similar values paired too, so a reworded title still finds its record. Every pairing is one to
//! one and takes linear time apart from the similarity step, which compares only the records left
//! unpaired and stops at [`MAX_COMPARISONS`]. The similarity is Sørensen–Dice over character
//! bigrams, computed as `strsim::sorensen_dice` does (the tests check the two agree) but with each
//! key's bigrams prepared once, since one key is compared with many.

use foldhash::{HashMap, HashMapExt};
use std::collections::VecDeque;

/// The most pairs of unpaired records the similarity step compares; past it the step is
/// skipped (and the diff warns), so a hostile or unrelated pair of registers stays fast.
pub(super) const MAX_COMPARISONS: usize = 4_000_000;

/// How the records of one list were paired.
#[derive(Debug, Default)]
pub(super) struct Pairing {
    /// For each old record, the index of its new record.
    pub(super) old_to_new: Vec<Option<usize>>,
    /// For each new record, the index of its old record.
    pub(super) new_to_old: Vec<Option<usize>>,
    /// Pairs made by similarity, not equal keys: (old, new, similarity), in new order.
    pub(super) similar: Vec<(usize, usize, f64)>,
    /// Key values (or ids) held by more than one record of a version.
    pub(super) duplicates: usize,
    /// True when too many records were left unpaired to compare them all.
    pub(super) skipped: bool,
}

impl Pairing {
    fn new(old: usize, new: usize) -> Self {
        Self {
            old_to_new: vec![None; old],
            new_to_old: vec![None; new],
            ..Self::default()
        }
    }

    fn pair(&mut self, i: usize, j: usize) {
        if let Some(slot) = self.old_to_new.get_mut(i) {
            *slot = Some(j);
        }
        if let Some(slot) = self.new_to_old.get_mut(j) {
            *slot = Some(i);
        }
    }

    /// The new record paired with old record `i`.
    pub(super) fn new_of(&self, i: usize) -> Option<usize> {
        self.old_to_new.get(i).copied().flatten()
    }

    /// The old record paired with new record `j`.
    pub(super) fn old_of(&self, j: usize) -> Option<usize> {
        self.new_to_old.get(j).copied().flatten()
    }
}

/// Pairs records by equal ids (ids are unique in a checked document).
pub(super) fn by_id<'a>(
    old: impl ExactSizeIterator<Item = &'a str>,
    new: impl ExactSizeIterator<Item = &'a str>,
) -> Pairing {
    let old: Vec<&str> = old.collect();
    let new: Vec<&str> = new.collect();
    let mut pairing = Pairing::new(old.len(), new.len());
    let at: HashMap<&str, usize> = old.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    for (j, id) in new.iter().enumerate() {
        if let Some(&i) = at.get(id) {
            pairing.pair(i, j);
        }
    }
    pairing
}

/// Pairs records by their key values: equal values (compared without case, punctuation and
/// repeated spaces) first, in list order when a value repeats; then, of the records left, the
/// most similar pairs first while their similarity is at least `threshold` (1 pairs equal values
/// only). A record without a key value stays unpaired.
pub(super) fn by_key(old: &[Option<&str>], new: &[Option<&str>], threshold: f64) -> Pairing {
    let mut pairing = Pairing::new(old.len(), new.len());
    let old: Vec<Option<String>> = old.iter().map(|k| k.and_then(normalise)).collect();
    let new: Vec<Option<String>> = new.iter().map(|k| k.and_then(normalise)).collect();
    let mut waiting: HashMap<&str, VecDeque<usize>> = HashMap::with_capacity(old.len());
    for (i, key) in old.iter().enumerate() {
        if let Some(key) = key {
            waiting.entry(key.as_str()).or_default().push_back(i);
        }
    }
    let mut seen_new: HashMap<&str, usize> = HashMap::with_capacity(new.len());
    for (j, key) in new.iter().enumerate() {
        let Some(key) = key else { continue };
        *seen_new.entry(key.as_str()).or_default() += 1;
        if let Some(i) = waiting.get_mut(key.as_str()).and_then(VecDeque::pop_front) {
            pairing.pair(i, j);
        }
    }
    let repeated_old = old
        .iter()
        .flatten()
        .fold(HashMap::<&str, usize>::new(), |mut n, k| {
            *n.entry(k.as_str()).or_default() += 1;
            n
        })
        .values()
        .filter(|&&n| n > 1)
        .count();
    pairing.duplicates = repeated_old + seen_new.values().filter(|&&n| n > 1).count();
    if threshold < 1.0 {
        similar(&mut pairing, &old, &new, threshold);
    }
    pairing
}

/// A key value compared: lower case, letters and digits, one space between words; `None` when
/// nothing is left.
fn normalise(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    (!out.is_empty()).then_some(out)
}

/// A key prepared once for all its comparisons: its text without spaces and its character
/// bigrams, sorted.
struct Prepared {
    index: usize,
    solid: String,
    bigrams: Vec<(char, char)>,
}

fn prepare(keys: &[Option<String>], paired: &[Option<usize>]) -> Vec<Prepared> {
    keys.iter()
        .zip(paired)
        .enumerate()
        .filter_map(|(index, (key, paired))| {
            let text = key.as_deref().filter(|_| paired.is_none())?;
            let solid: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let chars: Vec<char> = solid.chars().collect();
            let mut bigrams: Vec<(char, char)> = chars
                .windows(2)
                .filter_map(|w| match w {
                    [a, b] => Some((*a, *b)),
                    _ => None,
                })
                .collect();
            bigrams.sort_unstable();
            Some(Prepared {
                index,
                solid,
                bigrams,
            })
        })
        .collect()
}

/// The Sørensen–Dice similarity of two prepared keys, as `strsim::sorensen_dice` computes it
/// (shared bigrams, counted with repeats, over the bytes of both texts without spaces; the
/// tests hold the two equal), without building a map for every pair.
fn dice(a: &Prepared, b: &Prepared) -> f64 {
    if a.solid == b.solid {
        return 1.0;
    }
    if a.solid.len() < 2 || b.solid.len() < 2 {
        return 0.0;
    }
    let (mut x, mut y, mut shared) = (
        a.bigrams.iter().peekable(),
        b.bigrams.iter().peekable(),
        0usize,
    );
    while let (Some(p), Some(q)) = (x.peek(), y.peek()) {
        match p.cmp(q) {
            std::cmp::Ordering::Less => {
                x.next();
            }
            std::cmp::Ordering::Greater => {
                y.next();
            }
            std::cmp::Ordering::Equal => {
                shared += 1;
                x.next();
                y.next();
            }
        }
    }
    (2 * shared) as f64 / (a.solid.len() + b.solid.len() - 2) as f64
}

/// Pairs the records left unpaired by similarity of their keys (Sørensen–Dice over character
/// bigrams), best pairs first.
fn similar(pairing: &mut Pairing, old: &[Option<String>], new: &[Option<String>], threshold: f64) {
    let left_old = prepare(old, &pairing.old_to_new);
    let left_new = prepare(new, &pairing.new_to_old);
    if left_old.is_empty() || left_new.is_empty() {
        return;
    }
    if left_old.len().saturating_mul(left_new.len()) > MAX_COMPARISONS {
        pairing.skipped = true;
        return;
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for a in &left_old {
        for b in &left_new {
            // The similarity is at most this (shared bigrams are at most the shorter's), so
            // pairs of very different lengths are passed over without comparing them.
            let shorter = a.bigrams.len().min(b.bigrams.len());
            let bound = 2.0 * shorter as f64
                / (a.solid.len() + b.solid.len()).saturating_sub(2).max(1) as f64;
            if bound < threshold {
                continue;
            }
            let score = dice(a, b);
            if score >= threshold {
                candidates.push((score, a.index, b.index));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (score, i, j) in candidates {
        if pairing.new_of(i).is_none() && pairing.old_of(j).is_none() {
            pairing.pair(i, j);
            pairing.similar.push((i, j, score));
        }
    }
    pairing.similar.sort_by_key(|&(_, j, _)| j);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
    use super::*;

    #[test]
    fn equal_keys_pair_whatever_the_order_case_and_punctuation() {
        let old = [Some("Phishing of staff"), Some("Ransomware"), Some("Flood")];
        let new = [
            Some("flood"),
            Some("RANSOMWARE!"),
            Some("Phishing  of staff"),
        ];
        let p = by_key(&old, &new, 1.0);
        assert_eq!(p.old_to_new, vec![Some(2), Some(1), Some(0)]);
        assert!(p.similar.is_empty());
    }

    #[test]
    fn reworded_keys_pair_best_first_and_one_to_one() {
        let old = [
            Some("Ransomware encrypts the file server"),
            Some("Laptop stolen from a car"),
            Some("Supplier data breach"),
        ];
        let new = [
            Some("Laptops stolen from cars"),
            Some("Ransomware encrypting file servers"),
            Some("Office flooded"),
        ];
        let p = by_key(&old, &new, 0.7);
        assert_eq!(p.old_to_new, vec![Some(1), Some(0), None]);
        assert_eq!(p.new_to_old[2], None);
        assert_eq!(p.similar.len(), 2);
        assert!(p.similar.iter().all(|s| s.2 >= 0.7 && s.2 < 1.0));
    }

    #[test]
    fn a_threshold_of_one_pairs_equal_keys_only() {
        let p = by_key(&[Some("Laptop stolen")], &[Some("Laptops stolen")], 1.0);
        assert_eq!(p.old_to_new, vec![None]);
    }

    #[test]
    fn repeated_keys_pair_in_list_order_and_are_counted() {
        let old = [Some("Flood"), Some("Flood"), None];
        let new = [Some("Flood"), None, Some("Flood")];
        let p = by_key(&old, &new, 0.7);
        assert_eq!(p.old_to_new, vec![Some(0), Some(2), None]);
        assert_eq!(p.duplicates, 2);
    }

    #[test]
    fn similarity_is_strsims_sorensen_dice() {
        let texts = [
            "ransomware encrypts the file server",
            "ransomware encrypting file servers",
            "flood on web shop",
            "flooding of web shop",
            "aaaa",
            "aa aa",
            "a",
            "données clients exposées",
            "donnees client exposees",
            "phishing of finance staff",
            "phishing attacks on finance staff",
        ];
        let keys: Vec<Option<String>> = texts.iter().map(|t| Some((*t).to_owned())).collect();
        let prepared = prepare(&keys, &vec![None; keys.len()]);
        for a in &prepared {
            for b in &prepared {
                let want = strsim::sorensen_dice(texts[a.index], texts[b.index]);
                assert!(
                    (dice(a, b) - want).abs() < 1e-12,
                    "{} / {}",
                    texts[a.index],
                    texts[b.index]
                );
            }
        }
    }

    #[test]
    fn ids_pair_by_equality() {
        let p = by_id(["a", "b", "c"].into_iter(), ["c", "d", "a"].into_iter());
        assert_eq!(p.old_to_new, vec![Some(2), None, Some(0)]);
        assert_eq!(p.new_to_old, vec![Some(2), None, Some(0)]);
    }

    #[test]
    fn too_many_unpaired_records_skip_the_similarity_step() {
        let n = 2_001;
        let old: Vec<String> = (0..n).map(|i| format!("old risk {i}")).collect();
        let new: Vec<String> = (0..n).map(|i| format!("new risk {i}")).collect();
        let old: Vec<Option<&str>> = old.iter().map(|s| Some(s.as_str())).collect();
        let new: Vec<Option<&str>> = new.iter().map(|s| Some(s.as_str())).collect();
        let p = by_key(&old, &new, 0.7);
        assert!(p.skipped);
        assert!(p.old_to_new.iter().all(Option::is_none));
    }
}
