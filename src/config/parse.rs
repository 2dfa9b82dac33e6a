//! Config text → `Config`: walks the TOML tables with their spans, starting from the
//! defaults and overriding what the file sets. Every unknown key, wrong type or bad
//! value becomes a `ParseError` at its line and column. Pure; no IO.

use toml::de::{DeTable, DeValue};

use crate::export::Format as ExportFormat;
use crate::layout::width::AmbiguousWidth;

use super::error::{ParseError, Problem, hint, shown};
use super::keymap::KeysConfig;
use super::palette;
use super::table::{Entry, Parsed, Table};
use super::{Config, MIN_MEASURE, ReaderConfig, SidecarLocation, TagsConfig};

pub(crate) fn parse(text: &str) -> Result<Config, ParseError> {
    let document = DeTable::parse(text).map_err(|err| syntax_error(text, &err))?;
    parse_root(&Table::root(document.get_ref()))
        .map_err(|fault| ParseError::at(text, fault.span.start, fault.problem))
}

/// toml's own message, one line, without the quoted source line its `Display` adds.
fn syntax_error(text: &str, err: &toml::de::Error) -> ParseError {
    let span = err.span().unwrap_or(0..0);
    let mut message = crate::sanitize::inline(err.message()).into_owned();
    // "duplicate key" points at the key: name it.
    if let Some(key) = text.get(span.clone()).filter(|key| !key.is_empty())
        && message == "duplicate key"
    {
        message = format!("duplicate key {}", quoted(key));
    }
    ParseError::at(text, span.start, Problem::Syntax(message))
}

/// A key as written, quoted once: `name` → "name", `"a b"` stays "a b".
fn quoted(key: &str) -> String {
    let bare = key.trim_matches(|c| c == '"' || c == '\'');
    format!("\"{}\"", shown(bare))
}

fn parse_root(root: &Table<'_, '_>) -> Parsed<Config> {
    root.allow_only(&["reader", "palette", "tags", "sidecar", "export", "keys"])?;
    let mut config = Config::default();
    if let Some(table) = root.table("reader")? {
        config.reader = parse_reader(&table)?;
    }
    if let Some(table) = root.table("palette")? {
        config.palette = palette::parse(&table)?;
    }
    if let Some(table) = root.table("tags")? {
        config.tags = parse_tags(&table)?;
    }
    if let Some(table) = root.table("sidecar")? {
        table.allow_only(&["location"])?;
        if let Some(entry) = table.get("location") {
            config.sidecar.location = parse_location(&table, entry)?;
        }
    }
    if let Some(table) = root.table("export")? {
        table.allow_only(&["format"])?;
        if let Some(entry) = table.get("format") {
            config.export.format = parse_export_format(&table, entry)?;
        }
    }
    if let Some(table) = root.table("keys")? {
        config.keys = KeysConfig::parse(&table)?;
    }
    Ok(config)
}

fn parse_reader(table: &Table<'_, '_>) -> Parsed<ReaderConfig> {
    table.allow_only(&["measure", "ambiguous_width", "mouse", "reading_speed", "author"])?;
    let mut reader = ReaderConfig::default();
    if let Some(entry) = table.get("measure") {
        let measure = table.as_integer(entry)?;
        reader.measure = u16::try_from(measure)
            .ok()
            .filter(|&measure| measure >= MIN_MEASURE)
            .ok_or_else(|| {
                let reason = format!("must be between {MIN_MEASURE} and {} (found {measure})", u16::MAX);
                table.bad_value(entry, reason)
            })?;
    }
    if let Some(entry) = table.get("ambiguous_width") {
        reader.ambiguous_width = match table.as_integer(entry)? {
            1 => AmbiguousWidth::Narrow,
            2 => AmbiguousWidth::Wide,
            other => return Err(table.bad_value(entry, format!("must be 1 or 2 (found {other})"))),
        };
    }
    if let Some(entry) = table.get("mouse") {
        reader.mouse = table.as_bool(entry)?;
    }
    if let Some(entry) = table.get("reading_speed") {
        reader.reading_speed = parse_reading_speed(table, entry)?;
    }
    if let Some(entry) = table.get("author") {
        let author = table.as_str(entry)?;
        check_one_line(table, entry, author)?;
        reader.author = Some(author.to_string()).filter(|author| !author.is_empty());
    }
    Ok(reader)
}

