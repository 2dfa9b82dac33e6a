//! The reader's state: its components and the mode (reading, selecting, a prompt, an
//! overlay), composed by one `update` (in `update`) that alone changes the mode.
//! Rendering reads it through the accessors below and never changes it.

pub mod geometry;
mod keys;
mod msg;
mod popups;
mod settings;
mod update;

use std::sync::Arc;

pub use geometry::Geometry;
pub use msg::{Effect, MouseKind, Msg};
pub use settings::{Settings, Stamps, SystemStamps};

use super::components::annotations::Annotating;
use super::components::contents::Contents;
use super::components::editor::NoteEditor;
use super::components::help::Help;
use super::components::list::AnnotationList;
use super::components::prompts::{LineInput, TagPrompt};
use super::components::reader::Reader;
use super::components::search::{SearchPrompt, Searching};
use super::components::selection::Selection;
use super::components::status::Status;
use crate::document::Document;

/// What the keys do now; the overlays and prompts carry their own state.
#[derive(Debug, Clone)]
pub enum Mode {
    Reading,
    Select,
    /// Typing a search.
    Search(SearchPrompt),
    Help(Help),
    Contents(Contents),
    List(AnnotationList),
    Note(Box<NoteEditor>),
    /// Typing tags (space-separated) for a selection or an annotation.
    Tags(TagPrompt),
    /// Typing the document's title.
    Title(LineInput),
    /// Asking whether to quit although an annotation could not be saved.
    ConfirmQuit,
    /// Asking whether to delete the annotation (id) whose note has text.
    ConfirmDelete(String),
}

pub struct App {
    settings: Settings,
    stamps: Box<dyn Stamps>,
    reader: Reader,
    status: Status,
    search: Searching,
    selection: Option<Selection>,
    annotations: Annotating,
    mode: Mode,
}

impl App {
    /// The reader of `doc` on a terminal of `cols` × `rows`, at `top_char`.
    pub fn new(doc: Arc<Document>, settings: Settings, cols: u16, rows: u16, top_char: usize) -> App {
        let reader = Reader::new(doc, &settings, (cols, rows), top_char);
        App {
            settings,
            stamps: Box::new(SystemStamps),
            reader,
            status: Status::default(),
            search: Searching::default(),
            selection: None,
            annotations: Annotating::default(),
            mode: Mode::Reading,
        }
    }

    /// The same reader with new annotations stamped by `stamps` (tests: fixed times and ids).
    #[cfg(test)]
    pub fn with_stamps(mut self, stamps: Box<dyn Stamps>) -> App {
        self.stamps = stamps;
        self
    }

    /// The same reader with the searches of earlier sessions (oldest first) to recall.
    pub fn with_search_history(mut self, history: Vec<String>) -> App {
        for query in history {
            self.search.history.push(&query);
        }
        self
    }

    /// The reading position to save: a char offset into the normalised text.
    #[cfg(test)]
    pub fn position(&self) -> usize {
        self.reader.top_char
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Whether a message acts on the text shown while the rest of the document is
    /// read (`Reader::moves_before_loaded`): `Some(true)` for `G`, which needs the
    /// document's end; `None` for one that waits for the whole document.
    pub fn acts_before_loaded(&self, msg: &Msg) -> Option<bool> {
        let Msg::Key(key) = msg else {
            return None;
        };
        if !matches!(self.mode, Mode::Reading) || self.selection.is_some() {
            return None;
        }
        let action = self.settings.keymap.action(crate::keys::KeyMode::Normal, *key)?;
        self.reader.moves_before_loaded(action)
    }

    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    pub fn search(&self) -> &Searching {
        &self.search
    }

    pub fn selection(&self) -> Option<Selection> {
        self.selection
    }

    pub fn annotations(&self) -> &Annotating {
        &self.annotations
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }
}
