//! Text set against the end of the line (Aozora's 地付き and 地から○字上げ): where it
//! starts in a block's display text, how it is wrapped on rows of its own, and the
//! columns its glyphs stand at. Only columns change: glyphs keep their source offsets,
//! as in right-to-left rows. Pure.

use std::ops::Range;

use super::block::PlacedGlyph;
use super::glyph::GlyphOptions;
use super::wrap::wrap_grouped;
use crate::markup::FlushEnd;

/// Where the flush text of `shown` starts and its margin in columns (at most half of
/// `room`, the columns a row has), or `None` when nothing visible follows the note. A
/// note with nothing visible before it sets the whole block.
pub fn resolve(flush: Option<FlushEnd>, shown: &str, room: usize) -> Option<(usize, usize)> {
    let flush = flush.filter(|f| !shown[f.from..].trim().is_empty())?;
    let from = if shown[..flush.from].trim().is_empty() {
        0
    } else {
        flush.from
    };
    Some((from, flush.margin_cols.min(room / 2)))
}

/// The rows of `shown[from..]` wrapped at `width_cols`, as ranges of `shown`; `groups`
/// are those of the whole display text.
pub fn wrap_tail(
    shown: &str,
    from: usize,
    width_cols: usize,
    options: GlyphOptions,
    groups: &[Range<usize>],
) -> impl Iterator<Item = Range<usize>> {
    let groups: Vec<Range<usize>> = groups
        .iter()
        .filter(|g| g.start >= from)
        .map(|g| g.start - from..g.end - from)
        .collect();
    wrap_grouped(&shown[from..], width_cols, options, &groups)
        .into_iter()
        .map(move |r| r.start + from..r.end + from)
}

/// Moves a row's glyphs (placed from its indent) so that its last visible one ends
/// `margin` columns short of `width_cols`; trailing whitespace pushed into the margin is
/// not drawn.
pub fn place(placed: &mut Vec<PlacedGlyph>, width_cols: usize, margin: usize) {
    let end = width_cols - margin;
    let last = placed
        .iter()
        .filter(|p| !p.glyph.is_space())
        .map(|p| p.col + p.glyph.cols)
        .max()
        .unwrap_or(0);
    let shift = end.saturating_sub(last);
    placed.iter_mut().for_each(|p| p.col += shift);
    placed.retain(|p| !p.glyph.is_space() || p.col + p.glyph.cols <= end);
}
