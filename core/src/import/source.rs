//! Reading a register file into rows of text: CSV (delimiter sniffed), XLSX (calamine) or rows
//! already split by the caller (a DataFrame, a JS array). Every cell becomes text, the way the
//! spreadsheet shows it, so one parser reads every source.

use super::parallel;
use crate::error::{Error, ErrorCode, Result};
#[cfg(feature = "xlsx-read")]
use calamine::{DataRef, Reader, Xlsx, XlsxError};
use csv_core::ReadRecordResult;
use serde_json::Value;
use std::borrow::Cow;
#[cfg(feature = "xlsx-read")]
use std::io::{Cursor, Read};

// Limits of what an import reads, checked before the memory they bound is allocated: a file past
// one fails with `file_too_large`, in bounded memory and time, instead of taking the process down
// (a workbook of a few kilobytes can claim billions of cells or strings, or inflate to gigabytes).
// They are far above a real register (a few thousand rows of a few dozen columns: tens of
// thousands of cells, a few megabytes).

/// The most cells of one CSV, or of the sheets read from one workbook together. A worksheet's
/// cells are its used range, every row as wide as the range (the empty cells inside count), so
/// a sheet with one cell at `A1` and one at `XFD1048576` is past it.
pub(crate) const MAX_CELLS: usize = 2_000_000;
/// The most columns of a row: a worksheet's own limit (`A` to `XFD`), also for CSV.
pub(crate) const MAX_COLUMNS: usize = 16_384;
/// The most rows of a worksheet (its own limit).
#[cfg(feature = "xlsx-read")]
pub(crate) const MAX_ROWS: usize = 1_048_576;
/// The most bytes of cell text: of a CSV file, or of the sheets read from one workbook together.
pub(crate) const MAX_TEXT_BYTES: usize = 256 << 20;
/// The most bytes inflated from the parts of a workbook's zip, counted as they inflate (the sizes
/// the zip declares are not trusted). A worksheet of 2,000,000 cells is about 100 MB of XML; the
/// XML parser's memory for one part is bounded by it.
#[cfg(feature = "xlsx-read")]
const MAX_INFLATED_BYTES: u64 = 256 << 20;
/// The most strings of a workbook's shared strings table (each string keeps at least 24 bytes
/// for 5 bytes of XML, `<si/>`).
#[cfg(feature = "xlsx-read")]
const MAX_SHARED_STRINGS: usize = MAX_CELLS;
/// The most entries of each other table read when a workbook is opened: number formats, fonts,
/// fills, borders, cell formats (Excel allows 64,000), relationships, sheets, defined names.
#[cfg(feature = "xlsx-read")]
const MAX_TABLE_ENTRIES: usize = 100_000;

/// The limits an import reads under: the constants above, smaller in tests.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    cells: usize,
    columns: usize,
    text_bytes: usize,
    #[cfg(feature = "xlsx-read")]
    inflated_bytes: u64,
    #[cfg(feature = "xlsx-read")]
    shared_strings: usize,
    #[cfg(feature = "xlsx-read")]
    entries: usize,
}

/// The limits of every import.
const LIMITS: Limits = Limits {
    cells: MAX_CELLS,
    columns: MAX_COLUMNS,
    text_bytes: MAX_TEXT_BYTES,
    #[cfg(feature = "xlsx-read")]
    inflated_bytes: MAX_INFLATED_BYTES,
    #[cfg(feature = "xlsx-read")]
    shared_strings: MAX_SHARED_STRINGS,
    #[cfg(feature = "xlsx-read")]
    entries: MAX_TABLE_ENTRIES,
};

/// The error of a file past a limit: `message` says what the file holds or claims and the limit;
/// `details` name the limit and its value.
fn too_large(limit: &str, max: u64, message: String) -> Error {
    Error::new(ErrorCode::FileTooLarge, "/content", message)
        .with_details(serde_json::json!({ "limit": limit, "max": max }))
}

/// `n` with thousands separators (`2,000,000`), for messages.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A grid of text cells and where it sits in its file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sheet {
    /// The sheet's name (XLSX only).
    pub name: Option<String>,
    /// Rows in file order.
    pub rows: Grid,
    /// The 1-based row number of `rows[0]` in the file, as a spreadsheet shows it.
    pub first_row: usize,
    /// The 0-based column index of the first cell of each row.
    pub first_column: usize,
}

/// Reads CSV text. The delimiter is `delimiter`, else the one of `,` `;` tab `|` that splits the
/// first lines most consistently.
///
/// The rules are RFC 4180's, read leniently (by `csv-core`, the reader under the `csv` crate): a
/// field in double quotes may hold delimiters, line breaks and doubled quotes; text after a
/// closing quote joins the field; a quote inside an unquoted field is text; a record ends at CR,
/// LF or CRLF; empty lines are skipped; records may have any number of fields; a byte-order mark
/// at the start is dropped. Each field is copied once, straight into the sheet's cell buffer.
///
/// A text given as a `String` becomes the sheet's cell buffer when it has no quoted field, and is
/// not copied.
pub(crate) fn csv<'t>(text: impl Into<Cow<'t, str>>, delimiter: Option<u8>) -> Result<Sheet> {
    csv_within(text.into(), delimiter, &LIMITS)
}

/// `text` without a byte-order mark at its start.
fn without_bom(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(t) => Cow::Borrowed(t.strip_prefix('\u{feff}').unwrap_or(t)),
        Cow::Owned(mut t) => {
            if t.starts_with('\u{feff}') {
                t.drain(..'\u{feff}'.len_utf8());
            }
            Cow::Owned(t)
        }
    }
}

/// [`csv`] under `limits`.
fn csv_within(text: Cow<'_, str>, delimiter: Option<u8>, limits: &Limits) -> Result<Sheet> {
    let text = without_bom(text);
    if text.len() > limits.text_bytes {
        return Err(too_large(
            "text_bytes",
            limits.text_bytes as u64,
            format!(
                "the CSV is {} bytes; an import reads at most {} bytes of text",
                grouped(text.len() as u64),
                grouped(limits.text_bytes as u64)
            ),
        ));
    }
    let delimiter = delimiter.unwrap_or_else(|| sniff(&text));
    plain_csv(text, delimiter, limits)
}

