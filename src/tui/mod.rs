//! The full-screen reader. The only part of margent (with `main`) that touches the
//! terminal: it turns terminal events into messages for `App::update`, performs the
//! effects `update` asks for, and draws with `view::render`.

pub mod app;
pub mod keymap;
pub mod search;
pub mod terminal;
mod update;
pub mod view;

use std::io;
use std::sync::atomic::Ordering;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub use app::{App, Effect, Msg, Settings};

use crate::document::Document;
use crate::document::outline::Outline;

/// How long the event loop waits for input before checking signals and background work.
const POLL: Duration = Duration::from_millis(100);

pub struct RunOptions {
    /// Where to start: a char offset (the saved reading position).
    pub start_char: usize,
    pub capture_mouse: bool,
    /// Shown in the status line at the start (say, why annotations are read-only).
    pub message: Option<String>,
}

/// Where the reader's changes go (the sidecar); errors come back as one-line messages
/// for the status line, and the reader keeps working.
pub trait Persistence {
    fn save_position(&mut self, char_offset: usize) -> Result<(), String>;
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
    if let Some(message) = options.message {
        app.update(Msg::Notice(message));
    }
    // The first screen comes first; the outline (a pass over the whole text) after it.
    terminal.draw(|frame| view::render(&app, frame))?;
    let outline = spawn_outline(doc);
    let result = event_loop(&mut terminal, &mut app, &outline, &terminate, persistence);
    drop(guard);
    result
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    app: &mut App,
    outline: &mpsc::Receiver<Outline>,
    terminate: &std::sync::atomic::AtomicBool,
    persistence: &mut dyn Persistence,
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
        if let Ok(built) = outline.try_recv() {
            messages.push(Msg::OutlineReady(Arc::new(built)));
        }
        if terminate.load(Ordering::SeqCst) {
            messages.push(Msg::Terminate);
        }
        if !messages.is_empty() {
            messages.push(Msg::Settle);
        }
        for message in messages {
            for effect in app.update(message) {
                match effect {
                    Effect::SavePosition(char_offset) => {
                        if let Err(problem) = persistence.save_position(char_offset) {
                            // Quitting follows at once: the message is printed after the
                            // terminal is restored.
                            return Err(io::Error::other(problem));
                        }
                    }
                    Effect::Quit => return Ok(()),
                    Effect::Redraw => terminal.clear()?,
                }
            }
        }
        terminal.draw(|frame| view::render(app, frame))?;
    }
}

fn message_of(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => keymap::key_spec(&key).map(Msg::Key),
        Event::Resize(cols, rows) => Some(Msg::Resize { cols, rows }),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Msg::Wheel(true)),
            MouseEventKind::ScrollUp => Some(Msg::Wheel(false)),
            _ => None,
        },
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
