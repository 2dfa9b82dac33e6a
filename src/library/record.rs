//! Writing to the index: a document's facts (title, author, encoding, size, length,
//! fingerprint), what its sidecars hold (annotations with their search text and
//! section, counts by kind and review status, or the error that stopped them being
//! read) and each sidecar's size and modification time, so that `refresh` knows when to
//! read it again. One transaction per document: another process sees all of it or none.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{OptionalExtension, Transaction, params};

use super::fingerprint::Fingerprint;
use super::rows::write_annotations;
use super::{Library, LibraryError, canonical, now_seconds};
use crate::annotation::{Annotation, Kind, Status};
use crate::document::location::Locator;
use crate::document::{Document, Source};
use crate::sidecar::{self, DATA_SUBDIR, SUFFIX};

/// Annotations by kind and by review status. An open review item is an open `mark`
/// (what `t` makes: a passage tagged for review); resolved counts every kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub highlights: u64,
    pub notes: u64,
    pub marks: u64,
    pub open: u64,
    pub resolved: u64,
}

impl Counts {
    pub fn of(annotations: &[Arc<Annotation>]) -> Counts {
        let mut counts = Counts::default();
        for a in annotations {
            match a.kind {
                Kind::Highlight => counts.highlights += 1,
                Kind::Note => counts.notes += 1,
                Kind::Mark => counts.marks += 1,
            }
            match (a.status, a.kind) {
                (Status::Resolved, _) => counts.resolved += 1,
                (Status::Open, Kind::Mark) => counts.open += 1,
                (Status::Open, _) => {}
            }
        }
        counts
    }

    pub fn total(&self) -> u64 {
        self.highlights + self.notes + self.marks
    }
}

/// The row a document was recorded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub document_id: i64,
}

/// What a document's text says about it (known only when it was read).
struct Facts {
    fingerprint: Fingerprint,
    title: String,
    author: String,
    encoding: String,
    size: i64,
    char_count: i64,
}

/// One sidecar file as it was when read.
pub(super) struct SidecarFile {
    pub path: PathBuf,
    pub folder: PathBuf,
    pub stamp: Option<(i64, i64)>,
}

/// What a document's sidecars hold, both read as one set.
struct SidecarContents {
    files: Vec<SidecarFile>,
    annotations: Vec<Arc<Annotation>>,
    title: Option<String>,
    error: Option<String>,
    /// Not read: the index already holds what they say (`annotations` is empty).
    unchanged: bool,
}

impl Library {
    /// Records `doc` (a file; standard input is not recorded) and what its sidecars
    /// hold; `opened`: it was opened in the reader now (else it was only annotated).
    pub fn record_document(
        &mut self,
        doc: &Document,
        opened: bool,
    ) -> Result<Option<Recorded>, LibraryError> {
        let Source::File(path) = doc.source() else {
            return Ok(None);
        };
        let path = canonical(path);
        let facts = Facts {
            fingerprint: Fingerprint::of(doc),
            title: doc.title(),
            author: doc.author().unwrap_or_default().to_string(),
            encoding: doc.encoding().to_string(),
            size: std::fs::metadata(&path).map_or(0, |m| m.len() as i64),
            char_count: doc.len_chars() as i64,
        };
        // Opening a document whose sidecars the index already holds as they are (the
        // same sizes and times, the same text) reads none of them: with 100,000
        // annotations that is a second copy of them all while the reader loads its own.
        let contents = match self.sidecars_unchanged(&path, &facts.fingerprint.content_hash)? {
            Some(files) => SidecarContents {
                files,
                annotations: Vec::new(),
                title: None,
                error: None,
                unchanged: true,
            },
            None => self.read_sidecars(&path),
        };
        let locator = Locator::build(doc);
        let len = doc.len_chars();
        let section = |a: &Annotation| locator.locate(a.start.min(len)).section;
        let opened = opened.then(now_seconds);
        self.write(&path, Some(&facts), &contents, &section, opened)
            .map(Some)
    }

