//! Reading the config's `[palette]` table into a `Palette` (the types live in
//! `crate::palette`): serde reads each colour's table; `resolve` puts them in the file's
//! order and checks `default_color` against them.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use toml::Spanned;

use super::error::{Fault, hint, shown};
use super::sections::{Word, word};
use crate::palette::{Color, Palette, PaletteEntry, Style};

/// `[palette]` as written: `default_color` and the colours, each with where its name is.
#[derive(Default)]
pub(crate) struct PaletteFile {
    default_color: Option<Spanned<String>>,
    entries: Vec<(usize, PaletteEntry)>,
}

impl PaletteFile {
    /// Colours defined in the file replace the default palette as a whole (so the
    /// file's order is the cycling order and a colour left out is gone);
    /// `default_color` defaults to the first colour.
    pub(crate) fn resolve(mut self) -> Result<Palette, Fault> {
        // toml hands tables out sorted by name; people wrote them in an order.
        self.entries.sort_by_key(|(name_at, _)| *name_at);
        let mut entries: Vec<PaletteEntry> = self.entries.into_iter().map(|(_, entry)| entry).collect();
        if entries.is_empty() {
            entries = Palette::default().entries().to_vec();
        }
        let default_index = match self.default_color {
            None => 0,
            Some(name) => entries
                .iter()
                .position(|entry| entry.name == *name.get_ref())
                .ok_or_else(|| not_in_palette(&name, &entries))?,
        };
        Ok(Palette::new(entries, default_index))
    }
}

fn not_in_palette(name: &Spanned<String>, entries: &[PaletteEntry]) -> Fault {
    let names: Vec<&str> = entries.iter().map(|entry| entry.name.as_str()).collect();
    let name_text = name.get_ref();
    let reason = format!(
        "\"{}\" is not in the palette{}",
        shown(name_text),
        hint(name_text, &names)
    );
    Fault::bad_value(name.span(), reason)
}

impl<'de> Deserialize<'de> for PaletteFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PaletteVisitor)
    }
}

struct PaletteVisitor;

impl<'de> Visitor<'de> for PaletteVisitor {
    type Value = PaletteFile;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PaletteFile, A::Error> {
        let mut palette = PaletteFile::default();
        while let Some(name) = map.next_key::<Spanned<ColorName>>()? {
            let name_at = name.span().start;
            let ColorName(name) = name.into_inner();
            if name == "default_color" {
                palette.default_color = Some(map.next_value()?);
            } else {
                let entry: EntryFile = map.next_value()?;
                palette.entries.push((name_at, entry.into_entry(name)));
            }
        }
        Ok(palette)
    }
}

/// Palette names end up in sidecars and on the command line (`--color`): one word.
struct ColorName(String);

impl<'de> Deserialize<'de> for ColorName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        let clean = crate::sanitize::inline(&name);
        if name.is_empty() || clean != name || name.chars().any(char::is_whitespace) {
            let reason = "a colour name must be one word without control characters";
            return Err(de::Error::custom(reason));
        }
        Ok(ColorName(name))
    }
}

/// `[palette.<name>]`
#[derive(Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields, expecting = "a table")]
struct EntryFile {
    #[serde(deserialize_with = "color")]
    fg: Option<Color>,
    #[serde(deserialize_with = "color")]
    bg: Option<Color>,
    bold: bool,
    underline: bool,
    reverse: bool,
    italic: bool,
    no_color: Option<Attributes>,
}

/// A palette entry's `no_color` table.
#[derive(Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields, expecting = "a table")]
struct Attributes {
    bold: bool,
    underline: bool,
    reverse: bool,
    italic: bool,
}

impl EntryFile {
    fn into_entry(self, name: String) -> PaletteEntry {
        let style = Style {
            fg: self.fg,
            bg: self.bg,
            ..Style::attributes(self.bold, self.underline, self.reverse, self.italic)
        };
        let no_color = match self.no_color {
            Some(no) => Style::attributes(no.bold, no.underline, no.reverse, no.italic),
            // Without colours the entry's own attributes are all that is left to show.
            None if style.has_attributes() => Style {
                fg: None,
                bg: None,
                ..style
            },
            None => Style::attributes(false, true, false, false),
        };
        PaletteEntry {
            name,
            style,
            no_color,
        }
    }
}

/// A colour name, "#rrggbb" or a 256-colour number.
fn color<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Color>, D::Error> {
    match word(deserializer, "a colour name, a number 0-255 or \"#rrggbb\"")? {
        Word::Text(text) => text.parse().map(Some).map_err(de::Error::custom),
        Word::Number(index) => u8::try_from(index)
            .map(|index| Some(Color::Indexed(index)))
            .map_err(|_| de::Error::custom(format!("colour number {index} is not between 0 and 255"))),
    }
}
