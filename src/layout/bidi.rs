//! Right-to-left paragraphs (DESIGN §1.9): a paragraph whose first strong character is
//! right-to-left is wrapped in logical order like any other, then each row is reordered
//! for display with UAX #9 (`unicode-bidi`) and aligned right, so it reads correctly on
//! terminals that do no bidi. Only columns change: glyphs keep their source offsets,
//! so selection, search and highlights colour the right cells. No bidi control is
//! emitted (they are hidden glyphs). Pure.

use unicode_bidi::{BidiInfo, Direction, Level, get_base_direction};

use super::block::PlacedGlyph;

/// How right-to-left text reaches the terminal (config `[reader] bidi`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Bidi {
    /// Reordered per row and aligned right by margent.
    #[default]
    Reorder,
    /// Sent in logical order, for terminals that reorder it themselves.
    Terminal,
}

/// Whether a paragraph's first strong character is right-to-left (UAX #9 P2–P3).
pub fn is_rtl(text: &str) -> bool {
    get_base_direction(text) == Direction::Rtl
}

/// Gives the glyphs of one row (in logical order, `row` being the row's display text
/// starting at display byte `row_start`) the columns at which they read in visual
/// order, right-aligned in `width_cols` after `indent_cols`.
pub fn place_visually(
    row: &str,
    row_start: usize,
    placed: &mut [PlacedGlyph],
    indent_cols: usize,
    width_cols: usize,
) {
    if placed.is_empty() {
        return;
    }
    let info = BidiInfo::new(row, Some(Level::rtl()));
    let Some(paragraph) = info.paragraphs.first() else {
        return;
    };
    let (levels, runs) = info.visual_runs(paragraph, paragraph.range.clone());
    // A space that ends the row in logical order stands at its left end.
    let total: usize = placed.iter().map(|p| p.glyph.cols).sum();
    let mut col = indent_cols + width_cols.saturating_sub(total);
    for run in runs {
        let first = placed.partition_point(|p| p.glyph.byte - row_start < run.start);
        let end = placed.partition_point(|p| p.glyph.byte - row_start < run.end);
        let indices: Box<dyn Iterator<Item = usize>> = if levels[run.start].is_rtl() {
            Box::new((first..end).rev())
        } else {
            Box::new(first..end)
        };
        for index in indices {
            placed[index].col = col;
            col += placed[index].glyph.cols;
            if levels[run.start].is_rtl() {
                placed[index].mirrored = mirror(&row[placed[index].glyph.byte - row_start..]);
            }
        }
    }
}

/// The mirror image of a paired bracket at the start of `text`, drawn in place of it
/// in a right-to-left run (Bidi_Mirrored, the brackets in common use).
fn mirror(text: &str) -> Option<char> {
    let pairs = [
        ('(', ')'),
        ('[', ']'),
        ('{', '}'),
        ('<', '>'),
        ('«', '»'),
        ('‹', '›'),
        ('⁅', '⁆'),
        ('〈', '〉'),
    ];
    let c = text.chars().next()?;
    pairs
        .iter()
        .find_map(|&(open, close)| (c == open).then_some(close).or((c == close).then_some(open)))
}
