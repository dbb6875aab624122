//! Which field a column fills, scored from its header and from its content.
//!
//! - **Header.** A header is cut into words ([`header_key`]); each name a field is known by
//!   (`Likelihood`, `Risk owner`, …, see [`super::fields`]) is matched word by word, in any order,
//!   a word matching when it is equal, a plural, a prefix of four letters or more (`proba`,
//!   `conf`) or a misspelling of one or two letters in a long word (`Liklihood`). Words that
//!   only say *when* (`inherent`, `raw`, `current`, `residual`, `target`, `after`, …) are set
//!   aside: they tell inherent ratings from residual ones, also from a group header above
//!   (`RESIDUAL RISK` over `LIKELIHOOD`). Header words a name does not explain lower its score.
//! - **Content.** The first rows of the column are profiled: how many cells are numbers and in
//!   what range, scale labels, control ids, dates, treatment and status words, long text, and
//!   how many are distinct. A rating field wants numbers or labels, a title wants text, an id
//!   wants short distinct values; a column whose content does not fit a field loses most of its
//!   header score (a free-text `Impact` column beside a numeric `Raw impact`).
//!
//! A column's confidence for a field is its header score weighed by how well its content fits.
//! Fields are given to columns greedily, the most confident pair first, each field and column
//! once (score and band columns may be many).

use super::Field;
use super::fields::{header_key, option_and_status};
use super::scale::{grade_of, leading_number};

/// Words that say when a rating applies: before treatment.
const INHERENT_WORDS: &[&str] = &[
    "inherent",
    "initial",
    "gross",
    "raw",
    "before",
    "pre",
    "untreated",
    "original",
];

/// Words that say a rating is as it stands now: residual beside an inherent rating of the same
/// kind, inherent otherwise.
const CURRENT_WORDS: &[&str] = &["current", "existing", "present", "actual"];

/// Words that say when a rating applies: after treatment.
const RESIDUAL_WORDS: &[&str] = &[
    "residual",
    "target",
    "revised",
    "after",
    "post",
    "net",
    "treated",
    "remaining",
    "future",
    "expected",
];

/// Words that say a column sums up others (`Max Impact` beside `Impact Financial`): a header
/// with one is the field itself, not a part of it.
const AGGREGATE_WORDS: &[&str] = &["max", "maximum", "overall", "highest", "worst", "combined"];

/// Words that carry no meaning in a header.
const STOP_WORDS: &[&str] = &["of", "the", "a", "an", "for", "to", "in", "and"];

/// What a header says, in words.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct HeaderWords {
    /// The words that name the field (markers and stop words set aside).
    pub words: Vec<String>,
    /// Every word but stop words, markers included (for fields that are not ratings).
    pub all: Vec<String>,
    /// A word says the rating is residual.
    pub residual: bool,
    /// A word says the rating is inherent.
    pub inherent: bool,
    /// A word says the rating is as it stands now.
    pub current: bool,
}

impl HeaderWords {
    /// The words of a header (with its group header, if any, before it).
    pub(crate) fn of(header: &str) -> Self {
        let mut out = Self::default();
        for word in header_key(header).split(' ').filter(|w| !w.is_empty()) {
            if !STOP_WORDS.contains(&word) {
                out.all.push(word.to_owned());
            }
            if RESIDUAL_WORDS.contains(&word) {
                out.residual = true;
            } else if INHERENT_WORDS.contains(&word) {
                out.inherent = true;
            } else if CURRENT_WORDS.contains(&word) {
                out.current = true;
            } else if !STOP_WORDS.contains(&word) {
                out.words.push(word.to_owned());
            }
        }
        // A header that is one stop word (`A` for availability) is that word.
        let key = header_key(header);
        if out.words.is_empty() && STOP_WORDS.contains(&key.as_str()) {
            out.words.push(key.clone());
            out.all.push(key);
        }
        out
    }
}

