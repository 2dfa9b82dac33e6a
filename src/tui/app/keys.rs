//! Keys while reading and selecting: counts and marks, then the keymap's action, each
//! handed to the component that owns what it changes.

use crate::keys::{Action, KeyMode, KeyName, KeySpec};
use crate::tui::FileStep;
use crate::tui::components::Step;
use crate::tui::components::contents::Contents;
use crate::tui::components::help::Help;
use crate::tui::components::list::{self, AnnotationList};
use crate::tui::components::prompts::LineInput;
use crate::tui::components::reader::Pending;
use crate::tui::components::selection::Selection;

use super::{App, Effect, Mode};

impl App {
    /// A key, for the component the mode gives it to.
    pub(super) fn key(&mut self, key: KeySpec) -> Step {
        match self.mode {
            Mode::Reading => self.reading_key(key),
            Mode::Select => self.select_key(key),
            Mode::Search(_) => self.search_key(key),
            Mode::Help(_) => self.help_key(key),
            Mode::Contents(_) => self.contents_key(key),
            Mode::List(_) => self.list_key(key),
            Mode::Note(_) => self.note_key(key),
            Mode::Tags(_) => self.tags_key(key),
            Mode::Title(_) => self.title_key(key),
            Mode::ConfirmQuit => self.confirm_quit_key(key),
            Mode::ConfirmDelete(_) => self.confirm_delete_key(key),
        }
    }

    /// The answer to "delete this note?": `y` deletes, another key keeps it.
    fn confirm_delete_key(&mut self, key: KeySpec) -> Step {
        let Mode::ConfirmDelete(id) = &self.mode else {
            return Step::default();
        };
        let id = id.clone();
        if key == KeySpec::plain(KeyName::Char('y')) {
            let (annotations, mut cx) = self.annotating();
            return Step {
                effects: annotations.delete(&id, &mut cx),
                mode: Some(Mode::Reading),
            };
        }
        self.status.say("Kept the note");
        Step::to(Mode::Reading)
    }

    /// `:n`, `:p`: on to another file given on the command line, the position in this one
    /// saved (as `q` would), or a word that there is none.
    fn switch_file(&mut self, step: FileStep) -> Step {
        let files = self.settings.files;
        let there = match step {
            FileStep::Next => files.position + 1 < files.count,
            FileStep::Previous => files.position > 0,
        };
        if !there {
            self.status.warn(match step {
                FileStep::Next => "No next file",
                FileStep::Previous => "No previous file",
            });
            return Step::default();
        }
        if let Some(problem) = &self.annotations.unsaved {
            self.status
                .warn(format!("An annotation is not saved ({problem}): staying here"));
            return Step::default();
        }
        let mut effects = self.quit();
        effects.insert(effects.len() - 1, Effect::SwitchFile(step));
        Step::effects(effects)
    }

    /// Typing the title: enter sets it (a blank title goes back to the one found in the
    /// text), esc (ctrl-c, ctrl-g) leaves it as it was.
    fn title_key(&mut self, key: KeySpec) -> Step {
        let Mode::Title(input) = &mut self.mode else {
            return Step::default();
        };
        match (key.name, key.ctrl) {
            (KeyName::Enter, _) => {
                let title = crate::sanitize::inline(input.text.trim()).into_owned();
                self.status.say(match title.as_str() {
                    "" => "Title cleared: the one in the text is used".to_string(),
                    title => format!("Title set: {title}"),
                });
                self.reader.title = Some(title.clone()).filter(|title| !title.is_empty());
                Step {
                    effects: vec![Effect::SetTitle(title)],
                    mode: Some(Mode::Reading),
                }
            }
            (KeyName::Esc, _) | (KeyName::Char('c' | 'g'), true) => {
                self.status.say("Title unchanged");
                Step::to(Mode::Reading)
            }
            _ => {
                input.edit(key);
                Step::default()
            }
        }
    }

