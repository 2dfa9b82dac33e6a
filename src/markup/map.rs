//! Typeset display text and its map back to the text it was made from (the "inner"
//! text: a block's joined text, or the whole source). Pure.
//!
//! The display text is a sequence of pieces: a *copy* of inner text (one byte of display
//! per byte of inner text) or a *replacement* that stands for a whole inner span (a
//! ruby bracket, a resolved gaiji, a hidden note: then it is empty). Pieces cover the
//! inner text in order without gaps, so the map is monotonic both ways and every inner
//! byte belongs to exactly one piece.

use std::ops::Range;

/// How a stretch of display text is styled, beyond the block's own style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mark {
    #[default]
    Plain,
    /// Sesame dots, emphasis, italics.
    Emphasis,
    Strong,
    /// A ruby reading: smaller and dimmer than its base.
    Reading,
    /// Notation shown for what it is: legends, colophons, unresolved gaiji, notes.
    Dim,
    /// A code span.
    Code,
    /// The text of a link.
    Link,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    display: usize,
    inner: usize,
    copy: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Typeset {
    text: String,
    pieces: Vec<Piece>,
    inner_len: usize,
    /// Piecewise-constant marks: from each display offset on, until the next entry.
    marks: Vec<(usize, Mark)>,
    /// Display ranges that must not be broken across lines (a ruby base with its reading).
    pub groups: Vec<Range<usize>>,
    /// Columns every row of the block is indented by.
    pub indent_cols: usize,
    /// Columns the rows after the first are indented by besides (a list item's text
    /// under its text, not under its bullet).
    pub hang_cols: usize,
    /// The block is a heading of this level (1 chapter-like).
    pub heading: Option<u8>,
    /// From this display offset on, the text starts a new row and is set flush against
    /// the end of the line (Aozora's 地付き), `margin_cols` short of it (地から○字上げ).
    pub flush_end: Option<FlushEnd>,
}

/// Text set against the end of the line instead of its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlushEnd {
    pub from: usize,
    pub margin_cols: usize,
}

impl Typeset {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Index of the piece that shows `display` (the last one starting at or before it,
    /// so hidden pieces at a boundary give way to the visible piece after them).
    fn piece_at(&self, display: usize) -> usize {
        self.pieces
            .partition_point(|p| p.display <= display)
            .saturating_sub(1)
    }

    fn inner_in(&self, index: usize, display: usize) -> usize {
        if display >= self.text.len() {
            return self.inner_len;
        }
        let piece = self.pieces[index];
        if piece.copy {
            piece.inner + (display - piece.display)
        } else {
            piece.inner
        }
    }

    /// The inner offset where what is shown at `display` starts.
    pub fn inner_of(&self, display: usize) -> usize {
        if self.pieces.is_empty() {
            return display.min(self.inner_len);
        }
        self.inner_in(self.piece_at(display), display)
    }

    /// The inner offset where what is shown before `display` ends: a range end. A
    /// replacement ending there ends where its inner span ends.
    pub fn inner_end_of(&self, display: usize) -> usize {
        if display >= self.text.len() {
            return self.inner_len;
        }
        let index = self.pieces.partition_point(|p| p.display < display);
        if index == 0 {
            return self.inner_of(display);
        }
        let piece = self.pieces[index - 1];
        if piece.copy {
            piece.inner + (display - piece.display)
        } else {
            self.pieces.get(index).map_or(self.inner_len, |next| next.inner)
        }
    }

    /// The display offset showing inner offset `inner` (the start of the piece that
    /// holds it, for a replacement).
    pub fn display_of(&self, inner: usize) -> usize {
        let index = self
            .pieces
            .partition_point(|p| p.inner <= inner)
            .saturating_sub(1);
        match self.pieces.get(index) {
            Some(piece) if piece.copy => {
                let next = self.pieces.get(index + 1).map_or(self.text.len(), |n| n.display);
                (piece.display + (inner - piece.inner)).min(next)
            }
            Some(piece) => piece.display,
            None => 0,
        }
    }

    /// A cursor mapping increasing display offsets to inner offsets in linear time.
    pub fn cursor(&self, display: usize) -> TypesetCursor<'_> {
        TypesetCursor {
            typeset: self,
            index: if self.pieces.is_empty() {
                0
            } else {
                self.piece_at(display)
            },
        }
    }

