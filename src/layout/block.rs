//! Layout of one block at one width: its visual lines and the position map between
//! code-point offsets of the normalised text and (row, column). Pure.
//!
//! Visual lines partition the block's bytes (and chars): every character of the text,
//! blank lines and joined-away line breaks included, belongs to exactly one visual
//! line, so any text offset has a row and every row has a text range.

use std::ops::Range;

use super::bidi::{self, Bidi};
use super::flush;
use super::glyph::{Glyph, GlyphOptions, Glyphs};
use super::hang::{MIN_HUNG_ROW_COLS, plain_hang};
use super::join::DisplayText;
use super::plain::{is_plain, push_glyph};
use super::shown::Shown;
use super::wrap::wrap_grouped;
use crate::document::{Block, BlockKind, Document};
use crate::markup::{Mark, Markup, MarkupOptions, Reading};
use crate::text::charindex::count_chars;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutOptions {
    pub width_cols: usize,
    pub glyphs: GlyphOptions,
    /// How ruby readings are shown in typeset markup.
    pub reading: Reading,
    /// Whether right-to-left paragraphs are reordered here or by the terminal.
    pub bidi: Bidi,
}

impl LayoutOptions {
    pub fn new(width_cols: usize) -> Self {
        LayoutOptions {
            width_cols: width_cols.max(1),
            glyphs: GlyphOptions::default(),
            reading: Reading::default(),
            bidi: Bidi::default(),
        }
    }

