//! The reader's state: the document, where the reader is, what is on the screen, and
//! the mode (reading, typing a search, help, contents). Changed only by `update`.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::config::Config;
use crate::document::Document;
use crate::document::outline::Outline;
use crate::keys::{KeyMode, KeySpec};
use crate::layout::{AmbiguousWidth, Flow, GlyphOptions, LayoutOptions, RowRef};

use super::annotations::{Annotations, Placed};
use super::editor::{NoteEditor, Target};
use super::keymap::Keymap;
use super::search::Search;
use super::select::Selection;
use crate::annotation::Annotation;

/// What the reader was started with: the configuration and the keymap built from it.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    pub keymap: Keymap,
}

impl Settings {
    pub fn new(config: Config) -> Settings {
        let bindings = [KeyMode::Normal, KeyMode::Select]
            .into_iter()
            .flat_map(|mode| {
                config
                    .bindings(mode)
                    .into_iter()
                    .map(move |(action, keys)| (mode, action, keys))
            })
            .collect();
        Settings {
            keymap: Keymap::new(bindings),
            config,
        }
    }

    pub fn measure(&self) -> u16 {
        self.config.reader.measure
    }

    pub fn ambiguous(&self) -> AmbiguousWidth {
        self.config.reader.ambiguous_width
    }

    pub fn color(&self) -> bool {
        self.config.color_enabled()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new(Config::default())
    }
}

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
    /// A message for the status line from outside (a sidecar problem at start-up).
    Notice(String),
    /// The whole document, after a preview of its start was shown.
    DocumentLoaded(Arc<Document>),
    /// The annotations, anchored to the text (on a background thread).
    AnnotationsReady(Vec<Placed>),
    /// Saving a change failed: the reader says so and keeps working.
    PersistFailed(String),
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
#[expect(
    clippy::large_enum_variant,
    reason = "an Annotation grew two optional keys; an Effect lives for one update"
)]
pub enum Effect {
    /// Store the reading position (a char offset) in the sidecar.
    SavePosition(usize),
    /// Store this annotation (new or changed) in the sidecar now.
    SaveAnnotation(Annotation),
    DeleteAnnotation(String),
    /// Put text on the clipboard through the terminal (OSC 52).
    Copy(String),
    /// Edit the note of annotation `id` in `$EDITOR`.
    EditExternally {
        id: String,
        note: String,
    },
    /// Every annotation is anchored to the current text: store its hash.
    MarkAnchored,
    Quit,
    /// Clear and redraw the whole terminal.
    Redraw,
}

#[derive(Debug, Clone)]
pub enum Mode {
    Reading,
    /// Typing a search; `origin_top` is where the reader was before it began.
    Prompt {
        text: String,
        backward: bool,
        origin_top: usize,
    },
    Help {
        scroll: usize,
    },
    Contents {
        selected: usize,
    },
    Select,
    Note(Box<NoteEditor>),
    /// Typing tags (space-separated) for a selection or an annotation.
    Tags {
        text: String,
        target: Target,
    },
    /// The annotation list; `filter` narrows it (`tag:x`, `color:x`, `kind:x`,
    /// `status:x` or words of the quote, note or tags).
    List {
        selected: usize,
        filter: String,
        editing_filter: bool,
    },
}

/// A key that waits for a letter: `m` (set mark) or `'` (go to mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    SetMark,
    GoToMark,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// Where the parts of the screen are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    pub cols: u16,
    pub rows: u16,
    /// Left edge and width of the text column.
    pub text_x: u16,
    pub text_cols: u16,
    /// Rows of text above the status line.
    pub body_rows: u16,
}

impl Geometry {
    pub fn new(cols: u16, rows: u16, measure: u16) -> Geometry {
        // A margin of two columns each side when there is room, for the eye and for
        // annotation markers; the column never gets wider than the measure.
        let margin = match cols {
            0..12 => 0,
            12..30 => 1,
            _ => 2,
        };
        let text_cols = (cols - 2 * margin).min(measure).max(1);
        Geometry {
            cols,
            rows,
            text_x: cols.saturating_sub(text_cols) / 2,
            text_cols,
            body_rows: rows.saturating_sub(1),
        }
    }
}

