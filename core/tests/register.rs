//! A register read for analysis (`import::read_register`) gives what the full import gives: the
//! same report, the same errors, the same document and, when its risks are held as columns, the
//! same analysis as the one computed from the built document. Checked on generated registers:
//! labels, numeric scales, missing and bad cells, duplicate ids and owners, treatments,
//! statuses, kept and computed columns, and columns that send a register through the full import.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs,
    reason = "test"
)]

use isms_core::analysis;
use isms_core::import::{self, ImportRequest};
use proptest::prelude::*;
use serde_json::{Value, json};

/// The columns a generated register may have: its header, cells that read under every shipped
/// method, and cells that may not (out of scale, unknown labels, empty titles, duplicate ids).
const COLUMNS: &[(&str, &[&str], &[&str])] = &[
    // `#` is the row's number: ids that stay unique.
    (
        "Risk ID",
        &["", "#", " X-# ", "RISK-IDENTIFIER-#"],
        &["R-1", "R-2", "R-001", " R-1 ", "RISK-IDENTIFIER-LONG"],
    ),
    (
        "Risk",
        &[
            "Data leak",
            "Outage",
            " Phishing ",
            "Fraud, internal",
            "é \"quoted\"",
        ],
        &[""],
    ),
    (
        "Description",
        &["", "Something, somewhere", "line\nbreak"],
        &[],
    ),
    (
        "Risk owner",
        &[
            "",
            "Alice",
            "Bob",
            " Alice ",
            "alice",
            "Carol",
            "(no owner)",
            "Information Security Office",
            " Information Security Office ",
        ],
        &[],
    ),
    (
        "Likelihood",
        &[
            "", "1", "2", "3", " 2 ", "3.0", "Low", "High", "Medium", "low",
        ],
        &["4", "5", "6", "0", "Rare", "Likely", "Banana"],
    ),
    (
        "Impact",
        &["", "1", "2", "3", "Low", "High", "Medium"],
        &["5", "Major", "Severe", "Minor", "9"],
    ),
    ("Residual likelihood", &["", "1", "2", "Low"], &["7"]),
    ("Residual impact", &["", "1", "3", "High"], &["5"]),
    (
        "Treatment",
        &["", "Mitigate", "Accept", "Transfer", "Avoid", "reduce"],
        &["maybe"],
    ),
    (
        "Status",
        &["", "Open", "Closed", "Accepted", "treating", "identified"],
        &["bogus"],
    ),
    ("Rationale", &["", "because"], &[]),
    ("Notes", &["", "kept text"], &[]),
    ("Risk score", &["", "12"], &[]),
    // Columns the register is not held as columns with.
    ("Asset", &["", "Laptop", "CRM"], &[]),
    ("Controls", &["", "A.5.1"], &["A.8.99"]),
    ("Treatment plan", &["", "Patch"], &[]),
    ("Accepted by", &["", "CEO"], &[]),
];

const METHODS: &[&str] = &["iso27005-5x5", "iso27005-4x4", "iso27005-3x3", "score-1-9"];

fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A register: the columns picked (indexes in `COLUMNS`, title always) and rows of picks.
fn register() -> impl Strategy<Value = (Vec<usize>, Vec<Vec<(usize, u8)>>)> {
    (
        prop::collection::vec(any::<bool>(), COLUMNS.len()),
        prop::sample::select(vec![false, false, false, true]),
    )
        .prop_flat_map(|(mut picked, odd_columns)| {
            // An impact column without a likelihood column fails every rated row.
            picked[4] |= picked[5];
            picked[6] |= picked[7];
            let columns: Vec<usize> = (0..COLUMNS.len())
                .filter(|&c| c == 1 || (picked[c] && (c < 13 || odd_columns)))
                .collect();
            let width = columns.len();
            (
                Just(columns),
                prop::collection::vec(prop::collection::vec((0usize..16, 0u8..100), width), 0..30),
            )
        })
}

