//! Reading control ids as people write them.

/// A control id in canonical form, tagged with the edition its shape says it belongs to.
///
/// 2022 ids have two numbers (`A.5.1`), 2013 ids three (`A.5.1.1`), so the edition is never
/// ambiguous. Parsing does not check that the control exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ControlId {
    /// `A.<theme>.<n>`, ISO/IEC 27001:2022.
    Y2022(String),
    /// `A.<clause>.<objective>.<n>`, ISO/IEC 27001:2013.
    Y2013(String),
}

impl ControlId {
    /// Parses `A.5.1`, `5.1`, `a.5.1`, ` A 5.1`, `A5.1`: any case, any spacing, the `A` and the
    /// dot after it optional. Numbers lose leading zeros (`A.05.01` is `A.5.1`).
    pub fn parse(input: &str) -> Option<Self> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let rest = compact
            .strip_prefix(['A', 'a'])
            .map(|r| r.strip_prefix('.').unwrap_or(r))
            .unwrap_or(&compact);
        let mut numbers = Vec::with_capacity(3);
        for part in rest.split('.') {
            if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            numbers.push(part.parse::<u16>().ok()?);
        }
        let joined = numbers
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(".");
        match numbers.len() {
            2 => Some(Self::Y2022(format!("A.{joined}"))),
            3 => Some(Self::Y2013(format!("A.{joined}"))),
            _ => None,
        }
    }
}
