//! The text column: the core's laid-out rows drawn cell by cell (never through ratatui's
//! `Paragraph` wrapping), with heading styles and search highlights.

use std::ops::Range;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::style::{Modifier, Style};

use crate::document::BlockKind;
use crate::layout::{Glyph, Look, PlacedGlyph};
use crate::markup::Mark;

use super::theme::{Theme, style_of};
use crate::tui::app::App;
use crate::tui::components::annotations::Placed;

/// What styles a glyph can take on, gathered once per frame.
struct Overlays<'a> {
    matches: &'a [Range<usize>],
    current: Option<Range<usize>>,
    selection: Option<Range<usize>>,
    /// On-screen annotations with their palette styles, and which one has the focus.
    annotations: Vec<(&'a Placed, Style)>,
    focus: Option<&'a str>,
}

pub fn draw(app: &App, buf: &mut Buffer, theme: &Theme) {
    let reader = app.reader();
    let geometry = reader.geometry;
    let source = reader.doc.text();
    let config = &app.settings().config;
    let overlays = Overlays {
        matches: &app.search().visible_matches,
        current: app.search().current_chars(reader),
        selection: app.selection().map(|s| s.range()),
        annotations: app
            .annotations()
            .store
            .overlapping(reader.screen_chars())
            .map(|p| (p, style_of(&config.highlight_style(&p.annotation.color))))
            .collect(),
        focus: app.annotations().focus.as_deref(),
    };
    draw_markers(app, buf, &overlays);
    for (y, row) in reader.text_rows() {
        let base = match row.layout.block.kind {
            BlockKind::Heading(1) => theme.chapter,
            BlockKind::Heading(_) => theme.heading,
            _ => theme.text,
        };
        let shown = row.layout.display.as_str(source);
        for placed in row.layout.glyphs(source, row.row) {
            let cols = placed.glyph.cols;
            if placed.col + cols > usize::from(geometry.text_cols) && placed.col > 0 {
                break;
            }
            let style = base
                .patch(mark_style(placed.mark))
                .patch(overlay_style(&placed, &overlays, theme));
            let x = geometry.text_x + placed.col as u16;
            let mut mirror = [0u8; 4];
            let cluster = match placed.mirrored {
                Some(c) => &*c.encode_utf8(&mut mirror),
                None => &shown[placed.glyph.byte..placed.glyph.end()],
            };
            draw_glyph(buf, (x, y), (&placed.glyph, cluster), style, theme);
        }
    }
}

/// How markup styles a glyph: with modifiers only, so that it reads without colour too.
fn mark_style(mark: Mark) -> Style {
    match mark {
        Mark::Plain => Style::default(),
        Mark::Emphasis => Style::default().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
        Mark::Strong => Style::default().add_modifier(Modifier::BOLD),
        Mark::Reading | Mark::Dim => Style::default().add_modifier(Modifier::DIM),
        Mark::Code => Style::default().add_modifier(Modifier::REVERSED),
        Mark::Link => Style::default().add_modifier(Modifier::UNDERLINED),
    }
}

/// The highlight of a glyph: annotation colour, then search matches, then the selection
/// on top; the focused annotation is also underlined.
fn overlay_style(placed: &PlacedGlyph, overlays: &Overlays, theme: &Theme) -> Style {
    let at = placed.char_offset;
    let mut style = Style::default();
    for (annotation, palette) in &overlays.annotations {
        if annotation.range.contains(&at) {
            style = style.patch(*palette);
            if overlays.focus == Some(annotation.annotation.id.as_str()) {
                style = style.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
            }
        }
    }
    if overlays.current.as_ref().is_some_and(|m| m.contains(&at)) {
        style = style.patch(theme.current_match);
    } else if overlays.matches.iter().any(|m| m.contains(&at)) {
        style = style.patch(theme.matched);
    }
    if overlays.selection.as_ref().is_some_and(|s| s.contains(&at)) {
        style = style.patch(theme.selection);
    }
    style
}

/// Margin markers: on the row where an annotation with a note (`*`) or a review mark
/// (`!` open, `~` resolved) starts, two columns left of the text.
fn draw_markers(app: &App, buf: &mut Buffer, overlays: &Overlays) {
    let geometry = app.reader().geometry;
    let Some(x) = geometry.text_x.checked_sub(2) else {
        return;
    };
    for (y, row) in app
        .reader()
        .screen
        .iter()
        .enumerate()
        .take(usize::from(geometry.body_rows))
    {
        let chars = row.chars();
        let marked = overlays
            .annotations
            .iter()
            .find(|(p, _)| chars.contains(&p.range.start) && p.marker().is_some());
        if let Some((placed, palette)) = marked {
            let mut bytes = [0u8; 4];
            let marker = placed.marker().unwrap_or('*').encode_utf8(&mut bytes);
            let style = Style::default().fg(palette.bg.unwrap_or(ratatui::style::Color::Reset));
            put(buf, (x, y as u16), marker, 1, style);
        }
    }
}

/// Draws a glyph (with its text, `cluster`) as it looks: text, blanks, a placeholder
/// picture or label, or nothing.
fn draw_glyph(
    buf: &mut Buffer,
    (x, y): (u16, u16),
    (glyph, cluster): (&Glyph, &str),
    style: Style,
    theme: &Theme,
) {
    let mut picture = [0u8; 4];
    let (symbol, style) = match glyph.look {
        Look::Text => (cluster, style),
        Look::Space | Look::Tab => (" ", style),
        Look::Picture(c) => (&*c.encode_utf8(&mut picture), style.patch(theme.placeholder)),
        Look::Label(label) => {
            let text = format!("⟨{label}⟩");
            put_text(buf, (x, y), &text, style.patch(theme.placeholder));
            return;
        }
        Look::Hidden => return,
        Look::Detached => {
            let text = format!("\u{a0}{cluster}");
            put(buf, (x, y), &text, 1, style);
            return;
        }
    };
    if glyph.look == Look::Space && cluster == "\u{3000}" && glyph.cols == 2 {
        // The ideographic space itself, so that copying from the screen gives the file's text.
        put(buf, (x, y), cluster, 2, style);
    } else if matches!(glyph.look, Look::Space | Look::Tab) {
        for i in 0..glyph.cols as u16 {
            put(buf, (x + i, y), " ", 1, style);
        }
    } else {
        put(buf, (x, y), symbol, glyph.cols, style);
    }
}

/// Writes one cell; the cells a wide glyph covers are marked so that they are never
/// drawn over it (needed when ambiguous-width characters are laid out two columns wide).
fn put(buf: &mut Buffer, (x, y): (u16, u16), symbol: &str, cols: usize, style: Style) {
    let area = buf.area;
    if y >= area.bottom() || x >= area.right() || x + cols as u16 > area.right() {
        return;
    }
    buf[(x, y)].set_symbol(symbol).set_style(style);
    for i in 1..cols as u16 {
        buf[(x + i, y)]
            .set_symbol(" ")
            .set_style(style)
            .set_diff_option(CellDiffOption::Skip);
    }
}

fn put_text(buf: &mut Buffer, (x, y): (u16, u16), text: &str, style: Style) {
    for (i, c) in text.chars().enumerate() {
        let mut bytes = [0u8; 4];
        put(buf, (x + i as u16, y), c.encode_utf8(&mut bytes), 1, style);
    }
}
