//! W3C Web Annotation export: one JSON-LD `AnnotationCollection` whose first (and only)
//! page holds every annotation. Each annotation has its UUID as a `urn:uuid:` id, its
//! times, a motivation from its kind, the note as a `commenting` body and each tag as a
//! `tagging` body, and a target whose selectors are a TextQuoteSelector and a
//! TextPositionSelector (code points, as margent counts them). Pure.
//!
//! The model has no review status, so a resolved annotation gets one more body, in the
//! model's own terms: `{"type": "TextualBody", "purpose": "assessing", "value":
//! "resolved"}`, with the person who resolved it as its `creator` and the time as its
//! `created`. An open annotation has none.
//!
//! The selectors describe the current text, so that both select the same passage: for
//! an annotation that is anchored, the quote and context are taken from the text where
//! it is now; an orphan keeps its stored selectors and gets a `describing` body saying
//! it is orphaned.

use serde_json::{Value, json};

use super::json::write_with_array;
use super::text::status_remark;
use super::{ExportInput, Item};
use crate::anchor::{self, AnchorStatus, Quote};
use crate::annotation::{Annotation, Kind, Status};

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The export, handed to `sink` a part at a time (an annotation each).
pub fn write(input: &ExportInput<'_>, sink: super::Sink<'_>) -> std::io::Result<()> {
    let source = source_iri(input);
    let value = json!({
        "@context": CONTEXT,
        "id": derived_urn("collection", input, &source),
        "type": "AnnotationCollection",
        "label": match input.filter.describe() {
            Some(filter) => format!("{} (filtered: only those with {filter})", input.title),
            None => input.title.to_string(),
        },
        "total": input.items.len(),
        "first": {
            "id": derived_urn("page", input, &source),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [],
        },
    });
    let items = input.items.iter().map(|item| annotation(input, item, &source));
    write_with_array(&value, items, 2, sink)
}

fn annotation(input: &ExportInput<'_>, item: &Item, source: &str) -> Value {
    let a = &item.annotation;
    let mut bodies: Vec<Value> = Vec::new();
    if !a.note.trim().is_empty() {
        bodies.push(textual_body(&a.note, "commenting"));
    }
    bodies.extend(a.tags.iter().map(|tag| textual_body(tag, "tagging")));
    // A fuzzy, ambiguous or orphaned item says so, and keeps the quote as stored:
    // the text now at its best place is unreviewed, and an orphan's offsets point at
    // other text, so neither gets a TextPositionSelector.
    let placed = matches!(
        item.anchoring.status,
        AnchorStatus::Exact | AnchorStatus::Relocated
    );
    if let Some(remark) = status_remark(item.anchoring.status) {
        bodies.push(textual_body(remark, "describing"));
    }
    if a.status == Status::Resolved {
        bodies.push(resolution_body(a));
    }
    let quote = if placed {
        let doc = input.doc;
        anchor::capture(doc.text(), doc.chars(), item.anchoring.start, item.anchoring.end)
    } else {
        Quote {
            exact: a.exact.clone(),
            prefix: a.prefix.clone(),
            suffix: a.suffix.clone(),
        }
    };
    let mut selectors = vec![json!({
        "type": "TextQuoteSelector",
        "exact": quote.exact,
        "prefix": quote.prefix,
        "suffix": quote.suffix,
    })];
    if placed {
        selectors.push(json!({
            "type": "TextPositionSelector",
            "start": item.anchoring.start,
            "end": item.anchoring.end,
        }));
    }
    let mut value = json!({
        "id": format!("urn:uuid:{}", a.id),
        "type": "Annotation",
        "created": a.created.to_string(),
        "modified": a.modified.to_string(),
        "motivation": motivation(a.kind),
        "target": {
            "source": source,
            "styleClass": a.color,
            "selector": selectors,
        },
    });
    if let Some(object) = value.as_object_mut() {
        if !bodies.is_empty() {
            object.insert("body".to_string(), Value::Array(bodies));
        }
        if let Some(author) = &a.author {
            object.insert("creator".to_string(), json!({ "type": "Person", "name": author }));
        }
    }
    value
}

fn textual_body(text: &str, purpose: &str) -> Value {
    json!({ "type": "TextualBody", "value": text, "format": "text/plain", "purpose": purpose })
}

/// A resolved annotation's review, in the model's own terms: an `assessing` body whose
/// value is `resolved`, made by whoever resolved it (`creator`) when they did (`created`).
fn resolution_body(annotation: &Annotation) -> Value {
    let mut body = textual_body(Status::Resolved.as_str(), "assessing");
    if let Some(object) = body.as_object_mut() {
        if let Some(by) = &annotation.resolved_by {
            object.insert("creator".to_string(), json!({ "type": "Person", "name": by }));
        }
        if let Some(at) = annotation.resolved_at {
            object.insert("created".to_string(), json!(at.to_string()));
        }
    }
    body
}

fn motivation(kind: Kind) -> &'static str {
    match kind {
        Kind::Highlight => "highlighting",
        Kind::Note => "commenting",
        Kind::Mark => "tagging",
    }
}

/// The document's IRI: its `file:` URL, else a URN derived from its content.
fn source_iri(input: &ExportInput<'_>) -> String {
    match input.source_url {
        Some(url) => url.to_string(),
        None => uuid_urn(&["source", &input.doc.content_hash()]),
    }
}

/// A stable id for the collection or its page: the same document and source give the
/// same id on every export.
fn derived_urn(what: &str, input: &ExportInput<'_>, source: &str) -> String {
    uuid_urn(&[what, source, &input.doc.content_hash()])
}

/// `urn:uuid:` with a version-8 UUID made from the blake3 hash of `parts`.
fn uuid_urn(parts: &[&str]) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update(&[0]);
    }
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
    let uuid = uuid::Builder::from_custom_bytes(bytes).into_uuid();
    format!("urn:uuid:{}", uuid.hyphenated())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_version_8_uuids() {
        let first = uuid_urn(&["page", "file:///a.txt", "blake3:00"]);
        assert_eq!(first, uuid_urn(&["page", "file:///a.txt", "blake3:00"]));
        assert_ne!(first, uuid_urn(&["collection", "file:///a.txt", "blake3:00"]));
        let uuid = uuid::Uuid::parse_str(first.strip_prefix("urn:uuid:").unwrap()).unwrap();
        assert_eq!(uuid.get_version_num(), 8);
    }
}
