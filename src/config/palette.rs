//! The highlight palette: named styles that annotations refer to by name (the sidecar
//! stores `color = "yellow"`, never an escape code). Core types only (`Color`, `Style`);
//! the TUI converts them to ratatui's. Each entry also has a `no_color` style, used when
//! colour is off, so the entries stay distinguishable under `NO_COLOR`.

use toml::de::DeValue;

use super::color::{BadColor, Color};
use super::error::{hint, shown};
use super::table::{Entry, Parsed, Table};

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
    const fn on(fg: Color, bg: Color) -> Style {
        Style {
            fg: Some(fg),
            bg: Some(bg),
            bold: false,
            underline: false,
            reverse: false,
            italic: false,
        }
    }

    const fn attributes(bold: bool, underline: bool, reverse: bool, italic: bool) -> Style {
        Style {
            fg: None,
            bg: None,
            bold,
            underline,
            reverse,
            italic,
        }
    }

    fn has_attributes(&self) -> bool {
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

    /// Reads `[palette]`. Colours defined there replace the default palette as a whole
    /// (so the file's order is the cycling order and a colour left out is gone);
    /// `default_color` defaults to the first colour.
    pub(crate) fn parse(table: &Table<'_, '_>) -> Parsed<Palette> {
        let mut entries = Vec::new();
        for entry in table
            .entries()
            .iter()
            .filter(|entry| entry.key != "default_color")
        {
            check_name(table, entry)?;
            entries.push(parse_entry(&table.as_table(entry)?, entry.key)?);
        }
        let mut palette = if entries.is_empty() {
            Palette::default()
        } else {
            Palette {
                entries,
                default_index: 0,
            }
        };
        if let Some(entry) = table.get("default_color") {
            let name = table.as_str(entry)?;
            palette.default_index = palette
                .entries
                .iter()
                .position(|candidate| candidate.name == name)
                .ok_or_else(|| {
                    let names: Vec<&str> = palette.entries.iter().map(|e| e.name.as_str()).collect();
                    let reason = format!("\"{}\" is not in the palette{}", shown(name), hint(name, &names));
                    table.bad_value(entry, reason)
                })?;
        }
        Ok(palette)
    }
}

/// Palette names end up in sidecars and on the command line (`--color`): one word.
fn check_name(table: &Table<'_, '_>, entry: &Entry<'_, '_>) -> Parsed<()> {
    let clean = crate::sanitize::inline(entry.key);
    if entry.key.is_empty() || clean != entry.key || entry.key.chars().any(char::is_whitespace) {
        let reason = "a colour name must be one word without control characters".to_string();
        return Err(table.bad_value_at(entry, entry.key_span.clone(), reason));
    }
    Ok(())
}

const ATTRIBUTES: [&str; 4] = ["bold", "underline", "reverse", "italic"];

fn parse_entry(table: &Table<'_, '_>, name: &str) -> Parsed<PaletteEntry> {
    table.allow_only(&["fg", "bg", "bold", "underline", "reverse", "italic", "no_color"])?;
    let mut style = parse_attributes(table)?;
    style.fg = parse_color(table, "fg")?;
    style.bg = parse_color(table, "bg")?;
    let no_color = match table.table("no_color")? {
        Some(no_color) => {
            no_color.allow_only(&ATTRIBUTES)?;
            parse_attributes(&no_color)?
        }
        // Without colours the entry's own attributes are all that is left to show.
        None if style.has_attributes() => Style {
            fg: None,
            bg: None,
            ..style
        },
        None => Style::attributes(false, true, false, false),
    };
    Ok(PaletteEntry {
        name: name.to_string(),
        style,
        no_color,
    })
}

fn parse_attributes(table: &Table<'_, '_>) -> Parsed<Style> {
    let flag = |key: &str| table.get(key).map(|entry| table.as_bool(entry)).transpose();
    Ok(Style::attributes(
        flag("bold")?.unwrap_or(false),
        flag("underline")?.unwrap_or(false),
        flag("reverse")?.unwrap_or(false),
        flag("italic")?.unwrap_or(false),
    ))
}

fn parse_color(table: &Table<'_, '_>, key: &str) -> Parsed<Option<Color>> {
    let Some(entry) = table.get(key) else {
        return Ok(None);
    };
    match entry.value {
        DeValue::String(word) => word
            .parse()
            .map(Some)
            .map_err(|err: BadColor| table.bad_value(entry, err.to_string())),
        DeValue::Integer(_) => {
            let index = table.as_integer(entry)?;
            u8::try_from(index)
                .map(|index| Some(Color::Indexed(index)))
                .map_err(|_| {
                    table.bad_value(entry, format!("colour number {index} is not between 0 and 255"))
                })
        }
        other => Err(table.wrong_type(entry, "a colour name, a number 0-255 or \"#rrggbb\"", other)),
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
