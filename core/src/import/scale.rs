//! Reading ratings as registers write them: numbers (`3`, `3.0`, `3 - Possible`), the labels of
//! the method's own scale (`Likely`), an explicit label map, or a common label scale such as
//! `Low/Medium/High` spread evenly over the method's levels.

use serde::Serialize;
use std::collections::BTreeMap;

/// Common label scales, lowest first, in normalised form (see [`normalise`]).
const COMMON_SCALES: &[&[&str]] = &[
    &["l", "m", "h"],
    &["low", "medium", "high"],
    &["low", "moderate", "high"],
    &["low", "medium", "high", "critical"],
    &["low", "medium", "high", "very high"],
    &["vl", "l", "m", "h", "vh"],
    &["very low", "low", "medium", "high", "very high"],
    &["very low", "low", "moderate", "high", "very high"],
    &["rare", "unlikely", "possible", "likely", "almost certain"],
    &[
        "very unlikely",
        "unlikely",
        "possible",
        "likely",
        "very likely",
    ],
    &["improbable", "remote", "occasional", "probable", "frequent"],
    &["negligible", "minor", "moderate", "major", "severe"],
    &["negligible", "minor", "moderate", "major", "critical"],
    &[
        "insignificant",
        "minor",
        "moderate",
        "major",
        "catastrophic",
    ],
    &["very low", "low", "medium", "high", "very high", "critical"],
];

/// Lowercase, trimmed, inner runs of spaces, `-` and `_` made one space; `med` and `mod` spelled out.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    match out.as_str() {
        "med" => "medium".to_owned(),
        "mod" => "moderate".to_owned(),
        _ => out,
    }
}

/// How a column's text was read as levels, reported with the import.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScaleReading {
    /// The field (`likelihood`, `impact`, `confidentiality`, …).
    pub field: &'static str,
    /// The column header.
    pub column: String,
    /// `numbers`, `method` (the method's level labels), `explicit` (the request's `scales`) or
    /// `common` (a common label scale spread over the method's levels).
    pub source: &'static str,
    /// Each label met in the column and the level it was read as.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, u32>,
}

/// Reads one column's cells as levels `1..=levels`.
#[derive(Debug, Clone)]
pub(crate) struct LevelReader {
    levels: u32,
    /// Normalised label → level.
    labels: BTreeMap<String, u32>,
    source: &'static str,
}

/// Why a cell is not a level.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LevelError {
    /// A number outside `1..=levels`.
    OutOfScale(u32),
    /// Text that is no level.
    Unknown,
}

impl LevelReader {
    /// A reader for a column whose distinct texts are `texts`, on a scale whose level labels are
    /// `method_labels` (lowest first); `explicit` maps labels to levels and wins over the rest.
    pub(crate) fn new<'t>(
        method_labels: &[&str],
        explicit: &BTreeMap<String, u32>,
        texts: impl Iterator<Item = &'t str>,
    ) -> Self {
        let levels = method_labels.len() as u32;
        let mut reader = Self {
            levels,
            labels: BTreeMap::new(),
            source: "numbers",
        };
        if !explicit.is_empty() {
            reader.source = "explicit";
            reader.labels = explicit.iter().map(|(k, v)| (normalise(k), *v)).collect();
            return reader;
        }
        let words: Vec<String> = texts
            .filter(|t| leading_number(t).is_none())
            .map(normalise)
            .filter(|t| !t.is_empty())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if words.is_empty() {
            return reader;
        }
        // The scale that knows the most of the column's labels: the method's own first, then
        // the smallest common one. Labels no scale knows fail cell by cell.
        let own: Vec<String> = method_labels.iter().map(|l| normalise(l)).collect();
        let known = |scale: &[&str]| words.iter().filter(|w| scale.contains(&w.as_str())).count();
        let own_refs: Vec<&str> = own.iter().map(String::as_str).collect();
        let mut best: (usize, Option<&[&str]>) = (known(&own_refs), None);
        for scale in COMMON_SCALES {
            let n = known(scale);
            if n > best.0 || (n == best.0 && n > 0 && best.1.is_some_and(|b| scale.len() < b.len()))
            {
                best = (n, Some(scale));
            }
        }
        match best.1 {
            Some(scale) => {
                reader.source = "common";
                let k = scale.len() as f64;
                let n = f64::from(levels);
                reader.labels = scale
                    .iter()
                    .enumerate()
                    .map(|(p, label)| {
                        let level = 1.0 + (p as f64 * (n - 1.0) / (k - 1.0)).round();
                        ((*label).to_owned(), level as u32)
                    })
                    .collect();
            }
            None => {
                reader.source = "method";
                reader.labels = own.into_iter().zip(1..).collect();
            }
        }
        reader
    }

    /// The labels it reads, lowest level first (at most eight), for error messages.
    pub(crate) fn known_labels(&self) -> Vec<&str> {
        let mut labels: Vec<(&str, u32)> =
            self.labels.iter().map(|(l, n)| (l.as_str(), *n)).collect();
        labels.sort_by_key(|(_, n)| *n);
        labels.into_iter().take(8).map(|(l, _)| l).collect()
    }

    /// How the reader reads labels: `numbers`, `method`, `explicit` or `common`.
    pub(crate) fn source(&self) -> &'static str {
        self.source
    }

    /// The level of one cell.
    pub(crate) fn read(&self, text: &str) -> Result<u32, LevelError> {
        if let Some(level) = self.labels.get(&normalise(text)) {
            return Ok(*level);
        }
        match leading_number(text) {
            Some(n) if (1..=self.levels).contains(&n) => Ok(n),
            Some(n) => Err(LevelError::OutOfScale(n)),
            None => Err(LevelError::Unknown),
        }
    }

    /// What the reader did, for the report; `used` are the texts met in the column.
    pub(crate) fn reading<'t>(
        &self,
        field: &'static str,
        column: &str,
        used: impl Iterator<Item = &'t str>,
    ) -> ScaleReading {
        let labels = used
            .filter(|t| leading_number(t).is_none())
            .filter_map(|t| {
                self.labels
                    .get(&normalise(t))
                    .map(|l| (t.trim().to_owned(), *l))
            })
            .collect();
        ScaleReading {
            field,
            column: column.to_owned(),
            source: self.source,
            labels,
        }
    }
}

