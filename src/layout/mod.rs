//! Reflow: the layout of blocks into visual lines for a width in display columns, and
//! the map between text offsets and screen positions. Pure functions, no terminal.

pub mod bidi;
pub mod block;
pub mod breaks;
pub mod flow;
mod flush;
pub mod glyph;
mod hang;
pub mod join;
mod plain;
pub mod shown;
pub mod width;
pub mod wrap;

pub use block::{BlockLayout, LayoutOptions, LineKind, PlacedGlyph, VisualLine};
pub use flow::{Flow, RowRef};
pub use glyph::{Glyph, GlyphOptions, Look};
pub use width::AmbiguousWidth;

use crate::document::Document;

/// Lays out every block of `doc` in order (for `margent render` and whole-document
/// passes); the reader lays out only the blocks around its viewport.
pub fn lay_out_all(doc: &Document, options: LayoutOptions) -> impl Iterator<Item = BlockLayout> + '_ {
    let mut char_offset = 0;
    doc.segmenter().iter().map(move |block| {
        let layout = BlockLayout::of(doc, block, char_offset, options);
        char_offset = layout.chars().end;
        layout
    })
}
