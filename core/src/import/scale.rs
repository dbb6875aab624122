//! Reading ratings as registers write them, and mapping them onto the method's levels.
//!
//! A rating column is read by one rule, chosen from its distinct cells (and a range in its
//! header, such as `Likelihood (1-3)`), and reported per column ([`ScaleReading`]):
//!
//! - **Labels.** The method's own level labels (`Likely`) read as their levels (`method`). A label
//!   map in the request's `scales` wins over everything (`explicit`). Other words are read **by
//!   meaning** (`common`): each known word has a grade on a five-grade axis (very low 1, low 2,
//!   medium 3, high 4, very high 5; `Rare`…`Almost certain`, `Negligible`…`Severe`,
//!   `Improbable`…`Frequent`, `Important/Significant/Critical`, `Unlikely/Likely/Very likely`, …),
//!   in any case and spacing. On a five-level method the grade is the level; so a three-level
//!   `Low/Medium/High` reads as 2, 3 and 4: a three-level `High` is the method's fourth level, not
//!   its top one. On other methods a grade is placed proportionally, halves rounded away from
//!   the middle (on three levels: very low and low 1, medium 2, high and very high 3).
//! - **Numbers** (also `3 - Possible`, `3.0`). Levels `1..=n` of an `n`-level method read as
//!   themselves (`numbers`). Another range (from the header, else from the values: `0–4`,
//!   `1–3`, `1–4`, `1–10`, decimals `0–1`, percentages) is a `k`-point scale mapped by the same
//!   meaning: a `k = n` scale shifts onto the levels; three points read as low, medium, high
//!   (grades 2–4); four points as low to very high (grades 2–5); more points are cut into five
//!   equal bands (grades 1–5); decimals `0–1` likewise (`0.2` is grade 1, `0.9` grade 5).
//!   A column of whole numbers above the scale that are all products of two levels
//!   (`1–25` on a 5×5) is a score, not a rating: it is reported (`product`) and not read.
//! - **Per property** (`C=3, I=3, A=2` in one cell): a risk's impact is the highest of the three;
//!   an asset's valuation is read property by property.
//! - **Not assessed.** Empty cells and the markers people write for none (`--`, `-`, `n/a`, `TBC`,
//!   `none`, `NaN`, `NaT`) are empty, not errors.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Scale words and their grade on a five-grade axis (very low 1 … very high 5), normalised (see
/// [`normalise`]).
pub(crate) const GRADES: &[(&str, u8)] = &[
    ("very low", 1),
    ("vl", 1),
    ("minimal", 1),
    ("negligible", 1),
    ("insignificant", 1),
    ("rare", 1),
    ("very rare", 1),
    ("very unlikely", 1),
    ("highly unlikely", 1),
    ("improbable", 1),
    ("trivial", 1),
    ("low", 2),
    ("l", 2),
    ("minor", 2),
    ("unlikely", 2),
    ("remote", 2),
    ("limited", 2),
    ("seldom", 2),
    ("medium", 3),
    ("m", 3),
    ("moderate", 3),
    ("possible", 3),
    ("occasional", 3),
    ("important", 3),
    ("average", 3),
    ("high", 4),
    ("h", 4),
    ("major", 4),
    ("likely", 4),
    ("probable", 4),
    ("significant", 4),
    ("serious", 4),
    ("substantial", 4),
    ("very high", 5),
    ("vh", 5),
    ("critical", 5),
    ("severe", 5),
    ("very severe", 5),
    ("catastrophic", 5),
    ("almost certain", 5),
    ("very likely", 5),
    ("highly likely", 5),
    ("certain", 5),
    ("frequent", 5),
    ("extreme", 5),
    ("maximal", 5),
    ("maximum", 5),
];

/// Classification words of information and their confidentiality grade.
pub(crate) const CLASSIFICATION_GRADES: &[(&str, u8)] = &[
    ("public", 1),
    ("open", 1),
    ("unclassified", 1),
    ("internal", 2),
    ("internal use", 2),
    ("internal only", 2),
    ("official", 2),
    ("company confidential", 3),
    ("confidential", 3),
    ("private", 3),
    ("sensitive", 3),
    ("restricted", 4),
    ("highly confidential", 4),
    ("strictly confidential", 4),
    ("secret", 5),
    ("top secret", 5),
];

