//! The highlight palette: named styles that annotations refer to by name (the sidecar
//! stores `color = "yellow"`, never an escape code). Core types only (`Color`, `Style`);
//! the TUI converts them to ratatui's and the HTML export to CSS. Each entry also has a
//! `no_color` style, used when colour is off, so the entries stay distinguishable under
//! `NO_COLOR`. Reading `[palette]` from the config is the config's business.

mod color;

pub use color::{BadColor, COLOR_NAMES, Color};

/// How a highlight looks: optional colours and text attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Style {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
    pub bold: bool,
    pub underline: bool,
    pub reverse: bool,
    pub italic: bool,
}

impl Style {
    pub const fn on(fg: Color, bg: Color) -> Style {
        Style {
            fg: Some(fg),
            bg: Some(bg),
            bold: false,
            underline: false,
            reverse: false,
            italic: false,
        }
    }

    pub const fn attributes(bold: bool, underline: bool, reverse: bool, italic: bool) -> Style {
        Style {
            fg: None,
            bg: None,
            bold,
            underline,
            reverse,
            italic,
        }
    }

    pub fn has_attributes(&self) -> bool {
        self.bold || self.underline || self.reverse || self.italic
    }
}

/// One named highlight style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaletteEntry {
    pub name: String,
    /// Used when colour is on.
    pub style: Style,
    /// Used when colour is off (`NO_COLOR`): attributes only.
    pub no_color: Style,
}

/// The highlight palette: at least one entry, names unique, in the order they cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    entries: Vec<PaletteEntry>,
    /// Index of the entry new highlights get.
    default_index: usize,
}

impl Default for Palette {
    fn default() -> Self {
        let entry = |name: &str, style: Style, no_color: Style| PaletteEntry {
            name: name.to_string(),
            style,
            no_color,
        };
        Palette {
            entries: vec![
                entry(
                    "yellow",
                    Style::on(Color::Black, Color::Yellow),
                    Style::attributes(false, true, false, false),
                ),
                entry(
                    "green",
                    Style::on(Color::Black, Color::Green),
                    Style::attributes(false, false, true, false),
                ),
                entry(
                    "blue",
                    Style::on(Color::Black, Color::LightBlue),
                    Style::attributes(true, true, false, false),
                ),
                entry(
                    "pink",
                    Style::on(Color::Black, Color::LightMagenta),
                    Style::attributes(false, true, false, true),
                ),
                entry(
                    "purple",
                    Style::on(Color::White, Color::Magenta),
                    Style::attributes(true, false, true, false),
                ),
            ],
            default_index: 0,
        }
    }
}

impl Palette {
    /// The entries in cycling order.
    pub fn entries(&self) -> &[PaletteEntry] {
        &self.entries
    }

    pub fn get(&self, name: &str) -> Option<&PaletteEntry> {
        self.entries.iter().find(|entry| entry.name == name)
    }

    /// The entry new highlights get (`default_color`).
    pub fn default_entry(&self) -> &PaletteEntry {
        &self.entries[self.default_index]
    }

    /// The entry after `name` in cycling order (wrapping); the default entry when
    /// `name` is not in the palette (say, a colour removed from the config).
    pub fn next_after(&self, name: &str) -> &PaletteEntry {
        match self.entries.iter().position(|entry| entry.name == name) {
            Some(index) => &self.entries[(index + 1) % self.entries.len()],
            None => self.default_entry(),
        }
    }

    /// A palette of `entries` (at least one, names unique) whose new highlights get
    /// the entry at `default_index`.
    pub fn new(entries: Vec<PaletteEntry>, default_index: usize) -> Palette {
        assert!(default_index < entries.len(), "a palette needs its default entry");
        Palette {
            entries,
            default_index,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_palette_has_five_entries_distinct_with_and_without_colour() {
        let palette = Palette::default();
        assert_eq!(palette.entries().len(), 5);
        assert_eq!(palette.default_entry().name, "yellow");
        for (i, a) in palette.entries().iter().enumerate() {
            assert!(a.no_color.fg.is_none() && a.no_color.bg.is_none());
            assert!(a.no_color.has_attributes(), "{} invisible without colour", a.name);
            for b in &palette.entries()[i + 1..] {
                assert_ne!(a.style, b.style, "{} and {}", a.name, b.name);
                assert_ne!(a.no_color, b.no_color, "{} and {}", a.name, b.name);
            }
        }
    }

    #[test]
    fn cycling_wraps_and_falls_back_to_the_default() {
        let palette = Palette::default();
        assert_eq!(palette.next_after("yellow").name, "green");
        assert_eq!(palette.next_after("purple").name, "yellow");
        assert_eq!(palette.next_after("no-such-colour").name, "yellow");
    }
}
