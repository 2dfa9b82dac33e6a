//! Making and changing annotations: highlights, notes, tags and review marks, colours,
//! deletion, and re-anchoring after review. Every change is recorded for undo and
//! returned as the effect that saves it.

use std::ops::Range;
use std::sync::Arc;

use jiff::Timestamp;

use super::naming::named;
use super::{Annotating, Cx, Placed, effects_of};
use crate::anchor::{self, AnchorStatus};
use crate::annotation::{self, Annotation, Kind};
use crate::keys::Action;
use crate::tui::app::{Effect, Mode};
use crate::tui::components::Step;
use crate::tui::components::editor::{NoteEditor, Target};
use crate::tui::components::prompts::TagPrompt;

impl Annotating {
    /// `Enter` while selecting: a highlight of `range` (or the selection re-attaches
    /// the annotation waiting for it).
    pub fn highlight(&mut self, range: Range<usize>, cx: &mut Cx) -> Vec<Effect> {
        if let Some(id) = self.reattach.take() {
            return self.reattach_to(&id, range, cx);
        }
        let annotation = new_annotation(range, Kind::Highlight, cx);
        cx.status.say("Highlighted");
        self.commit_new(annotation, cx)
    }

    /// The note editor or tag prompt for a new annotation on `range` (unless read-only).
    pub fn write_on(&self, range: Range<usize>, action: Action, cx: &mut Cx) -> Step {
        if self.refuse_if_read_only(cx.status) {
            return Step::default();
        }
        let target = Target::Selection(range);
        Step::to(match action {
            Action::EditTags => Mode::Tags(TagPrompt::new(&[], target)),
            _ => Mode::Note(Box::new(NoteEditor::new("", target))),
        })
    }

    /// Actions on "the annotation here" (see `here`).
    pub fn act_on_here(&mut self, action: Action, cx: &mut Cx) -> Step {
        let here = self.here(cx.reader, cx.current_match.clone());
        let Some(id) = here.map(|p| p.annotation.id.clone()) else {
            cx.status
                .warn("No annotation here (select text with v, or jump to one with ] and [)");
            return Step::default();
        };
        self.act_on(&id, action, cx)
    }

    /// An annotation action on the annotation `id` (which then has the focus).
    pub fn act_on(&mut self, id: &str, action: Action, cx: &mut Cx) -> Step {
        let Some(here) = self.store.get(id).cloned() else {
            return Step::default();
        };
        let annotation = Arc::unwrap_or_clone(here.annotation);
        self.focus = Some(annotation.id.clone());
        if action == Action::CopyNote {
            cx.status.say("Copied the note");
            return Step::effects(vec![Effect::Copy(annotation.note)]);
        }
        if self.refuse_if_read_only(cx.status) {
            return Step::default();
        }
        let id = annotation.id.clone();
        let target = Target::Annotation(id.clone());
        let effects = match action {
            Action::EditNote => {
                return Step::to(Mode::Note(Box::new(NoteEditor::new(&annotation.note, target))));
            }
            Action::EditTags => return Step::to(Mode::Tags(TagPrompt::new(&annotation.tags, target))),
            Action::EditNoteExternal => vec![Effect::EditExternally {
                id,
                note: annotation.note,
            }],
            Action::ToggleStatus => {
                let status = annotation.status.toggled();
                let done = match status {
                    annotation::Status::Resolved => "Resolved",
                    annotation::Status::Open => "Reopened",
                };
                cx.status.say(format!("{done} {}", named(&annotation)));
                let by = cx.settings.config.reader.author.clone();
                self.edit(&id, cx, |a, now| a.set_status(status, by, now))
            }
            Action::CycleColor => {
                let palette = &cx.settings.config.palette;
                let next = palette.next_after(&annotation.color).name.clone();
                cx.status.say(format!("Coloured {} {next}", named(&annotation)));
                self.edit(&id, cx, |a, _| a.color = next.into())
            }
            Action::DeleteAnnotation if !annotation.note.trim().is_empty() => {
                cx.status.say(format!(
                    "Delete {} and its note? (y deletes, another key keeps it)",
                    named(&annotation)
                ));
                return Step::to(Mode::ConfirmDelete(id));
            }
            Action::DeleteAnnotation => self.delete(&id, cx),
            _ => Vec::new(),
        };
        Step::effects(effects)
    }

    /// Deletes the annotation `id` (after `D`, or after `y` confirms it for a note).
    pub fn delete(&mut self, id: &str, cx: &mut Cx) -> Vec<Effect> {
        self.focus = None;
        let had_review = self.review_pending();
        let name = self.store.get(id).map(|p| named(&p.annotation));
        let Some(change) = self.store.delete(id) else {
            return Vec::new();
        };
        let name = name.unwrap_or_else(|| "annotation".into());
        cx.status.say(format!("Deleted {name} — U undoes"));
        let mut effects = effects_of(&change);
        self.mark_anchored_once_reviewed(had_review, &mut effects);
        effects
    }

    /// Saves the note editor's text to its target.
    pub fn save_note(&mut self, editor: &NoteEditor, cx: &mut Cx) -> Vec<Effect> {
        let note = editor.text();
        cx.status.say("Note saved");
        match &editor.target {
            Target::Selection(range) => {
                let mut annotation = new_annotation(range.clone(), Kind::Note, cx);
                annotation.note = note;
                self.commit_new(annotation, cx)
            }
            Target::Annotation(id) => self.edit(id, cx, |a, _| {
                if a.kind == Kind::Highlight && !note.is_empty() {
                    a.kind = Kind::Note;
                }
                a.note = note;
            }),
        }
    }

