//! The full-screen reader, private to the crate: `commands::read` opens it, and `main`
//! sees only how it ended (`Outcome`) and the panic hook. The only part of margent
//! (with `main`) that touches the terminal: `event_loop` turns terminal events into
//! messages for `App::update` (`app`, composing the `components`), `runtime` performs
//! the effects `update` asks for, `view::render` draws, and `backend` sanitises every
//! cell on its way to the terminal.

pub mod app;
mod backend;
mod background;
pub mod components;
mod event_loop;
mod hyperlinks;
mod input;
pub mod keymap;
pub mod library;
mod runtime;
pub mod terminal;
#[cfg(test)]
mod tests;
pub mod view;

use std::io;
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};

use ratatui::Terminal;

pub use app::Settings;
#[cfg(test)]
pub use background::place;
pub use terminal::install_panic_hook;

use crate::annotation::Annotation;
use crate::document::Document;
use app::App;
use background::Background;
use event_loop::{EventLoop, ReadTail};

/// The document the reader opens with.
pub enum Start {
    Ready(Arc<Document>),
    /// The start of a large file, shown while the whole of it is read (`read_whole`,
    /// run on another thread once the first screen is drawn, so as not to slow it);
    /// keys wait until it is there (a fraction of a second).
    Loading {
        preview: Arc<Document>,
        read_whole: Box<dyn FnOnce() -> Result<Document, String> + Send>,
        /// The end of the file, read when `G` is pressed before the whole of it is
        /// there (a moment's work, where the whole file takes a fraction of a second).
        read_tail: ReadTail,
    },
}

/// What the sidecar holds for a document, read once the whole document is there.
#[derive(Debug, Default)]
pub struct Opened {
    /// The saved reading position (a char offset).
    pub position: usize,
    pub annotations: Vec<Arc<Annotation>>,
    /// The text hash the annotations were last anchored to.
    pub anchored_hash: Option<String>,
    /// Why annotations are read-only (a damaged or newer sidecar), if they are.
    pub read_only: Option<String>,
    /// A line to show once the document is open (its notes followed it from where it
    /// was before a move).
    pub notice: Option<String>,
    /// The title set for the document (`margent meta`, `M`), if one is.
    pub title: Option<String>,
}

/// Where the reader's changes go (the sidecars, the state folder), each saved as it happens. Errors come
/// back as one-line messages for the status line, and the reader keeps working.
pub trait Persistence {
    /// Opens the sidecar for the (whole) document.
    fn open(&mut self, doc: &Arc<Document>) -> Opened;
    fn save_position(&mut self, char_offset: usize) -> Result<(), String>;
    fn save_annotation(&mut self, annotation: &Annotation) -> Result<(), String>;
    fn delete_annotation(&mut self, id: &str) -> Result<(), String>;
    /// Every annotation is anchored to the current text: remember its hash.
    fn mark_anchored(&mut self) -> Result<(), String>;
    /// The searches of earlier sessions, oldest first.
    fn search_history(&mut self) -> Vec<String> {
        Vec::new()
    }
    /// Adds a search to the history kept across sessions.
    fn remember_search(&mut self, _query: &str) -> Result<(), String> {
        Ok(())
    }
    /// The annotations as they now are, when another process changed them since last
    /// asked (asked about twice a second); `Err` once when they cannot be read.
    fn outside_changes(&mut self) -> Result<Option<Opened>, String> {
        Ok(None)
    }

    /// A line about where the last change was saved, when that is worth saying (the
    /// data folder, because the document's folder is read-only): given once.
    /// Sets the document's title; `Err` is a line for the status line.
    fn set_title(&mut self, _title: &str) -> Result<(), String> {
        Ok(())
    }

    fn take_notice(&mut self) -> Option<String> {
        None
    }
}

/// How the reader ended, for `main` to turn into an exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The person quit (or there was no terminal to read in).
    Quit,
    /// The person left for the search across the library (`L`).
    SearchLibrary,
    /// The person asked for the next or previous file given on the command line.
    SwitchFile(FileStep),
    /// Stopped by a signal (SIGTERM, SIGHUP), or by the terminal going away (as SIGHUP),
    /// with the position saved and the terminal given back.
    Signalled(i32),
}

