//! Keys while writing: the note editor (ctrl-s saves, esc asks before discarding a
//! change) and the tag prompt (space-separated tags, with quick keys from the config).

use crate::keys::{KeyName, KeySpec};

use super::app::{App, Effect, Mode};
use super::editor::Target;

impl App {
    pub(super) fn note_key(&mut self, key: KeySpec) -> Vec<Effect> {
        let Mode::Note(editor) = &mut self.mode else {
            return Vec::new();
        };
        if editor.confirm_discard {
            if matches!(key.name, KeyName::Char('y' | 'Y')) && !key.ctrl {
                self.close_writing("Discarded the changes");
            } else {
                editor.confirm_discard = false;
                self.message = None;
            }
            return Vec::new();
        }
        match (key.name, key.ctrl) {
            (KeyName::Char('s'), true) => {
                let Mode::Note(editor) = std::mem::replace(&mut self.mode, Mode::Reading) else {
                    return Vec::new();
                };
                self.save_note(&editor)
            }
            (KeyName::Esc, _) => {
                if editor.changed() {
                    editor.confirm_discard = true;
                    self.warn("Discard the changes to this note? (y: discard, any other key: keep editing)");
                } else {
                    self.close_writing("");
                }
                Vec::new()
            }
            _ => {
                editor.key(key);
                Vec::new()
            }
        }
    }

    pub(super) fn tags_key(&mut self, key: KeySpec) -> Vec<Effect> {
        let Mode::Tags { text, target } = &mut self.mode else {
            return Vec::new();
        };
        match (key.name, key.ctrl) {
            (KeyName::Enter, _) => {
                let (text, target) = (text.clone(), target.clone());
                self.mode = Mode::Reading;
                return self.save_tags(&text, &target);
            }
            (KeyName::Esc, _) | (KeyName::Char('c' | 'g'), true) => self.close_writing(""),
            (KeyName::Backspace, _) => {
                text.pop();
            }
            (KeyName::Char('u'), true) => text.clear(),
            (KeyName::Char(c), false) if !c.is_control() => {
                let quick = self.settings.config.tags.quick.get(&c);
                match quick {
                    // A quick key at the start of a tag types the whole tag.
                    Some(tag) if text.is_empty() || text.ends_with(' ') => {
                        text.push_str(tag);
                        text.push(' ');
                    }
                    _ => text.push(c),
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Pastes into whatever is being written.
    pub(super) fn paste_into_writing(&mut self, pasted: &str) {
        match &mut self.mode {
            Mode::Note(editor) => editor.paste(pasted),
            Mode::Tags { text, .. } => text.push_str(&pasted.replace(['\n', '\r', '\t'], " ")),
            _ => {}
        }
    }

    /// Leaves the note editor or tag prompt without saving: back to the selection it
    /// was opened from, or to reading.
    fn close_writing(&mut self, message: &str) {
        let from_selection = match &self.mode {
            Mode::Note(editor) => matches!(editor.target, Target::Selection(_)),
            Mode::Tags { target, .. } => matches!(target, Target::Selection(_)),
            _ => false,
        };
        self.mode = if from_selection && self.selection.is_some() {
            Mode::Select
        } else {
            Mode::Reading
        };
        if message.is_empty() {
            self.message = None;
        } else {
            self.say(message);
        }
    }
}
