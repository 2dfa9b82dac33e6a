//! Where a document's sidecar lives: beside it (`essay.txt` → `essay.txt.notes.toml`), or
//! in the per-user data folder under a blake3 hash of the document's canonical path (of
//! its text, for stdin) when its folder cannot be written. Decides paths only.

use std::path::{Path, PathBuf};

use super::error::SidecarError;
use crate::document::{Document, Source};

/// What ends a sidecar's file name.
pub const SUFFIX: &str = ".notes.toml";
/// The folder under the per-user data folder that holds hashed sidecars.
pub const DATA_SUBDIR: &str = "sidecars";

/// Where sidecars go (a config setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SidecarLocation {
    /// Beside the document when its folder is writable, else the data folder.
    #[default]
    Auto,
    /// Always beside the document (stdin has no "beside": the data folder).
    Beside,
    /// Always in the per-user data folder.
    DataDir,
}

/// The sidecar path for `doc`, using margent's per-user data folder.
pub fn sidecar_path(doc: &Document, setting: SidecarLocation) -> Result<PathBuf, SidecarError> {
    let data_dir =
        directories::ProjectDirs::from("", "", "margent").map(|dirs| dirs.data_dir().to_path_buf());
    sidecar_path_in(doc, setting, data_dir.as_deref())
}

/// The sidecar path for `doc` with the data folder given (`None`: there is none).
pub fn sidecar_path_in(
    doc: &Document,
    setting: SidecarLocation,
    data_dir: Option<&Path>,
) -> Result<PathBuf, SidecarError> {
    resolve(doc, setting, data_dir, folder_is_writable)
}

fn resolve(
    doc: &Document,
    setting: SidecarLocation,
    data_dir: Option<&Path>,
    writable: impl Fn(&Path) -> bool,
) -> Result<PathBuf, SidecarError> {
    let path = match doc.source() {
        Source::Stdin => return hashed(data_dir, blake3::hash(doc.text().as_bytes()), "standard input"),
        Source::File(path) => path,
    };
    let beside_it = beside(path);
    let use_beside = match setting {
        SidecarLocation::Beside => true,
        SidecarLocation::DataDir => false,
        SidecarLocation::Auto => writable(folder_of(&beside_it)),
    };
    if use_beside {
        return Ok(beside_it);
    }
    hashed(data_dir, path_hash(path), &path.display().to_string())
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

fn hashed(data_dir: Option<&Path>, hash: blake3::Hash, what: &str) -> Result<PathBuf, SidecarError> {
    let data_dir = data_dir.ok_or_else(|| SidecarError::NoDataDir {
        what: what.to_string(),
    })?;
    Ok(data_dir
        .join(DATA_SUBDIR)
        .join(format!("{}{SUFFIX}", hash.to_hex())))
}

/// The hash of the canonical path, so that every way of naming one file finds one sidecar.
fn path_hash(path: &Path) -> blake3::Hash {
    let canonical = path
        .canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    blake3::hash(&path_bytes(&canonical))
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

/// Whether a new file can be made in `folder`: tried, because permission bits do not tell
/// (ACLs, read-only mounts, root).
fn folder_is_writable(folder: &Path) -> bool {
    tempfile::Builder::new()
        .prefix(".margent-probe-")
        .tempfile_in(folder)
        .is_ok()
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
    fn auto_uses_the_documents_folder_when_writable() {
        let dir = tempfile::tempdir().unwrap();
        let doc = file_doc(&dir.path().join("essay.txt"));
        let path = sidecar_path_in(&doc, SidecarLocation::Auto, Some(Path::new("/data"))).unwrap();
        assert_eq!(path, dir.path().join("essay.txt.notes.toml"));
    }

    #[test]
    fn auto_falls_back_to_the_data_folder_when_the_folder_is_not_writable() {
        let dir = tempfile::tempdir().unwrap();
        let document = dir.path().join("essay.txt");
        std::fs::write(&document, "x").unwrap();
        let doc = file_doc(&document);
        let path = resolve(&doc, SidecarLocation::Auto, Some(Path::new("/data")), |_| false).unwrap();
        let hash = blake3::hash(&path_bytes(&document.canonicalize().unwrap()));
        assert_eq!(
            path,
            Path::new("/data/sidecars").join(format!("{}.notes.toml", hash.to_hex()))
        );
    }

    #[test]
    fn forced_data_dir_names_the_file_by_the_canonical_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("essay.txt"), "x").unwrap();
        let direct = file_doc(&dir.path().join("essay.txt"));
        let roundabout = file_doc(&dir.path().join(".").join("essay.txt"));
        let data = Some(Path::new("/data"));
        let first = sidecar_path_in(&direct, SidecarLocation::DataDir, data).unwrap();
        let second = sidecar_path_in(&roundabout, SidecarLocation::DataDir, data).unwrap();
        assert_eq!(first, second);
        assert!(first.starts_with("/data/sidecars"));
    }

    #[test]
    fn stdin_goes_to_the_data_folder_named_by_the_content_hash() {
        let doc = Document::from_text("piped text\n", Source::Stdin);
        let path = sidecar_path_in(&doc, SidecarLocation::Beside, Some(Path::new("/data"))).unwrap();
        let hex = doc.content_hash().trim_start_matches("blake3:").to_string();
        assert_eq!(
            path,
            Path::new("/data/sidecars").join(format!("{hex}.notes.toml"))
        );
    }

    #[test]
    fn no_data_folder_is_a_clear_error() {
        let doc = Document::from_text("piped text\n", Source::Stdin);
        let err = sidecar_path_in(&doc, SidecarLocation::Auto, None).unwrap_err();
        assert!(err.to_string().contains("no per-user data folder"), "{err}");
    }
}
