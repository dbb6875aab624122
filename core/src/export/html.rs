//! One self-contained HTML page: inline CSS tuned for print (landscape A4, repeated table
//! headers, no row split across pages), no script, no external resource. Every text is escaped.

use super::Report;
use std::fmt::Write;

const STYLE: &str = "\
body{font:10pt/1.35 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#111;margin:2em}\
h1{font-size:16pt;margin:0 0 .6em}h2{font-size:12.5pt;margin:1.6em 0 .5em}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:0}dt{font-weight:600}dd{margin:0}\
table{border-collapse:collapse;width:100%;font-size:8.5pt}\
th,td{border:1px solid #bbb;padding:.25em .4em;text-align:left;vertical-align:top}\
th{background:#eef1f5}tbody tr:nth-child(even){background:#fafafa}\
td.n{text-align:right;font-variant-numeric:tabular-nums}\
@page{size:A4 landscape;margin:12mm}\
@media print{body{margin:0}thead{display:table-header-group}tr{break-inside:avoid}h2{break-after:avoid}}";

fn escape(text: &str) -> String {
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

pub(super) fn write(report: &Report) -> String {
    let mut out = String::new();
    let title = escape(&report.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<dl>\n"
    );
    for (label, value) in &report.facts {
        if !value.is_empty() {
            let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(value));
        }
    }
    out.push_str("</dl>\n");
    for table in &report.tables {
        let _ = writeln!(out, "<h2>{}</h2>", escape(&table.heading));
        if table.rows.is_empty() {
            out.push_str("<p>None.</p>\n");
            continue;
        }
        out.push_str("<table>\n<thead><tr>");
        for column in &table.columns {
            let _ = write!(out, "<th scope=\"col\">{}</th>", escape(column.header));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &table.rows {
            out.push_str("<tr>");
            for cell in row {
                match cell {
                    super::TableCell::Number(_) => {
                        let _ = write!(out, "<td class=\"n\">{}</td>", escape(&cell.text()));
                    }
                    _ => {
                        let _ = write!(out, "<td>{}</td>", escape(&cell.text()));
                    }
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
