//! Where a document's sidecars are (DESIGN §1.4): beside it (`essay.txt` →
//! `essay.txt.notes.toml`), and in the per-user data folder under a blake3 hash of the
//! document's canonical path (of its text, for stdin). Both are read; which one is
//! written is decided by trying (`sidecars`), never by probe files. This file decides
//! paths, and why a write beside the document may go to the data folder instead.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::deleted::Deleted;
use super::error::SidecarError;
use crate::document::{Document, Source};

/// What ends a sidecar's file name.
pub const SUFFIX: &str = ".notes.toml";
/// The folder under the per-user data folder that holds hashed sidecars.
pub const DATA_SUBDIR: &str = "sidecars";
/// The longest file name (in bytes) that Linux, macOS and Windows file systems take.
pub const NAME_MAX_BYTES: usize = 255;

/// Where sidecars are written (a config setting). Every setting reads both places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SidecarLocation {
    /// Beside the document when that can be written, else the data folder.
    #[default]
    Auto,
    /// Always beside the document, failing when it cannot be written (stdin has no
    /// "beside": the data folder).
    Beside,
    /// Always in the per-user data folder.
    DataDir,
}

/// The two places a document's annotations may be kept, and the setting that says
/// which is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    /// Beside the document; `None` for stdin.
    pub beside: Option<PathBuf>,
    /// In the per-user data folder; `None` when there is no data folder (no HOME).
    pub data: Option<PathBuf>,
    pub setting: SidecarLocation,
    /// Where the ids deleted from the document are listed; `None` with no data folder.
    pub deleted: Option<Deleted>,
    /// What the document is called in a message about the data folder.
    document: String,
}

impl Places {
    /// The places for `doc`, with margent's per-user data folder.
    pub fn of(doc: &Document, setting: SidecarLocation) -> Places {
        Places::with_data_dir(doc, setting, default_data_dir().as_deref())
    }

    /// The places for `doc`, with the data folder given (`None`: there is none).
    pub fn with_data_dir(doc: &Document, setting: SidecarLocation, data_dir: Option<&Path>) -> Places {
        let (beside, hash, document) = match doc.source() {
            Source::Stdin => (
                None,
                blake3::hash(doc.text().as_bytes()),
                "standard input".to_string(),
            ),
            Source::File(path) => (Some(beside(path)), path_hash(path), path.display().to_string()),
        };
        let data = data_dir.map(|dir| dir.join(DATA_SUBDIR).join(format!("{}{SUFFIX}", hash.to_hex())));
        Places {
            beside,
            data,
            setting,
            deleted: data_dir.map(|dir| Deleted {
                path: dir.join(super::deleted::FILE_NAME),
                keys: vec![hash.to_hex().to_string(), doc.content_hash()],
            }),
            document,
        }
    }

    /// The sidecar beside the document, if one can exist there at all: a name too long
    /// for the file system (with what the atomic write adds to it) cannot.
    pub fn beside_if_possible(&self) -> Option<&Path> {
        self.beside.as_deref().filter(|path| !name_too_long(path))
    }

    /// The data-folder sidecar, or why there is none.
    pub fn data_or_error(&self) -> Result<&Path, SidecarError> {
        self.data.as_deref().ok_or_else(|| self.no_data_dir())
    }

    pub(crate) fn no_data_dir(&self) -> SidecarError {
        SidecarError::NoDataDir {
            what: self.document.clone(),
        }
    }
}

/// margent's per-user data folder (`~/.local/share/margent` on Linux).
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "margent").map(|dirs| dirs.data_dir().to_path_buf())
}

/// `essay.txt` → `essay.txt.notes.toml`, in the same folder.
pub fn beside(document: &Path) -> PathBuf {
    let mut name = document
        .file_name()
        .unwrap_or(document.as_os_str())
        .to_os_string();
    name.push(SUFFIX);
    document.with_file_name(name)
}

/// The folder a file is in (`.` for a bare file name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Whether the sidecar's name, or the longest name saving it uses (its temporary
/// file), is longer than file systems allow.
fn name_too_long(sidecar: &Path) -> bool {
    let name_bytes = sidecar
        .file_name()
        .map_or(0, |name| name.as_encoded_bytes().len());
    name_bytes + super::atomic::LONGEST_COMPANION_EXTRA > NAME_MAX_BYTES
}