/// Lowercase, trimmed, inner runs of spaces, `-` and `_` made one space; `med` and `mod` spelled out.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == '.')
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

/// The grade (1–5) of a scale word by its meaning.
pub(crate) fn grade_of(text: &str) -> Option<u8> {
    grade_in(GRADES, &normalise(text))
}

fn grade_in(words: &[(&str, u8)], normalised: &str) -> Option<u8> {
    words
        .iter()
        .find(|(w, _)| *w == normalised)
        .map(|(_, g)| *g)
}

/// The level of an `n`-level scale a grade (1–5) stands for: the grade placed proportionally,
/// halves rounded away from the middle (a low is never read as a medium).
pub(crate) fn level_of_grade(grade: u8, n: u32) -> u32 {
    if n <= 1 {
        return 1;
    }
    let x = f64::from(grade.clamp(1, 5) - 1) * f64::from(n - 1) / 4.0;
    let middle = f64::from(n - 1) / 2.0;
    let rounded = if (x.fract() - 0.5).abs() < 1e-9 {
        if x < middle {
            x.floor()
        } else if x > middle {
            x.ceil()
        } else {
            x.floor()
        }
    } else {
        x.round()
    };
    1 + rounded as u32
}

/// Ratings per security property in one cell: `C=3, I=3, A=2`, `C:3 I:2 A:1`, `C3/I3/A2`.
pub(crate) fn properties(text: &str) -> Option<[Option<u32>; 3]> {
    let bytes = text.as_bytes();
    let mut out = [None; 3];
    let mut found = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let slot = match b.to_ascii_uppercase() {
            b'C' => 0,
            b'I' => 1,
            b'A' => 2,
            _ => {
                i += 1;
                continue;
            }
        };
        // The letter must start a word.
        let starts = i == 0 || !bytes.get(i - 1).is_some_and(u8::is_ascii_alphanumeric);
        let mut j = i + 1;
        while bytes
            .get(j)
            .is_some_and(|c| matches!(c, b' ' | b'=' | b':'))
        {
            j += 1;
        }
        let digits = bytes
            .get(j..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if starts && digits > 0 && digits < 3 {
            let n = text.get(j..j + digits).and_then(|d| d.parse().ok());
            if let Some(cell) = out.get_mut(slot) {
                *cell = n;
                found += 1;
            }
            i = j + digits;
        } else {
            i += 1;
        }
    }
    (found >= 2).then_some(out)
}

/// How a column's numbers are read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rule {
    /// Levels `1..=n` as themselves.
    Levels,
    /// A `k`-point scale starting at `lo`, mapped by meaning.
    Points { lo: i64, k: u32 },
    /// Decimals 0–1 (or percentages), mapped by meaning.
    Fraction,
    /// Products of two levels: a score, not read.
    Product,
}

/// How a column's text was read as levels, reported with the import and its reading; a reading
/// given back in a request's `reading` sets the levels of the labels listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScaleReading {
    /// The field (`likelihood`, `impact`, `confidentiality`, …).
    pub field: String,
    /// The column header.
    #[serde(default)]
    pub column: String,
    /// `numbers` (the method's levels), `method` (the method's level labels), `explicit` (the
    /// request's `scales`), `common` (words read by meaning), `range` (numbers of another range),
    /// `fraction` (decimals 0–1), `product` (products of two levels: a score, not read) or
    /// `properties` (`C=3, I=3, A=2`).
    #[serde(default)]
    pub source: String,
    /// The range the numbers were read on (`0–4`, `1–3`, `1–10`, `0–1`), when not the method's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
    /// Each label or number met in the column and the level it was read as (numbers only when
    /// not read as themselves).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, u32>,
}

/// Reads one column's cells as levels `1..=levels`.
#[derive(Debug, Clone)]
pub(crate) struct LevelReader {
    levels: u32,
    /// Normalised label → level.
    labels: BTreeMap<String, u32>,
    source: &'static str,
    rule: Rule,
}

