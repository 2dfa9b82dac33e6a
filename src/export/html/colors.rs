//! Palette colours on paper: a CSS class per palette entry (`mark.c-yellow`), with the
//! terminal colour turned into a light tint that dark text stays readable on. Named
//! ANSI colours get hand-picked highlighter tints; 256-colour indexes and `#rrggbb`
//! are used as they are, with white text on a dark background. Pure.

use std::fmt::Write;

use crate::palette::{Color, Palette, PaletteEntry};

/// `c-` and the name with anything but ASCII letters, digits, `-` and `_` as `_`.
pub(super) fn class_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("c-{safe}")
}

/// One CSS rule per palette entry.
pub(super) fn rules(palette: &Palette) -> String {
    let mut css = String::new();
    for entry in palette.entries() {
        let _ = writeln!(
            css,
            "mark.{} {{ {} }}",
            class_name(&entry.name),
            declarations(entry)
        );
    }
    css
}

fn declarations(entry: &PaletteEntry) -> String {
    let style = entry.style;
    let mut css = match style.bg.or(style.fg) {
        Some(color) => {
            let (r, g, b) = rgb(color);
            let text = if luminance(r, g, b) < 0.45 {
                "#fff"
            } else {
                "#1a1a1a"
            };
            format!("background: #{r:02x}{g:02x}{b:02x}; color: {text};")
        }
        None => "background: none;".to_string(),
    };
    let attributes = if style.bg.is_some() || style.fg.is_some() {
        style
    } else {
        entry.no_color
    };
    if attributes.bold {
        css.push_str(" font-weight: bold;");
    }
    if attributes.italic {
        css.push_str(" font-style: italic;");
    }
    if attributes.underline || (style.bg.is_none() && style.fg.is_none()) {
        css.push_str(" text-decoration: underline;");
    }
    css
}

/// A colour for paper: named colours as highlighter tints, the rest as given.
fn rgb(color: Color) -> (u8, u8, u8) {
    match color {
        Color::Black | Color::DarkGray => (0xcf, 0xd8, 0xdc),
        Color::Red | Color::LightRed => (0xff, 0xcd, 0xd2),
        Color::Green => (0xc8, 0xe6, 0xc9),
        Color::LightGreen => (0xdc, 0xed, 0xc8),
        Color::Yellow => (0xff, 0xf5, 0x9d),
        Color::LightYellow => (0xff, 0xf9, 0xc4),
        Color::Blue | Color::LightBlue => (0xbb, 0xde, 0xfb),
        Color::Magenta => (0xe1, 0xbe, 0xe7),
        Color::LightMagenta => (0xf8, 0xbb, 0xd0),
        Color::Cyan | Color::LightCyan => (0xb2, 0xeb, 0xf2),
        Color::Gray | Color::White => (0xee, 0xee, 0xee),
        Color::Indexed(index) => indexed(index),
        Color::Rgb(r, g, b) => (r, g, b),
    }
}

/// The xterm 256-colour palette (indexes below 16 are the named colours' tints).
fn indexed(index: u8) -> (u8, u8, u8) {
    const NAMED: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match index {
        0..=15 => rgb(NAMED[usize::from(index)]),
        16..=231 => {
            let cube = index - 16;
            (
                LEVELS[usize::from(cube / 36)],
                LEVELS[usize::from(cube / 6 % 6)],
                LEVELS[usize::from(cube % 6)],
            )
        }
        _ => {
            let level = 8 + 10 * (index - 232);
            (level, level, level)
        }
    }
}

/// Relative brightness from 0 (black) to 1 (white), by the Rec. 601 weights.
fn luminance(r: u8, g: u8, b: u8) -> f64 {
    (0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b)) / 255.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_are_css_identifiers() {
        assert_eq!(class_name("yellow"), "c-yellow");
        assert_eq!(class_name("my colour\"><"), "c-my_colour___");
    }

    #[test]
    fn the_default_palette_becomes_light_tints_with_dark_text() {
        let css = rules(&Palette::default());
        assert!(
            css.contains("mark.c-yellow { background: #fff59d; color: #1a1a1a; }"),
            "{css}"
        );
        assert_eq!(css.lines().count(), 5);
    }

    #[test]
    fn indexed_and_rgb_colours_are_used_as_given() {
        assert_eq!(indexed(196), (255, 0, 0));
        assert_eq!(indexed(244), (128, 128, 128));
        assert_eq!(rgb(Color::Rgb(1, 2, 3)), (1, 2, 3));
    }
}
