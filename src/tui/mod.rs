//! The full-screen reader. The only part of margent (with `main`) that touches the
//! terminal: it turns terminal events into messages for `App::update`, performs the
//! effects `update` asks for, and draws with `view::render`.

pub mod app;
mod backend;
pub mod components;
pub mod keymap;
mod runtime;
pub mod terminal;
#[cfg(test)]
mod tests;
pub mod view;

use std::io;
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::Terminal;

pub use app::{App, MouseKind, Msg, Settings};
pub use terminal::install_panic_hook;

use crate::anchor;
use crate::annotation::Annotation;
use crate::document::Document;
use crate::document::outline::Outline;
use components::annotations::Placed;

/// How long the event loop waits for input before checking signals and background work.
const POLL: Duration = Duration::from_millis(100);

/// The document the reader opens with.
pub enum Start {
    Ready(Arc<Document>),
    /// The start of a large file, shown while the whole of it is read on another
    /// thread; keys wait until it is there (a fraction of a second).
    Loading {
        preview: Arc<Document>,
        full: mpsc::Receiver<Result<Document, String>>,
    },
}

/// What the sidecar holds for a document, read once the whole document is there.
#[derive(Debug, Default)]
pub struct Opened {
    /// The saved reading position (a char offset).
    pub position: usize,
    pub annotations: Vec<Annotation>,
    /// The text hash the annotations were last anchored to.
    pub anchored_hash: Option<String>,
    /// Why annotations are read-only (a damaged or newer sidecar), if they are.
    pub read_only: Option<String>,
}

/// Where the reader's changes go (the sidecar), each saved as it happens. Errors come
/// back as one-line messages for the status line, and the reader keeps working.
pub trait Persistence {
    /// Opens the sidecar for the (whole) document.
    fn open(&mut self, doc: &Arc<Document>) -> Opened;
    fn save_position(&mut self, char_offset: usize) -> Result<(), String>;
    fn save_annotation(&mut self, annotation: &Annotation) -> Result<(), String>;
    fn delete_annotation(&mut self, id: &str) -> Result<(), String>;
    /// Every annotation is anchored to the current text: remember its hash.
    fn mark_anchored(&mut self) -> Result<(), String>;
}

/// How the reader ended, for `main` to turn into an exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The person quit (or there was no terminal to read in).
    Quit,
    /// Stopped by a signal (SIGTERM, SIGHUP) with the position saved and the terminal
    /// given back.
    Signalled(i32),
}

