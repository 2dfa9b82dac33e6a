//! The one place `edit` and `delete` reach a document's annotations, through the same
//! `sidecar::Sidecars` as `annotate`, `notes` and the reader: both sidecars (beside the
//! document and in the data folder) read as one set, and each change saved by lock,
//! re-read, merge by id and atomic replace, beside the document when it can be written
//! there, else in the data folder (a line on stderr says so). No terminal.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{CommandError, load_config, open_document, sidecar_failure, tell_where_saved};
use crate::annotation::Annotation;
use crate::cli::GlobalArgs;
use crate::config::Config;
use crate::document::Document;
use crate::sidecar::{Places, Sidecars};

/// A document's annotations, open for changes.
pub(super) struct StoredNotes {
    pub config: Config,
    doc: Document,
    sidecars: Sidecars,
}

impl StoredNotes {
    /// The config, then the document (which says where its sidecars are), then the
    /// sidecars: a damaged or unreadable one fails here, naming it.
    pub fn open(file: &Path, global: &GlobalArgs) -> Result<StoredNotes, CommandError> {
        let config = load_config(global)?;
        let doc = open_document(file, global)?;
        let places = Places::of(&doc, config.sidecar.location);
        let sidecars = Sidecars::open(&doc, places).map_err(sidecar_failure)?;
        Ok(StoredNotes {
            config,
            doc,
            sidecars,
        })
    }

    /// The sidecar, as messages name it: the first that exists, else where one would go.
    pub fn path(&self) -> PathBuf {
        if let Some(first) = self.sidecars.files().first() {
            return first.to_path_buf();
        }
        let places = self.sidecars.places();
        places
            .beside
            .clone()
            .or_else(|| places.data.clone())
            .unwrap_or_default()
    }

    /// Whether there is a sidecar file at all (else there are no annotations).
    pub fn exists(&self) -> bool {
        !self.sidecars.files().is_empty()
    }

    pub fn annotations(&self) -> Vec<Arc<Annotation>> {
        self.sidecars.annotations().into_owned()
    }

    pub fn annotation(&self, id: &str) -> Option<&Annotation> {
        self.sidecars.annotation(id)
    }

    /// Replaces the annotation with the same id, and saves it (then `record`).
    pub fn put(&mut self, annotation: Annotation) -> Result<(), CommandError> {
        let saved = self.sidecars.upsert(annotation).map_err(sidecar_failure)?;
        tell_where_saved(&saved);
        Ok(())
    }

    /// Deletes the annotation with this id from every sidecar holding it, and saves
    /// (then `record`); `None` when there is no such annotation.
    pub fn remove(&mut self, id: &str) -> Result<Option<Annotation>, CommandError> {
        let Some(deleted) = self.sidecars.annotation(id).cloned() else {
            return Ok(None);
        };
        match self.sidecars.remove(id).map_err(sidecar_failure)? {
            Some(saved) => {
                tell_where_saved(&saved);
                Ok(Some(deleted))
            }
            None => Ok(None),
        }
    }

    /// Brings the library index in step with a change saved, the sidecars let go first:
    /// the index reads them itself, and with 100,000 annotations this copy is 100 MB.
    pub fn record(self) {
        let StoredNotes { doc, sidecars, .. } = self;
        drop(sidecars);
        super::indexing::record(&doc, false);
    }
}
