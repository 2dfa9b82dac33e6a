//! Documents keep their notes when moved or renamed (DESIGN §1.8). A document opened
//! with no sidecar in either place, whose text the index knows under a path that is now
//! gone — the same text, or nearly (most paragraphs the same) — gets that entry's
//! sidecars: the one beside the old path is moved beside the new one (into the data
//! folder when the new folder cannot take it), the data-folder one is renamed to the new
//! path's name. A copy (the old file still there) gets nothing: notes are not doubled.

use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};

use super::fingerprint::Fingerprint;
use super::{Library, LibraryError, canonical};
use crate::document::{Document, Source};

/// Notes that came back to a moved document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adopted {
    /// Where the document was known before.
    pub from: PathBuf,
    /// Where reading stopped there (a char offset; 0 when unknown).
    pub position: usize,
    /// The sidecars moved, as (from, to).
    pub moved: Vec<(PathBuf, PathBuf)>,
}

impl Adopted {
    /// One line for the reader's status line.
    pub fn message(&self) -> String {
        format!(
            "Notes found from {} (the document was moved or renamed): they follow it here",
            self.from.display()
        )
    }
}

/// Gives `doc` the notes of the entry it was moved from, if it has none of its own.
pub fn adopt_moved(library: &mut Library, doc: &Document) -> Result<Option<Adopted>, LibraryError> {
    let Source::File(path) = doc.source() else {
        return Ok(None);
    };
    let path = canonical(path);
    let targets = library.sidecar_paths(&path);
    if targets.iter().any(|target| target.exists()) {
        return Ok(None);
    }
    let Some((id, old)) = library.moved_from(&path, doc)? else {
        return Ok(None);
    };
    let sources = library.sidecar_paths(&old);
    let mut moved = Vec::new();
    for (source, target) in sources.iter().zip(&targets) {
        if !source.is_file() {
            continue;
        }
        let fallback = targets.last().filter(|data| *data != target);
        if let Some(done) = move_file(source, target, fallback) {
            moved.push((source.clone(), done));
        }
    }
    if moved.is_empty() {
        return Ok(None);
    }
    let position: i64 = library
        .conn
        .query_row("SELECT position FROM documents WHERE id = ?1", [id], |row| {
            row.get(0)
        })
        .map_err(library.err("read the index"))?;
    let _ = library.conn.execute(
        "UPDATE documents SET path = ?1 WHERE id = ?2 AND NOT EXISTS (SELECT 1 FROM documents WHERE path = ?1)",
        params![path.to_string_lossy(), id],
    );
    Ok(Some(Adopted {
        from: old,
        position: position.max(0) as usize,
        moved,
    }))
}

impl Library {
    /// The entry, with a path that is gone, whose text is `doc`'s or nearly.
    fn moved_from(&self, path: &Path, doc: &Document) -> Result<Option<(i64, PathBuf)>, LibraryError> {
        let gone = |candidate: &str| candidate != path.to_string_lossy() && !Path::new(candidate).exists();
        let hash = doc.content_hash();
        let mut same = self
            .conn
            .prepare_cached("SELECT id, path FROM documents WHERE content_hash = ?1")
            .map_err(self.err("read the index"))?;
        let rows: Vec<(i64, String)> = same
            .query_map([&hash], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(self.err("read the index"))?
            .flatten()
            .collect();
        if let Some((id, old)) = rows.into_iter().find(|(_, old)| gone(old)) {
            return Ok(Some((id, PathBuf::from(old))));
        }
        let ours = super::fingerprint::paragraph_hashes(doc.text());
        if ours.len() < 2 {
            return Ok(None);
        }
        let placeholders = vec!["?"; ours.len()].join(",");
        let sql = format!(
            "SELECT p.document_id, d.path, d.paragraph_count, count(*) AS shared FROM paragraphs p
             JOIN documents d ON d.id = p.document_id
             WHERE p.hash IN ({placeholders}) GROUP BY p.document_id ORDER BY shared DESC LIMIT 8"
        );
        let mut near = self.conn.prepare(&sql).map_err(self.err("read the index"))?;
        let candidates: Vec<(i64, String, i64, i64)> = near
            .query_map(rusqlite::params_from_iter(&ours), |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .map_err(self.err("read the index"))?
            .flatten()
            .collect();
        Ok(candidates
            .into_iter()
            .find(|(_, old, theirs, shared)| {
                gone(old) && Fingerprint::near(*shared as usize, ours.len(), *theirs as usize)
            })
            .map(|(id, old, _, _)| (id, PathBuf::from(old))))
    }

    /// The index's position for a path, if it knows one.
    pub fn position_of(&self, path: &Path) -> Option<usize> {
        self.conn
            .query_row(
                "SELECT position FROM documents WHERE path = ?1",
                [canonical(path).to_string_lossy()],
                |row| row.get::<_, i64>(0),
            )
            .optional()
            .ok()
            .flatten()
            .map(|p| p.max(0) as usize)
    }
}

/// Moves `source` to `target` (or to `fallback` when `target`'s folder refuses it);
/// where it went. Across file systems it is copied, then the original removed.
fn move_file(source: &Path, target: &Path, fallback: Option<&PathBuf>) -> Option<PathBuf> {
    for destination in std::iter::once(target).chain(fallback.map(PathBuf::as_path)) {
        if let Some(folder) = destination.parent() {
            let _ = std::fs::create_dir_all(folder);
        }
        if destination.exists() {
            continue;
        }
        if std::fs::rename(source, destination).is_ok() {
            return Some(destination.to_path_buf());
        }
        if std::fs::copy(source, destination).is_ok() {
            let _ = std::fs::remove_file(source);
            return Some(destination.to_path_buf());
        }
    }
    None
}
