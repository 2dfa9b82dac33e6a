//! Inputs that the fuzz targets (`fuzz/`) once crashed on, kept as regression tests:
//! each file in `tests/fixtures/fuzz/<target>/` is run through the target's checks.

use std::path::Path;

use margent::document::{Document, Source};
use margent::layout::width::{AmbiguousWidth, grapheme_cols};
use margent::layout::{Flow, LayoutOptions};
use unicode_segmentation::UnicodeSegmentation;

/// Each kept input of `target`: its file name and bytes.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(path).unwrap())
        })
        .collect()
}

/// The same checks as `fuzz/fuzz_targets/decode_layout.rs`. Every input kept here once
/// crashed in the layout, after decoding: one that stopped decoding would test nothing,
/// so it fails instead of being skipped as the fuzz target skips it.
#[test]
fn decode_layout_crashes_stay_fixed() {
    let cases = inputs("decode_layout");
    assert!(!cases.is_empty());
    for (name, data) in cases {
        let (&width, bytes) = data.split_first().unwrap_or_else(|| panic!("{name} is empty"));
        let width = usize::from(width % 120) + 2;
        let doc = Document::from_bytes(bytes.to_vec(), None, Source::Stdin)
            .unwrap_or_else(|err| panic!("{name} no longer decodes, so it tests nothing: {err}"));
        let mut out = Vec::new();
        margent::render::render(&doc, LayoutOptions::new(width), &mut out).unwrap();
        for line in String::from_utf8(out).unwrap().lines() {
            assert!(!line.chars().any(char::is_control), "{name}: {line:?}");
            let cols: usize = line
                .graphemes(true)
                .map(|g| grapheme_cols(g, AmbiguousWidth::Narrow))
                .sum();
            assert!(
                cols <= width || line.trim().graphemes(true).count() == 1,
                "{name}: {line:?} wider than {width}"
            );
        }
        let mut flow = Flow::new(LayoutOptions::new(width));
        if let Some(row) = flow.row_at(&doc, doc.len_chars() / 2) {
            let down = flow.step(&doc, &row, 50);
            flow.step(&doc, &down, -100);
        }
    }
}