    /// Whether the display byte `display` is a copy of inner text (not a replacement).
    pub fn is_copy_at(&self, display: usize) -> bool {
        display < self.text.len() && self.pieces.get(self.piece_at(display)).is_some_and(|p| p.copy)
    }

    pub fn inner_len(&self) -> usize {
        self.inner_len
    }

    /// The mark of the display byte `display`.
    pub fn mark_at(&self, display: usize) -> Mark {
        let index = self.marks.partition_point(|(start, _)| *start <= display);
        index.checked_sub(1).map_or(Mark::Plain, |i| self.marks[i].1)
    }
}

impl Typeset {
    /// The typesets of consecutive parts of one inner text, in order, as the typeset of
    /// the whole: their offsets moved on by the parts before them. The block styles
    /// (indent, hang, heading, flush end) are the first part's.
    pub fn joined(parts: Vec<Typeset>) -> Typeset {
        let mut parts = parts.into_iter();
        let Some(mut whole) = parts.next() else {
            return Typeset::default();
        };
        for part in parts {
            let (display, inner) = (whole.text.len(), whole.inner_len);
            whole.text.push_str(&part.text);
            whole.inner_len += part.inner_len;
            whole.pieces.extend(part.pieces.iter().map(|piece| Piece {
                display: piece.display + display,
                inner: piece.inner + inner,
                copy: piece.copy,
            }));
            // Each part's marks end with a return to plain text at its end at the latest.
            whole
                .marks
                .extend(part.marks.iter().map(|(at, mark)| (at + display, *mark)));
            whole.groups.extend(
                part.groups
                    .iter()
                    .map(|group| group.start + display..group.end + display),
            );
        }
        whole
    }
}

/// Walks a [`Typeset`] forwards.
pub struct TypesetCursor<'t> {
    typeset: &'t Typeset,
    index: usize,
}

impl TypesetCursor<'_> {
    /// Inner offset of `display`, which must not be before the last one asked.
    pub fn advance_to(&mut self, display: usize) -> usize {
        let pieces = &self.typeset.pieces;
        if pieces.is_empty() {
            return display.min(self.typeset.inner_len);
        }
        while pieces.get(self.index + 1).is_some_and(|p| p.display <= display) {
            self.index += 1;
        }
        self.typeset.inner_in(self.index, display)
    }
}

/// What a [`Builder`] had pushed at some point.
pub struct Checkpoint {
    text: usize,
    pieces: usize,
    last: Option<Piece>,
    marks: usize,
    groups: usize,
    inner_at: usize,
}

/// Builds a [`Typeset`] from pieces in inner order.
pub struct Builder<'i> {
    inner: &'i str,
    /// Inner offset up to which pieces have been pushed.
    inner_at: usize,
    out: Typeset,
    marks: Vec<(Range<usize>, Mark)>,
}

impl<'i> Builder<'i> {
    pub fn new(inner: &'i str) -> Self {
        Builder {
            inner,
            inner_at: 0,
            out: Typeset {
                inner_len: inner.len(),
                // Room for a few bullets and link numbers longer than what they replace,
                // and for the pieces of a line or two of markup: grown by copying.
                text: String::with_capacity(inner.len() + 16),
                pieces: Vec::with_capacity(16),
                ..Typeset::default()
            },
            marks: Vec::new(),
        }
    }

    /// Display length so far.
    pub fn len(&self) -> usize {
        self.out.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.out.text.is_empty()
    }

    /// The inner text of `range`.
    pub fn inner_text(&self, range: Range<usize>) -> &str {
        self.inner.get(range).unwrap_or_default()
    }

    /// The display text so far.
    pub fn shown(&self) -> &str {
        &self.out.text
    }

    /// Hides the inner text between what was pushed and `until`.
    fn hide_to(&mut self, until: usize) {
        if until > self.inner_at {
            self.push_piece(false, self.inner_at);
            self.inner_at = until;
        }
    }

    fn push_piece(&mut self, copy: bool, inner: usize) {
        let display = self.out.text.len();
        if let Some(last) = self.out.pieces.last_mut() {
            if last.display == display && last.inner == inner {
                // A piece that showed nothing and hid nothing: replace it.
                *last = Piece { display, inner, copy };
                return;
            }
            if copy && last.copy && inner - last.inner == display - last.display {
                return;
            }
        }
        self.out.pieces.push(Piece { display, inner, copy });
    }

    /// Shows `inner[range]` as it is (anything skipped before it is hidden).
    pub fn copy(&mut self, range: Range<usize>) {
        self.hide_to(range.start);
        if range.is_empty() {
            return;
        }
        self.push_piece(true, range.start);
        self.out.text.push_str(&self.inner[range.clone()]);
        self.inner_at = range.end;
    }