/// A whole number at the start of the text: `3`, `3.0`, `3 - Possible`, `3 (Likely)`.
fn leading_number(text: &str) -> Option<u32> {
    let t = text.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let (number, rest) = t.split_at(digits);
    let rest = rest.strip_prefix(".0").unwrap_or(rest);
    let rest = rest.trim_start();
    let ok = rest.is_empty()
        || rest.starts_with(['-', '–', '(', ':', '='])
        || rest.starts_with(|c: char| c.is_alphabetic()) && !rest.starts_with(['e', 'E', '.']);
    if ok { number.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIVE: &[&str] = &["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];

    fn reader(texts: &[&str]) -> LevelReader {
        LevelReader::new(FIVE, &BTreeMap::new(), texts.iter().copied())
    }

    #[test]
    fn numbers_and_numbered_labels() {
        let r = reader(&["1", "5", "3 - Possible"]);
        assert_eq!(r.read("3"), Ok(3));
        assert_eq!(r.read(" 4.0 "), Ok(4));
        assert_eq!(r.read("3 - Possible"), Ok(3));
        assert_eq!(r.read("2 (Unlikely)"), Ok(2));
        assert_eq!(r.read("6"), Err(LevelError::OutOfScale(6)));
        assert_eq!(r.read("0"), Err(LevelError::OutOfScale(0)));
        assert_eq!(r.read("2.5"), Err(LevelError::Unknown));
        assert_eq!(r.read("1e3"), Err(LevelError::Unknown));
    }

    #[test]
    fn method_labels_any_case() {
        let r = reader(&["likely", "ALMOST  CERTAIN", "Rare"]);
        assert_eq!(r.read("Likely"), Ok(4));
        assert_eq!(r.read("almost-certain"), Ok(5));
        assert_eq!(r.source, "method");
    }

    #[test]
    fn low_medium_high_spreads_over_five_levels() {
        let r = reader(&["Low", "Med", "High", "2"]);
        assert_eq!(r.source, "common");
        assert_eq!(
            [r.read("low"), r.read("Medium"), r.read("HIGH")],
            [Ok(1), Ok(3), Ok(5)]
        );
        let r3 = LevelReader::new(
            &["Low", "Medium", "High"],
            &BTreeMap::new(),
            ["Very low", "very high", "Medium"].into_iter(),
        );
        assert_eq!(r3.source, "common");
        assert_eq!(r3.read("very low"), Ok(1));
        assert_eq!(r3.read("low"), Ok(2));
        assert_eq!(r3.read("high"), Ok(3));
        assert_eq!(r3.read("very high"), Ok(3));
    }

    #[test]
    fn explicit_map_wins_and_unknown_labels_fail() {
        let explicit = BTreeMap::from([("Amber".to_owned(), 3), ("Red".to_owned(), 5)]);
        let r = LevelReader::new(FIVE, &explicit, ["Amber"].into_iter());
        assert_eq!(r.read("amber"), Ok(3));
        assert_eq!(r.read("Green"), Err(LevelError::Unknown));
        let mixed = reader(&["Likely", "Banana"]);
        assert_eq!(mixed.read("likely"), Ok(4));
        assert_eq!(mixed.read("Banana"), Err(LevelError::Unknown));
    }
}
