//! Keys in the prompts, overlays and the note editor: each goes to the component the
//! mode holds, and what it asks for (close, jump, save) is carried out here.

use crate::keys::KeySpec;
use crate::tui::components::Step;
use crate::tui::components::contents::ContentsStep;
use crate::tui::components::editor::{DISCARD_QUESTION, Target, Writing};
use crate::tui::components::list::{self, ListStep};
use crate::tui::components::reader::Moved;
use crate::tui::components::search::PromptStep;

use super::{App, Effect, Mode};

impl App {
    pub(super) fn search_key(&mut self, key: KeySpec) -> Step {
        let Mode::Search(prompt) = &mut self.mode else {
            return Step::default();
        };
        let (step, moved) = self.search.key(prompt, key, &mut self.reader, &mut self.status);
        if moved {
            self.moved(Moved::Jumped);
        }
        match step {
            PromptStep::Typing => Step::default(),
            PromptStep::Done(remember) => Step {
                effects: remember.map(Effect::RememberSearch).into_iter().collect(),
                mode: Some(Mode::Reading),
            },
            PromptStep::Cancelled => Step::to(Mode::Reading),
        }
    }

    pub(super) fn help_key(&mut self, key: KeySpec) -> Step {
        let Mode::Help(help) = &mut self.mode else {
            return Step::default();
        };
        match help.key(key, &self.settings.keymap, self.reader.geometry) {
            true => Step::to(Mode::Reading),
            false => Step::default(),
        }
    }

    pub(super) fn contents_key(&mut self, key: KeySpec) -> Step {
        let Mode::Contents(contents) = &mut self.mode else {
            return Step::default();
        };
        let entries = self.reader.contents_entries();
        match contents.key(key, &self.settings.keymap, &entries) {
            ContentsStep::Stay => Step::default(),
            ContentsStep::Close => Step::to(Mode::Reading),
            ContentsStep::JumpTo(char_offset) => {
                self.reader.jump_to(char_offset);
                self.moved(Moved::Jumped);
                Step::to(Mode::Reading)
            }
        }
    }

    pub(super) fn list_key(&mut self, key: KeySpec) -> Step {
        let Mode::List(list) = &mut self.mode else {
            return Step::default();
        };
        let ids: Vec<String> = list::entries(&self.annotations.store, &list.filter)
            .iter()
            .map(|p| p.annotation.id.clone())
            .collect();
        match list.key(key, &self.settings.keymap, &ids) {
            ListStep::Stay => Step::default(),
            ListStep::Close => Step::to(Mode::Reading),
            ListStep::Show(id) => {
                self.annotations.show(&id, &mut self.reader, &mut self.status);
                Step::to(Mode::Reading)
            }
            ListStep::Reattach(id) => {
                // Reading, so that the new place can be searched for first.
                self.annotations.reattach = Some(id);
                self.status
                    .say("Find the new place (/ searches), select it with v, then press enter");
                Step::to(Mode::Reading)
            }
            ListStep::Accept(id) => {
                let (annotations, mut cx) = self.annotating();
                Step::effects(annotations.accept(&id, &mut cx))
            }
            ListStep::Act(id, action) => {
                let (annotations, mut cx) = self.annotating();
                annotations.act_on(&id, action, &mut cx)
            }
        }
    }

    pub(super) fn note_key(&mut self, key: KeySpec) -> Step {
        let Mode::Note(editor) = &mut self.mode else {
            return Step::default();
        };
        match editor.key(key) {
            Writing::Save => {
                let editor = editor.as_ref().clone();
                if matches!(editor.target, Target::Selection(_)) {
                    self.selection = None;
                }
                let (annotations, mut cx) = self.annotating();
                Step {
                    effects: annotations.save_note(&editor, &mut cx),
                    mode: Some(Mode::Reading),
                }
            }
            Writing::Close(message) => {
                let from_selection = matches!(editor.target, Target::Selection(_));
                self.close_writing(from_selection, message)
            }
            other => self.ask(other),
        }
    }

    pub(super) fn tags_key(&mut self, key: KeySpec) -> Step {
        let Mode::Tags(prompt) = &mut self.mode else {
            return Step::default();
        };
        match prompt.key(key, &self.settings.config.tags.quick) {
            Writing::Save => {
                let prompt = prompt.clone();
                if matches!(prompt.target, Target::Selection(_)) {
                    self.selection = None;
                }
                let (annotations, mut cx) = self.annotating();
                Step {
                    effects: annotations.save_tags(&prompt, &mut cx),
                    mode: Some(Mode::Reading),
                }
            }
            Writing::Close(message) => {
                let from_selection = matches!(prompt.target, Target::Selection(_));
                self.close_writing(from_selection, message)
            }
            other => self.ask(other),
        }
    }

    /// The question before discarding a changed note, and its answer "keep editing".
    fn ask(&mut self, writing: Writing) -> Step {
        match writing {
            Writing::AskToDiscard => self.status.warn(DISCARD_QUESTION),
            Writing::KeepEditing => self.status.clear(),
            Writing::Typing | Writing::Save | Writing::Close(_) => {}
        }
        Step::default()
    }

    /// Leaves the note editor or tag prompt without saving: back to the selection it
    /// was opened from, or to reading.
    fn close_writing(&mut self, from_selection: bool, message: &str) -> Step {
        if message.is_empty() {
            self.status.clear();
        } else {
            self.status.say(message);
        }
        Step::to(if from_selection && self.selection.is_some() {
            Mode::Select
        } else {
            Mode::Reading
        })
    }
}
