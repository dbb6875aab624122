//! Word (DOCX, Office Open XML WordprocessingML): the parts of the package, as text, which a
//! [`super::job::Job`] zips in order (`[Content_Types].xml` first).
//!
//! **Layout.** A4 portrait with 2 cm margins; a section whose table is wide (as HTML decides it)
//! sits on landscape pages of its own. The report's title is the document's title (style
//! `Title`), each section a `Heading 1`, so Word's navigation pane and the contents list find
//! them; the contents list is a `TOC` field, written with its entries so that it reads before
//! Word updates it (Word updates it on opening, as the settings ask). Facts are a two-column
//! table. Tables have fixed column widths (HTML's weights over the page's width), a header row
//! that repeats on every page, rows that do not split across pages, and text that wraps. Every
//! page's footer reads "Page N of M" beside the title; a document not approved says "DRAFT" in
//! its header and under its title.
//!
//! Every text is escaped, and characters XML cannot hold (controls other than tab and line
//! breaks) are left out, so nothing a user typed becomes markup. The same report gives the same
//! parts, and the job dates the package, so the same input gives the same bytes.

use super::html::column_weights;
use super::{Report, Table, TableCell};
use crate::model::Date;
use std::fmt::Write;

/// A4 in twentieths of a point, and the margins.
const PAGE_SHORT: u32 = 11_906;
const PAGE_LONG: u32 = 16_838;
const MARGIN: u32 = 1_134;

/// Text as XML character data: escaped, without the characters XML 1.0 cannot hold.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Runs of text (`<w:r>`), a line break for each line break of the text; `bold` for headers.
fn runs(text: &str, bold: bool) -> String {
    let props = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    let mut out = String::new();
    for (i, line) in text.replace('\r', "").split('\n').enumerate() {
        if i > 0 {
            let _ = write!(out, "<w:r>{props}<w:br/></w:r>");
        }
        let _ = write!(
            out,
            "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
            escape(line)
        );
    }
    out
}

fn paragraph(style: Option<&str>, body: &str) -> String {
    match style {
        Some(style) => format!("<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{body}</w:p>"),
        None => format!("<w:p>{body}</w:p>"),
    }
}

/// Properties of a section: A4, portrait or landscape, with the footer and header.
fn section(landscape: bool) -> String {
    let (w, h, orient) = if landscape {
        (PAGE_LONG, PAGE_SHORT, " w:orient=\"landscape\"")
    } else {
        (PAGE_SHORT, PAGE_LONG, "")
    };
    format!(
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>\
         <w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>\
         <w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/>\
         <w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" \
         w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>"
    )
}

/// The width of the text on a page, in twentieths of a point.
fn text_width(landscape: bool) -> u32 {
    (if landscape { PAGE_LONG } else { PAGE_SHORT }) - 2 * MARGIN
}

fn cell(text: &str, width: u32, header: bool, number: bool) -> String {
    let shade = if header {
        "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EEF1F5\"/>"
    } else {
        ""
    };
    let align = if number {
        "<w:pPr><w:jc w:val=\"right\"/></w:pPr>"
    } else {
        ""
    };
    format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{shade}</w:tcPr><w:p>{align}{}</w:p></w:tc>",
        runs(text, header)
    )
}

