//! KOReader's notes: a book's `metadata.*.lua` sidecar (or the `*.annotations.lua` file
//! it exports on closing), read as data by `lua` and never executed — both the newer
//! `annotations` list and the older `highlight` table (by page) with its `bookmarks` —
//! and the JSON of KOReader's exporter plugin. Bookmarks (no highlighted text) are
//! skipped. Pure.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Read as _};

use jiff::Timestamp;
use jiff::civil::DateTime;

use super::lossy::Utf8Lossy;
use super::lua::{self, Key, Table, Value};
use super::{Book, Item, Parsed, without_bom};
use crate::annotation::Kind;

pub fn parse(text: &str) -> Parsed {
    parse_reader(without_bom(text).as_bytes()).expect("reading from memory does not fail")
}

/// Parses what `source` gives (UTF-8, without a byte-order mark) a piece at a time: the
/// entries of a large sidecar are taken as they are read, never held as a whole tree.
/// Bytes that are not UTF-8 are read as U+FFFD and reported by line.
pub fn parse_reader(mut source: impl BufRead) -> io::Result<Parsed> {
    // The leading whitespace is kept for the parsers, whose errors count lines.
    let mut blank = Vec::new();
    let first = loop {
        let piece = source.fill_buf()?;
        let spaces = piece.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if spaces < piece.len() {
            break Some(piece[spaces]);
        }
        if piece.is_empty() {
            break None;
        }
        blank.extend_from_slice(piece);
        source.consume(spaces);
    };
    let mut source = Utf8Lossy::new(io::Cursor::new(blank).chain(source));
    let mut parsed = if matches!(first, Some(b'{' | b'[')) {
        exported::parse(&mut source)
    } else {
        parse_lua(&mut source)?
    };
    source.bad.report(&mut parsed);
    Ok(parsed)
}

/// The passages of a sidecar, taken as its tables are read.
#[derive(Default)]
struct Taken {
    /// `annotations[i]`: an item, or `None` for a bookmark.
    annotations: BTreeMap<i64, Option<Item>>,
    /// `highlight[page][i]`, with the `pos0` that finds its bookmark.
    highlights: BTreeMap<(i64, i64), (String, Item)>,
    /// `bookmarks[i]`: its `pos0` and the note typed there.
    bookmarks: BTreeMap<i64, (Option<String>, Option<String>)>,
}

impl Taken {
    /// Takes the field `key` of the table at `path` if it is a passage or a bookmark;
    /// gives back what stays in the tree.
    fn take(&mut self, path: &[Key], key: &Key, value: Value) -> Option<Value> {
        let (Key::Int(index), Value::Table(entry)) = (key, &value) else {
            return Some(value);
        };
        match path {
            [Key::Str(list)] if list == "annotations" => {
                self.annotations.insert(*index, annotation(entry));
            }
            [Key::Str(list)] if list == "bookmarks" => {
                let field = |name| entry.str(name).map(str::to_string);
                self.bookmarks.insert(*index, (field("pos0"), field("text")));
            }
            [Key::Str(list), Key::Int(page)] if list == "highlight" => {
                if let Some(highlight) = legacy_highlight(entry) {
                    self.highlights.insert((*page, *index), highlight);
                }
            }
            _ => return Some(value),
        }
        None
    }
}

fn parse_lua(source: impl io::Read) -> io::Result<Parsed> {
    let mut parsed = Parsed::default();
    let mut taken = Taken::default();
    let read = lua::parse_reader(source, |path, key, value| taken.take(path, key, value))?;
    if let Some(error) = &read.error {
        if error.is_code {
            parsed.problem(error.line, format!("refused: {}", error.message));
            return Ok(parsed);
        }
        parsed.problem(
            error.line,
            format!("{}; what comes before it is imported", error.message),
        );
    }
    let Some(Value::Table(root)) = read.value else {
        if read.error.is_none() {
            parsed.problem(1, "the file returns no table");
        }
        return Ok(parsed);
    };
    let book = book_of(&root);
    for item in taken.annotations.into_values() {
        match item {
            Some(item) => parsed.push(&book, item),
            None => parsed.skipped += 1,
        }
    }
    join_legacy(taken.highlights, &taken.bookmarks, &book, &mut parsed);
    Ok(parsed)
}

