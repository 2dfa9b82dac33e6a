//! The library index (DESIGN §1.8): every document margent opens or annotates, in an
//! SQLite database in the per-user data folder (`~/.local/share/margent/library.sqlite3`)
//! with an FTS5 trigram index over quotes, notes and tags. The sidecars stay the truth:
//! the index is a cache that `refresh` brings up to date from sidecars whose size or
//! modification time changed, `rebuild` recreates, and losing it loses nothing.
//!
//! - `open`: the connection (WAL, busy timeout), and a damaged or newer index set aside.
//! - `schema`: the tables. `record`: what is written (a document, its annotations, its
//!   fingerprint). `refresh`: finding changed sidecars cheaply. `query`: the listing and
//!   the search. `fingerprint`: knowing a document by its text. `shelf`: the plain-text
//!   files under a folder. `moved`: giving a moved document its notes back.
//!
//! No terminal code; errors carry the index's path and the operation.

mod fingerprint;
mod moved;
mod open;
mod query;
mod record;
mod refresh;
mod rows;
mod schema;
pub mod shelf;
mod text;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use fingerprint::Fingerprint;
pub use moved::{Adopted, adopt_moved};
pub use open::{INDEX_FILE, default_index_path};
pub use query::{Entry, EntryState, Hit, SearchRequest};
pub use record::{Counts, Recorded};
pub use refresh::Refresh;

/// An open library index.
pub struct Library {
    conn: rusqlite::Connection,
    path: PathBuf,
    /// Where the per-user data folder's sidecars are (for documents' second sidecar).
    data_dir: Option<PathBuf>,
    /// Said once after opening: the old index was set aside, and why.
    set_aside: Option<String>,
}

/// Why the index could not be used (callers treat it as a warning: the sidecars are
/// the truth and every command works without the index, except `library` and `search`).
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("{path}: cannot {operation}: {source}", path = .path.display())]
    Sqlite {
        path: PathBuf,
        operation: &'static str,
        source: rusqlite::Error,
    },
    #[error("{path}: cannot {operation}: {source}", path = .path.display())]
    Io {
        path: PathBuf,
        operation: &'static str,
        source: std::io::Error,
    },
    #[error("no per-user data folder (is HOME set?): the library index has nowhere to live")]
    NoDataDir,
}

impl Library {
    /// The index file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// When opening found a damaged or newer index, what became of it (once).
    pub fn take_set_aside(&mut self) -> Option<String> {
        self.set_aside.take()
    }

    fn err(&self, operation: &'static str) -> impl FnOnce(rusqlite::Error) -> LibraryError + '_ {
        move |source| LibraryError::Sqlite {
            path: self.path.clone(),
            operation,
            source,
        }
    }
}

/// The current time in whole seconds since 1970.
pub(crate) fn now_seconds() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// A path made canonical, so that every way of naming a file finds one entry (an
/// absolute path when the file is gone).
pub fn canonical(path: &Path) -> PathBuf {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}
