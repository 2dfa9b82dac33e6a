//! The reader's styles, with and without colour (NO_COLOR): every distinction that
//! colour makes is also made by bold, underline or reverse video.

use ratatui::style::{Color, Modifier, Style};

use crate::config;

/// Search matches, with or without colour: reverse video and underlined, no colour of
/// their own, so that they never look like a highlight of any palette colour (a
/// highlight under a match shows its colour reversed) nor like the selection (reverse
/// video alone).
const SEARCH_MATCH: Style = Style::new().add_modifier(Modifier::REVERSED.union(Modifier::UNDERLINED));
/// The current match: as the others, and bold italic (no palette look has all four, so
/// it stands out on a highlight and in a bold heading too).
const CURRENT_MATCH: Style = Style::new().add_modifier(
    Modifier::REVERSED
        .union(Modifier::UNDERLINED)
        .union(Modifier::BOLD)
        .union(Modifier::ITALIC),
);

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub text: Style,
    pub heading: Style,
    pub chapter: Style,
    pub placeholder: Style,
    pub matched: Style,
    pub current_match: Style,
    pub status: Style,
    pub status_error: Style,
    pub panel: Style,
    pub panel_selected: Style,
    pub selection: Style,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        let plain = Style::default();
        if color {
            Theme {
                text: plain,
                heading: plain.add_modifier(Modifier::BOLD),
                chapter: plain.add_modifier(Modifier::BOLD).fg(Color::Cyan),
                placeholder: plain.fg(Color::Red).add_modifier(Modifier::DIM),
                matched: SEARCH_MATCH,
                current_match: CURRENT_MATCH,
                status: plain.bg(Color::DarkGray).fg(Color::White),
                status_error: plain.bg(Color::Red).fg(Color::White).add_modifier(Modifier::BOLD),
                panel: plain,
                panel_selected: plain.add_modifier(Modifier::REVERSED),
                selection: plain.add_modifier(Modifier::REVERSED),
            }
        } else {
            Theme {
                text: plain,
                heading: plain.add_modifier(Modifier::BOLD),
                chapter: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                placeholder: plain.add_modifier(Modifier::DIM),
                matched: SEARCH_MATCH,
                current_match: CURRENT_MATCH,
                status: plain.add_modifier(Modifier::REVERSED),
                status_error: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                panel: plain,
                panel_selected: plain.add_modifier(Modifier::REVERSED),
                selection: plain.add_modifier(Modifier::REVERSED),
            }
        }
    }
}

/// A palette style from the config as a terminal style.
pub fn style_of(style: &config::Style) -> Style {
    let mut out = Style::default();
    if let Some(fg) = style.fg {
        out = out.fg(color_of(fg));
    }
    if let Some(bg) = style.bg {
        out = out.bg(color_of(bg));
    }
    for (on, modifier) in [
        (style.bold, Modifier::BOLD),
        (style.underline, Modifier::UNDERLINED),
        (style.reverse, Modifier::REVERSED),
        (style.italic, Modifier::ITALIC),
    ] {
        if on {
            out = out.add_modifier(modifier);
        }
    }
    out
}

fn color_of(color: config::Color) -> Color {
    use config::Color as C;
    match color {
        C::Black => Color::Black,
        C::Red => Color::Red,
        C::Green => Color::Green,
        C::Yellow => Color::Yellow,
        C::Blue => Color::Blue,
        C::Magenta => Color::Magenta,
        C::Cyan => Color::Cyan,
        C::Gray => Color::Gray,
        C::DarkGray => Color::DarkGray,
        C::LightRed => Color::LightRed,
        C::LightGreen => Color::LightGreen,
        C::LightYellow => Color::LightYellow,
        C::LightBlue => Color::LightBlue,
        C::LightMagenta => Color::LightMagenta,
        C::LightCyan => Color::LightCyan,
        C::White => Color::White,
        C::Indexed(n) => Color::Indexed(n),
        C::Rgb(r, g, b) => Color::Rgb(r, g, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_matches_look_like_no_highlight_of_the_palette_nor_the_selection() {
        let palette = crate::config::Palette::default();
        for color in [true, false] {
            let theme = Theme::new(color);
            let looks: Vec<Style> = palette
                .entries()
                .iter()
                .map(|entry| style_of(if color { &entry.style } else { &entry.no_color }))
                .collect();
            for under in looks.iter().copied().chain([Style::default()]) {
                let matched = under.patch(theme.matched);
                let current = under.patch(theme.current_match);
                assert_ne!(matched, current, "on {under:?}");
                for shown in [matched, current] {
                    assert!(!looks.contains(&shown), "{shown:?} looks like a highlight");
                    assert_ne!(shown, theme.selection);
                }
            }
        }
    }
}
