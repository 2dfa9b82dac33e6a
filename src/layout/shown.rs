//! What a block shows: its joined text (plain text's display text, made by
//! `layout::join`) and, when markup typesets it, the typeset text over that. Maps any
//! display offset back to source byte and char offsets through both. Pure.

use std::ops::Range;

use super::join::{DisplayText, SourceCursor};
use crate::markup::Mark;
use crate::markup::map::{Typeset, TypesetCursor};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    joined: DisplayText,
    typeset: Option<Box<Typeset>>,
}

impl Shown {
    pub fn new(joined: DisplayText, typeset: Option<Typeset>) -> Shown {
        Shown {
            joined,
            typeset: typeset.map(Box::new),
        }
    }

    /// The display text; `source` must be the text this was built from.
    pub fn as_str<'s>(&'s self, source: &'s str) -> &'s str {
        match &self.typeset {
            Some(typeset) => typeset.as_str(),
            None => self.joined.as_str(source),
        }
    }

    pub fn typeset(&self) -> Option<&Typeset> {
        self.typeset.as_deref()
    }

    /// Source byte and char offsets where what is shown at `display` starts.
    pub fn source_of(&self, source: &str, display: usize) -> (usize, usize) {
        let inner = self.typeset.as_ref().map_or(display, |t| t.inner_of(display));
        self.joined.source_of(source, inner)
    }

    /// Source byte range of the display range `display`: a replacement inside it (a
    /// ruby bracket, a gaiji) stands for its whole source span.
    pub fn source_range(&self, source: &str, display: Range<usize>) -> Range<usize> {
        let (start, end) = match &self.typeset {
            Some(t) => (t.inner_of(display.start), t.inner_end_of(display.end)),
            None => (display.start, display.end),
        };
        self.joined.source_of(source, start).0..self.joined.source_of(source, end.max(start)).0
    }

    pub fn mark_at(&self, display: usize) -> Mark {
        self.typeset.as_ref().map_or(Mark::Plain, |t| t.mark_at(display))
    }

    /// A cursor at `display` whose source offsets are known (a row's start).
    pub fn cursor_at<'d>(
        &'d self,
        source: &'d str,
        display: usize,
        byte: usize,
        char_offset: usize,
    ) -> ShownCursor<'d> {
        let typeset = self.typeset.as_ref().map(|t| t.cursor(display));
        let inner = self.typeset.as_ref().map_or(display, |t| t.inner_of(display));
        ShownCursor {
            joined: self.joined.cursor_at(source, inner, byte, char_offset),
            typeset,
        }
    }

    /// A cursor mapping increasing display offsets to the source in linear time.
    pub fn cursor<'d>(&'d self, source: &'d str, display: usize) -> ShownCursor<'d> {
        let typeset = self.typeset.as_ref().map(|t| t.cursor(display));
        let inner = self.typeset.as_ref().map_or(display, |t| t.inner_of(display));
        ShownCursor {
            joined: self.joined.cursor(source, inner),
            typeset,
        }
    }
}

/// Walks a [`Shown`] forwards.
pub struct ShownCursor<'d> {
    joined: SourceCursor<'d>,
    typeset: Option<TypesetCursor<'d>>,
}

impl ShownCursor<'_> {
    /// Source (byte, char) of `display`, which must not be before the last one asked.
    pub fn advance_to(&mut self, display: usize) -> (usize, usize) {
        let inner = match &mut self.typeset {
            Some(cursor) => cursor.advance_to(display),
            None => display,
        };
        self.joined.advance_to(inner)
    }
}