/// A table of `widths` (twentieths of a point) in `style` (`Grid`, or `GridSmall` for a wide
/// table), with a header row that repeats on every page when there are `headers`.
fn table(style: &str, headers: Option<&[&str]>, widths: &[u32], rows: &[Vec<TableCell>]) -> String {
    let total: u32 = widths.iter().sum();
    let mut out = format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"{style}\"/><w:tblW w:w=\"{total}\" w:type=\"dxa\"/>\
         <w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" \
         w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
    );
    for w in widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
    if let Some(headers) = headers {
        out.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        for (header, w) in headers.iter().zip(widths) {
            out.push_str(&cell(header, *w, true, false));
        }
        out.push_str("</w:tr>");
    }
    for row in rows {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (i, w) in widths.iter().enumerate() {
            let value = row.get(i).unwrap_or(&TableCell::Empty);
            let number = matches!(value, TableCell::Number(_));
            out.push_str(&cell(&value.text(), *w, false, number));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

/// Column widths of `table` on a page `landscape` or not: HTML's weights over the text's width.
fn widths(table: &Table, landscape: bool) -> Vec<u32> {
    let weights = column_weights(table);
    let sum: f64 = weights.iter().sum();
    let page = f64::from(text_width(landscape));
    weights
        .iter()
        .map(|w| {
            let share = if sum > 0.0 {
                w / sum
            } else {
                1.0 / weights.len().max(1) as f64
            };
            // At least a centimetre; whole twentieths of a point.
            (share * page).round().max(567.0) as u32
        })
        .collect()
}

/// `word/document.xml`: title, draft mark, facts, contents, then each section.
fn document(report: &Report) -> String {
    let mut body = paragraph(Some("Title"), &runs(&report.title, false));
    if report.draft {
        body.push_str(&paragraph(
            Some("Draft"),
            &runs("DRAFT: not approved", false),
        ));
    }
    let facts: Vec<Vec<TableCell>> = report
        .facts
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(label, value)| vec![TableCell::from(*label), TableCell::from(value.as_str())])
        .collect();
    if !facts.is_empty() {
        let width = text_width(false);
        body.push_str(&table(
            "Grid",
            None,
            &[width / 4, width - width / 4],
            &facts,
        ));
    }
    // The contents list: a TOC field over the headings, with its entries written in.
    body.push_str(&paragraph(
        Some("ContentsHeading"),
        &runs("Contents", false),
    ));
    let headings: Vec<&str> = report.tables.iter().map(|t| t.heading.as_str()).collect();
    let field_begin = "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>\
         <w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-1\" \\h \\z \\u </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>";
    let field_end = "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
    if headings.is_empty() {
        body.push_str(&paragraph(None, &format!("{field_begin}{field_end}")));
    }
    for (i, heading) in headings.iter().enumerate() {
        let begin = if i == 0 { field_begin } else { "" };
        let end = if i + 1 == headings.len() {
            field_end
        } else {
            ""
        };
        body.push_str(&paragraph(
            Some("TOC1"),
            &format!("{begin}{}{end}", runs(heading, false)),
        ));
    }
    let mut landscape = false;
    for t in &report.tables {
        let wide = t.is_table() && t.is_wide();
        if wide != landscape {
            // The section so far ends here, on pages of its own orientation.
            body.push_str(&format!("<w:p><w:pPr>{}</w:pPr></w:p>", section(landscape)));
            landscape = wide;
        }
        body.push_str(&paragraph(Some("Heading1"), &runs(&t.heading, false)));
        for text in &t.text {
            body.push_str(&paragraph(None, &runs(text, false)));
        }
        if !t.is_table() {
            continue;
        }
        if t.rows.is_empty() {
            body.push_str(&paragraph(None, &runs("None.", false)));
            continue;
        }
        let headers: Vec<&str> = t.columns.iter().map(|c| c.header).collect();
        let style = if landscape { "GridSmall" } else { "Grid" };
        body.push_str(&table(
            style,
            Some(&headers),
            &widths(t, landscape),
            &t.rows,
        ));
        // Word needs a paragraph between two tables, and after the last.
        body.push_str("<w:p/>");
    }
    format!(
        "{XML}<w:document {NS}><w:body>{body}{}</w:body></w:document>",
        section(landscape)
    )
}

const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
     xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

const STYLES: &str = "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/>\
<w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after=\"80\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:spacing w:after=\"200\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"320\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr>\
<w:rPr><w:b/><w:color w:val=\"1F3864\"/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"ContentsHeading\"><w:name w:val=\"TOC Heading\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>\
<w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"TOC1\"><w:name w:val=\"toc 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>\
<w:pPr><w:spacing w:after=\"40\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Draft\"><w:name w:val=\"Draft\"/><w:basedOn w:val=\"Normal\"/>\
<w:rPr><w:b/><w:color w:val=\"BB0000\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>\
<w:rPr><w:color w:val=\"555555\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/></w:rPr></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"57\" w:type=\"dxa\"/>\
<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"Grid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/>\
<w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr><w:sz w:val=\"17\"/><w:szCs w:val=\"17\"/></w:rPr>\
<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BBBBBB\"/>\
<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BBBBBB\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BBBBBB\"/>\
<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BBBBBB\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BBBBBB\"/>\
<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BBBBBB\"/></w:tblBorders></w:tblPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"GridSmall\"><w:name w:val=\"Table Grid Small\"/><w:basedOn w:val=\"Grid\"/>\
<w:rPr><w:sz w:val=\"14\"/><w:szCs w:val=\"14\"/></w:rPr></w:style>\
</w:styles>";

/// The header (the draft mark) and the footer (title, page N of M).
fn header(report: &Report) -> String {
    let text = if report.draft {
        runs("DRAFT: not approved", false)
    } else {
        String::new()
    };
    format!(
        "{XML}<w:hdr {NS}><w:p><w:pPr><w:pStyle w:val=\"Draft\"/><w:jc w:val=\"right\"/></w:pPr>{text}</w:p></w:hdr>"
    )
}

fn footer(report: &Report) -> String {
    let field = |instr: &str, shown: &str| {
        format!("<w:fldSimple w:instr=\" {instr} \"><w:r><w:t>{shown}</w:t></w:r></w:fldSimple>")
    };
    format!(
        "{XML}<w:ftr {NS}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs></w:pPr>\
         {}<w:r><w:tab/><w:t xml:space=\"preserve\">Page </w:t></w:r>{}<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>{}</w:p></w:ftr>",
        text_width(false),
        runs(&report.title, false),
        field("PAGE", "1"),
        field("NUMPAGES", "1"),
    )
}

/// The parts of the package of `report`, in the order they are zipped; `created` dates its
/// properties.
pub(super) fn parts(report: &Report, created: Option<&Date>) -> Vec<(String, String)> {
    let created = created.map_or_else(|| "2000-01-01".to_owned(), Date::to_string);
    let part = |path: &str, text: String| (path.to_owned(), text);
    vec![
        part(
            "[Content_Types].xml",
            format!(
                "{XML}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
                 <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
                 <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
                 <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
                 <Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
                 <Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
                 <Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
                 <Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
                 <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
                 <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
                 </Types>"
            ),
        ),
        part(
            "_rels/.rels",
            format!(
                "{XML}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                 <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
                 <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
                 <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
                 </Relationships>"
            ),
        ),
        part(
            "docProps/core.xml",
            format!(
                "{XML}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
                 xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
                 xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title>\
                 <dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}T00:00:00Z</dcterms:created></cp:coreProperties>",
                escape(&report.title)
            ),
        ),
        part(
            "docProps/app.xml",
            format!(
                "{XML}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
                 <Application>isms</Application></Properties>"
            ),
        ),
        part(
            "word/_rels/document.xml.rels",
            format!(
                "{XML}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                 <Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
                 <Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
                 <Relationship Id=\"rIdHeader\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>\
                 <Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>\
                 </Relationships>"
            ),
        ),
        part("word/document.xml", document(report)),
        part("word/styles.xml", format!("{XML}{STYLES}")),
        part(
            "word/settings.xml",
            format!(
                "{XML}<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
                 <w:updateFields w:val=\"true\"/><w:defaultTabStop w:val=\"709\"/>\
                 <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
                 </w:settings>"
            ),
        ),
        part("word/header1.xml", header(report)),
        part("word/footer1.xml", footer(report)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::report::col;

    fn report() -> Report {
        Report {
            title: "Policy <&> \"A\"".into(),
            draft: true,
            facts: vec![("Owner", "CISO\u{1}".into())],
            tables: vec![
                Table::prose("intro", "Purpose", vec!["Line one\nline two".into()]),
                Table::new(
                    "wide",
                    "Controls",
                    (0..9).map(|_| col("Column", 20.0)).collect(),
                    vec![vec![TableCell::Number(3.0), TableCell::from("=SUM(A1)")]],
                ),
            ],
        }
    }

    #[test]
    fn text_is_escaped_and_control_characters_left_out() {
        let parts = parts(&report(), None);
        let document = &parts
            .iter()
            .find(|(p, _)| p == "word/document.xml")
            .unwrap()
            .1;
        assert!(document.contains("Policy &lt;&amp;&gt; &quot;A&quot;"));
        assert!(!document.contains('\u{1}'));
        assert!(document.contains("<w:t xml:space=\"preserve\">CISO</w:t>"));
        assert!(document.contains("Line one</w:t></w:r><w:r><w:br/>"));
    }

    #[test]
    fn a_wide_table_sits_on_landscape_pages_with_a_repeating_header_row() {
        let parts = parts(&report(), Some(&Date::parse("2026-11-01").unwrap()));
        let document = &parts
            .iter()
            .find(|(p, _)| p == "word/document.xml")
            .unwrap()
            .1;
        // A portrait section ends before the wide table, the landscape one at the end.
        assert_eq!(document.matches("<w:sectPr>").count(), 2);
        assert!(document.ends_with(&format!("{}</w:body></w:document>", section(true))));
        assert!(document.contains("<w:tblHeader/>"));
        assert_eq!(parts[0].0, "[Content_Types].xml");
        let core = &parts
            .iter()
            .find(|(p, _)| p == "docProps/core.xml")
            .unwrap()
            .1;
        assert!(core.contains("2026-11-01T00:00:00Z"));
    }
}