/// Why a cell is not a level.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LevelError {
    /// A number outside the scale.
    OutOfScale(u32),
    /// Text that is no level.
    Unknown,
}

/// A range written in a header: `(1-3)`, `[1–10]`, `1 to 5`, `0-4`.
fn header_range(header: &str) -> Option<(i64, i64)> {
    let bytes = header.as_bytes();
    let mut numbers: Vec<(usize, usize, i64)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i).is_some_and(u8::is_ascii_digit) {
            let start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if let Some(n) = header.get(start..i).and_then(|d| d.parse().ok()) {
                numbers.push((start, i, n));
            }
        } else {
            i += 1;
        }
    }
    numbers.windows(2).find_map(|w| {
        let (&(_, end, lo), &(start, _, hi)) = (w.first()?, w.get(1)?);
        let between = header.get(end..start)?.trim().to_lowercase();
        matches!(between.as_str(), "-" | "–" | "—" | "to" | "..").then_some(())?;
        (lo < hi && hi <= 100).then_some((lo, hi))
    })
}

/// True when every number is a whole product of two levels `1..=n` and some exceed 10: a
/// likelihood × impact score.
fn products(numbers: &[f64], n: u32) -> bool {
    let is_product = |v: f64| {
        v.fract() == 0.0
            && (1..=n).any(|a| {
                let a = f64::from(a);
                let b = v / a;
                b.fract() == 0.0 && b >= 1.0 && b <= f64::from(n)
            })
    };
    numbers.iter().all(|v| is_product(*v))
        && numbers.iter().any(|v| *v > 10.0_f64.max(f64::from(n)))
}

