//! The table of contents: which entry (a heading of the outline, then a numbered link
//! of the article) is chosen, and its keys.

use crate::keys::{Action, KeyMode, KeySpec};
use crate::tui::keymap::Keymap;

/// Headings moved over by a page key.
const PAGE_HEADINGS: usize = 10;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Contents {
    pub selected: usize,
}

/// What a key in the contents asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentsStep {
    Stay,
    Close,
    /// Close and jump to this char offset (a heading).
    JumpTo(usize),
}

impl Contents {
    /// A key, with where each entry is (char offsets; none until the outline is
    /// built). A key the keymap does not bind here closes the contents.
    pub fn key(&mut self, key: KeySpec, keymap: &Keymap, entries: &[usize]) -> ContentsStep {
        let last = entries.len().saturating_sub(1);
        let selected = self.selected;
        self.selected = match keymap.action(KeyMode::Contents, key) {
            Some(Action::NextEntry) => (selected + 1).min(last),
            Some(Action::PreviousEntry) => selected.saturating_sub(1),
            Some(Action::PageDown) => (selected + PAGE_HEADINGS).min(last),
            Some(Action::PageUp) => selected.saturating_sub(PAGE_HEADINGS),
            Some(Action::GoToFirst) => 0,
            Some(Action::GoToLast) => last,
            Some(Action::JumpToEntry) => {
                return entries
                    .get(selected)
                    .map_or(ContentsStep::Close, |&at| ContentsStep::JumpTo(at));
            }
            _ => return ContentsStep::Close,
        };
        ContentsStep::Stay
    }
}
