//! `App::update`: the one place the reader's state changes. Turns messages (keys,
//! resizes, finished background work) into new state and effects; does no IO.

use std::sync::Arc;

use crate::keys::{Action, KeyMode, KeyName, KeySpec};
use crate::layout::RowRef;
use crate::text::pattern::{CaseMode, compile};

use super::app::{App, Effect, Geometry, Message, Mode, Msg, Pending};
use super::search::{self, Search};

/// Rows of context kept above a match or heading that the view jumps to.
const JUMP_CONTEXT_ROWS: isize = 2;
/// Rows moved by one notch of the mouse wheel.
const WHEEL_ROWS: isize = 3;
/// Blocks looked at for a heading before the outline is ready.
const HEADING_SCAN_BLOCKS: usize = 2000;

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let effects = match msg {
            Msg::Key(key) => self.key(key),
            Msg::Resize { cols, rows } => {
                self.geometry = Geometry::new(cols, rows, self.settings.measure());
                self.flow.set_options(self.layout_options());
                Vec::new()
            }
            Msg::Wheel(down) => {
                self.scroll(if down { WHEEL_ROWS } else { -WHEEL_ROWS });
                Vec::new()
            }
            Msg::Paste(text) => {
                if let Mode::Prompt { text: query, .. } = &mut self.mode {
                    query.push_str(&text.replace(['\n', '\r', '\t'], " "));
                    self.search_pending = true;
                }
                Vec::new()
            }
            Msg::OutlineReady(outline) => {
                self.outline = Some(outline);
                Vec::new()
            }
            Msg::Terminate => self.quit(),
            Msg::Notice(text) => {
                self.warn(text);
                Vec::new()
            }
            Msg::Settle => {
                if std::mem::take(&mut self.search_pending) {
                    self.incremental_search();
                }
                Vec::new()
            }
        };
        self.refresh_screen();
        effects
    }

    fn key(&mut self, key: KeySpec) -> Vec<Effect> {
        match self.mode {
            Mode::Prompt { .. } => {
                self.prompt_key(key);
                Vec::new()
            }
            Mode::Help { .. } => {
                self.help_key(key);
                Vec::new()
            }
            Mode::Contents { .. } => {
                self.contents_key(key);
                Vec::new()
            }
            Mode::Reading => self.reading_key(key),
        }
    }

    fn reading_key(&mut self, key: KeySpec) -> Vec<Effect> {
        let plain_char = match key.name {
            KeyName::Char(c) if !key.ctrl && !key.alt => Some(c),
            _ => None,
        };
        if let Some(pending) = self.pending.take() {
            match plain_char {
                Some(letter) => self.mark_key(pending, letter),
                None => self.say("Cancelled"),
            }
            return Vec::new();
        }
        if let Some(digit) = plain_char.and_then(|c| c.to_digit(10))
            && (digit != 0 || self.count.is_some())
        {
            let count = self
                .count
                .unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(digit as usize);
            self.count = Some(count.min(1_000_000_000));
            return Vec::new();
        }
        let count = self.count.take();
        let Some(action) = self.settings.keymap.action(KeyMode::Normal, key) else {
            let help = self
                .settings
                .keymap
                .first_key(KeyMode::Normal, Action::ToggleHelp);
            let hint = help.map(|k| format!(" (press {k} for help)")).unwrap_or_default();
            self.warn(format!("{key} does nothing here{hint}"));
            return Vec::new();
        };
        self.message = None;
        self.act(action, count)
    }

    fn act(&mut self, action: Action, count: Option<usize>) -> Vec<Effect> {
        let times = count.unwrap_or(1).min(isize::MAX as usize) as isize;
        let page = self.geometry.body_rows.max(1) as isize;
        match action {
            Action::ScrollDown => self.scroll(times),
            Action::ScrollUp => self.scroll(-times),
            Action::PageDown => self.scroll(times.saturating_mul(page)),
            Action::PageUp => self.scroll(-times.saturating_mul(page)),
            Action::HalfPageDown => self.scroll(times.saturating_mul((page / 2).max(1))),
            Action::HalfPageUp => self.scroll(-times.saturating_mul((page / 2).max(1))),
            Action::GoToStart => match count {
                Some(line) => self.go_to_line(line),
                None => self.jump_to(0),
            },
            Action::GoToEnd => self.go_to_end(),
            Action::GoToPercent => {
                let percent = count.unwrap_or(0).min(100);
                let target = (self.doc.len_chars() as u128 * percent as u128 / 100) as usize;
                self.jump_to(target);
            }
            Action::NextParagraph => self.next_paragraph(),
            Action::PreviousParagraph => self.previous_paragraph(),
            Action::NextHeading => self.heading(true),
            Action::PreviousHeading => self.heading(false),
            Action::SetMark => self.pending = Some(Pending::SetMark),
            Action::GoToMark => self.pending = Some(Pending::GoToMark),
            Action::SearchForward | Action::SearchBackward => {
                self.search_before_prompt = self.search.clone();
                self.mode = Mode::Prompt {
                    text: String::new(),
                    backward: action == Action::SearchBackward,
                    origin_top: self.top_char,
                };
            }
            Action::NextMatch => self.repeat_search(false),
            Action::PreviousMatch => self.repeat_search(true),
            Action::ToggleContents => {
                let selected = self.current_section().unwrap_or(0);
                self.mode = Mode::Contents { selected };
            }
            Action::ToggleHelp => self.mode = Mode::Help { scroll: 0 },
            Action::RevealHidden => {
                self.reveal_hidden = !self.reveal_hidden;
                self.flow.set_options(self.layout_options());
                self.say(if self.reveal_hidden {
                    "Showing bidi controls and invisible characters"
                } else {
                    "Hiding bidi controls and invisible characters"
                });
            }
            Action::Redraw => return vec![Effect::Redraw],
            Action::Quit => return self.quit(),
            other => self.warn(format!("{} is not available here", other.help())),
        }
        Vec::new()
    }

    fn quit(&mut self) -> Vec<Effect> {
        vec![Effect::SavePosition(self.top_char), Effect::Quit]
    }

    /// Recomputes the rows on screen and the search matches among them.
    pub(super) fn refresh_screen(&mut self) {
        let height = usize::from(self.geometry.body_rows);
        self.screen = match self.flow.row_at(&self.doc, self.top_char) {
            Some(top) => self.flow.rows_from(&self.doc, &top, height),
            None => Vec::new(),
        };
        self.visible_matches.clear();
        if let (Some(search), Some(first), Some(last)) =
            (&self.search, self.screen.first(), self.screen.last())
        {
            let bytes = first.line().bytes.start..last.line().bytes.end;
            let text = self.doc.text();
            self.visible_matches = search::matches_in(text, &search.regex, bytes)
                .into_iter()
                .map(|m| self.doc.char_at(m.start)..self.doc.char_at(m.end))
                .collect();
        }
    }

    fn top_row(&mut self) -> Option<RowRef> {
        self.flow.row_at(&self.doc, self.top_char)
    }

    /// Moves the view `delta` rows; never past the point where the last row is at the
    /// bottom of the screen.
    fn scroll(&mut self, delta: isize) {
        let Some(top) = self.top_row() else { return };
        let target = self.flow.step(&self.doc, &top, delta);
        self.set_top(target);
    }

    /// Puts `row` at the top, or as close as the end of the document allows.
    fn set_top(&mut self, row: RowRef) {
        let height = usize::from(self.geometry.body_rows.max(1));
        let shown = self.flow.rows_from(&self.doc, &row, height);
        let row = if shown.len() < height {
            self.flow.last_page_top(&self.doc, height).unwrap_or(row)
        } else {
            row
        };
        self.top_char = row.chars().start;
    }

    /// Jumps (remembering where from, for `''`) to the row showing `char_offset`.
    fn jump_to(&mut self, char_offset: usize) {
        self.previous_top = Some(self.top_char);
        if let Some(row) = self.flow.row_at(&self.doc, char_offset) {
            self.set_top(row);
        }
    }

    /// Jumps so that `char_offset` is on screen with a little context above it; does not
    /// move if it is already on screen.
    fn reveal(&mut self, char_offset: usize) {
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

    fn go_to_end(&mut self) {
        self.previous_top = Some(self.top_char);
        let height = usize::from(self.geometry.body_rows.max(1));
        if let Some(row) = self.flow.last_page_top(&self.doc, height) {
            self.top_char = row.chars().start;
        }
    }

    /// Source line `line` (1-based), as in less's `Ng`.
    fn go_to_line(&mut self, line: usize) {
        let text = self.doc.text();
        let byte = match line {
            0 | 1 => 0,
            n => memchr::memchr_iter(b'\n', text.as_bytes())
                .nth(n - 2)
                .map_or(text.len(), |i| i + 1),
        };
        self.jump_to(self.doc.char_at(byte));
    }

    fn next_paragraph(&mut self) {
        let Some(top) = self.top_row() else { return };
        match self.doc.segmenter().next(&top.layout.block) {
            Some(next) => self.jump_to(self.doc.char_at(next.content.start)),
            None => self.go_to_end(),
        }
    }

    fn previous_paragraph(&mut self) {
        let Some(top) = self.top_row() else { return };
        let block = &top.layout.block;
        let start = self.doc.char_at(block.content.start);
        if self.top_char > start {
            self.jump_to(start);
        } else if let Some(prev) = self.doc.segmenter().prev(block) {
            self.jump_to(self.doc.char_at(prev.content.start));
        }
    }

    fn heading(&mut self, forward: bool) {
        let target = match &self.outline {
            Some(outline) if forward => outline.next_after(self.top_char).map(|h| h.char_offset),
            Some(outline) => outline.previous_before(self.top_char).map(|h| h.char_offset),
            None => self.scan_for_heading(forward),
        };
        match target {
            Some(char_offset) => self.jump_to(char_offset),
            None => self.say(if forward {
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

    /// Index of the outline heading of the section the top row is in.
    pub(super) fn current_section(&self) -> Option<usize> {
        self.outline.as_ref()?.section_at(self.top_char)
    }

    fn mark_key(&mut self, pending: Pending, letter: char) {
        match pending {
            Pending::SetMark => {
                self.marks.insert(letter, self.top_char);
                self.say(format!("Mark {letter} set"));
            }
            Pending::GoToMark => {
                let target = if letter == '\'' {
                    self.previous_top
                } else {
                    self.marks.get(&letter).copied()
                };
                match target {
                    Some(char_offset) => self.jump_to(char_offset),
                    None => self.warn(format!("No mark {letter}")),
                }
            }
        }
    }

    fn prompt_key(&mut self, key: KeySpec) {
        let Mode::Prompt {
            text,
            backward,
            origin_top,
        } = &mut self.mode
        else {
            return;
        };
        let (backward, origin_top) = (*backward, *origin_top);
        match (key.name, key.ctrl) {
            (KeyName::Enter, _) => {
                if std::mem::take(&mut self.search_pending) {
                    self.incremental_search();
                }
                let Mode::Prompt { text, .. } = &mut self.mode else {
                    return;
                };
                let query = std::mem::take(text);
                self.mode = Mode::Reading;
                self.confirm_search(query, backward);
                return;
            }
            (KeyName::Esc, _) | (KeyName::Char('c' | 'g'), true) => {
                self.cancel_prompt(origin_top);
                return;
            }
            (KeyName::Backspace, _) => {
                if text.pop().is_none() {
                    self.cancel_prompt(origin_top);
                    return;
                }
            }
            (KeyName::Char('u'), true) => text.clear(),
            (KeyName::Char(c), false) if !c.is_control() => text.push(c),
            _ => return,
        }
        self.search_pending = true;
    }

    fn cancel_prompt(&mut self, origin_top: usize) {
        self.mode = Mode::Reading;
        self.search_pending = false;
        self.top_char = origin_top;
        self.search = self.search_before_prompt.take();
        self.message = None;
    }

    /// While typing: show the first match from where the search began.
    fn incremental_search(&mut self) {
        let Mode::Prompt {
            text,
            backward,
            origin_top,
        } = &self.mode
        else {
            return;
        };
        let (backward, origin_top) = (*backward, *origin_top);
        let Some(regex) = compile(text, CaseMode::Smart) else {
            self.search = None;
            self.top_char = origin_top;
            return;
        };
        let origin_byte = self.doc.byte_at(origin_top);
        let found = if backward {
            search::backward(self.doc.text(), &regex, origin_byte)
        } else {
            search::forward(self.doc.text(), &regex, origin_byte)
        };
        let query = text.clone();
        self.top_char = origin_top;
        self.refresh_screen();
        match found {
            Some(found) => {
                self.message = None;
                let start = self.doc.char_at(found.bytes.start);
                self.search = Some(Search {
                    query,
                    regex,
                    backward,
                    current: Some(found.bytes),
                });
                self.reveal(start);
            }
            None => {
                self.search = Some(Search {
                    query: query.clone(),
                    regex,
                    backward,
                    current: None,
                });
                self.warn(format!("Pattern not found: {query}"));
            }
        }
    }

    fn confirm_search(&mut self, query: String, backward: bool) {
        if query.trim().is_empty() {
            // Like less: an empty pattern repeats the previous search.
            if let Some(search) = &mut self.search {
                search.backward = backward;
            }
            self.repeat_search(false);
            return;
        }
        if self.search.as_ref().is_none_or(|s| s.current.is_none()) {
            self.warn(format!("Pattern not found: {query}"));
        }
    }

    fn repeat_search(&mut self, reverse: bool) {
        let Some(search) = &self.search else {
            self.warn("No previous search (press / to search)");
            return;
        };
        let backward = search.backward != reverse;
        let text = self.doc.text();
        let from = match &search.current {
            Some(current) if backward => current.start,
            Some(current) => current.start + text[current.start..].chars().next().map_or(1, char::len_utf8),
            None => self.doc.byte_at(self.top_char),
        };
        let found = if backward {
            search::backward(text, &search.regex, from)
        } else {
            search::forward(text, &search.regex, from)
        };
        let query = search.query.clone();
        match found {
            Some(found) => {
                let start = self.doc.char_at(found.bytes.start);
                if found.wrapped {
                    self.say(if backward {
                        "Search wrapped to the end"
                    } else {
                        "Search wrapped to the top"
                    });
                }
                if let Some(search) = &mut self.search {
                    search.current = Some(found.bytes);
                }
                self.refresh_screen();
                self.reveal(start);
            }
            None => self.warn(format!("Pattern not found: {query}")),
        }
    }

    fn help_key(&mut self, key: KeySpec) {
        let Mode::Help { scroll } = &mut self.mode else {
            return;
        };
        match key.name {
            KeyName::Char('j') | KeyName::Down | KeyName::Enter => *scroll += 1,
            KeyName::Char('k') | KeyName::Up => *scroll = scroll.saturating_sub(1),
            KeyName::Char(' ' | 'f') | KeyName::PageDown => *scroll += 10,
            KeyName::Char('b') | KeyName::PageUp => *scroll = scroll.saturating_sub(10),
            _ => self.mode = Mode::Reading,
        }
    }

    fn contents_key(&mut self, key: KeySpec) {
        let Mode::Contents { selected } = &mut self.mode else {
            return;
        };
        let count = self.outline.as_ref().map_or(0, |o| o.headings.len());
        match key.name {
            KeyName::Char('j') | KeyName::Down => *selected = (*selected + 1).min(count.saturating_sub(1)),
            KeyName::Char('k') | KeyName::Up => *selected = selected.saturating_sub(1),
            KeyName::Char(' ' | 'f') | KeyName::PageDown => {
                *selected = (*selected + 10).min(count.saturating_sub(1))
            }
            KeyName::Char('b') | KeyName::PageUp => *selected = selected.saturating_sub(10),
            KeyName::Char('g') | KeyName::Home => *selected = 0,
            KeyName::Char('G') | KeyName::End => *selected = count.saturating_sub(1),
            KeyName::Enter => {
                let target = self
                    .outline
                    .as_ref()
                    .and_then(|o| o.headings.get(*selected))
                    .map(|h| h.char_offset);
                self.mode = Mode::Reading;
                if let Some(char_offset) = target {
                    self.jump_to(char_offset);
                }
            }
            _ => self.mode = Mode::Reading,
        }
    }

    pub(super) fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    pub(super) fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    /// The outline, once the background job has built it.
    pub fn set_outline(&mut self, outline: Arc<crate::document::outline::Outline>) {
        self.update(Msg::OutlineReady(outline));
    }
}
