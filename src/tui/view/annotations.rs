//! Drawing annotation work: the annotation list panel and the note editor.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::theme::{Theme, style_of};
use super::{fit, key_hints};
use crate::annotation::{Kind, Status};
use crate::keys::{Action, KeyMode};
use crate::sanitize;
use crate::tui::app::App;
use crate::tui::components::annotations::Placed;
use crate::tui::components::editor::{NoteEditor, Target};
use crate::tui::components::list::{self, AnnotationList};

pub fn draw_list(app: &App, frame: &mut Frame, theme: &Theme, state: &AnnotationList) {
    let geometry = app.reader().geometry;
    let width = geometry.cols.saturating_sub(2).clamp(1, 100);
    let area = Rect::new((geometry.cols - width) / 2, 0, width, geometry.body_rows.max(1));
    let bordered = super::is_bordered(area);
    let inner_cols = usize::from(width.saturating_sub(if bordered { 2 } else { 0 }));
    let entries = list::entries(&app.annotations().store, &state.filter);
    // A tiny terminal shows entries rather than the hint about filtering.
    let show_filter = bordered || state.editing_filter || !state.filter.is_empty();
    let mut lines: Vec<Line> = Vec::new();
    if show_filter {
        lines.push(Line::raw(fit(&filter_line(state), inner_cols)));
    }
    let header_rows = if bordered { 4 } else { u16::from(show_filter) };
    let visible = usize::from(area.height.saturating_sub(header_rows)).max(1);
    let shown = Shown {
        first: state
            .selected
            .saturating_sub(visible / 2)
            .min(entries.len().saturating_sub(visible)),
        count: visible,
        cols: inner_cols,
    };
    lines.extend(entry_lines(app, &entries, state, shown, theme));
    let keymap = &app.settings().keymap;
    let block = Block::bordered()
        .title(fit(&format!(" Annotations ({}) ", entries.len()), inner_cols))
        .title_bottom(fit(
            &format!(" {} ", key_hints(keymap, KeyMode::List, &LIST_HINTS)),
            inner_cols,
        ));
    let block = super::overlay_block(area, block, theme);
    super::clear_overlay(frame, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The keys named at the bottom of the list.
const LIST_HINTS: [(Action, &str); 7] = [
    (Action::JumpToEntry, "jump"),
    (Action::EditNote, "note"),
    (Action::EditTags, "tags"),
    (Action::CycleColor, "colour"),
    (Action::ToggleStatus, "status"),
    (Action::DeleteAnnotation, "delete"),
    (Action::Close, ""),
];

/// The keys named above the entries that need review.
const REVIEW_HINTS: [(Action, &str); 3] = [
    (Action::AcceptAnchoring, "accept"),
    (Action::Reattach, "re-attach"),
    (Action::DeleteAnnotation, "delete"),
];

/// Which entries fit in the panel, and how wide they may be.
#[derive(Clone, Copy)]
struct Shown {
    first: usize,
    count: usize,
    cols: usize,
}

fn filter_line(state: &AnnotationList) -> String {
    if state.editing_filter || !state.filter.is_empty() {
        let caret = if state.editing_filter { "▏" } else { "" };
        format!("Filter: {}{caret}", sanitize::inline(&state.filter))
    } else {
        "/ filter (tag:x color:x kind:x status:x words)".to_string()
    }
}

/// The entries shown, the selected one highlighted, those that need review under a
/// header of their own; or why there are none.
fn entry_lines<'a>(
    app: &App,
    entries: &[&Placed],
    state: &AnnotationList,
    shown: Shown,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut review_header_done = false;
    for (index, placed) in entries.iter().enumerate().skip(shown.first).take(shown.count) {
        if placed.needs_review() && !review_header_done {
            let hints = key_hints(&app.settings().keymap, KeyMode::List, &REVIEW_HINTS);
            lines.push(Line::raw(format!("── Needs review ({hints}) ──")));
            review_header_done = true;
        }
        let style = if index == state.selected {
            theme.panel_selected
        } else {
            theme.panel
        };
        // The annotation's colour: a swatch with its palette look.
        let config = &app.settings().config;
        let swatch = style_of(&config.highlight_style(&placed.annotation.color));
        lines.push(Line::from(vec![
            Span::styled("  ", swatch),
            Span::styled(" ", style),
            Span::styled(fit(&entry_text(app, placed), shown.cols.saturating_sub(3)), style),
        ]));
    }
    if entries.is_empty() {
        let annotations = app.annotations();
        lines.push(Line::raw(if !annotations.ready {
            "Anchoring annotations…"
        } else if !state.filter.is_empty() && !annotations.store.all().is_empty() {
            "No annotation matches the filter"
        } else {
            "No annotations (select text with v, then enter, a or t)"
        }));
    }
    lines
}

/// One line of the list: where, what, tags, the quote and the note.
fn entry_text(app: &App, placed: &Placed) -> String {
    let annotation = &placed.annotation;
    let total = app.reader().doc.len_chars().max(1);
    let percent = placed.range.start.min(total) * 100 / total;
    let kind = match (annotation.kind, annotation.status) {
        (Kind::Mark, status) => format!("mark:{status}"),
        (kind, Status::Resolved) => format!("{kind}:resolved"),
        (kind, Status::Open) => kind.to_string(),
    };
    let anchoring = if placed.needs_review() {
        format!(" [{}]", placed.status)
    } else {
        String::new()
    };
    let tags: String = annotation
        .tags
        .iter()
        .map(|t| format!(" #{}", sanitize::inline(t)))
        .collect();
    let quote = first_line(&annotation.exact, 40);
    let note = if annotation.note.is_empty() {
        String::new()
    } else {
        format!(" — {}", first_line(&annotation.note, 60))
    };
    format!("{percent:>3}% {kind}{anchoring}{tags} “{quote}”{note}")
}

fn first_line(text: &str, max_chars: usize) -> String {
    sanitize::inline(&crate::text::excerpt::excerpt(text, max_chars)).into_owned()
}

pub fn draw_note_editor(app: &App, frame: &mut Frame, theme: &Theme, editor: &NoteEditor) {
    let geometry = app.reader().geometry;
    let width = (geometry.text_cols + 4).min(geometry.cols).max(1);
    let height = geometry.body_rows.clamp(1, 10);
    let area = Rect::new(
        (geometry.cols - width) / 2,
        geometry.body_rows.saturating_sub(height),
        width,
        height,
    );
    let quote = match &editor.target {
        Target::Selection(range) => first_line(app.reader().slice(range), 30),
        Target::Annotation(id) => app
            .annotations()
            .store
            .get(id)
            .map_or_else(String::new, |p| first_line(&p.annotation.exact, 30)),
    };
    let inner_cols = usize::from(width.saturating_sub(2));
    let block = Block::bordered()
        .title(fit(&format!(" Note on “{quote}” "), inner_cols))
        .title_bottom(fit(" ctrl-s save · esc cancel ", inner_cols));
    let block = super::overlay_block(area, block, theme);
    let inner = block.inner(area);
    super::clear_overlay(frame, area);
    frame.render_widget(block, area);
    frame.render_widget(&editor.textarea, inner);
    // The terminal's cursor at the caret, so that an input method's window follows it.
    let cursor = editor.textarea.screen_cursor();
    let (scroll_row, scroll_col) = editor.textarea.scroll_offset();
    let x = inner.x + (cursor.col as u16).saturating_sub(scroll_col);
    let y = inner.y + (cursor.row as u16).saturating_sub(scroll_row);
    if inner.contains(Position::new(x, y)) {
        frame.set_cursor_position(Position::new(x, y));
    }
}