/// Reads CSV text that may hold quoted fields (see [`csv`]) with csv-core.
fn quoted_csv(text: &str, delimiter: u8, limits: &Limits) -> Result<Sheet> {
    // csv-core drops a byte-order mark at the start of its input, so a second mark is dropped
    // too, as the csv crate does.
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut input = text.as_bytes();
    // The fields are the input less quotes and line breaks, so never longer than it.
    let mut out = vec![0u8; input.len()];
    let mut written = 0;
    let mut ends = Vec::with_capacity((input.len() / 8).min(limits.cells));
    let mut rows = vec![0];
    // The end of each field of the record being read, from the record's start.
    let mut record = vec![0usize; 32];
    let mut fields = 0;
    let mut record_start = 0;
    loop {
        let (result, nin, nout, nend) = reader.read_record(
            input,
            out.get_mut(written..).unwrap_or_default(),
            record.get_mut(fields..).unwrap_or_default(),
        );
        input = input.get(nin..).unwrap_or_default();
        written += nout;
        fields += nend;
        match result {
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::OutputFull => out.resize(out.len() * 2 + 1, 0),
            ReadRecordResult::OutputEndsFull => {
                if fields > limits.columns {
                    return Err(csv_too_wide(rows.len(), limits.columns));
                }
                record.resize((record.len() * 2).min(limits.columns + 1), 0);
            }
            ReadRecordResult::Record => {
                if fields > limits.columns {
                    return Err(csv_too_wide(rows.len(), limits.columns));
                }
                if ends.len() + fields > limits.cells {
                    return Err(too_many_cells(rows.len(), limits.cells));
                }
                ends.extend(record.iter().take(fields).map(|end| record_start + end));
                rows.push(ends.len());
                record_start = written;
                fields = 0;
            }
            ReadRecordResult::End => break,
        }
    }
    out.truncate(written);
    // Fields are cut at ASCII bytes (quotes, delimiters, line breaks) or around a whole
    // byte-order mark, so the text stays UTF-8 and this error is not expected; its offset would
    // be one in the fields read, not in the file.
    let text = String::from_utf8(out).map_err(|e| {
        Error::new(
            ErrorCode::UnreadableFile,
            "/content",
            format!(
                "the CSV cannot be read at byte {}",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    Ok(Sheet {
        name: None,
        rows: Grid {
            text,
            ends,
            rows,
            ..Grid::default()
        },
        first_row: 1,
        first_column: 0,
    })
}

/// Reads CSV text without a double quote, as csv-core would (see [`csv`]), but faster: with no
/// quote, every CR or LF ends a record and every delimiter ends a field, so records and fields
/// are found by a vectorised byte search, without a state machine, and read where they sit in
/// the text rather than copied one by one. A large text is read in two halves at once, split at
/// a line break. Text with a double quote is read by [`quoted_csv`].
fn plain_csv(text: Cow<'_, str>, delimiter: u8, limits: &Limits) -> Result<Sheet> {
    // csv-core drops a byte-order mark at the start of its input: so is a second one here
    // (skipped, not removed: the cells are read where they sit).
    let skip = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    // The first half's grid takes the second's cells: room for the whole text's from the start.
    let read = |range: std::ops::Range<usize>| {
        let room = if range.start <= skip {
            text.len()
        } else {
            range.len()
        };
        plain_records(&text, range, room, delimiter, limits)
    };
    // The error as one reading of the whole text gives it (its record number), unless a quote
    // follows: then the text is quoted CSV.
    let read_whole = || match read(skip..text.len()) {
        Err(_) if memchr::memchr(b'"', text.as_bytes()).is_some() => Ok(None),
        read => read,
    };
    let middle = (text.len() >= 2 * parallel::SPLIT_FROM)
        .then(|| memchr::memchr(b'\n', text.as_bytes().get(text.len() / 2..)?))
        .flatten()
        .map(|at| text.len() / 2 + at + 1);
    let rows = match middle {
        Some(middle) => {
            let [first, second] = parallel::halves(|half| {
                read(if half == 0 {
                    skip..middle
                } else {
                    middle..text.len()
                })
            });
            match (first, second) {
                (Ok(None), _) | (_, Ok(None)) => None,
                (Ok(Some(mut grid)), Ok(Some(second)))
                    if grid.ends.len() + second.ends.len() <= limits.cells =>
                {
                    grid.append(second);
                    Some(grid)
                }
                _ => read_whole()?,
            }
        }
        None => read_whole()?,
    };
    let Some(mut rows) = rows else {
        return quoted_csv(&text, delimiter, limits);
    };
    // The cells are read where they are: the text is kept whole (copied once when borrowed).
    rows.text = text.into_owned();
    Ok(Sheet {
        name: None,
        rows,
        first_row: 1,
        first_column: 0,
    })
}

/// The records of the lines of CSV text in `range` (see [`plain_csv`]), as a grid of the cells
/// of `text` where they are, its text left empty, with room for the records of `room` bytes;
/// `None` at a double quote.
fn plain_records(
    text: &str,
    range: std::ops::Range<usize>,
    room: usize,
    delimiter: u8,
    limits: &Limits,
) -> Result<Option<Grid>> {
    let bytes = text.as_bytes().get(..range.end).unwrap_or_default();
    // Room for the records of `room` bytes of text, by a guess of their cells' and lines' length.
    let mut ends = Vec::with_capacity((room / 8).min(limits.cells));
    let mut rows = Vec::with_capacity((room / 64).min(limits.cells));
    rows.push(0);
    let mut starts = Vec::with_capacity((room / 64).min(limits.cells));
    // One pass over the delimiters and line breaks: a delimiter ends a field of the line that
    // starts at `start` (the line then holds a record), a line break ends the line. An empty
    // line (also the one between the CR and LF of CRLF) is no record.
    let mut start = range.start;
    let mut open = false;
    // The most cells `ends` holds before the line being read has too many.
    let mut line_limit = limits.columns;
    let scanned = bytes.get(range.start..).unwrap_or_default();
    let mut marks = Marks::new(scanned, [delimiter, b'\n', b'\r', b'"']);
    loop {
        let (at, byte) = match marks.next() {
            Some((at, byte)) => (range.start + at, byte),
            None if start < bytes.len() => (bytes.len(), b'\n'),
            None => break,
        };
        if byte == b'"' {
            return Ok(None);
        }
        // A delimiter ends a field; a line break ends the line's last one, if the line has any.
        let field_end = byte == delimiter;
        if field_end || open || at > start {
            if !open {
                starts.push(start);
            }
            ends.push(at);
            // A line of more fields than an import reads fails before its cells are all held.
            if ends.len() > line_limit {
                return Err(csv_too_wide(rows.len(), limits.columns));
            }
            if field_end {
                open = true;
                continue;
            }
            if ends.len() > limits.cells {
                return Err(too_many_cells(rows.len(), limits.cells));
            }
            rows.push(ends.len());
            line_limit = ends.len().saturating_add(limits.columns);
        }
        open = false;
        start = at + 1;
        if at == bytes.len() {
            break;
        }
    }
    Ok(Some(Grid {
        text: String::new(),
        ends,
        rows,
        starts,
        gap: 1,
    }))
}

/// The positions and bytes of the bytes of a text that are one of `N`, in order. The text is
/// read a block at a time into a mask of its wanted bytes. On x86-64 a block is 64 bytes, four
/// SSE2 compares of 16 bytes a wanted byte, one bit a byte. Elsewhere (WebAssembly) it is eight
/// bytes of one integer: a byte equal to a wanted one is a zero byte of the word XOR the wanted
/// byte repeated, and the zero bytes of a word are found exactly (without the borrow of the
/// shorter test) by adding 0x7F to each byte's low seven bits; the mask then holds each
/// wanted byte's high bit.
struct Marks<'b, const N: usize> {
    bytes: &'b [u8],
    wanted: [u8; N],
    /// Each wanted byte repeated through a word.
    splat: [u64; N],
    /// Bytes a block: [`WIDE`] or 8.
    block: usize,
    /// How far a byte's bit lies in the mask: 0 (wide blocks) or 3 (eight bits a byte).
    shift: u32,
    /// The block being read: where it starts, and its wanted bytes' bits.
    at: usize,
    hits: u64,
}

/// The bytes of a wide block.
const WIDE: usize = 64;

impl<'b, const N: usize> Marks<'b, N> {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;

    fn new(bytes: &'b [u8], wanted: [u8; N]) -> Self {
        Self::with_blocks(bytes, wanted, cfg!(target_arch = "x86_64"))
    }

    /// Marks read in wide blocks or in words.
    fn with_blocks(bytes: &'b [u8], wanted: [u8; N], wide: bool) -> Self {
        let splat = wanted.map(|w| u64::from(w) * 0x0101_0101_0101_0101);
        let mut marks = Marks {
            bytes,
            wanted,
            splat,
            block: if wide { WIDE } else { 8 },
            shift: if wide { 0 } else { 3 },
            at: 0,
            hits: 0,
        };
        marks.hits = marks.block_hits(0);
        marks
    }

    /// The bits of the wanted bytes of the block from `at` (fewer bytes at the end).
    #[inline]
    fn block_hits(&self, at: usize) -> u64 {
        match self.bytes.get(at..at + self.block) {
            Some(block) if self.block == WIDE => wide_hits(block, &self.wanted),
            Some(word) => {
                let zero_bytes = |y: u64| !(((y & Self::LOW) + Self::LOW) | y) & !Self::LOW;
                let x = u64::from_le_bytes(word.try_into().unwrap_or_default());
                self.splat
                    .iter()
                    .fold(0, |hits, s| hits | zero_bytes(x ^ s))
            }
            None => {
                let bit = if self.shift == 0 { 1 } else { 0x80 };
                self.bytes
                    .get(at..)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| self.wanted.contains(b))
                    .fold(0, |hits, (i, _)| hits | bit << (i << self.shift))
            }
        }
    }
}

/// One bit for each byte of a 64-byte block that is a wanted one.
#[cfg(all(target_arch = "x86_64", feature = "import"))]
#[inline]
fn wide_hits<const N: usize>(block: &[u8], wanted: &[u8; N]) -> u64 {
    use safe_arch::{cmp_eq_mask_i8_m128i, m128i, move_mask_i8_m128i};
    let wanted = wanted.map(|w| m128i::from([w.cast_signed(); 16]));
    block
        .chunks_exact(16)
        .enumerate()
        .fold(0, |hits, (k, sixteen)| {
            let bytes: [u8; 16] = sixteen.try_into().unwrap_or_default();
            let v = m128i::from(bytes.map(u8::cast_signed));
            let equal = wanted
                .iter()
                .fold(m128i::default(), |m, w| m | cmp_eq_mask_i8_m128i(v, *w));
            let mask = u64::from(move_mask_i8_m128i(equal).cast_unsigned() & 0xffff);
            hits | mask << (16 * k)
        })
}

/// [`wide_hits`] byte by byte, where the target has no SSE2.
#[cfg(not(all(target_arch = "x86_64", feature = "import")))]
fn wide_hits<const N: usize>(block: &[u8], wanted: &[u8; N]) -> u64 {
    block
        .iter()
        .enumerate()
        .filter(|(_, b)| wanted.contains(b))
        .fold(0, |hits, (i, _)| hits | 1 << i)
}

impl<const N: usize> Iterator for Marks<'_, N> {
    type Item = (usize, u8);

    #[inline]
    fn next(&mut self) -> Option<(usize, u8)> {
        while self.hits == 0 {
            self.at += self.block;
            if self.at >= self.bytes.len() {
                return None;
            }
            self.hits = self.block_hits(self.at);
        }
        let at = self.at + (self.hits.trailing_zeros() >> self.shift) as usize;
        self.hits &= self.hits - 1;
        Some((at, self.bytes.get(at).copied().unwrap_or_default()))
    }
}

/// The error of a CSV of more than `cells` cells by record `record` (1-based).
fn too_many_cells(record: usize, cells: usize) -> Error {
    too_large(
        "cells",
        cells as u64,
        format!(
            "the CSV has more than {} cells by record {record}; an import reads at most {} cells",
            grouped(cells as u64),
            grouped(cells as u64)
        ),
    )
}

/// The error of a CSV record (`record`, 1-based) of more than `columns` fields.
fn csv_too_wide(record: usize, columns: usize) -> Error {
    too_large(
        "columns",
        columns as u64,
        format!(
            "record {record} of the CSV has more than {} fields; an import reads at most {} columns",
            grouped(columns as u64),
            grouped(columns as u64)
        ),
    )
}

fn sniff(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(10)
        .collect();
    let mut best = (b',', 0usize);
    for candidate in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| l.bytes().filter(|b| *b == candidate).count())
            .collect();
        let Some(first) = counts.first().copied() else {
            continue;
        };
        // A delimiter splits every line the same way; score it by the fields it makes.
        let consistent = counts.iter().filter(|c| **c == first).count();
        let score = if first == 0 { 0 } else { first * consistent };
        if score > best.1 {
            best = (candidate, score);
        }
    }
    best.0
}

