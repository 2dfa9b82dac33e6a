//! The full-screen reader. The only part of margent (with `main`) that touches the
//! terminal: it turns terminal events into messages for `App::update`, performs the
//! effects `update` asks for, and draws with `view::render`.

mod annotate;
pub mod annotations;
pub mod app;
pub mod editor;
pub mod keymap;
mod list;
mod navigate;
mod prompts;
mod runtime;
pub mod search;
mod searching;
mod select;
pub mod terminal;
mod update;
pub mod view;

use std::io;
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub use app::{App, Effect, MouseKind, Msg, Settings};

use crate::anchor;
use crate::annotation::Annotation;
use crate::document::Document;
use crate::document::outline::Outline;
use annotations::Placed;

/// How long the event loop waits for input before checking signals and background work.
const POLL: Duration = Duration::from_millis(100);

pub struct RunOptions {
    /// Where to start: a char offset (the saved reading position).
    pub start_char: usize,
    pub capture_mouse: bool,
    /// Shown in the status line at the start (say, a sidecar problem).
    pub message: Option<String>,
    /// The sidecar's annotations and the text hash they were last anchored to.
    pub annotations: Vec<Annotation>,
    pub anchored_hash: Option<String>,
    /// Why annotations are read-only (a damaged or newer sidecar), if they are.
    pub read_only: Option<String>,
}

/// Where the reader's changes go (the sidecar), each saved as it happens. Errors come
/// back as one-line messages for the status line, and the reader keeps working.
pub trait Persistence {
    fn save_position(&mut self, char_offset: usize) -> Result<(), String>;
    fn save_annotation(&mut self, annotation: &Annotation) -> Result<(), String>;
    fn delete_annotation(&mut self, id: &str) -> Result<(), String>;
    /// Every annotation is anchored to the current text: remember its hash.
    fn mark_anchored(&mut self) -> Result<(), String>;
}

/// Runs the reader until the person quits; the reading position is saved through
/// `persistence` when they do (or when the terminal is closed).
pub fn run(
    doc: Arc<Document>,
    settings: Settings,
    options: RunOptions,
    persistence: &mut dyn Persistence,
) -> io::Result<()> {
    let terminate = terminal::termination_flag();
    let guard = terminal::TerminalGuard::enter(options.capture_mouse)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let mut app = App::new(
        Arc::clone(&doc),
        settings,
        size.width,
        size.height,
        options.start_char,
    );
    if let Some(reason) = options.read_only {
        app.set_read_only(reason);
    }
    if let Some(message) = options.message {
        app.update(Msg::Notice(message));
    }
    // The first screen comes first; the work over the whole text after it.
    terminal.draw(|frame| view::render(&app, frame))?;
    let background = Background {
        outline: spawn_outline(Arc::clone(&doc)),
        anchored: spawn_anchoring(doc, options.annotations, options.anchored_hash),
    };
    let mut runtime = runtime::Runtime {
        terminal: &mut terminal,
        persistence,
        capture_mouse: options.capture_mouse,
    };
    let result = event_loop(&mut runtime, &mut app, &background, &terminate);
    drop(guard);
    result
}

/// Results of work over the whole text, done on other threads.
struct Background {
    outline: mpsc::Receiver<Outline>,
    anchored: mpsc::Receiver<Vec<Placed>>,
}

fn event_loop(
    runtime: &mut runtime::Runtime,
    app: &mut App,
    background: &Background,
    terminate: &std::sync::atomic::AtomicBool,
) -> io::Result<()> {
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
        if let Ok(built) = background.outline.try_recv() {
            messages.push(Msg::OutlineReady(Arc::new(built)));
        }
        if let Ok(placed) = background.anchored.try_recv() {
            messages.push(Msg::AnnotationsReady(placed));
        }
        if terminate.load(Ordering::SeqCst) {
            messages.push(Msg::Terminate);
        }
        if !messages.is_empty() {
            messages.push(Msg::Settle);
        }
        let mut queue: std::collections::VecDeque<Msg> = messages.into();
        while let Some(message) = queue.pop_front() {
            for effect in app.update(message) {
                match runtime.perform(effect)? {
                    runtime::Outcome::Continue => {}
                    runtime::Outcome::Reply(reply) => queue.push_back(reply),
                    runtime::Outcome::Quit => return Ok(()),
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
