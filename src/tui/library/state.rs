//! The library view's state and its one `update`: the entries (known documents, or a
//! folder's documents as they are found), the filter typed after `/` (words matched in
//! title and path, case ignored), the selection and the scroll; and the search across
//! the library (`s`), whose matches open their document at the passage. No IO:
//! searching, opening and forgetting are effects the runtime performs.

use std::path::PathBuf;

use crate::keys::{Action, KeyMode, KeyName, KeySpec};
use crate::library::{Entry, Hit};
use crate::tui::keymap::Keymap;

/// What the view shows.
#[derive(Debug, Clone)]
pub struct LibraryView {
    /// "Library", or the folder shown as a shelf.
    pub heading: String,
    pub entries: Vec<Entry>,
    /// Indices into `entries` that pass the filter, in order.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    /// First row of `visible` on screen.
    pub top: usize,
    pub filter: String,
    /// The filter prompt has the keys.
    pub filtering: bool,
    /// A folder is still being listed.
    pub listing: bool,
    pub message: Option<String>,
    pub cols: u16,
    pub rows: u16,
    /// The search across the library, while it is shown.
    pub search: Option<SearchPanel>,
}

/// The search across the library: the query, and its matches as a list.
#[derive(Debug, Clone, Default)]
pub struct SearchPanel {
    pub query: String,
    /// The query prompt has the keys.
    pub typing: bool,
    pub hits: Vec<Hit>,
    pub selected: usize,
    pub top: usize,
}

/// What the view hands to the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(KeySpec),
    Resize {
        cols: u16,
        rows: u16,
    },
    /// More documents found in the folder.
    Found(Vec<Entry>),
    /// The folder has been listed.
    Listed,
    /// The entries again, after the reader (progress and times changed).
    Reloaded(Vec<Entry>),
    /// A line for the status row.
    Say(String),
    /// The matches of the search across the library.
    Hits(Vec<Hit>),
    /// Show the search across the library, its prompt taking the keys.
    OpenSearch,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Open(PathBuf),
    /// Open the document at this char offset (a search match).
    OpenAt(PathBuf, usize),
    Search(String),
    Forget(PathBuf),
    Quit,
}

/// Rows above and below the list: the heading, the column names, the status line.
const CHROME_ROWS: u16 = 3;

impl LibraryView {
    pub fn new(heading: String, entries: Vec<Entry>, listing: bool, cols: u16, rows: u16) -> LibraryView {
        let mut view = LibraryView {
            heading,
            entries,
            visible: Vec::new(),
            selected: 0,
            top: 0,
            filter: String::new(),
            filtering: false,
            listing,
            message: None,
            cols,
            rows,
            search: None,
        };
        view.apply_filter();
        view
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.visible.get(self.selected).map(|&i| &self.entries[i])
    }

    /// Rows the list has on screen.
    pub fn list_rows(&self) -> usize {
        usize::from(self.rows.saturating_sub(CHROME_ROWS)).max(1)
    }

    pub fn update(&mut self, msg: Msg, keymap: &Keymap) -> Option<Effect> {
        if self.search.is_some() {
            match msg {
                Msg::Key(key) => return self.search_key(key, keymap),
                Msg::Hits(hits) => {
                    if let Some(search) = &mut self.search {
                        (search.hits, search.selected, search.top) = (hits, 0, 0);
                    }
                    return None;
                }
                _ => {}
            }
        }
        match msg {
            Msg::Key(key) if self.filtering => {
                self.filter_key(key);
                None
            }
            Msg::Key(key) => {
                self.message = None;
                let action = keymap.action(KeyMode::Library, key)?;
                self.act(action)
            }
            Msg::Resize { cols, rows } => {
                (self.cols, self.rows) = (cols, rows);
                self.scroll_to_selection();
                None
            }
            Msg::Found(entries) => {
                self.entries.extend(entries);
                self.apply_filter_keeping_selection();
                None
            }
            Msg::Listed => {
                self.listing = false;
                None
            }
            Msg::Reloaded(entries) => {
                self.entries = entries;
                self.apply_filter_keeping_selection();
                None
            }
            Msg::Say(message) => {
                self.message = Some(message);
                None
            }
            Msg::Hits(_) => None,
            Msg::OpenSearch => self.act(Action::SearchLibrary),
        }
    }