/// `"auto"` or a positive number of characters per minute.
fn parse_reading_speed(table: &Table<'_, '_>, entry: &Entry<'_, '_>) -> Parsed<Option<u32>> {
    const EXPECTED: &str = "\"auto\" or a positive whole number";
    match entry.value {
        DeValue::String(word) if word == "auto" => Ok(None),
        DeValue::String(word) => {
            Err(table.bad_value(entry, format!("must be {EXPECTED} (found \"{}\")", shown(word))))
        }
        DeValue::Integer(_) => {
            let speed = table.as_integer(entry)?;
            let speed = u32::try_from(speed)
                .ok()
                .filter(|&speed| speed > 0)
                .ok_or_else(|| table.bad_value(entry, format!("must be {EXPECTED} (found {speed})")))?;
            Ok(Some(speed))
        }
        other => Err(table.wrong_type(entry, EXPECTED, other)),
    }
}

fn parse_tags(table: &Table<'_, '_>) -> Parsed<TagsConfig> {
    table.allow_only(&["quick"])?;
    let mut tags = TagsConfig::default();
    if let Some(entry) = table.get("quick") {
        let quick = table.as_table(entry)?;
        tags.quick.clear();
        for tag_entry in quick.entries() {
            let mut chars = tag_entry.key.chars();
            let key = match (chars.next(), chars.next()) {
                (Some(key), None) if !key.is_whitespace() && !key.is_control() => key,
                _ => {
                    let reason = "a quick-tag key must be a single character".to_string();
                    return Err(quick.bad_value_at(tag_entry, tag_entry.key_span.clone(), reason));
                }
            };
            let tag = quick.as_str(tag_entry)?;
            check_tag(&quick, tag_entry, tag)?;
            tags.quick.insert(key, tag.to_string());
        }
    }
    Ok(tags)
}

/// Tags are typed separated by spaces in the reader, so a tag is one word.
fn check_tag(table: &Table<'_, '_>, entry: &Entry<'_, '_>, tag: &str) -> Parsed<()> {
    if tag.is_empty() || tag.chars().any(char::is_whitespace) {
        return Err(table.bad_value(
            entry,
            format!("a tag must be one word (found \"{}\")", shown(tag)),
        ));
    }
    check_one_line(table, entry, tag)
}

fn check_one_line(table: &Table<'_, '_>, entry: &Entry<'_, '_>, text: &str) -> Parsed<()> {
    if crate::sanitize::inline(text) != text {
        return Err(table.bad_value(
            entry,
            "must not contain control or invisible characters".to_string(),
        ));
    }
    Ok(())
}

fn parse_location(table: &Table<'_, '_>, entry: &Entry<'_, '_>) -> Parsed<SidecarLocation> {
    const NAMES: [&str; 3] = ["auto", "beside", "data"];
    match table.as_str(entry)? {
        "auto" => Ok(SidecarLocation::Auto),
        "beside" => Ok(SidecarLocation::Beside),
        "data" => Ok(SidecarLocation::DataDir),
        other => Err(table.bad_value(entry, unknown_choice(other, &NAMES))),
    }
}

fn parse_export_format(table: &Table<'_, '_>, entry: &Entry<'_, '_>) -> Parsed<ExportFormat> {
    let word = table.as_str(entry)?;
    word.parse::<ExportFormat>().map_err(|_| {
        let names: Vec<&str> = ExportFormat::names().collect();
        table.bad_value(entry, unknown_choice(word, &names))
    })
}

