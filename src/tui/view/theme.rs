//! The reader's styles, with and without colour (NO_COLOR): every distinction that
//! colour makes is also made by bold, underline or reverse video.

use ratatui::style::{Color, Modifier, Style};

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
                matched: plain.bg(Color::Yellow).fg(Color::Black),
                current_match: plain
                    .bg(Color::LightGreen)
                    .fg(Color::Black)
                    .add_modifier(Modifier::BOLD),
                status: plain.bg(Color::DarkGray).fg(Color::White),
                status_error: plain.bg(Color::Red).fg(Color::White).add_modifier(Modifier::BOLD),
                panel: plain,
                panel_selected: plain.add_modifier(Modifier::REVERSED),
            }
        } else {
            Theme {
                text: plain,
                heading: plain.add_modifier(Modifier::BOLD),
                chapter: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                placeholder: plain.add_modifier(Modifier::DIM),
                matched: plain.add_modifier(Modifier::UNDERLINED),
                current_match: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                status: plain.add_modifier(Modifier::REVERSED),
                status_error: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                panel: plain,
                panel_selected: plain.add_modifier(Modifier::REVERSED),
            }
        }
    }
}
