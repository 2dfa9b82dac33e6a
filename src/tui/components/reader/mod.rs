//! The reader view: the document, the reading position, the rows on screen, marks,
//! counts and the outline. Its `act` performs the motion actions of reading; the other
//! components move the view through its methods (`jump_to`, `reveal`).

mod navigate;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::document::Document;
use crate::document::outline::Outline;
use crate::keys::Action;
use crate::layout::{Flow, GlyphOptions, LayoutOptions, RowRef};
use crate::tui::app::{Geometry, Settings};

use super::status::Status;

/// A key that waits for a letter: `m` (set mark) or `'` (go to mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    SetMark,
    GoToMark,
    /// The first `Z` of `ZZ`.
    Quit,
    /// The `:` of `:n` or `:p`.
    File,
}

/// How a motion moved the view: a jump leaves the annotation in focus behind (`]` and
/// `a` start afresh); scrolling keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moved {
    Scrolled,
    Jumped,
}

pub struct Reader {
    pub doc: Arc<Document>,
    pub flow: Flow,
    pub geometry: Geometry,
    /// The reading position: char offset of the first character of the top row.
    pub top_char: usize,
    /// The rows on screen, from the top (computed by `update`, read by rendering).
    pub screen: Vec<RowRef>,
    pub marks: HashMap<char, usize>,
    /// The title set for the document (its sidecar's), when one is.
    pub title: Option<String>,
    /// Where the last jump started, for `''`.
    pub previous_top: Option<usize>,
    /// A count typed before a motion (`5j`, `50%`).
    pub count: Option<usize>,
    pub pending: Option<Pending>,
    pub outline: Option<Arc<Outline>>,
    pub reveal_hidden: bool,
    pub chars_per_minute: u32,
    /// Where the text to read ends (`Document::estimated_content_end`, computed once).
    pub content_end: usize,
    /// The last motion jumped (set by `jump_to` and `go_to_end`), so that `act` can
    /// tell a jump from a motion that found nowhere to go.
    jumped: bool,
    /// The document shown is the end of the file, read ahead of the rest (`show_tail`).
    showing_tail: bool,
}

impl Reader {
    pub fn new(doc: Arc<Document>, settings: &Settings, (cols, rows): (u16, u16), top_char: usize) -> Reader {
        let geometry = Geometry::new(cols, rows, settings.measure());
        let mut reader = Reader {
            top_char: top_char.min(doc.len_chars()),
            flow: Flow::new(layout_options(settings, geometry, false)),
            geometry,
            screen: Vec::new(),
            marks: HashMap::new(),
            title: None,
            previous_top: None,
            count: None,
            pending: None,
            outline: None,
            reveal_hidden: false,
            chars_per_minute: reading_speed(settings, &doc),
            content_end: doc.estimated_content_end(),
            jumped: false,
            showing_tail: false,
            doc,
        };
        reader.fill_screen_at_the_end();
        reader.refresh_rows();
        reader
    }

    pub fn resize(&mut self, cols: u16, rows: u16, settings: &Settings) {
        self.geometry = Geometry::new(cols, rows, settings.measure());
        self.flow.set_options(self.layout_options(settings));
        self.fill_screen_at_the_end();
    }

    /// The whole document, after a preview of its start (or of its end: the position
    /// is then counted back from the end).
    pub fn load(&mut self, doc: Arc<Document>, settings: &Settings) {
        if self.showing_tail {
            let from_end = self.doc.len_chars().saturating_sub(self.top_char);
            self.top_char = doc.len_chars().saturating_sub(from_end);
            self.showing_tail = false;
        }
        self.chars_per_minute = reading_speed(settings, &doc);
        self.content_end = doc.estimated_content_end();
        self.doc = doc;
        self.flow = Flow::new(self.layout_options(settings));
    }

    /// The end of a document still being read, at its last page (`G` before the
    /// whole document is there); `''` goes back to where that was asked.
    pub fn show_tail(&mut self, tail: Arc<Document>, settings: &Settings) {
        let from = self.top_char;
        self.content_end = tail.content_end();
        self.doc = tail;
        self.flow = Flow::new(self.layout_options(settings));
        self.showing_tail = true;
        self.go_to_end();
        self.previous_top = Some(from);
    }

    /// Whether a motion key can act on the text shown now, while the rest of the
    /// document is read: `Some(false)` for one that can, `Some(true)` for `G`, which
    /// asks for the document's end; `None` for keys that wait for the whole of it.
    pub fn moves_before_loaded(&self, action: Action) -> Option<bool> {
        if self.count.is_some() || self.pending.is_some() {
            return None;
        }
        match action {
            Action::GoToEnd => Some(self.doc.is_preview()),
            Action::ScrollDown
            | Action::ScrollUp
            | Action::PageDown
            | Action::PageUp
            | Action::HalfPageDown
            | Action::HalfPageUp => Some(false),
            _ => None,
        }
    }

