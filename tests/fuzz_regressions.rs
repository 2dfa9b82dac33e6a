//! Inputs that the fuzz targets (`fuzz/`) once crashed on, kept as regression tests:
//! each file in `tests/fixtures/fuzz/<target>/` is run through the target's checks.

use std::path::Path;

use margent::document::{Document, Source};
use margent::layout::LayoutOptions;
use margent::layout::width::{AmbiguousWidth, grapheme_cols};
use unicode_segmentation::UnicodeSegmentation;

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files.iter().map(|path| std::fs::read(path).unwrap()).collect()
}

/// The same checks as `fuzz/fuzz_targets/decode_layout.rs`.
#[test]
fn decode_layout_crashes_stay_fixed() {
    let cases = inputs("decode_layout");
    assert!(!cases.is_empty());
    for data in cases {
        let Some((&width, bytes)) = data.split_first() else {
            continue;
        };
        let width = usize::from(width % 120) + 2;
        let Ok(doc) = Document::from_bytes(bytes.to_vec(), None, Source::Stdin) else {
            continue;
        };
        let mut out = Vec::new();
        margent::render::render(&doc, LayoutOptions::new(width), &mut out).unwrap();
        for line in String::from_utf8(out).unwrap().lines() {
            assert!(!line.chars().any(char::is_control), "{line:?}");
            let cols: usize = line
                .graphemes(true)
                .map(|g| grapheme_cols(g, AmbiguousWidth::Narrow))
                .sum();
            assert!(
                cols <= width || line.trim().graphemes(true).count() == 1,
                "{line:?} wider than {width}"
            );
        }
    }
}
