//! The hang of a plain paragraph: how far its rows after the first stand in, for a
//! block quoted by its indent and for a line kept as written (verse, lists) too wide
//! for the screen. Pure.

use super::block::LayoutOptions;
use crate::document::lines::LineInfo;
use crate::document::{Block, BlockKind, Document};

/// How much deeper than its own indent a kept line's wrapped rows stand.
const KEPT_LINE_HANG: usize = 2;
/// The narrowest rows a plain paragraph's hang leaves: on a narrower screen it has none.
pub(super) const MIN_HUNG_ROW_COLS: usize = 12;

/// The hang of a plain paragraph's rows after its first: an indented block's indent
/// (`indented_block_hang`), or a kept line's (`kept_line_hang`).
pub(super) fn plain_hang(doc: &Document, block: &Block, options: LayoutOptions) -> Option<usize> {
    if block.kind != BlockKind::Paragraph {
        return None;
    }
    let mut lines = doc.text()[block.content.clone()].split('\n');
    let first = LineInfo::of(lines.next()?)?;
    match lines.next() {
        None => kept_line_hang(doc, block, &first, options),
        Some(second) => indented_block_hang(doc, &first, [second].into_iter().chain(lines)),
    }
}

/// A paragraph whose source lines all stand at one indent, deeper than the text's
/// margin (a quotation, the licence's indented paragraphs), is reflowed inside it: its
/// rows after the first hang by it.
fn indented_block_hang<'t>(
    doc: &Document,
    first: &LineInfo,
    mut rest: impl Iterator<Item = &'t str>,
) -> Option<usize> {
    let indent = first.indent_cols;
    let inside = |line: &str| LineInfo::of(line).is_none_or(|info| info.indent_cols == indent);
    (indent > doc.style().margin_cols && rest.all(inside)).then_some(indent)
}

/// The hang of a line of a hard-wrapped text kept as written (verse, a list, an
/// address) that is too wide for the screen: its wrapped rows stand deeper than its own
/// indent, never left of it. A kept line is a paragraph of one source line next to
/// another such, with no blank line between (prose lines are joined, and a one-line
/// paragraph stands next to longer ones, or opens with the text's paragraph indent);
/// `None` for anything else, or a line that fits.
fn kept_line_hang(doc: &Document, block: &Block, line: &LineInfo, options: LayoutOptions) -> Option<usize> {
    if doc.style().wrap_cols.is_none()
        || line.cols <= options.width_cols
        || doc.style().first_line_indent == Some(line.indent_cols)
    {
        return None; // not a hard-wrapped text, a line that fits, or a paragraph of one line
    }
    let one_line = |block: &Block| !doc.text()[block.content.clone()].contains('\n');
    let segmenter = doc.segmenter();
    let kept_before = !block.gap_before && segmenter.prev(block).is_some_and(|prev| one_line(&prev));
    let kept_after = || {
        segmenter
            .next(block)
            .is_some_and(|next| !next.gap_before && one_line(&next))
    };
    (kept_before || kept_after()).then_some(line.indent_cols + KEPT_LINE_HANG)
}