    /// Records the document at `path` from its files: the document itself when it can
    /// be read (for its facts), else only its sidecars (a missing document keeps its
    /// entry and its notes stay searchable).
    pub(crate) fn record_from_files(
        &mut self,
        path: &Path,
        opened: Option<i64>,
    ) -> Result<Recorded, LibraryError> {
        if let Ok(doc) = Document::open(path, None) {
            let recorded = self.record_document(&doc, false)?;
            if let (Some(recorded), Some(at)) = (recorded, opened) {
                self.conn
                    .execute(
                        "UPDATE documents SET last_opened = ?1 WHERE id = ?2",
                        params![at, recorded.document_id],
                    )
                    .map_err(self.err("record when a document was opened"))?;
            }
            if let Some(recorded) = recorded {
                return Ok(recorded);
            }
        }
        self.record_sidecars(&canonical(path))
    }

    /// Reads the document's sidecars again (they changed), keeping what the index
    /// knows of its text; sections come from the previous rows where an annotation
    /// did not move, else from the document when it is small enough to read quickly.
    pub(super) fn record_sidecars(&mut self, path: &Path) -> Result<Recorded, LibraryError> {
        let contents = self.read_sidecars(path);
        let previous = self.previous_sections(path)?;
        let small = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= 2 << 20);
        let doc = small.then(|| Document::open(path, None).ok()).flatten();
        let locator = doc.as_ref().map(Locator::build);
        let len = doc.as_ref().map_or(0, Document::len_chars);
        let section = |a: &Annotation| match previous.get(&(a.id.clone(), a.start as i64)) {
            Some(section) => section.clone(),
            None => locator.as_ref().and_then(|l| l.locate(a.start.min(len)).section),
        };
        self.write(path, None, &contents, &section, None)
    }

    /// Sets where the reader stopped in the document at `path` (a char offset).
    pub fn record_position(&mut self, path: &Path, char_offset: usize) -> Result<(), LibraryError> {
        let path = canonical(path);
        self.conn
            .execute(
                "UPDATE documents SET position = ?1 WHERE path = ?2",
                params![char_offset as i64, path.to_string_lossy()],
            )
            .map_err(self.err("record the reading position"))?;
        Ok(())
    }

    /// Removes the entry for `path` from the index (never a file); whether there was one.
    pub fn forget(&mut self, path: &Path) -> Result<bool, LibraryError> {
        let path = canonical(path);
        let removed = self
            .conn
            .execute(
                "DELETE FROM documents WHERE path = ?1",
                params![path.to_string_lossy()],
            )
            .map_err(self.err("forget a document"))?;
        Ok(removed > 0)
    }

    /// The document's sidecar beside it and its data-folder sidecar.
    pub(super) fn sidecar_paths(&self, document: &Path) -> Vec<PathBuf> {
        let mut paths = vec![sidecar::beside(document)];
        if let Some(data) = &self.data_dir {
            let hash = blake3::hash(document.as_os_str().as_encoded_bytes());
            paths.push(data.join(DATA_SUBDIR).join(format!("{}{SUFFIX}", hash.to_hex())));
        }
        paths
    }

    fn read_sidecars(&self, document: &Path) -> SidecarContents {
        let mut contents = SidecarContents {
            files: Vec::new(),
            annotations: Vec::new(),
            title: None,
            error: None,
            unchanged: false,
        };
        let mut by_id: HashMap<String, Arc<Annotation>> = HashMap::new();
        for path in self.sidecar_paths(document) {
            let stamp = stamp_of(&path);
            let folder = sidecar_folder(&path);
            if stamp.is_some() {
                match sidecar::read_data(&path) {
                    Ok(Some(data)) => {
                        let title = data.document.title.trim();
                        if contents.title.is_none() && !title.is_empty() {
                            contents.title = Some(title.to_string());
                        }
                        for a in data.annotations {
                            // The later change wins; on a tie the data folder's (read second).
                            match by_id.get(&a.id) {
                                Some(kept) if kept.modified > a.modified => {}
                                _ => {
                                    by_id.insert(a.id.clone(), a);
                                }
                            }
                        }
                    }
                    Ok(None) => {}
                    Err(err) => contents.error = Some(err.to_string()),
                }
            }
            contents.files.push(SidecarFile { path, folder, stamp });
        }
        contents.annotations = by_id.into_values().collect();
        contents
            .annotations
            .sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        contents
    }

    /// The document's sidecar files when the index holds them read as they are now
    /// (every one with the size and time recorded, none with an error) and the
    /// document's text is the one recorded; else `None`.
    fn sidecars_unchanged(
        &self,
        document: &Path,
        content_hash: &str,
    ) -> Result<Option<Vec<SidecarFile>>, LibraryError> {
        let recorded: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT content_hash, sidecar_error FROM documents WHERE path = ?1",
                params![document.to_string_lossy()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(self.err("read the index"))?;
        if !matches!(recorded, Some((hash, None)) if hash == content_hash) {
            return Ok(None);
        }
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT s.size, s.mtime_ns FROM sidecars s JOIN documents d ON d.id = s.document_id
                 WHERE d.path = ?1 AND s.path = ?2",
            )
            .map_err(self.err("read the index"))?;
        let mut files = Vec::new();
        for path in self.sidecar_paths(document) {
            let stamp = stamp_of(&path);
            let stored: Option<(Option<i64>, Option<i64>)> = statement
                .query_row(
                    params![document.to_string_lossy(), path.to_string_lossy()],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()
                .map_err(self.err("read the index"))?;
            if stored.map(|(size, mtime)| size.zip(mtime)) != Some(stamp) {
                return Ok(None);
            }
            let folder = sidecar_folder(&path);
            files.push(SidecarFile { path, folder, stamp });
        }
        Ok(Some(files))
    }

    fn previous_sections(&self, path: &Path) -> Result<HashMap<(String, i64), Option<String>>, LibraryError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT a.annotation_id, a.start, a.section FROM annotations a
                 JOIN documents d ON d.id = a.document_id WHERE d.path = ?1",
            )
            .map_err(self.err("read the index"))?;
        let rows = statement
            .query_map(params![path.to_string_lossy()], |row| {
                Ok(((row.get(0)?, row.get(1)?), row.get(2)?))
            })
            .map_err(self.err("read the index"))?;
        Ok(rows.flatten().collect())
    }

    fn write(
        &mut self,
        path: &Path,
        facts: Option<&Facts>,
        contents: &SidecarContents,
        section: &dyn Fn(&Annotation) -> Option<String>,
        opened: Option<i64>,
    ) -> Result<Recorded, LibraryError> {
        let index = self.path.clone();
        let failed = |source| LibraryError::Sqlite {
            path: index.clone(),
            operation: "record a document",
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(failed)?;
        let id = write_document(&tx, path, facts, contents, opened).map_err(failed)?;
        // A sidecar that does not parse leaves what the index last read of it (still
        // searchable) until it is mended; the entry shows the error.
        if contents.error.is_none() && !contents.unchanged {
            write_annotations(&tx, id, &contents.annotations, section).map_err(failed)?;
        }
        write_sidecars(&tx, id, &contents.files).map_err(failed)?;
        if let Some(facts) = facts {
            tx.execute("DELETE FROM paragraphs WHERE document_id = ?1", [id])
                .map_err(failed)?;
            let mut insert = tx
                .prepare_cached("INSERT INTO paragraphs (hash, document_id) VALUES (?1, ?2)")
                .map_err(failed)?;
            for hash in &facts.fingerprint.paragraphs {
                insert.execute(params![hash, id]).map_err(failed)?;
            }
            drop(insert);
            forget_moved_twins(&tx, id, path, &facts.fingerprint.content_hash).map_err(failed)?;
        }
        tx.commit().map_err(failed)?;
        Ok(Recorded { document_id: id })
    }
}

