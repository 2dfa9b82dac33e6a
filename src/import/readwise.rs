//! Readwise CSV exports (`Highlight,Book Title,Book Author,…,Note,Color,Tags,…,Highlighted
//! at`), and the Readwise import CSV margent itself writes (`Highlight,Title,Author,URL,
//! Note,Location,Date`). Columns are found by name; a note's leading `.tag` words are
//! Readwise's inline tags. A damaged record is reported by line and the rest read. Pure.

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

use jiff::Timestamp;
use jiff::civil::DateTime;

use super::{BadBytes, Book, Item, Parsed, without_bom};
use crate::annotation::Kind;

/// Where each known column is.
#[derive(Debug, Default)]
struct Columns {
    highlight: Option<usize>,
    title: Option<usize>,
    author: Option<usize>,
    url: Option<usize>,
    note: Option<usize>,
    color: Option<usize>,
    tags: Option<usize>,
    location: Option<usize>,
    date: Option<usize>,
}

impl Columns {
    fn of(header: &csv::StringRecord) -> Columns {
        let find = |names: &[&str]| {
            header
                .iter()
                .position(|cell| names.iter().any(|name| cell.trim().eq_ignore_ascii_case(name)))
        };
        Columns {
            highlight: find(&["Highlight", "Text"]),
            title: find(&["Book Title", "Title"]),
            author: find(&["Book Author", "Author"]),
            url: find(&["URL", "Source URL"]),
            note: find(&["Note"]),
            color: find(&["Color", "Colour"]),
            tags: find(&["Tags"]),
            location: find(&["Location"]),
            date: find(&["Highlighted at", "Date", "Created"]),
        }
    }
}

pub fn parse(text: &str) -> Parsed {
    parse_reader(without_bom(text).as_bytes())
}

/// Parses the CSV read from `source` (with no byte-order mark) a record at a time: a
/// file is never held whole. A record with fewer or more cells than the header (a lost
/// or stray comma) is reported, not read with its cells under the wrong columns; one
/// whose quote is never closed swallows the lines after it, which are read again as
/// rows. Bytes that are not UTF-8 are read as U+FFFD and reported.
pub fn parse_reader(source: impl Read) -> Parsed {
    let mut parsed = Parsed::default();
    let first_line_end = Rc::new(Cell::new(None));
    let source = FirstLineEnd {
        inner: source,
        last: 0,
        crlf: Rc::clone(&first_line_end),
    };
    let mut bad = BadBytes::default();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(source);
    let header = reader.byte_headers().cloned();
    // The csv crate counts a CRLF's line when it reads the record after it: a record's
    // line is one short in a CRLF file (its position points at the `\n`).
    let crlf = first_line_end.get() == Some(true);
    let header = match header {
        Ok(header) => text_of(&header, 1, &mut bad),
        Err(err) => {
            parsed.problem(1, format!("no CSV header: {err}"));
            return parsed;
        }
    };
    let columns = Columns::of(&header);
    if columns.highlight.is_none() {
        parsed.problem(1, "no Highlight column");
        bad.report(&mut parsed);
        return parsed;
    }
    let width = header.len();
    for record in reader.byte_records() {
        match record {
            Ok(record) => {
                let line = line_of(record.position(), crlf);
                let record = text_of(&record, line, &mut bad);
                if fits(&record, width) && !took_in_rows(&record, width, &columns) {
                    read_record(&record, &columns, line, &mut parsed);
                } else if let Some(swallowed) = swallowed(&record) {
                    parsed.problem(
                        line,
                        "a quote opened here is never closed: the lines it takes in are read again as rows",
                    );
                    read_again(&swallowed, line, width, &columns, crlf, &mut parsed);
                } else {
                    parsed.problem(line, misshapen(&record, width));
                }
            }
            Err(err) => parsed.problem(line_of(err.position(), crlf), format!("unreadable record: {err}")),
        }
    }
    bad.report(&mut parsed);
    parsed
}

/// The rows a never-closed quote took in, read with the header's columns; a damaged one
/// among them is reported (and not read again).
fn read_again(
    text: &str,
    first_line: usize,
    width: usize,
    columns: &Columns,
    crlf: bool,
    parsed: &mut Parsed,
) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = first_line + line_of(record.position(), crlf) - 1;
                if fits(&record, width) {
                    read_record(&record, columns, line, parsed);
                } else {
                    parsed.problem(line, misshapen(&record, width));
                }
            }
            Err(err) => parsed.problem(first_line, format!("unreadable record: {err}")),
        }
    }
}

/// Passes a source's bytes through, noting whether its first line ends with CRLF.
struct FirstLineEnd<R> {
    inner: R,
    last: u8,
    crlf: Rc<Cell<Option<bool>>>,
}

impl<R: Read> Read for FirstLineEnd<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if self.crlf.get().is_none() {
            for &byte in &buf[..n] {
                if byte == b'\n' {
                    self.crlf.set(Some(self.last == b'\r'));
                    break;
                }
                self.last = byte;
            }
        }
        Ok(n)
    }
}

