//! Fuzz target: re-anchoring an annotation (its quote, context and offsets taken from
//! the input) in a text taken from the input. The result must lie inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use margent::anchor;
use margent::annotation::{Annotation, Kind, Status, new_id, now};
use margent::document::{Document, Source};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(5, '\u{1}');
    let (Some(body), Some(exact), Some(prefix), Some(suffix)) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return;
    };
    let numbers: Vec<usize> = parts.next().unwrap_or("").bytes().map(usize::from).collect();
    let start = numbers.first().copied().unwrap_or(0) * 7;
    let end = start + numbers.get(1).copied().unwrap_or(0);
    let doc = Document::from_text(body, Source::Stdin);
    let at = now();
    let annotation = Annotation {
        id: new_id(),
        kind: Kind::Highlight,
        created: at,
        modified: at,
        color: "yellow".into(),
        exact: exact.into(),
        prefix: prefix.into(),
        suffix: suffix.into(),
        start,
        end,
        tags: Vec::new(),
        note: String::new(),
        status: Status::Open,
        author: None,
    };
    for anchoring in anchor::anchor_all(&doc, &[annotation.clone(), annotation], None) {
        assert!(anchoring.start <= anchoring.end && anchoring.end <= doc.len_chars(), "{anchoring:?}");
    }
});
