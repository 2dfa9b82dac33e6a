//! Builders shared by the sidecar's unit tests.

use std::sync::Arc;

use proptest::prelude::*;

use crate::annotation::{Annotation, Kind, Status};

use super::model::{DocumentInfo, SidecarData};

/// A valid annotation whose id ends in `n` (so ids sort by `n`).
pub fn annotation(n: u32) -> Annotation {
    Annotation::new(Kind::Note, "the sentence that\nresists summary", 249..282)
        .with_id(format!("0193a5b2-7c1d-7e4f-8a9b-{n:012x}"))
        .created_at("2026-11-26T09:26:53Z".parse().unwrap())
        .modified_at("2026-11-26T09:31:10Z".parse().unwrap())
        .with_context("before ", " after")
        .with_tags(["close-reading"])
        .with_note("multi-line\nnote")
}

pub fn document() -> DocumentInfo {
    DocumentInfo {
        file_name: "essay.txt".to_string(),
        title: "On Reading Slowly".to_string(),
        author: None,
        encoding: "UTF-8".to_string(),
        content_hash: "blake3:00ff".to_string(),
        char_count: 582,
        position: 1234,
    }
}

pub fn data(ids: &[u32]) -> SidecarData {
    SidecarData {
        document: document(),
        annotations: ids.iter().map(|&n| Arc::new(annotation(n))).collect(),
    }
}

/// Text that stresses TOML quoting: quotes, runs of quotes, backslashes, line breaks,
/// controls, CJK, emoji and anything else.
pub fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("\"\"\"".to_string()),
        Just("'''".to_string()),
        Just("\\".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just("\u{0}\u{1b}\u{7f}\u{85}".to_string()),
        Just("中文 😀 e\u{301}".to_string()),
        "\\PC{0,8}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

/// Any annotation the model holds (a name is never blank: `Annotation::normalised`).
pub fn any_annotation() -> impl Strategy<Value = Annotation> {
    let kind = prop_oneof![Just(Kind::Highlight), Just(Kind::Note), Just(Kind::Mark)];
    let status = prop_oneof![Just(Status::Open), Just(Status::Resolved)];
    let seconds = 0i64..=253_402_207_200; // 1970 to the last instant jiff allows, in 9999
    let at = seconds
        .clone()
        .prop_map(|seconds| jiff::Timestamp::from_second(seconds).unwrap());
    (
        (any::<u128>(), kind, at.clone(), at.clone(), "[a-z]{0,8}"),
        (
            hostile_text(),
            hostile_text(),
            hostile_text(),
            0usize..1_000_000,
            0usize..1000,
        ),
        (
            prop::collection::vec(hostile_text(), 0..4),
            hostile_text(),
            status,
        ),
        (
            prop::option::of(hostile_text()),
            prop::option::of(hostile_text()),
            prop::option::of(at),
        ),
    )
        .prop_map(
            |(
                (id, kind, created, modified, color),
                (exact, prefix, suffix, start, len),
                (tags, note, status),
                (author, resolved_by, resolved_at),
            )| {
                let mut annotation = Annotation::new(kind, exact, start..start + len)
                    .with_id(uuid::Uuid::from_u128(id).hyphenated().to_string())
                    .created_at(created)
                    .modified_at(modified)
                    .with_color(color)
                    .with_context(prefix, suffix)
                    .with_tags(tags)
                    .with_note(note)
                    .with_status(status);
                annotation.author = author;
                annotation.resolved_by = resolved_by;
                annotation.resolved_at = resolved_at;
                annotation.normalised()
            },
        )
}

pub fn any_data() -> impl Strategy<Value = SidecarData> {
    (
        prop::collection::vec(any_annotation(), 0..8),
        hostile_text(),
        prop::option::of(hostile_text()),
        0usize..10_000_000,
    )
        .prop_map(|(annotations, title, author, position)| {
            let mut annotations = annotations;
            annotations.sort_by(|a, b| a.id.cmp(&b.id));
            annotations.dedup_by(|a, b| a.id == b.id);
            SidecarData {
                document: DocumentInfo {
                    title,
                    // A blank author is no author: the merge reads it so.
                    author: author.filter(|author| !author.is_empty()),
                    position,
                    ..document()
                },
                annotations: annotations.into_iter().map(Arc::new).collect(),
            }
        })
}