/// Levenshtein distance of two short words, at most `limit + 1`.
fn distance(a: &[u8], b: &[u8], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    // Rows of up to 32 cells on the stack (header words are short), longer ones on the heap.
    const SHORT: usize = 32;
    let (mut previous_short, mut current_short) = ([0usize; SHORT], [0usize; SHORT]);
    let (mut previous_long, mut current_long) = (Vec::new(), Vec::new());
    let (mut previous, mut current): (&mut [usize], &mut [usize]) =
        if let (Some(previous), Some(current)) = (
            previous_short.get_mut(..=b.len()),
            current_short.get_mut(..=b.len()),
        ) {
            (previous, current)
        } else {
            previous_long.resize(b.len() + 1, 0);
            current_long.resize(b.len() + 1, 0);
            (&mut previous_long, &mut current_long)
        };
    for (j, slot) in previous.iter_mut().enumerate() {
        *slot = j;
    }
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = current.first_mut() {
            *first = i + 1;
        }
        let mut best = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let value = (previous
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(cost))
            .min(
                previous
                    .get(j + 1)
                    .copied()
                    .unwrap_or(usize::MAX)
                    .saturating_add(1),
            )
            .min(
                current
                    .get(j)
                    .copied()
                    .unwrap_or(usize::MAX)
                    .saturating_add(1),
            );
            if let Some(slot) = current.get_mut(j + 1) {
                *slot = value;
            }
            best = best.min(value);
        }
        if best > limit {
            return limit + 1;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().unwrap_or(limit + 1)
}

/// How well a header word matches a word of a known name: 1 when equal (or a plural), less for a
/// prefix or a misspelling, 0 otherwise.
pub(crate) fn word_match(header: &str, name: &str) -> f64 {
    if header == name {
        return 1.0;
    }
    fn singular(w: &str) -> &str {
        w.strip_suffix('s').unwrap_or(w)
    }
    if header.len() > 3 && name.len() > 3 && singular(header) == singular(name) {
        return 1.0;
    }
    if header.len() >= 4 && name.starts_with(header) {
        return 0.8;
    }
    let shorter = header.len().min(name.len());
    if shorter >= 5 && distance(header.as_bytes(), name.as_bytes(), 1) <= 1 {
        return 0.85;
    }
    if shorter >= 8 && distance(header.as_bytes(), name.as_bytes(), 2) <= 2 {
        return 0.7;
    }
    0.0
}

/// The words of a known name (already a [`header_key`]) that are matched against a header's.
/// Marker words in a rating's names say when; in other names (`target date`) they are words. A
/// name that is one stop word (`a` for availability) is that word.
fn name_words(name: &str, rating: bool) -> Vec<&str> {
    let words: Vec<&str> = name
        .split(' ')
        .filter(|w| {
            !w.is_empty()
                && !STOP_WORDS.contains(w)
                && (!rating
                    || !INHERENT_WORDS.contains(w)
                        && !RESIDUAL_WORDS.contains(w)
                        && !CURRENT_WORDS.contains(w))
        })
        .collect();
    if words.is_empty() { vec![name] } else { words }
}

