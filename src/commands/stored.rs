//! The one place `edit` and `delete` reach a document's sidecar, through the same store
//! as `annotate` and the reader: the sidecar is found for the document, read whole, and
//! saved by lock, re-read, merge by id and atomic replace (`sidecar::Store`). When
//! where sidecars live changes, only this file follows. No terminal.

use std::path::Path;

use super::{CommandError, load_config, open_document, sidecar_failure};
use crate::annotation::Annotation;
use crate::cli::GlobalArgs;
use crate::config::Config;
use crate::sidecar::{self, Store};

/// A document's annotations, open for changes.
pub(super) struct StoredNotes {
    pub config: Config,
    store: Store,
}

impl StoredNotes {
    /// The config, then the document (which says where its sidecar is), then the
    /// sidecar: a damaged or unreadable one fails here, naming it.
    pub fn open(file: &Path, global: &GlobalArgs) -> Result<StoredNotes, CommandError> {
        let config = load_config(global)?;
        let doc = open_document(file, global)?;
        let path = sidecar::sidecar_path(&doc, config.sidecar.location).map_err(sidecar_failure)?;
        let store = Store::open(path, &doc).map_err(sidecar_failure)?;
        Ok(StoredNotes { config, store })
    }

    /// The sidecar, as messages name it.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// Whether there is a sidecar file at all (else there are no annotations).
    pub fn exists(&self) -> bool {
        self.store.path().exists()
    }

    pub fn annotations(&self) -> &[Annotation] {
        self.store.sidecar().annotations()
    }

    pub fn annotation(&self, id: &str) -> Option<&Annotation> {
        self.store.sidecar().annotation(id)
    }

    /// Replaces the annotation with the same id, in memory.
    pub fn put(&mut self, annotation: Annotation) -> Result<(), CommandError> {
        let path = self.store.path().to_path_buf();
        self.store.sidecar_mut().upsert(annotation).map_err(|err| {
            CommandError::Failed(format!("{}: cannot store the change: {err}", path.display()))
        })
    }

    /// Deletes the annotation with this id, in memory.
    pub fn remove(&mut self, id: &str) -> Option<Annotation> {
        self.store.sidecar_mut().remove(id)
    }

    /// Writes the changes, merged with whatever another margent saved meanwhile.
    pub fn save(&mut self) -> Result<(), CommandError> {
        self.store.save().map(|_| ()).map_err(sidecar_failure)
    }
}
