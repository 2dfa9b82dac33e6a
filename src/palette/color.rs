//! Terminal colours as the config writes them: the 16 ANSI names ("light-blue"), a
//! 256-colour number, or "#rrggbb". A core type; the TUI converts it to ratatui's.

use std::fmt;
use std::str::FromStr;

use crate::sanitize::shown;
use crate::text::suggest::hint;

/// A terminal colour: one of the 16 ANSI colours by name, a 256-colour index, or RGB.
/// "gray" is the terminal's normal white (ANSI 7) and "white" its bright white (15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Color {
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
    Indexed(u8),
    Rgb(u8, u8, u8),
}

/// The colour names accepted in the config, in their written form.
pub const COLOR_NAMES: &[(&str, Color)] = &[
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark-gray", Color::DarkGray),
    ("light-red", Color::LightRed),
    ("light-green", Color::LightGreen),
    ("light-yellow", Color::LightYellow),
    ("light-blue", Color::LightBlue),
    ("light-magenta", Color::LightMagenta),
    ("light-cyan", Color::LightCyan),
    ("white", Color::White),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown colour \"{}\"{}", shown(.0), unknown_color_hint(.0))]
pub struct BadColor(pub String);

fn unknown_color_hint(word: &str) -> String {
    let names: Vec<&str> = COLOR_NAMES.iter().map(|(name, _)| *name).collect();
    match hint(&normalise_color_name(word), &names) {
        near if near.starts_with(" (did") => near,
        _ => " (use a name such as \"light-blue\", a number 0-255 or \"#rrggbb\")".to_string(),
    }
}

/// "Light_Blue", "lightblue", "bright-blue" and "light-blue" are the same colour;
/// "grey" is "gray".
fn normalise_color_name(word: &str) -> String {
    let squashed: String = word
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    let squashed = squashed.replace("grey", "gray");
    match squashed.strip_prefix("bright") {
        Some(rest) => format!("light{rest}"),
        None => squashed,
    }
}

impl FromStr for Color {
    type Err = BadColor;

    /// A colour name or "#rrggbb". (Numbers are TOML integers, read by the parser.)
    fn from_str(word: &str) -> Result<Self, Self::Err> {
        if let Some(hex) = word.strip_prefix('#') {
            return parse_hex(hex).ok_or_else(|| BadColor(word.to_string()));
        }
        let wanted = normalise_color_name(word);
        COLOR_NAMES
            .iter()
            .find(|(name, _)| name.replace('-', "") == wanted)
            .map(|(_, color)| *color)
            .ok_or_else(|| BadColor(word.to_string()))
    }
}

fn parse_hex(hex: &str) -> Option<Color> {
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).ok();
    Some(Color::Rgb(channel(0)?, channel(2)?, channel(4)?))
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Color::Indexed(index) => write!(f, "{index}"),
            Color::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
            named => {
                let name = COLOR_NAMES.iter().find(|(_, color)| color == named);
                f.write_str(name.map_or("?", |(name, _)| name))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_by_name_hex_and_alias() {
        assert_eq!("light-blue".parse(), Ok(Color::LightBlue));
        assert_eq!("Light_Blue".parse(), Ok(Color::LightBlue));
        assert_eq!("bright-blue".parse(), Ok(Color::LightBlue));
        assert_eq!("dark-grey".parse(), Ok(Color::DarkGray));
        assert_eq!("#FF8000".parse(), Ok(Color::Rgb(255, 128, 0)));
        assert!("#ff80".parse::<Color>().is_err());
        assert!("#ggggggg".parse::<Color>().is_err());
        assert!("mauve".parse::<Color>().is_err());
    }

    #[test]
    fn colours_print_as_they_are_written() {
        for (name, color) in COLOR_NAMES {
            assert_eq!(color.to_string(), *name);
            assert_eq!(name.parse(), Ok(*color));
        }
        assert_eq!(Color::Rgb(1, 2, 255).to_string(), "#0102ff");
        assert_eq!(Color::Indexed(208).to_string(), "208");
    }

    #[test]
    fn a_misspelt_colour_gets_a_suggestion() {
        let err = "yelow".parse::<Color>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown colour \"yelow\" (did you mean \"yellow\"?)"
        );
        let err = "mauve".parse::<Color>().unwrap_err();
        assert!(err.to_string().contains("#rrggbb"), "{err}");
    }
}