fn write_document(
    tx: &Transaction<'_>,
    path: &Path,
    facts: Option<&Facts>,
    contents: &SidecarContents,
    opened: Option<i64>,
) -> rusqlite::Result<i64> {
    let path_text = path.to_string_lossy();
    tx.execute(
        "INSERT INTO documents (path) VALUES (?1) ON CONFLICT (path) DO NOTHING",
        [&path_text],
    )?;
    let id: i64 = tx.query_row("SELECT id FROM documents WHERE path = ?1", [&path_text], |row| {
        row.get(0)
    })?;
    if let Some(facts) = facts {
        // Sidecars not read again keep the title they gave (`margent meta`).
        if !contents.unchanged {
            tx.execute(
                "UPDATE documents SET title = ?1 WHERE id = ?2",
                params![facts.title, id],
            )?;
        }
        tx.execute(
            "UPDATE documents SET content_hash = ?1, author = ?2, encoding = ?3, size = ?4,
             char_count = ?5, paragraph_count = ?6 WHERE id = ?7",
            params![
                facts.fingerprint.content_hash,
                facts.author,
                facts.encoding,
                facts.size,
                facts.char_count,
                facts.fingerprint.paragraphs.len() as i64,
                id
            ],
        )?;
    }
    if let Some(title) = &contents.title {
        tx.execute(
            "UPDATE documents SET title = ?1 WHERE id = ?2",
            params![title, id],
        )?;
    }
    if let Some(at) = opened {
        tx.execute(
            "UPDATE documents SET last_opened = ?1 WHERE id = ?2",
            params![at, id],
        )?;
    }
    if contents.unchanged {
        return Ok(id);
    }
    tx.execute(
        "UPDATE documents SET sidecar_error = ?1 WHERE id = ?2",
        params![contents.error, id],
    )?;
    if contents.error.is_some() {
        return Ok(id);
    }
    let counts = Counts::of(&contents.annotations);
    tx.execute(
        "UPDATE documents SET highlights = ?1, notes = ?2, marks = ?3, open_items = ?4, resolved = ?5,
         sidecar_error = ?6 WHERE id = ?7",
        params![
            counts.highlights as i64,
            counts.notes as i64,
            counts.marks as i64,
            counts.open as i64,
            counts.resolved as i64,
            contents.error,
            id
        ],
    )?;
    Ok(id)
}