/// The hash of the canonical path, so that every way of naming one file finds one sidecar.
pub(crate) fn path_hash(path: &Path) -> blake3::Hash {
    let canonical = path
        .canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    blake3::hash(canonical.as_os_str().as_encoded_bytes())
}

/// Why annotations meant for the sidecar beside the document went to the data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unwritable {
    /// The sidecar's name would be longer than file systems allow.
    NameTooLong,
    /// The folder is on a read-only mount.
    ReadOnlyFileSystem,
    /// The folder refuses new files (its permissions, another user's folder).
    FolderNotWritable,
    /// No space or no free inodes left on the disk.
    NoSpace,
    QuotaExceeded,
    /// The sidecar itself is read-only, or not writable by this user.
    FileNotWritable {
        name: String,
        mode: u32,
    },
}

impl Unwritable {
    /// The reason, if `err` (from saving beside the document) is one that the data
    /// folder can get around; `None` for anything else (damage, a symlink, a lock held
    /// too long), which is reported as it is.
    pub fn of(err: &SidecarError) -> Option<Unwritable> {
        match err {
            SidecarError::ReadOnlyFile { path, mode } => Some(Unwritable::FileNotWritable {
                name: path
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                mode: *mode,
            }),
            SidecarError::Io {
                operation, source, ..
            } if super::atomic::is_writing(operation) => Unwritable::of_io(source),
            _ => None,
        }
    }

    fn of_io(err: &io::Error) -> Option<Unwritable> {
        match err.kind() {
            io::ErrorKind::PermissionDenied => Some(Unwritable::FolderNotWritable),
            io::ErrorKind::ReadOnlyFilesystem => Some(Unwritable::ReadOnlyFileSystem),
            io::ErrorKind::StorageFull => Some(Unwritable::NoSpace),
            io::ErrorKind::QuotaExceeded => Some(Unwritable::QuotaExceeded),
            io::ErrorKind::InvalidFilename => Some(Unwritable::NameTooLong),
            _ => None,
        }
    }
}

