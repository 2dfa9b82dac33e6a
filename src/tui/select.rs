//! Selecting a passage by keyboard (and mouse): where a selection starts, and the motions
//! that move its head by character, word, sentence, paragraph and line.

use std::ops::Range;

use crate::keys::{Action, KeyMode, KeySpec};
use crate::text::motion;

use super::app::{App, Effect, Mode};

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
}

impl App {
    /// `v`: selects the current search match if it is on screen, else the first
    /// character on screen.
    pub(super) fn start_selection(&mut self) {
        let on_screen = self.screen_chars();
        let from_match = self
            .search
            .as_ref()
            .and_then(|s| s.current.clone())
            .and_then(|bytes| {
                let start = self.doc.char_at(bytes.start);
                on_screen
                    .contains(&start)
                    .then(|| (start, self.doc.char_at(bytes.end)))
            });
        let (anchor, head) = match from_match {
            Some(range) => range,
            None => {
                let Some(first) = self.first_visible_char() else {
                    return;
                };
                (first, self.char_after(first))
            }
        };
        self.selection = Some(Selection { anchor, head });
        self.mode = Mode::Select;
    }

    /// Starts or moves a selection from a point on screen (the mouse).
    pub(super) fn select_to(&mut self, char_offset: usize, starting: bool) {
        let head = self.char_after(char_offset);
        match (&mut self.selection, starting) {
            (Some(selection), false) => selection.head = head,
            _ => {
                self.selection = Some(Selection {
                    anchor: char_offset,
                    head,
                });
                self.mode = Mode::Select;
            }
        }
    }

    pub(super) fn select_key(&mut self, key: KeySpec) -> Vec<Effect> {
        let Some(action) = self.settings.keymap.action(KeyMode::Select, key) else {
            self.warn(format!(
                "{key} does nothing while selecting (esc stops selecting)"
            ));
            return Vec::new();
        };
        self.message = None;
        match action {
            Action::CancelSelection => {
                self.selection = None;
                self.reattach = None;
                self.mode = Mode::Reading;
            }
            Action::Highlight => return self.highlight_selection(),
            Action::EditNote => self.open_note_editor_for_selection(),
            Action::EditTags => self.open_tag_prompt_for_selection(),
            Action::CopySelection => return self.copy_selection(),
            Action::ToggleHelp => self.mode = Mode::Help { scroll: 0 },
            motion => self.move_head(motion),
        }
        Vec::new()
    }

    fn move_head(&mut self, motion: Action) {
        let Some(mut selection) = self.selection else {
            return;
        };
        let head = selection.head;
        selection.head = match motion {
            Action::ExtendCharForward => self.char_after(head),
            Action::ExtendCharBackward => self.char_before(head),
            Action::ExtendWordForward => self.word_end_after(head),
            Action::ExtendWordBackward => self.word_start_before(head),
            Action::ExtendSentenceForward => self.sentence_end_after(head),
            Action::ExtendSentenceBackward => self.sentence_start_before(head),
            Action::ExtendParagraphForward => self.paragraph_of(head).end,
            Action::ExtendParagraphBackward => {
                let here = self.paragraph_of(head.saturating_sub(1));
                if here.start < head {
                    here.start
                } else {
                    self.paragraph_of(here.start.saturating_sub(1)).start
                }
            }
            Action::ExtendLineDown => self.same_column_on_row(head, 1),
            Action::ExtendLineUp => self.same_column_on_row(head, -1),
            Action::SelectSentence => {
                let sentence = self.sentence_of(head.saturating_sub(1).max(selection.range().start));
                selection.anchor = sentence.start;
                sentence.end
            }
            Action::SelectParagraph => {
                let paragraph = self.paragraph_of(selection.range().start);
                selection.anchor = paragraph.start;
                paragraph.end
            }
            Action::SwapSelectionEnds => {
                std::mem::swap(&mut selection.anchor, &mut selection.head);
                selection.head
            }
            _ => head,
        };
        self.selection = Some(selection);
        self.reveal(selection.head.saturating_sub(1));
    }

