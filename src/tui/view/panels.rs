//! Overlays drawn over the text: the help (generated from the keymap) and the table of
//! contents (from the outline).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::fit;
use super::theme::Theme;
use crate::keys::{KeyMode, KeySpec};
use crate::tui::app::App;

/// Widest key list before the descriptions start (longer lists push theirs right).
const MAX_KEYS_COLUMN: usize = 24;

/// The help lines: every action with its keys, per mode.
pub fn help_lines(app: &App) -> Vec<String> {
    let keymap = &app.settings.keymap;
    let keys_of = |keys: &[KeySpec]| keys.iter().map(KeySpec::to_string).collect::<Vec<_>>().join(" ");
    let column = [KeyMode::Normal, KeyMode::Select]
        .iter()
        .flat_map(|&mode| {
            keymap
                .bindings(mode)
                .map(|(_, keys)| keys_of(keys).chars().count())
        })
        .max()
        .unwrap_or(0)
        .min(MAX_KEYS_COLUMN);
    let mut lines = Vec::new();
    for (mode, title) in [(KeyMode::Normal, "Reading"), (KeyMode::Select, "While selecting")] {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(title.to_string());
        for (action, keys) in keymap.bindings(mode) {
            let keys = crate::sanitize::inline(&keys_of(keys)).into_owned();
            lines.push(format!("  {keys:<column$}  {}", action.help()));
        }
    }
    lines
}

pub fn draw_help(app: &App, frame: &mut Frame, theme: &Theme, scroll: usize) {
    let lines = help_lines(app);
    let area = panel_area(app, 76);
    let visible = usize::from(area.height.saturating_sub(2));
    let scroll = scroll.min(lines.len().saturating_sub(visible));
    let width = usize::from(area.width.saturating_sub(2));
    let text: Vec<Line> = lines
        .iter()
        .skip(scroll)
        .map(|l| Line::raw(fit(l, width)))
        .collect();
    draw_panel(frame, area, " Keys (esc to close) ", text, theme);
}

pub fn draw_contents(app: &App, frame: &mut Frame, theme: &Theme, selected: usize) {
    let area = panel_area(app, 64);
    let width = usize::from(area.width.saturating_sub(2));
    let visible = usize::from(area.height.saturating_sub(2)).max(1);
    let text: Vec<Line> = match &app.outline {
        None => vec![Line::raw("Building the table of contents…")],
        Some(outline) if outline.headings.is_empty() => vec![Line::raw("No headings found")],
        Some(outline) => {
            let first = selected
                .saturating_sub(visible / 2)
                .min(outline.headings.len().saturating_sub(visible));
            outline
                .headings
                .iter()
                .enumerate()
                .skip(first)
                .take(visible)
                .map(|(i, heading)| {
                    let indent = if heading.level > 1 { "  " } else { "" };
                    let label = fit(&format!("{indent}{}", heading.title), width);
                    let style = if i == selected {
                        theme.panel_selected
                    } else {
                        theme.panel
                    };
                    Line::from(Span::styled(label, style))
                })
                .collect()
        }
    };
    draw_panel(
        frame,
        area,
        " Contents (enter to jump, esc to close) ",
        text,
        theme,
    );
}

fn panel_area(app: &App, max_cols: u16) -> Rect {
    let geometry = app.geometry;
    let width = geometry.cols.saturating_sub(2).min(max_cols).max(1);
    let height = geometry.body_rows.saturating_sub(1).max(1);
    Rect::new((geometry.cols - width) / 2, 0, width, height.min(geometry.rows))
}

fn draw_panel(frame: &mut Frame, area: Rect, title: &str, text: Vec<Line>, theme: &Theme) {
    let title = fit(title, usize::from(area.width.saturating_sub(2)));
    let block = Block::bordered().title(title).style(theme.panel);
    super::clear_overlay(frame, area);
    frame.render_widget(Paragraph::new(text).block(block), area);
}
