//! The status line: title and section (or a message, or the search prompt) on the left;
//! position, time left and pending keys on the right.

use ratatui::Frame;
use ratatui::layout::Position;

use super::theme::Theme;
use super::{fit, key_hints};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::keys::{Action, KeyMode};
use crate::sanitize;
use crate::tui::app::{App, Mode};
use crate::tui::components::reader::Pending;

pub fn draw(app: &App, frame: &mut Frame, theme: &Theme) {
    let geometry = app.reader().geometry;
    if geometry.rows == 0 {
        return;
    }
    let y = geometry.rows - 1;
    let width = usize::from(geometry.cols);
    let message = &app.status().message;
    let (left, style, kind) = match app.mode() {
        Mode::Search(prompt) => {
            let sign = if prompt.backward { '?' } else { '/' };
            let prompt = format!("{sign}{}", sanitize::inline(&prompt.input.text));
            (prompt, theme.status, Left::Input)
        }
        Mode::Tags(prompt) => {
            let text = sanitize::inline(&prompt.input.text);
            (format!("Tags: {text}"), theme.status, Left::Input)
        }
        Mode::Title(input) => {
            let text = sanitize::inline(&input.text);
            (format!("Title: {text}"), theme.status, Left::Input)
        }
        _ => match message {
            Some(message) => (
                sanitize::inline(&message.text).into_owned(),
                if message.error {
                    theme.status_error
                } else {
                    theme.status
                },
                Left::Message,
            ),
            None => {
                let (left, kind) = default_left(app);
                (left, theme.status, kind)
            }
        },
    };
    let (left, right) = if kind == Left::Input {
        // What is being typed takes the whole line, its end (the caret) always shown.
        (fit_tail(&left, width.saturating_sub(1)), String::new())
    } else {
        arrange(&left, app, width, kind)
    };
    let left_cols = left.width();
    let padding = width.saturating_sub(left_cols + right.width());
    let line = format!("{left}{}{right}", " ".repeat(padding));
    let buf = frame.buffer_mut();
    buf.set_stringn(0, y, &line, width, style);
    if kind == Left::Input {
        let x = (left_cols as u16).min(geometry.cols.saturating_sub(1));
        frame.set_cursor_position(Position::new(x, y));
    }
}

/// What the left of the status line holds, which says how it is cut to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Left {
    /// What is being typed in a prompt: its end is kept.
    Input,
    /// A message: shown whole if it can be.
    Message,
    /// ` Title › Part › Chapter`: its first parts give way.
    Path,
    /// Anything else: its end is cut.
    Text,
}

/// The left text and the position on the right, in `width` columns. A message is
/// shown whole if it can be (the position shrinks or goes); the title gives way to
/// the position, which takes at most half the line, in its short form if need be.
fn arrange(left: &str, app: &App, width: usize, kind: Left) -> (String, String) {
    let message = kind == Left::Message;
    let candidates = [right_side(app, false), right_side(app, true), String::new()];
    let right = candidates
        .into_iter()
        .find(|right| {
            right.is_empty()
                || if message {
                    left.width() + 1 + right.width() <= width
                } else {
                    right.width() + 2 <= width / 2
                }
        })
        .unwrap_or_default();
    let room = if right.is_empty() {
        width
    } else {
        width.saturating_sub(right.width() + 1)
    };
    let left = if kind == Left::Path {
        fit_path(left, room)
    } else {
        fit(left, room)
    };
    (left, right)
}

/// ` Title › Part › Chapter` in `cols` columns: its first parts give way (to `…`)
/// before the section the reader is in is cut.
fn fit_path(path: &str, cols: usize) -> String {
    let parts: Vec<&str> = path.trim_start().split(SECTION_SEPARATOR).collect();
    let mut shown = path.to_string();
    for dropped in 1..parts.len() {
        if shown.width() <= cols {
            break;
        }
        shown = format!(
            " …{SECTION_SEPARATOR}{}",
            parts[dropped..].join(SECTION_SEPARATOR)
        );
    }
    fit(&shown, cols)
}

