//! Searching from the reader: the prompt (incremental, coalesced while typing), and
//! repeating a search forward or backward with wrap-around.

use crate::keys::{KeyName, KeySpec};
use crate::text::pattern::{CaseMode, compile};

use super::app::{App, Mode};
use super::search::{self, Search};

impl App {
    pub(super) fn prompt_key(&mut self, key: KeySpec) {
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

    pub(super) fn cancel_prompt(&mut self, origin_top: usize) {
        self.mode = Mode::Reading;
        self.search_pending = false;
        self.top_char = origin_top;
        self.search = self.search_before_prompt.take();
        self.message = None;
    }

    /// While typing: show the first match from where the search began.
    pub(super) fn incremental_search(&mut self) {
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
                self.focus = None;
                if found.wrapped {
                    self.say_wrapped(backward);
                }
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

    pub(super) fn confirm_search(&mut self, query: String, backward: bool) {
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

    pub(super) fn repeat_search(&mut self, reverse: bool) {
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
                self.focus = None;
                let start = self.doc.char_at(found.bytes.start);
                if found.wrapped {
                    self.say_wrapped(backward);
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

    /// Like less: a search that passed the end (or, backward, the start) says so.
    fn say_wrapped(&mut self, backward: bool) {
        self.say(if backward {
            "Search wrapped to the end"
        } else {
            "Search wrapped to the top"
        });
    }
}
