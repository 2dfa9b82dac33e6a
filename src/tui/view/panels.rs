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

/// Widest the help panel gets.
const HELP_COLS: u16 = 110;

/// Narrowest description column before descriptions go on a line of their own.
const MIN_DESCRIPTION_COLS: usize = 18;

/// The help lines for a panel `cols` wide: every action with its keys, per mode. In a
/// narrow panel each description goes on its own line under the keys.
pub fn help_lines(app: &App, cols: usize) -> Vec<String> {
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
    let layout = if cols >= column + 4 + MIN_DESCRIPTION_COLS {
        Layout::SideBySide { cols }
    } else {
        Layout::Stacked { cols }
    };
    let mut lines = Vec::new();
    for (mode, title) in [(KeyMode::Normal, "Reading"), (KeyMode::Select, "While selecting")] {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(title.to_string());
        for (action, keys) in keymap.bindings(mode) {
            let keys = crate::sanitize::inline(&keys_of(keys)).into_owned();
            push_entry(&mut lines, (&keys, action.help()), column, layout);
        }
    }
    for (title, entries) in FIXED_KEYS {
        lines.push(String::new());
        lines.push(title.to_string());
        for (keys, help) in entries {
            push_entry(&mut lines, (keys, help), column, layout);
        }
    }
    lines
}

/// Keys of the panels and the note editor, which the keymap does not cover.
const FIXED_KEYS: [(&str, &[(&str, &str)]); 2] = [
    (
        "In the annotation list (A)",
        &[
            ("/", "filter: tag:x color:x kind:x status:x or words"),
            ("enter", "jump to the annotation"),
            ("a t c x D", "note, tags, colour, open/resolved, delete"),
            ("y", "accept the new place (needs review)"),
            ("r", "re-attach to a new selection"),
            ("esc", "close"),
        ],
    ),
    (
        "In the note editor",
        &[
            ("ctrl-s", "save and close"),
            ("esc", "close (asks first if the note changed)"),
        ],
    ),
];

/// One key and what it does: side by side, or the description under the keys,
/// wrapped to the panel.
fn push_entry(lines: &mut Vec<String>, entry: (&str, &str), column: usize, layout: Layout) {
    let (keys, help) = entry;
    let wrapped = |indent: usize, cols: usize| {
        let width = cols.saturating_sub(indent).max(8);
        crate::layout::wrap::wrap(help, width, Default::default())
            .into_iter()
            .map(|row| help[row].trim_end().to_string())
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
pub fn help_max_scroll(app: &App) -> usize {
    let (inner_cols, inner_rows) = inner_size(panel_area(app, HELP_COLS));
    help_lines(app, inner_cols).len().saturating_sub(inner_rows)
}

pub fn draw_help(app: &App, frame: &mut Frame, theme: &Theme, scroll: usize) {
    let area = panel_area(app, HELP_COLS);
    let (inner_cols, inner_rows) = inner_size(area);
    let lines = help_lines(app, inner_cols);
    let scroll = scroll.min(lines.len().saturating_sub(inner_rows));
    let text: Vec<Line> = lines
        .iter()
        .skip(scroll)
        .map(|l| Line::raw(fit(l, inner_cols)))
        .collect();
    draw_panel(frame, area, " Keys (esc to close) ", text, theme);
}

pub fn draw_contents(app: &App, frame: &mut Frame, theme: &Theme, selected: usize) {
    let area = panel_area(app, 64);
    let (width, visible) = inner_size(area);
    let visible = visible.max(1);
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

/// An overlay's place: centred, at most `max_cols` wide, over the text (leaving a row of
/// it visible below when there is room).
fn panel_area(app: &App, max_cols: u16) -> Rect {
    let geometry = app.geometry;
    let width = geometry.cols.saturating_sub(2).min(max_cols).max(1);
    let height = if geometry.body_rows >= 8 {
        geometry.body_rows - 1
    } else {
        geometry.body_rows.max(1)
    };
    Rect::new((geometry.cols - width) / 2, 0, width, height.min(geometry.rows))
}

/// Columns and rows inside an overlay drawn in `area` (see `overlay_block`).
fn inner_size(area: Rect) -> (usize, usize) {
    let border = if super::is_bordered(area) { 2 } else { 0 };
    (
        usize::from(area.width.saturating_sub(border)),
        usize::from(area.height.saturating_sub(border)),
    )
}

fn draw_panel(frame: &mut Frame, area: Rect, title: &str, text: Vec<Line>, theme: &Theme) {
    let title = fit(title, usize::from(area.width.saturating_sub(2)));
    let block = super::overlay_block(area, Block::bordered().title(title), theme);
    super::clear_overlay(frame, area);
    frame.render_widget(Paragraph::new(text).block(block), area);
}