    /// The answer to "quit with an annotation not saved?": `y` quits.
    fn confirm_quit_key(&mut self, key: KeySpec) -> Step {
        if key == KeySpec::plain(KeyName::Char('y')) {
            return Step {
                effects: self.quit(),
                mode: Some(Mode::Reading),
            };
        }
        self.status.say("Not quitting");
        Step::to(Mode::Reading)
    }

    fn reading_key(&mut self, key: KeySpec) -> Step {
        let plain_char = match key.name {
            KeyName::Char(c) if !key.ctrl && !key.alt => Some(c),
            _ => None,
        };
        if let Some(pending) = self.reader.pending.take() {
            if pending == Pending::Quit {
                if self.settings.keymap.action(KeyMode::Normal, key) == Some(Action::QuitTwice) {
                    return self.quit_or_ask();
                }
                self.status.say("Cancelled");
                return Step::default();
            }
            if pending == Pending::File {
                return match plain_char {
                    Some('n') => self.switch_file(FileStep::Next),
                    Some('p') => self.switch_file(FileStep::Previous),
                    _ => {
                        self.status.say("Cancelled (:n next file, :p previous file)");
                        Step::default()
                    }
                };
            }
            match plain_char {
                Some(letter) => {
                    let moved = self.reader.mark_key(pending, letter, &mut self.status);
                    self.moved(moved);
                }
                None => self.status.say("Cancelled"),
            }
            return Step::default();
        }
        if let Some(digit) = plain_char.and_then(|c| c.to_digit(10))
            && (digit != 0 || self.reader.count.is_some())
        {
            let count = self.reader.count.unwrap_or(0);
            let count = count.saturating_mul(10).saturating_add(digit as usize);
            self.reader.count = Some(count.min(1_000_000_000));
            return Step::default();
        }
        let count = self.reader.count.take();
        let keymap = &self.settings.keymap;
        let Some(action) = keymap.action(KeyMode::Normal, key) else {
            let help = keymap.first_key(KeyMode::Normal, Action::ToggleHelp);
            let hint = help.map(|k| format!(" (press {k} for help)")).unwrap_or_default();
            self.status.warn(format!("{key} does nothing here{hint}"));
            return Step::default();
        };
        self.status.clear();
        self.act(action, count)
    }

    fn act(&mut self, action: Action, count: Option<usize>) -> Step {
        if let Some(moved) = self.reader.act(action, count, &mut self.status) {
            self.moved(moved);
            return Step::default();
        }
        if let Some(step) = self.act_on_annotations(action) {
            return step;
        }
        match action {
            Action::SearchForward | Action::SearchBackward => {
                let backward = action == Action::SearchBackward;
                return Step::to(Mode::Search(self.search.begin(backward, &self.reader)));
            }
            Action::NextMatch | Action::PreviousMatch => {
                let reverse = action == Action::PreviousMatch;
                if self.search.repeat(reverse, &mut self.reader, &mut self.status) {
                    self.annotations.focus = None;
                }
            }
            Action::ClearSearch => self.search.clear(),
            Action::ToggleContents => {
                let selected = self.reader.current_section().unwrap_or(0);
                return Step::to(Mode::Contents(Contents { selected }));
            }
            Action::ToggleHelp => return Step::to(Mode::Help(Help::default())),
            Action::RevealHidden => self.reader.toggle_hidden(&self.settings, &mut self.status),
            Action::Redraw => return Step::effects(vec![Effect::Redraw]),
            Action::Quit => return self.quit_or_ask(),
            // With an annotation not saved, asks first (and `y` then just quits).
            Action::SearchLibrary if self.annotations.unsaved.is_some() => return self.quit_or_ask(),
            Action::SearchLibrary => {
                let mut effects = self.quit();
                effects.insert(effects.len() - 1, Effect::SearchLibrary);
                return Step::effects(effects);
            }
            Action::Select => return self.start_selection(),
            Action::SetTitle if self.annotations.read_only.is_some() => {
                self.status
                    .warn("The sidecar is read-only: the title cannot be set");
            }
            Action::SetTitle => {
                let title = self
                    .reader
                    .title
                    .clone()
                    .unwrap_or_else(|| self.reader.doc.title());
                return Step::to(Mode::Title(LineInput { text: title }));
            }
            Action::ToggleAnnotations => return self.open_list(),
            other => self
                .status
                .warn(format!("{} works only while selecting", other.help())),
        }
        Step::default()
    }

