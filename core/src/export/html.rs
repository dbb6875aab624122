//! One self-contained HTML page: inline CSS tuned for print on A4, no script, no external
//! resource. Every text is escaped.
//!
//! **Print.** Pages are A4 portrait; a section whose table is wide (many columns) sits on
//! landscape pages of its own (a named CSS page). Tables take the page's width with fixed column
//! widths (room for each column's longest word, and a share of the rest in proportion to the
//! column's width), and text in a cell wraps, within a word if it must, rather than
//! pushing the table past the page's edge; header rows repeat on every page and a row is not
//! split across pages. A document that is not approved carries a "draft" banner.

use super::{Report, Table, TableCell};
use std::fmt::Write;

const STYLE: &str = "\
body{font:10pt/1.35 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111;margin:2em}\
h1{font-size:16pt;margin:0 0 .6em}h2{font-size:12.5pt;margin:1.6em 0 .5em}\
p.draft{border:2px solid #b00;color:#b00;font-weight:700;padding:.3em .6em;display:inline-block}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:0}dt{font-weight:600}dd{margin:0}\
table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:8.5pt}\
th,td{border:1px solid #bbb;padding:.25em .4em;text-align:left;vertical-align:top;\
overflow-wrap:anywhere;word-break:break-word;hyphens:auto}\
th{background:#eef1f5}tbody tr:nth-child(even){background:#fafafa}\
td.n{text-align:right;font-variant-numeric:tabular-nums}\
section.wide table{font-size:7pt}\
@page{size:A4 portrait;margin:12mm}@page wide{size:A4 landscape;margin:12mm}\
@media print{body{margin:0}section.wide{page:wide}thead{display:table-header-group}\
tr{break-inside:avoid}h2{break-after:avoid}}";

pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The longest word a column's cells are given room for, in characters; longer words wrap.
const LONGEST_WORD: usize = 16;

/// How much of its width beyond its longest word a column keeps.
const SHARE: f64 = 0.35;

/// Each column's share of the page: room for its longest word (of header and cells, up to
/// [`LONGEST_WORD`]) plus a part of its width beyond that, so that narrow columns of short codes
/// are not squeezed below their words while text columns take the rest.
pub(super) fn column_weights(table: &Table) -> Vec<f64> {
    let longest = |text: &str| {
        text.split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0)
    };
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let cells = table
                .rows
                .iter()
                .filter_map(|row| row.get(i))
                .map(|cell| longest(&cell.text()))
                .max()
                .unwrap_or(0);
            let word = longest(column.header).max(cells).clamp(2, LONGEST_WORD) as f64;
            word + SHARE * (column.width - word).max(0.0)
        })
        .collect()
}

fn write_table(out: &mut String, table: &Table) {
    if table.rows.is_empty() {
        out.push_str("<p>None.</p>\n");
        return;
    }
    let weights = column_weights(table);
    let total: f64 = weights.iter().sum();
    out.push_str("<table>\n<colgroup>");
    for weight in &weights {
        let _ = write!(out, "<col style=\"width:{:.1}%\">", 100.0 * weight / total);
    }
    out.push_str("</colgroup>\n<thead><tr>");
    for column in &table.columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(column.header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for cell in row {
            let class = if matches!(cell, TableCell::Number(_)) {
                " class=\"n\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{}</td>", escape(&cell.text()));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

pub(super) fn write(report: &Report) -> String {
    let mut out = String::new();
    let title = escape(&report.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    if report.draft {
        out.push_str("<p class=\"draft\">DRAFT: not approved</p>\n");
    }
    out.push_str("<dl>\n");
    for (label, value) in &report.facts {
        if !value.is_empty() {
            let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(value));
        }
    }
    out.push_str("</dl>\n");
    for table in &report.tables {
        let class = if table.is_table() && table.is_wide() {
            " class=\"wide\""
        } else {
            ""
        };
        let _ = writeln!(out, "<section{class}>\n<h2>{}</h2>", escape(&table.heading));
        for paragraph in &table.text {
            let _ = writeln!(out, "<p>{}</p>", escape(paragraph));
        }
        if table.is_table() {
            write_table(&mut out, table);
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
