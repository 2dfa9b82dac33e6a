//! `margent [FILE|-]` on a terminal: opens the document in the full-screen reader with
//! its sidecar: annotations (read-only when the sidecar is damaged) and the reading
//! position, every change saved as it is made. A large file read from the top is shown
//! from its first megabytes while the rest is read.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::{Arc, mpsc};

use super::{CommandError, Context, load_config, open_document};
use crate::annotation::Annotation;
use crate::cli::GlobalArgs;
use crate::config::SidecarLocation;
use crate::document::{Document, Source};
use crate::sanitize;
use crate::sidecar::{self, DocumentInfo, Store};
use crate::tui::{self, Opened, Outcome, Persistence, Settings, Start};

/// Files larger than this open with a preview of their start.
const PREVIEW_THRESHOLD: u64 = 4 << 20;
/// How much of a large file the preview shows (cut back to a line end).
const PREVIEW_BYTES: usize = 2 << 20;

pub fn read_file(path: &Path, context: &Context) -> Result<Outcome, CommandError> {
    if !std::io::stdout().is_terminal() {
        super::render_file(path, context.terminal_cols, &context.global)?;
        return Ok(Outcome::Quit);
    }
    let config = load_config(&context.global)?;
    let location = config.sidecar.location;
    let start = match preview(path, &context.global, location)? {
        Some(start) => start,
        None => Start::Ready(Arc::new(open_document(path, &context.global)?)),
    };
    let mut persistence = SidecarPersistence {
        store: None,
        location,
    };
    let capture_mouse = config.reader.mouse;
    tui::run(start, Settings::new(config), capture_mouse, &mut persistence)
        .map_err(|err| CommandError::Failed(format!("{}: {err}", path.display())))
}

/// The start of a large file (read from the top) as a preview, with the whole file
/// read on another thread; `None` when the file is small or opens at a saved position.
fn preview(
    path: &Path,
    global: &GlobalArgs,
    location: SidecarLocation,
) -> Result<Option<Start>, CommandError> {
    if path == Path::new("-")
        || std::fs::metadata(path).map_or(true, |m| !m.is_file() || m.len() <= PREVIEW_THRESHOLD)
    {
        return Ok(None);
    }
    let mut head = Vec::with_capacity(PREVIEW_BYTES);
    let opened =
        std::fs::File::open(path).and_then(|file| file.take(PREVIEW_BYTES as u64).read_to_end(&mut head));
    if opened.is_err() {
        return Ok(None);
    }
    let cut = memchr::memrchr(b'\n', &head).map_or(head.len(), |i| i + 1);
    head.truncate(cut);
    let Ok(preview) = Document::from_bytes(head, global.encoding, Source::File(path.to_path_buf())) else {
        return Ok(None);
    };
    // Only a reader starting at the top can be shown the start.
    let saved = sidecar::sidecar_path(&preview, location)
        .ok()
        .and_then(|sidecar| sidecar::read_sidecar(&sidecar).ok().flatten())
        .is_some_and(|sidecar| sidecar.position() > 0);
    if saved {
        return Ok(None);
    }
    let (sender, full) = mpsc::channel();
    let (path, encoding) = (path.to_path_buf(), global.encoding);
    std::thread::spawn(move || {
        let _ = sender.send(Document::open(&path, encoding).map_err(|err| err.to_string()));
    });
    Ok(Some(Start::Loading {
        preview: Arc::new(preview),
        full,
    }))
}

/// The reader's changes, saved to the document's sidecar as they happen.
struct SidecarPersistence {
    store: Option<(Store, Arc<Document>)>,
    location: SidecarLocation,
}

