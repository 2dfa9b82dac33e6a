//! Overlays drawn over the text: the help (its lines come from `components::help`) and
//! the table of contents (from the outline).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::theme::Theme;
use super::{fit, key_hints};
use crate::keys::{Action, KeyMode};
use crate::tui::app::App;
use crate::tui::app::geometry::{CONTENTS_COLS, HELP_COLS, inner_size};
use crate::tui::components::help;

pub fn draw_help(app: &App, frame: &mut Frame, theme: &Theme, scroll: usize) {
    let area = app.reader().geometry.panel(HELP_COLS);
    let (inner_cols, inner_rows) = inner_size(area);
    let lines = help::lines(&app.settings().keymap, inner_cols);
    let scroll = scroll.min(lines.len().saturating_sub(inner_rows));
    let text: Vec<Line> = lines
        .iter()
        .skip(scroll)
        .map(|l| Line::raw(fit(l, inner_cols)))
        .collect();
    let close = key_hints(
        &app.settings().keymap,
        KeyMode::Help,
        &[(Action::Close, "to close")],
    );
    draw_panel(frame, area, &format!(" Keys ({close}) "), text, theme);
}

/// Deepest indent of a heading in the contents panel, in levels.
const MAX_NESTING: usize = 3;

pub fn draw_contents(app: &App, frame: &mut Frame, theme: &Theme, selected: usize) {
    let area = app.reader().geometry.panel(CONTENTS_COLS);
    let (width, visible) = inner_size(area);
    let visible = visible.max(1);
    let links = app.reader().doc.markup().links();
    let text: Vec<Line> = match &app.reader().outline {
        None => vec![Line::raw("Building the table of contents…")],
        Some(outline) if outline.headings.is_empty() && links.is_empty() => {
            vec![Line::raw("No headings found")]
        }
        Some(outline) => {
            let top = outline.headings.iter().map(|h| h.level).min().unwrap_or(0);
            // Two columns a level below the outline's top, three levels at most; the
            // links after the headings, by number.
            let headings = outline.headings.iter().map(|heading| {
                let indent = "  ".repeat(usize::from(heading.level - top).min(MAX_NESTING));
                format!("{indent}{}", heading.title)
            });
            let numbered = (links.iter().enumerate()).map(|(i, (_, url))| format!("[{}] {url}", i + 1));
            let entries = outline.headings.len() + links.len();
            let first = selected
                .saturating_sub(visible / 2)
                .min(entries.saturating_sub(visible));
            headings
                .chain(numbered)
                .enumerate()
                .skip(first)
                .take(visible)
                .map(|(i, label)| {
                    let style = if i == selected {
                        theme.panel_selected
                    } else {
                        theme.panel
                    };
                    Line::from(Span::styled(fit(&label, width), style))
                })
                .collect()
        }
    };
    draw_panel(
        frame,
        area,
        &format!(" Contents ({}) ", contents_hints(&app.settings().keymap)),
        text,
        theme,
    );
}

fn contents_hints(keymap: &crate::tui::keymap::Keymap) -> String {
    let hints = [(Action::JumpToEntry, "to jump"), (Action::Close, "to close")];
    key_hints(keymap, KeyMode::Contents, &hints).replace(" · ", ", ")
}

fn draw_panel(frame: &mut Frame, area: Rect, title: &str, text: Vec<Line>, theme: &Theme) {
    let title = fit(title, usize::from(area.width.saturating_sub(2)));
    let block = super::overlay_block(area, Block::bordered().title(title), theme);
    super::clear_overlay(frame, area);
    frame.render_widget(Paragraph::new(text).block(block), area);
}
