//! Readwise CSV exports (`Highlight,Book Title,Book Author,…,Note,Color,Tags,…,Highlighted
//! at`), and the Readwise import CSV margent itself writes (`Highlight,Title,Author,URL,
//! Note,Location,Date`). Columns are found by name; a note's leading `.tag` words are
//! Readwise's inline tags. A damaged record is reported by line and the rest read. Pure.

use jiff::Timestamp;
use jiff::civil::DateTime;

use super::{Book, Item, Parsed, without_bom};
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
/// file is never held whole.
pub fn parse_reader(source: impl std::io::Read) -> Parsed {
    let mut parsed = Parsed::default();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(source);
    // Bytes that are not UTF-8 become U+FFFD rather than costing the record.
    let columns = match reader.byte_headers() {
        Ok(header) => Columns::of(&csv::StringRecord::from_byte_record_lossy(header.clone())),
        Err(err) => {
            parsed.problem(1, format!("no CSV header: {err}"));
            return parsed;
        }
    };
    if columns.highlight.is_none() {
        parsed.problem(1, "no Highlight column");
        return parsed;
    }
    for record in reader.byte_records() {
        match record {
            Ok(record) => {
                let position = record.position().cloned();
                let mut record = csv::StringRecord::from_byte_record_lossy(record);
                record.set_position(position);
                read_record(&record, &columns, &mut parsed);
            }
            Err(err) => {
                let line = err
                    .position()
                    .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                parsed.problem(line, format!("unreadable record: {err}"));
            }
        }
    }
    parsed
}

fn read_record(record: &csv::StringRecord, columns: &Columns, parsed: &mut Parsed) {
    let cell = |column: Option<usize>| column.and_then(|at| record.get(at)).unwrap_or("").trim();
    let line = record
        .position()
        .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
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