fn write_sidecars(tx: &Transaction<'_>, id: i64, files: &[SidecarFile]) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM sidecars WHERE document_id = ?1", [id])?;
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO sidecars (path, document_id, folder, size, mtime_ns) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    // A folder's time is stored when first seen only: a refresh compares against it and
    // stores the new one after checking every sidecar in the folder.
    let mut folder = tx.prepare_cached("INSERT OR IGNORE INTO folders (path, mtime_ns) VALUES (?1, ?2)")?;
    for file in files {
        insert.execute(params![
            file.path.to_string_lossy(),
            id,
            file.folder.to_string_lossy(),
            file.stamp.map(|(size, _)| size),
            file.stamp.map(|(_, mtime)| mtime),
        ])?;
        folder.execute(params![
            file.folder.to_string_lossy(),
            stamp_of(&file.folder).map(|(_, mtime)| mtime)
        ])?;
    }
    Ok(())
}

/// An entry for the same text at a path that is gone, whose sidecars are gone too
/// (they were moved along): the document was moved, and this entry replaces it.
fn forget_moved_twins(
    tx: &Transaction<'_>,
    id: i64,
    path: &Path,
    content_hash: &str,
) -> rusqlite::Result<()> {
    let twins: Vec<(i64, String)> = {
        let mut statement =
            tx.prepare_cached("SELECT id, path FROM documents WHERE content_hash = ?1 AND id != ?2")?;
        statement
            .query_map(params![content_hash, id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    for (twin, twin_path) in twins {
        if Path::new(&twin_path).exists() || twin_path == path.to_string_lossy() {
            continue;
        }
        let sidecars_left: Option<i64> = tx
            .query_row(
                "SELECT 1 FROM sidecars WHERE document_id = ?1 AND size IS NOT NULL",
                [twin],
                |row| row.get(0),
            )
            .optional()?;
        let left = sidecars_left.is_some() && sidecar_files_exist(tx, twin)?;
        if !left {
            tx.execute(
                "UPDATE documents SET
                   last_opened = max(coalesce(last_opened, 0), (SELECT coalesce(last_opened, 0) FROM documents WHERE id = ?1)),
                   position = CASE WHEN position = 0 THEN (SELECT position FROM documents WHERE id = ?1) ELSE position END
                 WHERE id = ?2",
                params![twin, id],
            )?;
            tx.execute("DELETE FROM documents WHERE id = ?1", [twin])?;
        }
    }
    Ok(())
}

fn sidecar_files_exist(tx: &Transaction<'_>, id: i64) -> rusqlite::Result<bool> {
    let mut statement = tx.prepare_cached("SELECT path FROM sidecars WHERE document_id = ?1")?;
    let paths: Vec<String> = statement
        .query_map([id], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(paths.iter().any(|p| Path::new(p).exists()))
}

/// A file's size and modification time in nanoseconds; `None` when it is not there.
pub(super) fn stamp_of(path: &Path) -> Option<(i64, i64)> {
    let metadata = std::fs::metadata(path).ok()?;
    let mtime = metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i64);
    Some((metadata.len() as i64, mtime))
}

fn sidecar_folder(path: &Path) -> PathBuf {
    path.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