    /// Saves tags typed in the tag prompt: a new review mark on a selection, or new tags
    /// for an annotation.
    pub fn save_tags(&mut self, prompt: &TagPrompt, cx: &mut Cx) -> Vec<Effect> {
        let tags = prompt.tags();
        match &prompt.target {
            Target::Selection(range) => {
                let mut annotation = new_annotation(range.clone(), Kind::Mark, cx);
                annotation.tags = tags;
                cx.status.say("Marked for review");
                self.commit_new(annotation, cx)
            }
            Target::Annotation(id) => {
                let name = self
                    .store
                    .get(id)
                    .map(|p| named(&p.annotation))
                    .unwrap_or_default();
                cx.status.say(if tags.is_empty() {
                    format!("Removed the tags of {name}")
                } else {
                    format!("Tagged {name}: {}", tags.join(", "))
                });
                self.edit(id, cx, |a, _| a.tags = tags)
            }
        }
    }

    /// Applies the note written in `$EDITOR`.
    pub fn external_note(&mut self, id: &str, note: String, cx: &mut Cx) -> Vec<Effect> {
        cx.status.say("Note saved");
        self.edit(id, cx, |a, _| a.note = note.trim_end_matches('\n').to_string())
    }

    /// Accepts a fuzzy or ambiguous anchoring: the annotation takes its new place.
    pub fn accept(&mut self, id: &str, cx: &mut Cx) -> Vec<Effect> {
        let Some(placed) = self.store.get(id).cloned() else {
            return Vec::new();
        };
        if placed.status == AnchorStatus::Orphaned || self.refuse_if_read_only(cx.status) {
            return Vec::new();
        }
        cx.status.say("Accepted the new place");
        self.reattach_to(id, placed.range, cx)
    }

    /// Anchors the annotation `id` afresh to `range`.
    fn reattach_to(&mut self, id: &str, range: Range<usize>, cx: &mut Cx) -> Vec<Effect> {
        let Some(mut placed) = self.store.get(id).cloned() else {
            return Vec::new();
        };
        let range = without_outer_whitespace(cx, range);
        let doc = &cx.reader.doc;
        let quote = anchor::capture(doc.text(), doc.chars(), range.start, range.end);
        let annotation = Arc::make_mut(&mut placed.annotation);
        (annotation.exact, annotation.prefix, annotation.suffix) = (quote.exact, quote.prefix, quote.suffix);
        (annotation.start, annotation.end) = (range.start, range.end);
        annotation.modified = cx.stamps.now();
        placed.status = AnchorStatus::Exact;
        placed.range = range;
        self.focus = Some(id.to_string());
        let had_review = self.review_pending();
        let mut effects = effects_of(&self.store.put(placed));
        self.mark_anchored_once_reviewed(had_review, &mut effects);
        effects
    }

    fn commit_new(&mut self, annotation: Annotation, cx: &mut Cx) -> Vec<Effect> {
        if self.refuse_if_read_only(cx.status) {
            return Vec::new();
        }
        self.focus = Some(annotation.id.clone());
        let range = annotation.start..annotation.end;
        let change = self.store.put(Placed {
            annotation: Arc::new(annotation),
            status: AnchorStatus::Exact,
            range,
        });
        effects_of(&change)
    }

    /// Changes the annotation `id` with `change` (given the time of the change),
    /// stamping `modified`.
    fn edit(
        &mut self,
        id: &str,
        cx: &mut Cx,
        change: impl FnOnce(&mut Annotation, Timestamp),
    ) -> Vec<Effect> {
        let Some(mut placed) = self.store.get(id).cloned() else {
            return Vec::new();
        };
        let now = cx.stamps.now();
        let annotation = Arc::make_mut(&mut placed.annotation);
        change(annotation, now);
        annotation.modified = now;
        effects_of(&self.store.put(placed))
    }
}

fn new_annotation(range: Range<usize>, kind: Kind, cx: &mut Cx) -> Annotation {
    let range = without_outer_whitespace(cx, range);
    let doc = &cx.reader.doc;
    let quote = anchor::capture(doc.text(), doc.chars(), range.start, range.end);
    let now = cx.stamps.now();
    let config = &cx.settings.config;
    Annotation::new(kind, quote.exact, range)
        .with_id(cx.stamps.new_id())
        .created_at(now)
        .with_context(quote.prefix, quote.suffix)
        .with_color(config.palette.default_entry().name.clone())
        .with_author(config.reader.author.clone())
}

/// `range` without whitespace at its ends (a selection extended by words ends with
/// a space), unless it holds nothing else.
fn without_outer_whitespace(cx: &Cx, range: Range<usize>) -> Range<usize> {
    let text = cx.reader.slice(&range);
    let leading = text.chars().take_while(|c| c.is_whitespace()).count();
    let trailing = text.chars().rev().take_while(|c| c.is_whitespace()).count();
    if range.start + leading >= range.end.saturating_sub(trailing) {
        return range;
    }
    range.start + leading..range.end - trailing
}
