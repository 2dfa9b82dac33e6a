//! JSON sources: Hypothesis API responses (`{"rows": [...]}`, or one row), W3C Web
//! Annotation JSON-LD (an `Annotation`, an `AnnotationCollection` or `AnnotationPage`, or
//! an array of them; selectors possibly `refinedBy`) and margent's own JSON export
//! (`"format": "margent-export"`). Each gives quotes with their context and position,
//! notes, tags, authors and dates; margent's own exports also their ids, colours and
//! review status, so that export → import onto a fresh copy gives the same
//! annotations. Pure.

use std::ops::Range;

use jiff::Timestamp;
use serde_json::Value;

use super::{Book, Item, Parsed, without_bom};
use crate::annotation::{Kind, Status};

pub fn parse(text: &str) -> Parsed {
    stream::parse_reader(without_bom(text).as_bytes())
}

pub use stream::parse_reader;

/// An annotation, or a container of them (collection, page, array).
pub(super) fn read_w3c(value: &Value, book: &Book, parsed: &mut Parsed) {
    match value {
        Value::Array(values) => values.iter().for_each(|v| read_w3c(v, book, parsed)),
        Value::Object(object) => {
            let kind = object.get("type").and_then(Value::as_str).unwrap_or("");
            if kind == "AnnotationCollection" {
                let book = Book {
                    title: object
                        .get("label")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    ..book.clone()
                };
                if let Some(first) = object.get("first") {
                    read_w3c(first, &book, parsed);
                }
            } else if kind == "AnnotationPage" || object.contains_key("items") {
                if let Some(items) = object.get("items") {
                    read_w3c(items, book, parsed);
                }
            } else {
                read_annotation(value, book, parsed);
            }
        }
        _ => parsed.problem(0, "a value that is not an annotation"),
    }
}

/// One Hypothesis row or W3C annotation.
fn read_annotation(value: &Value, book: &Book, parsed: &mut Parsed) {
    let target = match value.get("target") {
        Some(Value::Array(targets)) => targets.first(),
        other => other,
    };
    let selectors = target.map(selectors_of).unwrap_or_default();
    let quote = selectors
        .iter()
        .find(|s| s.get("type").and_then(Value::as_str) == Some("TextQuoteSelector"));
    let position = selectors
        .iter()
        .find(|s| s.get("type").and_then(Value::as_str) == Some("TextPositionSelector"))
        .and_then(|s| range(s.get("start"), s.get("end")));
    let id = value.get("id").and_then(Value::as_str).unwrap_or("");
    let exact = quote.map(|quote| string(quote.get("exact"))).unwrap_or_default();
    // A page note (or a note on a place given only by offsets into some other copy of
    // the text) has nothing to find it by: kept with its note, orphaned, as a Kindle
    // note with no highlight is. With no note either there is nothing to keep.
    let quote = quote.filter(|_| !exact.trim().is_empty());
    let exact = if quote.is_some() { exact } else { String::new() };
    let source = target
        .and_then(target_source)
        .or_else(|| value.get("uri").and_then(Value::as_str));
    let book = Book {
        title: hypothesis_title(value).unwrap_or_else(|| book.title.clone()),
        author: book.author.clone(),
        url: source.map(str::to_string).or_else(|| book.url.clone()),
    };
    let mut item = Item::new(format!("w3c\0{id}\0{exact}"), Kind::Highlight, exact, 0);
    item.margent_id = margent_id(id);
    item.prefix = quote
        .and_then(|q| q.get("prefix"))
        .and_then(Value::as_str)
        .map(str::to_string);
    item.suffix = quote
        .and_then(|q| q.get("suffix"))
        .and_then(Value::as_str)
        .map(str::to_string);
    item.position = position;
    item.color = target
        .and_then(|t| t.get("styleClass"))
        .and_then(Value::as_str)
        .map(str::to_string);
    item.created = time(value.get("created"));
    item.modified = time(value.get("modified").or_else(|| value.get("updated"))).or(item.created);
    item.author = creator(value.get("creator")).or_else(|| hypothesis_user(value));
    read_bodies(value, &mut item);
    if let Some(tags) = value.get("tags").and_then(Value::as_array) {
        item.tags
            .extend(tags.iter().filter_map(Value::as_str).map(str::to_string));
    }
    if let Some(text) = value
        .get("text")
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
    {
        item.note = text.to_string();
    }
    item.kind = match value.get("motivation").and_then(Value::as_str) {
        Some("tagging") => Kind::Mark,
        Some("commenting") => Kind::Note,
        Some("highlighting") => Kind::Highlight,
        _ if !item.note.trim().is_empty() => Kind::Note,
        _ => Kind::Highlight,
    };
    if item.quote.is_empty() {
        if item.note.trim().is_empty() {
            let id: String = id.chars().take(60).collect();
            parsed.problem(
                0,
                format!("annotation {id:?}: no quoted text to place it by and no note (only a position?): not imported"),
            );
            return;
        }
        item.kind = Kind::Note;
        // Offsets into some copy of the text, with nothing here to confirm them.
        item.position = None;
    }
    parsed.push(&book, item);
}

