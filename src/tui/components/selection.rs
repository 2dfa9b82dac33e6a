//! Selecting a passage by keyboard (and mouse): where a selection starts, and the motions
//! that move its head by character, word, sentence, paragraph and line.

use std::ops::Range;

use crate::keys::Action;
use crate::text::motion;

use super::reader::Reader;

/// Bytes of text around the head that word motions look at.
const WORD_WINDOW: usize = 4096;

/// A selection between two char offsets; `head` is the end that moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub anchor: usize,
    pub head: usize,
}

impl Selection {
    pub fn range(&self) -> Range<usize> {
        self.anchor.min(self.head)..self.anchor.max(self.head)
    }

    /// `v`: the current search match (`current_match`, chars) if it is on screen, else
    /// the first character on screen; `None` on an empty screen.
    pub fn start(reader: &Reader, current_match: Option<Range<usize>>) -> Option<Selection> {
        let on_screen = reader.screen_chars();
        let (anchor, head) = match current_match.filter(|m| on_screen.contains(&m.start)) {
            Some(found) => (found.start, found.end),
            None => {
                let first = first_visible_char(reader)?;
                (first, char_after(reader, first))
            }
        };
        Some(Selection { anchor, head })
    }

    /// A selection starting at a point on screen (the mouse).
    pub fn at(reader: &Reader, char_offset: usize) -> Selection {
        Selection {
            anchor: char_offset,
            head: char_after(reader, char_offset),
        }
    }

    /// Moves the head to a point on screen (a mouse drag).
    pub fn drag_to(&mut self, reader: &Reader, char_offset: usize) {
        self.head = char_after(reader, char_offset);
    }

    /// A motion of the selecting keymap; the view follows the head.
    pub fn move_head(&mut self, motion: Action, reader: &mut Reader) {
        let head = self.head;
        // The head as the selection's end stops after what is shown, as its start before
        // it: text markup hides (a note, a reading's brackets) is passed over whole.
        let as_end = head >= self.anchor;
        self.head = match motion {
            Action::ExtendCharForward => {
                shown_stop(reader, head, true, as_end).unwrap_or_else(|| char_after(reader, head))
            }
            Action::ExtendCharBackward => {
                shown_stop(reader, head, false, as_end).unwrap_or_else(|| char_before(reader, head))
            }
            Action::ExtendWordForward => snap(reader, word_end_after(reader, head), true, as_end),
            Action::ExtendWordBackward => snap(reader, word_start_before(reader, head), false, as_end),
            Action::ExtendSentenceForward => sentence_end_after(reader, head),
            Action::ExtendSentenceBackward => sentence_start_before(reader, head),
            Action::ExtendParagraphForward => paragraph_of(reader, head).end,
            Action::ExtendParagraphBackward => {
                let here = paragraph_of(reader, head.saturating_sub(1));
                if here.start < head {
                    here.start
                } else {
                    paragraph_of(reader, here.start.saturating_sub(1)).start
                }
            }
            Action::ExtendLineDown => same_column_on_row(reader, head, 1),
            Action::ExtendLineUp => same_column_on_row(reader, head, -1),
            Action::SelectSentence => {
                let sentence = sentence_of(reader, head.saturating_sub(1).max(self.range().start));
                self.anchor = sentence.start;
                sentence.end
            }
            Action::SelectParagraph => {
                let paragraph = paragraph_of(reader, self.range().start);
                self.anchor = paragraph.start;
                paragraph.end
            }
            Action::SwapSelectionEnds => {
                std::mem::swap(&mut self.anchor, &mut self.head);
                self.head
            }
            _ => head,
        };
        reader.reveal(self.head.saturating_sub(1));
    }
}

fn first_visible_char(reader: &Reader) -> Option<usize> {
    let source = reader.doc.text();
    reader.screen.iter().find_map(|row| {
        row.layout
            .glyphs(source, row.row)
            .find(|g| !g.glyph.is_space() && g.glyph.cols > 0)
            .map(|g| g.char_offset)
    })
}

/// Where glyphs shown on the row of `char_offset` and the rows beside it start and end
/// (char offsets); `None` where nothing is laid out there.
fn shown_bounds(reader: &mut Reader, char_offset: usize) -> Option<Vec<(usize, usize)>> {
    let source = reader.doc.text();
    let here = reader.flow.row_at(&reader.doc, char_offset)?;
    let before = reader.flow.step(&reader.doc, &here, -1);
    let after = reader.flow.step(&reader.doc, &here, 1);
    Some(
        [before, here, after]
            .into_iter()
            .flat_map(|row| {
                row.layout
                    .glyphs(source, row.row)
                    .map(|g| (g.char_offset, g.char_offset + g.char_len))
                    .collect::<Vec<_>>()
            })
            .collect(),
    )
}