    /// The actions of reading that work on annotations; `None` for the others.
    fn act_on_annotations(&mut self, action: Action) -> Option<Step> {
        Some(match action {
            Action::NextAnnotation | Action::PreviousAnnotation => {
                let forward = action == Action::NextAnnotation;
                self.annotations.jump(forward, &mut self.reader, &mut self.status);
                Step::default()
            }
            Action::Undo | Action::Redo => {
                let redo = action == Action::Redo;
                Step::effects(self.annotations.undo_or_redo(redo, &mut self.status))
            }
            Action::EditNote
            | Action::EditTags
            | Action::ToggleStatus
            | Action::DeleteAnnotation
            | Action::CycleColor
            | Action::EditNoteExternal
            | Action::CopyNote => {
                let (annotations, mut cx) = self.annotating();
                annotations.act_on_here(action, &mut cx)
            }
            _ => return None,
        })
    }

    /// `v`: selects the current search match if it is on screen, else the first
    /// character on screen.
    fn start_selection(&mut self) -> Step {
        let current_match = self.search.current_chars(&self.reader);
        match Selection::start(&self.reader, current_match) {
            Some(selection) => {
                self.selection = Some(selection);
                Step::to(Mode::Select)
            }
            None => Step::default(),
        }
    }

    /// `A`: the list, at the annotation here.
    fn open_list(&mut self) -> Step {
        let current_match = self.search.current_chars(&self.reader);
        let here = self.annotations.here(&self.reader, current_match);
        let selected = here
            .and_then(|here| {
                list::entries(&self.annotations.store, "")
                    .iter()
                    .position(|p| p.annotation.id == here.annotation.id)
            })
            .unwrap_or(0);
        Step::to(Mode::List(AnnotationList::new(selected)))
    }

    fn select_key(&mut self, key: KeySpec) -> Step {
        let Some(action) = self.settings.keymap.action(KeyMode::Select, key) else {
            self.status.warn(format!(
                "{key} does nothing while selecting (esc stops selecting)"
            ));
            return Step::default();
        };
        self.status.clear();
        match action {
            Action::CancelSelection => {
                self.selection = None;
                self.annotations.reattach = None;
                Step::to(Mode::Reading)
            }
            Action::Highlight => self.highlight_selection(),
            Action::EditNote | Action::EditTags => {
                let Some(selection) = self.selection else {
                    return Step::default();
                };
                let (annotations, mut cx) = self.annotating();
                annotations.write_on(selection.range(), action, &mut cx)
            }
            Action::CopySelection => self.copy_selection(),
            Action::ToggleHelp => Step::to(Mode::Help(Help::default())),
            motion => {
                if let Some(selection) = &mut self.selection {
                    selection.move_head(motion, &mut self.reader);
                }
                Step::default()
            }
        }
    }

    /// `Enter` while selecting: a highlight (or the selection re-attaches an orphan).
    fn highlight_selection(&mut self) -> Step {
        let Some(selection) = self.selection.take() else {
            return Step::default();
        };
        let range = selection.range();
        let (annotations, mut cx) = self.annotating();
        Step {
            effects: match range.is_empty() {
                true => Vec::new(),
                false => annotations.highlight(range, &mut cx),
            },
            mode: Some(Mode::Reading),
        }
    }

    fn copy_selection(&mut self) -> Step {
        let Some(selection) = self.selection.take() else {
            return Step::default();
        };
        let range = selection.range();
        let mut step = Step::to(Mode::Reading);
        if !range.is_empty() {
            step.effects = vec![Effect::Copy(self.reader.slice(&range).to_string())];
            self.status.say("Copied the selection");
        }
        step
    }
}
