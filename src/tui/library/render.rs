//! Drawing the library view; reads the state, changes nothing. One row per document:
//! progress, annotations, open review items, last opened, then the title and the path
//! (with what became of a file that is gone). Every string is cut to the screen's width
//! by display columns (CJK titles stay whole characters) and sanitised by the backend.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::state::{LibraryView, SearchPanel};
use crate::keys::{Action, KeyMode};
use crate::library::{Entry, Hit};
use crate::sanitize;
use crate::tui::keymap::Keymap;
use crate::tui::view::Theme;
use crate::tui::view::{fit, key_hints};

const COLUMNS: &str = "read  notes  open  last opened       ";

pub fn render(view: &LibraryView, keymap: &Keymap, theme: &Theme, frame: &mut Frame<'_>) {
    let area = frame.area();
    if area.height == 0 || area.width == 0 {
        return;
    }
    let cols = usize::from(area.width);
    let row = |y: u16| Rect::new(area.x, area.y + y, area.width, 1);
    if let Some(search) = &view.search {
        render_search(search, keymap, theme, frame);
        return;
    }
    let shown = view.visible.len();
    let mut heading = format!(" {} · {}", view.heading, count(shown, view.entries.len()));
    if view.listing {
        heading.push_str(" · listing…");
    }
    frame.render_widget(Paragraph::new(fit(&heading, cols)).style(theme.heading), row(0));
    if area.height >= 3 {
        let columns = format!(" {COLUMNS}title — path");
        frame.render_widget(
            Paragraph::new(fit(&columns, cols)).style(theme.text.add_modifier(Modifier::DIM)),
            row(1),
        );
    }
    let first_row = if area.height >= 3 { 2 } else { 1 };
    let list_rows = area.height.saturating_sub(first_row + 1);
    for (offset, &index) in view
        .visible
        .iter()
        .skip(view.top)
        .take(usize::from(list_rows))
        .enumerate()
    {
        let y = first_row + offset as u16;
        let selected = view.top + offset == view.selected;
        let line = entry_line(&view.entries[index], cols, theme, selected);
        frame.render_widget(Paragraph::new(line), row(y));
    }
    if shown == 0 && list_rows > 0 {
        let empty = match (view.entries.is_empty(), view.listing) {
            (_, true) => " looking for documents…",
            (true, false) => {
                " no documents yet: open one with margent FILE, or show a folder with margent DIR"
            }
            (false, false) => " nothing matches the filter",
        };
        frame.render_widget(Paragraph::new(fit(empty, cols)), row(first_row));
    }
    if area.height >= 2 {
        let (text, style) = status_text(view, keymap, theme);
        frame.render_widget(
            Paragraph::new(fit(&text, cols)).style(style),
            row(area.height - 1),
        );
    }
}

fn count(shown: usize, total: usize) -> String {
    let noun = if total == 1 { "document" } else { "documents" };
    if shown == total {
        format!("{total} {noun}")
    } else {
        format!("{shown} of {total} {noun}")
    }
}

fn entry_line(entry: &Entry, cols: usize, theme: &Theme, selected: bool) -> Line<'static> {
    let base = if selected {
        theme.panel_selected
    } else {
        theme.panel
    };
    let numbers = format!(
        " {:>3}%  {:>5}  {:>4}  {:<16}  ",
        entry.progress,
        entry.annotations,
        entry.counts.open,
        entry.last_opened_text()
    );
    let numbers = fit(&numbers, cols);
    let left = cols.saturating_sub(numbers.width());
    let title = fit(&sanitize::inline(&entry.title), left);
    let left = left.saturating_sub(title.width());
    let mut path = sanitize::inline(&entry.path.display().to_string()).into_owned();
    if !entry.state.label().is_empty() {
        path = format!("({}) {path}", entry.state.label());
    }
    if entry.sidecar_error.is_some() {
        path = format!("(sidecar damaged) {path}");
    }
    let path = if left > 3 {
        fit(&format!(" — {path}"), left)
    } else {
        String::new()
    };
    let mut spans = vec![Span::styled(numbers, base), Span::styled(title, base)];
    spans.push(Span::styled(path, base.add_modifier(Modifier::DIM)));
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    if selected && used < cols {
        spans.push(Span::styled(" ".repeat(cols - used), base));
    }
    Line::from(spans)
}