fn request(method: &str, on_error: &str, existing: &str) -> ImportRequest {
    serde_json::from_value(json!({
        "kind": "risks",
        "method": method,
        "on_error": on_error,
        "existing": existing,
    }))
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn a_register_read_for_analysis_is_the_imported_register(
        (columns, rows) in register(),
        bad_cells in prop::sample::select(vec![0u8, 0, 1, 5]),
        method in 0..METHODS.len(),
        collect in any::<bool>(),
        update in any::<bool>(),
        top in 0usize..12,
        crlf in any::<bool>(),
    ) {
        let mut text = String::new();
        let newline = if crlf { "\r\n" } else { "\n" };
        let header: Vec<&str> = columns.iter().map(|&c| COLUMNS[c].0).collect();
        text.push_str(&header.join(","));
        text.push_str(newline);
        for (number, row) in rows.iter().enumerate() {
            let mut cells: Vec<String> = columns
                .iter()
                .zip(row)
                .map(|(&c, &(pick, chance))| {
                    let (_, good, bad) = COLUMNS[c];
                    let choices = if chance < bad_cells && !bad.is_empty() { bad } else { good };
                    choices[pick % choices.len()].replace('#', &number.to_string())
                })
                .collect();
            // An impact without a likelihood does not read: only in registers with bad cells.
            let at = |header: &str| columns.iter().position(|&c| COLUMNS[c].0 == header);
            for (likelihood, impact) in [("Likelihood", "Impact"), ("Residual likelihood", "Residual impact")] {
                if let (Some(l), Some(i)) = (at(likelihood), at(impact))
                    && cells[l].is_empty()
                    && row[l].1 >= bad_cells
                {
                    cells[i].clear();
                }
            }
            let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
            text.push_str(&cells.join(","));
            text.push_str(newline);
        }
        let request = request(
            METHODS[method],
            if collect { "collect" } else { "fail" },
            if update { "update" } else { "fail" },
        );
        let expected = import::read_bytes(request.clone(), text.as_bytes()).and_then(|imported| {
            isms_core::checks::score(&imported.document).map_err(|e| e.under("/document"))?;
            Ok(imported)
        });
        let read = import::read_register(request, Some(text.as_bytes()));
        match (expected, read) {
            (Err(expected), Err(read)) => prop_assert_eq!(read.to_json(), expected.to_json()),
            (Ok(expected), Ok(read)) => {
                let mut report = serde_json::to_value(&expected).unwrap();
                if let Value::Object(map) = &mut report {
                    map.remove("document");
                }
                prop_assert_eq!(serde_json::to_value(read.report()).unwrap(), report);
                prop_assert_eq!(read.len(), expected.report.imported);
                let checked = isms_core::checks::score(&expected.document).unwrap();
                for include_closed in [false, true] {
                    let analysis = analysis::analyse(&checked, top, None, include_closed).summary();
                    let same = read
                        .analysis(top, include_closed, |summary| *summary == analysis)
                        .unwrap();
                    prop_assert_eq!(same, Some(true));
                }
                prop_assert_eq!(read.document().unwrap(), &expected.document);
            }
            (expected, read) => prop_assert!(
                false,
                "the full import gave {:?}, the read {:?}",
                expected.map(|i| i.report.imported),
                read.map(|r| r.len())
            ),
        }
    }
}

#[test]
fn a_register_of_the_common_columns_is_held_as_columns() {
    let text = "Risk ID,Risk,Risk owner,Likelihood,Impact,Treatment,Status\n\
                R-1,Data leak,Alice,Likely,Major,Mitigate,Open\n\
                ,Outage,,2,3,,\n";
    let read = import::read_register(
        request("iso27005-5x5", "fail", "fail"),
        Some(text.as_bytes()),
    )
    .unwrap();
    assert!(read.is_columnar());
    assert_eq!(read.len(), 2);
    let top = read
        .analysis(10, false, |a| {
            a.top.iter().map(|r| r.id.to_owned()).collect::<Vec<_>>()
        })
        .unwrap();
    assert_eq!(top, Some(vec!["R-1".to_owned(), "R-001".to_owned()]));
    assert_eq!(read.document().unwrap().risks.len(), 2);
    assert!(!read.is_columnar());
}

#[test]
fn a_register_with_assets_or_a_bad_row_goes_through_the_full_import() {
    let assets = "Risk,Asset,Likelihood,Impact\nData leak,CRM,2,3\n";
    let read = import::read_register(
        request("iso27005-5x5", "fail", "fail"),
        Some(assets.as_bytes()),
    )
    .unwrap();
    assert!(!read.is_columnar());
    let bad = "Risk,Likelihood,Impact\nData leak,2,3\nOutage,9,3\n";
    let read = import::read_register(
        request("iso27005-5x5", "collect", "fail"),
        Some(bad.as_bytes()),
    )
    .unwrap();
    assert!(!read.is_columnar());
    assert_eq!(read.report().errors.len(), 1);
    let error = import::read_register(
        request("iso27005-5x5", "fail", "fail"),
        Some(bad.as_bytes()),
    )
    .err()
    .unwrap();
    assert_eq!(error.path, "/risks/1/inherent/likelihood");
}

