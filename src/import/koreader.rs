//! KOReader's notes: a book's `metadata.*.lua` sidecar (or the `*.annotations.lua` file
//! it exports on closing), read as data by `lua` and never executed — both the newer
//! `annotations` list and the older `highlight` table (by page) with its `bookmarks` —
//! and the JSON of KOReader's exporter plugin. Bookmarks (no highlighted text) are
//! skipped. Pure.

use jiff::Timestamp;
use jiff::civil::DateTime;
use serde_json::Value as Json;

use super::lua::{self, Table, Value};
use super::{Book, Item, Parsed, without_bom};
use crate::annotation::Kind;

pub fn parse(text: &str) -> Parsed {
    let text = without_bom(text);
    if matches!(text.trim_start().chars().next(), Some('{' | '[')) {
        return parse_exporter_json(text);
    }
    let mut parsed = Parsed::default();
    let read = lua::parse(text);
    if let Some(error) = &read.error {
        if error.is_code {
            parsed.problem(error.line, format!("refused: {}", error.message));
            return parsed;
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
        return parsed;
    };
    let book = book_of(&root);
    if let Some(annotations) = root.table("annotations") {
        read_annotations(annotations, &book, &mut parsed);
    }
    if let Some(highlights) = root.table("highlight") {
        read_legacy(highlights, root.table("bookmarks"), &book, &mut parsed);
    }
    parsed
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

fn read_annotations(annotations: &Table, book: &Book, parsed: &mut Parsed) {
    for (_, value) in annotations.values_by_index() {
        let Value::Table(entry) = value else { continue };
        // A bookmark has no pos0: it marks a page, not a passage.
        let (Some(pos0), Some(text)) = (entry.str("pos0"), entry.str("text")) else {
            parsed.skipped += 1;
            continue;
        };
        let note = entry.str("note").unwrap_or("").to_string();
        let place = format!(
            "{pos0}\0{}\0{}",
            entry.str("pos1").unwrap_or(""),
            entry.str("datetime").unwrap_or("")
        );
        let mut item = item(&place, text, &note);
        item.color = entry.str("color").map(str::to_string);
        item.created = entry.str("datetime").and_then(local_time);
        item.modified = entry
            .str("datetime_updated")
            .and_then(local_time)
            .or(item.created);
        parsed.push(book, item);
    }
}

/// The older layout: `highlight[page][i]` holds the passages; the `bookmarks` entry of
/// the same place holds the note a person typed (`text`), if any.
fn read_legacy(highlights: &Table, bookmarks: Option<&Table>, book: &Book, parsed: &mut Parsed) {
    let marks: Vec<&Table> = bookmarks
        .map(|b| {
            b.values_by_index()
                .filter_map(|(_, v)| match v {
                    Value::Table(t) => Some(t),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let mut matched = vec![false; marks.len()];
    for (_, page) in highlights.values_by_index() {
        let Value::Table(page) = page else { continue };
        for (_, entry) in page.values_by_index() {
            let Value::Table(entry) = entry else { continue };
            let (Some(pos0), Some(text)) = (entry.str("pos0"), entry.str("text")) else {
                continue;
            };
            let at = marks.iter().position(|m| m.str("pos0") == Some(pos0));
            if let Some(at) = at {
                matched[at] = true;
            }
            let mark = at.map(|at| marks[at]);
            let note = mark
                .and_then(|m| m.str("text"))
                .filter(|note| note.trim() != text.trim())
                .unwrap_or("");
            let place = format!(
                "{pos0}\0{}\0{}",
                entry.str("pos1").unwrap_or(""),
                entry.str("datetime").unwrap_or("")
            );
            let mut item = item(&place, text, note);
            item.color = entry.str("color").map(str::to_string);
            item.created = entry.str("datetime").and_then(local_time);
            item.modified = item.created;
            parsed.push(book, item);
        }
    }
    // Bookmarks that are not highlights are places, not passages.
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

/// The exporter plugin's JSON: one book `{title, author, entries: [...]}`, or several
/// (`{documents: [...]}` or an array of books).
fn parse_exporter_json(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let value: Json = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(err) => {
            parsed.problem(err.line(), format!("not JSON: {err}"));
            return parsed;
        }
    };
    let books: Vec<&Json> = match &value {
        Json::Array(books) => books.iter().collect(),
        Json::Object(object) => match object.get("documents") {
            Some(Json::Array(books)) => books.iter().collect(),
            _ => vec![&value],
        },
        _ => Vec::new(),
    };
    for book_json in books {
        let field = |key: &str| book_json.get(key).and_then(Json::as_str).map(str::to_string);
        let book = Book {
            title: field("title").unwrap_or_default(),
            author: field("author"),
            url: field("file"),
        };
        let Some(entries) = book_json.get("entries").and_then(Json::as_array) else {
            parsed.problem(0, format!("a book without entries: {:?}", book.title));
            continue;
        };
        for entry in entries {
            let get = |key: &str| entry.get(key).and_then(Json::as_str).unwrap_or("");
            let text = get("text");
            if text.trim().is_empty() {
                parsed.skipped += 1;
                continue;
            }
            let page = entry.get("page").map(Json::to_string).unwrap_or_default();
            let time = entry.get("time").and_then(Json::as_i64);
            let place = format!("{}\0{page}\0{}", book.title, time.unwrap_or(0));
            let mut item = item(&place, text, get("note"));
            item.color = entry.get("color").and_then(Json::as_str).map(str::to_string);
            item.created = time.and_then(|t| Timestamp::from_second(t).ok());
            item.modified = item.created;
            parsed.push(&book, item);
        }
    }
    parsed
}

#[cfg(test)]
mod tests;
