//! Opening the index: WAL journaling and a busy timeout, so that two margent processes
//! (a reader and a command, two readers) use it at once and neither loses a write; the
//! schema made on first use. An index that is not one (damaged, not SQLite at all) or
//! that a newer margent wrote is renamed aside, never deleted and never fatal, and a
//! fresh one is started; the documents the old one knew are recorded again when it can
//! still be read.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::schema::{self, SCHEMA_VERSION};
use super::{Library, LibraryError};

/// The index's file name in the per-user data folder.
pub const INDEX_FILE: &str = "library.sqlite3";
/// How long a write waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// `~/.local/share/margent/library.sqlite3` on Linux; `None` without a home folder.
pub fn default_index_path() -> Option<PathBuf> {
    crate::sidecar::default_data_dir().map(|dir| dir.join(INDEX_FILE))
}

/// Why an index file cannot be used as it is.
enum Unusable {
    Damaged(String),
    Newer(i64),
    Failed(LibraryError),
}

impl Library {
    /// The per-user index (created on first use).
    pub fn open_default() -> Result<Library, LibraryError> {
        let data_dir = crate::sidecar::default_data_dir().ok_or(LibraryError::NoDataDir)?;
        Library::open(&data_dir.join(INDEX_FILE), Some(&data_dir))
    }

    /// The index at `path`; `data_dir` is the per-user data folder whose `sidecars/`
    /// hold documents' second sidecars (`None`: there is none).
    pub fn open(path: &Path, data_dir: Option<&Path>) -> Result<Library, LibraryError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| LibraryError::Io {
                path: folder.to_path_buf(),
                operation: "create the data folder",
                source,
            })?;
        }
        let (conn, set_aside) = match connect(path) {
            Ok(conn) => (conn, None),
            Err(Unusable::Failed(err)) => return Err(err),
            Err(unusable) => {
                let known = old_document_paths(path);
                let message = set_aside(path, &unusable)?;
                let conn = connect(path).map_err(|unusable| match unusable {
                    Unusable::Failed(err) => err,
                    Unusable::Damaged(why) => sqlite_error(path, "start a new index", &why),
                    Unusable::Newer(_) => sqlite_error(path, "start a new index", "still newer"),
                })?;
                let mut library = Library {
                    conn,
                    path: path.to_path_buf(),
                    data_dir: data_dir.map(Path::to_path_buf),
                    set_aside: Some(message),
                };
                for document in known {
                    let _ = library.record_from_files(&document, None);
                }
                return Ok(library);
            }
        };
        Ok(Library {
            conn,
            path: path.to_path_buf(),
            data_dir: data_dir.map(Path::to_path_buf),
            set_aside,
        })
    }
}

fn connect(path: &Path) -> Result<Connection, Unusable> {
    let failed = |operation: &'static str| {
        let path = path.to_path_buf();
        move |source: rusqlite::Error| match damage(&source) {
            Some(why) => Unusable::Damaged(why),
            None => Unusable::Failed(LibraryError::Sqlite {
                path,
                operation,
                source,
            }),
        }
    };
    let flags =
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(failed("open the index"))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(failed("set the busy timeout"))?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(failed("use write-ahead logging"))?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(failed("set synchronous"))?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(failed("enable foreign keys"))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(failed("read the index's version"))?;
    match version {
        SCHEMA_VERSION => Ok(conn),
        0 => {
            create(&mut conn).map_err(failed("create the index"))??;
            Ok(conn)
        }
        newer if newer > SCHEMA_VERSION => Err(Unusable::Newer(newer)),
        older => Err(Unusable::Damaged(format!(
            "it was written by an older margent (version {older})"
        ))),
    }
}

/// Makes the schema, unless another process made it first.
fn create(conn: &mut Connection) -> Result<Result<(), Unusable>, rusqlite::Error> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version == SCHEMA_VERSION {
        return Ok(Ok(()));
    }
    let tables: i64 = tx.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))?;
    if version != 0 || tables != 0 {
        return Ok(Err(Unusable::Damaged(
            "it holds tables margent did not make".into(),
        )));
    }
    tx.execute_batch(schema::SCHEMA)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(Ok(()))
}

/// Whether an error says that the file is not a usable database.
fn damage(err: &rusqlite::Error) -> Option<String> {
    match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Some(err.to_string()),
        _ => None,
    }
}

/// Renames the index (and its write-ahead log) aside; says what was done.
fn set_aside(path: &Path, unusable: &Unusable) -> Result<String, LibraryError> {
    let (label, why) = match unusable {
        Unusable::Damaged(why) => ("damaged", why.clone()),
        Unusable::Newer(version) => (
            "newer",
            format!("it was written by a newer margent (index version {version})"),
        ),
        Unusable::Failed(err) => ("damaged", err.to_string()),
    };
    let stamp = super::now_seconds();
    let aside = with_suffix(path, &format!(".{label}-{stamp}"));
    std::fs::rename(path, &aside).map_err(|source| LibraryError::Io {
        path: path.to_path_buf(),
        operation: "set the unusable index aside",
        source,
    })?;
    let _ = std::fs::rename(with_suffix(path, "-wal"), with_suffix(&aside, "-wal"));
    let _ = std::fs::remove_file(with_suffix(path, "-shm"));
    Ok(format!(
        "the library index {} could not be used ({why}): it was renamed to {} and a new one started",
        path.display(),
        aside.display()
    ))
}

/// The documents an unusable index still lets us read (nothing when it is damaged).
fn old_document_paths(path: &Path) -> Vec<PathBuf> {
    let Ok(conn) = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return Vec::new();
    };
    let Ok(mut statement) = conn.prepare("SELECT path FROM documents") else {
        return Vec::new();
    };
    statement
        .query_map([], |row| row.get::<_, String>(0))
        .map(|rows| rows.flatten().map(PathBuf::from).collect())
        .unwrap_or_default()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn sqlite_error(path: &Path, operation: &'static str, why: &str) -> LibraryError {
    LibraryError::Sqlite {
        path: path.to_path_buf(),
        operation,
        source: rusqlite::Error::InvalidParameterName(why.to_string()),
    }
}