/// The end of `text` in at most `cols` columns, after a `…` if the start was cut.
fn fit_tail(text: &str, cols: usize) -> String {
    if text.width() <= cols {
        return text.to_string();
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut used = 1;
    for grapheme in text.graphemes(true).rev() {
        if used + grapheme.width() > cols {
            break;
        }
        used += grapheme.width();
        kept.push(grapheme);
    }
    kept.reverse();
    format!("…{}", kept.concat())
}

/// What the left of the status line says when there is no message: the selection's
/// keys while selecting, the focused annotation's note, or the title and section.
fn default_left(app: &App) -> (String, Left) {
    if let (Mode::Select, Some(selection)) = (app.mode(), app.selection()) {
        let chars = selection.range().len();
        let hints = [
            (Action::Highlight, "highlight"),
            (Action::EditNote, "note"),
            (Action::EditTags, "tag"),
            (Action::CopySelection, "copy"),
            (Action::CancelSelection, "cancel"),
        ];
        let hints = key_hints(&app.settings().keymap, KeyMode::Select, &hints);
        return (format!(" SELECT {chars} chars · {hints}"), Left::Text);
    }
    let on_screen = app.reader().screen_chars();
    let annotations = app.annotations();
    let focused = annotations
        .focus
        .as_ref()
        .and_then(|id| annotations.store.get(id));
    if let Some(placed) =
        focused.filter(|p| on_screen.contains(&p.range.start) && !p.annotation.note.is_empty())
    {
        let note: String = placed
            .annotation
            .note
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        return (format!(" ✎ {}", sanitize::inline(&note)), Left::Text);
    }
    (title_and_section(app), Left::Path)
}

/// ` Title › Part › Chapter`: the section the top row is in, after the one it sits
/// under (a chapter's part), each unless it repeats the title.
fn title_and_section(app: &App) -> String {
    let reader = app.reader();
    let title = sanitize::inline(&reader.doc.title()).into_owned();
    let mut path = vec![title.clone()];
    if let (Some(outline), Some(at)) = (&reader.outline, reader.current_section()) {
        let sections = [outline.parent(at), Some(at)];
        path.extend(
            sections
                .into_iter()
                .flatten()
                .map(|i| outline.headings[i].title.clone())
                .filter(|section| *section != title),
        );
    }
    format!(" {}", path.join(SECTION_SEPARATOR))
}

const SECTION_SEPARATOR: &str = " › ";

/// Pending keys, the position as a percentage and (unless `short`) the time left.
fn right_side(app: &App, short: bool) -> String {
    let reader = app.reader();
    let total = reader.content_end.max(1);
    let bottom = reader
        .screen
        .last()
        .map_or(total, |row| row.chars().end)
        .min(total);
    let percent = bottom * 100 / total;
    let minutes = (total - bottom) as u64 / u64::from(reader.chars_per_minute);
    let left = match minutes {
        0 if bottom >= total => "end".to_string(),
        0 => "<1 min left".to_string(),
        1..60 => format!("{minutes} min left"),
        _ => format!("{} h {} min left", minutes / 60, minutes % 60),
    };
    let pending = match (reader.pending, reader.count) {
        (Some(Pending::SetMark), _) => "mark: ".to_string(),
        (Some(Pending::GoToMark), _) => "go to mark: ".to_string(),
        (Some(Pending::Quit), _) => "Z".to_string(),
        (Some(Pending::File), _) => ":".to_string(),
        (None, Some(count)) => format!("{count} "),
        (None, None) => String::new(),
    };
    if short {
        format!("{pending}{percent}% ")
    } else {
        format!("{pending}{percent}% · {left} ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_gives_way_from_its_start() {
        let path = " こころ › 上 先生と私 › 十一";
        assert_eq!(fit_path(path, 40), path);
        assert_eq!(fit_path(path, 24), " … › 上 先生と私 › 十一");
        assert_eq!(fit_path(path, 10), " … › 十一");
        assert!(fit_path(path, 6).width() <= 6);
    }
}
