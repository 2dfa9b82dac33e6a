//! A document's annotations in the index, kept in step with its sidecars row by row:
//! only the rows that changed are deleted and inserted, so that the full-text index
//! (kept in step by triggers) is not rebuilt for one new note among 100,000.

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::{Transaction, params};

use super::text::{fold, tags_text};
use crate::annotation::Annotation;

/// One annotation as the index stores it (all but its row id and document).
struct AnnotationRow {
    kind: String,
    review: String,
    color: String,
    start: i64,
    section: Option<String>,
    exact: String,
    note: String,
    tags: String,
}

impl AnnotationRow {
    fn of(a: &Annotation, section: Option<String>) -> AnnotationRow {
        AnnotationRow {
            kind: a.kind.as_str().to_string(),
            review: a.status.as_str().to_string(),
            color: a.color.to_string(),
            start: a.start as i64,
            section,
            exact: fold(&a.exact),
            note: fold(&a.note),
            tags: tags_text(&a.tags),
        }
    }

    /// What tells rows apart, held instead of the row: with 100,000 annotations the rows
    /// themselves would be 50 MB.
    fn digest(&self) -> [u8; 16] {
        let mut hasher = blake3::Hasher::new();
        let section = self.section.as_deref();
        for field in [
            &self.kind,
            &self.review,
            &self.color,
            &self.exact,
            &self.note,
            &self.tags,
        ] {
            hasher.update(&(field.len() as u64).to_le_bytes());
            hasher.update(field.as_bytes());
        }
        hasher.update(&self.start.to_le_bytes());
        hasher.update(&[u8::from(section.is_some())]);
        hasher.update(section.unwrap_or_default().as_bytes());
        let mut digest = [0; 16];
        digest.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
        digest
    }
}

/// Brings the document's annotation rows in step with `annotations`, touching only the
/// rows that changed: the full-text index is costly to rewrite, and one new note in a
/// sidecar of 100,000 must not rebuild it all.
pub(super) fn write_annotations(
    tx: &Transaction<'_>,
    id: i64,
    annotations: &[Arc<Annotation>],
    section: &dyn Fn(&Annotation) -> Option<String>,
) -> rusqlite::Result<()> {
    let mut stored: HashMap<String, (i64, [u8; 16])> = HashMap::new();
    let mut stale: Vec<i64> = Vec::new();
    {
        let mut select = tx.prepare_cached(
            "SELECT id, annotation_id, kind, review, color, start, section, exact, note, tags
             FROM annotations WHERE document_id = ?1",
        )?;
        let mut rows = select.query([id])?;
        while let Some(row) = rows.next()? {
            let rowid: i64 = row.get(0)?;
            let annotation_id: String = row.get(1)?;
            let stored_row = AnnotationRow {
                kind: row.get(2)?,
                review: row.get(3)?,
                color: row.get(4)?,
                start: row.get(5)?,
                section: row.get(6)?,
                exact: row.get(7)?,
                note: row.get(8)?,
                tags: row.get(9)?,
            };
            if let Some((twin, _)) = stored.insert(annotation_id, (rowid, stored_row.digest())) {
                stale.push(twin);
            }
        }
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO annotations (document_id, annotation_id, kind, review, color, start, section, exact, note, tags)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut delete = tx.prepare_cached("DELETE FROM annotations WHERE id = ?1")?;
    for a in annotations {
        let row = AnnotationRow::of(a, section(a));
        match stored.remove(&a.id) {
            Some((_, old)) if old == row.digest() => continue,
            Some((rowid, _)) => {
                delete.execute([rowid])?;
            }
            None => {}
        }
        insert.execute(params![
            id,
            a.id,
            row.kind,
            row.review,
            row.color,
            row.start,
            row.section,
            row.exact,
            row.note,
            row.tags,
        ])?;
    }
    for rowid in stale
        .into_iter()
        .chain(stored.into_values().map(|(rowid, _)| rowid))
    {
        delete.execute([rowid])?;
    }
    Ok(())
}