/// `:n` or `:p`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStep {
    Next,
    Previous,
}

/// Where the document read is in the list of files given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileList {
    /// Counted from 0.
    pub position: usize,
    pub count: usize,
}

impl Default for FileList {
    fn default() -> FileList {
        FileList {
            position: 0,
            count: 1,
        }
    }
}

impl Outcome {
    /// The exit status: 0, or 128 + the signal's number, as a shell expects.
    pub fn exit_status(self) -> u8 {
        match self {
            Outcome::Quit | Outcome::SearchLibrary | Outcome::SwitchFile(_) => 0,
            Outcome::Signalled(signal) => u8::try_from(128 + signal).unwrap_or(u8::MAX),
        }
    }
}

/// Runs the reader until the person quits; the reading position is saved through
/// `persistence` when they do (or when the terminal is closed).
pub fn run(
    start: Start,
    settings: Settings,
    capture_mouse: bool,
    persistence: &mut dyn Persistence,
) -> io::Result<Outcome> {
    let mut termination = terminal::Termination::catch();
    let (doc, loading, read_tail) = match start {
        Start::Ready(doc) => (doc, None, None),
        Start::Loading {
            preview,
            read_whole,
            read_tail,
        } => (preview, Some(read_whole), Some(read_tail)),
    };
    let opened = loading.is_none().then(|| persistence.open(&doc));
    let guard = terminal::TerminalGuard::enter(capture_mouse)?;
    let hyperlinks = hyperlinks::wanted(settings.config.reader.hyperlinks, |name| std::env::var(name).ok());
    let screen = backend::Screen::new(io::stdout()).with_hyperlinks(hyperlinks);
    let mut terminal = Terminal::new(screen)?;
    let size = terminal.size()?;
    let position = opened.as_ref().map_or(0, |o| o.position);
    let mut app = App::new(Arc::clone(&doc), settings, size.width, size.height, position)
        .with_search_history(persistence.search_history());
    // The first screen comes first; the work over the whole text after it.
    draw(&mut terminal, &app)?;
    termination.watch();
    let (input, waker) = input::Input::start();
    let loading = loading.map(|read_whole| {
        let (sender, full) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = sender.send(read_whole());
            waker.wake();
        });
        full
    });
    let background = opened.map(|opened| Background::start(&mut app, doc, opened));
    let mut runtime = runtime::Runtime {
        terminal: &mut terminal,
        persistence,
        capture_mouse,
        input,
        search_library: false,
        switch_file: None,
    };
    let result = EventLoop {
        runtime: &mut runtime,
        app: &mut app,
        background,
        loading,
        waiting: Vec::new(),
        read_tail,
        terminate: &termination.flag,
    }
    .run();
    let (search_library, switch_file) = (runtime.search_library, runtime.switch_file);
    // The input thread stops reading before the terminal goes back to the shell.
    drop(runtime);
    drop(guard);
    if input::terminal_gone() {
        // ratatui's Terminal shows the cursor when dropped and reports a failure with
        // eprintln!, which panics when the terminal is gone; the guard has already done
        // what there was to do.
        std::mem::forget(terminal);
    }
    result?;
    Ok(match termination.flag.load(Ordering::SeqCst) {
        0 if search_library => Outcome::SearchLibrary,
        0 => switch_file.map_or(Outcome::Quit, Outcome::SwitchFile),
        signal => Outcome::Signalled(signal),
    })
}

/// Draws a frame, telling the backend first where its links are (when it sends them).
fn draw(terminal: &mut Terminal<backend::Screen<io::Stdout>>, app: &App) -> io::Result<()> {
    if terminal.backend().sends_links() {
        terminal.backend_mut().set_links(view::links::on_screen(app));
    }
    terminal.draw(|frame| view::render(app, frame))?;
    Ok(())
}
