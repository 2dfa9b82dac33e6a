//! Searching from the reader: the prompt (incremental, coalesced while typing), the
//! search in force and its matches on screen, and repeating a search forward or
//! backward with wrap-around, like less. `Up`/`Down` in the prompt recall earlier
//! searches (`crate::history`, kept across sessions by the runtime).

pub mod find;

use std::ops::Range;

use crate::history::History;
use crate::keys::{KeyName, KeySpec};
use crate::text::pattern::{CaseMode, search};

use super::prompts::{Edited, LineInput};
use super::reader::Reader;
use super::status::Status;
use find::Search;

use crate::markup::search::SearchText;

/// The search prompt: what is typed, which way, and where the reader was before it began.
#[derive(Debug, Clone)]
pub struct SearchPrompt {
    pub input: LineInput,
    pub backward: bool,
    pub origin_top: usize,
    /// The history entry shown (counted from the newest), while recalling.
    recalled: Option<usize>,
    /// What was typed before recalling began, given back by `Down` past the newest.
    draft: String,
}

/// What a key in the prompt leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptStep {
    Typing,
    /// The query is confirmed (enter): back to reading; the query to add to the
    /// history kept across sessions, if there is one.
    Done(Option<String>),
    /// The prompt is cancelled: back to reading where the search began.
    Cancelled,
}

/// The search in force and what it shows.
#[derive(Debug, Clone, Default)]
pub struct Searching {
    pub current: Option<Search>,
    /// The search in force when the prompt opened, restored if it is cancelled.
    before_prompt: Option<Search>,
    /// Char ranges of the search matches on screen.
    pub visible_matches: Vec<Range<usize>>,
    /// The prompt changed since the last incremental search.
    pub pending: bool,
    /// The matches are hidden (`Esc`, `Esc u`) until the next search or `n`.
    hidden: bool,
    /// Earlier searches, this session's included, oldest first.
    pub history: History,
}

impl Searching {
    /// `/` or `?`: opens the prompt.
    pub fn begin(&mut self, backward: bool, reader: &Reader) -> SearchPrompt {
        self.hidden = false;
        self.before_prompt = self.current.clone();
        SearchPrompt {
            input: LineInput::default(),
            backward,
            origin_top: reader.top_char,
            recalled: None,
            draft: String::new(),
        }
    }

    /// A key in the prompt. `true` in the second place: the view moved to a match.
    pub fn key(
        &mut self,
        prompt: &mut SearchPrompt,
        key: KeySpec,
        reader: &mut Reader,
        status: &mut Status,
    ) -> (PromptStep, bool) {
        match (key.name, key.ctrl) {
            (KeyName::Enter, _) => {
                let found = std::mem::take(&mut self.pending) && self.incremental(prompt, reader, status);
                let query = std::mem::take(&mut prompt.input.text);
                let remember = (!query.trim().is_empty()).then(|| query.clone());
                if let Some(query) = &remember {
                    self.history.push(query);
                }
                let moved = self.confirm(query, prompt.backward, reader, status);
                (PromptStep::Done(remember), found || moved)
            }
            (KeyName::Esc, _) | (KeyName::Char('c' | 'g'), true) => {
                self.cancel(prompt, reader, status);
                (PromptStep::Cancelled, false)
            }
            (KeyName::Up | KeyName::Down, false) => {
                if self.recall(prompt, key.name == KeyName::Up) {
                    self.pending = true;
                }
                (PromptStep::Typing, false)
            }
            _ => match prompt.input.edit(key) {
                Edited::Changed => {
                    self.pending = true;
                    (PromptStep::Typing, false)
                }
                Edited::Unchanged => (PromptStep::Typing, false),
                Edited::EmptiedAlready => {
                    self.cancel(prompt, reader, status);
                    (PromptStep::Cancelled, false)
                }
            },
        }
    }

    /// `Up` (`older`) or `Down` in the prompt: the previous or next search of the
    /// history; `Down` past the newest gives back what was typed. `true` when the
    /// prompt changed.
    fn recall(&self, prompt: &mut SearchPrompt, older: bool) -> bool {
        let entries = self.history.entries();
        let next = match (prompt.recalled, older) {
            (None, true) if !entries.is_empty() => Some(0),
            (Some(back), true) if back + 1 < entries.len() => Some(back + 1),
            (Some(back), false) => back.checked_sub(1),
            _ => return false,
        };
        if prompt.recalled.is_none() {
            prompt.draft = prompt.input.text.clone();
        }
        prompt.recalled = next;
        prompt.input.text = match next {
            Some(back) => entries[entries.len() - 1 - back].clone(),
            None => std::mem::take(&mut prompt.draft),
        };
        true
    }

    /// Text pasted into the prompt, on one line.
    pub fn paste(&mut self, prompt: &mut SearchPrompt, text: &str) {
        prompt.input.text.push_str(&text.replace(['\n', '\r', '\t'], " "));
        self.pending = true;
    }

    fn cancel(&mut self, prompt: &SearchPrompt, reader: &mut Reader, status: &mut Status) {
        self.pending = false;
        reader.top_char = prompt.origin_top;
        self.current = self.before_prompt.take();
        status.clear();
    }

