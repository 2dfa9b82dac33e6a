//! The annotation list panel: which annotations it shows (in text order, the ones that
//! need review — fuzzy, ambiguous, orphaned — in their own section last), its filter,
//! and its keys.

use crate::keys::{Action, KeyName, KeySpec};

use super::annotations::Placed;
use super::app::{App, Effect, Mode};

impl App {
    /// The entries of the list for `filter`: anchored annotations first, then those that
    /// need review.
    pub(super) fn list_entries(&self, filter: &str) -> Vec<&Placed> {
        let shown: Vec<&Placed> = self
            .annotations
            .all()
            .iter()
            .filter(|p| matches_filter(p, filter))
            .collect();
        let (review, anchored): (Vec<&Placed>, Vec<&Placed>) =
            shown.into_iter().partition(|p| p.needs_review());
        anchored.into_iter().chain(review).collect()
    }

    pub(super) fn open_list(&mut self) {
        let selected = self
            .annotation_here()
            .and_then(|here| {
                self.list_entries("")
                    .iter()
                    .position(|p| p.annotation.id == here.annotation.id)
            })
            .unwrap_or(0);
        self.mode = Mode::List {
            selected,
            filter: String::new(),
            editing_filter: false,
        };
    }

    pub(super) fn list_key(&mut self, key: KeySpec) -> Vec<Effect> {
        let Mode::List {
            selected,
            filter,
            editing_filter,
        } = &mut self.mode
        else {
            return Vec::new();
        };
        if *editing_filter {
            match key.name {
                KeyName::Enter | KeyName::Esc => *editing_filter = false,
                KeyName::Backspace => {
                    filter.pop();
                }
                KeyName::Char(c) if !key.ctrl && !key.alt => filter.push(c),
                _ => {}
            }
            *selected = 0;
            return Vec::new();
        }
        let (index, filter) = (*selected, filter.clone());
        let entries: Vec<String> = self
            .list_entries(&filter)
            .iter()
            .map(|p| p.annotation.id.clone())
            .collect();
        let last = entries.len().saturating_sub(1);
        let current = entries.get(index.min(last)).cloned();
        let set = |app: &mut App, to: usize| {
            if let Mode::List { selected, .. } = &mut app.mode {
                *selected = to;
            }
        };
        match (key.name, key.ctrl) {
            (KeyName::Char('j') | KeyName::Down, _) => set(self, (index + 1).min(last)),
            (KeyName::Char('k') | KeyName::Up, _) => set(self, index.saturating_sub(1)),
            (KeyName::Char('g') | KeyName::Home, _) => set(self, 0),
            (KeyName::Char('G') | KeyName::End, _) => set(self, last),
            (KeyName::Char('/'), false) => {
                if let Mode::List { editing_filter, .. } = &mut self.mode {
                    *editing_filter = true;
                }
            }
            (KeyName::Enter, _) => {
                if let Some(id) = current {
                    self.mode = Mode::Reading;
                    self.focus_and_show(&id);
                }
            }
            (KeyName::Char('r'), false) => {
                if let Some(id) = current {
                    // Reading, so that the new place can be searched for first.
                    self.mode = Mode::Reading;
                    self.reattach = Some(id);
                    self.say("Find the new place (/ searches), select it with v, then press enter");
                }
            }
            (KeyName::Char('y'), false) => {
                if let Some(id) = current {
                    return self.accept_anchoring(&id);
                }
            }
            (KeyName::Char('a'), false) => return self.list_action(current, Action::EditNote),
            (KeyName::Char('t'), false) => return self.list_action(current, Action::EditTags),
            (KeyName::Char('c'), false) => return self.list_action(current, Action::CycleColor),
            (KeyName::Char('x'), false) => return self.list_action(current, Action::ToggleStatus),
            (KeyName::Char('D'), false) => return self.list_action(current, Action::DeleteAnnotation),
            _ => self.mode = Mode::Reading,
        }
        Vec::new()
    }

    /// Runs an annotation action on the list's current entry, staying in the list unless
    /// the action opens an editor.
    fn list_action(&mut self, id: Option<String>, action: Action) -> Vec<Effect> {
        let Some(id) = id else { return Vec::new() };
        let list = self.mode.clone();
        let effects = self.act_on(&id, action);
        if matches!(self.mode, Mode::Reading) {
            self.mode = list;
        }
        effects
    }

    fn focus_and_show(&mut self, id: &str) {
        let Some(placed) = self.annotations.get(id) else {
            return;
        };
        let start = placed.range.start;
        let drawn = placed.is_drawn();
        self.focus = Some(id.to_string());
        if drawn {
            self.reveal(start);
        } else {
            self.say("This annotation is orphaned: its text is gone (r re-attaches it)");
        }
    }
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