pub struct App {
    pub(super) doc: Arc<Document>,
    pub(super) settings: Settings,
    pub(super) flow: Flow,
    pub(super) geometry: Geometry,
    /// The reading position: char offset of the first character of the top row.
    pub(super) top_char: usize,
    /// The rows on screen, from the top (computed by `update`, read by rendering).
    pub(super) screen: Vec<RowRef>,
    pub(super) mode: Mode,
    pub(super) search: Option<Search>,
    /// The search in force when the prompt opened, restored if it is cancelled.
    pub(super) search_before_prompt: Option<Search>,
    /// Char ranges of the search matches on screen.
    pub(super) visible_matches: Vec<Range<usize>>,
    pub(super) message: Option<Message>,
    pub(super) marks: HashMap<char, usize>,
    pub(super) previous_top: Option<usize>,
    pub(super) count: Option<usize>,
    pub(super) pending: Option<Pending>,
    pub(super) outline: Option<Arc<Outline>>,
    pub(super) reveal_hidden: bool,
    pub(super) chars_per_minute: u32,
    /// Where the text to read ends (`Document::content_end`, computed once).
    pub(super) content_end: usize,
    /// The search prompt changed since the last incremental search.
    pub(super) search_pending: bool,
    pub(super) annotations: Annotations,
    /// The annotations have been anchored and are shown.
    pub(super) annotations_ready: bool,
    /// Why annotations cannot be changed (a damaged sidecar), if they cannot.
    pub(super) read_only: Option<String>,
    pub(super) selection: Option<Selection>,
    /// The annotation "here": jumped to, or just made.
    pub(super) focus: Option<String>,
    /// An annotation waiting to be re-attached to the next selection.
    pub(super) reattach: Option<String>,
}

impl App {
    pub fn new(doc: Arc<Document>, settings: Settings, cols: u16, rows: u16, top_char: usize) -> App {
        let geometry = Geometry::new(cols, rows, settings.measure());
        let options = layout_options(&settings, geometry, false);
        let content_end = doc.content_end();
        let chars_per_minute = settings
            .config
            .reader
            .reading_speed
            .unwrap_or_else(|| doc.chars_per_minute())
            .max(1);
        let mut app = App {
            top_char: top_char.min(doc.len_chars()),
            doc,
            settings,
            flow: Flow::new(options),
            geometry,
            screen: Vec::new(),
            mode: Mode::Reading,
            search: None,
            search_before_prompt: None,
            visible_matches: Vec::new(),
            message: None,
            marks: HashMap::new(),
            previous_top: None,
            count: None,
            pending: None,
            outline: None,
            reveal_hidden: false,
            chars_per_minute,
            content_end,
            search_pending: false,
            annotations: Annotations::default(),
            annotations_ready: false,
            read_only: None,
            selection: None,
            focus: None,
            reattach: None,
        };
        app.fill_screen_at_the_end();
        app.refresh_screen();
        app
    }

    /// The reading position to save: a char offset into the normalised text.
    pub fn position(&self) -> usize {
        self.top_char
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// Makes annotations read-only, for `reason` (a damaged or newer-schema sidecar).
    pub fn set_read_only(&mut self, reason: String) {
        self.read_only = Some(reason);
    }

    /// The annotations as they stand (for tests and the runtime).
    pub fn annotations(&self) -> &[Placed] {
        self.annotations.all()
    }

    pub(super) fn layout_options(&self) -> LayoutOptions {
        layout_options(&self.settings, self.geometry, self.reveal_hidden)
    }
}

fn layout_options(settings: &Settings, geometry: Geometry, reveal_hidden: bool) -> LayoutOptions {
    LayoutOptions {
        width_cols: usize::from(geometry.text_cols),
        glyphs: GlyphOptions {
            ambiguous: settings.ambiguous(),
            reveal_hidden,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_column_is_centred_and_capped_by_the_measure() {
        let wide = Geometry::new(120, 40, 80);
        assert_eq!((wide.text_x, wide.text_cols, wide.body_rows), (20, 80, 39));
        let narrow = Geometry::new(24, 10, 80);
        assert_eq!((narrow.text_x, narrow.text_cols), (1, 22));
        let tiny = Geometry::new(5, 1, 80);
        assert_eq!((tiny.text_x, tiny.text_cols, tiny.body_rows), (0, 5, 0));
    }
}
