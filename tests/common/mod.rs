//! Helpers shared by the integration tests: annotations made as the reader or a command
//! makes them, with fixed ids and times where a test needs them. Each test binary that
//! uses them declares `mod common;`; annotations are built with `Annotation::new` and its
//! setters, never written out field by field.

// Every binary uses only some of these.
#![allow(dead_code)]

pub mod pty;

use jiff::Timestamp;
use margent::annotation::{Annotation, Kind};

/// A valid id ending in `n`, so that ids sort as their numbers do.
pub fn id(n: u32) -> String {
    format!("0193a5b2-7c1d-7e4f-8a9b-{n:012x}")
}

/// A time written as in a sidecar: `at("2026-11-26T09:00:00Z")`.
pub fn at(text: &str) -> Timestamp {
    text.parse()
        .unwrap_or_else(|err| panic!("{text:?} is not a time: {err}"))
}

/// Highlight number `n`: id `id(n)`, quoting "quote n" at code points `10n..10n+5`,
/// made at 09:00 on 26 November 2026 and not modified since.
pub fn annotation(n: u32) -> Annotation {
    let start = n as usize * 10;
    Annotation::new(Kind::Highlight, format!("quote {n}"), start..start + 5)
        .with_id(id(n))
        .created_at(at("2026-11-26T09:00:00Z"))
}

/// Char offset of the `nth` (0-based) occurrence of `needle`.
pub fn char_offset_of(text: &str, needle: &str, nth: usize) -> usize {
    let (byte, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} occurs fewer than {} times", nth + 1));
    text[..byte].chars().count()
}

/// A highlight on the `nth` (0-based) occurrence of `quote` in `text` (a normalised
/// text), with its context, as the reader would store it.
pub fn quoting(text: &str, quote: &str, nth: usize) -> Annotation {
    let start = char_offset_of(text, quote, nth);
    Annotation::in_text(Kind::Highlight, text, start..start + quote.chars().count())
}

/// A folder that refuses new files for as long as this lives (a read-only mount, another
/// user's folder): mode 0555, or for root, whom modes do not stop, the immutable
/// attribute (`chattr +i`). Checked by trying to create a file there.
pub struct UnwritableFolder {
    path: std::path::PathBuf,
    immutable: bool,
}

impl UnwritableFolder {
    /// Makes `path` unwritable, or says why that cannot be done here.
    pub fn make(path: &std::path::Path) -> Result<UnwritableFolder, String> {
        set_mode(path, 0o555);
        let mut folder = UnwritableFolder {
            path: path.to_path_buf(),
            immutable: false,
        };
        if refuses_new_files(path) {
            return Ok(folder);
        }
        let chattr = std::process::Command::new("chattr").arg("+i").arg(path).output();
        folder.immutable = chattr.as_ref().is_ok_and(|out| out.status.success());
        if folder.immutable && refuses_new_files(path) {
            return Ok(folder);
        }
        Err(format!(
            "mode 0555 does not stop this user (root?) and chattr +i is not available: {chattr:?}"
        ))
    }
}

impl Drop for UnwritableFolder {
    fn drop(&mut self) {
        if self.immutable {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.path)
                .status();
        }
        set_mode(&self.path, 0o755);
    }
}

fn set_mode(path: &std::path::Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
}

fn refuses_new_files(path: &std::path::Path) -> bool {
    let probe = path.join(".test-can-i-write");
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(_) => true,
    }
}

/// The names in a folder, sorted.
pub fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("a folder")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}