/// How well a header's words match a known name of `count` words: the share of the name's words
/// found, lowered for each header word the name does not explain. `matches(k, i)` is how well
/// name word `k` matches header word `i` ([`word_match`]); `single`: every name word is one
/// letter; `strict`: header words the name does not explain count more.
fn words_score(
    header_words: &[String],
    count: usize,
    single: bool,
    strict: bool,
    matches: impl Fn(usize, usize) -> f64,
) -> f64 {
    if count == 0 || header_words.is_empty() {
        return 0.0;
    }
    // The header words matched so far, as bits (words past the 64th are never matched).
    let mut used = 0u64;
    let is_used = |used: u64, i: usize| i >= 64 || used >> i & 1 == 1;
    let mut found = 0.0;
    let mut matched = 0;
    for k in 0..count {
        let mut best = (0.0, None);
        for i in 0..header_words.len() {
            if is_used(used, i) {
                continue;
            }
            let m = matches(k, i);
            if m > best.0 {
                best = (m, Some(i));
            }
        }
        if let (m, Some(i)) = best {
            found += m;
            matched += 1;
            used |= 1 << i;
        }
    }
    let coverage = found / count as f64;
    // Single-letter names (`L`, `I`, `C`) only match a header of that one letter.
    if single && header_words.len() != 1 {
        return 0.0;
    }
    // Words the name does not explain lower the score; `risk`, which a risk register's headers
    // are full of, barely.
    let penalty: f64 = header_words
        .iter()
        .enumerate()
        .filter(|(i, _)| !is_used(used, *i) || *i >= 64)
        .map(|(_, w)| {
            if w == "risk" || w == "risks" {
                0.95
            } else if AGGREGATE_WORDS.contains(&w.as_str()) {
                // `Max Impact` is the impact, before `Impact Financial`.
                0.98
            } else if strict {
                0.5
            } else {
                0.8
            }
        })
        .product();
    let complete = if matched < count { 0.35 } else { 1.0 };
    coverage * complete * penalty
}

/// [`words_score`] of a header and a known name, word by word.
#[cfg(test)]
fn name_score(header: &HeaderWords, name: &str, rating: bool, strict: bool) -> f64 {
    let words = name_words(name, rating);
    let header_words = if rating { &header.words } else { &header.all };
    words_score(
        header_words,
        words.len(),
        words.iter().all(|w| w.len() == 1),
        strict,
        |k, i| match (words.get(k), header_words.get(i)) {
            (Some(name_word), Some(word)) => word_match(word, name_word),
            _ => 0.0,
        },
    )
}

/// The rating fields, with their residual counterparts.
const RESIDUAL_OF: &[(Field, Field)] = &[
    (Field::Likelihood, Field::ResidualLikelihood),
    (Field::Impact, Field::ResidualImpact),
];

/// Whether a field's names are matched as a rating's (marker words set aside), and strictly.
fn rating_and_strict(field: Field) -> (bool, bool) {
    (
        matches!(field, Field::Likelihood | Field::Impact | Field::Computed),
        field == Field::Computed,
    )
}

/// Scores of one header for every field of a register: (field, score), best first, those above
/// a floor only. Reads each name word by word; [`NameIndex::scores`] gives the same faster.
#[cfg(test)]
pub(crate) fn header_scores(headers: &[(Field, &[&str])], header: &str) -> Vec<(Field, f64)> {
    let words = HeaderWords::of(header);
    field_scores(headers, &words, |entry| {
        let Some((field, names)) = headers.get(entry) else {
            return 0.0;
        };
        let (rating, strict) = rating_and_strict(*field);
        names
            .iter()
            .map(|n| name_score(&words, n, rating, strict))
            .fold(0.0, f64::max)
    })
}

/// The scores of a header for every field of `headers`, from `best(entry)`, the best score of
/// the names of `headers[entry]`: (field, score), best first, those above a floor only.
fn field_scores(
    headers: &[(Field, &[&str])],
    words: &HeaderWords,
    mut best: impl FnMut(usize) -> f64,
) -> Vec<(Field, f64)> {
    let mut scores: Vec<(Field, f64)> = Vec::new();
    for (entry, (field, _)) in headers.iter().enumerate() {
        // Residual fields are scored through their inherent counterparts, by the marker words.
        if RESIDUAL_OF.iter().any(|(_, r)| r == field) {
            continue;
        }
        let best = best(entry);
        if best <= 0.3 {
            continue;
        }
        match RESIDUAL_OF.iter().find(|(i, _)| i == field) {
            Some((_, residual)) if words.residual => {
                scores.push((*residual, best));
                scores.push((*field, best * 0.5));
            }
            Some(_) if words.inherent => scores.push((*field, best)),
            Some((_, residual)) if words.current => {
                scores.push((*field, best * 0.9));
                scores.push((*residual, best * 0.9));
            }
            Some((_, residual)) => {
                scores.push((*field, best));
                scores.push((*residual, best * 0.5));
            }
            // A header that says inherent or residual names a rating or a score, not a text.
            None if (words.residual || words.inherent)
                && matches!(
                    field,
                    Field::Title
                        | Field::Name
                        | Field::Description
                        | Field::Owner
                        | Field::Threat
                        | Field::Vulnerability
                        | Field::Assets
                        | Field::Id
                ) =>
            {
                scores.push((*field, best * 0.6));
            }
            None => scores.push((*field, best)),
        }
    }
    // A score or band column under a residual or inherent marker stays a score column.
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    scores
}

