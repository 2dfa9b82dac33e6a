//! The annotations in the reader: which are anchored where, which one has the focus,
//! whether they may be changed, and the work on them (`edit`): highlights, notes, tags
//! and review marks, colours, deletion, undo and redo, review of changed anchors.
//! Each change becomes an effect that saves it at once.

mod edit;
mod naming;
mod store;

use std::ops::Range;
use std::sync::Arc;

pub use store::{Annotations, Change, Placed};

use super::reader::Reader;
use super::status::Status;
use crate::anchor::AnchorStatus;
use crate::tui::app::{Effect, Settings, Stamps};

/// What work on annotations reads and changes besides their own state.
pub struct Cx<'a> {
    pub reader: &'a mut Reader,
    pub status: &'a mut Status,
    pub settings: &'a Settings,
    pub stamps: &'a mut dyn Stamps,
    /// The current search match (chars), for "the annotation here".
    pub current_match: Option<Range<usize>>,
}

#[derive(Debug, Clone, Default)]
pub struct Annotating {
    pub store: Annotations,
    /// The annotations have been anchored and are shown.
    pub ready: bool,
    /// Why annotations cannot be changed (a damaged sidecar), if they cannot.
    pub read_only: Option<String>,
    /// The annotation "here": jumped to, or just made.
    pub focus: Option<String>,
    /// An annotation waiting to be re-attached to the next selection.
    pub reattach: Option<String>,
    /// Why a change to the annotations could not be saved, if one could not: quitting
    /// asks first.
    pub unsaved: Option<String>,
}

impl Annotating {
    /// The annotations have been anchored: relocated ones move (saved at once), and
    /// if none needs review the sidecar remembers this text.
    pub fn anchored(&mut self, placed: Vec<Placed>, status: &mut Status) -> Vec<Effect> {
        let mut effects = Vec::new();
        let placed: Vec<_> = placed
            .into_iter()
            .map(|mut p| {
                if p.status == AnchorStatus::Relocated && self.read_only.is_none() {
                    let annotation = Arc::make_mut(&mut p.annotation);
                    annotation.start = p.range.start;
                    annotation.end = p.range.end;
                    effects.push(Effect::SaveAnnotation(Arc::clone(&p.annotation)));
                }
                p
            })
            .collect();
        let review = placed.iter().filter(|p| p.needs_review()).count();
        let changed = !effects.is_empty();
        self.store = Annotations::new(placed);
        self.ready = true;
        if review > 0 {
            status.warn(format!(
                "{review} annotation(s) need review after edits to the text (press A)"
            ));
        } else if self.read_only.is_none() && (changed || !self.store.all().is_empty()) {
            effects.push(Effect::MarkAnchored);
        }
        effects
    }

    /// The annotation actions and `a`/`t` apply to: the focused one if it is on screen,
    /// else one under the current search match, else the first on screen.
    pub fn here(&self, reader: &Reader, current_match: Option<Range<usize>>) -> Option<&Placed> {
        self.focused_on_screen(reader)
            .or_else(|| self.at_match(reader, current_match))
            .or_else(|| self.store.overlapping(reader.screen_chars()).next())
    }

    fn at_match(&self, reader: &Reader, current_match: Option<Range<usize>>) -> Option<&Placed> {
        let found = current_match?;
        let (start, end) = (found.start, found.end.max(found.start + 1));
        reader.screen_chars().contains(&start).then_some(())?;
        // The innermost: one holding the whole match before one that only touches it,
        // then the shortest (a highlight inside a note, not the note).
        self.store
            .overlapping(start..end)
            .min_by_key(|p| (!(p.range.start <= start && p.range.end >= end), p.range.len()))
    }

    /// The focused annotation, if any part of it is on screen.
    pub fn focused_on_screen(&self, reader: &Reader) -> Option<&Placed> {
        let screen = reader.screen_chars();
        self.focus
            .as_ref()
            .and_then(|id| self.store.get(id))
            .filter(|p| p.range.start < screen.end && p.range.end > screen.start)
    }

    /// `]`/`[`: from the focused annotation if it is on screen, else from the top of
    /// the screen (so an annotation made or visited elsewhere does not hold the place).
    pub fn jump(&mut self, forward: bool, reader: &mut Reader, status: &mut Status) {
        if !self.ready {
            status.say("The annotations are still loading");
            return;
        }
        let next = match self.focused_on_screen(reader) {
            Some(focused) => self.store.next_from(focused.range.start, forward, false),
            None => self.store.next_from(reader.top_char, forward, forward),
        };
        match next.map(|p| (p.annotation.id.clone(), p.range.start)) {
            Some((id, start)) => {
                if let Some(placed) = self.store.get(&id)
                    && placed.annotation.note.trim().is_empty()
                {
                    status.say(naming::summary(&placed.annotation));
                }
                self.focus = Some(id);
                reader.reveal(start);
            }
            None => status.say(if forward {
                "No annotation below"
            } else {
                "No annotation above"
            }),
        }
    }

    /// Focuses the annotation `id` and shows it (the list's enter).
    pub fn show(&mut self, id: &str, reader: &mut Reader, status: &mut Status) {
        let Some(placed) = self.store.get(id) else {
            return;
        };
        let (start, drawn) = (placed.range.start, placed.is_drawn());
        self.focus = Some(id.to_string());
        if drawn {
            reader.reveal(start);
        } else {
            status.say("This annotation is orphaned: its text is gone (r re-attaches it)");
        }
    }

    pub fn undo_or_redo(&mut self, redo: bool, status: &mut Status) -> Vec<Effect> {
        if self.refuse_if_read_only(status) {
            return Vec::new();
        }
        let change = if redo {
            self.store.redo()
        } else {
            self.store.undo()
        };
        match change {
            Some(change) => {
                status.say(if redo { "Redone" } else { "Undone" });
                effects_of(&change)
            }
            None => {
                status.say(if redo {
                    "Nothing to redo"
                } else {
                    "Nothing to undo"
                });
                Vec::new()
            }
        }
    }

    pub fn refuse_if_read_only(&self, status: &mut Status) -> bool {
        match &self.read_only {
            Some(reason) => {
                status.warn(format!("Annotations are read-only: {reason}"));
                true
            }
            None => false,
        }
    }

    fn review_pending(&self) -> bool {
        self.store.all().iter().any(Placed::needs_review)
    }

    /// When the last annotation that needed review has been dealt with, the sidecar
    /// remembers this text as the one every annotation is anchored to.
    fn mark_anchored_once_reviewed(&self, had_review: bool, effects: &mut Vec<Effect>) {
        if had_review && !self.review_pending() && self.read_only.is_none() {
            effects.push(Effect::MarkAnchored);
        }
    }
}

/// The effects that persist a change: save what is there now, or delete what was.
fn effects_of(change: &Change) -> Vec<Effect> {
    match (&change.before, &change.after) {
        (_, Some(after)) => vec![Effect::SaveAnnotation(Arc::clone(&after.annotation))],
        (Some(before), None) => vec![Effect::DeleteAnnotation(before.annotation.id.clone())],
        (None, None) => Vec::new(),
    }
}
