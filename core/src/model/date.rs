//! Calendar dates as the document writes them: `YYYY-MM-DD` (ISO 8601, proleptic Gregorian).

use serde::{Deserialize, Deserializer, Serialize};
#[cfg(feature = "schema")]
use std::borrow::Cow;

/// A calendar date, `YYYY-MM-DD`. Dates order as their text does.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Date(String);

impl Date {
    /// Reads a date, checking that the day exists in that month and year.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1 && (1..=days).contains(&day)).then(|| Self(text.to_owned()))
    }

    /// The date as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Year, month and day.
    pub fn ymd(&self) -> (u16, u8, u8) {
        let part = |range: std::ops::Range<usize>| {
            self.0
                .get(range)
                .and_then(|p| p.parse::<u16>().ok())
                .unwrap_or(1)
        };
        let narrow = |n: u16| u8::try_from(n).unwrap_or(1);
        (part(0..4), narrow(part(5..7)), narrow(part(8..10)))
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The check runs inside the visitor, so an error points at the date's own position.
        struct DateVisitor;
        impl serde::de::Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Date, E> {
                Date::parse(text).ok_or_else(|| {
                    E::custom(format!(
                        "`{text}` is not a date; expected YYYY-MM-DD, for example 2026-03-31"
                    ))
                })
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A calendar date, YYYY-MM-DD."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn real_days_only() {
        for ok in ["2026-01-31", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert!(Date::parse(ok).is_some(), "{ok}");
        }
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "2026-01-01T00:00",
            "0000-01-01",
            "２０２６-01-01",
            "+202-01-01",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }
}
