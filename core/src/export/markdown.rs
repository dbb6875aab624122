//! Markdown (GitHub-flavoured pipe tables). Text is escaped so that nothing a user typed becomes
//! markup: Markdown punctuation and HTML's angle brackets are backslash-escaped, line breaks in a
//! cell become spaces. A document that is not approved says so under its title.

use super::Report;
use std::fmt::Write;

pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

pub(super) fn write(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&report.title));
    if report.draft {
        out.push_str("**DRAFT: not approved**\n\n");
    }
    for (label, value) in &report.facts {
        if !value.is_empty() {
            let _ = writeln!(out, "- **{label}:** {}", escape(value));
        }
    }
    for table in &report.tables {
        let _ = writeln!(out, "\n## {}", escape(&table.heading));
        for paragraph in &table.text {
            let _ = writeln!(out, "\n{}", escape(paragraph));
        }
        if !table.is_table() {
            continue;
        }
        out.push('\n');
        if table.rows.is_empty() {
            out.push_str("None.\n");
            continue;
        }
        out.push('|');
        for column in &table.columns {
            let _ = write!(out, " {} |", column.header);
        }
        out.push_str("\n|");
        for _ in &table.columns {
            out.push_str(" --- |");
        }
        out.push('\n');
        for row in &table.rows {
            out.push('|');
            for cell in row {
                let _ = write!(out, " {} |", escape(&cell.text()));
            }
            out.push('\n');
        }
    }
    out
}