/// The selectors of a target, with those a selector is `refinedBy` (W3C §4.2.9).
fn selectors_of(target: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    let mut pending: Vec<&Value> = match target.get("selector") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    while let Some(selector) = pending.pop() {
        if let Some(refined) = selector.get("refinedBy") {
            pending.push(refined);
        }
        out.push(selector);
    }
    out
}

fn target_source(target: &Value) -> Option<&str> {
    match target {
        Value::String(iri) => Some(iri),
        _ => target.get("source").and_then(Value::as_str),
    }
}

/// Bodies: `commenting` (or no purpose) is the note, `tagging` a tag, `assessing`
/// "resolved" the review status (margent's export); `describing` is margent's own
/// remark on an orphan, not the person's words.
fn read_bodies(value: &Value, item: &mut Item) {
    let bodies: Vec<&Value> = match value.get("body") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let mut notes = Vec::new();
    if let Some(text) = value.get("bodyValue").and_then(Value::as_str) {
        notes.push(text.to_string());
    }
    for body in bodies {
        let text = match body {
            Value::String(text) => text.as_str(),
            _ => body.get("value").and_then(Value::as_str).unwrap_or(""),
        };
        match body.get("purpose").and_then(Value::as_str) {
            Some("tagging") => item.tags.push(text.to_string()),
            Some("assessing") if text == "resolved" => {
                item.status = Status::Resolved;
                item.resolved_by = creator(body.get("creator"));
                item.resolved_at = time(body.get("created"));
            }
            Some("describing" | "assessing") => {}
            _ if !text.trim().is_empty() => notes.push(text.to_string()),
            _ => {}
        }
    }
    item.note = notes.join("\n\n");
}

/// The book of a margent export, from its `title`, `author` and `file_name`.
fn margent_book(fields: &serde_json::Map<String, Value>) -> Book {
    Book {
        title: string(fields.get("title")),
        author: fields.get("author").and_then(Value::as_str).map(str::to_string),
        url: fields
            .get("file_name")
            .and_then(Value::as_str)
            .map(str::to_string),
    }
}

/// One annotation of a margent export (`index` counts from 0, for reports).
fn margent_item(a: &Value, index: usize) -> Result<Item, String> {
    let id = string(a.get("id"));
    let kind = match a.get("kind").and_then(Value::as_str) {
        Some("note") => Kind::Note,
        Some("mark") => Kind::Mark,
        Some("highlight") => Kind::Highlight,
        _ => return Err(format!("annotation {}: no kind", index + 1)),
    };
    let mut item = Item::new(format!("margent\0{id}"), kind, string(a.get("exact")), 0);
    item.margent_id = margent_id(&id);
    item.prefix = a.get("prefix").and_then(Value::as_str).map(str::to_string);
    item.suffix = a.get("suffix").and_then(Value::as_str).map(str::to_string);
    item.position = range(a.get("stored_start"), a.get("stored_end"));
    item.color = a.get("color").and_then(Value::as_str).map(str::to_string);
    item.created = time(a.get("created"));
    item.modified = time(a.get("modified")).or(item.created);
    item.author = a.get("author").and_then(Value::as_str).map(str::to_string);
    item.note = string(a.get("note"));
    item.tags = a
        .get("tags")
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if a.get("review").and_then(Value::as_str) == Some("resolved") {
        item.status = Status::Resolved;
        item.resolved_by = a.get("resolved_by").and_then(Value::as_str).map(str::to_string);
        item.resolved_at = time(a.get("resolved_at"));
    }
    Ok(item)
}

fn string(value: Option<&Value>) -> String {
    value.and_then(Value::as_str).unwrap_or("").to_string()
}

fn range(start: Option<&Value>, end: Option<&Value>) -> Option<Range<usize>> {
    let start = usize::try_from(start?.as_u64()?).ok()?;
    let end = usize::try_from(end?.as_u64()?).ok()?;
    (start <= end).then_some(start..end)
}

fn time(value: Option<&Value>) -> Option<Timestamp> {
    value.and_then(Value::as_str).and_then(|text| text.parse().ok())
}

/// A UUID id (`urn:uuid:…` or bare), in margent's spelling.
fn margent_id(id: &str) -> Option<String> {
    let bare = id.strip_prefix("urn:uuid:").unwrap_or(id);
    uuid::Uuid::try_parse(bare)
        .ok()
        .map(|uuid| uuid.hyphenated().to_string())
}

fn creator(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(name) => Some(name.clone()),
        Value::Array(list) => creator(list.first()),
        object => object
            .get("name")
            .or_else(|| object.get("nickname"))
            .and_then(Value::as_str)
            .map(str::to_string),
    }
}

/// Hypothesis's `user` is `acct:name@host`: the name.
fn hypothesis_user(value: &Value) -> Option<String> {
    let user = value.get("user")?.as_str()?;
    let user = user.strip_prefix("acct:").unwrap_or(user);
    Some(user.split('@').next().unwrap_or(user).to_string()).filter(|name| !name.is_empty())
}

fn hypothesis_title(value: &Value) -> Option<String> {
    match value.get("document")?.get("title")? {
        Value::Array(titles) => titles.first().and_then(Value::as_str).map(str::to_string),
        Value::String(title) => Some(title.clone()),
        _ => None,
    }
}

mod stream;
#[cfg(test)]
mod tests;
