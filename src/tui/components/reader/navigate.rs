//! Moving through the document: scrolling, jumps (start, end, line, percent, marks),
//! paragraphs and headings. Every move keeps the reading position a char offset.

use crate::layout::RowRef;

use super::{Moved, Pending, Reader, Status};

/// Rows of context kept above a match or heading that the view jumps to.
const JUMP_CONTEXT_ROWS: isize = 2;
/// Blocks looked at for a heading before the outline is ready.
const HEADING_SCAN_BLOCKS: usize = 2000;

impl Reader {
    pub fn top_row(&mut self) -> Option<RowRef> {
        self.flow.row_at(&self.doc, self.top_char)
    }

    /// Moves the view `delta` rows; never past the point where the last row is at the
    /// bottom of the screen.
    pub fn scroll(&mut self, delta: isize) {
        let Some(top) = self.top_row() else { return };
        let target = self.flow.step(&self.doc, &top, delta);
        self.set_top(target);
    }

    /// Puts `row` at the top, or as close as the end of the document allows.
    pub fn set_top(&mut self, row: RowRef) {
        let height = usize::from(self.geometry.body_rows.max(1));
        let shown = self.flow.rows_from(&self.doc, &row, height);
        let row = if shown.len() < height {
            self.flow.last_page_top(&self.doc, height).unwrap_or(row)
        } else {
            row
        };
        self.top_char = row.chars().start;
    }

    /// After a resize or on opening: near the end of the text, a taller screen shows
    /// more of what comes before rather than blank rows. The top is kept otherwise
    /// (the exact char, not its row's start, so that resizing back and forth never drifts).
    pub fn fill_screen_at_the_end(&mut self) {
        let Some(top) = self.top_row() else { return };
        let height = usize::from(self.geometry.body_rows.max(1));
        if self.flow.rows_from(&self.doc, &top, height).len() < height
            && let Some(row) = self.flow.last_page_top(&self.doc, height)
        {
            self.top_char = self.top_char.min(row.chars().start);
        }
    }

    /// Jumps (remembering where from, for `''`) to the row showing `char_offset`.
    pub fn jump_to(&mut self, char_offset: usize) {
        self.jumped = true;
        self.previous_top = Some(self.top_char);
        if let Some(row) = self.flow.row_at(&self.doc, char_offset) {
            self.set_top(row);
        }
    }

    /// Jumps so that `char_offset` is on screen with a little context above it; does not
    /// move if it is already on screen.
    pub fn reveal(&mut self, char_offset: usize) {
        let on_screen = match (self.screen.first(), self.screen.last()) {
            (Some(first), Some(last)) => (first.chars().start..last.chars().end).contains(&char_offset),
            _ => false,
        };
        if on_screen {
            return;
        }
        self.previous_top = Some(self.top_char);
        if let Some(row) = self.flow.row_at(&self.doc, char_offset) {
            let above = self.flow.step(&self.doc, &row, -JUMP_CONTEXT_ROWS);
            self.set_top(above);
        }
    }

    pub fn go_to_end(&mut self) {
        self.jumped = true;
        self.previous_top = Some(self.top_char);
        let height = usize::from(self.geometry.body_rows.max(1));
        if let Some(row) = self.flow.last_page_top(&self.doc, height) {
            self.top_char = row.chars().start;
        }
    }

    /// Source line `line` (1-based), as in less's `Ng`.
    pub fn go_to_line(&mut self, line: usize) {
        let text = self.doc.text();
        let byte = match line {
            0 | 1 => 0,
            n => memchr::memchr_iter(b'\n', text.as_bytes())
                .nth(n - 2)
                .map_or(text.len(), |i| i + 1),
        };
        self.jump_to(self.doc.char_at(byte));
    }

    pub fn next_paragraph(&mut self) {
        let Some(top) = self.top_row() else { return };
        match self.doc.segmenter().next(&top.layout.block) {
            Some(next) => self.jump_to(self.doc.char_at(next.content.start)),
            None => self.go_to_end(),
        }
    }

    pub fn previous_paragraph(&mut self) {
        let Some(top) = self.top_row() else { return };
        let block = &top.layout.block;
        let start = self.doc.char_at(block.content.start);
        if self.top_char > start {
            self.jump_to(start);
        } else if let Some(prev) = self.doc.segmenter().prev(block) {
            self.jump_to(self.doc.char_at(prev.content.start));
        }
    }