/// The names a register's fields are known by, cut into words once, with the names each word
/// is in. A header is scored only against the names that share a word with it (by
/// [`word_match`]): a name that shares none scores 0.
#[derive(Debug)]
pub(crate) struct NameIndex {
    headers: &'static [(Field, &'static [&'static str])],
    /// The distinct words of the names.
    vocabulary: Vec<&'static str>,
    names: Vec<IndexedName>,
    /// For each word of `vocabulary`, the names (indices in `names`) it is in.
    containing: Vec<Vec<u32>>,
}

/// A known name as words of a [`NameIndex`]'s vocabulary.
#[derive(Debug)]
struct IndexedName {
    /// Its field's index in the headers.
    entry: usize,
    words: Vec<u32>,
    /// Every word is one letter.
    single: bool,
    rating: bool,
    strict: bool,
}

/// How well a header word matches the words of a [`NameIndex`]'s vocabulary: (word, score) for
/// each word it matches.
pub(crate) type WordMatches = Vec<(u32, f64)>;

impl NameIndex {
    pub(crate) fn of(headers: &'static [(Field, &'static [&'static str])]) -> Self {
        let mut index = Self {
            headers,
            vocabulary: Vec::new(),
            names: Vec::new(),
            containing: Vec::new(),
        };
        let mut ids: foldhash::HashMap<&str, u32> = foldhash::HashMap::default();
        for (entry, (field, names)) in headers.iter().enumerate() {
            if RESIDUAL_OF.iter().any(|(_, r)| r == field) {
                continue;
            }
            let (rating, strict) = rating_and_strict(*field);
            for name in *names {
                let words = name_words(name, rating);
                let n = u32::try_from(index.names.len()).unwrap_or(u32::MAX);
                let mut ids_of = Vec::with_capacity(words.len());
                for word in &words {
                    let id = *ids.entry(word).or_insert_with(|| {
                        index.vocabulary.push(word);
                        index.containing.push(Vec::new());
                        u32::try_from(index.vocabulary.len() - 1).unwrap_or(u32::MAX)
                    });
                    if let Some(names) = index.containing.get_mut(id as usize)
                        && names.last() != Some(&n)
                    {
                        names.push(n);
                    }
                    ids_of.push(id);
                }
                index.names.push(IndexedName {
                    entry,
                    single: words.iter().all(|w| w.len() == 1),
                    words: ids_of,
                    rating,
                    strict,
                });
            }
        }
        index
    }

    /// The words of the vocabulary a header word matches, with how well.
    fn matches(&self, word: &str) -> WordMatches {
        self.vocabulary
            .iter()
            .zip(0u32..)
            .filter_map(|(name_word, id)| {
                let m = word_match(word, name_word);
                (m > 0.0).then_some((id, m))
            })
            .collect()
    }

    /// The scores of a header for every field, as [`header_scores`] gives them; `matches` keeps
    /// [`Self::matches`] of each header word met, for the headers after it.
    pub(crate) fn scores(
        &self,
        words: &HeaderWords,
        matches: &mut foldhash::HashMap<String, WordMatches>,
    ) -> Vec<(Field, f64)> {
        // Every header word, markers included: a rating's words are among them.
        for word in &words.all {
            if !matches.contains_key(word) {
                matches.insert(word.clone(), self.matches(word));
            }
        }
        let matches = &*matches;
        let of = |word: &String| matches.get(word).map(Vec::as_slice).unwrap_or_default();
        let mut best = vec![0.0f64; self.headers.len()];
        let mut seen = vec![false; self.names.len()];
        for word in &words.all {
            for (id, _) in of(word) {
                for n in self.containing.get(*id as usize).into_iter().flatten() {
                    let (Some(seen), Some(name)) =
                        (seen.get_mut(*n as usize), self.names.get(*n as usize))
                    else {
                        continue;
                    };
                    if std::mem::replace(seen, true) {
                        continue;
                    }
                    let header_words = if name.rating {
                        &words.words
                    } else {
                        &words.all
                    };
                    let score = words_score(
                        header_words,
                        name.words.len(),
                        name.single,
                        name.strict,
                        |k, i| {
                            let (Some(id), Some(word)) = (name.words.get(k), header_words.get(i))
                            else {
                                return 0.0;
                            };
                            of(word)
                                .iter()
                                .find(|(w, _)| w == id)
                                .map_or(0.0, |(_, m)| *m)
                        },
                    );
                    if let Some(b) = best.get_mut(name.entry) {
                        *b = b.max(score);
                    }
                }
            }
        }
        field_scores(self.headers, words, |entry| {
            best.get(entry).copied().unwrap_or_default()
        })
    }
}

/// What the first cells of a column hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Profile {
    /// Cells with text.
    pub filled: usize,
    /// Cells that are numbers (or start with one: `3 - Possible`).
    pub numbers: usize,
    /// The smallest and largest of them.
    pub min: f64,
    pub max: f64,
    /// Numbers with a fraction.
    pub fractions: usize,
    /// Scale words (`Low`, `Likely`, `Severe`, …).
    pub labels: usize,
    /// Per-property ratings (`C=3, I=3, A=2`).
    pub properties: usize,
    /// Cells holding a control id.
    pub controls: usize,
    /// Dates.
    pub dates: usize,
    /// Treatment option words.
    pub treatments: usize,
    /// Risk status words.
    pub statuses: usize,
    /// Cells of more than 40 characters.
    pub long: usize,
    /// Distinct texts.
    pub distinct: usize,
    /// Total characters.
    pub chars: usize,
}

/// Rows profiled per column.
pub(crate) const PROFILE_ROWS: usize = 400;

impl Profile {
    /// Profiles the cells of a column (the first [`PROFILE_ROWS`] non-empty ones). Each distinct
    /// text is read once.
    pub(crate) fn of<'t>(cells: impl Iterator<Item = &'t str>) -> Self {
        let mut p = Profile {
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            ..Self::default()
        };
        let mut read: foldhash::HashMap<&str, Profile> = foldhash::HashMap::default();
        for cell in cells
            .map(str::trim)
            .filter(|c| !c.is_empty() && !super::rows::is_blank(c))
            .take(PROFILE_ROWS)
        {
            let one = match read.entry(cell) {
                std::collections::hash_map::Entry::Occupied(one) => one.into_mut(),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    p.distinct += 1;
                    slot.insert(Self::one(cell))
                }
            };
            p.add(one);
        }
        if p.numbers == 0 {
            p.min = 0.0;
            p.max = 0.0;
        }
        p
    }

    /// The profile of one cell (its `distinct` left 0).
    fn one(cell: &str) -> Self {
        let chars = cell.chars().count();
        let mut p = Profile {
            filled: 1,
            chars,
            long: usize::from(chars > 40),
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            ..Self::default()
        };
        if looks_like_date(cell) {
            p.dates = 1;
            return p;
        }
        if let Some(n) = number(cell) {
            p.numbers = 1;
            p.min = n;
            p.max = n;
            p.fractions = usize::from(n.fract() != 0.0);
            p.controls = usize::from(looks_like_control(cell));
            return p;
        }
        if super::scale::properties(cell).is_some() {
            p.properties = 1;
        } else if grade_of(cell).is_some() {
            p.labels = 1;
        }
        p.controls = usize::from(looks_like_control(cell));
        let (treatment, status) = option_and_status(cell);
        p.treatments = usize::from(treatment.is_some());
        p.statuses = usize::from(status.is_some());
        p
    }

    /// Adds the counts of `other`, and widens the range by its.
    fn add(&mut self, other: &Self) {
        self.filled += other.filled;
        self.numbers += other.numbers;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.fractions += other.fractions;
        self.labels += other.labels;
        self.properties += other.properties;
        self.controls += other.controls;
        self.dates += other.dates;
        self.treatments += other.treatments;
        self.statuses += other.statuses;
        self.long += other.long;
        self.chars += other.chars;
    }

    fn share(&self, n: usize) -> f64 {
        if self.filled == 0 {
            0.0
        } else {
            (n as f64 / self.filled as f64).min(1.0)
        }
    }

    /// True when the content is plainly not what the field holds: sentences in a rating column,
    /// no control id in a controls column, no date in a date column (three cells or more).
    pub(crate) fn contradicts(&self, field: Field) -> bool {
        match field {
            f if f.is_rating() => self.long * 2 > self.filled,
            Field::Controls => self.filled >= 3 && self.controls == 0,
            Field::Due | Field::AcceptedOn | Field::AcceptanceExpires => {
                self.filled >= 3 && self.dates == 0
            }
            _ => false,
        }
    }

    /// How well the content fits a field: 0 (not at all) to 1; 0.5 when nothing is known.
    pub(crate) fn fit(&self, field: Field) -> f64 {
        if self.filled == 0 {
            return 0.5;
        }
        let ratings = self.share(self.numbers + self.labels + self.properties);
        let text = 1.0 - self.share(self.numbers + self.dates);
        let mean = self.chars as f64 / self.filled as f64;
        match field {
            f if f.is_rating() => {
                let small = self.numbers == 0 || self.max <= 100.0;
                if small { ratings } else { ratings * 0.2 }
            }
            Field::Computed => ratings.max(0.3),
            Field::Title | Field::Name => {
                let distinct = self.share(self.distinct);
                text * (0.5 + 0.5 * distinct)
            }
            Field::Description | Field::Plan | Field::Rationale => {
                if mean > 15.0 {
                    text
                } else {
                    text * 0.6
                }
            }
            Field::Threat | Field::Vulnerability | Field::Location | Field::Owner => {
                text * (1.0 - self.share(self.labels) * 0.5)
            }
            Field::ActionOwner | Field::AcceptedBy => text,
            Field::Id => {
                let distinct = self.share(self.distinct);
                let short = if mean <= 20.0 { 1.0 } else { 0.3 };
                distinct * short
            }
            // A column of control names in words (`EDR`, `nightly backups`) is not a column of
            // Annex A references: kept as it is rather than failing every row.
            Field::Controls => {
                let share = self.share(self.controls);
                if share < 0.3 { 0.0 } else { share }
            }
            Field::Due | Field::AcceptedOn | Field::AcceptanceExpires => {
                self.share(self.dates).max(0.2)
            }
            Field::Treatment => {
                self.share(self.treatments)
                    .max(if mean > 25.0 { 0.2 } else { 0.4 })
            }
            Field::Status => self.share(self.statuses + self.treatments).max(0.4),
            Field::RtoHours | Field::RpoHours => self.share(self.numbers).max(0.3),
            _ => 0.5,
        }
    }
}

