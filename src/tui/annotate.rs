//! Making and changing annotations in the reader: highlights, notes, tags and review
//! marks, colours, deletion, undo and redo, and jumping between annotations. Each change
//! becomes an effect that saves it at once.

use std::ops::Range;

use crate::anchor::{self, AnchorStatus};
use crate::annotation::{self, Annotation, Kind};
use crate::keys::Action;

use super::annotations::{Change, Placed};
use super::app::{App, Effect, Mode};
use super::editor::{NoteEditor, Target};

impl App {
    /// `Enter` while selecting: a highlight (or the selection re-attaches an orphan).
    pub(super) fn highlight_selection(&mut self) -> Vec<Effect> {
        let Some(range) = self.take_selection() else {
            return Vec::new();
        };
        if let Some(id) = self.reattach.take() {
            return self.reattach_to(&id, range);
        }
        let annotation = self.new_annotation(range, Kind::Highlight);
        self.say("Highlighted");
        self.commit_new(annotation)
    }

    pub(super) fn open_note_editor_for_selection(&mut self) {
        if self.refuse_if_read_only() {
            return;
        }
        let Some(selection) = self.selection else { return };
        self.mode = Mode::Note(Box::new(NoteEditor::new(
            "",
            Target::Selection(selection.range()),
        )));
    }

    pub(super) fn open_tag_prompt_for_selection(&mut self) {
        if self.refuse_if_read_only() {
            return;
        }
        let Some(selection) = self.selection else { return };
        self.mode = Mode::Tags {
            text: String::new(),
            target: Target::Selection(selection.range()),
        };
    }

    pub(super) fn copy_selection(&mut self) -> Vec<Effect> {
        let Some(range) = self.take_selection() else {
            return Vec::new();
        };
        let text = self.slice(&range).to_string();
        self.say("Copied the selection");
        vec![Effect::Copy(text)]
    }

    /// Actions on "the annotation here" (see `annotation_here`).
    pub(super) fn act_on_annotation(&mut self, action: Action) -> Vec<Effect> {
        let Some(id) = self.annotation_here().map(|p| p.annotation.id.clone()) else {
            self.warn("No annotation here (select text with v, or jump to one with ] and [)");
            return Vec::new();
        };
        self.act_on(&id, action)
    }

