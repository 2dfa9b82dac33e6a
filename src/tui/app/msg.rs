//! The reader's vocabulary with the runtime: messages in (keys, resizes, finished
//! background work) and effects out (save, copy, edit in `$EDITOR`, quit).

use std::sync::Arc;

use crate::annotation::Annotation;
use crate::document::Document;
use crate::document::outline::Outline;
use crate::keys::KeySpec;
use crate::tui::components::annotations::Placed;

/// Something that happened: a key, a resize, a finished background job.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeySpec),
    Resize {
        cols: u16,
        rows: u16,
    },
    /// The mouse wheel (when the mouse is captured); `true` scrolls down.
    Wheel(bool),
    Paste(String),
    OutlineReady(Arc<Outline>),
    /// The terminal asked us to stop (SIGTERM, SIGHUP).
    Terminate,
    /// The annotations cannot be changed, for this reason (a damaged sidecar).
    ReadOnly(String),
    /// The whole document, after a preview of its start was shown.
    DocumentLoaded(Arc<Document>),
    /// The end of the document, read to show it (`G`) before the whole of it is there.
    TailLoaded(Arc<Document>),
    /// The annotations, anchored to the text (on a background thread).
    AnnotationsReady(Vec<Placed>),
    /// Saving an annotation (or a deletion) failed: the reader says so, keeps working,
    /// and asks before quitting.
    PersistFailed(String),
    /// Something failed that loses no annotation (saving the reading position, running
    /// `$EDITOR`): the reader says so.
    Warn(String),
    /// A change was saved somewhere the person may not expect (the data folder, as the
    /// document's folder is read-only): the reader says where.
    SavedElsewhere(String),
    /// The title the document's sidecar gives it.
    Title(String),
    /// The note of annotation `id` as written in `$EDITOR` (`None`: not changed).
    ExternalNote {
        id: String,
        note: Option<String>,
    },
    /// The mouse (when captured): a press, a drag or a release at a cell.
    Mouse {
        kind: MouseKind,
        col: u16,
        row: u16,
    },
    /// No input for a few seconds: a quiet moment to save the reading position.
    Idle,
    /// All waiting input has been handled: time for work that only the latest state
    /// needs (the incremental search of a query typed or pasted in one burst).
    Settle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    Down,
    Drag,
    Up,
}

/// Work for the runtime: `update` itself never does IO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Store the reading position (a char offset): in the state folder, or the sidecar.
    /// Quitting follows: a failure is reported once the terminal is given back.
    SavePosition(usize),
    /// Store the reading position while reading on: a failure is said on the status line.
    KeepPosition(usize),
    /// Store this annotation (new or changed) in the sidecar now.
    SaveAnnotation(std::sync::Arc<Annotation>),
    DeleteAnnotation(String),
    /// Add this search to the history kept across sessions.
    RememberSearch(String),
    /// Put text on the clipboard through the terminal (OSC 52).
    Copy(String),
    /// Edit the note of annotation `id` in `$EDITOR`.
    EditExternally {
        id: String,
        note: String,
    },
    /// Every annotation is anchored to the current text: store its hash.
    MarkAnchored,
    /// Set the document's title in its sidecar.
    SetTitle(String),
    /// Leave the reader for the search across the library (then `Quit` follows).
    SearchLibrary,
    /// Leave the reader for another file given on the command line (then `Quit` follows).
    SwitchFile(crate::tui::FileStep),
    Quit,
    /// Clear and redraw the whole terminal.
    Redraw,
}
