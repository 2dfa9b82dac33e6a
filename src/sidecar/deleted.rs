//! The ids of annotations deleted here, kept per user (`deleted-ids` in the data folder,
//! a line each: the document's key, a space, the id) so that importing a source again
//! does not bring back what the reader deleted from that document: an imported
//! annotation's id comes from its source's id, so the same item imported again would
//! otherwise return under the same id. Another document (a fresh copy elsewhere) is not
//! concerned. Best effort: a list that cannot be written or read only means a deleted
//! import may come back.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The list's file name in the per-user data folder.
pub const FILE_NAME: &str = "deleted-ids";

/// Past this size the list keeps its newer half (about 50,000 ids at the limit).
const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// One document's part of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deleted {
    /// The list's file.
    pub path: PathBuf,
    /// The document's key: the hash its data-folder sidecar is named by.
    pub document: String,
}

impl Deleted {
    /// Adds `id`, deleted from this document.
    pub fn record(&self, id: &str) {
        if !id.contains(char::is_whitespace) && !self.document.contains(char::is_whitespace) {
            append(&self.path, &format!("{} {id}", self.document));
        }
    }

    /// The ids deleted from this document (none when there is no list or it cannot be
    /// read).
    pub fn ids(&self) -> HashSet<String> {
        lines(&self.path)
            .iter()
            .filter_map(|line| line.split_once(' '))
            .filter(|(document, _)| *document == self.document)
            .map(|(_, id)| id.to_string())
            .collect()
    }
}

/// Appends `line` to the list at `path`. Each is one short appended line, so two
/// margents deleting at once each add theirs whole.
fn append(path: &Path, line: &str) {
    if line.is_empty() {
        return;
    }
    if let Some(folder) = path.parent() {
        let _ = std::fs::create_dir_all(folder);
    }
    let Ok(meta) = std::fs::symlink_metadata(path).or_else(|_| {
        std::fs::OpenOptions::new().create(true).append(true).open(path)?;
        std::fs::symlink_metadata(path)
    }) else {
        return;
    };
    // Never written through a link or into a device, FIFO or folder.
    if !meta.file_type().is_file() {
        return;
    }
    if meta.len() > MAX_BYTES {
        keep_newer_half(path);
    }
    if let Ok(mut file) = std::fs::OpenOptions::new().append(true).open(path) {
        let _ = file.write_all(format!("{line}\n").as_bytes());
    }
}

/// The lines of the list at `path`.
fn lines(path: &Path) -> Vec<String> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Vec::new();
    };
    if !meta.file_type().is_file() || meta.len() > 2 * MAX_BYTES {
        return Vec::new();
    }
    std::fs::read(path)
        .map(|bytes| {
            String::from_utf8_lossy(&bytes)
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn keep_newer_half(path: &Path) {
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    let half = bytes.len() / 2;
    let start = bytes[half..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |at| half + at + 1);
    let _ = super::write_atomically(path, &bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(path: &Path, document: &str) -> Deleted {
        Deleted {
            path: path.to_path_buf(),
            document: document.to_string(),
        }
    }

    #[test]
    fn ids_recorded_are_read_back_for_their_document_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join(FILE_NAME);
        let (one, other) = (list(&path, "aaaa"), list(&path, "bbbb"));
        assert!(one.ids().is_empty(), "no list yet");
        one.record("0193a5b2-7c1d-7e4f-8a9b-000000000001");
        one.record("second");
        one.record("with\nbreak");
        one.record("");
        other.record("third");
        let ids = one.ids();
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(ids.contains("second") && ids.contains("0193a5b2-7c1d-7e4f-8a9b-000000000001"));
        assert_eq!(other.ids().into_iter().collect::<Vec<_>>(), ["third"]);
    }

    #[test]
    fn a_long_list_keeps_its_newer_half_whole_lines_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let line = "x".repeat(99);
        let lines = MAX_BYTES as usize / 100 + 10;
        let mut text = String::new();
        for n in 0..lines {
            text.push_str(&format!("{n:08}{}\n", &line[8..]));
        }
        std::fs::write(&path, &text).unwrap();
        list(&path, "doc").record("newest");
        let kept = super::lines(&path);
        assert!(kept.iter().any(|line| line == "doc newest"));
        assert!(
            !kept.contains(&format!("{:08}{}", 0, &line[8..])),
            "the oldest are let go"
        );
        assert!(kept.contains(&format!("{:08}{}", lines - 1, &line[8..])));
        assert!(
            kept.iter().all(|line| line == "doc newest" || line.len() == 99),
            "no line cut"
        );
        assert!(std::fs::metadata(&path).unwrap().len() <= MAX_BYTES);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        std::fs::write(&target, "kept\n").unwrap();
        let path = dir.path().join(FILE_NAME);
        std::os::unix::fs::symlink(&target, &path).unwrap();
        list(&path, "doc").record("id");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept\n");
    }
}