/// A number, or a number at the start of a label (`3 - Possible`), also decimal (`0.4`).
pub(crate) fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Ok(n) = t.parse::<f64>() {
        return n.is_finite().then_some(n);
    }
    // A decimal comma (`0,4`), as European spreadsheets write it.
    if let Some((whole, fraction)) = t.split_once(',')
        && !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && let Ok(n) = format!("{whole}.{fraction}").parse::<f64>()
    {
        return Some(n);
    }
    if let Some(t) = t.strip_suffix('%')
        && let Ok(n) = t.trim().parse::<f64>()
    {
        return n.is_finite().then_some(n / 100.0);
    }
    leading_number(t).map(f64::from)
}

/// True for a cell that holds an Annex A control id (`A.8.7`, `8.7`, `A.12.2.1`).
pub(crate) fn looks_like_control(text: &str) -> bool {
    super::controls::control_ids(text).next().is_some()
}

/// True for `YYYY-MM-DD`, `DD/MM/YYYY` and the like.
pub(crate) fn looks_like_date(text: &str) -> bool {
    super::rows::parse_date(text).is_some()
}

/// Gives fields to columns, most confident pair first, each field once and each column once
/// (except score columns). `scores[c]` are column `c`'s (field, confidence).
pub(crate) fn assign(scores: &[Vec<(Field, f64)>], floor: f64) -> Vec<Option<(Field, f64)>> {
    let mut pairs: Vec<(usize, Field, f64)> = scores
        .iter()
        .enumerate()
        .flat_map(|(c, s)| s.iter().map(move |(f, v)| (c, *f, *v)))
        .filter(|(_, _, v)| *v >= floor)
        .collect();
    pairs.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut out: Vec<Option<(Field, f64)>> = vec![None; scores.len()];
    let mut taken = [false; Field::COUNT];
    for (c, field, v) in pairs {
        let Some(slot) = out.get_mut(c) else { continue };
        if slot.is_some() {
            continue;
        }
        let done = taken.get(field as usize).copied().unwrap_or(true);
        if done && field != Field::Computed {
            continue;
        }
        *slot = Some((field, v));
        if let Some(t) = taken.get_mut(field as usize) {
            *t = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fields::{ASSET_HEADERS, RISK_HEADERS};
    use super::*;

    fn best(header: &str) -> Option<Field> {
        header_scores(RISK_HEADERS, header).first().map(|(f, _)| *f)
    }

    #[test]
    fn headers_as_people_write_them() {
        assert_eq!(best("Liklihood"), Some(Field::Likelihood));
        assert_eq!(best("Raw probability"), Some(Field::Likelihood));
        assert_eq!(best("current_proba"), Some(Field::Likelihood));
        assert_eq!(best("Possibility of occurrence"), Some(Field::Likelihood));
        assert_eq!(best("Risk\nOwner "), Some(Field::Owner));
        assert_eq!(best("Owner of the risk"), Some(Field::Owner));
        assert_eq!(best("Risk Description"), Some(Field::Description));
        assert_eq!(
            best("RESIDUAL RISK LIKELIHOOD"),
            Some(Field::ResidualLikelihood)
        );
        assert_eq!(best("INHERENT RISK IMPACT"), Some(Field::Impact));
        assert_eq!(
            best("Likelihood (after treatment)"),
            Some(Field::Likelihood)
        );
        assert_eq!(best("Target likelihood"), Some(Field::ResidualLikelihood));
        assert_eq!(best("Residual Risk Score"), Some(Field::Computed));
        assert_eq!(best("INHERENT RISK RISK"), Some(Field::Computed));
        assert_eq!(best("Colour"), None);
        let asset = |h: &str| header_scores(ASSET_HEADERS, h).first().map(|(f, _)| *f);
        assert_eq!(asset("Asset Type"), Some(Field::Type));
        assert_eq!(asset("C"), Some(Field::Confidentiality));
        assert_eq!(asset("Criticality"), Some(Field::Valuation));
        assert_eq!(
            asset("Information classification"),
            Some(Field::Classification)
        );
    }

    /// Headers as registers write them, built from every known name: as it is, with a marker
    /// word, misspelt, cut to a prefix, two names together, under a group header, and cells of
    /// data.
    fn header_variants(headers: &[(Field, &[&str])]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let names: Vec<&str> = headers
            .iter()
            .flat_map(|(_, n)| n.iter().copied())
            .collect();
        for (k, name) in names.iter().enumerate() {
            out.push((*name).to_owned());
            out.push(name.to_uppercase());
            for marker in ["Residual", "inherent", "Current", "Max", "raw", "the"] {
                out.push(format!("{marker} {name}"));
            }
            if name.len() > 5 {
                let mid = name.len() / 2;
                out.push(format!(
                    "{}{}",
                    name.get(..mid).unwrap_or(""),
                    name.get(mid + 1..).unwrap_or("")
                ));
                out.push(name.get(..5).unwrap_or("").to_owned());
            }
            if let Some(other) = names.get((k * 7 + 3) % names.len()) {
                out.push(format!("{name} {other}"));
                out.push(format!("RESIDUAL RISK / {other} ({name})"));
            }
        }
        out.extend(
            [
                "",
                "Risk",
                "R-000123",
                "Risk scenario 12 affecting operations",
                "Owner 7",
                "3",
                "Very High ",
                "A.8.7 Protection against malware",
                "Notes:",
                "Colour",
                "#",
                "a",
                "C",
                "I A",
                "Wahrscheinlichkeit",
                "Pravděpodobnost",
                "risk risk risk",
                "one two three four five six seven eight nine ten eleven twelve",
            ]
            .map(str::to_owned),
        );
        out
    }

    #[test]
    fn the_name_index_scores_as_each_name_read_word_by_word() {
        use super::super::fields::SOA_HEADERS;
        for headers in [RISK_HEADERS, ASSET_HEADERS, SOA_HEADERS] {
            let index = NameIndex::of(headers);
            let mut matches = foldhash::HashMap::default();
            for header in header_variants(headers) {
                let words = HeaderWords::of(&header);
                assert_eq!(
                    index.scores(&words, &mut matches),
                    header_scores(headers, &header),
                    "{header:?}"
                );
            }
        }
    }

    #[test]
    fn words_match_plurals_prefixes_and_misspellings() {
        assert_eq!(word_match("likelihood", "likelihood"), 1.0);
        assert_eq!(word_match("controls", "control"), 1.0);
        assert!(word_match("proba", "probability") > 0.7);
        assert!(word_match("liklihood", "likelihood") > 0.8);
        assert!(word_match("likelyhood", "likelihood") > 0.8);
        assert_eq!(word_match("risk", "disk"), 0.0);
        assert_eq!(word_match("pro", "probability"), 0.0);
        assert_eq!(distance(b"kitten", b"sitting", 3), 3);
    }

    #[test]
    fn content_decides_between_a_text_and_a_number_column() {
        let text =
            Profile::of(["Loss of customer data and fines", "Service down for a day"].into_iter());
        let numbers = Profile::of(["3", "4", "2"].into_iter());
        assert!(text.fit(Field::Impact) < 0.1);
        assert!(numbers.fit(Field::Impact) > 0.9);
        assert!(numbers.fit(Field::Title) < 0.1);
        let ids = Profile::of(["R-1", "R-2", "R-3"].into_iter());
        assert!(ids.fit(Field::Id) > 0.9);
    }

    #[test]
    fn assignment_gives_each_field_once() {
        let scores = vec![
            vec![(Field::Impact, 0.3), (Field::Description, 0.2)],
            vec![(Field::Impact, 0.9)],
            vec![(Field::Computed, 0.8)],
            vec![(Field::Computed, 0.7)],
        ];
        let out = assign(&scores, 0.25);
        assert_eq!(out.first().copied().flatten(), None);
        assert_eq!(
            out.get(1).copied().flatten().map(|p| p.0),
            Some(Field::Impact)
        );
        assert_eq!(
            out.get(3).copied().flatten().map(|p| p.0),
            Some(Field::Computed)
        );
    }
}
