//! The note editor: a multi-line text area (ratatui-textarea) for a note on a selection
//! or an annotation, with the target it saves to, whether a change would be lost, and
//! its keys (ctrl-s saves, esc asks before discarding a change).

use std::ops::Range;

use ratatui_textarea::{Input, Key, TextArea, WrapMode};

use crate::keys::{KeyName, KeySpec};

/// What a note is written for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A new annotation on this selection (chars).
    Selection(Range<usize>),
    /// An existing annotation, by id.
    Annotation(String),
}

/// What a key in the note editor or the tag prompt leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    Typing,
    Save,
    /// Close without saving, saying this on the status line ("": nothing).
    Close(&'static str),
    /// Esc with unsaved changes: the status line asks whether to discard them.
    AskToDiscard,
    /// The answer was "keep editing": the question goes.
    KeepEditing,
}

/// The question `Writing::AskToDiscard` puts.
pub const DISCARD_QUESTION: &str =
    "Discard the changes to this note? (y: discard, any other key: keep editing)";

#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub textarea: TextArea<'static>,
    pub target: Target,
    original: String,
    /// `Esc` was pressed with unsaved changes: the next key answers "discard?".
    pub confirm_discard: bool,
}

impl NoteEditor {
    pub fn new(note: &str, target: Target) -> NoteEditor {
        // A note from someone else's sidecar may hold controls or bidi overrides: the
        // editor shows (and would save) visible stand-ins instead.
        let note = crate::sanitize::multiline(note).replace('\t', "    ");
        let lines: Vec<String> = note.split('\n').map(str::to_string).collect();
        let mut textarea = TextArea::new(lines);
        textarea.set_wrap_mode(WrapMode::WordOrGlyph);
        textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
        textarea.move_cursor(ratatui_textarea::CursorMove::End);
        NoteEditor {
            textarea,
            target,
            original: note,
            confirm_discard: false,
        }
    }

    /// The note as it stands, lines joined with `\n`, trailing blank lines dropped.
    pub fn text(&self) -> String {
        self.textarea
            .lines()
            .join("\n")
            .trim_end_matches('\n')
            .to_string()
    }

    pub fn changed(&self) -> bool {
        self.text() != self.original.trim_end_matches('\n')
    }

    /// A key: ctrl-s saves, esc closes (asking first if the note changed), others edit.
    pub fn key(&mut self, key: KeySpec) -> Writing {
        if self.confirm_discard {
            self.confirm_discard = false;
            return if matches!(key.name, KeyName::Char('y' | 'Y')) && !key.ctrl {
                Writing::Close("Discarded the changes")
            } else {
                Writing::KeepEditing
            };
        }
        match (key.name, key.ctrl) {
            (KeyName::Char('s'), true) => Writing::Save,
            (KeyName::Esc, _) if self.changed() => {
                self.confirm_discard = true;
                Writing::AskToDiscard
            }
            (KeyName::Esc, _) => Writing::Close(""),
            _ => {
                if let Some(input) = input_of(key) {
                    self.textarea.input(input);
                }
                Writing::Typing
            }
        }
    }

    /// Inserts pasted text: line ends as newlines, other control characters as the
    /// visible placeholders they would be shown as anyway (the editor would hide them).
    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        self.textarea
            .insert_str(crate::sanitize::multiline(&text).replace('\t', "    "));
    }
}

/// A key press as the text area takes it.
fn input_of(key: KeySpec) -> Option<Input> {
    let key_name = match key.name {
        KeyName::Char(c) => Key::Char(c),
        KeyName::Enter => Key::Enter,
        KeyName::Backspace => Key::Backspace,
        KeyName::Tab => Key::Tab,
        KeyName::Up => Key::Up,
        KeyName::Down => Key::Down,
        KeyName::Left => Key::Left,
        KeyName::Right => Key::Right,
        KeyName::Home => Key::Home,
        KeyName::End => Key::End,
        KeyName::PageUp => Key::PageUp,
        KeyName::PageDown => Key::PageDown,
        KeyName::Delete => Key::Delete,
        KeyName::F(n) => Key::F(n),
        KeyName::Esc | KeyName::BackTab | KeyName::Insert => return None,
    };
    Some(Input {
        key: key_name,
        ctrl: key.ctrl,
        alt: key.alt,
        shift: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(editor: &mut NoteEditor, text: &str) {
        for c in text.chars() {
            let name = if c == '\n' {
                KeyName::Enter
            } else {
                KeyName::Char(c)
            };
            editor.key(KeySpec::plain(name));
        }
    }

    #[test]
    fn typing_cjk_and_newlines_builds_the_note() {
        let mut editor = NoteEditor::new("", Target::Annotation("id".into()));
        typed(&mut editor, "第一行\n中文筆記 and English");
        assert_eq!(editor.text(), "第一行\n中文筆記 and English");
        assert!(editor.changed());
    }

    #[test]
    fn an_untouched_note_is_not_changed_and_paste_keeps_lines() {
        let mut editor = NoteEditor::new("old\nnote", Target::Annotation("id".into()));
        assert!(!editor.changed());
        editor.paste("\r\npasted");
        assert_eq!(editor.text(), "old\nnote\npasted");
    }

    #[test]
    fn pasted_control_characters_become_visible_placeholders() {
        let mut editor = NoteEditor::new("", Target::Annotation("id".into()));
        editor.paste("a\x1b[31mred\u{202e}\tb");
        assert_eq!(editor.text(), "a␛[31mred    b");
    }
}
