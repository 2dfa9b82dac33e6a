//! `App::update`: the one place the reader's state changes. Messages (keys, resizes,
//! finished background work) go to the components that own what they change; what
//! the components ask for comes back as a `Step`, and only here does the mode change.
//! Does no IO.

use crate::tui::components::Step;
use crate::tui::components::annotations::Cx;
use crate::tui::components::reader::Moved;
use crate::tui::components::selection::Selection;

use super::{Annotating, App, Effect, Mode, MouseKind, Msg};

/// Rows moved by one notch of the mouse wheel.
const WHEEL_ROWS: isize = 3;

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let step = match msg {
            Msg::Key(key) => self.key(key),
            Msg::Resize { cols, rows } => {
                self.reader.resize(cols, rows, &self.settings);
                Step::default()
            }
            Msg::Wheel(down) => {
                self.reader.scroll(if down { WHEEL_ROWS } else { -WHEEL_ROWS });
                Step::default()
            }
            Msg::Paste(text) => {
                self.paste(&text);
                Step::default()
            }
            Msg::Mouse { kind, col, row } => self.mouse(kind, col, row),
            Msg::Settle => {
                self.settle();
                Step::default()
            }
            Msg::Terminate => Step::effects(self.quit()),
            Msg::Idle => Step::effects(vec![Effect::KeepPosition(self.reader.top_char)]),
            news => self.news(news),
        };
        self.finish(step)
    }

    /// News from the runtime and the background: the document, its outline and
    /// annotations, a sidecar that cannot be written, a note edited in `$EDITOR`.
    fn news(&mut self, msg: Msg) -> Step {
        match msg {
            Msg::DocumentLoaded(doc) => self.reader.load(doc, &self.settings),
            Msg::TailLoaded(tail) => self.reader.show_tail(tail, &self.settings),
            Msg::OutlineReady(outline) => self.reader.outline = Some(outline),
            Msg::AnnotationsReady(placed) => {
                return Step::effects(self.annotations.anchored(placed, &mut self.status));
            }
            Msg::PersistFailed(problem) => {
                self.status.warn(problem.clone());
                self.annotations.unsaved = Some(problem);
            }
            Msg::Warn(problem) => self.status.warn(problem),
            Msg::SavedElsewhere(notice) => self.status.say(notice),
            Msg::Title(title) => self.reader.title = Some(title),
            Msg::ReadOnly(reason) => {
                self.status.warn(format!("Annotations are read-only: {reason}"));
                self.annotations.read_only = Some(reason);
            }
            Msg::ExternalNote { id, note: Some(note) } => {
                let (annotations, mut cx) = self.annotating();
                return Step::effects(annotations.external_note(&id, note, &mut cx));
            }
            _ => {}
        }
        Step::default()
    }

    /// Applies a step: the only place the mode changes. Then the screen's rows and the
    /// matches among them are computed afresh for rendering.
    fn finish(&mut self, step: Step) -> Vec<Effect> {
        if let Some(mode) = step.mode {
            self.mode = mode;
        }
        self.reader.refresh_rows();
        self.search.refresh_matches(&self.reader);
        step.effects
    }

    /// All waiting input is handled: the incremental search of what was typed.
    fn settle(&mut self) {
        if !std::mem::take(&mut self.search.pending) {
            return;
        }
        if let Mode::Search(prompt) = &self.mode
            && self
                .search
                .incremental(prompt, &mut self.reader, &mut self.status)
        {
            self.moved(Moved::Jumped);
        }
    }

    /// Pastes into whatever is being written.
    fn paste(&mut self, text: &str) {
        match &mut self.mode {
            Mode::Search(prompt) => self.search.paste(prompt, text),
            Mode::Note(editor) => editor.paste(text),
            Mode::Tags(prompt) => prompt.paste(text),
            Mode::Title(input) => input.text.push_str(&text.replace(['\n', '\r', '\t'], " ")),
            _ => {}
        }
    }

    /// The mouse, when captured: press and drag select text.
    fn mouse(&mut self, kind: MouseKind, col: u16, row: u16) -> Step {
        let Some(screen_row) = self.reader.screen.get(usize::from(row)).cloned() else {
            return Step::default();
        };
        let col = usize::from(col.saturating_sub(self.reader.geometry.text_x));
        let char_offset = screen_row
            .layout
            .char_at_col(self.reader.doc.text(), screen_row.row, col);
        match (kind, &mut self.selection) {
            (MouseKind::Down, _) => {
                self.selection = Some(Selection::at(&self.reader, char_offset));
                Step::to(Mode::Select)
            }
            (MouseKind::Drag, Some(selection)) => {
                selection.drag_to(&self.reader, char_offset);
                Step::default()
            }
            (MouseKind::Drag | MouseKind::Up, _) => Step::default(),
        }
    }

    /// The quit key: quits, unless an annotation could not be saved; then it asks.
    pub(super) fn quit_or_ask(&mut self) -> Step {
        match &self.annotations.unsaved {
            Some(problem) => {
                self.status.warn(format!(
                    "Quit with an annotation not saved? y quits, another key stays ({problem})"
                ));
                Step::to(Mode::ConfirmQuit)
            }
            None => Step::effects(self.quit()),
        }
    }

    pub(super) fn quit(&self) -> Vec<Effect> {
        vec![Effect::SavePosition(self.reader.top_char), Effect::Quit]
    }

    /// A jump leaves the annotation in focus behind: `]` and `a` start afresh.
    pub(super) fn moved(&mut self, moved: Moved) {
        if moved == Moved::Jumped {
            self.annotations.focus = None;
        }
    }

    /// The annotations and what work on them may read and change.
    pub(super) fn annotating(&mut self) -> (&mut Annotating, Cx<'_>) {
        let current_match = self.search.current_chars(&self.reader);
        let cx = Cx {
            reader: &mut self.reader,
            status: &mut self.status,
            settings: &self.settings,
            stamps: self.stamps.as_mut(),
            current_match,
        };
        (&mut self.annotations, cx)
    }
}