    pub fn heading(&mut self, forward: bool, status: &mut Status) {
        let here = self.last_char_of_top_row();
        let target = match &self.outline {
            Some(outline) if forward => outline.next_after(here).map(|h| h.char_offset),
            Some(outline) => outline.previous_before(self.top_char).map(|h| h.char_offset),
            None => self.scan_for_heading(forward),
        };
        match target {
            Some(char_offset) => self.jump_to(char_offset),
            None => status.say(if forward {
                "No heading below"
            } else {
                "No heading above"
            }),
        }
    }

    /// Looks through nearby blocks for a heading while the outline is being built.
    fn scan_for_heading(&mut self, forward: bool) -> Option<usize> {
        let top = self.top_row()?;
        let segmenter = self.doc.segmenter();
        let mut block = top.layout.block.clone();
        for _ in 0..HEADING_SCAN_BLOCKS {
            block = if forward {
                segmenter.next(&block)?
            } else {
                segmenter.prev(&block)?
            };
            if matches!(block.kind, crate::document::BlockKind::Heading(_)) {
                return Some(self.doc.char_at(block.content.start));
            }
        }
        None
    }

    /// Where each entry of the contents panel is (char offsets): the outline's
    /// headings, then the article's numbered links. None until the outline is built.
    pub fn contents_entries(&self) -> Vec<usize> {
        let Some(outline) = &self.outline else {
            return Vec::new();
        };
        let headings = outline.headings.iter().map(|h| h.char_offset);
        let links = self
            .doc
            .markup()
            .links()
            .iter()
            .map(|&(byte, _)| self.doc.char_at(byte));
        headings.chain(links).collect()
    }

    /// Index of the outline heading of the section the top row is in (a heading on the
    /// top row counts: an indented heading starts after the row does).
    pub fn current_section(&self) -> Option<usize> {
        self.outline.as_ref()?.section_at(self.last_char_of_top_row())
    }

    /// The offset of the top row's last character, as last laid out on screen.
    fn last_char_of_top_row(&self) -> usize {
        self.screen
            .first()
            .filter(|row| row.chars().start == self.top_char)
            .map_or(self.top_char, |row| {
                row.chars().end.saturating_sub(1).max(self.top_char)
            })
    }

    /// `=` and `Ctrl-G`, as less says it: the file, the source lines on screen (of
    /// all), the byte at the top (of all, in the normalised text) and how far in.
    pub fn file_info(&self) -> String {
        let text = self.doc.text().as_bytes();
        let top = self.doc.byte_at(self.top_char).min(text.len());
        let bottom = self
            .screen
            .last()
            .map_or(top, |row| self.doc.byte_at(row.chars().end))
            .min(text.len());
        let line_at = |byte: usize| memchr::memchr_iter(b'\n', &text[..byte]).count() + 1;
        let total_lines = line_at(text.len()) - usize::from(text.ends_with(b"\n"));
        let end = self.content_end.max(1);
        let bottom_char = self.screen.last().map_or(self.top_char, |row| row.chars().end);
        let percent = bottom_char.min(end) * 100 / end;
        let name = crate::sanitize::inline(&self.doc.file_name()).into_owned();
        format!(
            "{name} lines {}-{} of {total_lines}, byte {} of {}, {percent}%",
            line_at(top),
            line_at(bottom.saturating_sub(1).max(top)),
            top + 1,
            text.len()
        )
    }

    /// The letter after `m` or `'`.
    pub fn mark_key(&mut self, pending: Pending, letter: char, status: &mut Status) -> Moved {
        self.jumped = false;
        match pending {
            Pending::SetMark => {
                self.marks.insert(letter, self.top_char);
                status.say(format!("Mark {letter} set"));
                Moved::Scrolled
            }
            Pending::Quit | Pending::File => Moved::Scrolled,
            Pending::GoToMark => {
                let target = if letter == '\'' {
                    self.previous_top
                } else {
                    self.marks.get(&letter).copied()
                };
                match target {
                    Some(char_offset) => self.jump_to(char_offset),
                    None => status.warn(format!("No mark {letter}")),
                }
                self.moved()
            }
        }
    }
}
