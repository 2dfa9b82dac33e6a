//! Builders shared by the sidecar's unit tests.

use crate::annotation::{Annotation, Kind, Status};

use super::model::{DocumentInfo, SidecarData};

/// A valid annotation whose id ends in `n` (so ids sort by `n`).
pub fn annotation(n: u32) -> Annotation {
    Annotation {
        id: format!("0193a5b2-7c1d-7e4f-8a9b-{n:012x}"),
        kind: Kind::Note,
        created: "2026-11-26T09:26:53Z".parse().unwrap(),
        modified: "2026-11-26T09:31:10Z".parse().unwrap(),
        color: "yellow".to_string(),
        exact: "the sentence that\nresists summary".to_string(),
        prefix: "before ".to_string(),
        suffix: " after".to_string(),
        start: 249,
        end: 282,
        tags: vec!["close-reading".to_string()],
        note: "multi-line\nnote".to_string(),
        status: Status::Open,
        author: None,
    }
}

pub fn document() -> DocumentInfo {
    DocumentInfo {
        file_name: "essay.txt".to_string(),
        title: "On Reading Slowly".to_string(),
        encoding: "UTF-8".to_string(),
        content_hash: "blake3:00ff".to_string(),
        char_count: 582,
        position: 1234,
    }
}

pub fn data(ids: &[u32]) -> SidecarData {
    SidecarData {
        document: document(),
        annotations: ids.iter().map(|&n| annotation(n)).collect(),
    }
}
