//! Work over the whole text, done on other threads while the first screen is read:
//! building the outline and anchoring the annotations. Their results come back to
//! the event loop as messages.

use std::sync::{Arc, mpsc};

use crate::anchor;
use crate::annotation::Annotation;
use crate::document::Document;
use crate::document::outline::Outline;
use crate::memory;

use super::Opened;
use super::app::{App, Msg};
use super::components::annotations::Placed;

/// Results of work over the whole text, done on other threads.
pub struct Background {
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
        Background {
            outline: spawn_outline(Arc::clone(&doc)),
            anchored: spawn_anchoring(doc, opened.annotations, opened.anchored_hash),
        }
    }

    /// What has finished since last asked, as messages.
    pub fn finished(&self, messages: &mut Vec<Msg>) {
        if let Ok(built) = self.outline.try_recv() {
            messages.push(Msg::OutlineReady(Arc::new(built)));
        }
        if let Ok(placed) = self.anchored.try_recv() {
            messages.push(Msg::AnnotationsReady(placed));
        }
    }
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
    annotations: Vec<Annotation>,
    anchored_hash: Option<String>,
) -> mpsc::Receiver<Vec<Placed>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(place(&doc, annotations, anchored_hash.as_deref()));
    });
    receiver
}

/// Anchors `annotations` in `doc`.
pub fn place(doc: &Document, annotations: Vec<Annotation>, anchored_hash: Option<&str>) -> Vec<Placed> {
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
