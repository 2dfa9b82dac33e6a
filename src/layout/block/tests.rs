//! Layouts of blocks at widths: rows, the position map and the text each row shows.

use super::*;
use crate::document::{Document, Source};

fn layouts(text: &str, width: usize) -> (Document, Vec<BlockLayout>) {
    let doc = Document::from_text(text, Source::Stdin);
    let mut out = Vec::new();
    let mut char_offset = 0;
    for block in doc.segmenter().iter() {
        let layout = BlockLayout::new(doc.text(), block, char_offset, LayoutOptions::new(width));
        char_offset = layout.chars().end;
        out.push(layout);
    }
    (doc, out)
}

fn picture(text: &str, width: usize) -> String {
    let (doc, layouts) = layouts(text, width);
    let mut rows = Vec::new();
    for layout in &layouts {
        for row in 0..layout.rows() {
            rows.push(layout.row_text(doc.text(), row));
        }
    }
    rows.join("\n")
}

#[test]
fn reflows_paragraphs_and_keeps_gaps() {
    let text = "Title Line\n\nThe clocks were\nstriking thirteen.\n\nWinston Smith";
    assert_eq!(
        picture(text, 12),
        "Title Line\n\nThe clocks\nwere\nstriking\nthirteen.\n\nWinston\nSmith"
    );
}

#[test]
fn lines_partition_the_text_in_chars() {
    let text = "\n\n第一回\n\n　　话说天下大势，分久必合，合久必分。周末七国分争。\n　　并入于秦。\n\n\n";
    let (doc, layouts) = layouts(text, 10);
    let mut expected_start = 0;
    for layout in &layouts {
        for line in &layout.lines {
            assert_eq!(line.chars.start, expected_start);
            assert_eq!(doc.char_at(line.bytes.start), line.chars.start);
            assert_eq!(doc.char_at(line.bytes.end), line.chars.end);
            expected_start = line.chars.end;
        }
    }
    assert_eq!(expected_start, doc.len_chars());
}

#[test]
fn position_map_round_trips_every_visible_char() {
    let text = "Some words here\nand there.\n\n中文的句子，很长很长。\n\nemoji 👨\u{200d}👩\u{200d}👧 and e\u{301} tab\tend";
    let (doc, layouts) = layouts(text, 9);
    for layout in &layouts {
        for row in 0..layout.rows() {
            for placed in layout.glyphs(doc.text(), row) {
                let c = placed.char_offset;
                assert_eq!(layout.row_of_char(c), row);
                assert_eq!(layout.col_of_char(doc.text(), row, c), placed.col);
                assert_eq!(layout.char_at_col(doc.text(), row, placed.col), c);
                let byte = doc.byte_at(c);
                assert_eq!(
                    &doc.text()[byte..byte + placed.glyph.len],
                    &layout.display.as_str(doc.text())[placed.glyph.byte..placed.glyph.end()]
                );
            }
        }
    }
}

#[test]
fn wide_indents_are_capped_to_half_the_width() {
    let text = format!("{}김 동 인", " ".repeat(81));
    assert_eq!(picture(&text, 30), format!("{}김 동 인", " ".repeat(15)));
}

#[test]
fn a_tab_after_a_capped_indent_reaches_the_stop_from_where_it_stands() {
    // The indent (24 columns) shrinks to 10; "ab" ends at 12, the tab goes to 16.
    assert_eq!(picture("\t\t\tab\tcd", 20), format!("{}ab    cd", " ".repeat(10)));
}

#[test]
fn controls_show_as_pictures() {
    assert_eq!(
        picture("bell\u{7} esc\u{1b}[31m nul\u{0}", 40),
        "bell␇ esc␛[31m nul␀"
    );
}
