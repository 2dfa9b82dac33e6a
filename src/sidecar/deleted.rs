//! The ids of annotations deleted here, kept per user (`deleted-ids` in the data folder,
//! a line each: a key of the document, a space, the id) so that importing a source
//! again does not bring back what the reader deleted from that document: an imported
//! annotation's id comes from its source's id, so the same item imported again would
//! otherwise return under the same id. A document is known by two keys, its path and
//! its text: moved (its text the same) or edited in place, it is still the same
//! document; another text is not concerned. A list that cannot be written is said, as
//! the deletion then is only of the sidecar.

use std::collections::HashSet;
use std::io::{self, Read, Seek, Write};
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
    /// The document's keys: the hash of its path (as its data-folder sidecar is named)
    /// and its content hash.
    pub keys: Vec<String>,
}

impl Deleted {
    /// Adds `id`, deleted from this document; an error says why the list could not
    /// take it.
    pub fn record(&self, id: &str) -> io::Result<()> {
        let lines: Vec<String> = self
            .keys
            .iter()
            .filter(|key| !key.is_empty() && !key.contains(char::is_whitespace))
            .map(|key| format!("{key} {id}\n"))
            .collect();
        if id.is_empty() || id.contains(char::is_whitespace) || lines.is_empty() {
            return Ok(());
        }
        append(&self.path, &lines.concat())
    }

    /// The ids deleted from this document (none when there is no list or it cannot be
    /// read).
    pub fn ids(&self) -> HashSet<String> {
        lines(&self.path)
            .iter()
            .filter_map(|line| line.split_once(' '))
            .filter(|(key, _)| self.keys.iter().any(|own| own == key))
            .map(|(_, id)| id.to_string())
            .collect()
    }
}

/// Appends `text` (whole lines) to the list at `path`, on a line of its own. Short
/// appends, so two margents deleting at once each add theirs whole.
fn append(path: &Path, text: &str) -> io::Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            std::fs::OpenOptions::new()
                .create_new(true)
                .append(true)
                .open(path)?;
            std::fs::symlink_metadata(path)?
        }
        Err(err) => return Err(err),
    };
    // Never written through a link or into a device, FIFO or folder.
    if !meta.file_type().is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    if meta.len() > MAX_BYTES {
        keep_newer_half(path);
    }
    let mut file = std::fs::OpenOptions::new().append(true).read(true).open(path)?;
    // A list edited by hand may have lost its last line feed.
    let mut text = text.to_string();
    if file.metadata()?.len() > 0 {
        let mut last = [0u8; 1];
        file.seek(io::SeekFrom::End(-1))?;
        file.read_exact(&mut last)?;
        if last[0] != b'\n' {
            text.insert(0, '\n');
        }
    }
    file.write_all(text.as_bytes())
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

    fn list(path: &Path, key: &str) -> Deleted {
        Deleted {
            path: path.to_path_buf(),
            keys: vec![key.to_string()],
        }
    }

    #[test]
    fn ids_recorded_are_read_back_for_their_document_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join(FILE_NAME);
        let (one, other) = (list(&path, "aaaa"), list(&path, "bbbb"));
        assert!(one.ids().is_empty(), "no list yet");
        one.record("0193a5b2-7c1d-7e4f-8a9b-000000000001").unwrap();
        one.record("second").unwrap();
        one.record("with\nbreak").unwrap();
        one.record("").unwrap();
        other.record("third").unwrap();
        let ids = one.ids();
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(ids.contains("second") && ids.contains("0193a5b2-7c1d-7e4f-8a9b-000000000001"));
        assert_eq!(other.ids().into_iter().collect::<Vec<_>>(), ["third"]);
        // Known by either key: moved (same text) or edited in place (same path).
        let both = Deleted {
            path: path.clone(),
            keys: vec!["elsewhere".to_string(), "bbbb".to_string()],
        };
        assert_eq!(both.ids(), other.ids());
        both.record("fourth").unwrap();
        assert!(list(&path, "elsewhere").ids().contains("fourth"));
        assert!(other.ids().contains("fourth"));
    }

    #[test]
    fn a_list_without_its_last_line_feed_keeps_every_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "doc first").unwrap();
        list(&path, "doc").record("second").unwrap();
        let ids = list(&path, "doc").ids();
        assert!(ids.contains("first") && ids.contains("second"), "{ids:?}");
    }

    #[test]
    fn a_list_that_cannot_be_written_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::create_dir(&path).unwrap();
        assert!(list(&path, "doc").record("id").is_err());
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
        list(&path, "doc").record("newest").unwrap();
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
        assert!(list(&path, "doc").record("id").is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept\n");
    }
}