impl LevelReader {
    /// A reader for a column whose distinct texts are `texts`, on a scale whose level labels are
    /// `method_labels` (lowest first); `explicit` maps labels to levels and wins over the rest;
    /// `header` may state the range of its numbers.
    #[cfg(test)]
    pub(crate) fn new<'t>(
        method_labels: &[&str],
        explicit: &BTreeMap<String, u32>,
        header: &str,
        texts: impl Iterator<Item = &'t str>,
    ) -> Self {
        Self::with_words(method_labels, explicit, header, texts, GRADES)
    }

    /// [`LevelReader::new`] with the words of another vocabulary (classification levels).
    pub(crate) fn with_words<'t>(
        method_labels: &[&str],
        explicit: &BTreeMap<String, u32>,
        header: &str,
        texts: impl Iterator<Item = &'t str>,
        vocabulary: &[(&str, u8)],
    ) -> Self {
        let levels = method_labels.len() as u32;
        let mut reader = Self {
            levels,
            labels: BTreeMap::new(),
            source: "numbers",
            rule: Rule::Levels,
        };
        let mut words = std::collections::BTreeSet::new();
        let mut numbers = Vec::new();
        let mut per_property = false;
        for text in texts {
            if let Some(props) = properties(text) {
                per_property = true;
                numbers.extend(props.iter().flatten().map(|n| f64::from(*n)));
            } else if let Some(n) = crate::import::detect::number(text) {
                numbers.push(n);
            } else {
                let w = normalise(text);
                if !w.is_empty() {
                    words.insert(w);
                }
            }
        }
        reader.rule = Self::rule(&numbers, levels, header);
        if per_property {
            reader.source = "properties";
        } else if !matches!(reader.rule, Rule::Levels) {
            reader.source = match reader.rule {
                Rule::Fraction => "fraction",
                Rule::Product => "product",
                _ => "range",
            };
        }
        let own: Vec<String> = method_labels.iter().map(|l| normalise(l)).collect();
        if !explicit.is_empty() {
            reader.labels = explicit.iter().map(|(k, v)| (normalise(k), *v)).collect();
            reader.source = "explicit";
        }
        if words.is_empty() {
            return reader;
        }
        let mut by_meaning = false;
        for word in &words {
            if reader.labels.contains_key(word) {
                continue;
            }
            if let Some(p) = own.iter().position(|l| l == word) {
                reader.labels.insert(word.clone(), p as u32 + 1);
            } else if let Some(grade) = grade_in(vocabulary, word) {
                reader
                    .labels
                    .insert(word.clone(), level_of_grade(grade, levels));
                by_meaning = true;
            }
        }
        if reader.source != "explicit" && reader.source != "properties" {
            reader.source = if by_meaning {
                "common"
            } else if reader.labels.is_empty() {
                reader.source
            } else {
                "method"
            };
        }
        reader
    }

    fn rule(numbers: &[f64], n: u32, header: &str) -> Rule {
        if numbers.is_empty() {
            return Rule::Levels;
        }
        let min = numbers.iter().copied().fold(f64::INFINITY, f64::min);
        let max = numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let fractions = numbers.iter().any(|v| v.fract() != 0.0);
        if let Some((lo, hi)) = header_range(header) {
            if lo == 0 && hi == 1 {
                return Rule::Fraction;
            }
            if lo == 1 && hi == i64::from(n) {
                return Rule::Levels;
            }
            return Rule::Points {
                lo,
                k: (hi - lo + 1) as u32,
            };
        }
        let n_f = f64::from(n);
        if fractions && min >= 0.0 && max <= 1.0 {
            return Rule::Fraction;
        }
        if min >= 1.0 && max <= n_f {
            return Rule::Levels;
        }
        if min >= 0.0 && max <= n_f - 1.0 {
            return Rule::Points { lo: 0, k: n };
        }
        if max > n_f && products(numbers, n) {
            return Rule::Product;
        }
        // Another range is read from the values only when several of them are above the
        // method's levels: one stray number is a typing error, reported as out of scale.
        let above: std::collections::BTreeSet<u64> = numbers
            .iter()
            .filter(|v| **v > n_f)
            .map(|v| v.to_bits())
            .collect();
        if above.len() < 2 {
            return Rule::Levels;
        }
        let lo = if min < 1.0 { 0 } else { 1 };
        if min >= 0.0 && max <= 10.0 {
            return Rule::Points {
                lo,
                k: (11 - lo) as u32,
            };
        }
        if min >= 0.0 && max <= 100.0 {
            return Rule::Points {
                lo,
                k: (101 - lo) as u32,
            };
        }
        Rule::Levels
    }

    /// True when the column holds scores (products of two levels), which are not read.
    pub(crate) fn is_product(&self) -> bool {
        self.rule == Rule::Product
    }

    /// The labels it reads, lowest level first (at most eight), for error messages.
    pub(crate) fn known_labels(&self) -> Vec<&str> {
        let mut labels: Vec<(&str, u32)> =
            self.labels.iter().map(|(l, n)| (l.as_str(), *n)).collect();
        labels.sort_by_key(|(_, n)| *n);
        labels.into_iter().take(8).map(|(l, _)| l).collect()
    }

    /// How the reader reads labels: `numbers`, `method`, `explicit`, `common`, `range`, …
    pub(crate) fn source(&self) -> &'static str {
        self.source
    }

    /// The range numbers are read on, when not the method's levels.
    fn range(&self) -> Option<String> {
        match self.rule {
            Rule::Levels => None,
            Rule::Points { lo, k } => Some(format!("{lo}–{}", lo + i64::from(k) - 1)),
            Rule::Fraction => Some("0–1".to_owned()),
            Rule::Product => Some(format!("1–{}", self.levels * self.levels)),
        }
    }

    fn number_level(&self, v: f64) -> Result<u32, LevelError> {
        let out_of_scale = || LevelError::OutOfScale(v.max(0.0).min(f64::from(u32::MAX)) as u32);
        match self.rule {
            Rule::Levels | Rule::Product => {
                if v.fract() != 0.0 {
                    return Err(LevelError::Unknown);
                }
                if v >= 1.0 && v <= f64::from(self.levels) {
                    Ok(v as u32)
                } else {
                    Err(out_of_scale())
                }
            }
            Rule::Fraction => {
                if !(0.0..=1.0).contains(&v) {
                    return Err(out_of_scale());
                }
                let grade = (v * 5.0).ceil().clamp(1.0, 5.0) as u8;
                Ok(level_of_grade(grade, self.levels))
            }
            Rule::Points { lo, k } => {
                let p = v.round() - lo as f64 + 1.0;
                if p < 1.0 || p > f64::from(k) {
                    return Err(out_of_scale());
                }
                let p = p as u32;
                if k == self.levels {
                    return Ok(p);
                }
                let grade = match k {
                    3 => p as u8 + 1,
                    4 => p as u8 + 1,
                    _ => (f64::from(p) * 5.0 / f64::from(k)).ceil().clamp(1.0, 5.0) as u8,
                };
                Ok(level_of_grade(grade, self.levels))
            }
        }
    }

    /// The level of one cell.
    pub(crate) fn read(&self, text: &str) -> Result<u32, LevelError> {
        if let Some(level) = self.labels.get(&normalise(text)) {
            return Ok(*level);
        }
        if let Some(props) = properties(text) {
            let mut best = None;
            for n in props.iter().flatten() {
                let level = self.number_level(f64::from(*n))?;
                best = Some(best.map_or(level, |b: u32| b.max(level)));
            }
            return best.ok_or(LevelError::Unknown);
        }
        match crate::import::detect::number(text) {
            Some(v) => self.number_level(v),
            None => Err(LevelError::Unknown),
        }
    }

    /// The level of one property in a per-property cell (`C=3, I=3, A=2`): `None` when the cell
    /// is not one or does not name the property.
    pub(crate) fn read_property(
        &self,
        text: &str,
        property: usize,
    ) -> Option<Result<u32, LevelError>> {
        let props = properties(text)?;
        let n = (*props.get(property)?)?;
        Some(self.number_level(f64::from(n)))
    }

    /// What the reader did, for the report; `used` are the texts met in the column.
    pub(crate) fn reading<'t>(
        &self,
        field: &str,
        column: &str,
        used: impl Iterator<Item = &'t str>,
    ) -> ScaleReading {
        let mapped = self.rule != Rule::Levels;
        // One entry per label, in its first spelling: `High`, `HIGH` and `high ` are one label.
        let mut seen = std::collections::BTreeSet::new();
        let labels = used
            .filter(|t| mapped || crate::import::detect::number(t).is_none())
            .filter(|t| properties(t).is_none())
            .filter(|t| seen.insert(normalise(t)))
            .filter_map(|t| self.read(t).ok().map(|l| (t.trim().to_owned(), l)))
            .take(200)
            .collect();
        ScaleReading {
            field: field.to_owned(),
            column: column.to_owned(),
            source: self.source.to_owned(),
            range: self.range(),
            labels,
        }
    }
}

