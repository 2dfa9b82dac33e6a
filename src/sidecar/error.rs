//! What can go wrong with a sidecar on disk. Every error names the file and, where it
//! helps, the operation, line and column; messages hold no control characters taken
//! from a file (paths are sanitised by whoever prints them, as for every message).

use std::io;
use std::path::{Path, PathBuf};

use super::model::InvalidValue;
use super::schema::{SchemaError, SchemaErrorKind};

#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    /// The file is not a sidecar this margent can read: not TOML, a value it cannot
    /// accept, or a newer `schema_version`. It is never overwritten.
    #[error("{}: {source}", path.display())]
    Damaged { path: PathBuf, source: SchemaError },
    #[error("{}: is a symbolic link; margent never writes through one", path.display())]
    Symlink { path: PathBuf },
    #[error("{}: cannot {operation}: {source}", path.display())]
    Io {
        path: PathBuf,
        operation: &'static str,
        source: io::Error,
    },
    #[error("{}: gave up after {seconds} s waiting for another margent to finish saving", path.display())]
    LockTimeout { path: PathBuf, seconds: u64 },
    #[error("{}: {source}", path.display())]
    Invalid { path: PathBuf, source: InvalidValue },
    /// Saving was refused because the store was opened read-only (`reason` says why).
    #[error("{}: not saved, annotations are read-only: {reason}", path.display())]
    ReadOnly { path: PathBuf, reason: String },
    #[error("{what}: no per-user data folder to keep its sidecar in (is HOME set?)")]
    NoDataDir { what: String },
    /// The sidecar has no write permission (or not for this user): it is left as it is
    /// rather than replaced, which renaming over it would do.
    #[error("{}: {}: not changed; make it writable (chmod u+w) to save annotations in it", path.display(), read_only_phrase(*mode))]
    ReadOnlyFile { path: PathBuf, mode: u32 },
    /// Neither the sidecar beside the document nor the one in the data folder could
    /// be written.
    #[error("{}: not saved: {why}, and the data folder failed too: {data}", beside.display())]
    Unsaved {
        beside: PathBuf,
        why: String,
        data: Box<SidecarError>,
    },
    /// An annotation kept in a sidecar that cannot be written cannot be deleted.
    #[error("{}: cannot delete the annotation: {why}; it is kept", path.display())]
    Undeletable { path: PathBuf, why: String },
}

/// "is read-only (mode 0444)", or "is not writable by you (mode 0644)".
pub(crate) fn read_only_phrase(mode: u32) -> String {
    if mode & 0o222 == 0 {
        format!("is read-only (mode {mode:04o})")
    } else {
        format!("is not writable by you (mode {mode:04o})")
    }
}

impl SidecarError {
    pub(crate) fn io(path: &Path, operation: &'static str) -> impl FnOnce(io::Error) -> SidecarError {
        let path = path.to_path_buf();
        move |source| SidecarError::Io {
            path,
            operation,
            source,
        }
    }

    /// The sidecar (or lock, or folder) the error is about.
    pub fn path(&self) -> Option<&Path> {
        match self {
            SidecarError::Damaged { path, .. }
            | SidecarError::Symlink { path }
            | SidecarError::Io { path, .. }
            | SidecarError::LockTimeout { path, .. }
            | SidecarError::Invalid { path, .. }
            | SidecarError::ReadOnly { path, .. }
            | SidecarError::ReadOnlyFile { path, .. }
            | SidecarError::Undeletable { path, .. } => Some(path),
            SidecarError::Unsaved { beside, .. } => Some(beside),
            SidecarError::NoDataDir { .. } => None,
        }
    }

    /// The file exists but cannot be read as a sidecar (so it must not be overwritten).
    pub fn is_damaged(&self) -> bool {
        matches!(self, SidecarError::Damaged { .. })
    }

    /// The file was written by a newer margent.
    pub fn is_newer_schema(&self) -> bool {
        matches!(
            self,
            SidecarError::Damaged {
                source: SchemaError {
                    kind: SchemaErrorKind::NewerSchema { .. },
                    ..
                },
                ..
            }
        )
    }

    /// 1-based line and column of the problem in the file, when it is about its text.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        match self {
            SidecarError::Damaged { source, .. } => Some((source.line, source.column)),
            _ => None,
        }
    }
}
