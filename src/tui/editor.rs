//! The note editor: a multi-line text area (ratatui-textarea) for a note on a selection
//! or an annotation, with the target it saves to and whether a change would be lost.

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

    pub fn key(&mut self, key: KeySpec) {
        if let Some(input) = input_of(key) {
            self.textarea.input(input);
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