    /// An annotation action on the annotation `id` (which then has the focus).
    pub(super) fn act_on(&mut self, id: &str, action: Action) -> Vec<Effect> {
        let Some(here) = self.annotations.get(id).cloned() else {
            return Vec::new();
        };
        self.focus = Some(here.annotation.id.clone());
        if action == Action::CopyNote {
            self.say("Copied the note");
            return vec![Effect::Copy(here.annotation.note.clone())];
        }
        if self.refuse_if_read_only() {
            return Vec::new();
        }
        let id = here.annotation.id.clone();
        match action {
            Action::EditNote => {
                self.mode = Mode::Note(Box::new(NoteEditor::new(
                    &here.annotation.note,
                    Target::Annotation(id),
                )));
                Vec::new()
            }
            Action::EditNoteExternal => vec![Effect::EditExternally {
                id,
                note: here.annotation.note.clone(),
            }],
            Action::EditTags => {
                self.mode = Mode::Tags {
                    text: here.annotation.tags.join(" "),
                    target: Target::Annotation(id),
                };
                Vec::new()
            }
            Action::ToggleStatus => {
                let status = here.annotation.status.toggled();
                self.say(match status {
                    annotation::Status::Resolved => "Resolved",
                    annotation::Status::Open => "Open again",
                });
                self.edit(&id, |a| a.status = status)
            }
            Action::CycleColor => {
                let next = self
                    .settings
                    .config
                    .palette
                    .next_after(&here.annotation.color)
                    .name
                    .clone();
                self.say(format!("Colour: {next}"));
                self.edit(&id, |a| a.color = next)
            }
            Action::DeleteAnnotation => {
                self.focus = None;
                let had_review = self.review_pending();
                match self.annotations.delete(&id) {
                    Some(change) => {
                        self.say("Deleted (U undoes)");
                        let mut effects = effects_of(&change);
                        self.mark_anchored_once_reviewed(had_review, &mut effects);
                        effects
                    }
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    /// Saves the note editor's text to its target.
    pub(super) fn save_note(&mut self, editor: &NoteEditor) -> Vec<Effect> {
        let note = editor.text();
        match &editor.target {
            Target::Selection(range) => {
                self.selection = None;
                let mut annotation = self.new_annotation(range.clone(), Kind::Note);
                annotation.note = note;
                self.say("Note saved");
                self.commit_new(annotation)
            }
            Target::Annotation(id) => {
                let id = id.clone();
                self.say("Note saved");
                self.edit(&id, |a| {
                    if a.kind == Kind::Highlight && !note.is_empty() {
                        a.kind = Kind::Note;
                    }
                    a.note = note;
                })
            }
        }
    }

    /// Saves tags typed in the tag prompt: a new review mark on a selection, or new tags
    /// for an annotation.
    pub(super) fn save_tags(&mut self, text: &str, target: &Target) -> Vec<Effect> {
        let mut tags: Vec<String> = Vec::new();
        for tag in text
            .split_whitespace()
            .map(|t| crate::sanitize::inline(t).into_owned())
        {
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        match target {
            Target::Selection(range) => {
                self.selection = None;
                let mut annotation = self.new_annotation(range.clone(), Kind::Mark);
                annotation.tags = tags;
                self.say("Marked for review");
                self.commit_new(annotation)
            }
            Target::Annotation(id) => {
                let id = id.clone();
                self.say(if tags.is_empty() {
                    "Tags removed"
                } else {
                    "Tags saved"
                });
                self.edit(&id, |a| a.tags = tags)
            }
        }
    }

    /// Applies the note written in `$EDITOR`.
    pub(super) fn external_note(&mut self, id: &str, note: String) -> Vec<Effect> {
        self.say("Note saved");
        self.edit(id, |a| a.note = note.trim_end_matches('\n').to_string())
    }

    /// `]`/`[`: from the focused annotation if it is on screen, else from the top of
    /// the screen (so an annotation made or visited elsewhere does not hold the place).
    pub(super) fn jump_annotation(&mut self, forward: bool) {
        let next = match self.focused_on_screen() {
            Some(focused) => self.annotations.next_from(focused.range.start, forward, false),
            None => self.annotations.next_from(self.top_char, forward, forward),
        };
        let next = next.map(|p| (p.annotation.id.clone(), p.range.start));
        match next {
            Some((id, start)) => {
                self.focus = Some(id);
                self.reveal(start);
            }
            None => self.say(if forward {
                "No annotation below"
            } else {
                "No annotation above"
            }),
        }
    }

    pub(super) fn undo_or_redo(&mut self, redo: bool) -> Vec<Effect> {
        if self.refuse_if_read_only() {
            return Vec::new();
        }
        let change = if redo {
            self.annotations.redo()
        } else {
            self.annotations.undo()
        };
        match change {
            Some(change) => {
                self.say(if redo { "Redone" } else { "Undone" });
                effects_of(&change)
            }
            None => {
                self.say(if redo {
                    "Nothing to redo"
                } else {
                    "Nothing to undo"
                });
                Vec::new()
            }
        }
    }

    /// The focused annotation, else the first one on screen.
    /// The annotation actions and `a`/`t` apply to: the focused one if it is on screen,
    /// else one under the current search match, else the first on screen.
    pub(super) fn annotation_here(&self) -> Option<&Placed> {
        self.focused_on_screen()
            .or_else(|| self.annotation_at_match())
            .or_else(|| self.annotations.overlapping(self.screen_chars()).next())
    }

    fn annotation_at_match(&self) -> Option<&Placed> {
        let bytes = self.search.as_ref()?.current.clone()?;
        let start = self.doc.char_at(bytes.start);
        let end = self.doc.char_at(bytes.end).max(start + 1);
        self.screen_chars().contains(&start).then_some(())?;
        self.annotations.overlapping(start..end).next()
    }

    /// The focused annotation, if any part of it is on screen.
    fn focused_on_screen(&self) -> Option<&Placed> {
        let screen = self.screen_chars();
        self.focus
            .as_ref()
            .and_then(|id| self.annotations.get(id))
            .filter(|p| p.range.start < screen.end && p.range.end > screen.start)
    }

    /// Accepts a fuzzy or ambiguous anchoring: the annotation takes its new place.
    pub(super) fn accept_anchoring(&mut self, id: &str) -> Vec<Effect> {
        let Some(placed) = self.annotations.get(id).cloned() else {
            return Vec::new();
        };
        if placed.status == AnchorStatus::Orphaned || self.refuse_if_read_only() {
            return Vec::new();
        }
        self.say("Accepted the new place");
        self.reattach_to(id, placed.range)
    }

    /// Anchors the annotation `id` afresh to `range`.
    fn reattach_to(&mut self, id: &str, range: Range<usize>) -> Vec<Effect> {
        let range = self.without_outer_whitespace(range);
        let quote = anchor::capture(self.doc.text(), self.doc.chars(), range.start, range.end);
        let Some(mut placed) = self.annotations.get(id).cloned() else {
            return Vec::new();
        };
        placed.annotation.exact = quote.exact;
        placed.annotation.prefix = quote.prefix;
        placed.annotation.suffix = quote.suffix;
        placed.annotation.start = range.start;
        placed.annotation.end = range.end;
        placed.annotation.modified = annotation::now();
        placed.status = AnchorStatus::Exact;
        placed.range = range;
        self.focus = Some(id.to_string());
        let had_review = self.review_pending();
        let mut effects = effects_of(&self.annotations.put(placed));
        self.mark_anchored_once_reviewed(had_review, &mut effects);
        effects
    }

    fn review_pending(&self) -> bool {
        self.annotations.all().iter().any(Placed::needs_review)
    }

    /// When the last annotation that needed review has been dealt with, the sidecar
    /// remembers this text as the one every annotation is anchored to.
    fn mark_anchored_once_reviewed(&self, had_review: bool, effects: &mut Vec<Effect>) {
        if had_review && !self.review_pending() && self.read_only.is_none() {
            effects.push(Effect::MarkAnchored);
        }
    }

    fn new_annotation(&self, range: Range<usize>, kind: Kind) -> Annotation {
        let range = self.without_outer_whitespace(range);
        let quote = anchor::capture(self.doc.text(), self.doc.chars(), range.start, range.end);
        let now = annotation::now();
        let config = &self.settings.config;
        Annotation {
            id: annotation::new_id(),
            kind,
            created: now,
            modified: now,
            color: config.palette.default_entry().name.clone(),
            exact: quote.exact,
            prefix: quote.prefix,
            suffix: quote.suffix,
            start: range.start,
            end: range.end,
            tags: Vec::new(),
            note: String::new(),
            status: annotation::Status::Open,
            author: (kind == Kind::Mark)
                .then(|| config.reader.author.clone())
                .flatten(),
            resolved_by: None,
            resolved_at: None,
        }
    }

    fn commit_new(&mut self, annotation: Annotation) -> Vec<Effect> {
        if self.refuse_if_read_only() {
            return Vec::new();
        }
        self.mode = Mode::Reading;
        self.focus = Some(annotation.id.clone());
        let range = annotation.start..annotation.end;
        let change = self.annotations.put(Placed {
            annotation,
            status: AnchorStatus::Exact,
            range,
        });
        effects_of(&change)
    }

    /// Changes the annotation `id` with `change`, stamping `modified`.
    fn edit(&mut self, id: &str, change: impl FnOnce(&mut Annotation)) -> Vec<Effect> {
        let Some(mut placed) = self.annotations.get(id).cloned() else {
            return Vec::new();
        };
        change(&mut placed.annotation);
        placed.annotation.modified = annotation::now();
        self.mode = Mode::Reading;
        effects_of(&self.annotations.put(placed))
    }

    fn take_selection(&mut self) -> Option<Range<usize>> {
        let selection = self.selection.take()?;
        self.mode = Mode::Reading;
        let range = selection.range();
        (!range.is_empty()).then_some(range)
    }

    /// `range` without whitespace at its ends (a selection extended by words ends with
    /// a space), unless it holds nothing else.
    fn without_outer_whitespace(&self, range: Range<usize>) -> Range<usize> {
        let text = self.slice(&range);
        let leading = text.chars().take_while(|c| c.is_whitespace()).count();
        let trailing = text.chars().rev().take_while(|c| c.is_whitespace()).count();
        if range.start + leading >= range.end.saturating_sub(trailing) {
            return range;
        }
        range.start + leading..range.end - trailing
    }

    fn slice(&self, range: &Range<usize>) -> &str {
        &self.doc.text()[self.doc.byte_at(range.start)..self.doc.byte_at(range.end)]
    }

    pub(super) fn refuse_if_read_only(&mut self) -> bool {
        match &self.read_only {
            Some(reason) => {
                let message = format!("Annotations are read-only: {reason}");
                self.warn(message);
                true
            }
            None => false,
        }
    }
}

/// The effects that persist a change: save what is there now, or delete what was.
fn effects_of(change: &Change) -> Vec<Effect> {
    match (&change.before, &change.after) {
        (_, Some(after)) => vec![Effect::SaveAnnotation(after.annotation.clone())],
        (Some(before), None) => vec![Effect::DeleteAnnotation(before.annotation.id.clone())],
        (None, None) => Vec::new(),
    }
}