fn line_of(position: Option<&csv::Position>, crlf: bool) -> usize {
    position.map_or(0, |p| {
        usize::try_from(p.line()).unwrap_or(0) + usize::from(crlf && p.byte() > 0)
    })
}

/// A record's cells as text (U+FFFD for bytes that are not UTF-8, noted by line).
fn text_of(record: &csv::ByteRecord, line: usize, bad: &mut BadBytes) -> csv::StringRecord {
    let mut at = line;
    for field in record {
        if std::str::from_utf8(field).is_err() {
            bad.note(field, at);
        }
        at += field.iter().filter(|&&b| b == b'\n').count();
    }
    csv::StringRecord::from_byte_record_lossy(record.clone())
}

/// Whether a record's cells stand under the header's columns: as many as the header
/// has (a cell lost or added anywhere shifts the ones after it).
fn fits(record: &csv::StringRecord, width: usize) -> bool {
    record.len() == width
}

/// Whether a record that fits has taken in rows after it: a cell spanning lines, one of
/// whose later lines is a row of its own (as many cells as the header, a date where
/// the header's date column is). A quote opened and never closed does that, until the
/// next quote closes it.
fn took_in_rows(record: &csv::StringRecord, width: usize, columns: &Columns) -> bool {
    let Some(date) = columns.date else {
        return false;
    };
    record.iter().filter(|cell| cell.contains('\n')).any(|cell| {
        cell.lines().skip(1).any(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            cells.len() >= width
                && cells
                    .get(date)
                    .is_some_and(|text| self::date(text.trim()).is_some())
        })
    })
}

fn misshapen(record: &csv::StringRecord, width: usize) -> String {
    let cells = record.len();
    let s = if cells == 1 { "" } else { "s" };
    format!("{cells} cell{s} where the header has {width}: a comma lost or added? (not read)")
}

/// The text a damaged record took in past its first line, when it spans lines (a
/// quote never closed), as it stood in the file (cells joined by their commas).
fn swallowed(record: &csv::StringRecord) -> Option<String> {
    record
        .iter()
        .any(|cell| cell.contains('\n'))
        .then(|| record.iter().collect::<Vec<_>>().join(","))
}

fn read_record(record: &csv::StringRecord, columns: &Columns, line: usize, parsed: &mut Parsed) {
    let cell = |column: Option<usize>| column.and_then(|at| record.get(at)).unwrap_or("").trim();
    let quote = unneutralised(cell(columns.highlight));
    if quote.is_empty() {
        parsed.skipped += 1;
        return;
    }
    let book = Book {
        title: cell(columns.title).to_string(),
        author: Some(cell(columns.author).to_string()).filter(|a| !a.is_empty()),
        url: Some(cell(columns.url).to_string()).filter(|u| !u.is_empty()),
    };
    let (inline_tags, note) = inline_tags(unneutralised(cell(columns.note)));
    let source_id = format!("readwise\0{}\0{}\0{quote}", book.title, cell(columns.location));
    let mut item = Item::new(source_id, Kind::Highlight, quote.to_string(), line);
    item.note = note.to_string();
    if !item.note.is_empty() {
        item.kind = Kind::Note;
    }
    item.tags = cell(columns.tags)
        .split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .map(str::to_string)
        .chain(inline_tags)
        .collect();
    item.color = Some(cell(columns.color).to_string()).filter(|c| !c.is_empty());
    item.created = date(cell(columns.date));
    item.modified = item.created;
    parsed.push(&book, item);
}

/// Readwise's inline tags: a note that starts with `.tag` words; margent's export
/// writes tags so (spaces in a tag as `_`).
fn inline_tags(note: &str) -> (Vec<String>, &str) {
    let mut tags = Vec::new();
    let mut rest = note.trim_start();
    while let Some(word) = rest.strip_prefix('.') {
        let end = word.find(char::is_whitespace).unwrap_or(word.len());
        if end == 0 {
            break;
        }
        tags.push(word[..end].to_string());
        rest = word[end..].trim_start();
    }
    (tags, rest)
}

/// A cell neutralised for spreadsheets (margent's ` -…`, other tools' `'=…`) as it was.
fn unneutralised(cell: &str) -> &str {
    match cell.strip_prefix(['\'', ' ']) {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// "2026-06-22 10:34:42.964038+00:00", RFC 3339, or a time without a zone (UTC).
fn date(text: &str) -> Option<Timestamp> {
    if text.is_empty() {
        return None;
    }
    let iso = text.replacen(' ', "T", 1);
    iso.parse::<Timestamp>().ok().or_else(|| {
        let at: DateTime = iso.parse().ok()?;
        jiff::tz::TimeZone::UTC.to_timestamp(at).ok()
    })
}

#[cfg(test)]
mod tests;