/// Reads `text` both ways and checks the read is the import: the same report, analysis and
/// document; true when the read held the risks as columns.
fn read_as_imported(text: &str) -> bool {
    let request = request("iso27005-5x5", "fail", "fail");
    let expected = import::read_bytes(request.clone(), text.as_bytes());
    let read = import::read_register(request, Some(text.as_bytes()));
    let (expected, read) = match (expected, read) {
        (Err(expected), Err(read)) => {
            assert_eq!(read.to_json(), expected.to_json());
            panic!("the register does not read: {}", read.to_json());
        }
        (Ok(expected), Ok(read)) => (expected, read),
        (expected, read) => panic!(
            "the full import gave {:?}, the read {:?}",
            expected.map(|i| i.report.imported),
            read.map(|r| r.len())
        ),
    };
    let mut report = serde_json::to_value(&expected).unwrap();
    if let Value::Object(map) = &mut report {
        map.remove("document");
    }
    assert_eq!(serde_json::to_value(read.report()).unwrap(), report);
    let checked = isms_core::checks::score(&expected.document).unwrap();
    let analysis = analysis::analyse(&checked, 10, None, false).summary();
    assert_eq!(
        read.analysis(10, false, |s| *s == analysis).unwrap(),
        Some(true)
    );
    let columnar = read.is_columnar();
    assert_eq!(read.document().unwrap(), &expected.document);
    columnar
}

fn request_of(method: &str) -> ImportRequest {
    request(method, "fail", "fail")
}

/// A register large enough to be read in two halves at once, its ids made by `id` from the row.
fn large(id: impl Fn(usize) -> String) -> String {
    let mut text = String::from("Risk ID,Risk,Risk owner,Likelihood,Impact,Treatment,Status\n");
    for i in 0..50_000 {
        text.push_str(&format!(
            "{},Risk {i},Owner {},{},{},{},{}\n",
            id(i),
            i % 37,
            i % 5 + 1,
            i * 7 % 5 + 1,
            ["Mitigate", "Accept", ""][i % 3],
            ["Open", "Closed", "", "Accepted"][i % 4],
        ));
    }
    text
}

#[test]
fn a_large_register_read_in_halves_is_the_imported_register() {
    // Ids in order: held as columns.
    assert!(read_as_imported(&large(|i| format!("R-{i:06}"))));
    // Ids in order within each half, numbered again from the second: still distinct, not in
    // order across the halves.
    assert!(read_as_imported(&large(|i| format!(
        "R-{:06}{}",
        i % 25_000,
        i / 25_000
    ))));
    // Ids in order in each half and the same in both halves: duplicates, which the full import
    // reports.
    let twice = large(|i| format!("R-{:06}", i % 25_000));
    assert!(import::read_register(request_of("iso27005-5x5"), Some(twice.as_bytes())).is_err());
    // No ids: made by position.
    assert!(read_as_imported(&large(|_| String::new())));
    // A row of the second half without a title goes through the full import.
    let untitled = large(|i| format!("R-{i:06}")).replace(",Risk 40000,", ",,");
    assert!(import::read_register(request_of("iso27005-5x5"), Some(untitled.as_bytes())).is_err());
}

#[test]
fn a_register_handed_over_reads_as_one_lent() {
    let plain =
        "Risk ID,Risk,Risk owner,Likelihood,Impact\nR-1,Data leak,Alice,2,3\nR-2,Outage,Bob,4,5\n";
    let quoted = "Risk ID,Risk,Likelihood,Impact\nR-1,\"Leak, of data\",2,3\n";
    let bom = format!("\u{feff}{plain}");
    let boms = format!("\u{feff}\u{feff}\u{feff}{plain}");
    let cp1252 = b"Risk,Likelihood,Impact\nCaf\xe9 outage,2,3\n".to_vec();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(plain.encode_utf16().flat_map(u16::to_le_bytes));
    let sources: Vec<Vec<u8>> = vec![
        plain.into(),
        quoted.into(),
        bom.into(),
        boms.into(),
        cp1252,
        utf16,
        large(|i| format!("R-{i:06}")).into(),
        b"not a register".to_vec(),
        Vec::new(),
    ];
    for bytes in sources {
        let lent = import::read_register(request_of("iso27005-5x5"), Some(&bytes));
        let owned = import::read_register_owned(request_of("iso27005-5x5"), bytes.clone());
        match (lent, owned) {
            (Ok(lent), Ok(owned)) => {
                assert_eq!(
                    serde_json::to_value(owned.report()).unwrap(),
                    serde_json::to_value(lent.report()).unwrap()
                );
                assert_eq!(owned.is_columnar(), lent.is_columnar());
                let summary = |r: &import::Register| {
                    r.analysis(10, false, |s| serde_json::to_value(s).unwrap())
                        .unwrap()
                };
                assert_eq!(summary(&owned), summary(&lent));
                assert_eq!(owned.document().unwrap(), lent.document().unwrap());
            }
            (Err(lent), Err(owned)) => assert_eq!(owned.to_json(), lent.to_json()),
            (lent, owned) => panic!("{:?} / {:?}", lent.is_ok(), owned.is_ok()),
        }
    }
}
