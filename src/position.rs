//! Where each person stopped reading (DESIGN §1.4: the reading position is personal).
//! One small TOML file per document in the per-user state folder
//! (`~/.local/state/margent/positions/` on Linux), never beside the document, so reading
//! a shared or git-tracked document changes nothing there.
//!
//! A document is found by its canonical path; when none is recorded for that path, by
//! the hash of its text, provided the file recorded with that text is gone (the document
//! was renamed or moved, not copied). Each record is replaced atomically under a lock
//! (`sidecar::replace_locked`): concurrent readers and a kill -9 leave a whole file, the
//! last save winning. A position is a convenience, not data: a record that cannot be
//! read counts as none. No terminal code.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::document::{Document, Source};
use crate::sidecar::{self, SidecarError};

/// The folder under the state folder that holds the records.
pub const POSITIONS_SUBDIR: &str = "positions";
/// A record is a few lines; anything larger is not one.
const MAX_RECORD_BYTES: u64 = 64 * 1024;

/// Where the reader keeps the reading position (`[reader] position` in the config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PositionPlace {
    /// The per-user state folder: personal, nothing written beside the document.
    #[default]
    State,
    /// The document's sidecar, as before: the position travels with the annotations.
    Sidecar,
}

/// How one document is known: its canonical path (none for standard input) and the
/// hash of its normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentKey {
    path: Option<PathBuf>,
    content_hash: String,
}

impl DocumentKey {
    pub fn of(doc: &Document) -> DocumentKey {
        let path = match doc.source() {
            Source::File(path) => Some(path.as_path()),
            Source::Stdin => None,
        };
        DocumentKey::new(path, &doc.content_hash())
    }

    /// `path` is made canonical, so that every way of naming a file finds one record.
    pub fn new(path: Option<&Path>, content_hash: &str) -> DocumentKey {
        DocumentKey {
            path: path.map(canonical),
            content_hash: content_hash.to_string(),
        }
    }
}

/// What one record file says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Record {
    /// The document's canonical path ("" for standard input).
    path: String,
    content_hash: String,
    char_offset: u64,
}

/// The reading positions of one person, kept in `folder`.
#[derive(Debug, Clone)]
pub struct Positions {
    folder: PathBuf,
}