impl SidecarPersistence {
    /// Applies `change` to the store and saves it, unless the store is read-only.
    fn save(
        &mut self,
        what: &str,
        change: impl FnOnce(&mut Store, &Document) -> Result<(), String>,
    ) -> Result<(), String> {
        let Some((store, doc)) = &mut self.store else {
            return Ok(());
        };
        if let Some(reason) = store.read_only_reason() {
            return Err(format!("could not save {what}: {reason}"));
        }
        change(store, doc)?;
        store
            .save()
            .map(|_| ())
            .map_err(|err| format!("could not save {what}: {err}"))
    }
}

impl Persistence for SidecarPersistence {
    fn open(&mut self, doc: &Arc<Document>) -> Opened {
        let (store, problem) = match sidecar::sidecar_path(doc, self.location) {
            Ok(path) => {
                let (store, problem) = Store::open_or_read_only(path.clone(), doc);
                // The status line is one row: the file's name leaves room for the
                // line, column and reason.
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                let problem = problem.map(|p| match &name {
                    Some(name) => p.to_string().replace(&path.display().to_string(), name),
                    None => p.to_string(),
                });
                (Some(store), problem)
            }
            Err(err) => (None, Some(err.to_string())),
        };
        let opened = match &store {
            Some(store) => {
                let sidecar = store.sidecar();
                Opened {
                    position: sidecar.position().min(doc.len_chars()),
                    annotations: sidecar.annotations().to_vec(),
                    anchored_hash: Some(sidecar.document().content_hash.clone()),
                    read_only: None,
                }
            }
            None => Opened::default(),
        };
        self.store = store.map(|store| (store, Arc::clone(doc)));
        Opened {
            read_only: problem.map(|p| sanitize::inline(&p).into_owned()),
            ..opened
        }
    }

    fn save_position(&mut self, char_offset: usize) -> Result<(), String> {
        if self
            .store
            .as_ref()
            .is_some_and(|(s, _)| s.read_only_reason().is_some())
        {
            return Ok(());
        }
        self.save("the reading position", |store, _| {
            store.sidecar_mut().set_position(char_offset);
            Ok(())
        })
    }

    fn save_annotation(&mut self, annotation: &Annotation) -> Result<(), String> {
        self.save("the annotation", |store, _| {
            store
                .sidecar_mut()
                .upsert(annotation.clone())
                .map_err(|err| err.to_string())
        })
    }

    fn delete_annotation(&mut self, id: &str) -> Result<(), String> {
        self.save("the deletion", |store, _| {
            store.sidecar_mut().remove(id);
            Ok(())
        })
    }

    fn mark_anchored(&mut self) -> Result<(), String> {
        self.save("the sidecar", |store, doc| {
            let stored = store.sidecar().document();
            // A title set by hand is kept; only a missing one is filled in.
            let detected = DocumentInfo::from_document(doc);
            let info = DocumentInfo {
                position: stored.position,
                title: if stored.title.is_empty() {
                    detected.title.clone()
                } else {
                    stored.title.clone()
                },
                ..detected
            };
            store
                .sidecar_mut()
                .set_document(info)
                .map_err(|err| err.to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::Persistence;

    #[test]
    fn marking_the_text_anchored_keeps_a_title_set_by_hand() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("essay.txt");
        std::fs::write(&path, "A Detected Title\n\nSome words to read and annotate.\n").unwrap();
        let doc = Arc::new(Document::open(&path, None).unwrap());
        let mut persistence = SidecarPersistence {
            store: None,
            location: SidecarLocation::Auto,
        };
        persistence.open(&doc);
        persistence.save_position(5).unwrap();
        let sidecar_path = sidecar::beside(&path);
        let text = std::fs::read_to_string(&sidecar_path).unwrap();
        assert!(text.contains("title = \"A Detected Title\""), "{text}");
        std::fs::write(&sidecar_path, text.replace("A Detected Title", "My Own Title")).unwrap();

        persistence.open(&doc);
        persistence.mark_anchored().unwrap();
        let text = std::fs::read_to_string(&sidecar_path).unwrap();
        assert!(text.contains("title = \"My Own Title\""), "{text}");
        assert!(text.contains("position = 5"), "{text}");
    }
}