/// A whole number at the start of the text: `3`, `3.0`, `3 - Possible`, `3 (Likely)`.
pub(crate) fn leading_number(text: &str) -> Option<u32> {
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
        LevelReader::new(FIVE, &BTreeMap::new(), "", texts.iter().copied())
    }

    fn headed(header: &str, texts: &[&str]) -> LevelReader {
        LevelReader::new(FIVE, &BTreeMap::new(), header, texts.iter().copied())
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
        assert_eq!(r.read("1e3"), Err(LevelError::OutOfScale(1000)));
    }

    #[test]
    fn method_labels_any_case() {
        let r = reader(&["likely", "ALMOST  CERTAIN", "Rare"]);
        assert_eq!(r.read("Likely"), Ok(4));
        assert_eq!(r.read("almost-certain"), Ok(5));
        assert_eq!(r.source, "method");
    }

    #[test]
    fn words_are_read_by_meaning_not_spread() {
        let r = reader(&["Low", "Med", "High", "2"]);
        assert_eq!(r.source, "common");
        assert_eq!(
            [r.read("low"), r.read("Medium"), r.read("HIGH ")],
            [Ok(2), Ok(3), Ok(4)]
        );
        let r = reader(&["Very high", "high", "medium", "low "]);
        assert_eq!([r.read("Very High"), r.read("low")], [Ok(5), Ok(2)]);
        let r = reader(&["Unlikely", "Likely", "Very likely"]);
        assert_eq!([r.read("unlikely"), r.read("very likely")], [Ok(2), Ok(5)]);
        let r = reader(&["Important", "Significant", "Critical"]);
        assert_eq!(
            [
                r.read("important"),
                r.read("significant"),
                r.read("critical")
            ],
            [Ok(3), Ok(4), Ok(5)]
        );
        let r3 = LevelReader::new(
            &["Low", "Medium", "High"],
            &BTreeMap::new(),
            "",
            ["Very low", "very high", "Medium", "low", "high"].into_iter(),
        );
        assert_eq!(
            [
                r3.read("very low"),
                r3.read("low"),
                r3.read("medium"),
                r3.read("high"),
                r3.read("very high")
            ],
            [Ok(1), Ok(1), Ok(2), Ok(3), Ok(3)]
        );
    }

    #[test]
    fn grades_placed_on_other_scales() {
        assert_eq!(
            (1..=5).map(|g| level_of_grade(g, 5)).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
        assert_eq!(
            (1..=5).map(|g| level_of_grade(g, 3)).collect::<Vec<_>>(),
            [1, 1, 2, 3, 3]
        );
        assert_eq!(
            (1..=5).map(|g| level_of_grade(g, 4)).collect::<Vec<_>>(),
            [1, 2, 2, 3, 4]
        );
    }

    #[test]
    fn other_ranges_from_the_values_or_the_header() {
        let r = reader(&["0", "2", "4"]);
        assert_eq!(r.range().as_deref(), Some("0–4"));
        assert_eq!([r.read("0"), r.read("4")], [Ok(1), Ok(5)]);
        let r = reader(&["0.1", "0.5", "0.9", "1"]);
        assert_eq!(r.source, "fraction");
        assert_eq!(
            [r.read("0.1"), r.read("0.5"), r.read("0.9"), r.read("0")],
            [Ok(1), Ok(3), Ok(5), Ok(1)]
        );
        let r = headed("Likelihood (1-3)", &["1", "2", "3"]);
        assert_eq!(
            [r.read("1"), r.read("2"), r.read("3")],
            [Ok(2), Ok(3), Ok(4)]
        );
        let r = reader(&["1", "7", "10"]);
        assert_eq!(r.range().as_deref(), Some("1–10"));
        assert_eq!(
            [r.read("1"), r.read("2"), r.read("7"), r.read("10")],
            [Ok(1), Ok(1), Ok(4), Ok(5)]
        );
        let r = reader(&["4", "12", "25", "6"]);
        assert!(r.is_product());
        assert_eq!(header_range("Impact [1–10]"), Some((1, 10)));
        assert_eq!(header_range("Impact 2026"), None);
    }

    #[test]
    fn per_property_cells() {
        assert_eq!(
            properties("C=3, I=3, A=2"),
            Some([Some(3), Some(3), Some(2)])
        );
        assert_eq!(properties("C:1 I:2 A:3"), Some([Some(1), Some(2), Some(3)]));
        assert_eq!(properties("Critical"), None);
        let r = reader(&["C=3, I=3, A=2"]);
        assert_eq!(r.source, "properties");
        assert_eq!(r.read("C=3, I=4, A=2"), Ok(4));
        assert_eq!(r.read_property("C=3, I=4, A=2", 2), Some(Ok(2)));
    }

    #[test]
    fn explicit_map_wins_and_unknown_labels_fail() {
        let explicit = BTreeMap::from([("Amber".to_owned(), 3), ("Red".to_owned(), 5)]);
        let r = LevelReader::new(FIVE, &explicit, "", ["Amber"].into_iter());
        assert_eq!(r.read("amber"), Ok(3));
        assert_eq!(r.read("Green"), Err(LevelError::Unknown));
        let mixed = reader(&["Likely", "Banana"]);
        assert_eq!(mixed.read("likely"), Ok(4));
        assert_eq!(mixed.read("Banana"), Err(LevelError::Unknown));
    }
}
