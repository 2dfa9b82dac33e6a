//! Right-to-left paragraphs (DESIGN §1.9), checked cell by cell: each row reordered for
//! display and aligned right, LTR runs kept LTR, brackets mirrored, and every glyph's
//! column still mapping to its own source character.

use margent::document::{Document, Source};
use margent::layout::bidi::Bidi;
use margent::layout::{BlockLayout, LayoutOptions, lay_out_all};

fn layouts(text: &str, width: usize, bidi: Bidi) -> (Document, Vec<BlockLayout>) {
    let doc = Document::from_text(text, Source::Stdin);
    let mut options = LayoutOptions::new(width);
    options.bidi = bidi;
    let layouts = lay_out_all(&doc, options).collect();
    (doc, layouts)
}

fn rows(text: &str, width: usize) -> Vec<String> {
    let (doc, layouts) = layouts(text, width, Bidi::Reorder);
    layouts
        .iter()
        .flat_map(|l| {
            (0..l.rows())
                .map(|row| l.row_text(doc.text(), row))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn a_hebrew_line_reads_right_to_left_aligned_right() {
    assert_eq!(rows("שלום עולם", 20), [format!("{}םלוע םולש", " ".repeat(11))]);
}

#[test]
fn latin_and_digits_inside_stay_left_to_right() {
    assert_eq!(
        rows("שלום abc 123 עולם", 17),
        ["םלוע abc 123 םולש"],
        "one left-to-right run: digits after Latin are Latin (W7)"
    );
}

#[test]
fn brackets_are_mirrored() {
    assert_eq!(rows("(שלום) עולם", 11), ["םלוע (םולש)"]);
}

#[test]
fn wrapped_rows_each_read_right_to_left_in_logical_line_order() {
    // Wrapped in logical order: the first words are on the first row.
    assert_eq!(rows("אחת שתיים שלוש ארבע", 10), [" םייתש תחא", " עברא שולש"]);
}

#[test]
fn english_paragraphs_are_untouched() {
    assert_eq!(rows("plain words (here)", 20), ["plain words (here)"]);
}

#[test]
fn logical_order_passes_through_when_the_terminal_reorders() {
    let (doc, layouts) = layouts("שלום עולם", 20, Bidi::Terminal);
    assert_eq!(layouts[0].row_text(doc.text(), 0), "שלום עולם");
}

#[test]
fn every_cell_maps_back_to_its_own_character() {
    let text = "על (הכל) abc עוד 42 מילים ועוד מילים ארוכות מאוד";
    for width in [8, 13, 20, 40] {
        let (doc, layouts) = layouts(text, width, Bidi::Reorder);
        for layout in &layouts {
            assert!(layout.rtl);
            for row in 0..layout.rows() {
                let mut cols = Vec::new();
                for placed in layout.glyphs(doc.text(), row) {
                    assert!(placed.col + placed.glyph.cols <= width, "inside the width");
                    if placed.glyph.cols == 0 {
                        continue;
                    }
                    cols.push(placed.col);
                    assert_eq!(
                        layout.char_at_col(doc.text(), row, placed.col),
                        placed.char_offset
                    );
                    assert_eq!(
                        layout.col_of_char(doc.text(), row, placed.char_offset),
                        placed.col
                    );
                }
                cols.sort_unstable();
                cols.dedup();
                assert_eq!(
                    cols.len(),
                    layout
                        .glyphs(doc.text(), row)
                        .filter(|p| p.glyph.cols > 0)
                        .count(),
                    "no two glyphs share a cell"
                );
            }
        }
    }
}
