//! The user's configuration: reader settings, highlight palette, quick tags, sidecar
//! location, export format and key bindings. The defaults are `config.example.toml`
//! (embedded below and tested to parse to `Config::default()`). Parsing is pure
//! (`from_toml_str`); only `load` reads files and the environment. No terminal code.

mod diagnose;
mod error;
mod keymap;
mod load;
mod palette;
mod parse;
mod sections;

use std::collections::HashMap;
use std::ffi::OsStr;

use crate::keys::{Action, KeyMode, KeySpec};
pub use crate::sidecar::SidecarLocation;

pub use crate::palette::{BadColor, COLOR_NAMES, Color, Palette, PaletteEntry, Style};
pub use error::{ConfigError, ParseError, Problem};
pub use keymap::{Bindings, KeysConfig};
pub use sections::{ExportConfig, Hyperlinks, ReaderConfig, SidecarConfig, TagsConfig};

/// The commented default configuration, as shipped at the top of the repository.
pub const EXAMPLE_TOML: &str = include_str!("../../config.example.toml");

/// The narrowest text column `measure` may ask for.
pub const MIN_MEASURE: u16 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub reader: ReaderConfig,
    pub palette: Palette,
    pub tags: TagsConfig,
    pub sidecar: SidecarConfig,
    pub export: ExportConfig,
    pub keys: KeysConfig,
    /// Off when `NO_COLOR` is set; not a config key (see `load`).
    color_enabled: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            reader: ReaderConfig::default(),
            palette: Palette::default(),
            tags: TagsConfig::default(),
            sidecar: SidecarConfig::default(),
            export: ExportConfig::default(),
            keys: KeysConfig::default(),
            color_enabled: true,
        }
    }
}

impl Config {
    /// Parses a config text. Pure: colour stays on whatever `NO_COLOR` says (see `load`).
    pub fn from_toml_str(text: &str) -> Result<Config, ParseError> {
        parse::parse(text)
    }

    /// Whether highlights are drawn in colour (false under `NO_COLOR`).
    pub fn color_enabled(&self) -> bool {
        self.color_enabled
    }

    pub fn set_color_enabled(&mut self, enabled: bool) {
        self.color_enabled = enabled;
    }

    /// The style to draw a highlight of palette colour `name` with: its colour style, or
    /// its `no_color` style when colour is off. Unknown names get the default colour's.
    pub fn highlight_style(&self, name: &str) -> Style {
        let entry = self
            .palette
            .get(name)
            .unwrap_or_else(|| self.palette.default_entry());
        if self.color_enabled {
            entry.style
        } else {
            entry.no_color
        }
    }

    /// What each key does in `mode`, after the config's rebindings.
    pub fn keymap(&self, mode: KeyMode) -> HashMap<KeySpec, Action> {
        self.keys.keymap(mode)
    }

    /// Every bound action of `mode` with its keys, in help order (for the help overlay).
    pub fn bindings(&self, mode: KeyMode) -> Vec<(Action, Vec<KeySpec>)> {
        self.keys.bindings(mode)
    }
}

/// `NO_COLOR` (https://no-color.org): any non-empty value turns colour off.
pub fn no_color_requested(no_color: Option<&OsStr>) -> bool {
    no_color.is_some_and(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_parses_to_the_defaults() {
        assert_eq!(Config::from_toml_str(EXAMPLE_TOML), Ok(Config::default()));
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        assert_eq!(Config::from_toml_str(""), Ok(Config::default()));
    }

    #[test]
    fn no_color_needs_a_non_empty_value() {
        assert!(!no_color_requested(None));
        assert!(!no_color_requested(Some(OsStr::new(""))));
        assert!(no_color_requested(Some(OsStr::new("1"))));
    }

    #[test]
    fn highlights_use_attributes_only_without_colour() {
        let mut config = Config::default();
        assert_eq!(config.highlight_style("green").bg, Some(Color::Green));
        config.set_color_enabled(false);
        let style = config.highlight_style("green");
        assert_eq!((style.fg, style.bg, style.reverse), (None, None, true));
        assert_eq!(config.highlight_style("gone"), config.highlight_style("yellow"));
    }
}
