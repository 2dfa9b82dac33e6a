//! `Store`: one document's sidecar on disk, as the reader and the CLI use it. It loads
//! the file, remembers the version it read (the base), and saves under the lock by
//! re-reading the disk and merging base / ours (memory) / theirs (disk) by id before an
//! atomic replace — so concurrent margents and hand edits lose nothing. A file that does
//! not parse, or has a newer `schema_version`, is never overwritten.

use std::fs;
use std::path::{Path, PathBuf};

use super::atomic::{self, LOCK_TIMEOUT};
use super::error::SidecarError;
use super::file::Sidecar;
use super::merge::{Carrier, merge_into};
use super::model::{DocumentInfo, SidecarData, limits};
use super::read;
use super::schema::{SchemaError, SchemaErrorKind, line_column};
use crate::document::Document;

#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    sidecar: Sidecar,
    /// What the file held when last read or written; `None` while that is exactly what
    /// `sidecar` holds (so reading 100,000 annotations keeps one copy, not two; the
    /// copy is made when an edit starts).
    base: Option<SidecarData>,
    /// blake3 of the file's bytes when last read or written; `None`: there was no file.
    base_digest: Option<blake3::Hash>,
    /// Why saving is refused, if it is.
    read_only: Option<String>,
    /// The `[document]` table a store made for a file that did not exist yet: a title
    /// or author set since is worth creating the file for.
    fresh: Option<DocumentInfo>,
    /// Changes another process (or a hand edit) made to the file were taken in since
    /// last asked (`take_outside_changes`).
    outside_changes: bool,
}

/// The file as read during a save or refresh.
struct DiskVersion {
    /// The digest of its bytes.
    digest: blake3::Hash,
    /// It differs from the base (and was merged into memory).
    changed: bool,
    /// What it holds, when asked for and changed.
    disk_data: Option<SidecarData>,
}

/// What `save` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    Written,
    /// The file already said exactly this (or there is nothing worth a new file).
    Unchanged,
}

impl Store {
    /// Opens the sidecar at `path` for `doc` (a new, empty one if there is no file yet).
    /// A damaged or unreadable file is an error; a symlink is read but saving is refused.
    pub fn open(path: impl Into<PathBuf>, doc: &Document) -> Result<Store, SidecarError> {
        let path = path.into();
        let read_only = atomic::refuse_symlink(&path).err().map(|err| reason(&err, &path));
        let store = match read_with_digest(&path)? {
            Some((sidecar, digest)) => Store {
                base: None,
                sidecar,
                base_digest: Some(digest),
                path,
                read_only,
                fresh: None,
                outside_changes: false,
            },
            None => {
                let sidecar = Sidecar::new(DocumentInfo::from_document(doc)).map_err(|source| {
                    SidecarError::Invalid {
                        path: path.clone(),
                        source,
                    }
                })?;
                Store {
                    base: None,
                    fresh: Some(sidecar.document().clone()),
                    sidecar,
                    base_digest: None,
                    path,
                    read_only,
                    outside_changes: false,
                }
            }
        };
        Ok(store)
    }

