//! Rendering: draws the reader's state into a frame. Reads the state, never changes it.

mod annotations;
pub mod links;
mod panels;
mod status;
mod text;
mod theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Clear};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub use theme::Theme;

use super::app::geometry::is_bordered;
use super::app::{App, Mode};
use super::keymap::Keymap;
use crate::keys::{Action, KeyMode};
use crate::sanitize;

pub fn render(app: &App, frame: &mut Frame) {
    // The terminal was resized after the state last heard of its size (ratatui resizes
    // the frame as it draws): nothing is drawn into a frame of another size, and the
    // resize, already on its way, brings the next frame.
    let geometry = app.reader().geometry;
    let area = frame.area();
    if (area.width, area.height) != (geometry.cols, geometry.rows) {
        return;
    }
    let theme = Theme::new(app.settings().color());
    text::draw(app, frame.buffer_mut(), &theme);
    status::draw(app, frame, &theme);
    match app.mode() {
        Mode::Help(help) => panels::draw_help(app, frame, &theme, help.scroll),
        Mode::Contents(contents) => panels::draw_contents(app, frame, &theme, contents.selected),
        Mode::List(list) => annotations::draw_list(app, frame, &theme, list),
        Mode::Note(editor) => annotations::draw_note_editor(app, frame, &theme, editor),
        Mode::Reading
        | Mode::Search(_)
        | Mode::Select
        | Mode::Tags(_)
        | Mode::Title(_)
        | Mode::ConfirmQuit
        | Mode::ConfirmDelete(_) => {}
    }
}

/// Hints such as "enter jump · a note": each action's first key in `mode` (so a
/// remapped key shows as remapped) and what it does; actions without a key are left
/// out, and an empty label shows the key alone.
pub fn key_hints(keymap: &Keymap, mode: KeyMode, hints: &[(Action, &str)]) -> String {
    hints
        .iter()
        .filter_map(|(action, label)| {
            let key = keymap.first_key(mode, *action)?;
            let key = sanitize::inline(&key.to_string()).into_owned();
            Some(if label.is_empty() {
                key
            } else {
                format!("{key} {label}")
            })
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The overlay's block: `bordered` where there is room, else no border, so that a tiny
/// terminal shows the overlay's lines rather than only its frame.
pub fn overlay_block<'a>(area: Rect, bordered: Block<'a>, theme: &Theme) -> Block<'a> {
    if is_bordered(area) {
        bordered.style(theme.panel)
    } else {
        Block::new().style(theme.panel)
    }
}

/// Blanks `area` for an overlay. A wide character just left of it would hide the
/// overlay's left border: the terminal draws its second half there, and ratatui never
/// sends the cell it covers. Such a character is blanked too.
pub fn clear_overlay(frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    if area.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        let cell = &mut buffer[(area.x - 1, y)];
        if cell.symbol().width() > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// `text` cut to at most `cols` display columns, ending in `…` if it was cut.
pub fn fit(text: &str, cols: usize) -> String {
    if text.width() <= cols {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let width = grapheme.width();
        if used + width + 1 > cols {
            break;
        }
        out.push_str(grapheme);
        used += width;
    }
    if cols > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_the_keys_of_the_keymap() {
        let keymap = crate::tui::app::Settings::default().keymap;
        let hints = [
            (Action::JumpToEntry, "jump"),
            (Action::Undo, "undo"),
            (Action::Close, ""),
        ];
        assert_eq!(key_hints(&keymap, KeyMode::List, &hints), "enter jump · esc");
    }

    #[test]
    fn fit_cuts_by_display_width() {
        assert_eq!(fit("hello", 10), "hello");
        assert_eq!(fit("hello world", 6), "hello…");
        assert_eq!(fit("中文标题很长", 7), "中文标…");
        assert_eq!(fit("abc", 0), "");
    }
}
