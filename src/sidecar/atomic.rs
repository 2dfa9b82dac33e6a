//! Durable file replacement and the cross-process lock around read-merge-write.
//! The only code here that writes a sidecar; it knows nothing of TOML.
//!
//! Replacement: a temporary file created exclusively in the same folder, written, fsynced,
//! renamed over the target, then the folder fsynced — so after a kill -9 or a power cut
//! the target is the old file or the new one, whole.
//!
//! Lock: an exclusive `File::lock` on a hidden `.<name>.lock` beside the sidecar. The
//! holder deletes the lock file before releasing it, and a process that gets the lock
//! checks that the file it locked is still the one at that path (else it retries), so the
//! lock file never lingers and a deleted one cannot let two writers in at once.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use super::error::SidecarError;
use super::location::folder_of;

/// How long a save waits for another process's save to finish.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(10);
const LOCK_POLL: Duration = Duration::from_millis(2);
/// Random characters in a temporary file's name (`.essay.txt.notes.toml.AbC123.tmp`).
const TEMP_RANDOM_CHARS: usize = 6;
/// How many bytes the longest file made beside a sidecar adds to its name: the
/// temporary file's `.`, `.`, random characters and `.tmp` (the lock adds fewer).
pub(crate) const LONGEST_COMPANION_EXTRA: usize = 2 + TEMP_RANDOM_CHARS + 4;

/// The operations of a save that write (as named in `SidecarError::Io`): a failure of
/// one of these says the folder or disk refuses new data, where reading says nothing.
pub(crate) const LOCK: &str = "create its lock file";
pub(crate) const WRITE: &str = "write";
pub(crate) const REPLACE: &str = "replace";
pub(crate) const CREATE_FOLDER: &str = "create the folder";

/// Whether a failed `operation` was one that writes (see `LOCK`…).
pub(crate) fn is_writing(operation: &str) -> bool {
    [LOCK, WRITE, REPLACE, CREATE_FOLDER].contains(&operation)
}

/// Refuses a path that is a symbolic link (whether or not its target exists).
pub fn refuse_symlink(path: &Path) -> Result<(), SidecarError> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => Err(SidecarError::Symlink {
            path: path.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

/// Replaces `path` with `contents` atomically and durably. A symlink at `path` is refused,
/// never written through. The file keeps its permissions; a new one gets 0644 (umask).
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<(), SidecarError> {
    write_atomically_with(path, |file| file.write_all(contents))
}

/// `write_atomically`, the contents written by `write` (buffered), a part at a time.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), SidecarError> {
    refuse_symlink(path)?;
    let folder = folder_of(path);
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .suffix(".tmp")
        .rand_bytes(TEMP_RANDOM_CHARS);
    if let Some(permissions) = permissions_for(path) {
        builder.permissions(permissions);
    }
    let mut temp = builder
        .tempfile_in(folder)
        .map_err(|err| SidecarError::io(path, WRITE)(without_temp_path(err)))?;
    // Through the `File`: `NamedTempFile`'s own `Write` names its random file in errors
    // ("No space left on device at path …/.essay.txt.notes.toml.x1Y2z3.tmp").
    let file = temp.as_file_mut();
    let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut *file);
    let written = write(&mut buffered).and_then(|()| buffered.flush());
    drop(buffered);
    written
        .and_then(|()| file.sync_all())
        .map_err(|err| SidecarError::io(path, WRITE)(without_temp_path(err)))?;
    temp.persist(path)
        .map_err(|err| SidecarError::io(path, REPLACE)(without_temp_path(err.error)))?;
    sync_folder(folder)
}

/// Replaces `path` under its lock, first deleting temporary files a killed writer left:
/// for small files that several processes may write (no merge: the last one wins).
pub fn replace_locked(path: &Path, contents: &[u8]) -> Result<(), SidecarError> {
    let folder = folder_of(path);
    fs::create_dir_all(folder).map_err(SidecarError::io(path, CREATE_FOLDER))?;
    let _lock = lock(path, LOCK_TIMEOUT)?;
    remove_stale_temporaries(path);
    write_atomically(path, contents)
}

/// tempfile names its random file in some errors ("… at path /x/.a.Xy3z.tmp"): the
/// user knows the final path, which the caller names instead.
fn without_temp_path(err: io::Error) -> io::Error {
    let message = err.to_string();
    match message.split_once(" at path ") {
        Some((reason, _)) => io::Error::new(err.kind(), reason.to_owned()),
        None => err,
    }
}

fn permissions_for(path: &Path) -> Option<fs::Permissions> {
    match fs::metadata(path) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(_) => default_permissions(),
    }
}

#[cfg(unix)]
fn default_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<fs::Permissions> {
    None
}