impl Outcome {
    /// The exit status: 0, or 128 + the signal's number, as a shell expects.
    pub fn exit_status(self) -> u8 {
        match self {
            Outcome::Quit => 0,
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
    let terminate = terminal::termination_flag();
    let (doc, loading) = match start {
        Start::Ready(doc) => (doc, None),
        Start::Loading { preview, full } => (preview, Some(full)),
    };
    let opened = loading.is_none().then(|| persistence.open(&doc));
    let guard = terminal::TerminalGuard::enter(capture_mouse)?;
    let mut terminal = Terminal::new(backend::Screen::new(io::stdout()))?;
    let size = terminal.size()?;
    let position = opened.as_ref().map_or(0, |o| o.position);
    let mut app = App::new(Arc::clone(&doc), settings, size.width, size.height, position);
    // The first screen comes first; the work over the whole text after it.
    terminal.draw(|frame| view::render(&app, frame))?;
    let background = opened.map(|opened| start_background(&mut app, doc, opened));
    let mut runtime = runtime::Runtime {
        terminal: &mut terminal,
        persistence,
        capture_mouse,
    };
    let result = event_loop(&mut runtime, &mut app, background, loading, &terminate);
    drop(guard);
    result?;
    Ok(match terminate.load(Ordering::SeqCst) {
        0 => Outcome::Quit,
        signal => Outcome::Signalled(signal),
    })
}

/// Starts the work over the whole text, and reports sidecar problems.
fn start_background(app: &mut App, doc: Arc<Document>, opened: Opened) -> Background {
    if let Some(reason) = opened.read_only {
        app.update(Msg::ReadOnly(reason));
    }
    Background {
        outline: spawn_outline(Arc::clone(&doc)),
        anchored: spawn_anchoring(doc, opened.annotations, opened.anchored_hash),
    }
}

/// Results of work over the whole text, done on other threads.
struct Background {
    outline: mpsc::Receiver<Outline>,
    anchored: mpsc::Receiver<Vec<Placed>>,
}

fn event_loop(
    runtime: &mut runtime::Runtime,
    app: &mut App,
    mut background: Option<Background>,
    mut loading: Option<mpsc::Receiver<Result<Document, String>>>,
    terminate: &std::sync::atomic::AtomicI32,
) -> io::Result<()> {
    // Keys pressed before the whole document is read wait for it.
    let mut waiting: Vec<Msg> = Vec::new();
    loop {
        let mut messages = Vec::new();
        if event::poll(POLL)? {
            // Take everything already waiting before drawing again (key repeat, pastes).
            loop {
                messages.extend(message_of(event::read()?));
                if !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        if let Some(receiver) = &loading {
            match receiver.try_recv() {
                Ok(Ok(full)) => {
                    let full = Arc::new(full);
                    app.update(Msg::DocumentLoaded(Arc::clone(&full)));
                    let opened = runtime.persistence.open(&full);
                    background = Some(start_background(app, full, opened));
                    loading = None;
                    messages.splice(0..0, waiting.drain(..));
                }
                Ok(Err(problem)) => return Err(io::Error::other(problem)),
                Err(mpsc::TryRecvError::Disconnected) => {
                    return Err(io::Error::other("the document could not be read"));
                }
                Err(mpsc::TryRecvError::Empty) => {
                    let (keys, others): (Vec<Msg>, Vec<Msg>) = messages
                        .into_iter()
                        .partition(|m| matches!(m, Msg::Key(_) | Msg::Paste(_) | Msg::Mouse { .. }));
                    waiting.extend(keys);
                    messages = others;
                }
            }
        }
        if let Some(work) = &background {
            if let Ok(built) = work.outline.try_recv() {
                messages.push(Msg::OutlineReady(Arc::new(built)));
            }
            if let Ok(placed) = work.anchored.try_recv() {
                messages.push(Msg::AnnotationsReady(placed));
            }
        }
        if terminate.load(Ordering::SeqCst) != 0 {
            messages.push(Msg::Terminate);
        }
        if !messages.is_empty() {
            messages.push(Msg::Settle);
        }
        let mut queue: std::collections::VecDeque<Msg> = messages.into();
        while let Some(message) = queue.pop_front() {
            for effect in app.update(message) {
                match runtime.perform(effect)? {
                    runtime::Performed::Continue => {}
                    runtime::Performed::Reply(reply) => queue.push_back(reply),
                    runtime::Performed::Quit => return Ok(()),
                }
            }
        }
        runtime.terminal.draw(|frame| view::render(app, frame))?;
    }
}

fn message_of(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => keymap::key_spec(&key).map(Msg::Key),
        Event::Resize(cols, rows) => Some(Msg::Resize { cols, rows }),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Mouse(mouse) => {
            let kind = match mouse.kind {
                MouseEventKind::ScrollDown => return Some(Msg::Wheel(true)),
                MouseEventKind::ScrollUp => return Some(Msg::Wheel(false)),
                MouseEventKind::Down(MouseButton::Left) => MouseKind::Down,
                MouseEventKind::Drag(MouseButton::Left) => MouseKind::Drag,
                MouseEventKind::Up(MouseButton::Left) => MouseKind::Up,
                _ => return None,
            };
            Some(Msg::Mouse {
                kind,
                col: mouse.column,
                row: mouse.row,
            })
        }
        _ => None,
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
    annotations
        .into_iter()
        .zip(anchorings)
        .map(|(annotation, anchoring)| Placed {
            annotation,
            status: anchoring.status,
            range: anchoring.start..anchoring.end,
        })
        .collect()
}
