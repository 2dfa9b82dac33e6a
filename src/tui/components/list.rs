//! The annotation list: which annotations it shows (in text order, the ones that need
//! review — fuzzy, ambiguous, orphaned — in their own section last), its filter, and
//! its keys.

use crate::keys::{Action, KeyMode, KeyName, KeySpec};
use crate::tui::keymap::Keymap;

use super::annotations::{Annotations, Placed};

/// The list's state; `filter` narrows it (`tag:x`, `color:x`, `kind:x`, `status:x` or
/// words of the quote, note or tags).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnnotationList {
    pub selected: usize,
    pub filter: String,
    pub editing_filter: bool,
}

/// What a key in the list asks for, on the entry it names (by id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListStep {
    Stay,
    Close,
    /// Close and show this annotation.
    Show(String),
    /// Close so that a new place can be found for this annotation.
    Reattach(String),
    /// Accept the new place of this (fuzzy or ambiguous) annotation.
    Accept(String),
    /// An annotation action on this annotation; the list stays unless it opens an editor.
    Act(String, Action),
}

impl AnnotationList {
    pub fn new(selected: usize) -> AnnotationList {
        AnnotationList {
            selected,
            ..AnnotationList::default()
        }
    }

    /// A key, with the ids of the entries shown (`entries`). While the filter is being
    /// typed keys type it; otherwise a key the keymap does not bind here closes the list.
    pub fn key(&mut self, key: KeySpec, keymap: &Keymap, ids: &[String]) -> ListStep {
        if self.editing_filter {
            self.edit_filter(key);
            return ListStep::Stay;
        }
        let last = ids.len().saturating_sub(1);
        let index = self.selected;
        let current = ids.get(index.min(last)).cloned();
        let on_current = |step: &dyn Fn(String) -> ListStep| current.clone().map_or(ListStep::Stay, step);
        match keymap.action(KeyMode::List, key) {
            Some(Action::NextEntry) => self.selected = (index + 1).min(last),
            Some(Action::PreviousEntry) => self.selected = index.saturating_sub(1),
            Some(Action::GoToFirst) => self.selected = 0,
            Some(Action::GoToLast) => self.selected = last,
            Some(Action::FilterList) => self.editing_filter = true,
            Some(Action::JumpToEntry) => return on_current(&ListStep::Show),
            Some(Action::Reattach) => return on_current(&ListStep::Reattach),
            Some(Action::AcceptAnchoring) => return on_current(&ListStep::Accept),
            Some(
                action @ (Action::EditNote
                | Action::EditTags
                | Action::CycleColor
                | Action::ToggleStatus
                | Action::DeleteAnnotation
                | Action::EditNoteExternal
                | Action::CopyNote),
            ) => return on_current(&|id| ListStep::Act(id, action)),
            _ => return ListStep::Close,
        }
        ListStep::Stay
    }

    fn edit_filter(&mut self, key: KeySpec) {
        match key.name {
            KeyName::Enter | KeyName::Esc => self.editing_filter = false,
            KeyName::Backspace => {
                self.filter.pop();
            }
            KeyName::Char(c) if !key.ctrl && !key.alt => self.filter.push(c),
            _ => {}
        }
        self.selected = 0;
    }
}

/// The entries of the list for `filter`: anchored annotations first, then those that
/// need review.
pub fn entries<'a>(annotations: &'a Annotations, filter: &str) -> Vec<&'a Placed> {
    let (review, anchored): (Vec<&Placed>, Vec<&Placed>) = annotations
        .all()
        .iter()
        .filter(|p| matches_filter(p, filter))
        .partition(|p| p.needs_review());
    anchored.into_iter().chain(review).collect()
}

/// Whether `placed` passes `filter`: every word must match; `tag:`, `color:`, `kind:`
/// and `status:` (review or anchoring status) compare fields, other words are looked
/// for in the quote, the note and the tags, ignoring case.
pub fn matches_filter(placed: &Placed, filter: &str) -> bool {
    let annotation = &placed.annotation;
    filter.split_whitespace().all(|word| {
        let word = word.to_lowercase();
        if let Some(tag) = word.strip_prefix("tag:") {
            annotation.tags.iter().any(|t| t.to_lowercase() == tag)
        } else if let Some(color) = word
            .strip_prefix("color:")
            .or_else(|| word.strip_prefix("colour:"))
        {
            annotation.color.to_lowercase() == color
        } else if let Some(kind) = word.strip_prefix("kind:") {
            annotation.kind.as_str() == kind
        } else if let Some(status) = word.strip_prefix("status:") {
            annotation.status.as_str() == status || placed.status.as_str() == status
        } else {
            annotation.exact.to_lowercase().contains(&word)
                || annotation.note.to_lowercase().contains(&word)
                || annotation.tags.iter().any(|t| t.to_lowercase().contains(&word))
        }
    })
}
