//! Document order: errors and findings are reported in the order their fields appear in a
//! document, whatever order the rules ran in.

/// The top-level fields of a document, in the order [`Document`] declares them.
const TOP: &[&str] = &[
    "schema",
    "organisation",
    "context",
    "leadership",
    "method",
    "objectives",
    "planned_changes",
    "competence",
    "documents",
    "assets",
    "risks",
    "custom_controls",
    "soa",
    "controls",
    "kpis",
    "incidents",
    "audits",
    "management_reviews",
    "nonconformities",
];

/// Sorts items by the JSON pointer `path` gives, in document order (see [`document_order`]).
///
/// The first two tokens (top-level field and index) are read once per item, so a register of
/// many thousand risks sorts without re-splitting every pointer at every comparison.
pub(super) fn sort_in_document_order<T>(items: &mut Vec<T>, path: impl Fn(&T) -> &str) {
    let mut keyed: Vec<((usize, usize, usize), T)> = items
        .drain(..)
        .map(|item| (coarse_key(path(&item)), item))
        .collect();
    keyed.sort_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| document_order(path(a), path(b))));
    items.extend(keyed.into_iter().map(|(_, item)| item));
}

/// The rank of a pointer's top-level field, then its index below it (0 before any index).
fn coarse_key(path: &str) -> (usize, usize, usize) {
    let mut tokens = path.split('/').skip(1);
    let top = tokens
        .next()
        .map_or(0, |t| TOP.iter().position(|f| *f == t).unwrap_or(TOP.len()));
    match tokens.next().map(str::parse::<usize>) {
        None => (top, 0, 0),
        Some(Ok(n)) => (top, 1, n),
        Some(Err(_)) => (top, 2, 0),
    }
}

/// Orders JSON pointers as their fields appear in a document: field order of [`Document`], then
/// array indexes numerically.
fn document_order(a: &str, b: &str) -> std::cmp::Ordering {
    // Compared token by token, without building keys: this runs for every finding.
    let rank = |depth: usize, token: &str| -> (usize, usize) {
        if depth == 0 {
            (TOP.iter().position(|t| *t == token).unwrap_or(TOP.len()), 0)
        } else {
            token.parse::<usize>().map_or((1, 0), |n| (0, n))
        }
    };
    let (mut left, mut right) = (a.split('/').skip(1), b.split('/').skip(1));
    let mut depth = 0;
    loop {
        match (left.next(), right.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = rank(depth, x).cmp(&rank(depth, y)).then_with(|| x.cmp(y));
                if order != std::cmp::Ordering::Equal {
                    return order;
                }
            }
        }
        depth += 1;
    }
}
