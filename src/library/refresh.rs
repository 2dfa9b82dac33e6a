//! Bringing the index up to date with sidecars changed behind its back (by git, a hand
//! edit, another tool), cheaply enough to do before every `search`: margent and most
//! editors save a file by renaming a new one over it, which changes its folder's
//! modification time, so only the sidecars in folders whose time changed are looked at
//! (a few `stat`s for a library of thousands). `Thorough` looks at every sidecar (an
//! editor that rewrites a file in place leaves its folder's time alone); `margent
//! library` does that, since it looks at every document anyway. `rebuild` starts over.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rusqlite::params;

use super::record::stamp_of;
use super::{Library, LibraryError};

/// How hard a refresh looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    /// Sidecars in folders whose modification time changed.
    Folders,
    /// Every sidecar.
    Thorough,
}

impl Library {
    /// Re-reads the sidecars that changed since they were read; how many documents were
    /// brought up to date.
    pub fn refresh(&mut self, how: Refresh) -> Result<usize, LibraryError> {
        // Each folder's time is taken before its sidecars are looked at, so that a
        // change made meanwhile is seen by the next refresh.
        let folders = self.folder_times(how == Refresh::Folders)?;
        if how == Refresh::Folders && folders.is_empty() {
            return Ok(0);
        }
        let names: Vec<String> = folders.iter().map(|(path, _)| path.clone()).collect();
        let mut sidecars = self.sidecars_in((how == Refresh::Folders).then_some(&names[..]))?;
        if how == Refresh::Thorough
            && let Some(data) = &self.data_dir
        {
            // margent alone writes the data folder's sidecars, always by renaming a new
            // file over the old: its folder's time tells of every change there.
            let data = data.join(crate::sidecar::DATA_SUBDIR);
            let unchanged = !self
                .folder_times(true)?
                .iter()
                .any(|(path, _)| Path::new(path) == data);
            if unchanged {
                sidecars.retain(|(path, ..)| !Path::new(path).starts_with(&data));
            }
        }
        let stamps = crate::par::map(&sidecars, |(path, ..)| stamp_of(Path::new(path)));
        let mut changed = BTreeSet::new();
        for ((_, document, size, mtime), stamp) in sidecars.into_iter().zip(stamps) {
            if stamp != size.zip(mtime) {
                changed.insert(document);
            }
        }
        for document in &changed {
            self.record_sidecars(Path::new(document))?;
        }
        self.store_folder_times(&folders)?;
        Ok(changed.len())
    }

    /// Recreates the index from the sidecars of every document it knows and of the
    /// plain-text files under `folders`; how many documents it then holds.
    pub fn rebuild(&mut self, folders: &[PathBuf]) -> Result<usize, LibraryError> {
        let mut documents: BTreeSet<PathBuf> = self.known_paths()?.into_iter().collect();
        for folder in folders {
            for file in super::shelf::walk(folder, |_| true) {
                documents.insert(super::canonical(&file));
            }
        }
        let opened = self.opened_times()?;
        self.conn
            .execute_batch(
                "DELETE FROM documents; DELETE FROM folders;
                 INSERT INTO annotations_fts (annotations_fts) VALUES ('rebuild');",
            )
            .map_err(self.err("empty the index"))?;
        let mut count = 0;
        for document in documents {
            let known = opened.iter().find(|(path, _, _)| *path == document);
            let has_notes = self
                .sidecar_paths(&document)
                .iter()
                .any(|sidecar| sidecar.exists());
            // A file found in a folder joins the library only with notes to keep.
            if known.is_none() && !has_notes {
                continue;
            }
            let recorded = self.record_from_files(&document, known.and_then(|k| k.1))?;
            if let Some((_, _, position)) = known {
                self.conn
                    .execute(
                        "UPDATE documents SET position = ?1 WHERE id = ?2",
                        params![position, recorded.document_id],
                    )
                    .map_err(self.err("record the reading position"))?;
            }
            count += 1;
        }
        Ok(count)
    }

    fn known_paths(&self) -> Result<Vec<PathBuf>, LibraryError> {
        Ok(self
            .opened_times()?
            .into_iter()
            .map(|(path, _, _)| path)
            .collect())
    }

    fn opened_times(&self) -> Result<Vec<(PathBuf, Option<i64>, i64)>, LibraryError> {
        let mut statement = self
            .conn
            .prepare("SELECT path, last_opened, position FROM documents")
            .map_err(self.err("read the index"))?;
        let rows = statement
            .query_map([], |row| {
                Ok((PathBuf::from(row.get::<_, String>(0)?), row.get(1)?, row.get(2)?))
            })
            .map_err(self.err("read the index"))?;
        Ok(rows.flatten().collect())
    }

    /// Every folder holding sidecars with its modification time now (only those whose
    /// time changed since it was stored, when `changed_only`).
    fn folder_times(&self, changed_only: bool) -> Result<Vec<(String, Option<i64>)>, LibraryError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT path, mtime_ns FROM folders")
            .map_err(self.err("read the index"))?;
        let rows = statement
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, Option<i64>>(1)?))
            })
            .map_err(self.err("read the index"))?;
        Ok(rows
            .flatten()
            .filter_map(|(path, stored)| {
                let now = stamp_of(Path::new(&path)).map(|(_, m)| m);
                (!changed_only || now != stored).then_some((path, now))
            })
            .collect())
    }

    #[allow(clippy::type_complexity)]
    fn sidecars_in(
        &self,
        folders: Option<&[String]>,
    ) -> Result<Vec<(String, String, Option<i64>, Option<i64>)>, LibraryError> {
        let sql = "SELECT s.path, d.path, s.size, s.mtime_ns FROM sidecars s JOIN documents d ON d.id = s.document_id";
        let map = |row: &rusqlite::Row<'_>| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?));
        match folders {
            None => {
                let mut statement = self.conn.prepare(sql).map_err(self.err("read the index"))?;
                let rows = statement.query_map([], map).map_err(self.err("read the index"))?;
                Ok(rows.flatten().collect())
            }
            Some(folders) => {
                let mut statement = self
                    .conn
                    .prepare_cached(&format!("{sql} WHERE s.folder = ?1"))
                    .map_err(self.err("read the index"))?;
                let mut all = Vec::new();
                for folder in folders {
                    let rows = statement
                        .query_map([folder], map)
                        .map_err(self.err("read the index"))?;
                    all.extend(rows.flatten());
                }
                Ok(all)
            }
        }
    }

    fn store_folder_times(&self, folders: &[(String, Option<i64>)]) -> Result<(), LibraryError> {
        let mut update = self
            .conn
            .prepare_cached("UPDATE folders SET mtime_ns = ?1 WHERE path = ?2")
            .map_err(self.err("record a folder's time"))?;
        for (folder, mtime) in folders {
            update
                .execute(params![mtime, folder])
                .map_err(self.err("record a folder's time"))?;
        }
        Ok(())
    }
}