/// A reading position that could not be saved.
#[derive(Debug, thiserror::Error)]
#[error("the reading position was not saved: {0}")]
pub struct PositionError(#[from] SidecarError);

impl Positions {
    /// The positions in margent's per-user state folder (`$XDG_STATE_HOME/margent`, or
    /// the local data folder where there is no state folder); `None` without a home.
    pub fn per_user() -> Option<Positions> {
        let dirs = directories::ProjectDirs::from("", "", "margent")?;
        let state = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Some(Positions::in_folder(state.join(POSITIONS_SUBDIR)))
    }

    pub fn in_folder(folder: impl Into<PathBuf>) -> Positions {
        Positions {
            folder: folder.into(),
        }
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The saved position of the document, if there is one.
    pub fn lookup(&self, key: &DocumentKey) -> Option<usize> {
        if let Some(path) = &key.path
            && let Some(record) = self.read(&self.path_file(path))
        {
            return Some(offset(&record));
        }
        let record = self.read(&self.text_file(&key.content_hash))?;
        let follows = match &key.path {
            None => true,
            Some(path) => {
                let recorded = Path::new(&record.path);
                record.path.is_empty() || recorded == path || !recorded.exists()
            }
        };
        follows.then(|| offset(&record))
    }

    /// The position saved for the file at `path` (its text not read yet).
    pub fn lookup_path(&self, path: &Path) -> Option<usize> {
        self.read(&self.path_file(&canonical(path)))
            .map(|record| offset(&record))
    }

    /// Saves the position under the document's path and under its text.
    pub fn save(&self, key: &DocumentKey, char_offset: usize) -> Result<(), PositionError> {
        let record = Record {
            path: key
                .path
                .as_deref()
                .map(|path| path.to_string_lossy().into_owned())
                .unwrap_or_default(),
            content_hash: key.content_hash.clone(),
            char_offset: u64::try_from(char_offset).unwrap_or(u64::MAX),
        };
        let text = record_text(&record);
        if let Some(path) = &key.path {
            let file = self.path_file(path);
            let previous = self.read(&file);
            sidecar::replace_locked(&file, text.as_bytes())?;
            // The text it was saved with has changed: its record would only pile up.
            if let Some(previous) = previous
                && previous.content_hash != record.content_hash
            {
                let old = self.text_file(&previous.content_hash);
                if self.read(&old).is_some_and(|r| r.path == record.path) {
                    let _ = std::fs::remove_file(old);
                }
            }
        }
        sidecar::replace_locked(&self.text_file(&key.content_hash), text.as_bytes())?;
        Ok(())
    }

    fn path_file(&self, canonical_path: &Path) -> PathBuf {
        let hash = blake3::hash(canonical_path.as_os_str().as_encoded_bytes());
        self.folder.join(format!("path-{}.toml", hash.to_hex()))
    }

    fn text_file(&self, content_hash: &str) -> PathBuf {
        let hex = content_hash
            .strip_prefix("blake3:")
            .filter(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .map_or_else(
                || blake3::hash(content_hash.as_bytes()).to_hex().to_string(),
                str::to_string,
            );
        self.folder.join(format!("text-{hex}.toml"))
    }

    fn read(&self, file: &Path) -> Option<Record> {
        let bytes = crate::files::read_regular(file, MAX_RECORD_BYTES).ok()?;
        toml::from_str(std::str::from_utf8(&bytes).ok()?).ok()
    }
}

fn offset(record: &Record) -> usize {
    usize::try_from(record.char_offset).unwrap_or(usize::MAX)
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn record_text(record: &Record) -> String {
    let body = toml::to_string(record).unwrap_or_default();
    format!("# margent: where you stopped reading (personal; safe to delete)\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document_in(dir: &Path, name: &str, text: &str) -> Document {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        Document::open(&path, None).unwrap()
    }

    #[test]
    fn a_saved_position_is_found_again_and_nothing_is_written_beside_the_document() {
        let (docs, state) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let doc = document_in(docs.path(), "essay.txt", "Some words.\n");
        let positions = Positions::in_folder(state.path().join("positions"));
        let key = DocumentKey::of(&doc);
        assert_eq!(positions.lookup(&key), None);
        positions.save(&key, 7).unwrap();
        positions.save(&key, 9).unwrap();
        assert_eq!(positions.lookup(&key), Some(9));
        let beside: Vec<_> = std::fs::read_dir(docs.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, ["essay.txt"]);
        let kept: Vec<String> = std::fs::read_dir(positions.folder())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            kept.len(),
            2,
            "one record by path, one by text, no lock or temporary file: {kept:?}"
        );
        let path = docs.path().join("essay.txt");
        assert_eq!(positions.lookup_path(&path), Some(9));
    }

    #[test]
    fn a_renamed_document_is_found_by_its_text_but_a_copy_is_not() {
        let (docs, state) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let positions = Positions::in_folder(state.path());
        let doc = document_in(docs.path(), "essay.txt", "Some words.\n");
        positions.save(&DocumentKey::of(&doc), 5).unwrap();

        let copy = document_in(docs.path(), "copy.txt", "Some words.\n");
        assert_eq!(
            positions.lookup(&DocumentKey::of(&copy)),
            None,
            "the original is still there"
        );

        std::fs::rename(docs.path().join("essay.txt"), docs.path().join("renamed.txt")).unwrap();
        let renamed = Document::open(&docs.path().join("renamed.txt"), None).unwrap();
        assert_eq!(positions.lookup(&DocumentKey::of(&renamed)), Some(5));
    }

    #[test]
    fn an_edited_document_keeps_its_position_and_drops_its_old_text_record() {
        let (docs, state) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let positions = Positions::in_folder(state.path());
        let before = document_in(docs.path(), "essay.txt", "Some words.\n");
        positions.save(&DocumentKey::of(&before), 5).unwrap();
        let after = document_in(docs.path(), "essay.txt", "Some other words.\n");
        assert_eq!(positions.lookup(&DocumentKey::of(&after)), Some(5));
        positions.save(&DocumentKey::of(&after), 6).unwrap();
        assert_eq!(std::fs::read_dir(state.path()).unwrap().count(), 2);
    }

    #[test]
    fn standard_input_is_known_by_its_text() {
        let state = tempfile::tempdir().unwrap();
        let positions = Positions::in_folder(state.path());
        let doc = Document::from_text("piped\n", Source::Stdin);
        positions.save(&DocumentKey::of(&doc), 3).unwrap();
        assert_eq!(positions.lookup(&DocumentKey::of(&doc)), Some(3));
    }

    #[test]
    fn a_damaged_or_huge_record_counts_as_none() {
        let (docs, state) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let positions = Positions::in_folder(state.path());
        let doc = document_in(docs.path(), "essay.txt", "Some words.\n");
        let key = DocumentKey::of(&doc);
        positions.save(&key, 5).unwrap();
        for entry in std::fs::read_dir(state.path()).unwrap() {
            std::fs::write(entry.unwrap().path(), "char_offset = [\n").unwrap();
        }
        assert_eq!(positions.lookup(&key), None);
        positions.save(&key, 8).unwrap();
        assert_eq!(positions.lookup(&key), Some(8), "a damaged record is replaced");
    }

    #[test]
    fn a_temporary_file_left_by_a_killed_save_is_cleaned_up() {
        let (docs, state) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let positions = Positions::in_folder(state.path());
        let doc = document_in(docs.path(), "essay.txt", "Some words.\n");
        let key = DocumentKey::of(&doc);
        positions.save(&key, 5).unwrap();
        let records: Vec<PathBuf> = std::fs::read_dir(state.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        for record in &records {
            let name = record.file_name().unwrap().to_string_lossy();
            std::fs::write(state.path().join(format!(".{name}.Ab12Cd.tmp")), "half").unwrap();
        }
        positions.save(&key, 6).unwrap();
        let mut left: Vec<_> = std::fs::read_dir(state.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        left.sort();
        let mut expected = records;
        expected.sort();
        assert_eq!(left, expected);
    }
}
