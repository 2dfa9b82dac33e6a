//! Exports of a document's annotations (DESIGN §1.7): Markdown, Org, JSON, Readwise CSV,
//! W3C Web Annotation JSON-LD and a standalone HTML page. Each format is a pure
//! `fn(&ExportInput) -> String`; reading the document and sidecar and writing the
//! result is the command's job (`commands::export`). No IO, no terminal.
//!
//! Every format carries the document's title, its file name and each annotation's
//! location and review status (resolved: by whom and when, when known), and says which
//! annotations are orphaned (no longer found in the text): those are exported as they
//! were stored, never dropped.

mod anki;
mod filter;
mod format;
mod html;
mod json;
mod many;
mod markdown;
mod org;
mod parts;
mod readwise;
pub mod text;
mod w3c;

use std::sync::Arc;

use crate::anchor::{self, AnchorStatus, Anchoring};
use crate::annotation::Annotation;
use crate::document::Document;
use crate::document::location::{Location, Locator};
use crate::memory;
use crate::palette::Palette;
use crate::sidecar::DocumentInfo;

pub use filter::Filter;
pub use format::Format;
pub use json::{annotation_json, to_json_string, write_json_array};
pub use many::export_many;
pub use parts::Sink;
pub use text::{location_text, review_text, status_remark};

/// One annotation with where it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// As stored in the sidecar (its `start`/`end` are the stored offsets).
    pub annotation: Arc<Annotation>,
    /// Where it attaches to the current text, and how well.
    pub anchoring: Anchoring,
    /// Where `anchoring.start` is; none for an orphan: its stored offsets now point at
    /// other text, so it is nowhere.
    pub location: Option<Location>,
}

impl Item {
    pub fn is_orphaned(&self) -> bool {
        self.anchoring.status == AnchorStatus::Orphaned
    }
}

/// Everything an export needs; formats read nothing else.
#[derive(Debug, Clone, Copy)]
pub struct ExportInput<'a> {
    /// The document's real title (the sidecar's, else the detected one).
    pub title: &'a str,
    /// The source file's name (`-` for standard input).
    pub file_name: &'a str,
    /// A `file:` URL of the source, when it is a file (Readwise's URL, W3C's `source`).
    pub source_url: Option<&'a str>,
    /// The document's author, when the text says.
    pub author: Option<&'a str>,
    pub doc: &'a Document,
    /// The sidecar's `[document]` table (the JSON export carries it).
    pub document_info: &'a DocumentInfo,
    /// For highlight colours (HTML).
    pub palette: &'a Palette,
    /// The annotations to export, in document order (see `items`).
    pub items: &'a [Item],
    /// Which annotations were asked for: a filtered export says so (`Filter::describe`).
    pub filter: &'a Filter,
}

/// Anchors `annotations` in `doc` (with the sidecar's stored content hash), locates
/// them, keeps those `filter` accepts and orders them as they appear in the text.
///
/// All of them are anchored, not only those kept: anchoring follows the shift of
/// confidently anchored neighbours, so a filter must not change where one lands.
pub fn items(
    doc: &Document,
    annotations: &[Arc<Annotation>],
    stored_content_hash: Option<&str>,
    filter: &Filter,
) -> Vec<Item> {
    if !annotations.iter().any(|annotation| filter.accepts(annotation)) {
        return Vec::new();
    }
    items_from(doc, annotations.to_vec(), stored_content_hash, filter)
}

/// `items` of annotations the caller gives away (100,000 are not copied).
pub fn items_from(
    doc: &Document,
    annotations: Vec<Arc<Annotation>>,
    stored_content_hash: Option<&str>,
    filter: &Filter,
) -> Vec<Item> {
    if !annotations.iter().any(|annotation| filter.accepts(annotation)) {
        return Vec::new();
    }
    let (locator, anchorings) = std::thread::scope(|scope| {
        let locator = scope.spawn(|| Locator::build(doc));
        let anchorings = anchor::anchor_all(doc, &annotations, stored_content_hash);
        let locator = locator
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (locator, anchorings)
    });
    let locations = crate::par::map(&anchorings, |anchoring| {
        (anchoring.status != AnchorStatus::Orphaned).then(|| locator.locate(anchoring.start))
    });
    // Taken from the end (the order is made below), so that 100,000 annotations are
    // not held twice, as annotations and as items.
    let mut items: Vec<Item> = memory::from_end(annotations)
        .zip(memory::from_end(anchorings))
        .zip(memory::from_end(locations))
        .filter(|((annotation, _), _)| filter.accepts(annotation))
        .map(|((annotation, anchoring), location)| Item {
            annotation,
            anchoring,
            location,
        })
        .collect();
    items.sort_by(|a, b| {
        (a.anchoring.start, a.anchoring.end, &a.annotation.id).cmp(&(
            b.anchoring.start,
            b.anchoring.end,
            &b.annotation.id,
        ))
    });
    items
}

/// The export of `input` in `format`, handed to `sink` a part at a time as it is made
/// (100,000 annotations as one JSON tree took 1 GB; as one string, twice the sidecar).
pub fn write(format: Format, input: &ExportInput<'_>, sink: Sink<'_>) -> std::io::Result<()> {
    match format {
        Format::Md => markdown::write(input, sink),
        Format::Org => org::write(input, sink),
        Format::Json => json::write(input, sink),
        Format::Csv => sink(&readwise::export(input)),
        Format::W3c => w3c::write(input, sink),
        Format::Html => html::write(input, sink),
        Format::Anki => anki::write(input, sink),
    }
}

/// The export of `input` in `format`.
pub fn export(format: Format, input: &ExportInput<'_>) -> String {
    parts::joined(|sink| write(format, input, sink))
}