    /// Chars from the top of the screen to the end of its last row.
    pub(super) fn screen_chars(&self) -> Range<usize> {
        match (self.screen.first(), self.screen.last()) {
            (Some(first), Some(last)) => first.chars().start..last.chars().end,
            _ => 0..0,
        }
    }

    fn first_visible_char(&self) -> Option<usize> {
        let source = self.doc.text();
        self.screen.iter().find_map(|row| {
            row.layout
                .glyphs(source, row.row)
                .find(|g| !g.glyph.is_space() && g.glyph.cols > 0)
                .map(|g| g.char_offset)
        })
    }

    fn char_after(&self, char_offset: usize) -> usize {
        let byte = self.doc.byte_at(char_offset);
        self.doc.char_at(motion::next_grapheme(self.doc.text(), byte))
    }

    fn char_before(&self, char_offset: usize) -> usize {
        let byte = self.doc.byte_at(char_offset);
        self.doc.char_at(motion::prev_grapheme(self.doc.text(), byte))
    }

    /// A window of text around `char_offset` (on char boundaries) and its start byte.
    fn window(&self, char_offset: usize) -> (&str, usize) {
        let text = self.doc.text();
        let byte = self.doc.byte_at(char_offset);
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

    fn word_end_after(&self, char_offset: usize) -> usize {
        let (window, start) = self.window(char_offset);
        let byte = self.doc.byte_at(char_offset) - start;
        self.doc.char_at(start + motion::next_word_end(window, byte))
    }

    fn word_start_before(&self, char_offset: usize) -> usize {
        let (window, start) = self.window(char_offset);
        let byte = self.doc.byte_at(char_offset) - start;
        self.doc.char_at(start + motion::prev_word_start(window, byte))
    }

    /// The paragraph (block content, as chars) holding `char_offset`.
    pub(super) fn paragraph_of(&self, char_offset: usize) -> Range<usize> {
        match self.doc.segmenter().block_at(self.doc.byte_at(char_offset)) {
            Some(block) => self.doc.char_at(block.content.start)..self.doc.char_at(block.content.end),
            None => 0..0,
        }
    }

    fn sentence_of(&self, char_offset: usize) -> Range<usize> {
        let paragraph = self.paragraph_of(char_offset);
        let text = self.doc.text();
        let (start, end) = (self.doc.byte_at(paragraph.start), self.doc.byte_at(paragraph.end));
        let byte = self.doc.byte_at(char_offset).clamp(start, end) - start;
        let sentence = motion::sentence_around(&text[start..end], byte);
        self.doc.char_at(start + sentence.start)..self.doc.char_at(start + sentence.end)
    }

    fn sentence_end_after(&self, char_offset: usize) -> usize {
        let here = self.sentence_of(char_offset);
        if here.end > char_offset {
            return here.end;
        }
        let next = self.paragraph_of(self.paragraph_of(char_offset).end + 1);
        self.sentence_of(next.start).end
    }

    fn sentence_start_before(&self, char_offset: usize) -> usize {
        let here = self.sentence_of(char_offset.saturating_sub(1));
        if here.start < char_offset {
            return here.start;
        }
        self.sentence_of(here.start.saturating_sub(1)).start
    }

    /// The char at the head's column on the row `delta` rows away.
    fn same_column_on_row(&mut self, char_offset: usize, delta: isize) -> usize {
        let source = self.doc.text();
        let Some(row) = self.flow.row_at(&self.doc, char_offset) else {
            return char_offset;
        };
        let col = row.layout.col_of_char(source, row.row, char_offset);
        let target = self.flow.step(&self.doc, &row, delta);
        if target.same_as(&row) {
            return char_offset;
        }
        target.layout.char_at_col(source, target.row, col)
    }
}
