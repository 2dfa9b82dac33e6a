//! `margent [FILE|-]` on a terminal: opens the document in the full-screen reader with
//! its sidecar: annotations (read-only when the sidecar is damaged) and the reading
//! position, every change saved as it is made.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use super::{CommandError, Context, load_config, open_document};
use crate::annotation::Annotation;
use crate::document::Document;
use crate::sanitize;
use crate::sidecar::{self, DocumentInfo, Store};
use crate::tui::{self, Persistence, RunOptions, Settings};

pub fn read_file(path: &Path, context: &Context) -> Result<(), CommandError> {
    if !std::io::stdout().is_terminal() {
        return super::render_file(path, context.terminal_cols, &context.global);
    }
    let config = load_config(&context.global)?;
    let doc = Arc::new(open_document(path, &context.global)?);
    let (store, problem) = match sidecar::sidecar_path(&doc, config.sidecar.location) {
        Ok(sidecar_path) => {
            let (store, problem) = Store::open_or_read_only(sidecar_path, &doc);
            (
                Some(store),
                problem.map(|p| sanitize::inline(&p.to_string()).into_owned()),
            )
        }
        Err(err) => (None, Some(sanitize::inline(&err.to_string()).into_owned())),
    };
    let (annotations, anchored_hash, start_char) = match &store {
        Some(store) => {
            let sidecar = store.sidecar();
            let hash = sidecar.document().content_hash.clone();
            (sidecar.annotations().to_vec(), Some(hash), sidecar.position())
        }
        None => (Vec::new(), None, 0),
    };
    let options = RunOptions {
        start_char: start_char.min(doc.len_chars()),
        capture_mouse: config.reader.mouse,
        message: problem
            .as_ref()
            .map(|p| format!("Annotations are read-only: {p}")),
        annotations,
        anchored_hash,
        read_only: problem,
    };
    let mut persistence = SidecarPersistence {
        store,
        doc: Arc::clone(&doc),
    };
    tui::run(doc, Settings::new(config), options, &mut persistence)
        .map_err(|err| CommandError::Failed(format!("{}: {err}", path.display())))
}

/// The reader's changes, saved to the document's sidecar as they happen.
struct SidecarPersistence {
    store: Option<Store>,
    doc: Arc<Document>,
}

impl SidecarPersistence {
    /// Applies `change` to the store and saves it, unless the store is read-only.
    fn save(
        &mut self,
        what: &str,
        change: impl FnOnce(&mut Store) -> Result<(), String>,
    ) -> Result<(), String> {
        let Some(store) = &mut self.store else {
            return Ok(());
        };
        if let Some(reason) = store.read_only_reason() {
            return Err(format!("could not save {what}: {reason}"));
        }
        change(store)?;
        store
            .save()
            .map(|_| ())
            .map_err(|err| format!("could not save {what}: {err}"))
    }
}

impl Persistence for SidecarPersistence {
    fn save_position(&mut self, char_offset: usize) -> Result<(), String> {
        if self
            .store
            .as_ref()
            .is_some_and(|s| s.read_only_reason().is_some())
        {
            return Ok(());
        }
        self.save("the reading position", |store| {
            store.sidecar_mut().set_position(char_offset);
            Ok(())
        })
    }

    fn save_annotation(&mut self, annotation: &Annotation) -> Result<(), String> {
        self.save("the annotation", |store| {
            store
                .sidecar_mut()
                .upsert(annotation.clone())
                .map_err(|err| err.to_string())
        })
    }

    fn delete_annotation(&mut self, id: &str) -> Result<(), String> {
        self.save("the deletion", |store| {
            store.sidecar_mut().remove(id);
            Ok(())
        })
    }

    fn mark_anchored(&mut self) -> Result<(), String> {
        let doc = Arc::clone(&self.doc);
        self.save("the sidecar", |store| {
            let position = store.sidecar().position();
            let info = DocumentInfo {
                position,
                ..DocumentInfo::from_document(&doc)
            };
            store
                .sidecar_mut()
                .set_document(info)
                .map_err(|err| err.to_string())
        })
    }
}
