//! Fuzz target: any bytes through decoding, paragraph detection and reflow at a width
//! taken from the input; the output must fit the width, hold no control characters
//! but newlines, and the reading flow must step through it without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use margent::document::{Document, Source};
use margent::layout::width::{AmbiguousWidth, grapheme_cols};
use margent::layout::{Flow, LayoutOptions};
use unicode_segmentation::UnicodeSegmentation;

fuzz_target!(|data: &[u8]| {
    let Some((&width, bytes)) = data.split_first() else { return };
    let width = usize::from(width % 120) + 2;
    let Ok(doc) = Document::from_bytes(bytes.to_vec(), None, Source::Stdin) else { return };
    let mut out = Vec::new();
    margent::render::render(&doc, LayoutOptions::new(width), &mut out).expect("writing to memory");
    let out = String::from_utf8(out).expect("render writes UTF-8");
    for line in out.lines() {
        assert!(!line.chars().any(|c| c.is_control()), "control character in {line:?}");
        let cols: usize = line.graphemes(true).map(|g| grapheme_cols(g, AmbiguousWidth::Narrow)).sum();
        assert!(cols <= width || line.trim().graphemes(true).count() == 1, "{line:?} wider than {width}");
    }
    let mut flow = Flow::new(LayoutOptions::new(width));
    if let Some(row) = flow.row_at(&doc, doc.len_chars() / 2) {
        let down = flow.step(&doc, &row, 50);
        flow.step(&doc, &down, -100);
    }
});