    /// While typing: shows the first match from where the search began. `true` when
    /// the view moved to a match.
    pub fn incremental(&mut self, prompt: &SearchPrompt, reader: &mut Reader, status: &mut Status) -> bool {
        let (backward, origin_top) = (prompt.backward, prompt.origin_top);
        let regex = match search(&prompt.input.text, CaseMode::Smart) {
            Ok(Some(regex)) => regex,
            Ok(None) => {
                self.current = None;
                reader.top_char = origin_top;
                return false;
            }
            Err(error) => {
                self.current = None;
                reader.top_char = origin_top;
                status.warn(format!("Invalid pattern: {error}"));
                return false;
            }
        };
        let searched = reader.doc.search_text();
        let text = searched.as_str(reader.doc.text());
        let origin_byte = searched.from_source(reader.doc.byte_at(origin_top));
        let found = if backward {
            find::backward(text, &regex, origin_byte)
        } else {
            find::forward(text, &regex, origin_byte)
        }
        .map(|found| to_source(searched, found));
        let query = prompt.input.text.clone();
        reader.top_char = origin_top;
        reader.refresh_rows();
        let current = found.as_ref().map(|found| found.bytes.clone());
        self.current = Some(Search {
            query: query.clone(),
            regex,
            backward,
            current,
        });
        match found {
            Some(found) => {
                status.clear();
                if found.wrapped {
                    say_wrapped(status, backward);
                }
                reader.reveal(reader.doc.char_at(found.bytes.start));
                true
            }
            None => {
                status.warn(format!("Pattern not found: {query}"));
                false
            }
        }
    }

    /// Enter in the prompt. `true` when the view moved to a match.
    fn confirm(&mut self, query: String, backward: bool, reader: &mut Reader, status: &mut Status) -> bool {
        if query.trim().is_empty() {
            // Like less: an empty pattern repeats the previous search.
            if let Some(search) = &mut self.current {
                search.backward = backward;
            }
            return self.repeat(false, reader, status);
        }
        if let Err(error) = search(&query, CaseMode::Smart) {
            status.warn(format!("Invalid pattern: {error}"));
        } else if self.current.as_ref().is_none_or(|s| s.current.is_none()) {
            status.warn(format!("Pattern not found: {query}"));
        }
        false
    }

    /// `n` (or, `reverse`, `N`). `true` when the view moved to a match.
    pub fn repeat(&mut self, reverse: bool, reader: &mut Reader, status: &mut Status) -> bool {
        let Some(search) = &mut self.current else {
            status.warn("No previous search (press / to search)");
            return false;
        };
        self.hidden = false;
        let backward = search.backward != reverse;
        let searched = reader.doc.search_text();
        let text = searched.as_str(reader.doc.text());
        let from = match &search.current {
            Some(current) if backward => searched.from_source(current.start),
            Some(current) => {
                let at = searched.from_source(current.start);
                at + text[at..].chars().next().map_or(1, char::len_utf8)
            }
            None => searched.from_source(reader.doc.byte_at(reader.top_char)),
        };
        let found = if backward {
            find::backward(text, &search.regex, from)
        } else {
            find::forward(text, &search.regex, from)
        }
        .map(|found| to_source(searched, found));
        let Some(found) = found else {
            status.warn(format!("Pattern not found: {}", search.query));
            return false;
        };
        let start = reader.doc.char_at(found.bytes.start);
        if found.wrapped {
            say_wrapped(status, backward);
        }
        search.current = Some(found.bytes);
        reader.refresh_rows();
        reader.reveal(start);
        true
    }

    /// `Esc` (less's `Esc u`): the matches are no longer shown, nor is there a current
    /// one for `v` and the annotation keys; `n` finds the next from the screen's top.
    pub fn clear(&mut self) {
        self.hidden = true;
        self.visible_matches.clear();
        if let Some(search) = &mut self.current {
            search.current = None;
        }
    }

    /// The current match as chars, if there is one.
    pub fn current_chars(&self, reader: &Reader) -> Option<Range<usize>> {
        let bytes = self.current.as_ref()?.current.clone()?;
        Some(reader.doc.char_at(bytes.start)..reader.doc.char_at(bytes.end))
    }

    /// Finds the matches among the rows on screen.
    pub fn refresh_matches(&mut self, reader: &Reader) {
        self.visible_matches.clear();
        if self.hidden {
            return;
        }
        if let (Some(search), Some(first), Some(last)) =
            (&self.current, reader.screen.first(), reader.screen.last())
        {
            let doc = &reader.doc;
            let searched = doc.search_text();
            let bytes =
                searched.from_source(first.line().bytes.start)..searched.from_source(last.line().bytes.end);
            self.visible_matches = find::matches_in(searched.as_str(doc.text()), &search.regex, bytes)
                .into_iter()
                .map(|m| searched.to_source(m))
                .map(|m| doc.char_at(m.start)..doc.char_at(m.end))
                .collect();
        }
    }
}

/// A match in the searched text (§1.9: the displayed text) as source bytes.
fn to_source(searched: &SearchText, found: find::Found) -> find::Found {
    find::Found {
        bytes: searched.to_source(found.bytes),
        wrapped: found.wrapped,
    }
}

/// Like less: a search that passed the end (or, backward, the start) says so.
fn say_wrapped(status: &mut Status, backward: bool) {
    status.say(if backward {
        "Search wrapped to the end"
    } else {
        "Search wrapped to the top"
    });
}