fn unknown_choice(word: &str, choices: &[&str]) -> String {
    let mut reason = format!("unknown value \"{}\"", shown(word));
    match hint(word, choices) {
        near if near.starts_with(" (did") => reason.push_str(&near),
        _ => reason.push_str(&format!(" (expected one of: {})", choices.join(", "))),
    }
    reason
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn reader_settings_are_read() {
        let config = parse(
            "[reader]\nmeasure = 66\nambiguous_width = 2\nmouse = true\n\
             reading_speed = 900\nauthor = \"Ada\"\n",
        )
        .unwrap();
        assert_eq!(config.reader.measure, 66);
        assert_eq!(config.reader.ambiguous_width, AmbiguousWidth::Wide);
        assert!(config.reader.mouse);
        assert_eq!(config.reader.reading_speed, Some(900));
        assert_eq!(config.reader.author.as_deref(), Some("Ada"));
    }

    #[test]
    fn unknown_keys_are_named_with_their_place() {
        assert_eq!(
            error("[reader]\n\nmesure = 90\n"),
            "3:1: unknown key \"mesure\" in [reader] (did you mean \"measure\"?)"
        );
        assert!(error("colour = 1\n").starts_with("1:1: unknown key \"colour\" at the top level"));
        assert!(error("[sidecar]\nplace = 'data'\n").contains("(expected one of: location)"));
    }

    #[test]
    fn values_out_of_range_are_refused() {
        assert_eq!(
            error("[reader]\nmeasure = 10\n"),
            "2:11: \"measure\" in [reader]: must be between 20 and 65535 (found 10)"
        );
        assert!(error("[reader]\nambiguous_width = 3\n").contains("must be 1 or 2 (found 3)"));
        assert!(error("[reader]\nreading_speed = 0\n").contains("positive whole number"));
        assert!(
            error("[reader]\nreading_speed = 'fast'\n")
                .contains("must be \"auto\" or a positive whole number (found \"fast\")")
        );
        assert!(
            error("[reader]\nreading_speed = true\n")
                .ends_with("must be \"auto\" or a positive whole number, not a boolean")
        );
    }

    #[test]
    fn choices_are_checked_with_suggestions() {
        assert_eq!(
            error("[sidecar]\nlocation = \"besides\"\n"),
            "2:12: \"location\" in [sidecar]: unknown value \"besides\" (did you mean \"beside\"?)"
        );
        assert!(
            error("[export]\nformat = 'pdf'\n").contains("(expected one of: md, org, json, csv, w3c, html)")
        );
        let config = parse("[export]\nformat = 'w3c'\n[sidecar]\nlocation = 'data'\n").unwrap();
        assert_eq!(config.export.format, ExportFormat::W3c);
        assert_eq!(config.sidecar.location, SidecarLocation::DataDir);
    }

    #[test]
    fn quick_tags_replace_the_defaults() {
        let config = parse("[tags.quick]\nq = \"quote\"\n").unwrap();
        assert_eq!(
            config.tags.quick.into_iter().collect::<Vec<_>>(),
            [('q', "quote".to_string())]
        );
        assert!(error("[tags]\nquick = { 12 = 'x' }\n").contains("must be a single character"));
        assert!(error("[tags]\nquick = { 1 = 'two words' }\n").contains("a tag must be one word"));
    }

    #[test]
    fn syntax_errors_are_one_line_and_name_duplicate_keys() {
        assert_eq!(
            error("[reader]\nmouse = true\nmouse = false\n"),
            "3:1: duplicate key \"mouse\""
        );
        let message = error("[reader\n");
        assert!(message.starts_with("1:8: "), "{message}");
        assert!(!message.contains('\n'));
    }

    #[test]
    fn words_from_the_file_are_sanitised_in_messages() {
        let message = error("[reader]\n\"\\u001b[2Jx\" = 1\n");
        assert!(message.contains("unknown key \"␛[2Jx\""), "{message}");
        assert!(!message.chars().any(char::is_control));
        let message = error("[reader]\nauthor = \"a\\u0007\"\n");
        assert!(message.contains("control or invisible"), "{message}");
    }

    #[test]
    fn palette_entries_replace_the_default_palette() {
        let config =
            parse("[palette.red]\nbg = 'red'\n[palette.teal]\nbg = 30\nno_color = { bold = true }\n")
                .unwrap();
        let names: Vec<&str> = config.palette.entries().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["red", "teal"]);
        assert_eq!(config.palette.default_entry().name, "red");
        assert_ne!(config, Config::default());
    }
}
