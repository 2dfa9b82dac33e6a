//! Finding and reading the config file, and the environment's say (`NO_COLOR`): the
//! only IO of the config module. A file named by `--config`/`MARGENT_CONFIG` must
//! exist; the default one (`~/.config/margent/config.toml` on Linux) may be absent.

use std::io;
use std::path::{Path, PathBuf};

use super::error::ConfigError;
use super::{Config, no_color_requested};
use crate::sanitize;

impl Config {
    /// Loads `explicit` (from `--config` or `MARGENT_CONFIG`), else the default config
    /// file if there is one, else the defaults; then applies `NO_COLOR`.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let mut config = load_from(explicit, Config::default_path().as_deref())?;
        let no_color = std::env::var_os("NO_COLOR");
        config.set_color_enabled(!no_color_requested(no_color.as_deref()));
        Ok(config)
    }

    /// The per-user config file: `config.toml` in the `directories` config folder.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "margent").map(|dirs| dirs.config_dir().join("config.toml"))
    }

    /// Reads and parses one config file; a missing file is an error. No environment.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let file = shown_path(path);
        read(path, file.clone())?.ok_or_else(|| ConfigError::NotFound {
            path: path.to_path_buf(),
            file,
        })
    }
}

/// `load` without the environment: `default` stands for `Config::default_path()`.
pub(crate) fn load_from(explicit: Option<&Path>, default: Option<&Path>) -> Result<Config, ConfigError> {
    if let Some(path) = explicit {
        return Config::from_file(path);
    }
    let Some(path) = default else {
        return Ok(Config::default());
    };
    let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    Ok(read(path, shown_from_home(path, home.as_deref()))?.unwrap_or_default())
}

/// A config file is a few kilobytes; anything near this is not one.
const MAX_CONFIG_BYTES: u64 = 4 << 20;

/// The parsed file, or `None` when it does not exist.
fn read(path: &Path, file: String) -> Result<Option<Config>, ConfigError> {
    let bytes = match crate::files::read_regular(path, MAX_CONFIG_BYTES) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(ConfigError::Read {
                path: path.to_path_buf(),
                file,
                source,
            });
        }
    };
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|err| ConfigError::NotUtf8 {
        path: path.to_path_buf(),
        file: file.clone(),
        line: bytes[..err.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1,
    })?;
    Config::from_toml_str(text)
        .map(Some)
        .map_err(|error| ConfigError::Invalid {
            path: path.to_path_buf(),
            file,
            error: Box::new(error),
        })
}

/// A path as given, made safe for a message (never shortened: it names the file).
fn shown_path(path: &Path) -> String {
    sanitize::inline(&path.display().to_string()).into_owned()
}

/// `/home/ada/.config/margent/config.toml` → `~/.config/margent/config.toml`.
fn shown_from_home(path: &Path, home: Option<&Path>) -> String {
    match home.and_then(|home| path.strip_prefix(home).ok()) {
        Some(rest) if !rest.as_os_str().is_empty() => {
            sanitize::inline(&format!("~/{}", rest.display())).into_owned()
        }
        _ => shown_path(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn an_explicit_file_wins_over_the_default_one() {
        let dir = tempfile::tempdir().unwrap();
        let explicit = write(dir.path(), "mine.toml", b"[reader]\nmeasure = 60\n");
        let default = write(dir.path(), "config.toml", b"[reader]\nmeasure = 70\n");
        let config = load_from(Some(&explicit), Some(&default)).unwrap();
        assert_eq!(config.reader.measure, 60);
        assert_eq!(load_from(None, Some(&default)).unwrap().reader.measure, 70);
    }

    #[test]
    fn a_missing_explicit_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.toml");
        let err = load_from(Some(&missing), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{}: config file not found", missing.display())
        );
        assert_eq!(err.path(), missing);
    }

    #[test]
    fn a_missing_default_file_means_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let absent = dir.path().join("config.toml");
        assert_eq!(load_from(None, Some(&absent)).unwrap(), Config::default());
        assert_eq!(load_from(None, None).unwrap(), Config::default());
    }

    #[test]
    fn a_folder_or_non_utf8_file_is_refused_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let err = load_from(Some(dir.path()), None).unwrap_err();
        assert!(err.to_string().contains("cannot read the config file"), "{err}");
        let latin1 = write(dir.path(), "latin1.toml", b"[reader]\nauthor = \"Jos\xe9\"\n");
        let err = load_from(Some(&latin1), None).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("latin1.toml:2: the config file is not UTF-8 text"),
            "{err}"
        );
    }

    #[test]
    fn a_byte_order_mark_is_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "bom.toml", b"\xef\xbb\xbf[reader]\nmouse = true\n");
        assert!(load_from(Some(&path), None).unwrap().reader.mouse);
    }

    #[test]
    fn the_default_location_is_shown_from_home() {
        let home = Path::new("/home/ada");
        let path = Path::new("/home/ada/.config/margent/config.toml");
        assert_eq!(shown_from_home(path, Some(home)), "~/.config/margent/config.toml");
        assert_eq!(
            shown_from_home(Path::new("/etc/x.toml"), Some(home)),
            "/etc/x.toml"
        );
        assert_eq!(
            shown_from_home(path, None),
            "/home/ada/.config/margent/config.toml"
        );
    }

    #[test]
    fn the_default_path_ends_in_margent_config_toml() {
        if let Some(path) = Config::default_path() {
            assert!(path.ends_with("margent/config.toml"), "{}", path.display());
        }
    }
}