/// The next place past `char_offset` (`forward`, else before it) where a glyph shown
/// near it ends (`as_end`) or starts. `None` where nothing shown is near.
fn shown_stop(reader: &mut Reader, char_offset: usize, forward: bool, as_end: bool) -> Option<usize> {
    stop_among(&shown_bounds(reader, char_offset)?, char_offset, forward, as_end)
}

/// Of glyph `bounds`, the nearest end (`as_end`) or start past `char_offset`
/// (`forward`, else before it).
fn stop_among(bounds: &[(usize, usize)], char_offset: usize, forward: bool, as_end: bool) -> Option<usize> {
    let stops = bounds
        .iter()
        .map(|&(start, end)| if as_end { end } else { start });
    if forward {
        stops.filter(|&stop| stop > char_offset).min()
    } else {
        stops.filter(|&stop| stop < char_offset).max()
    }
}

/// `char_offset` moved off text that is not shown (a note markup hides), in the
/// direction of the motion that put it there: a quote never ends inside a hidden note.
fn snap(reader: &mut Reader, char_offset: usize, forward: bool, as_end: bool) -> usize {
    let Some(bounds) = shown_bounds(reader, char_offset) else {
        return char_offset;
    };
    if bounds
        .iter()
        .any(|&(start, end)| (start..=end).contains(&char_offset))
    {
        return char_offset;
    }
    stop_among(&bounds, char_offset, forward, as_end).unwrap_or(char_offset)
}

fn char_after(reader: &Reader, char_offset: usize) -> usize {
    let byte = reader.doc.byte_at(char_offset);
    reader.doc.char_at(motion::next_grapheme(reader.doc.text(), byte))
}

fn char_before(reader: &Reader, char_offset: usize) -> usize {
    let byte = reader.doc.byte_at(char_offset);
    reader.doc.char_at(motion::prev_grapheme(reader.doc.text(), byte))
}

/// A window of text around `char_offset` (on char boundaries) and its start byte.
fn window(reader: &Reader, char_offset: usize) -> (&str, usize) {
    let text = reader.doc.text();
    let byte = reader.doc.byte_at(char_offset);
    let mut start = byte.saturating_sub(WORD_WINDOW);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (byte + WORD_WINDOW).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    (&text[start..end], start)
}

fn word_end_after(reader: &Reader, char_offset: usize) -> usize {
    let (window, start) = window(reader, char_offset);
    let byte = reader.doc.byte_at(char_offset) - start;
    reader.doc.char_at(start + motion::next_word_end(window, byte))
}

fn word_start_before(reader: &Reader, char_offset: usize) -> usize {
    let (window, start) = window(reader, char_offset);
    let byte = reader.doc.byte_at(char_offset) - start;
    reader.doc.char_at(start + motion::prev_word_start(window, byte))
}

/// The paragraph (block content, as chars) holding `char_offset`.
fn paragraph_of(reader: &Reader, char_offset: usize) -> Range<usize> {
    match reader.doc.segmenter().block_at(reader.doc.byte_at(char_offset)) {
        Some(block) => reader.doc.char_at(block.content.start)..reader.doc.char_at(block.content.end),
        None => 0..0,
    }
}

fn sentence_of(reader: &Reader, char_offset: usize) -> Range<usize> {
    let paragraph = paragraph_of(reader, char_offset);
    let text = reader.doc.text();
    let (start, end) = (
        reader.doc.byte_at(paragraph.start),
        reader.doc.byte_at(paragraph.end),
    );
    let byte = reader.doc.byte_at(char_offset).clamp(start, end) - start;
    let sentence = motion::sentence_around(&text[start..end], byte);
    reader.doc.char_at(start + sentence.start)..reader.doc.char_at(start + sentence.end)
}

fn sentence_end_after(reader: &Reader, char_offset: usize) -> usize {
    let here = sentence_of(reader, char_offset);
    if here.end > char_offset {
        return here.end;
    }
    let next = paragraph_of(reader, paragraph_of(reader, char_offset).end + 1);
    sentence_of(reader, next.start).end
}

fn sentence_start_before(reader: &Reader, char_offset: usize) -> usize {
    let here = sentence_of(reader, char_offset.saturating_sub(1));
    if here.start < char_offset {
        return here.start;
    }
    sentence_of(reader, here.start.saturating_sub(1)).start
}

/// The char at the head's column on the row `delta` rows away.
fn same_column_on_row(reader: &mut Reader, char_offset: usize, delta: isize) -> usize {
    let source = reader.doc.text();
    let Some(row) = reader.flow.row_at(&reader.doc, char_offset) else {
        return char_offset;
    };
    let col = row.layout.col_of_char(source, row.row, char_offset);
    let target = reader.flow.step(&reader.doc, &row, delta);
    if target.same_as(&row) {
        return char_offset;
    }
    target.layout.char_at_col(source, target.row, col)
}
