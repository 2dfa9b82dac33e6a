//! Reading the config's `[palette]` table into a `Palette` (the types live in
//! `crate::palette`).

use toml::de::DeValue;

use super::error::{hint, shown};
use super::table::{Entry, Parsed, Table};
use crate::palette::{BadColor, Color, Palette, PaletteEntry, Style};

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
    if entries.is_empty() {
        entries = Palette::default().entries().to_vec();
    }
    let mut default_index = 0;
    if let Some(entry) = table.get("default_color") {
        let name = table.as_str(entry)?;
        default_index = entries
            .iter()
            .position(|candidate| candidate.name == name)
            .ok_or_else(|| {
                let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
                let reason = format!("\"{}\" is not in the palette{}", shown(name), hint(name, &names));
                table.bad_value(entry, reason)
            })?;
    }
    Ok(Palette::new(entries, default_index))
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