/// Without the `xlsx-read` feature a workbook is not read: the error's `details`
/// (`{"feature": "xlsx-read"}`) name the feature that reads it.
#[cfg(not(feature = "xlsx-read"))]
pub(crate) fn xlsx_sheets(_bytes: &[u8], _sheet: Option<&str>) -> Result<Vec<Sheet>> {
    Err(Error::new(
        ErrorCode::UnreadableFile,
        "/content",
        "this build of the engine reads no XLSX workbook: it needs the cargo feature `xlsx-read`",
    )
    .with_details(serde_json::json!({ "feature": "xlsx-read" })))
}

/// Reads every worksheet of an XLSX workbook (a chart sheet is an empty sheet), or only the one
/// named `sheet` (`unknown_reference` when there is none), in workbook order.
///
/// Fails with `file_too_large` when the workbook is past a limit: the parts of its zip inflate to
/// more than [`MAX_INFLATED_BYTES`] (counted before the workbook is parsed), its shared strings
/// or style tables hold too many entries, the cells with a value of a sheet span a range of more
/// than [`MAX_CELLS`] cells (what a sheet declares, `<dimension ref>`, is not trusted), a cell
/// lies past a worksheet's last row or column, or the
/// sheets read hold more than [`MAX_CELLS`] cells or [`MAX_TEXT_BYTES`] of text together.
#[cfg(feature = "xlsx-read")]
pub(crate) fn xlsx_sheets(bytes: &[u8], sheet: Option<&str>) -> Result<Vec<Sheet>> {
    sheets_within(bytes, sheet, LIMITS)
}

/// [`xlsx_sheets`] under `limits`.
#[cfg(feature = "xlsx-read")]
fn sheets_within(bytes: &[u8], sheet: Option<&str>, limits: Limits) -> Result<Vec<Sheet>> {
    let mut workbook = Workbook::open(bytes, limits)?;
    let names = workbook.wanted(sheet)?;
    names.into_iter().map(|name| workbook.read(name)).collect()
}

/// The error of a file that is no readable XLSX workbook.
#[cfg(feature = "xlsx-read")]
fn unreadable(e: &dyn std::fmt::Display) -> Error {
    Error::new(
        ErrorCode::UnreadableFile,
        "/content",
        format!("the file is not a readable XLSX workbook: {e}"),
    )
}

/// The error of calamine, `file_too_large` for a table past its limit.
#[cfg(feature = "xlsx-read")]
fn xlsx_error(e: &XlsxError) -> Error {
    match e {
        XlsxError::Limit { what, limit } => too_large(
            what,
            *limit as u64,
            format!(
                "the workbook has more than {} {what}; an import reads at most {}",
                grouped(*limit as u64),
                grouped(*limit as u64)
            ),
        ),
        e => unreadable(e),
    }
}

