//! What the reader keeps for a document, without the terminal: its annotations in the
//! document's sidecars (`sidecar::Sidecars`, both places read as one set) and the
//! reading position in the per-user state folder (`position`), or in the sidecar when
//! `[reader] position = "sidecar"`. Reading alone writes nothing beside the document: an
//! old sidecar's `position` is honoured once, when the state folder has none, and is
//! never rewritten. `commands::read` adapts this to the reader's `Persistence`.

use std::path::PathBuf;
use std::sync::Arc;

use crate::annotation::Annotation;
use crate::config::Config;
use crate::document::Document;
use crate::position::{DocumentKey, PositionPlace, Positions};
use crate::sidecar::{Places, Saved, SidecarError, SidecarLocation, Sidecars};

/// Where things go: from the config, with the per-user folders (or others, in tests).
#[derive(Debug, Clone)]
pub struct Folders {
    pub location: SidecarLocation,
    pub position: PositionPlace,
    /// The per-user data folder (for sidecars); `None`: there is none.
    pub data_dir: Option<PathBuf>,
    /// Where reading positions are kept; `None`: nowhere (no home folder).
    pub positions: Option<Positions>,
}

impl Folders {
    pub fn per_user(config: &Config) -> Folders {
        Folders {
            location: config.sidecar.location,
            position: config.reader.position,
            data_dir: crate::sidecar::default_data_dir(),
            positions: Positions::per_user(),
        }
    }

    fn places(&self, doc: &Document) -> Places {
        Places::with_data_dir(doc, self.location, self.data_dir.as_deref())
    }
}

/// What there is for a document when the reader opens it.
#[derive(Debug, Default)]
pub struct Opening {
    /// Where to start reading (a char offset, within the text).
    pub position: usize,
    pub annotations: Vec<Arc<Annotation>>,
    /// The text hash the annotations were last anchored to.
    pub anchored_hash: Option<String>,
    /// Why annotations are read-only (a damaged, newer or symlinked sidecar), if so.
    pub read_only: Option<String>,
    /// The title the sidecars give the document, if any.
    pub title: Option<String>,
}

/// The open document's sidecars and reading position.
pub struct ReadingStore {
    folders: Folders,
    open: Option<OpenDocument>,
    /// A line to show about where the last change was saved, once.
    notice: Option<String>,
}

struct OpenDocument {
    doc: Arc<Document>,
    sidecars: Option<Sidecars>,
    key: DocumentKey,
    /// The position as last saved or found saved (saving it again writes nothing).
    saved_position: Option<usize>,
    /// The last notice given, not repeated for every change.
    last_notice: Option<String>,
    /// The sidecar files' sizes and times when last looked at (`outside_changes`).
    stamps: Vec<Option<(u64, std::time::SystemTime)>>,
}

/// The annotations after another process changed a sidecar.
pub struct Changed {
    pub annotations: Vec<Arc<Annotation>>,
    pub anchored_hash: Option<String>,
}

impl ReadingStore {
    pub fn new(folders: Folders) -> ReadingStore {
        ReadingStore {
            folders,
            open: None,
            notice: None,
        }
    }

    /// Whether a position other than the start is saved for the document whose start
    /// `preview` holds (a large file is shown from its start while it loads only when
    /// the reader opens at the start).
    pub fn has_saved_position(&self, preview: &Document) -> bool {
        let state = match (preview.source(), &self.folders.positions) {
            (crate::document::Source::File(path), Some(positions)) => positions.lookup_path(path),
            _ => None,
        };
        match (state, self.folders.position) {
            (Some(position), PositionPlace::State) => position > 0,
            // Only the sidecars' heads: 100,000 annotations would delay the first screen.
            _ => Sidecars::stored_position(&self.folders.places(preview)) > 0,
        }
    }

    /// Reads what there is for `doc`: annotations from both sidecars, and the position.
    pub fn open(&mut self, doc: &Arc<Document>) -> Opening {
        let (sidecars, problem) = Sidecars::open_or_read_only(doc, self.folders.places(doc));
        let problem = problem.map(|problem| short_message(&problem));
        let key = DocumentKey::of(doc);
        let state = match self.folders.position {
            PositionPlace::State => self.folders.positions.as_ref().and_then(|p| p.lookup(&key)),
            PositionPlace::Sidecar => None,
        };
        let position = state.unwrap_or_else(|| sidecars.sidecar_position());
        let opening = Opening {
            position: position.min(doc.len_chars()),
            annotations: sidecars.annotations().into_owned(),
            anchored_hash: sidecars.anchored_hash(),
            read_only: problem,
            title: Some(sidecars.document().title).filter(|title| !title.trim().is_empty()),
        };
        let saved_position = match self.folders.position {
            PositionPlace::State => state,
            PositionPlace::Sidecar => Some(position),
        };
        self.open = Some(OpenDocument {
            doc: Arc::clone(doc),
            stamps: sidecars.stamps(),
            sidecars: Some(sidecars),
            key,
            saved_position,
            last_notice: None,
        });
        opening
    }

