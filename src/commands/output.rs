//! Where `-o OUT` writes (DESIGN §1.2): a regular file, new or existing, is replaced
//! atomically (temp file beside it, fsync, rename); an existing OUT that is not a regular
//! file — a device such as /dev/null, a FIFO, a socket — is written to directly and never
//! replaced; a folder is refused. A symbolic link is followed, and the same rules apply
//! to what it points at (a link to a regular file keeps the link and replaces the file it
//! points to; a link to nothing is refused rather than creating a file through it).

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::CommandError;
use crate::sidecar;

/// What writing to an output path means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Destination {
    /// A regular file, or nothing yet: replaced (or created) atomically at this path.
    Replace(PathBuf),
    /// A device, FIFO or socket: opened and written, never replaced.
    Direct(PathBuf),
}

/// Decides how to write to `out` from what is there now.
pub(super) fn destination(out: &Path) -> Result<Destination, CommandError> {
    let failure = |reason: &str| CommandError::Failed(format!("{}: {reason}", out.display()));
    let metadata = match fs::symlink_metadata(out) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Destination::Replace(out.into())),
        Err(err) => return Err(failure(&format!("cannot write: {err}"))),
    };
    let (target, metadata) = if metadata.file_type().is_symlink() {
        let target = fs::canonicalize(out).map_err(|_| {
            failure("is a symbolic link to nothing; margent does not create files through links")
        })?;
        let metadata = fs::metadata(&target).map_err(|err| failure(&format!("cannot write: {err}")))?;
        (target, metadata)
    } else {
        (out.to_path_buf(), metadata)
    };
    if metadata.is_dir() {
        Err(failure("is a folder; give the name of a file to write"))
    } else if metadata.is_file() {
        Ok(Destination::Replace(target))
    } else {
        Ok(Destination::Direct(target))
    }
}

/// Writes to `out` by the rules above what `write` gives, a part at a time. A reader
/// of a FIFO that goes away is treated like a closed stdout: not an error.
pub(super) fn write_output_with(
    out: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), CommandError> {
    match destination(out)? {
        Destination::Replace(path) => {
            sidecar::write_atomically_with(&path, write).map_err(super::sidecar_failure)
        }
        Destination::Direct(path) => write_directly(&path, write).map_err(|err| {
            if err.kind() == io::ErrorKind::BrokenPipe {
                CommandError::BrokenPipe
            } else {
                CommandError::Failed(format!("{}: cannot write: {err}", out.display()))
            }
        }),
    }
}

/// Opens an existing special file for writing (never creating or truncating a file).
fn write_directly(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let file = OpenOptions::new().write(true).open(path)?;
    let mut buffered = io::BufWriter::new(file);
    write(&mut buffered)?;
    buffered.flush()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn regular_files_and_new_names_are_replaced_folders_refused() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.md");
        assert_eq!(destination(&new).unwrap(), Destination::Replace(new.clone()));
        fs::write(&new, "old").unwrap();
        assert_eq!(destination(&new).unwrap(), Destination::Replace(new.clone()));
        let err = destination(dir.path()).unwrap_err().to_string();
        assert!(err.contains("is a folder"), "{err}");
    }

    #[test]
    fn devices_are_written_directly() {
        let null = Path::new("/dev/null");
        assert_eq!(destination(null).unwrap(), Destination::Direct(null.into()));
    }

    #[test]
    fn links_are_followed_to_what_they_point_at() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.md");
        fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let canonical = fs::canonicalize(&target).unwrap();
        assert_eq!(destination(&link).unwrap(), Destination::Replace(canonical));
        let to_null = dir.path().join("null.md");
        std::os::unix::fs::symlink("/dev/null", &to_null).unwrap();
        assert_eq!(
            destination(&to_null).unwrap(),
            Destination::Direct("/dev/null".into())
        );
        let dangling = dir.path().join("dangling.md");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        let err = destination(&dangling).unwrap_err().to_string();
        assert!(err.contains("symbolic link to nothing"), "{err}");
    }
}