/// An open workbook and what the sheets read from it have used of the limits.
#[cfg(feature = "xlsx-read")]
struct Workbook<'b> {
    xlsx: Xlsx<Cursor<&'b [u8]>>,
    /// Cells of the sheets read so far.
    cells: usize,
    /// Bytes of text of the sheets read so far.
    text: usize,
    limits: Limits,
}

/// One cell read from a worksheet: its position and where its text is in the sheet's buffer.
#[cfg(feature = "xlsx-read")]
#[derive(Clone, Copy)]
struct SparseCell {
    row: u32,
    column: u32,
    start: u32,
    end: u32,
}

#[cfg(feature = "xlsx-read")]
impl<'b> Workbook<'b> {
    /// Opens a workbook after counting what its parts inflate to.
    fn open(bytes: &'b [u8], limits: Limits) -> Result<Self> {
        // An encrypted workbook, or an old .xls, is a compound file, not a zip: calamine would
        // parse it as one first (to tell a password-protected workbook); it is refused here.
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Err(unreadable(
                &"it is an encrypted workbook or an Excel 97-2003 (.xls) file; save it as .xlsx without a password",
            ));
        }
        inflated_within(bytes, limits.inflated_bytes)?;
        let tables = calamine::XlsxLimits {
            shared_strings: limits.shared_strings,
            entries: limits.entries,
        };
        let xlsx = Xlsx::new_with_limits(Cursor::new(bytes), tables).map_err(|e| xlsx_error(&e))?;
        Ok(Self {
            xlsx,
            cells: 0,
            text: 0,
            limits,
        })
    }

    /// The names of the sheets to read: `sheet`, else every sheet.
    fn wanted(&self, sheet: Option<&str>) -> Result<Vec<String>> {
        let names = self.xlsx.sheet_names();
        let Some(name) = sheet else {
            return Ok(names);
        };
        if !names.iter().any(|n| n == name) {
            return Err(Error::new(
                ErrorCode::UnknownReference,
                "/sheet",
                format!(
                    "the workbook has no sheet `{name}`; it has {}",
                    names.join(", ")
                ),
            ));
        }
        Ok(vec![name.to_owned()])
    }

    /// Reads the sheet `name`: its cells streamed into a sparse list (refused past the limits as
    /// they come), then laid into rows of its used range.
    fn read(&mut self, name: String) -> Result<Sheet> {
        let mut reader = match self.xlsx.worksheet_cells_reader(&name) {
            Ok(reader) => reader,
            Err(XlsxError::NotAWorksheet(_)) => {
                return Ok(Sheet {
                    name: Some(name),
                    rows: Grid::default(),
                    first_row: 1,
                    first_column: 0,
                });
            }
            Err(e) => return Err(xlsx_error(&e)),
        };
        // The range a sheet declares (`<dimension ref>`) is not trusted either way: workbooks
        // whose formatting runs out to column XFD declare millions of cells and hold a few
        // hundred. The cells with a value make the used range, checked as it grows; empty
        // (formatted) cells are passed over without being kept.
        let mut cells: Vec<SparseCell> = Vec::new();
        let mut text = String::new();
        // The used range so far: first and last row, first and last column.
        let mut range: Option<(u32, u32, u32, u32)> = None;
        let mut sorted = true;
        while let Some(cell) = reader.next_cell().map_err(|e| xlsx_error(&e))? {
            let value = cell.get_value();
            if *value == DataRef::Empty {
                continue;
            }
            let (row, column) = cell.get_position();
            if row as usize >= MAX_ROWS || column as usize >= MAX_COLUMNS {
                return Err(too_large(
                    if row as usize >= MAX_ROWS {
                        "rows"
                    } else {
                        "columns"
                    },
                    if row as usize >= MAX_ROWS {
                        MAX_ROWS
                    } else {
                        MAX_COLUMNS
                    } as u64,
                    format!(
                        "sheet `{name}` has a cell at row {}, column {}, past a worksheet's {} rows and {} columns",
                        u64::from(row) + 1,
                        u64::from(column) + 1,
                        grouped(MAX_ROWS as u64),
                        grouped(MAX_COLUMNS as u64)
                    ),
                ));
            }
            let (r0, r1, c0, c1) = range.unwrap_or((row, row, column, column));
            let grown = (r0.min(row), r1.max(row), c0.min(column), c1.max(column));
            range = Some(grown);
            let area = u64::from(grown.1 - grown.0 + 1) * u64::from(grown.3 - grown.2 + 1);
            if area + self.cells as u64 > self.limits.cells as u64 {
                return Err(too_large(
                    "cells",
                    self.limits.cells as u64,
                    format!(
                        "sheet `{name}` uses the range {}{}:{}{}, {} cells{}; an import reads at most {} cells",
                        column_letter(grown.2 as usize),
                        grown.0 + 1,
                        column_letter(grown.3 as usize),
                        grown.1 + 1,
                        grouped(area),
                        if self.cells > 0 {
                            format!(
                                ", beside {} in the sheets before it",
                                grouped(self.cells as u64)
                            )
                        } else {
                            String::new()
                        },
                        grouped(self.limits.cells as u64)
                    ),
                ));
            }
            let start = text.len();
            push_cell_text(&mut text, value);
            if self.text + text.len() > self.limits.text_bytes {
                return Err(too_large(
                    "text_bytes",
                    self.limits.text_bytes as u64,
                    format!(
                        "the cells of the workbook hold more than {} bytes of text by sheet `{name}`; an import reads at most {} bytes",
                        grouped(self.limits.text_bytes as u64),
                        grouped(self.limits.text_bytes as u64)
                    ),
                ));
            }
            if let Some(last) = cells.last() {
                sorted &= (last.row, last.column) < (row, column);
            }
            // Both fit in u32: the text is at most self.limits.text_bytes.
            cells.push(SparseCell {
                row,
                column,
                start: start as u32,
                end: text.len() as u32,
            });
        }
        drop(reader);
        let Some((r0, r1, c0, c1)) = range else {
            return Ok(Sheet {
                name: Some(name),
                rows: Grid::default(),
                first_row: 1,
                first_column: 0,
            });
        };
        let (height, width) = ((r1 - r0 + 1) as usize, (c1 - c0 + 1) as usize);
        self.cells += height * width;
        self.text += text.len();
        if !sorted {
            // Rows and cells out of order (the XML may list them so): by position, and of two
            // cells at one position the later.
            cells.sort_by_key(|c| (c.row, c.column));
            cells.dedup_by(|later, earlier| {
                let same = (later.row, later.column) == (earlier.row, earlier.column);
                if same {
                    *earlier = *later;
                }
                same
            });
        }
        Ok(Sheet {
            name: Some(name),
            rows: Grid::laid_out(&cells, text, sorted, (r0, c0), (height, width)),
            first_row: r0 as usize + 1,
            first_column: c0 as usize,
        })
    }
}