    /// Keys while the search is shown: typing the query (each change searches again),
    /// then moving among the matches; `q` (quit) goes back to the documents.
    fn search_key(&mut self, key: KeySpec, keymap: &Keymap) -> Option<Effect> {
        let page = self.list_rows();
        let search = self.search.as_mut()?;
        if search.typing {
            match key.name {
                KeyName::Enter => search.typing = false,
                KeyName::Esc => self.search = None,
                KeyName::Backspace => {
                    search.query.pop();
                    return Some(Effect::Search(search.query.clone()));
                }
                KeyName::Char(c) if !key.ctrl && !key.alt && !c.is_control() => {
                    search.query.push(c);
                    return Some(Effect::Search(search.query.clone()));
                }
                _ => {}
            }
            return None;
        }
        let last = search.hits.len().saturating_sub(1);
        let selected = match keymap.action(KeyMode::Library, key) {
            Some(Action::NextEntry) => search.selected.saturating_add(1),
            Some(Action::PreviousEntry) => search.selected.saturating_sub(1),
            Some(Action::PageDown) => search.selected.saturating_add(page),
            Some(Action::PageUp) => search.selected.saturating_sub(page),
            Some(Action::GoToFirst) => 0,
            Some(Action::GoToLast) => last,
            Some(Action::SearchLibrary | Action::FilterList) => {
                search.typing = true;
                return None;
            }
            Some(Action::OpenDocument) => {
                let hit = search.hits.get(search.selected)?;
                return Some(Effect::OpenAt(hit.document.clone(), hit.start as usize));
            }
            Some(Action::Quit) => {
                self.search = None;
                return None;
            }
            _ => return None,
        };
        search.selected = selected.min(last);
        if search.selected < search.top {
            search.top = search.selected;
        } else if search.selected >= search.top + page {
            search.top = search.selected + 1 - page;
        }
        None
    }

    fn act(&mut self, action: Action) -> Option<Effect> {
        let page = self.list_rows();
        match action {
            Action::NextEntry => self.select(self.selected.saturating_add(1)),
            Action::PreviousEntry => self.select(self.selected.saturating_sub(1)),
            Action::PageDown => self.select(self.selected.saturating_add(page)),
            Action::PageUp => self.select(self.selected.saturating_sub(page)),
            Action::GoToFirst => self.select(0),
            Action::GoToLast => self.select(usize::MAX),
            Action::FilterList => self.filtering = true,
            Action::SearchLibrary => {
                self.search = Some(SearchPanel {
                    typing: true,
                    ..SearchPanel::default()
                });
            }
            Action::OpenDocument => return self.selected_entry().map(|e| Effect::Open(e.path.clone())),
            Action::ForgetDocument => {
                let entry = self.selected_entry()?;
                if !entry.known {
                    self.message = Some("Not in the library: nothing to forget".into());
                    return None;
                }
                let path = entry.path.clone();
                let index = self.visible[self.selected];
                self.entries.remove(index);
                self.apply_filter_keeping_selection();
                return Some(Effect::Forget(path));
            }
            Action::Quit => return Some(Effect::Quit),
            _ => {}
        }
        None
    }

    fn filter_key(&mut self, key: KeySpec) {
        match key.name {
            KeyName::Enter => self.filtering = false,
            KeyName::Esc => {
                self.filtering = false;
                self.filter.clear();
                self.apply_filter_keeping_selection();
            }
            KeyName::Backspace => {
                self.filter.pop();
                self.apply_filter();
            }
            KeyName::Char(c) if !key.ctrl && !key.alt && !c.is_control() => {
                self.filter.push(c);
                self.apply_filter();
            }
            _ => {}
        }
    }

    fn select(&mut self, index: usize) {
        self.selected = index.min(self.visible.len().saturating_sub(1));
        self.scroll_to_selection();
    }

    fn scroll_to_selection(&mut self) {
        let rows = self.list_rows();
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
        let last_top = self.visible.len().saturating_sub(rows);
        self.top = self.top.min(last_top);
    }

    /// Filters from scratch: the selection goes to the first match.
    fn apply_filter(&mut self) {
        let words: Vec<String> = self.filter.split_whitespace().map(str::to_lowercase).collect();
        self.visible = (0..self.entries.len())
            .filter(|&i| matches(&self.entries[i], &words))
            .collect();
        self.selected = 0;
        self.top = 0;
    }

    fn apply_filter_keeping_selection(&mut self) {
        let kept = self.visible.get(self.selected).copied();
        let path = kept.and_then(|i| self.entries.get(i)).map(|e| e.path.clone());
        let before = self.selected;
        self.apply_filter();
        let again = path.and_then(|path| self.visible.iter().position(|&i| self.entries[i].path == path));
        self.select(again.unwrap_or(before));
    }
}

/// Every word is in the title or the path (case ignored).
fn matches(entry: &Entry, words: &[String]) -> bool {
    if words.is_empty() {
        return true;
    }
    let haystack = format!("{}\n{}", entry.title, entry.path.display()).to_lowercase();
    words.iter().all(|word| haystack.contains(word.as_str()))
}