    /// Shows `text` in place of `inner[range]` (empty `text`: hides it).
    pub fn replace(&mut self, text: &str, range: Range<usize>) {
        self.hide_to(range.start);
        if range.is_empty() && text.is_empty() {
            return;
        }
        self.push_piece(false, range.start);
        self.out.text.push_str(text);
        self.inner_at = range.end;
    }

    /// Where the builder is, to go back to with [`Builder::rollback`].
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            text: self.out.text.len(),
            pieces: self.out.pieces.len(),
            last: self.out.pieces.last().copied(),
            marks: self.marks.len(),
            groups: self.out.groups.len(),
            inner_at: self.inner_at,
        }
    }

    /// Forgets what was pushed since `checkpoint`.
    pub fn rollback(&mut self, checkpoint: Checkpoint) {
        self.out.text.truncate(checkpoint.text);
        self.out.pieces.truncate(checkpoint.pieces);
        if let (Some(last), Some(piece)) = (self.out.pieces.last_mut(), checkpoint.last) {
            // `push_piece` may have replaced it.
            *last = piece;
        }
        self.marks.truncate(checkpoint.marks);
        self.out.groups.truncate(checkpoint.groups);
        self.inner_at = checkpoint.inner_at;
    }

    /// Hides `inner[range]`.
    pub fn hide(&mut self, range: Range<usize>) {
        self.replace("", range);
    }

    pub fn mark(&mut self, display: Range<usize>, mark: Mark) {
        if !display.is_empty() {
            self.marks.push((display, mark));
        }
    }

    pub fn group(&mut self, display: Range<usize>) {
        if !display.is_empty() {
            self.out.groups.push(display);
        }
    }

    pub fn set_indent(&mut self, cols: usize) {
        self.out.indent_cols = cols;
    }

    pub fn set_hang(&mut self, cols: usize) {
        self.out.hang_cols = cols;
    }

    pub fn set_heading(&mut self, level: u8) {
        self.out.heading = Some(level);
    }

    /// Sets what is shown from display offset `from` on flush against the end of the
    /// line (the first call wins).
    pub fn set_flush_end(&mut self, from: usize, margin_cols: usize) {
        self.out.flush_end.get_or_insert(FlushEnd { from, margin_cols });
    }

    pub fn finish(mut self) -> Typeset {
        self.hide_to(self.inner.len());
        self.out.marks = flatten(self.marks);
        self.out.groups.sort_by_key(|g| g.start);
        self.out
    }
}

/// Marks as a piecewise-constant function of the display offset; where marks overlap,
/// the one pushed later wins.
fn flatten(marks: Vec<(Range<usize>, Mark)>) -> Vec<(usize, Mark)> {
    if marks.windows(2).all(|pair| pair[0].0.end <= pair[1].0.start) {
        return in_order(&marks);
    }
    overlapping(marks)
}

/// `flatten` of marks pushed in order, none overlapping the next (most blocks').
fn in_order(marks: &[(Range<usize>, Mark)]) -> Vec<(usize, Mark)> {
    let mut out: Vec<(usize, Mark)> = Vec::with_capacity(marks.len() * 2);
    for (index, (range, mark)) in marks.iter().enumerate() {
        if out.last().is_none_or(|(_, last)| last != mark) {
            out.push((range.start, *mark));
        }
        let next_starts_here = marks
            .get(index + 1)
            .is_some_and(|(next, _)| next.start == range.end);
        if !next_starts_here && out.last().is_none_or(|(_, last)| *last != Mark::Plain) {
            out.push((range.end, Mark::Plain));
        }
    }
    out
}

