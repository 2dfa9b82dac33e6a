//! Work over the whole text, done on other threads while the first screen is read:
//! building the outline and anchoring the annotations. Their results come back to
//! the event loop as messages.

use std::sync::{Arc, mpsc};

use crate::anchor;
use crate::annotation::Annotation;
use crate::document::outline::Outline;
use crate::document::{Document, Source};
use crate::memory;

use super::Opened;
use super::app::{App, Msg};
use super::components::annotations::Placed;

/// Results of work over the whole text, done on other threads.
pub struct Background {
    doc: Arc<Document>,
    /// The annotations read at opening have been placed (changes made elsewhere are
    /// looked for only then, so that the first set never overtakes a later one).
    placed: bool,
    /// The document file's size and time when it was read, and a changed one seen once.
    doc_stamp: Option<Stamp>,
    settling: Option<Stamp>,
    outline: mpsc::Receiver<Outline>,
    anchored: mpsc::Receiver<Vec<Placed>>,
}

impl Background {
    /// Starts the work over the whole text, and reports sidecar problems.
    pub fn start(app: &mut App, doc: Arc<Document>, opened: Opened) -> Background {
        if let Some(reason) = opened.read_only {
            app.update(Msg::ReadOnly(reason));
        }
        if let Some(notice) = opened.notice {
            app.update(Msg::SavedElsewhere(notice));
        }
        if let Some(title) = opened.title {
            app.update(Msg::Title(title));
        }
        Background {
            outline: spawn_outline(Arc::clone(&doc)),
            anchored: spawn_anchoring(Arc::clone(&doc), opened.annotations, opened.anchored_hash),
            doc_stamp: match doc.source() {
                Source::File(path) => stamp(path),
                Source::Stdin => None,
            },
            settling: None,
            doc,
            placed: false,
        }
    }

    /// Annotations changed by another process, placed in the text at once (on this
    /// thread, so that no edit made meanwhile is overtaken by an older set).
    pub fn changed(&self, changed: Opened) -> Msg {
        Msg::AnnotationsReady(place(
            &self.doc,
            changed.annotations,
            changed.anchored_hash.as_deref(),
        ))
    }

    /// What has finished since last asked, as messages.
    pub fn finished(&mut self, messages: &mut Vec<Msg>) {
        if let Ok(built) = self.outline.try_recv() {
            messages.push(Msg::OutlineReady(Arc::new(built)));
        }
        if let Ok(placed) = self.anchored.try_recv() {
            messages.push(Msg::AnnotationsReady(placed));
            self.placed = true;
        }
    }

    /// Whether the annotations read at opening have been placed.
    pub fn placed(&self) -> bool {
        self.placed
    }

    /// The document's file when it was edited since it was read and has since been
    /// left alone for one look (a file half written is not read): its path and the
    /// encoding it was read in.
    pub fn edited(&mut self) -> Option<(std::path::PathBuf, &'static str)> {
        let Source::File(path) = self.doc.source() else {
            return None;
        };
        let now = stamp(path);
        if now.is_none() || now == self.doc_stamp {
            self.settling = None;
            return None;
        }
        if self.settling != now {
            self.settling = now;
            return None;
        }
        self.doc_stamp = now;
        Some((path.clone(), self.doc.encoding()))
    }
}

/// A file's size and modification time.
type Stamp = (u64, std::time::SystemTime);

fn stamp(path: &std::path::Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), metadata.modified().ok()?))
}

/// Builds the outline on another thread: it reads the whole document.
fn spawn_outline(doc: Arc<Document>) -> mpsc::Receiver<Outline> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(Outline::build(&doc));
    });
    receiver
}

/// Anchors the annotations on another thread (searching a changed text takes time).
fn spawn_anchoring(
    doc: Arc<Document>,
    annotations: Vec<Arc<Annotation>>,
    anchored_hash: Option<String>,
) -> mpsc::Receiver<Vec<Placed>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(place(&doc, annotations, anchored_hash.as_deref()));
    });
    receiver
}

/// Anchors `annotations` in `doc`.
pub fn place(doc: &Document, annotations: Vec<Arc<Annotation>>, anchored_hash: Option<&str>) -> Vec<Placed> {
    let anchorings = anchor::anchor_all(doc, &annotations, anchored_hash);
    let mut placed: Vec<Placed> = memory::from_end(annotations)
        .zip(memory::from_end(anchorings))
        .map(|(annotation, anchoring)| Placed {
            annotation,
            status: anchoring.status,
            range: anchoring.start..anchoring.end,
        })
        .collect();
    placed.reverse();
    placed
}
