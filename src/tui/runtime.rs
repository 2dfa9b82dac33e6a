//! Performing the reader's effects: saving through the persistence, writing to the
//! clipboard with OSC 52, and handing the terminal to `$EDITOR` and back.

use std::io::{self, Write};

use base64::Engine as _;
use ratatui::Terminal;

use super::app::{Effect, Msg};
use super::input::Input;
use super::{Persistence, terminal};

/// Most bytes sent to the clipboard at once (terminals cap OSC 52 payloads).
const MAX_COPY_BYTES: usize = 64 * 1024;

pub struct Runtime<'a> {
    pub terminal: &'a mut Terminal<super::backend::Screen<io::Stdout>>,
    pub persistence: &'a mut dyn Persistence,
    pub capture_mouse: bool,
    pub input: Input,
    /// The person asked for the search across the library (the reader then quits).
    pub search_library: bool,
    /// The person asked for another file (the reader then quits).
    pub switch_file: Option<super::FileStep>,
}

pub enum Performed {
    Continue,
    /// A message for `update` (a failure to report, an edited note).
    Reply(Msg),
    Quit,
}

impl Runtime<'_> {
    pub fn perform(&mut self, effect: Effect) -> io::Result<Performed> {
        let failed = |problem: String| Performed::Reply(Msg::PersistFailed(problem));
        let saved = |persistence: &mut dyn Persistence| match persistence.take_notice() {
            Some(notice) => Performed::Reply(Msg::SavedElsewhere(notice)),
            None => Performed::Continue,
        };
        Ok(match effect {
            Effect::SavePosition(char_offset) => match self.persistence.save_position(char_offset) {
                Ok(()) => Performed::Continue,
                // Quitting follows at once: the message is printed after the terminal is
                // restored.
                Err(problem) => return Err(io::Error::other(problem)),
            },
            Effect::KeepPosition(char_offset) => match self.persistence.save_position(char_offset) {
                Ok(()) => Performed::Continue,
                Err(problem) => Performed::Reply(Msg::Warn(problem)),
            },
            Effect::SaveAnnotation(annotation) => self
                .persistence
                .save_annotation(&annotation)
                .map_or_else(failed, |()| saved(&mut *self.persistence)),
            Effect::DeleteAnnotation(id) => self
                .persistence
                .delete_annotation(&id)
                .map_or_else(failed, |()| saved(&mut *self.persistence)),
            Effect::RememberSearch(query) => match self.persistence.remember_search(&query) {
                Ok(()) => Performed::Continue,
                Err(problem) => Performed::Reply(Msg::Warn(problem)),
            },
            Effect::SetTitle(title) => self.persistence.set_title(&title).map_or_else(
                |problem| Performed::Reply(Msg::Warn(problem)),
                |()| saved(&mut *self.persistence),
            ),
            Effect::MarkAnchored => self.persistence.mark_anchored().map_or_else(
                |problem| Performed::Reply(Msg::Warn(problem)),
                |()| saved(&mut *self.persistence),
            ),
            Effect::Copy(text) => {
                copy_to_clipboard(&text)?;
                Performed::Continue
            }
            Effect::EditExternally { id, note } => match self.edit_externally(&note)? {
                Ok(note) => Performed::Reply(Msg::ExternalNote { id, note }),
                Err(problem) => Performed::Reply(Msg::Warn(problem)),
            },
            Effect::Redraw => {
                self.terminal.clear()?;
                Performed::Continue
            }
            Effect::SearchLibrary => {
                self.search_library = true;
                Performed::Continue
            }
            Effect::SwitchFile(step) => {
                self.switch_file = Some(step);
                Performed::Continue
            }
            Effect::Quit => Performed::Quit,
        })
    }

    /// Runs `$VISUAL` or `$EDITOR` (else `vi`) on the note in a temporary file, with the
    /// terminal given back to it meanwhile. `Ok(None)` when the note did not change,
    /// `Err` (a line for the status line) when the editor failed.
    fn edit_externally(&mut self, note: &str) -> io::Result<Result<Option<String>, String>> {
        let mut file = tempfile::Builder::new()
            .prefix("margent-note-")
            .suffix(".md")
            .tempfile()?;
        file.write_all(note.as_bytes())?;
        file.flush()?;
        let editor = editor_command(|name| std::env::var(name).ok());
        self.input.pause()?;
        terminal::restore();
        // Through the shell, so that an editor setting with arguments ("code -w") works.
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("sh")
            .arg(file.path())
            .status();
        let resumed = terminal::resume(self.capture_mouse);
        self.input.resume();
        resumed?;
        self.terminal.clear()?;
        let edited = std::fs::read_to_string(file.path())?;
        let shown = crate::sanitize::inline(&editor);
        Ok(match status {
            Ok(status) if status.success() => Ok((edited != note).then_some(edited)),
            Ok(status) => Err(format!(
                "The editor \"{shown}\" failed ({status}): the note is unchanged"
            )),
            Err(err) => Err(format!(
                "The editor \"{shown}\" could not be run ({err}): the note is unchanged"
            )),
        })
    }
}

/// The editor to run: `$VISUAL`, else `$EDITOR`, else `vi`. A variable set to nothing
/// (or only spaces) counts as unset: `VISUAL=` must not run the note's file itself.
fn editor_command(var: impl Fn(&str) -> Option<String>) -> String {
    ["VISUAL", "EDITOR"]
        .into_iter()
        .filter_map(var)
        .find(|command| !command.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Puts `text` on the clipboard with OSC 52. Only ever for text the person chose to copy
/// (a selection, a note), base64-encoded so that nothing in it can act on the terminal.
fn copy_to_clipboard(text: &str) -> io::Result<()> {
    let mut out = io::stdout();
    out.write_all(osc52(text).as_bytes())?;
    out.flush()
}

/// The OSC 52 sequence for `text`. What was copied is pasted later, maybe into a shell,
/// so the document's control characters (an escape sequence that ends a bracketed
/// paste) go as the placeholders they were shown as, and bidi controls not at all.
fn osc52(text: &str) -> String {
    let text = crate::sanitize::multiline(text);
    let mut end = text.len().min(MAX_COPY_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let payload = base64::engine::general_purpose::STANDARD.encode(&text.as_bytes()[..end]);
    format!("\x1b]52;c;{payload}\x07")
}

#[cfg(test)]
mod tests {
    use base64::Engine;

    use super::*;

    #[test]
    fn an_empty_visual_or_editor_counts_as_unset() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        assert_eq!(
            editor_command(env(&[("VISUAL", "code -w"), ("EDITOR", "nano")])),
            "code -w"
        );
        assert_eq!(editor_command(env(&[("VISUAL", ""), ("EDITOR", "nano")])), "nano");
        assert_eq!(editor_command(env(&[("VISUAL", " "), ("EDITOR", "")])), "vi");
        assert_eq!(editor_command(env(&[])), "vi");
    }

    #[test]
    fn copied_text_carries_no_control_characters() {
        let sequence = osc52("Hello \x1b[201~rm -rf ~\n\u{202e}evil\u{9b}");
        let payload = sequence
            .strip_prefix("\x1b]52;c;")
            .and_then(|rest| rest.strip_suffix('\x07'))
            .unwrap();
        let decoded = base64::engine::general_purpose::STANDARD.decode(payload).unwrap();
        assert_eq!(
            String::from_utf8(decoded).unwrap(),
            "Hello ␛[201~rm -rf ~\nevil\u{fffd}"
        );
    }
}
