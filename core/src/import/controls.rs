//! Control cells as registers write them: ids with or without `A.` (`A.8.7`, `8.7`), with their
//! titles after them (`A.8.7 Protection against malware`), several in one cell with any
//! separator, or a control's title alone.

use crate::catalogue::{self, Control};
use crate::error::Result;

/// The candidate control ids in a cell, in order: `A.8.7`, `a 8.7`, `8.7`, `A.12.2.1`.
pub(crate) fn control_ids(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let start = i;
            // An optional `A` (or `A.`/`A `) before the numbers, starting a word.
            let mut j = i;
            let word_start = i == 0
                || !bytes
                    .get(i - 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.');
            if !word_start {
                i += 1;
                continue;
            }
            if bytes.get(j).is_some_and(|b| b.eq_ignore_ascii_case(&b'a')) {
                j += 1;
                if bytes.get(j).is_some_and(|b| *b == b'.' || *b == b' ') {
                    j += 1;
                }
            }
            let numbers_start = j;
            let mut parts = 0;
            loop {
                let digits = bytes
                    .get(j..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                if digits == 0 || digits > 2 {
                    break;
                }
                j += digits;
                parts += 1;
                if bytes.get(j) == Some(&b'.') && bytes.get(j + 1).is_some_and(u8::is_ascii_digit) {
                    j += 1;
                } else {
                    break;
                }
            }
            let ends_word = !bytes.get(j).is_some_and(|b| b.is_ascii_alphanumeric());
            if (parts == 2 || parts == 3) && ends_word && j > numbers_start {
                i = j;
                let candidate = text.get(start..j).unwrap_or_default();
                if catalogue::resolve(candidate, "").is_ok()
                    || catalogue::resolve_2013(candidate, "").is_ok()
                {
                    return Some(candidate);
                }
                continue;
            }
            i = start + 1;
        }
        None
    })
}

/// The control a title names (`Protection against malware`), in any case.
pub(crate) fn by_title(text: &str) -> Option<&'static Control> {
    let key = super::fields::header_key(text);
    catalogue::controls()
        .iter()
        .find(|c| super::fields::header_key(c.title) == key)
}

/// Each control a cell names, resolved, in order: `Ok` with the control, or the error of an item
/// that names none (with its position).
pub(crate) fn read_cell(text: &str) -> Vec<(usize, Result<&'static Control>)> {
    let ids: Vec<&str> = control_ids(text).collect();
    if !ids.is_empty() {
        return ids
            .into_iter()
            .enumerate()
            .map(|(k, id)| (k, catalogue::resolve(id, "")))
            .collect();
    }
    super::rows::split_list(Some(text))
        .enumerate()
        .map(|(k, item)| {
            (
                k,
                by_title(item)
                    .ok_or(())
                    .or_else(|()| catalogue::resolve(item, "")),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_with_titles_and_separators() {
        let ids: Vec<&str> =
            control_ids("A.8.7 Protection against malware; 5.1 Policies / A.12.2.1\nA 8.13")
                .collect();
        assert_eq!(ids, ["A.8.7", "5.1", "A.12.2.1", "A 8.13"]);
        assert_eq!(control_ids("2026-03-31").count(), 0);
        assert_eq!(control_ids("0.5").count(), 0);
        assert_eq!(control_ids("version 1.2.3.4").count(), 0);
        let read =
            read_cell("A.8.7 Protection against malware, A.5.1 Policies for information security");
        let got: Vec<&str> = read
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok().map(|c| c.id))
            .collect();
        assert_eq!(got, ["A.8.7", "A.5.1"]);
        let titled = read_cell("Protection against malware");
        assert_eq!(
            titled
                .first()
                .and_then(|(_, r)| r.as_ref().ok())
                .map(|c| c.id),
            Some("A.8.7")
        );
        assert!(
            read_cell("Firewalls")
                .first()
                .is_some_and(|(_, r)| r.is_err())
        );
    }
}
