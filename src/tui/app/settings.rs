//! What the reader is started with: the configuration, the keymap built from it, and
//! where new annotations get their time stamps and ids (injected, so tests are exact).

use jiff::Timestamp;

use crate::config::Config;
use crate::keys::KeyMode;
use crate::layout::AmbiguousWidth;
use crate::tui::keymap::Keymap;

#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    pub keymap: Keymap,
    /// Where the document is among the files given on the command line (`:n`, `:p`).
    pub files: crate::tui::FileList,
}

impl Settings {
    pub fn new(config: Config) -> Settings {
        let bindings = KeyMode::ALL
            .into_iter()
            .flat_map(|mode| {
                config
                    .bindings(mode)
                    .into_iter()
                    .map(move |(action, keys)| (mode, action, keys))
            })
            .collect();
        Settings {
            keymap: Keymap::new(bindings),
            config,
            files: crate::tui::FileList::default(),
        }
    }

    pub fn measure(&self) -> u16 {
        self.config.reader.measure
    }

    pub fn ambiguous(&self) -> AmbiguousWidth {
        self.config.reader.ambiguous_width
    }

    pub fn color(&self) -> bool {
        self.config.color_enabled()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new(Config::default())
    }
}

/// Where a new or changed annotation gets its time stamp and a new one its id.
pub trait Stamps {
    fn now(&mut self) -> Timestamp;
    fn new_id(&mut self) -> String;
}

/// The system clock (whole seconds) and UUIDv7 ids: what the reader uses.
#[derive(Debug, Default)]
pub struct SystemStamps;

impl Stamps for SystemStamps {
    fn now(&mut self) -> Timestamp {
        crate::annotation::now()
    }

    fn new_id(&mut self) -> String {
        crate::annotation::new_id()
    }
}