    fn markup(&self) -> MarkupOptions {
        MarkupOptions {
            reading: self.reading,
            reveal_notes: self.glyphs.reveal_hidden,
            width_cols: self.width_cols,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// The blank row standing for the blank lines between two paragraphs.
    Gap,
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisualLine {
    pub kind: LineKind,
    /// What is drawn: a range of the block's display text (empty for a gap).
    pub display: Range<usize>,
    /// The part of the normalised text this row stands for.
    pub bytes: Range<usize>,
    pub chars: Range<usize>,
}

/// A glyph placed on a row, with the source char it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacedGlyph {
    pub glyph: Glyph,
    pub col: usize,
    /// Char offset (in the normalised text) of the glyph's first char.
    pub char_offset: usize,
    /// Byte offset (in the normalised text) of the glyph's first char.
    pub source_byte: usize,
    /// Number of chars in the glyph's cluster.
    pub char_len: usize,
    /// How markup styles it.
    pub mark: Mark,
    /// Drawn as this mirrored bracket (in a right-to-left run).
    pub mirrored: Option<char>,
}

#[derive(Debug, Clone)]
pub struct BlockLayout {
    pub block: Block,
    pub display: Shown,
    pub lines: Vec<VisualLine>,
    pub options: LayoutOptions,
    /// Columns every text row is indented by (markup indents).
    pub indent_cols: usize,
    /// Columns the text rows after the first are indented by besides (a list item's).
    pub hang_cols: usize,
    /// A right-to-left paragraph: rows are reordered for display and aligned right.
    pub rtl: bool,
    /// Rows from this one on are set against the end of the line, so many columns short
    /// of it (Aozora's 地付き and 地から○字上げ).
    pub flush_end: Option<(usize, usize)>,
}

impl BlockLayout {
    /// Lays out `block` of `source` as plain text; `block_char` is the char offset of
    /// `block.bytes.start`.
    pub fn new(source: &str, block: Block, block_char: usize, options: LayoutOptions) -> BlockLayout {
        Self::typeset(source, &Markup::Plain, 0, block, block_char, options)
    }

    /// Lays out `block` of `doc`, typeset in the document's markup.
    pub fn of(doc: &Document, block: Block, block_char: usize, options: LayoutOptions) -> BlockLayout {
        let kept_hang = match doc.markup() {
            Markup::Plain => plain_hang(doc, &block, options).unwrap_or(0),
            _ => 0,
        };
        Self::typeset(doc.text(), doc.markup(), kept_hang, block, block_char, options)
    }

    /// `kept_hang`: the hang of a plain paragraph (`plain_hang`).
    fn typeset(
        source: &str,
        markup: &Markup,
        kept_hang: usize,
        mut block: Block,
        block_char: usize,
        options: LayoutOptions,
    ) -> BlockLayout {
        let content_char =
            block_char + count_chars(&source.as_bytes()[block.bytes.start..block.content.start]);
        let joined = DisplayText::new(source, block.content.clone(), content_char);
        let typeset = match markup {
            Markup::Plain => None,
            _ => markup.typeset(joined.as_str(source), block.content.start, options.markup()),
        };
        let indent_cols = typeset
            .as_ref()
            .map_or(0, |t| t.indent_cols.min(options.width_cols / 2));
        let mut hang_cols = match &typeset {
            Some(t) => t.hang_cols,
            None => kept_hang,
        }
        .min((options.width_cols / 2).saturating_sub(indent_cols));
        if markup.owns_headings() && matches!(block.kind, BlockKind::Heading(_)) {
            block.kind = BlockKind::Paragraph;
        }
        if let Some(level) = typeset.as_ref().and_then(|t| t.heading) {
            block.kind = BlockKind::Heading(level);
        }
        let plain = typeset.is_none();
        let display = Shown::new(joined, typeset);
        let shown = display.as_str(source);
        let rtl = options.bidi == Bidi::Reorder && !shown.is_ascii() && bidi::is_rtl(shown);
        let groups = display.typeset().map_or(&[][..], |t| &t.groups[..]);
        let mut lines = Vec::new();
        let mut start = (block.bytes.start, block_char);
        if block.gap_before {
            lines.push(VisualLine {
                kind: LineKind::Gap,
                display: 0..0,
                bytes: block.bytes.start..block.content.start,
                chars: block_char..content_char,
            });
            start = (block.content.start, content_char);
        }
        let mut cursor = display.cursor(source, 0);
        let wrap = |hang_cols| {
            wrap_grouped(
                shown,
                options.width_cols - indent_cols - hang_cols,
                options.glyphs,
                groups,
            )
        };
        // Every row as wide as the hanging ones: the first is a little short at worst. A
        // plain paragraph hangs only when it does not fit on one row, and a screen too
        // narrow for its hang has none.
        // Text set against the line's end starts a row of its own, wrapped on its own.
        let flush = flush::resolve(
            display.typeset().and_then(|t| t.flush_end),
            shown,
            options.width_cols - indent_cols - hang_cols,
        );
        let head = flush.map_or(shown.len(), |(from, _)| from);
        let mut ranges = if head == 0 && flush.is_some() {
            Vec::new()
        } else {
            wrap_grouped(
                &shown[..head],
                options.width_cols - indent_cols - if plain { 0 } else { hang_cols },
                options.glyphs,
                groups,
            )
        };
        if plain && hang_cols > 0 {
            if ranges.len() > 1 && options.width_cols - indent_cols - hang_cols >= MIN_HUNG_ROW_COLS {
                ranges = wrap(hang_cols);
            } else {
                hang_cols = 0;
            }
        }
        let flush_end = flush.map(|(from, margin)| {
            let first_row = ranges.len() + lines.len();
            let width = options.width_cols - indent_cols - hang_cols - margin;
            ranges.extend(flush::wrap_tail(shown, from, width, options.glyphs, groups));
            (first_row, margin)
        });
        let count = ranges.len();
        for (index, range) in ranges.into_iter().enumerate() {
            let end = if index + 1 == count {
                (
                    block.bytes.end,
                    block_char + count_chars(&source.as_bytes()[block.bytes.start..block.bytes.end]),
                )
            } else {
                cursor.advance_to(range.end)
            };
            lines.push(VisualLine {
                kind: LineKind::Text,
                display: range,
                bytes: start.0..end.0,
                chars: start.1..end.1,
            });
            start = end;
        }
        BlockLayout {
            block,
            display,
            lines,
            options,
            indent_cols,
            hang_cols,
            rtl,
            flush_end,
        }
    }

    /// Whether `row` stands against the line's end rather than at its indent.
    fn is_flush(&self, row: usize) -> bool {
        self.flush_end.is_some_and(|(first, _)| row >= first)
    }

    /// Columns `row` is indented by: the block's indent, and its hang after the first row.
    fn indent_of(&self, row: usize) -> usize {
        let hang = if row > self.first_text_row() {
            self.hang_cols
        } else {
            0
        };
        self.indent_cols + hang
    }

    pub fn rows(&self) -> usize {
        self.lines.len()
    }

    pub fn chars(&self) -> Range<usize> {
        let first = self.lines.first().map_or(0, |l| l.chars.start);
        let last = self.lines.last().map_or(0, |l| l.chars.end);
        first..last
    }

    /// The row of the block's first line of text (after its gap row, if any).
    pub fn first_text_row(&self) -> usize {
        usize::from(self.block.gap_before)
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.block.kind, BlockKind::Heading(_))
    }

    /// The row showing `char_offset` (clamped to this block's rows).
    pub fn row_of_char(&self, char_offset: usize) -> usize {
        self.lines
            .partition_point(|line| line.chars.start <= char_offset)
            .saturating_sub(1)
    }

    /// The glyphs drawn on `row`, left to right, hidden ones included (zero columns).
    /// Trailing whitespace past the width is not drawn and not returned.
    /// In a right-to-left paragraph the glyphs come in logical order but stand at the
    /// columns where they read in visual order.
    pub fn glyphs<'s>(&'s self, source: &'s str, row: usize) -> impl Iterator<Item = PlacedGlyph> + 's {
        let logical = self.logical_glyphs(source, row);
        if let Some((_, margin)) = self.flush_end.filter(|_| self.is_flush(row) && !self.rtl) {
            let mut placed: Vec<PlacedGlyph> = logical.collect();
            flush::place(&mut placed, self.options.width_cols, margin);
            return Placed::Visual(placed.into_iter());
        }
        if !self.rtl {
            return Placed::Logical(logical);
        }
        let mut placed: Vec<PlacedGlyph> = logical.collect();
        let line = &self.lines[row];
        let shown = &self.display.as_str(source)[line.display.clone()];
        let indent = self.indent_of(row);
        let width = self.options.width_cols - indent;
        bidi::place_visually(shown, line.display.start, &mut placed, indent, width);
        Placed::Visual(placed.into_iter())
    }

    fn logical_glyphs<'s>(&'s self, source: &'s str, row: usize) -> impl Iterator<Item = PlacedGlyph> + 's {
        let line = &self.lines[row];
        let shown = self.display.as_str(source);
        let indent = self.indent_of(row);
        // A row set against the line's end is as narrow as it was wrapped, and the
        // first of them starts a line of its own.
        let flush = self.flush_end.filter(|_| self.is_flush(row));
        let width = self.options.width_cols - indent - flush.map_or(0, |(_, margin)| margin);
        let mut leading = row == self.first_text_row() || flush.is_some_and(|(first, _)| row == first);
        // Later rows start where their source offsets are known: counting chars from the
        // paragraph's start for each row would make long paragraphs quadratic.
        let mut cursor = if row > self.first_text_row() {
            self.display
                .cursor_at(source, line.display.start, line.bytes.start, line.chars.start)
        } else {
            self.display.cursor(source, line.display.start)
        };
        let mut col = 0;
        Glyphs::new(
            shown,
            line.display.start,
            line.display.end,
            0,
            self.options.glyphs,
        )
        .map_while(move |mut glyph| {
            if glyph.look == super::glyph::Look::Tab {
                // From where it stands after a capped indent, as the wrapper measured it.
                glyph.cols = super::width::tab_cols(col);
            }
            if leading && glyph.is_space() {
                glyph.cols = glyph.cols.min((width / 2).saturating_sub(col));
            } else {
                leading = false;
            }
            if glyph.is_space() && col + glyph.cols > width {
                return None;
            }
            let (source_byte, char_offset) = cursor.advance_to(glyph.byte);
            let placed = PlacedGlyph {
                glyph,
                col: col + indent,
                char_offset,
                source_byte,
                char_len: shown[glyph.byte..glyph.end()].chars().count(),
                mark: self.display.mark_at(glyph.byte),
                mirrored: None,
            };
            col += glyph.cols;
            Some(placed)
        })
    }

    /// Column of `char_offset` on `row`: the column of the glyph showing it, or the end
    /// of the row's text if the char is not drawn there (joined-away whitespace).
    pub fn col_of_char(&self, source: &str, row: usize, char_offset: usize) -> usize {
        let mut end_col = 0;
        for placed in self.glyphs(source, row) {
            if placed.char_offset + placed.char_len > char_offset {
                return placed.col;
            }
            end_col = placed.col + placed.glyph.cols;
        }
        end_col
    }

    /// The char offset drawn at `col` on `row` (the nearest one before it past the end).
    pub fn char_at_col(&self, source: &str, row: usize, col: usize) -> usize {
        let line = &self.lines[row];
        let mut found = line.chars.start;
        if self.rtl {
            let mut glyphs: Vec<PlacedGlyph> = self.glyphs(source, row).collect();
            glyphs.sort_by_key(|p| p.col);
            return glyphs
                .iter()
                .take_while(|p| p.col <= col)
                .last()
                .map_or(found, |p| p.char_offset);
        }
        for placed in self.glyphs(source, row) {
            if placed.col > col {
                break;
            }
            found = placed.char_offset;
        }
        found
    }

    /// The visible text of `row` like [`Self::row_text`], borrowed straight from the
    /// display text when nothing on the row needs a placeholder or tab expansion.
    pub fn row_str<'s>(&'s self, source: &'s str, row: usize) -> std::borrow::Cow<'s, str> {
        let line = &self.lines[row];
        let slice = &self.display.as_str(source)[line.display.clone()];
        let first_text_row = row == self.first_text_row();
        let needs_care = self.rtl
            || self.is_flush(row)
            || (first_text_row && slice.starts_with(char::is_whitespace))
            || slice
                .chars()
                .next()
                .is_some_and(|c| unicode_width::UnicodeWidthChar::width(c) == Some(0))
            || !is_plain(slice);
        if needs_care {
            std::borrow::Cow::Owned(self.row_text(source, row))
        } else if self.indent_of(row) > 0 && !slice.trim_end().is_empty() {
            let mut out = " ".repeat(self.indent_of(row));
            out.push_str(slice.trim_end());
            std::borrow::Cow::Owned(out)
        } else {
            std::borrow::Cow::Borrowed(slice.trim_end())
        }
    }

    /// The visible text of `row` with placeholders for controls, hidden characters
    /// left out, and tabs expanded: what a person sees, as a plain string.
    pub fn row_text(&self, source: &str, row: usize) -> String {
        let shown = self.display.as_str(source);
        let mut out = String::new();
        if self.rtl || self.is_flush(row) {
            let mut glyphs: Vec<PlacedGlyph> = self.glyphs(source, row).collect();
            glyphs.sort_by_key(|p| p.col);
            let mut col = 0;
            for placed in glyphs.iter().filter(|p| p.glyph.cols > 0) {
                out.extend(std::iter::repeat_n(' ', placed.col.saturating_sub(col)));
                match placed.mirrored {
                    Some(mirrored) => out.push(mirrored),
                    None => push_glyph(&mut out, shown, &placed.glyph),
                }
                col = placed.col + placed.glyph.cols;
            }
            out.truncate(out.trim_end().len());
            return out;
        }
        out.extend(std::iter::repeat_n(' ', self.indent_of(row)));
        for placed in self.glyphs(source, row) {
            push_glyph(&mut out, shown, &placed.glyph);
        }
        out.truncate(out.trim_end().len());
        out
    }
}

/// The glyphs of a row: as they come, or placed in visual order.
enum Placed<L> {
    Logical(L),
    Visual(std::vec::IntoIter<PlacedGlyph>),
}

impl<L: Iterator<Item = PlacedGlyph>> Iterator for Placed<L> {
    type Item = PlacedGlyph;

    fn next(&mut self) -> Option<PlacedGlyph> {
        match self {
            Placed::Logical(glyphs) => glyphs.next(),
            Placed::Visual(glyphs) => glyphs.next(),
        }
    }
}

#[cfg(test)]
mod tests;