fn book_of(root: &Table) -> Book {
    let props = root.table("doc_props").or_else(|| root.table("stats"));
    let title = props
        .and_then(|p| p.str("title"))
        .unwrap_or("")
        .trim()
        .to_string();
    let author = props
        .and_then(|p| p.str("authors"))
        .map(|authors| {
            authors
                .lines()
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|authors| !authors.is_empty() && authors != "N/A");
    let url = root.str("doc_path").map(str::to_string);
    let title = if title.is_empty() {
        url.as_deref()
            .and_then(|path| path.rsplit('/').next())
            .unwrap_or("")
            .to_string()
    } else {
        title
    };
    Book { title, author, url }
}

/// An entry of the newer `annotations` list; `None` for a bookmark (no pos0: it marks a
/// page, not a passage).
fn annotation(entry: &Table) -> Option<Item> {
    let (pos0, text) = (entry.str("pos0")?, entry.str("text")?);
    let note = entry.str("note").unwrap_or("");
    let place = format!(
        "{pos0}\0{}\0{}",
        entry.str("pos1").unwrap_or(""),
        entry.str("datetime").unwrap_or("")
    );
    let mut item = item(&place, text, note);
    item.color = entry.str("color").map(str::to_string);
    item.created = entry.str("datetime").and_then(local_time);
    item.modified = entry
        .str("datetime_updated")
        .and_then(local_time)
        .or(item.created);
    Some(item)
}

/// A passage of the older layout, `highlight[page][i]`, with its `pos0`; its note is in
/// the bookmark of the same place (`join_legacy`).
fn legacy_highlight(entry: &Table) -> Option<(String, Item)> {
    let (pos0, text) = (entry.str("pos0")?, entry.str("text")?);
    let place = format!(
        "{pos0}\0{}\0{}",
        entry.str("pos1").unwrap_or(""),
        entry.str("datetime").unwrap_or("")
    );
    let mut item = item(&place, text, "");
    item.color = entry.str("color").map(str::to_string);
    item.created = entry.str("datetime").and_then(local_time);
    item.modified = item.created;
    Some((pos0.to_string(), item))
}

/// The older layout's passages with their notes: the `bookmarks` entry of a passage's
/// place holds the note a person typed (`text`), if any. Bookmarks that are not
/// passages are places, skipped.
fn join_legacy(
    highlights: BTreeMap<(i64, i64), (String, Item)>,
    bookmarks: &BTreeMap<i64, (Option<String>, Option<String>)>,
    book: &Book,
    parsed: &mut Parsed,
) {
    let marks: Vec<_> = bookmarks.values().collect();
    let mut matched = vec![false; marks.len()];
    for (pos0, mut item) in highlights.into_values() {
        let at = marks
            .iter()
            .position(|(mark, _)| mark.as_deref() == Some(pos0.as_str()));
        if let Some(at) = at {
            matched[at] = true;
            let note = marks[at]
                .1
                .as_deref()
                .filter(|note| note.trim() != item.quote.trim());
            if let Some(note) = note {
                item.note = note.to_string();
                if !note.trim().is_empty() {
                    item.kind = Kind::Note;
                }
            }
        }
        parsed.push(book, item);
    }
    parsed.skipped += matched.iter().filter(|m| !**m).count();
}

/// The source id leaves the book's title out: the sidecar and the file KOReader
/// exports on closing name the book differently, and hold the same notes.
fn item(place: &str, text: &str, note: &str) -> Item {
    let source_id = format!("koreader\0{place}\0{text}");
    let kind = if note.trim().is_empty() {
        Kind::Highlight
    } else {
        Kind::Note
    };
    let mut item = Item::new(source_id, kind, text.to_string(), 0);
    item.note = note.to_string();
    item
}

/// KOReader writes the device's local time without a zone; it is read as UTC.
fn local_time(text: &str) -> Option<Timestamp> {
    let at: DateTime = text.trim().replace(' ', "T").parse().ok()?;
    jiff::tz::TimeZone::UTC.to_timestamp(at).ok()
}

mod exported;
#[cfg(test)]
mod tests;