/// Counts the bytes the parts of a zip inflate to, each part read through to its end or to the
/// limit, in a fixed buffer; more than `limit` in all is `file_too_large`. A part the zip reader
/// cannot open (encrypted, or compressed by a method it does not read) is skipped: calamine
/// cannot read it either.
#[cfg(feature = "xlsx-read")]
fn inflated_within(bytes: &[u8], limit: u64) -> Result<()> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut buffer = vec![0u8; 64 << 10];
    let mut total = 0u64;
    for i in 0..archive.len() {
        let Ok(mut part) = archive.by_index(i) else {
            continue;
        };
        loop {
            match part.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => total += n as u64,
            }
            if total > limit {
                let name: String = part.name().unwrap_or_default().chars().take(100).collect();
                return Err(too_large(
                    "inflated_bytes",
                    limit,
                    format!(
                        "the workbook's parts inflate to more than {} bytes (by `{name}`); an import inflates at most {} bytes",
                        grouped(limit),
                        grouped(limit)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Appends a cell as the spreadsheet shows it: whole numbers without `.0`, dates as
/// `YYYY-MM-DD`.
#[cfg(feature = "xlsx-read")]
fn push_cell_text(text: &mut String, cell: &DataRef<'_>) {
    match cell {
        DataRef::Int(n) => text.push_str(&n.to_string()),
        DataRef::Float(f) => text.push_str(&number_text(*f)),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text.push_str(s),
        DataRef::SharedString(s) => text.push_str(s),
        DataRef::Bool(b) => text.push_str(if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            text.push_str(&format!("{y:04}-{m:02}-{day:02}"));
        }
        DataRef::DateTime(d) => text.push_str(&number_text(d.as_f64())),
        DataRef::Error(e) => text.push_str(&format!("#{e:?}")),
        DataRef::Empty => {}
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

/// Rows the caller has already split: arrays of strings, numbers, booleans or nulls.
pub(crate) fn rows(values: &[Vec<Value>]) -> Result<Sheet> {
    let mut rows = Grid::default();
    for (r, row) in values.iter().enumerate() {
        let mut cells = Vec::with_capacity(row.len());
        for (c, value) in row.iter().enumerate() {
            cells.push(match value {
                Value::String(s) => std::borrow::Cow::Borrowed(s.as_str()),
                Value::Number(n) => match n.as_f64() {
                    Some(f) if n.is_f64() => number_text(f).into(),
                    _ => n.to_string().into(),
                },
                Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
                Value::Null => "".into(),
                Value::Array(_) | Value::Object(_) => {
                    return Err(Error::new(
                        ErrorCode::SchemaViolation,
                        format!("/rows/{r}/{c}"),
                        "a cell must be a string, a number, a boolean or null",
                    ));
                }
            });
        }
        rows.push_cells(cells);
    }
    Ok(Sheet {
        name: None,
        rows,
        first_row: 1,
        first_column: 0,
    })
}

/// Rows of text cells, all held in one buffer: a register of many thousand rows costs a few
/// allocations, not a few per row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Grid {
    text: String,
    /// The end offset in `text` of every cell, row after row.
    ends: Vec<usize>,
    /// The index in `ends` of each row's first cell, plus one past the last row.
    rows: Vec<usize>,
    /// Where each row starts in `text`; when empty, each row starts where the row before it
    /// ends (the cells are packed).
    starts: Vec<usize>,
    /// The bytes between two cells of a row: none when the cells are packed, one when they are
    /// read where they sit in a CSV line (the delimiter).
    gap: usize,
}

/// The cells of one row of a [`Grid`]: the grid and the row's index, so that a list of a
/// register's rows costs a few bytes a row.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Cells<'g> {
    grid: Option<&'g Grid>,
    row: usize,
}

impl Grid {
    /// Appends the rows of `other`, a grid of the same text (its cells where they sit).
    fn append(&mut self, other: Grid) {
        let cells = self.ends.len();
        self.ends.extend(other.ends);
        self.rows
            .extend(other.rows.iter().skip(1).map(|row| row + cells));
        self.starts.extend(other.starts);
    }

    /// Appends a row of cells.
    pub(crate) fn push_cells<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        for cell in cells {
            self.text.push_str(cell.as_ref());
            self.ends.push(self.text.len());
        }
        self.end_row();
    }

    /// The used range of a worksheet, `height` rows of `width` cells from `origin` (row,
    /// column), with `cells` at their places and empty cells between: `cells` sorted by
    /// position, without two at one place, their text in `text` (in the same order when
    /// `in_order`, else copied into that order).
    #[cfg(feature = "xlsx-read")]
    fn laid_out(
        cells: &[SparseCell],
        text: String,
        in_order: bool,
        origin: (u32, u32),
        (height, width): (usize, usize),
    ) -> Self {
        let (own, copied) = if in_order {
            (text, String::new())
        } else {
            (String::with_capacity(text.len()), text)
        };
        let mut grid = Grid {
            text: own,
            ends: Vec::with_capacity(height * width),
            rows: Vec::with_capacity(height + 1),
            ..Grid::default()
        };
        grid.rows.push(0);
        // The end of the text laid so far: an empty cell ends where the cell before it does.
        let mut end = 0;
        let mut next = cells.iter().peekable();
        for row in 0..height {
            for column in 0..width {
                let at = (origin.0 + row as u32, origin.1 + column as u32);
                if let Some(cell) = next.next_if(|c| (c.row, c.column) == at) {
                    if in_order {
                        end = cell.end as usize;
                    } else {
                        let range = cell.start as usize..cell.end as usize;
                        grid.text.push_str(copied.get(range).unwrap_or_default());
                        end = grid.text.len();
                    }
                }
                grid.ends.push(end);
            }
            grid.rows.push(grid.ends.len());
        }
        grid
    }

    fn end_row(&mut self) {
        if self.rows.is_empty() {
            self.rows.push(0);
        }
        self.rows.push(self.ends.len());
    }

    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        self.rows.len().saturating_sub(1)
    }

    /// Row `i`.
    pub(crate) fn get(&self, i: usize) -> Option<Cells<'_>> {
        (i < self.len()).then_some(Cells {
            grid: Some(self),
            row: i,
        })
    }

    /// The index in `ends` of row `row`'s first cell and one past its last.
    #[inline]
    fn cells_of(&self, row: usize) -> Option<(usize, usize)> {
        Some((*self.rows.get(row)?, *self.rows.get(row + 1)?))
    }

    /// Where row `row`, whose first cell is `first` in `ends`, starts in `text`.
    #[inline]
    fn start_of(&self, row: usize, first: usize) -> Option<usize> {
        if self.starts.is_empty() {
            match first.checked_sub(1) {
                Some(previous) => self.ends.get(previous).copied(),
                None => Some(0),
            }
        } else {
            self.starts.get(row).copied()
        }
    }

    /// The rows in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Cells<'_>> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

impl<'g> Cells<'g> {
    /// The text of cell `i`.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&'g str> {
        let grid = self.grid?;
        let (first, last) = grid.cells_of(self.row)?;
        let at = first + i;
        if at >= last {
            return None;
        }
        let end = *grid.ends.get(at)?;
        let start = if i == 0 {
            grid.start_of(self.row, first)?
        } else {
            *grid.ends.get(at - 1)? + grid.gap
        };
        grid.text.get(start..end)
    }

    /// The number of cells.
    pub(crate) fn len(&self) -> usize {
        self.grid
            .and_then(|g| g.cells_of(self.row))
            .map_or(0, |(first, last)| last - first)
    }

    /// The cells' text in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'g str> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// `text` without leading and trailing whitespace, as [`str::trim`] gives it; a cell that starts
/// and ends with a visible ASCII character, as most do, is returned without decoding.
#[inline]
pub(crate) fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| *b > b' ' && b.is_ascii());
    let bytes = text.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

/// The spreadsheet letter of a 0-based column index (`0` → `A`, `26` → `AA`).
pub(crate) fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The 0-based column index of a spreadsheet letter reference (`A`, `c`, `AA`).
pub(crate) fn letter_index(letters: &str) -> Option<usize> {
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let mut n = 0usize;
    for b in letters.bytes() {
        n = n * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    Some(n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_round_trip() {
        for (i, l) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letter(i), l);
            assert_eq!(letter_index(l), Some(i));
        }
        assert_eq!(letter_index("a"), Some(0));
        assert_eq!(letter_index("A1"), None);
    }

    #[test]
    fn grids_hold_rows_of_cells() {
        let sheet = csv("a,\"b,c\",\n\nd\n", None).unwrap_or_default();
        let rows: Vec<Vec<&str>> = sheet.rows.iter().map(|r| r.iter().collect()).collect();
        assert_eq!(rows, [vec!["a", "b,c", ""], vec!["d"]]);
        assert!(sheet.rows.get(2).is_none());
        let mut grid = Grid::default();
        grid.push_cells(["x", "", "yz"]);
        grid.push_cells(Vec::<&str>::new());
        grid.push_cells(["é"]);
        assert_eq!(grid.len(), 3);
        assert_eq!(grid.get(0).and_then(|r| r.get(2)), Some("yz"));
        assert_eq!(grid.get(1).map(|r| r.len()), Some(0));
        assert_eq!(grid.get(2).and_then(|r| r.get(0)), Some("é"));
        assert_eq!(grid.get(0).and_then(|r| r.get(3)), None);
    }

    /// The CSV crate's reading, with the same options, as the reference of [`csv`].
    pub(super) fn csv_reference(text: &str, delimiter: u8) -> Vec<Vec<String>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        reader
            .byte_records()
            .map(|r| {
                let r = r.unwrap();
                r.iter()
                    .map(|f| String::from_utf8(f.to_vec()).unwrap())
                    .collect()
            })
            .collect()
    }

    pub(super) fn read(text: &str, delimiter: u8) -> Vec<Vec<String>> {
        let sheet = csv(text, Some(delimiter)).unwrap();
        sheet
            .rows
            .iter()
            .map(|r| r.iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn reads_csv_as_the_csv_crate_does() {
        for text in [
            "",
            "\n",
            "a",
            "a,",
            ",",
            "a,b\nc",
            "\"a,b\",c\r\nd",
            "\"a\"\"b\"",
            "\"ab\"cd,e",
            "\"unterminated",
            "a\"b,c",
            "\r\r\n\na\r",
            "\"\"",
            "\",\"",
            "x,\"y\"\n",
            "\u{feff}\u{feff}a,b",
            "é,\"ü\"\"\",ß\n\n",
            "a,\"\n\"",
            "\"a\"\"",
            "a,,b,\r\n,",
        ] {
            assert_eq!(read(text, b','), csv_reference(text, b','), "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn reads_any_text_as_the_csv_crate_does(
            text in "[a\u{e9}\u{feff},;\"\r\n ]{0,40}",
            semicolon in proptest::prelude::any::<bool>(),
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            proptest::prop_assert_eq!(read(&text, delimiter), csv_reference(&text, delimiter));
        }
    }

    #[test]
    fn trims_as_str_trim_does() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "\ta\r\n",
            "é",
            " é ",
            "a\u{a0}",
            "\u{2003}b",
            "\u{1c}x\u{1f}",
            "a b",
            "\u{85}",
            "x\u{3000}",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff("a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff("a,b\n\"x;y\",2\n"), b',');
        assert_eq!(sniff("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff("single column\n"), b',');
    }
}

/// Hostile files end in `file_too_large` under each limit (smaller limits than an import's, so
/// the files stay small), never in an allocation from what the file claims.
#[cfg(test)]
#[cfg(feature = "xlsx-read")]
mod limits {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;

    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="MAIN"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    const XLSX_MAIN: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    const XLSM_MAIN: &str = "application/vnd.ms-excel.sheet.macroEnabled.main+xml";
    const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>"#;

    /// A zip of `parts`, deflated.
    fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        for (name, bytes) in parts {
            writer.start_file(*name, options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    /// A workbook of the sheets `Risks` (`sheet1`) and, when given, `Other` (`sheet2`), with
    /// `shared` as its shared strings part and `styles` as its styles part.
    fn workbook(
        main: &str,
        sheet1: &str,
        sheet2: Option<&str>,
        shared: Option<&str>,
        styles: Option<&str>,
    ) -> Vec<u8> {
        let types = CONTENT_TYPES.replace("MAIN", main);
        let book = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Risks" sheetId="1" r:id="rId1"/>{}</sheets></workbook>"#,
            if sheet2.is_some() {
                r#"<sheet name="Other" sheetId="2" r:id="rId2"/>"#
            } else {
                ""
            }
        );
        let mut parts: Vec<(&str, &[u8])> = vec![
            ("[Content_Types].xml", types.as_bytes()),
            ("_rels/.rels", ROOT_RELS.as_bytes()),
            ("xl/workbook.xml", book.as_bytes()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet1.as_bytes()),
        ];
        if let Some(sheet2) = sheet2 {
            parts.push(("xl/worksheets/sheet2.xml", sheet2.as_bytes()));
        }
        if let Some(shared) = shared {
            parts.push(("xl/sharedStrings.xml", shared.as_bytes()));
        }
        if let Some(styles) = styles {
            parts.push(("xl/styles.xml", styles.as_bytes()));
        }
        zip(&parts)
    }

    /// A worksheet of `rows` (`<row>` elements), declaring `dimension` when given.
    fn sheet(dimension: Option<&str>, rows: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}<sheetData>{rows}</sheetData></worksheet>"#,
            dimension
                .map(|d| format!(r#"<dimension ref="{d}"/>"#))
                .unwrap_or_default()
        )
    }

    /// An inline-string cell.
    fn cell(reference: &str, text: &str) -> String {
        format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }

    const REGISTER: &str = r#"<row r="2"><c r="B2" t="inlineStr"><is><t>Risk</t></is></c><c r="C2" t="inlineStr"><is><t>Likelihood</t></is></c></row><row r="3"><c r="B3" t="inlineStr"><is><t>Phishing</t></is></c><c r="C3"><v>4</v></c></row>"#;

    fn rows(sheet: &Sheet) -> Vec<Vec<&str>> {
        sheet.rows.iter().map(|r| r.iter().collect()).collect()
    }

    /// The code and `details.limit` of an error.
    fn refused<T: std::fmt::Debug>(result: Result<T>) -> (ErrorCode, String, String) {
        let error = result.expect_err("refused");
        let limit = error
            .details
            .as_ref()
            .and_then(|d| d["limit"].as_str())
            .unwrap_or_default()
            .to_owned();
        (error.code, limit, error.path)
    }

    fn too_large(limit: &str) -> (ErrorCode, String, String) {
        (
            ErrorCode::FileTooLarge,
            limit.to_owned(),
            "/content".to_owned(),
        )
    }

    #[test]
    fn a_workbook_reads_as_the_used_range_of_each_sheet() {
        let other = sheet(None, &format!("<row r=\"1\">{}</row>", cell("A1", "x")));
        let bytes = workbook(
            XLSX_MAIN,
            &sheet(Some("B2:C3"), REGISTER),
            Some(&other),
            None,
            None,
        );
        let sheets = xlsx_sheets(&bytes, None).unwrap();
        assert_eq!(sheets.len(), 2);
        let risks = &sheets[0];
        assert_eq!(risks.name.as_deref(), Some("Risks"));
        assert_eq!((risks.first_row, risks.first_column), (2, 1));
        assert_eq!(
            rows(risks),
            [vec!["Risk", "Likelihood"], vec!["Phishing", "4"]]
        );
        assert_eq!(sheets[1].name.as_deref(), Some("Other"));
        let only = xlsx_sheets(&bytes, Some("Other")).unwrap();
        assert_eq!(only.len(), 1);
        assert_eq!(rows(&only[0]), [vec!["x"]]);
        let error = xlsx_sheets(&bytes, Some("Nope")).unwrap_err();
        assert_eq!(
            (error.code, error.path.as_str()),
            (ErrorCode::UnknownReference, "/sheet")
        );
    }

    #[test]
    fn an_xlsm_workbook_reads_like_an_xlsx_one() {
        let sheet1 = sheet(None, REGISTER);
        let xlsx_sheet =
            xlsx_sheets(&workbook(XLSX_MAIN, &sheet1, None, None, None), None).unwrap();
        let xlsm_sheet =
            xlsx_sheets(&workbook(XLSM_MAIN, &sheet1, None, None, None), None).unwrap();
        assert_eq!(rows(&xlsx_sheet[0]), rows(&xlsm_sheet[0]));
    }

    #[test]
    fn cells_out_of_order_are_laid_out_by_position() {
        let rows_xml = format!(
            "<row r=\"3\">{}{}</row><row r=\"1\">{}{}</row>",
            cell("C3", "c3"),
            cell("A3", "a3"),
            cell("B1", "old"),
            cell("B1", "b1"),
        );
        let sheets = xlsx_sheets(
            &workbook(XLSX_MAIN, &sheet(None, &rows_xml), None, None, None),
            None,
        )
        .unwrap();
        let expected = [vec!["", "b1", ""], vec!["", "", ""], vec!["a3", "", "c3"]];
        assert_eq!(rows(&sheets[0]), expected);
        // The same cells in order, with the same gaps.
        let rows_xml = format!(
            "<row r=\"1\">{}</row><row r=\"3\">{}{}</row>",
            cell("B1", "b1"),
            cell("A3", "a3"),
            cell("C3", "c3"),
        );
        let bytes = workbook(XLSX_MAIN, &sheet(None, &rows_xml), None, None, None);
        assert_eq!(rows(&xlsx_sheets(&bytes, None).unwrap()[0]), expected);
    }

    #[test]
    fn a_sparse_sheet_is_refused_before_its_range_is_allocated() {
        let far = format!(
            "<row r=\"1\">{}</row><row r=\"1048576\">{}</row>",
            cell("A1", "Risk"),
            cell("XFD1048576", "x")
        );
        // Declared or not, refused by the range its cells use, before it is allocated.
        for dimension in [None, Some("A1"), Some("A1:XFD1048576")] {
            let used = workbook(XLSX_MAIN, &sheet(dimension, &far), None, None, None);
            assert_eq!(refused(xlsx_sheets(&used, None)), too_large("cells"));
        }
        let message = xlsx_sheets(
            &workbook(XLSX_MAIN, &sheet(None, &far), None, None, None),
            None,
        )
        .unwrap_err()
        .message;
        assert!(
            message.contains("uses the range A1:XFD1048576"),
            "{message}"
        );
        // A sheet that declares a huge range but holds a few cells (formatting run out to the
        // last column) is read.
        let small = format!("<row r=\"1\">{}</row>", cell("A1", "Risk"));
        let formatted = workbook(
            XLSX_MAIN,
            &sheet(Some("A1:XFC308"), &small),
            None,
            None,
            None,
        );
        assert_eq!(
            rows(&xlsx_sheets(&formatted, None).unwrap()[0]),
            [vec!["Risk"]]
        );
    }

    #[test]
    fn cells_past_a_worksheet_are_refused() {
        for reference in ["A1048577", "XFE1", "A4294967295", "ZZZZZZ1"] {
            let rows_xml = format!("<row>{}</row>", cell(reference, "x"));
            let bytes = workbook(XLSX_MAIN, &sheet(None, &rows_xml), None, None, None);
            let (code, ..) = refused(xlsx_sheets(&bytes, None));
            assert_eq!(code, ErrorCode::FileTooLarge, "{reference}");
        }
        // A reference past u32 is a damaged file, not an overflow.
        let rows_xml = format!("<row>{}</row>", cell("A99999999999", "x"));
        let bytes = workbook(XLSX_MAIN, &sheet(None, &rows_xml), None, None, None);
        assert_eq!(
            refused(xlsx_sheets(&bytes, None)).0,
            ErrorCode::UnreadableFile
        );
        let rows_xml = format!(
            "<row r=\"4294967295\">{}</row><row><c/></row>",
            cell("A1", "x")
        );
        let bytes = workbook(
            XLSX_MAIN,
            &sheet(Some("B2:A1"), &rows_xml),
            None,
            None,
            None,
        );
        assert!(xlsx_sheets(&bytes, None).is_ok());
    }

    fn small() -> Limits {
        Limits {
            cells: 100,
            columns: 8,
            text_bytes: 1_000,
            inflated_bytes: 100_000,
            shared_strings: 10,
            entries: 10,
        }
    }

    #[test]
    fn the_cells_of_all_sheets_count_together() {
        // 10 rows of one column each: 10 cells per sheet.
        let ten: String = (1..=10)
            .map(|r| format!("<row r=\"{r}\">{}</row>", cell(&format!("A{r}"), "x")))
            .collect();
        let ten = sheet(None, &ten);
        let sixty: String = (1..=60)
            .map(|r| format!("<row r=\"{r}\">{}</row>", cell(&format!("A{r}"), "x")))
            .collect();
        let sixty = sheet(None, &sixty);
        let fits = workbook(XLSX_MAIN, &sixty, Some(&ten), None, None);
        assert_eq!(sheets_within(&fits, None, small()).unwrap().len(), 2);
        let both = workbook(XLSX_MAIN, &sixty, Some(&sixty), None, None);
        assert_eq!(
            refused(sheets_within(&both, None, small())),
            too_large("cells")
        );
        // One of them alone fits.
        assert!(sheets_within(&both, Some("Other"), small()).is_ok());
        // A declared range past the limit is not trusted: an empty sheet that claims it reads.
        let declared = workbook(
            XLSX_MAIN,
            &sheet(Some("A1:J11"), "<row/>"),
            None,
            None,
            None,
        );
        assert!(sheets_within(&declared, None, small()).is_ok());
    }

    #[test]
    fn text_past_the_limit_is_refused() {
        let long = "y".repeat(600);
        let rows_xml = format!("<row r=\"1\">{}</row>", cell("A1", &long));
        let one = sheet(None, &rows_xml);
        let fits = workbook(XLSX_MAIN, &one, None, None, None);
        assert!(sheets_within(&fits, None, small()).is_ok());
        let both = workbook(XLSX_MAIN, &one, Some(&one), None, None);
        assert_eq!(
            refused(sheets_within(&both, None, small())),
            too_large("text_bytes")
        );
        // A shared string repeated counts each time.
        let shared = format!(r#"<sst uniqueCount="1"><si><t>{long}</t></si></sst>"#);
        let repeated = sheet(
            None,
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>0</v></c></row>"#,
        );
        let bytes = workbook(XLSX_MAIN, &repeated, None, Some(&shared), None);
        assert_eq!(
            refused(sheets_within(&bytes, None, small())),
            too_large("text_bytes")
        );
    }

    #[test]
    fn a_zip_bomb_is_refused_by_counting_what_inflates() {
        // 1 MB of one byte deflates to about a kilobyte.
        let padding = " ".repeat(1 << 20);
        let bomb = sheet(None, &format!("{padding}<row/>"));
        let bytes = workbook(XLSX_MAIN, &bomb, None, None, None);
        assert!(bytes.len() < 10_000, "{}", bytes.len());
        assert_eq!(
            refused(sheets_within(&bytes, None, small())),
            too_large("inflated_bytes")
        );
        // Under the import's limit, it reads.
        assert!(xlsx_sheets(&bytes, None).is_ok());
    }

    #[test]
    fn a_shared_strings_count_is_a_claim_not_an_allocation() {
        let rows_xml = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
        let claim =
            |n: u64| format!(r#"<sst count="{n}" uniqueCount="{n}"><si><t>Risk</t></si></sst>"#);
        // Within the limit, a claim larger than the table reads (nothing is reserved by it).
        let bytes = workbook(
            XLSX_MAIN,
            &sheet(None, rows_xml),
            None,
            Some(&claim(2_000_000)),
            None,
        );
        assert_eq!(rows(&xlsx_sheets(&bytes, None).unwrap()[0]), [vec!["Risk"]]);
        // Past it, refused on the claim.
        let bytes = workbook(
            XLSX_MAIN,
            &sheet(None, rows_xml),
            None,
            Some(&claim(4_000_000_000)),
            None,
        );
        assert_eq!(
            refused(xlsx_sheets(&bytes, None)),
            too_large("shared strings")
        );
        // Past it by the strings it holds, whatever it claims.
        let many: String = std::iter::repeat_n("<si/>", 11).collect();
        let shared = format!(r#"<sst uniqueCount="1">{many}</sst>"#);
        let bytes = workbook(XLSX_MAIN, &sheet(None, rows_xml), None, Some(&shared), None);
        assert_eq!(
            refused(sheets_within(&bytes, None, small())),
            too_large("shared strings")
        );
    }

    #[test]
    fn style_tables_past_the_limit_are_refused() {
        let xfs: String = std::iter::repeat_n("<xf/>", 11).collect();
        let styles = format!(r#"<styleSheet><cellXfs>{xfs}</cellXfs></styleSheet>"#);
        let bytes = workbook(XLSX_MAIN, &sheet(None, REGISTER), None, None, Some(&styles));
        assert_eq!(
            refused(sheets_within(&bytes, None, small())),
            too_large("cell formats")
        );
        assert!(xlsx_sheets(&bytes, None).is_ok());
    }

    #[test]
    fn csv_past_the_limits_is_refused() {
        // Plain CSV and CSV with a quoted field go through different readers: both are bounded.
        for cell in ["x", "\"x\""] {
            let wide = [cell; 9].join(",");
            assert_eq!(
                refused(csv_within((&wide).into(), None, &small())),
                too_large("columns")
            );
            assert!(csv_within([cell; 8].join(",").into(), None, &small()).is_ok());
            let many = format!("{cell},b,c,d\n").repeat(26);
            assert_eq!(
                refused(csv_within((&many).into(), None, &small())),
                too_large("cells")
            );
        }
        assert_eq!(
            refused(csv_within("x".repeat(1001).into(), None, &small())),
            too_large("text_bytes")
        );
        // The import's own column limit, by a record of 100,000 fields.
        let wide = vec!["x"; 100_000].join(",");
        assert_eq!(refused(csv(&wide, None)), too_large("columns"));
    }

    proptest::proptest! {
        /// Without a quote, the fast reader reads exactly what csv-core reads: records split at
        /// CR, LF and CRLF, empty lines skipped, any number of fields, text in any script.
        #[test]
        fn plain_csv_reads_as_csv_core_does(
            text in "[a-c,;\t |\r\n é€\u{feff}]{0,80}",
            delimiter in proptest::sample::select(vec![b',', b';', b'\t', b'|']),
        ) {
            let cells = |sheet: Sheet| -> Vec<Vec<String>> {
                sheet.rows.iter().map(|r| r.iter().map(str::to_owned).collect()).collect()
            };
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let fast = plain_csv(text.into(), delimiter, &LIMITS).map(cells);
            let reference = quoted_csv(text, delimiter, &LIMITS).map(cells);
            proptest::prop_assert_eq!(fast.ok(), reference.ok());
        }
    }

    #[test]
    fn marks_are_every_wanted_byte_in_order() {
        // Bytes around the wanted ones and with the high bit set, at every offset of a block.
        let bytes: Vec<u8> = (0..1000u32)
            .map(|i| {
                [
                    b',', b'\n', b'\r', b'+', b'-', 0x0b, 0x8a, 0xac, 0xff, 0, b'a', b'"',
                ][(i * i % 12) as usize]
            })
            .collect();
        for start in 0..70 {
            let bytes = &bytes[start..];
            let expected: Vec<(usize, u8)> = bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| matches!(b, b',' | b'\n' | b'\r' | b'"'))
                .map(|(at, b)| (at, *b))
                .collect();
            for wide in [true, false] {
                let seen: Vec<(usize, u8)> =
                    Marks::with_blocks(bytes, [b',', b'\n', b'\r', b'"'], wide).collect();
                assert_eq!(seen, expected, "from {start}, wide: {wide}");
            }
        }
    }

    #[test]
    fn a_large_plain_csv_read_in_halves_reads_as_csv_core_does() {
        let breaks = ["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"];
        let text: String = (0..6_000)
            .map(|i| format!("R-{i},Risk {i} – é,{},{}", i % 5, breaks[i % breaks.len()]))
            .collect();
        assert!(text.len() > 4 * parallel::SPLIT_FROM);
        let cells = |sheet: Sheet| -> Vec<Vec<String>> {
            sheet
                .rows
                .iter()
                .map(|r| r.iter().map(str::to_owned).collect())
                .collect()
        };
        let fast = cells(plain_csv((&text).into(), b',', &LIMITS).unwrap());
        assert_eq!(fast.len(), 6_000);
        assert_eq!(fast, cells(quoted_csv(&text, b',', &LIMITS).unwrap()));
        // Past a limit in the second half, the error names the record as one reading would.
        let limits = Limits {
            cells: 5_999 * 4,
            ..LIMITS
        };
        let error = plain_csv((&text).into(), b',', &limits).unwrap_err();
        assert!(
            error.message.contains("by record 6000;"),
            "{}",
            error.message
        );
        // A quoted field in either half, or after a record past a limit: read as quoted CSV.
        for at in [100, text.len() / 2 + 100, text.len() - 3] {
            let line = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let mut quoted = text.clone();
            quoted.insert_str(line, "\"a, \"\"quoted\"\"\nfield\",");
            assert_eq!(
                super::tests::read(&quoted, b','),
                super::tests::csv_reference(&quoted, b','),
                "quote at {at}"
            );
        }
        let wide = format!("{}\n\"x\",y\n", ["x"; 9].join(","));
        assert_eq!(
            refused(csv_within((&wide).into(), None, &small())),
            too_large("columns")
        );
    }

    #[test]
    fn a_compound_file_is_not_parsed() {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.resize(4096, 0xFF);
        assert_eq!(
            refused(xlsx_sheets(&bytes, None)).0,
            ErrorCode::UnreadableFile
        );
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(17_179_869_184), "17,179,869,184");
    }
}