    /// Opens the sidecar, and when that fails (damaged, newer schema, unreadable) a
    /// read-only store with no annotations instead, with the reason to show. The reason is
    /// also given for a symlinked sidecar, whose annotations are loaded read-only.
    pub fn open_or_read_only(path: impl Into<PathBuf>, doc: &Document) -> (Store, Option<SidecarError>) {
        let path = path.into();
        match Store::open(path.clone(), doc) {
            Ok(store) => {
                let problem = store
                    .read_only
                    .is_some()
                    .then(|| SidecarError::Symlink { path: path.clone() });
                (store, problem)
            }
            Err(err) => {
                let mut sidecar = Sidecar::blank();
                // Best effort: a document value too large to store just stays blank.
                let _ = sidecar.set_document(DocumentInfo::from_document(doc));
                let store = Store {
                    read_only: Some(reason(&err, &path)),
                    path,
                    base: None,
                    sidecar,
                    base_digest: None,
                    fresh: None,
                    outside_changes: false,
                };
                (store, Some(err))
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn sidecar(&self) -> &Sidecar {
        &self.sidecar
    }

    /// Edits happen in memory; `save` writes them.
    pub fn sidecar_mut(&mut self) -> &mut Sidecar {
        if self.base.is_none() {
            self.base = Some(self.sidecar.data().clone());
        }
        &mut self.sidecar
    }

    /// Why saving is refused, if it is (damaged file, newer schema, symlink).
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// The file existed when last read, or has been written since.
    pub fn exists(&self) -> bool {
        self.base_digest.is_some()
    }

    /// There are changes in memory that the file does not have yet.
    pub fn is_dirty(&self) -> bool {
        self.base.as_ref().is_some_and(|base| self.sidecar.data() != base)
    }

    /// Writes the changes: under the lock, re-reads the file, merges in whatever another
    /// process or a hand edit changed since it was read, and replaces it atomically.
    /// Also takes in those outside changes, so the store then holds the merged result.
    pub fn save(&mut self) -> Result<SaveOutcome, SidecarError> {
        if let Some(reason) = &self.read_only {
            return Err(SidecarError::ReadOnly {
                path: self.path.clone(),
                reason: reason.clone(),
            });
        }
        refuse_read_only_file(&self.path)?;
        let folder = super::location::folder_of(&self.path);
        fs::create_dir_all(folder).map_err(SidecarError::io(&self.path, atomic::CREATE_FOLDER))?;
        let _lock = atomic::lock(&self.path, LOCK_TIMEOUT)?;
        atomic::refuse_symlink(&self.path)?;
        atomic::remove_stale_temporaries(&self.path);
        let disk = self.take_in_disk_changes(false)?;
        if let Some(DiskVersion { changed: false, .. }) = disk
            && !self.is_dirty()
        {
            return Ok(SaveOutcome::Unchanged); // the file is exactly as read: leave it be
        }
        // Another process may have added annotations meanwhile: the merged file must
        // still be one margent reads back.
        limits::check_count(self.sidecar.annotations().len(), limits::max_annotations()).map_err(
            |source| SidecarError::Invalid {
                path: self.path.clone(),
                source,
            },
        )?;
        // The text is hashed, then written, a piece at a time: never held whole.
        let mut hasher = blake3::Hasher::new();
        self.sidecar.for_each_piece(|piece| {
            hasher.update(piece.as_bytes());
        });
        let digest = hasher.finalize();
        let same = disk.as_ref().is_some_and(|disk| disk.digest == digest);
        let outcome = if same || (disk.is_none() && self.is_blank()) {
            SaveOutcome::Unchanged
        } else {
            atomic::write_atomically_with(&self.path, |file| {
                let mut written = Ok(());
                self.sidecar.for_each_piece(|piece| {
                    if written.is_ok() {
                        written = file.write_all(piece.as_bytes());
                    }
                });
                written
            })?;
            SaveOutcome::Written
        };
        self.base = None;
        self.base_digest = match (outcome, disk) {
            (SaveOutcome::Written, _) => Some(digest),
            (SaveOutcome::Unchanged, disk) => disk.map(|disk| disk.digest),
        };
        Ok(outcome)
    }

    /// Takes in changes made to the file since it was read (by another process or by
    /// hand) without writing anything; in-memory changes stay, merged with them, and
    /// still count as unsaved.
    pub fn refresh(&mut self) -> Result<(), SidecarError> {
        if let Some(DiskVersion {
            digest,
            changed: true,
            disk_data: Some(data),
            ..
        }) = self.take_in_disk_changes(true)?
        {
            self.base = Some(data);
            self.base_digest = Some(digest);
        }
        Ok(())
    }

    /// Whether changes made to the file by another process or by hand were taken in (by
    /// `refresh` or a save) since last asked.
    pub fn take_outside_changes(&mut self) -> bool {
        std::mem::take(&mut self.outside_changes)
    }

    /// Reads the file and, if it changed since the base, merges it into memory with the
    /// disk's text as the carrier (its comments and hand edits stay). A file as it was
    /// is only hashed as it is read, not held: it may be as large as what memory holds.
    fn take_in_disk_changes(&mut self, keep_disk_data: bool) -> Result<Option<DiskVersion>, SidecarError> {
        // Deleted since we read it (`None`): keeping what we have beats losing it.
        let Some(digest) = atomic::digest_if_exists(&self.path)? else {
            return Ok(None);
        };
        if Some(digest) == self.base_digest {
            return Ok(Some(DiskVersion {
                digest,
                changed: false,
                disk_data: None,
            }));
        }
        let Some((mut theirs, digest)) = read_with_digest(&self.path)? else {
            return Ok(None);
        };
        self.outside_changes = true;
        let disk_data = keep_disk_data.then(|| theirs.data().clone());
        let base = self.base.as_ref().unwrap_or(self.sidecar.data());
        merge_into(base, &mut theirs, &self.sidecar, Carrier::Theirs);
        self.sidecar = theirs;
        Ok(Some(DiskVersion {
            digest,
            changed: true,
            disk_data,
        }))
    }

    /// Nothing worth creating a file for: no annotations, reading position at the start,
    /// no title or author set.
    fn is_blank(&self) -> bool {
        let untouched = self.fresh.as_ref().is_none_or(|fresh| {
            let document = self.sidecar.document();
            document.title == fresh.title && document.author == fresh.author
        });
        self.sidecar.annotations().is_empty() && self.sidecar.position() == 0 && untouched
    }
}

/// Refuses to replace a sidecar that has no write permission, or none for this user:
/// an atomic save renames a new file over it, which the permission would not stop
/// (nor does it stop root). Only regular files are opened to check (a FIFO would block).
fn refuse_read_only_file(path: &Path) -> Result<(), SidecarError> {
    let Ok(metadata) = fs::symlink_metadata(path) else {
        return Ok(()); // no file yet (or the save fails on it with a clearer error)
    };
    if !metadata.is_file() {
        return Ok(());
    }
    let refused = metadata.permissions().readonly()
        || matches!(
            fs::OpenOptions::new().append(true).open(path),
            Err(err) if err.kind() == std::io::ErrorKind::PermissionDenied
        );
    if refused {
        return Err(SidecarError::ReadOnlyFile {
            path: path.to_path_buf(),
            mode: mode_of(&metadata),
        });
    }
    Ok(())
}

#[cfg(unix)]
fn mode_of(metadata: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_of(metadata: &fs::Metadata) -> u32 {
    if metadata.permissions().readonly() {
        0o444
    } else {
        0o644
    }
}

/// Why a store is read-only, without repeating the path the refusal names first.
fn reason(err: &SidecarError, path: &Path) -> String {
    let message = err.to_string();
    let prefix = format!("{}: ", path.display());
    message
        .strip_prefix(&prefix)
        .map_or_else(|| message.clone(), str::to_string)
}

/// Reads and parses a sidecar file (no lock needed: files are replaced whole);
/// `Ok(None)` when there is none.
pub fn read_sidecar(path: &Path) -> Result<Option<Sidecar>, SidecarError> {
    Ok(read_with_digest(path)?.map(|(sidecar, _)| sidecar))
}

/// The `[document]` table's `position`, read from the file's head alone (its lines
/// before the first `[[annotation]]`, at most 1 MB); 0 when there is none or it cannot
/// be read. What the reader needs before its first screen, without reading every
/// annotation.
pub(crate) fn head_position(path: &Path) -> usize {
    use std::io::{BufRead, BufReader, Read};
    // Only a regular file is opened (a FIFO would block).
    if !fs::metadata(path).is_ok_and(|metadata| metadata.is_file()) {
        return 0;
    }
    let Ok(file) = fs::File::open(path) else {
        return 0;
    };
    let mut reader = BufReader::new(file.take(1 << 20));
    let (mut head, mut line) = (String::new(), String::new());
    while reader.read_line(&mut line).is_ok_and(|read| read > 0) {
        if line.trim_start().starts_with("[[") {
            break;
        }
        head.push_str(&line);
        line.clear();
    }
    toml_edit::Document::parse(head.as_str())
        .ok()
        .and_then(|toml| toml.get("document")?.get("position")?.as_integer())
        .and_then(|position| usize::try_from(position).ok())
        .unwrap_or(0)
}

fn read_with_digest(path: &Path) -> Result<Option<(Sidecar, blake3::Hash)>, SidecarError> {
    let Some(bytes) = read_limited(path)? else {
        return Ok(None);
    };
    let digest = blake3::hash(&bytes);
    // The bytes become the text the sidecar keeps (no copy of a large file).
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => return Err(utf8(path, err.as_bytes()).unwrap_err()),
    };
    let sidecar = Sidecar::from_toml_string(text).map_err(|source| SidecarError::Damaged {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(Some((sidecar, digest)))
}

fn read_limited(path: &Path) -> Result<Option<Vec<u8>>, SidecarError> {
    if let Ok(metadata) = fs::metadata(path)
        && metadata.len() > limits::MAX_FILE_BYTES
    {
        return Err(damaged(
            path,
            1,
            1,
            format!("the file is larger than {} bytes", limits::MAX_FILE_BYTES),
        ));
    }
    atomic::read_if_exists(path)
}

/// Parses a sidecar's bytes; not UTF-8 is damage too, reported where it starts.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Sidecar, SidecarError> {
    Sidecar::from_toml_str(utf8(path, bytes)?).map_err(|source| SidecarError::Damaged {
        path: path.to_path_buf(),
        source,
    })
}

/// Files of at least this many bytes have their data read a part at a time.
const READ_IN_PARTS: u64 = 8 << 20;
/// Bytes read for each part.
const PART_BYTES: usize = 4 << 20;

/// Reads only the data of a sidecar file, for reading without rewriting (no lock
/// needed: files are replaced whole); `Ok(None)` when there is none. A large file in
/// margent's own layout is read a part at a time (see `read::DataInParts`).
pub fn read_data(path: &Path) -> Result<Option<SidecarData>, SidecarError> {
    if let Some(data) = read_data_in_parts(path, READ_IN_PARTS, PART_BYTES) {
        return Ok(Some(data));
    }
    read_data_whole(path)
}

/// The data of the file at `path`, if it is a regular file of at least `from` bytes
/// that reads in parts of about `part_bytes`; `None`: read it whole instead.
fn read_data_in_parts(path: &Path, from: u64, part_bytes: usize) -> Option<SidecarData> {
    use std::io::Read;
    const HEADER: &[u8] = b"\n[[annotation]]\n";
    let metadata = fs::metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() < from || metadata.len() > limits::MAX_FILE_BYTES {
        return None;
    }
    let mut file = fs::File::open(path).ok()?;
    let mut parts = read::DataInParts::default();
    let (mut buffer, mut total, mut first) = (Vec::new(), 0u64, true);
    loop {
        let start = buffer.len();
        buffer.resize(start + part_bytes, 0);
        let mut filled = start;
        while filled < buffer.len() {
            match file.read(&mut buffer[filled..]).ok()? {
                0 => break,
                n => filled += n,
            }
        }
        let at_end = filled < buffer.len();
        buffer.truncate(filled);
        total += (filled - start) as u64;
        if total > limits::MAX_FILE_BYTES {
            return None;
        }
        let cut = match at_end {
            true => buffer.len(),
            false => match memchr::memmem::rfind(&buffer, HEADER) {
                Some(at) => at + 1,
                // One table longer than a part: read on, but not without end.
                None if buffer.len() < 4 * part_bytes => continue,
                None => return None,
            },
        };
        let text = std::str::from_utf8(&buffer[..cut]).ok()?;
        // CRLF files are read whole (their line ends are changed first).
        if first && text.find('\n').is_some_and(|i| text[..i].ends_with('\r')) {
            return None;
        }
        first = false;
        parts.part(text)?;
        buffer.drain(..cut);
        if at_end {
            return parts.finish();
        }
    }
}

fn read_data_whole(path: &Path) -> Result<Option<SidecarData>, SidecarError> {
    let Some(bytes) = read_limited(path)? else {
        return Ok(None);
    };
    Sidecar::data_from_toml_str(utf8(path, &bytes)?)
        .map(Some)
        .map_err(|source| SidecarError::Damaged {
            path: path.to_path_buf(),
            source,
        })
}

fn utf8<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b str, SidecarError> {
    std::str::from_utf8(bytes).map_err(|err| {
        let valid = &bytes[..err.valid_up_to()];
        let (line, column) = line_column(std::str::from_utf8(valid).unwrap_or_default(), valid.len());
        damaged(path, line, column, "not UTF-8 text".to_string())
    })
}

fn damaged(path: &Path, line: usize, column: usize, message: String) -> SidecarError {
    SidecarError::Damaged {
        path: path.to_path_buf(),
        source: SchemaError {
            kind: SchemaErrorKind::Invalid,
            line,
            column,
            message,
        },
    }
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
