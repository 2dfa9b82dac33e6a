//! The help: every key and what it does, generated from the keymap (so a key remapped
//! in the config shows as remapped), and how far it is scrolled.

use crate::keys::{Action, KeyMode, KeySpec};
use crate::tui::app::geometry::{Geometry, HELP_COLS, inner_size};
use crate::tui::keymap::Keymap;

/// The help's state: how far it is scrolled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help {
    pub scroll: usize,
}

impl Help {
    /// A key: moves through the help; `true` when it closes the help instead.
    pub fn key(&mut self, key: KeySpec, keymap: &Keymap, geometry: Geometry) -> bool {
        let page = usize::from(geometry.body_rows.saturating_sub(3)).max(1);
        let max = max_scroll(keymap, geometry);
        let scroll = self.scroll;
        self.scroll = match keymap.action(KeyMode::Help, key) {
            Some(Action::ScrollDown) => scroll + 1,
            Some(Action::ScrollUp) => scroll.saturating_sub(1),
            Some(Action::PageDown) => scroll + page,
            Some(Action::PageUp) => scroll.saturating_sub(page),
            Some(Action::GoToFirst) => 0,
            Some(Action::GoToLast) => max,
            _ => return true,
        }
        .min(max);
        false
    }
}

/// Widest key list before the descriptions start (longer lists push theirs right).
const MAX_KEYS_COLUMN: usize = 24;

/// Narrowest description column before descriptions go on a line of their own.
const MIN_DESCRIPTION_COLS: usize = 18;

/// The help lines for a panel `cols` wide: every action with its keys, per mode. In a
/// narrow panel each description goes on its own line under the keys.
pub fn lines(keymap: &Keymap, cols: usize) -> Vec<String> {
    let keys_of = |keys: &[KeySpec]| keys.iter().map(KeySpec::to_string).collect::<Vec<_>>().join(" ");
    let column = KeyMode::ALL
        .iter()
        .filter(|&&mode| mode != KeyMode::Library)
        .flat_map(|&mode| {
            keymap
                .bindings(mode)
                .map(|(_, keys)| keys_of(keys).chars().count())
        })
        .max()
        .unwrap_or(0)
        .min(MAX_KEYS_COLUMN);
    let layout = if cols >= column + 4 + MIN_DESCRIPTION_COLS {
        Layout::SideBySide { cols }
    } else {
        Layout::Stacked { cols }
    };
    let mut lines = Vec::new();
    // The library view's keys belong to the library, not to the reader's help.
    for mode in KeyMode::ALL.into_iter().filter(|&mode| mode != KeyMode::Library) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(title(mode, keymap));
        for (action, keys) in keymap.bindings(mode) {
            let keys = crate::sanitize::inline(&keys_of(keys)).into_owned();
            push_entry(&mut lines, (&keys, action.help()), column, layout);
        }
    }
    lines.push(String::new());
    lines.push("In the note editor".to_string());
    for (keys, help) in NOTE_EDITOR_KEYS {
        push_entry(&mut lines, (keys, help), column, layout);
    }
    lines
}

/// The heading of a mode's keys, with the key that opens it where there is one.
fn title(mode: KeyMode, keymap: &Keymap) -> String {
    let (title, opened_by) = match mode {
        KeyMode::Normal => return "Reading".to_string(),
        KeyMode::Select => return "While selecting".to_string(),
        KeyMode::List => ("In the annotation list", Action::ToggleAnnotations),
        KeyMode::Help => ("In this help", Action::ToggleHelp),
        KeyMode::Contents => ("In the table of contents", Action::ToggleContents),
        KeyMode::Library => return "In the library".to_string(),
    };
    match keymap.first_key(KeyMode::Normal, opened_by) {
        Some(key) => format!("{title} ({})", crate::sanitize::inline(&key.to_string())),
        None => title.to_string(),
    }
}

/// The note editor's keys: fixed (ctrl-s saves, as DESIGN §1.6 says), not in the keymap.
const NOTE_EDITOR_KEYS: [(&str, &str); 2] = [
    ("ctrl-s", "save and close"),
    ("esc", "close (asks first if the note changed)"),
];

/// One key and what it does: side by side, or the description under the keys,
/// wrapped to the panel. The descriptions are margent's own English, so textwrap
/// (display widths from unicode-width) wraps them; the text's own filler is for the
/// document, whose CJK and kinsoku rules these lines never need.
fn push_entry(lines: &mut Vec<String>, entry: (&str, &str), column: usize, layout: Layout) {
    let (keys, help) = entry;
    let wrapped = |indent: usize, cols: usize| {
        let width = cols.saturating_sub(indent).max(8);
        textwrap::wrap(help, width)
            .into_iter()
            .map(|row| row.trim_end().to_string())
            .collect::<Vec<_>>()
    };
    match layout {
        Layout::SideBySide { cols } => {
            let indent = column + 4;
            for (n, row) in wrapped(indent, cols).into_iter().enumerate() {
                let keys = if n == 0 { keys } else { "" };
                lines.push(format!("  {keys:<column$}  {row}"));
            }
        }
        Layout::Stacked { cols } => {
            lines.push(format!("  {keys}"));
            lines.extend(wrapped(6, cols).into_iter().map(|row| format!("      {row}")));
        }
    }
}

#[derive(Clone, Copy)]
enum Layout {
    SideBySide { cols: usize },
    Stacked { cols: usize },
}

/// How far the help can scroll: its lines past the panel's height.
pub fn max_scroll(keymap: &Keymap, geometry: Geometry) -> usize {
    let (inner_cols, inner_rows) = inner_size(geometry.panel(HELP_COLS));
    lines(keymap, inner_cols).len().saturating_sub(inner_rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_wrap_beside_their_keys_in_a_narrow_panel() {
        let keymap = crate::tui::app::Settings::default().keymap;
        let lines = lines(&keymap, 50);
        let start = lines.iter().position(|l| l.starts_with("  g home <")).unwrap();
        assert_eq!(
            lines[start..start + 3],
            [
                "  g home <                  start of the document",
                "                            (with a count N: line",
                "                            N)",
            ]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 50), "{lines:#?}");
    }

    #[test]
    fn descriptions_go_under_their_keys_in_a_very_narrow_panel() {
        let keymap = crate::tui::app::Settings::default().keymap;
        let lines = lines(&keymap, 22);
        let start = lines.iter().position(|l| l == "  g home <").unwrap();
        assert_eq!(
            lines[start + 1..start + 4],
            [
                "      start of the",
                "      document (with a",
                "      count N: line N)",
            ]
        );
    }
}
