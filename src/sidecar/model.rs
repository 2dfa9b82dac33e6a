//! The sidecar's data beyond one `Annotation`: the `[document]` table, the whole file's
//! contents, and the limits every value must respect. Plain data: no IO, no TOML.

use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::ser;
use crate::annotation::Annotation;
use crate::document::Document;

pub use crate::annotation::DEFAULT_COLOR;

/// The value of the top-level `format` key.
pub const FORMAT: &str = "margent-notes";
/// The schema this margent reads and writes; a file with a larger `schema_version` is
/// never overwritten.
pub const SCHEMA_VERSION: i64 = 1;

/// Sizes past which a sidecar is refused as damaged rather than loaded. They are far
/// beyond what a person writes, and keep a hostile file from exhausting memory.
pub mod limits {
    /// Bytes of a whole sidecar file.
    pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;
    /// Annotations in one sidecar.
    pub const MAX_ANNOTATIONS: usize = 200_000;
    /// Bytes of `exact` or `note`.
    pub const MAX_TEXT_BYTES: usize = 1024 * 1024;
    /// Bytes of every other string (ids, names, tags, context, hashes).
    pub const MAX_SHORT_BYTES: usize = 4096;
    /// Tags on one annotation (entries of any array: `tags` is the only one).
    pub const MAX_TAGS: usize = 256;
    /// Largest code-point offset (start, end, position, char_count).
    pub const MAX_OFFSET: usize = u32::MAX as usize;

    #[cfg(test)]
    thread_local! {
        /// A smaller `MAX_ANNOTATIONS` for this test's thread (`with_max_annotations`).
        static TEST_MAX_ANNOTATIONS: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
    }

    /// The most annotations a sidecar may hold, for reading and writing alike:
    /// `MAX_ANNOTATIONS`, or a test's smaller stand-in.
    pub(crate) fn max_annotations() -> usize {
        #[cfg(test)]
        if let Some(max) = TEST_MAX_ANNOTATIONS.with(std::cell::Cell::get) {
            return max;
        }
        MAX_ANNOTATIONS
    }

    /// Runs `f` with `max` as the annotation limit on this thread.
    #[cfg(test)]
    pub(crate) fn with_max_annotations<T>(max: usize, f: impl FnOnce() -> T) -> T {
        TEST_MAX_ANNOTATIONS.with(|cell| cell.set(Some(max)));
        let result = f();
        TEST_MAX_ANNOTATIONS.with(|cell| cell.set(None));
        result
    }

    /// Refuses a sidecar that would hold more than `max` annotations
    /// (`max_annotations()`): margent never writes a file it would refuse to read back.
    pub fn check_count(count: usize, max: usize) -> Result<(), super::InvalidValue> {
        if count > max {
            return Err(super::InvalidValue::new(
                "annotation",
                format!("not added: a sidecar holds at most {max} annotations; delete some first"),
            ));
        }
        Ok(())
    }
}

/// The `[document]` table: which document the notes belong to and where the reader was.
/// Its fields, in order, are the table's keys (read and written through serde, as for
/// `Annotation`); every one may be left out.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DocumentInfo {
    pub file_name: String,
    /// Detected or set; used by exports.
    pub title: String,
    /// Set with `margent meta --author` (left out until then); used by exports.
    pub author: Option<String>,
    pub encoding: String,
    /// `blake3:<hex>` of the normalised text at the last full anchoring.
    pub content_hash: String,
    /// Code points of the normalised text at the last full anchoring.
    pub char_count: usize,
    /// Reading position: code-point offset of the first visible character.
    pub position: usize,
}

impl DocumentInfo {
    /// The keys of the `[document]` table, in the order they are written.
    pub fn keys() -> &'static [&'static str] {
        crate::annotation::stored::keys_of::<DocumentInfo>()
    }

    /// The `[document]` table of a fresh sidecar for `doc`, reading position at the start.
    /// A name or title too long to store is cut (at a character boundary).
    pub fn from_document(doc: &Document) -> DocumentInfo {
        DocumentInfo {
            file_name: cut_to(doc.file_name(), limits::MAX_SHORT_BYTES),
            title: cut_to(doc.title(), limits::MAX_SHORT_BYTES),
            author: None,
            encoding: doc.encoding().to_string(),
            content_hash: doc.content_hash(),
            char_count: doc.len_chars(),
            position: 0,
        }
    }
}

/// Everything a sidecar says, without its TOML layout: what merges compare.
/// `annotations` are sorted by id, and ids are unique.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SidecarData {
    pub document: DocumentInfo,
    /// Shared, not copied: the reader's view, the base a save merges against and the
    /// sidecar hold the same annotations (100,000 of them are ~45 MB a copy).
    pub annotations: Vec<Arc<Annotation>>,
}

impl SidecarData {
    /// The annotation with this id (binary search: annotations are sorted by id).
    pub fn annotation(&self, id: &str) -> Option<&Annotation> {
        self.index_of(id).ok().map(|index| &*self.annotations[index])
    }

    /// `Ok(index)` of the annotation with this id, or `Err(index)` where it would go.
    pub(crate) fn index_of(&self, id: &str) -> Result<usize, usize> {
        self.annotations
            .binary_search_by(|annotation| annotation.id.as_str().cmp(id))
    }
}

/// A value that the sidecar cannot hold: which key, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{key}` {reason}")]
pub struct InvalidValue {
    pub key: &'static str,
    pub reason: String,
}

impl InvalidValue {
    pub(crate) fn new(key: &'static str, reason: impl Into<String>) -> InvalidValue {
        InvalidValue {
            key,
            reason: reason.into(),
        }
    }
}

