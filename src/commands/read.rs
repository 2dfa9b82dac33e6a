//! `margent [FILE|-]` on a terminal: opens the document in the full-screen reader, with
//! its sidecar for the reading position (and, read-only, when the sidecar is damaged).

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use super::{CommandError, Context, load_config, open_document};
use crate::sanitize;
use crate::sidecar::{self, Store};
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
            (Some(store), problem.map(|p| p.to_string()))
        }
        Err(err) => (None, Some(err.to_string())),
    };
    let start_char = store
        .as_ref()
        .map_or(0, |s| s.sidecar().position())
        .min(doc.len_chars());
    let options = RunOptions {
        start_char,
        capture_mouse: config.reader.mouse,
        message: problem.map(|p| format!("Annotations are read-only: {}", sanitize::inline(&p))),
    };
    let mut persistence = SidecarPersistence { store };
    tui::run(doc, Settings::new(config), options, &mut persistence)
        .map_err(|err| CommandError::Failed(format!("{}: {err}", path.display())))
}

/// The reader's changes, saved to the document's sidecar as they happen.
struct SidecarPersistence {
    store: Option<Store>,
}

impl Persistence for SidecarPersistence {
    fn save_position(&mut self, char_offset: usize) -> Result<(), String> {
        let Some(store) = &mut self.store else {
            return Ok(());
        };
        if store.read_only_reason().is_some() {
            return Ok(());
        }
        store.sidecar_mut().set_position(char_offset);
        store
            .save()
            .map(|_| ())
            .map_err(|err| format!("could not save the reading position: {err}"))
    }
}