/// Deletes temporary files left by a writer killed mid-save. Call only while holding the
/// lock: every save writes its temporary file under the lock, so any found then is dead.
pub fn remove_stale_temporaries(path: &Path) {
    let Some(name) = path.file_name().map(|name| name.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(folder_of(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let is_ours = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .is_some_and(|random| {
                random.len() == TEMP_RANDOM_CHARS && random.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if is_ours {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Makes the rename itself durable.
#[cfg(unix)]
fn sync_folder(folder: &Path) -> Result<(), SidecarError> {
    File::open(folder)
        .and_then(|dir| dir.sync_all())
        .map_err(SidecarError::io(folder, "sync the folder"))
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> Result<(), SidecarError> {
    Ok(())
}

/// The lock file that guards `sidecar`: `.essay.txt.notes.toml.lock` beside it.
pub fn lock_path(sidecar: &Path) -> PathBuf {
    let name = sidecar
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder_of(sidecar).join(format!(".{name}.lock"))
}

/// Holds the sidecar's lock; released (and the lock file deleted) when dropped.
#[derive(Debug)]
pub struct LockGuard {
    path: PathBuf,
    file: File,
}

/// Takes the lock that guards `sidecar`, waiting up to `timeout` for another holder.
pub fn lock(sidecar: &Path, timeout: Duration) -> Result<LockGuard, SidecarError> {
    let path = lock_path(sidecar);
    let deadline = Instant::now() + timeout;
    loop {
        refuse_symlink(&path)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            // Named by the sidecar: the lock is margent's business, the file the user's.
            .map_err(SidecarError::io(sidecar, LOCK))?;
        match file.try_lock() {
            Ok(()) if still_at(&file, &path) => return Ok(LockGuard { path, file }),
            Ok(()) => {} // deleted by the previous holder: lock the current file instead
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(err)) => {
                return Err(SidecarError::io(sidecar, LOCK)(err));
            }
        }
        drop(file);
        if Instant::now() >= deadline {
            return Err(SidecarError::LockTimeout {
                path: sidecar.to_path_buf(),
                seconds: timeout.as_secs(),
            });
        }
        thread::sleep(LOCK_POLL);
    }
}

/// Whether `file` is still the file at `path` (not unlinked or replaced meanwhile).
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(locked), Ok(current)) => locked.dev() == current.dev() && locked.ino() == current.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_file: &File, _path: &Path) -> bool {
    true
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        // Deleted while still held, so no one can lock a file that is about to vanish
        // and believe they hold the lock. Where identity cannot be checked, it stays.
        if cfg!(unix) {
            let _ = fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// Reads a file that may not exist yet: `Ok(None)` when it does not (nor can: a path
/// through a file, such as a data folder under a HOME that is a file).
pub fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>, SidecarError> {
    if_exists(
        path,
        crate::files::read_regular(path, super::model::limits::MAX_FILE_BYTES),
    )
}

/// The digest of a file's bytes, read a part at a time (`read_if_exists` without
/// holding them); `Ok(None)` when there is none.
pub fn digest_if_exists(path: &Path) -> Result<Option<blake3::Hash>, SidecarError> {
    let mut hasher = blake3::Hasher::new();
    let streamed = crate::files::stream_regular(path, super::model::limits::MAX_FILE_BYTES, |part| {
        hasher.update(part);
    });
    if_exists(path, streamed.map(|()| hasher.finalize()))
}

fn if_exists<T>(path: &Path, read: io::Result<T>) -> Result<Option<T>, SidecarError> {
    match read {
        Ok(value) => Ok(Some(value)),
        Err(err) if matches!(err.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => Ok(None),
        Err(err) => Err(SidecarError::io(path, "read")(err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.notes.toml");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.notes.toml")]);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_files_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.notes.toml");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.toml");
        fs::write(&target, "precious").unwrap();
        let link = dir.path().join("a.notes.toml");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = write_atomically(&link, b"new").unwrap_err();
        assert!(matches!(err, SidecarError::Symlink { .. }), "{err}");
        assert_eq!(fs::read(&target).unwrap(), b"precious");
    }

    #[test]
    fn stale_temporaries_of_this_sidecar_only_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.notes.toml");
        for name in [
            ".a.notes.toml.Xy12Z9.tmp",
            ".b.notes.toml.Xy12Z9.tmp",
            ".a.notes.toml.lock",
            "a.notes.toml",
        ] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        remove_stale_temporaries(&path);
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [".a.notes.toml.lock", ".b.notes.toml.Xy12Z9.tmp", "a.notes.toml"]
        );
    }

    #[test]
    fn lock_is_exclusive_and_its_file_goes_away() {
        let dir = tempfile::tempdir().unwrap();
        let sidecar = dir.path().join("a.notes.toml");
        let held = lock(&sidecar, LOCK_TIMEOUT).unwrap();
        assert!(lock_path(&sidecar).exists());
        let err = lock(&sidecar, Duration::from_millis(30)).unwrap_err();
        assert!(matches!(err, SidecarError::LockTimeout { .. }), "{err}");
        drop(held);
        assert!(!lock_path(&sidecar).exists());
        drop(lock(&sidecar, Duration::from_millis(30)).unwrap());
    }
}