/// Checks everything the parser checks, so that margent never writes a file it would
/// refuse to read back: each value against its limit, then the range.
pub fn validate_annotation(annotation: &Annotation) -> Result<(), InvalidValue> {
    ser::check(annotation)?;
    annotation
        .check_range()
        .map_err(|(key, reason)| InvalidValue::new(key, reason))
}

/// Checks the `[document]` table's values.
pub fn validate_document(info: &DocumentInfo) -> Result<(), InvalidValue> {
    ser::check(info)
}

/// Ids are UUIDs in their canonical lowercase hyphenated form, so that sorting the text
/// sorts UUIDv7s by creation time and one annotation never has two spellings.
pub(crate) fn validate_id(key: &'static str, id: &str) -> Result<(), InvalidValue> {
    let mut canonical = uuid::Uuid::encode_buffer();
    match uuid::Uuid::try_parse(id) {
        Ok(uuid) if uuid.hyphenated().encode_lower(&mut canonical) == id => Ok(()),
        _ => Err(InvalidValue::new(
            key,
            format!(
                "must be a UUID in lowercase hyphenated form, not {:?}",
                crate::sanitize::inline(&truncated(id))
            ),
        )),
    }
}

pub(crate) fn validate_offset(key: &'static str, value: usize) -> Result<(), InvalidValue> {
    if value > limits::MAX_OFFSET {
        return Err(InvalidValue::new(
            key,
            format!("is {value}, more than the largest offset {}", limits::MAX_OFFSET),
        ));
    }
    Ok(())
}

pub(crate) fn validate_len(key: &'static str, value: &str, max_bytes: usize) -> Result<(), InvalidValue> {
    if value.len() > max_bytes {
        return Err(InvalidValue::new(
            key,
            format!(
                "is {} bytes long, more than the limit of {max_bytes}",
                value.len()
            ),
        ));
    }
    Ok(())
}

/// TOML datetimes have four-digit years.
pub(crate) fn validate_timestamp(key: &'static str, timestamp: Timestamp) -> Result<(), InvalidValue> {
    let year = jiff::tz::Offset::UTC.to_datetime(timestamp).year();
    if !(0..=9999).contains(&year) {
        return Err(InvalidValue::new(
            key,
            format!("has year {year}; TOML datetimes need a year from 0000 to 9999"),
        ));
    }
    Ok(())
}

fn cut_to(mut text: String, max_bytes: usize) -> String {
    if text.len() > max_bytes {
        let mut end = max_bytes;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// At most 40 characters of a value quoted in a message.
pub(crate) fn truncated(value: &str) -> String {
    const SHOWN: usize = 40;
    match value.char_indices().nth(SHOWN) {
        Some((byte, _)) => format!("{}…", &value[..byte]),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Annotation {
        crate::sidecar::test_support::annotation(1)
    }

    #[test]
    fn accepts_a_plain_annotation() {
        assert_eq!(validate_annotation(&sample()), Ok(()));
    }

    #[test]
    fn refuses_ids_that_are_not_canonical_uuids() {
        for id in [
            "",
            "note-1",
            "0193A5B2-7C1D-7E4F-8A9B-0C1D2E3F4A5B",
            "0193a5b27c1d7e4f8a9b0c1d2e3f4a5b",
        ] {
            let annotation = Annotation {
                id: id.to_string(),
                ..sample()
            };
            let err = validate_annotation(&annotation).unwrap_err();
            assert_eq!(err.key, "id", "{id}");
        }
    }

    #[test]
    fn refuses_a_range_that_ends_before_it_starts() {
        let annotation = Annotation {
            start: 10,
            end: 9,
            ..sample()
        };
        assert_eq!(validate_annotation(&annotation).unwrap_err().key, "end");
    }

    #[test]
    fn refuses_absurd_sizes() {
        let annotation = Annotation {
            note: "x".repeat(limits::MAX_TEXT_BYTES + 1),
            ..sample()
        };
        assert_eq!(validate_annotation(&annotation).unwrap_err().key, "note");
        let annotation = Annotation {
            tags: vec!["t".to_string(); limits::MAX_TAGS + 1],
            ..sample()
        };
        assert_eq!(validate_annotation(&annotation).unwrap_err().key, "tags");
        let annotation = Annotation {
            end: limits::MAX_OFFSET + 1,
            ..sample()
        };
        assert_eq!(validate_annotation(&annotation).unwrap_err().key, "end");
    }

    #[test]
    fn refuses_years_toml_cannot_write() {
        let annotation = Annotation {
            created: Timestamp::from_second(-62_200_000_000).unwrap(), // year -2
            ..sample()
        };
        assert_eq!(validate_annotation(&annotation).unwrap_err().key, "created");
    }

    #[test]
    fn overlong_names_are_cut_at_a_character_boundary() {
        let cut = cut_to("長".repeat(2000), limits::MAX_SHORT_BYTES); // 6000 bytes
        assert_eq!(cut.len(), 4095);
        assert_eq!(cut_to("short".to_string(), 10), "short");
    }

    #[test]
    fn the_document_keys_are_those_of_design_section_1_4_in_its_order() {
        assert_eq!(
            DocumentInfo::keys(),
            [
                "file_name",
                "title",
                "author",
                "encoding",
                "content_hash",
                "char_count",
                "position"
            ]
        );
    }

    #[test]
    fn finds_annotations_by_id() {
        let data = SidecarData {
            document: DocumentInfo::default(),
            annotations: vec![Arc::new(sample())],
        };
        assert!(data.annotation(&sample().id).is_some());
        assert!(data.annotation("0193a5b2-7c1d-7e4f-8a9b-000000000000").is_none());
    }
}