    /// Saves the reading position (nothing is written when it has not moved).
    pub fn save_position(&mut self, char_offset: usize) -> Result<(), String> {
        let Some(open) = &mut self.open else {
            return Ok(());
        };
        if open.saved_position == Some(char_offset) {
            return Ok(());
        }
        match self.folders.position {
            PositionPlace::State => {
                let Some(positions) = &self.folders.positions else {
                    return Ok(()); // no home folder: nowhere to keep it
                };
                positions
                    .save(&open.key, char_offset)
                    .map_err(|err| err.to_string())?;
            }
            PositionPlace::Sidecar => {
                let Some(sidecars) = open.sidecars.as_mut().filter(|s| s.read_only_reason().is_none()) else {
                    return Ok(()); // the reason was shown when the document opened
                };
                sidecars
                    .set_position(char_offset)
                    .map_err(|err| format!("could not save the reading position: {err}"))?;
                open.stamps = sidecars.stamps();
            }
        }
        open.saved_position = Some(char_offset);
        Ok(())
    }

    pub fn save_annotation(&mut self, annotation: &Annotation) -> Result<(), String> {
        self.change("the annotation", |sidecars, _| {
            sidecars.upsert(annotation.clone()).map(Some)
        })
    }

    pub fn delete_annotation(&mut self, id: &str) -> Result<(), String> {
        self.change("the deletion", |sidecars, _| sidecars.remove(id))
    }

    /// Sets the document's title in its sidecar.
    pub fn set_title(&mut self, title: &str) -> Result<(), String> {
        self.change("the title", |sidecars, _| {
            sidecars.set_meta(Some(title), None).map(Some)
        })
    }

    /// Every annotation is anchored to the current text (see `Sidecars::mark_anchored`).
    pub fn mark_anchored(&mut self) -> Result<(), String> {
        self.change("the sidecar", |sidecars, doc| {
            sidecars.mark_anchored(doc).map(|()| None)
        })
    }

    /// The annotations as they now are when another process (`margent annotate`, a
    /// second reader, a `git pull`) changed a sidecar since this reader last looked: a
    /// file whose size or time changed is read again and merged with the changes made
    /// here. `Ok(None)` when nothing changed; `Err`, once, when a changed file cannot
    /// be read.
    pub fn outside_changes(&mut self) -> Result<Option<Changed>, String> {
        let Some(OpenDocument {
            sidecars: Some(sidecars),
            stamps,
            ..
        }) = &mut self.open
        else {
            return Ok(None);
        };
        let now = sidecars.stamps();
        if now != *stamps {
            *stamps = now;
            sidecars.refresh().map_err(|err| {
                format!(
                    "Annotations changed elsewhere could not be read: {}",
                    short_message(&err)
                )
            })?;
        }
        if !sidecars.take_outside_changes() {
            return Ok(None);
        }
        Ok(Some(Changed {
            annotations: sidecars.annotations().into_owned(),
            anchored_hash: sidecars.anchored_hash(),
        }))
    }

    /// Where the last change went, when that is worth saying (the data folder, and
    /// why), once for each new place or reason.
    pub fn take_notice(&mut self) -> Option<String> {
        self.notice.take()
    }

    fn change(
        &mut self,
        what: &str,
        change: impl FnOnce(&mut Sidecars, &Document) -> Result<Option<Saved>, SidecarError>,
    ) -> Result<(), String> {
        let Some(open) = &mut self.open else {
            return Ok(());
        };
        let Some(sidecars) = &mut open.sidecars else {
            return Ok(());
        };
        let saved = change(sidecars, &open.doc)
            .map_err(|err| format!("could not save {what}: {}", short_message(&err)))?;
        // This reader's own write is no news; what it took in meanwhile is still told.
        open.stamps = sidecars.stamps();
        let notice = saved.and_then(|saved| saved.notice());
        if notice.is_some() && notice != open.last_notice {
            self.notice.clone_from(&notice);
            open.last_notice = notice;
        }
        Ok(())
    }
}

/// An error for the one-row status line: the sidecar's file name instead of its
/// whole path (which the reason may be long enough without).
fn short_message(err: &SidecarError) -> String {
    let message = err.to_string();
    match err.path() {
        Some(path) => match path.file_name() {
            Some(name) => message.replace(&path.display().to_string(), &name.to_string_lossy()),
            None => message,
        },
        None => message,
    }
}

#[cfg(test)]
#[path = "reading_tests.rs"]
mod tests;
