//! The search history: the patterns a person searched for, newest last, kept per user
//! in the state folder (`~/.local/state/margent/search-history` on Linux) like less's
//! history file. Bounded to `MAX_ENTRIES`, each entry one line without control
//! characters. Reading it is a convenience: a file that cannot be read counts as empty.
//! No terminal code.

use std::path::{Path, PathBuf};

use crate::sidecar::{self, SidecarError};

/// The file under the state folder.
pub const HISTORY_FILE: &str = "search-history";
/// Most entries kept; the oldest go first.
pub const MAX_ENTRIES: usize = 100;
/// Longest entry kept, in chars (a pasted page is not a pattern to recall).
const MAX_ENTRY_CHARS: usize = 1000;
/// A history file is small; anything larger is not one.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The entries, oldest first, with no two alike.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    entries: Vec<String>,
}

impl History {
    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Adds `query` as the newest entry (moved there if it was already in), cleaned:
    /// control characters removed, surrounding spaces trimmed. Nothing for a blank one.
    pub fn push(&mut self, query: &str) {
        let clean: String = query
            .chars()
            .filter(|c| !c.is_control() && !crate::sanitize::is_bidi_control(*c))
            .take(MAX_ENTRY_CHARS)
            .collect();
        let clean = clean.trim();
        if clean.is_empty() {
            return;
        }
        self.entries.retain(|entry| entry != clean);
        self.entries.push(clean.to_string());
        let excess = self.entries.len().saturating_sub(MAX_ENTRIES);
        self.entries.drain(..excess);
    }

    /// The history as written in its file: one entry a line.
    pub fn parse(text: &str) -> History {
        let mut history = History::default();
        for line in text.lines() {
            history.push(line);
        }
        history
    }

    pub fn to_text(&self) -> String {
        self.entries.iter().map(|entry| format!("{entry}\n")).collect()
    }
}

/// Where a person's history is kept.
#[derive(Debug, Clone)]
pub struct HistoryFile {
    path: PathBuf,
}

impl HistoryFile {
    /// In margent's per-user state folder (`$XDG_STATE_HOME/margent`, or the local
    /// data folder where there is no state folder); `None` without a home.
    pub fn per_user() -> Option<HistoryFile> {
        let dirs = directories::ProjectDirs::from("", "", "margent")?;
        let state = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Some(HistoryFile::at(state.join(HISTORY_FILE)))
    }

    pub fn at(path: impl Into<PathBuf>) -> HistoryFile {
        HistoryFile { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The history on disk; empty when there is none or it cannot be read.
    pub fn load(&self) -> History {
        let Ok(meta) = std::fs::metadata(&self.path) else {
            return History::default();
        };
        if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
            return History::default();
        }
        std::fs::read(&self.path)
            .map(|bytes| History::parse(&String::from_utf8_lossy(&bytes)))
            .unwrap_or_default()
    }

    /// Adds `query` to the history on disk (read afresh, so that two readers' searches
    /// are both kept) and returns the history as it now is.
    pub fn remember(&self, query: &str) -> Result<History, SidecarError> {
        let mut history = self.load();
        history.push(query);
        sidecar::replace_locked(&self.path, history.to_text().as_bytes())?;
        Ok(history)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_last_each_once_and_bounded() {
        let mut history = History::default();
        for n in 0..MAX_ENTRIES + 5 {
            history.push(&format!("query {n}"));
        }
        history.push("query 10");
        let entries = history.entries();
        assert_eq!(entries.len(), MAX_ENTRIES);
        assert_eq!(entries.last().map(String::as_str), Some("query 10"));
        assert_eq!(entries.first().map(String::as_str), Some("query 5"));
        assert_eq!(entries.iter().filter(|e| *e == "query 10").count(), 1);
    }

    #[test]
    fn control_characters_never_stay_and_blank_queries_are_not_kept() {
        let mut history = History::default();
        history.push("evil\x1b[2J\u{202e}line\nbreak\u{9b}");
        history.push("   ");
        history.push("\x07");
        assert_eq!(history.entries(), ["evil[2Jlinebreak"]);
    }

    #[test]
    fn survives_a_round_trip_through_its_file() {
        let state = tempfile::tempdir().unwrap();
        let file = HistoryFile::at(state.path().join("margent").join(HISTORY_FILE));
        assert_eq!(file.load(), History::default());
        file.remember("colou?r").unwrap();
        file.remember("chapter [0-9]+").unwrap();
        file.remember("colou?r").unwrap();
        assert_eq!(file.load().entries(), ["chapter [0-9]+", "colou?r"]);
    }
}