/// `flatten` of any marks.
fn overlapping(marks: Vec<(Range<usize>, Mark)>) -> Vec<(usize, Mark)> {
    if marks.is_empty() {
        return Vec::new();
    }
    let mut bounds: Vec<usize> = marks.iter().flat_map(|(r, _)| [r.start, r.end]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut out: Vec<(usize, Mark)> = Vec::with_capacity(bounds.len());
    let mut by_start: Vec<usize> = (0..marks.len()).collect();
    by_start.sort_by_key(|&i| marks[i].0.start);
    // Active marks by push order; few overlap, so a small vector does.
    let mut active: Vec<usize> = Vec::new();
    let mut next = 0;
    for &at in &bounds {
        active.retain(|&i| marks[i].0.end > at);
        while next < by_start.len() && marks[by_start[next]].0.start <= at {
            if marks[by_start[next]].0.end > at {
                active.push(by_start[next]);
            }
            next += 1;
        }
        let mark = active.iter().max().map_or(Mark::Plain, |&i| marks[i].1);
        if out.last().is_none_or(|(_, last)| *last != mark) {
            out.push((at, mark));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (String, Typeset) {
        // "ab《cd》ef" shown as "ab(cd)ef" with the brackets replaced and "ef" hidden.
        let inner = "ab《cd》ef".to_string();
        let mut b = Builder::new(&inner);
        b.copy(0..2);
        b.replace("(", 2..5);
        b.copy(5..7);
        b.replace(")", 7..10);
        b.mark(2..6, Mark::Reading);
        let typeset = b.finish();
        (inner, typeset)
    }

    #[test]
    fn a_rollback_forgets_what_was_pushed_since_its_checkpoint() {
        let inner = "ab《cd》ef";
        let mut b = Builder::new(inner);
        b.copy(0..2);
        b.hide(2..5);
        let checkpoint = b.checkpoint();
        // Replaces the empty piece the hide left, then more.
        b.copy(5..7);
        b.replace(")", 7..10);
        b.mark(0..3, Mark::Dim);
        b.group(0..2);
        b.rollback(checkpoint);
        b.replace("(", 5..5);
        b.copy(5..7);
        let mut again = Builder::new(inner);
        again.copy(0..2);
        again.hide(2..5);
        again.replace("(", 5..5);
        again.copy(5..7);
        assert_eq!(b.finish(), again.finish());
    }

    #[test]
    fn copies_and_replacements_map_back() {
        let (inner, t) = sample();
        assert_eq!(t.as_str(), "ab(cd)");
        assert_eq!(t.inner_of(0), 0);
        assert_eq!(t.inner_of(2), 2, "the bracket stands for 《");
        assert_eq!(t.inner_of(3), 5);
        assert_eq!(t.inner_end_of(3), 5, "a range ending after ( ends after 《");
        assert_eq!(
            t.inner_end_of(6),
            inner.len(),
            "the hidden tail goes with the end"
        );
        assert_eq!(t.inner_of(6), inner.len());
        assert_eq!(t.display_of(5), 3);
        assert_eq!(t.display_of(3), 2, "inside 《 is the bracket");
        assert_eq!(t.mark_at(1), Mark::Plain);
        assert_eq!(t.mark_at(2), Mark::Reading);
        assert_eq!(t.mark_at(6), Mark::Plain);
    }

    #[test]
    fn hidden_spans_give_way_to_what_follows() {
        let inner = "x［＃note］y";
        let mut b = Builder::new(inner);
        b.copy(0..1);
        b.hide(1..inner.len() - 1);
        b.copy(inner.len() - 1..inner.len());
        let t = b.finish();
        assert_eq!(t.as_str(), "xy");
        assert_eq!(t.inner_of(1), inner.len() - 1);
        assert_eq!(t.inner_end_of(1), 1);
        let mut cursor = t.cursor(0);
        assert_eq!(cursor.advance_to(0), 0);
        assert_eq!(cursor.advance_to(1), inner.len() - 1);
        assert_eq!(cursor.advance_to(2), inner.len());
    }

    const MARKS: [Mark; 4] = [Mark::Plain, Mark::Emphasis, Mark::Strong, Mark::Code];

    proptest::proptest! {
        #[test]
        fn marks_in_order_flatten_as_any_marks_do(
            spans in proptest::collection::vec((0usize..3, 1usize..4, 0usize..4), 0..12)
        ) {
            let mut at = 0;
            let marks: Vec<(Range<usize>, Mark)> = spans
                .iter()
                .map(|&(gap, len, mark)| {
                    at += gap;
                    let range = at..at + len;
                    at += len;
                    (range, MARKS[mark])
                })
                .collect();
            proptest::prop_assert_eq!(in_order(&marks), overlapping(marks));
        }
    }

    #[test]
    fn later_marks_win_where_they_overlap() {
        let marks = flatten(vec![(0..10, Mark::Emphasis), (3..5, Mark::Reading)]);
        assert_eq!(
            marks,
            [
                (0, Mark::Emphasis),
                (3, Mark::Reading),
                (5, Mark::Emphasis),
                (10, Mark::Plain)
            ]
        );
    }
}