fn status_text(view: &LibraryView, keymap: &Keymap, theme: &Theme) -> (String, ratatui::style::Style) {
    if view.filtering {
        return (format!("/{}▏", sanitize::inline(&view.filter)), theme.status);
    }
    if let Some(message) = &view.message {
        return (format!(" {}", sanitize::inline(message)), theme.status);
    }
    let hints = key_hints(
        keymap,
        KeyMode::Library,
        &[
            (Action::OpenDocument, "open"),
            (Action::FilterList, "filter"),
            (Action::ForgetDocument, "forget"),
            (Action::Quit, "quit"),
        ],
    );
    let filter = if view.filter.is_empty() {
        String::new()
    } else {
        format!(" filter: {} ·", sanitize::inline(&view.filter))
    };
    (format!("{filter} {hints}"), theme.status)
}

/// The search across the library: one row per match, its document's title, the
/// section and the snippet; the query prompt (or the keys) on the last row.
fn render_search(search: &SearchPanel, keymap: &Keymap, theme: &Theme, frame: &mut Frame<'_>) {
    let area = frame.area();
    let cols = usize::from(area.width);
    let row = |y: u16| Rect::new(area.x, area.y + y, area.width, 1);
    let found = match search.hits.len() {
        1 => "1 match".to_string(),
        n => format!("{n} matches"),
    };
    let heading = format!(" Search the library · {found}");
    frame.render_widget(Paragraph::new(fit(&heading, cols)).style(theme.heading), row(0));
    let list_rows = area.height.saturating_sub(2);
    for (offset, hit) in search
        .hits
        .iter()
        .skip(search.top)
        .take(usize::from(list_rows))
        .enumerate()
    {
        let selected = search.top + offset == search.selected;
        frame.render_widget(
            Paragraph::new(hit_line(hit, cols, theme, selected)),
            row(1 + offset as u16),
        );
    }
    if area.height >= 2 {
        let text = if search.typing {
            format!("search: {}▏", sanitize::inline(&search.query))
        } else {
            let hints = key_hints(
                keymap,
                KeyMode::Library,
                &[
                    (Action::OpenDocument, "open at the passage"),
                    (Action::SearchLibrary, "search again"),
                    (Action::Quit, "back"),
                ],
            );
            format!(" {hints}")
        };
        frame.render_widget(
            Paragraph::new(fit(&text, cols)).style(theme.status),
            row(area.height - 1),
        );
    }
}

fn hit_line(hit: &Hit, cols: usize, theme: &Theme, selected: bool) -> Line<'static> {
    let base = if selected {
        theme.panel_selected
    } else {
        theme.panel
    };
    // Titles in a column of their own, a third of the screen (at most 32 columns).
    let column = (cols / 3).min(32);
    let mut title = fit(&format!(" {}", sanitize::inline(&hit.title)), column);
    title.push_str(&" ".repeat(column.saturating_sub(title.width())));
    let left = cols.saturating_sub(title.width());
    let section = hit
        .section
        .as_deref()
        .map_or_else(String::new, |s| format!("{} · ", sanitize::inline(s)));
    let rest = fit(&format!("  {section}{}", sanitize::inline(&hit.snippet)), left);
    let mut spans = vec![
        Span::styled(title, base.add_modifier(Modifier::BOLD)),
        Span::styled(rest, base),
    ];
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    if selected && used < cols {
        spans.push(Span::styled(" ".repeat(cols - used), base));
    }
    Line::from(spans)
}
