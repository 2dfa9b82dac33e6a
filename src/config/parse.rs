//! Config text → `Config`: serde deserialises the sections (`sections`, `palette`,
//! `keymap`), then the checks that need more than one value run on their spans
//! (`resolve`). Every error becomes a `ParseError` at its line and column, naming the
//! key and its table (`diagnose`). Pure; no IO.

use serde::Deserialize;
use toml::de::DeTable;

use super::diagnose;
use super::error::{Fault, ParseError};
use super::keymap::KeysFile;
use super::palette::PaletteFile;
use super::{Config, ExportConfig, ReaderConfig, SidecarConfig, TagsConfig};

pub(crate) fn parse(text: &str) -> Result<Config, ParseError> {
    let document = DeTable::parse(text).map_err(|err| diagnose::syntax_error(text, &err))?;
    ConfigFile::deserialize(toml::de::Deserializer::from(document.clone()))
        .map_err(|err| diagnose::serde_fault(&err))
        .and_then(ConfigFile::resolve)
        .map_err(|fault| diagnose::locate(text, document.get_ref(), fault))
}

/// The file as written: the plain sections are already what `Config` holds; the
/// palette and the keys still need their checks.
#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields, expecting = "a table")]
struct ConfigFile {
    reader: ReaderConfig,
    palette: PaletteFile,
    tags: TagsConfig,
    sidecar: SidecarConfig,
    export: ExportConfig,
    keys: KeysFile,
}

impl ConfigFile {
    fn resolve(self) -> Result<Config, Fault> {
        Ok(Config {
            reader: self.reader,
            palette: self.palette.resolve()?,
            tags: self.tags,
            sidecar: self.sidecar,
            export: self.export,
            keys: self.keys.resolve()?,
            color_enabled: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, SidecarLocation};
    use crate::export::Format as ExportFormat;
    use crate::keys::{Action, KeyMode};
    use crate::layout::width::AmbiguousWidth;

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
    fn the_reading_position_is_kept_in_the_state_folder_unless_asked_otherwise() {
        use crate::position::PositionPlace;
        assert_eq!(parse("").unwrap().reader.position, PositionPlace::State);
        let config = parse("[reader]\nposition = \"sidecar\"\n").unwrap();
        assert_eq!(config.reader.position, PositionPlace::Sidecar);
        assert_eq!(
            error("[reader]\nposition = \"sidecars\"\n"),
            "2:12: \"position\" in [reader]: unknown value \"sidecars\" (did you mean \"sidecar\"?)"
        );
    }

    #[test]
    fn choices_are_checked_with_suggestions() {
        assert_eq!(
            error("[sidecar]\nlocation = \"besides\"\n"),
            "2:12: \"location\" in [sidecar]: unknown value \"besides\" (did you mean \"beside\"?)"
        );
        assert!(
            error("[export]\nformat = 'pdf'\n")
                .contains("(expected one of: md, org, json, csv, w3c, html, anki)")
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

    #[test]
    fn a_wrong_type_points_at_the_value_or_the_array_item() {
        assert_eq!(
            error("[reader]\nmeasure = \"wide\"\n"),
            "2:11: \"measure\" in [reader] must be an integer, not a string"
        );
        assert_eq!(
            error("[keys.normal]\nscroll_up = ['k', 3]\n"),
            "2:19: \"scroll_up\" in [keys.normal] must be a string, not an integer"
        );
        assert_eq!(
            error("[palette.red]\nno_color = { blink = true }\n"),
            "2:14: unknown key \"blink\" in [palette.red.no_color] \
             (expected one of: bold, underline, reverse, italic)"
        );
    }

    #[test]
    fn tables_keep_the_files_order_not_tomls_sorted_one() {
        let config = parse("[palette.zinc]\nbg = 'gray'\n[palette.amber]\nbg = 'yellow'\n").unwrap();
        let names: Vec<&str> = config.palette.entries().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["zinc", "amber"]);
        let config = parse("[keys.select]\nscroll_up = 'K'\nquit = 'Q'\n").unwrap();
        let added: Vec<Action> = config
            .bindings(KeyMode::Select)
            .iter()
            .rev()
            .take(2)
            .map(|(a, _)| *a)
            .collect();
        assert_eq!(added, [Action::Quit, Action::ScrollUp]);
    }

    #[test]
    fn a_normal_mode_left_without_quit_is_refused() {
        assert_eq!(
            error("[keys.normal]\nquit = []\n"),
            "2:8: \"quit\" in [keys.normal]: must keep at least one key, or nothing ends the reader"
        );
        assert_eq!(
            error("[keys.normal]\nscroll_down = ['q']\nscroll_up = 'Q'\n"),
            "3:13: \"scroll_up\" in [keys.normal]: takes \"Q\", the last key of \"quit\"; \
             give \"quit\" another key, or nothing ends the reader"
        );
        assert!(parse("[keys.normal]\nquit = 'x'\n[keys.select]\nquit = []\n").is_ok());
    }
}