impl fmt::Display for Unwritable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unwritable::NameTooLong => {
                f.write_str("the sidecar's name would be too long for the file system")
            }
            Unwritable::ReadOnlyFileSystem => {
                f.write_str("the document's folder is on a read-only file system")
            }
            Unwritable::FolderNotWritable => f.write_str("the document's folder is not writable"),
            Unwritable::NoSpace => f.write_str("no space left on the document's disk"),
            Unwritable::QuotaExceeded => f.write_str("disk quota exceeded"),
            Unwritable::FileNotWritable { name, mode } => {
                write!(f, "{name} {}", super::error::read_only_phrase(*mode))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_doc(path: &Path) -> Document {
        Document::from_text("Some text.\n", Source::File(path.to_path_buf()))
    }

    #[test]
    fn sidecar_sits_beside_the_document_with_notes_toml_appended() {
        assert_eq!(beside(Path::new("essay.txt")), Path::new("essay.txt.notes.toml"));
        assert_eq!(
            beside(Path::new("/a/b/红楼梦.txt")),
            Path::new("/a/b/红楼梦.txt.notes.toml")
        );
    }

    #[test]
    fn a_document_has_a_place_beside_it_and_one_in_the_data_folder() {
        let dir = tempfile::tempdir().unwrap();
        let document = dir.path().join("essay.txt");
        std::fs::write(&document, "x").unwrap();
        let places = Places::with_data_dir(
            &file_doc(&document),
            SidecarLocation::Auto,
            Some(Path::new("/data")),
        );
        assert_eq!(
            places.beside.as_deref(),
            Some(dir.path().join("essay.txt.notes.toml").as_path())
        );
        let hash = blake3::hash(document.canonicalize().unwrap().as_os_str().as_encoded_bytes());
        assert_eq!(
            places.data,
            Some(Path::new("/data/sidecars").join(format!("{}.notes.toml", hash.to_hex())))
        );
    }

    #[test]
    fn opening_creates_nothing_in_the_documents_folder() {
        let dir = tempfile::tempdir().unwrap();
        let document = dir.path().join("essay.txt");
        std::fs::write(&document, "x").unwrap();
        Places::with_data_dir(
            &file_doc(&document),
            SidecarLocation::Auto,
            Some(Path::new("/data")),
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["essay.txt"]);
    }

    #[test]
    fn every_way_of_naming_a_file_finds_one_data_sidecar() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("essay.txt"), "x").unwrap();
        let direct = file_doc(&dir.path().join("essay.txt"));
        let roundabout = file_doc(&dir.path().join(".").join("essay.txt"));
        let data = Some(Path::new("/data"));
        let first = Places::with_data_dir(&direct, SidecarLocation::DataDir, data).data;
        let second = Places::with_data_dir(&roundabout, SidecarLocation::DataDir, data).data;
        assert_eq!(first, second);
        assert!(first.unwrap().starts_with("/data/sidecars"));
    }

    #[test]
    fn stdin_has_only_the_data_folder_named_by_the_content_hash() {
        let doc = Document::from_text("piped text\n", Source::Stdin);
        let places = Places::with_data_dir(&doc, SidecarLocation::Beside, Some(Path::new("/data")));
        let hex = doc.content_hash().trim_start_matches("blake3:").to_string();
        assert_eq!(places.beside, None);
        assert_eq!(
            places.data,
            Some(Path::new("/data/sidecars").join(format!("{hex}.notes.toml")))
        );
    }

    #[test]
    fn no_data_folder_is_a_clear_error() {
        let doc = Document::from_text("piped text\n", Source::Stdin);
        let places = Places::with_data_dir(&doc, SidecarLocation::Auto, None);
        let err = places.data_or_error().unwrap_err();
        assert!(err.to_string().contains("no per-user data folder"), "{err}");
    }

    #[test]
    fn a_name_is_too_long_when_its_temporary_file_would_pass_name_max() {
        let extra = super::super::atomic::LONGEST_COMPANION_EXTRA;
        let fits = "a".repeat(NAME_MAX_BYTES - extra);
        assert!(!name_too_long(Path::new(&fits)));
        let too_long = "a".repeat(NAME_MAX_BYTES - extra + 1);
        assert!(name_too_long(Path::new(&too_long)));
        // 77 CJK characters (231 bytes) and ".tx" make a 244-byte sidecar name.
        let cjk = format!("{}.tx{SUFFIX}", "語".repeat(77));
        assert!(name_too_long(Path::new(&cjk)));
    }

    #[test]
    fn only_errors_the_data_folder_gets_around_send_notes_there() {
        let io_error = |kind: io::ErrorKind, operation| SidecarError::Io {
            path: PathBuf::from("a.notes.toml"),
            operation,
            source: io::Error::from(kind),
        };
        let write = super::super::atomic::WRITE;
        for (kind, expected) in [
            (
                io::ErrorKind::PermissionDenied,
                Some(Unwritable::FolderNotWritable),
            ),
            (
                io::ErrorKind::ReadOnlyFilesystem,
                Some(Unwritable::ReadOnlyFileSystem),
            ),
            (io::ErrorKind::StorageFull, Some(Unwritable::NoSpace)),
            (io::ErrorKind::QuotaExceeded, Some(Unwritable::QuotaExceeded)),
            (io::ErrorKind::InvalidFilename, Some(Unwritable::NameTooLong)),
            (io::ErrorKind::FileTooLarge, None),
            (io::ErrorKind::Other, None),
        ] {
            assert_eq!(Unwritable::of(&io_error(kind, write)), expected, "{kind:?}");
        }
        // Reading is not writing: an unreadable sidecar is an error, not a detour.
        assert_eq!(
            Unwritable::of(&io_error(io::ErrorKind::PermissionDenied, "read")),
            None
        );
        let symlink = SidecarError::Symlink {
            path: PathBuf::from("a.notes.toml"),
        };
        assert_eq!(Unwritable::of(&symlink), None);
    }

    #[test]
    fn the_raw_errors_of_a_full_disk_or_quota_are_recognised() {
        // ENOSPC and EDQUOT as the kernel reports them (Linux numbers).
        #[cfg(target_os = "linux")]
        for (errno, expected) in [
            (28, Unwritable::NoSpace),
            (122, Unwritable::QuotaExceeded),
            (30, Unwritable::ReadOnlyFileSystem),
            (13, Unwritable::FolderNotWritable),
            (1, Unwritable::FolderNotWritable),
            (36, Unwritable::NameTooLong),
        ] {
            assert_eq!(
                Unwritable::of_io(&io::Error::from_raw_os_error(errno)),
                Some(expected),
                "errno {errno}"
            );
        }
    }
}
