//! The modules of `isms-core` depend on each other one way, from data up to the api: each
//! top-level module may use only the modules listed before it in [`LAYERS`]. This test reads the
//! sources and fails on any `crate::` path (in code, not comments) that reaches a module at its
//! own level or above, so a cycle cannot creep back in.
#![allow(clippy::unwrap_used, clippy::panic, reason = "test")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The top-level modules, lowest first. A module may use those before it.
const LAYERS: &[&str] = &[
    "error",     // the error type and its codes
    "de",        // deserialisation helpers
    "catalogue", // Annex A and the crosswalk (generated tables)
    "clauses",   // the clause register (generated tables)
    "method",    // the risk method as data, the shipped presets, rating under a method
    "model",     // the ISMS document as data: its parts, methods and loss parameters as data
    "risk",      // scoring a register's risks, rerating, the starter threat catalogue
    "checks",    // document errors and findings; the checked, scored document
    "analysis",  // the scored register's analysis: heat maps, counts, treatment plan
    "soa",       // the Statement of Applicability
    "readiness", // clause readiness, mandatory documents, score and gaps
    "diff",      // what changed between two versions
    "audit",     // the internal audit checklist and the findings on the audit programme
    "review",    // the management review pack
    "quant",     // the loss simulation
    "export",    // reports and OSCAL
    "import",    // registers read from spreadsheets
    "api",       // the one surface the bindings call
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`src/risk/rerate.rs` → `risk`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_owned())
}

/// Code without `//` comments (doc links name modules without depending on them) and without
/// string literals.
fn code_of(line: &str) -> String {
    let mut code = String::new();
    let mut chars = line.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if chars.peek() == Some(&'/') => break,
            _ => code.push(c),
        }
    }
    code
}

/// The top-level modules a piece of code names after `crate::`, including those inside a
/// `use crate::{a::X, b}` group.
fn crate_paths(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `$crate::`, `isms_crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            let mut item_start = true;
            let mut ident = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if depth == 0 && item_start && (c.is_alphanumeric() || c == '_') => {
                        ident.push(c);
                    }
                    _ if depth == 0 && item_start && !ident.is_empty() => {
                        found.push(std::mem::take(&mut ident));
                        item_start = false;
                    }
                    _ => {}
                }
            }
            if !ident.is_empty() {
                found.push(ident);
            }
        } else {
            let ident: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push(ident);
        }
    }
    found
}

/// How many modules deep a source file is (`src/soa.rs` 1, `src/checks/findings/mod.rs` 2,
/// `src/checks/findings/risks.rs` 3): as many `super::` reach the crate root.
fn depth_of(src: &Path, file: &Path) -> usize {
    let relative = file.strip_prefix(src).unwrap_or(file);
    let parts = relative.components().count();
    if relative.file_name().is_some_and(|n| n == "mod.rs") {
        parts - 1
    } else {
        parts
    }
}

/// The top-level modules a piece of code names through `super::` chains that reach the crate
/// root from a file `depth` modules deep (`super::soa` in `src/diff.rs`).
fn super_paths(code: &str, depth: usize) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("super::") {
        let before = rest[..at].chars().next_back();
        let chained = rest[..at].ends_with("::");
        rest = &rest[at..];
        let mut supers = 0;
        while let Some(next) = rest.strip_prefix("super::") {
            supers += 1;
            rest = next;
        }
        let starts = !chained && !before.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if starts && supers == depth {
            found.extend(crate_paths(&format!("crate::{rest}")));
        }
    }
    found
}

/// Every upward or sideways use, as `file:line: module uses crate::other`.
fn violations(src: &Path) -> Vec<String> {
    let rank: BTreeMap<&str, usize> = LAYERS.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut files = Vec::new();
    sources(src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let Some(module) = module_of(src, &file) else {
            continue;
        };
        let Some(&own) = rank.get(module.as_str()) else {
            out.push(format!(
                "{}: module `{module}` is not in LAYERS",
                file.display()
            ));
            continue;
        };
        let depth = depth_of(src, &file);
        // A multi-line `use crate::{…}` group is read as one piece of code.
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<String> = text.lines().map(code_of).collect();
        for (i, line) in lines.iter().enumerate() {
            if line.contains("crate as ") {
                out.push(format!(
                    "{}:{}: `{module}` renames the crate, which hides what it uses",
                    file.display(),
                    i + 1
                ));
            }
            if !line.contains("crate::") && !line.contains("super::") {
                continue;
            }
            let mut code = line.clone();
            if line.trim_end().ends_with("::{") {
                for next in lines.iter().skip(i + 1) {
                    code.push_str(next);
                    if next.contains('}') && code.matches('{').count() <= code.matches('}').count()
                    {
                        break;
                    }
                }
            }
            let mut uses = crate_paths(&code);
            uses.extend(super_paths(&code, depth));
            for used in uses {
                let Some(&theirs) = rank.get(used.as_str()) else {
                    continue; // a crate-root item such as `crate::VERSION`
                };
                if used != module && theirs >= own {
                    out.push(format!(
                        "{}:{}: `{module}` uses `{used}`, which is not below it",
                        file.display(),
                        i + 1
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn modules_depend_on_lower_modules_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "upward dependencies between modules (see LAYERS in core/tests/layering.rs):\n{}",
        found.join("\n")
    );
}

#[test]
fn every_module_of_the_crate_is_layered() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    for line in lib.lines() {
        let declared = line
            .trim()
            .trim_start_matches("pub ")
            .strip_prefix("mod ")
            .map(|m| m.trim_end_matches(';'));
        if let Some(module) = declared {
            assert!(LAYERS.contains(&module), "`{module}` is not in LAYERS");
        }
    }
}

#[test]
fn the_scanner_reads_paths_and_groups() {
    assert_eq!(crate_paths("use crate::model::Document;"), ["model"]);
    assert_eq!(
        crate_paths("use crate::{catalogue::{self, ControlId}, error::Error, model};"),
        ["catalogue", "error", "model"]
    );
    assert_eq!(crate_paths("let x = crate::soa::links(doc);"), ["soa"]);
    assert!(crate_paths("macro_rules! m { () => { $crate::x } }").is_empty());
    assert_eq!(
        code_of("let s = \"crate::api\"; // crate::api"),
        "let s = ; "
    );
}