    /// The motion actions of reading, `count` times; `None` for other actions.
    pub fn act(&mut self, action: Action, count: Option<usize>, status: &mut Status) -> Option<Moved> {
        let times = count.unwrap_or(1).min(isize::MAX as usize) as isize;
        let page = self.geometry.body_rows.max(1) as isize;
        let half = (page / 2).max(1);
        let rows = match action {
            Action::ScrollDown => times,
            Action::ScrollUp => -times,
            Action::PageDown => times.saturating_mul(page),
            Action::PageUp => -times.saturating_mul(page),
            Action::HalfPageDown => times.saturating_mul(half),
            Action::HalfPageUp => -times.saturating_mul(half),
            _ => return self.jump(action, count, status),
        };
        self.scroll(rows);
        Some(Moved::Scrolled)
    }

    fn jump(&mut self, action: Action, count: Option<usize>, status: &mut Status) -> Option<Moved> {
        self.jumped = false;
        match action {
            Action::GoToStart => match count {
                Some(line) => self.go_to_line(line),
                None => self.jump_to(0),
            },
            Action::GoToEnd => self.go_to_end(),
            Action::GoToPercent => {
                let percent = count.unwrap_or(0).min(100);
                let target = (self.doc.len_chars() as u128 * percent as u128 / 100) as usize;
                self.jump_to(target);
            }
            Action::FileInfo => status.say(self.file_info()),
            Action::QuitTwice => self.pending = Some(Pending::Quit),
            Action::FileCommand => self.pending = Some(Pending::File),
            Action::NextParagraph => self.next_paragraph(),
            Action::PreviousParagraph => self.previous_paragraph(),
            Action::NextHeading => self.heading(true, status),
            Action::PreviousHeading => self.heading(false, status),
            Action::SetMark | Action::GoToMark => {
                self.pending = Some(if action == Action::SetMark {
                    Pending::SetMark
                } else {
                    Pending::GoToMark
                });
                return Some(Moved::Scrolled);
            }
            _ => return None,
        }
        Some(self.moved())
    }

    fn moved(&self) -> Moved {
        if self.jumped {
            Moved::Jumped
        } else {
            Moved::Scrolled
        }
    }

    /// `R`: shows or hides bidi controls and invisible characters.
    pub fn toggle_hidden(&mut self, settings: &Settings, status: &mut Status) {
        self.reveal_hidden = !self.reveal_hidden;
        self.flow.set_options(self.layout_options(settings));
        status.say(if self.reveal_hidden {
            "Showing bidi controls and invisible characters"
        } else {
            "Hiding bidi controls and invisible characters"
        });
    }

    /// Recomputes the rows on screen from the reading position.
    pub fn refresh_rows(&mut self) {
        let height = usize::from(self.geometry.body_rows);
        self.screen = match self.flow.row_at(&self.doc, self.top_char) {
            Some(top) => self.flow.rows_from(&self.doc, &top, height),
            None => Vec::new(),
        };
    }

    /// The rows of text on screen, with the screen row each stands on (gap rows left
    /// out).
    pub fn text_rows(&self) -> impl Iterator<Item = (u16, &RowRef)> {
        (0u16..)
            .zip(self.screen.iter().take(usize::from(self.geometry.body_rows)))
            .filter(|(_, row)| row.line().kind != crate::layout::LineKind::Gap)
    }

    /// Chars from the top of the screen to the end of its last row.
    pub fn screen_chars(&self) -> Range<usize> {
        match (self.screen.first(), self.screen.last()) {
            (Some(first), Some(last)) => first.chars().start..last.chars().end,
            _ => 0..0,
        }
    }

    /// The text of `range` (chars).
    pub fn slice(&self, range: &Range<usize>) -> &str {
        &self.doc.text()[self.doc.byte_at(range.start)..self.doc.byte_at(range.end)]
    }

    fn layout_options(&self, settings: &Settings) -> LayoutOptions {
        layout_options(settings, self.geometry, self.reveal_hidden)
    }
}

fn reading_speed(settings: &Settings, doc: &Document) -> u32 {
    settings
        .config
        .reader
        .reading_speed
        .unwrap_or_else(|| doc.chars_per_minute())
        .max(1)
}

fn layout_options(settings: &Settings, geometry: Geometry, reveal_hidden: bool) -> LayoutOptions {
    LayoutOptions {
        width_cols: usize::from(geometry.text_cols),
        glyphs: GlyphOptions {
            ambiguous: settings.ambiguous(),
            reveal_hidden,
        },
        reading: settings.config.reader.reading,
        bidi: settings.config.reader.bidi,
    }
}
