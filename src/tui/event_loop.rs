//! The event loop: terminal events and finished background work become messages for
//! `App::update`, the effects it returns go to the runtime, and the screen is drawn
//! after each burst of input. A few seconds after the last input the reading position
//! is saved; when the terminal goes away (it hangs up, reading or drawing fails) it is
//! saved before the loop ends. Twice a second the sidecars are looked at, and
//! annotations another process added or changed are shown.

use std::collections::VecDeque;
use std::io;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};

use crate::document::Document;

use super::app::{App, MouseKind, Msg};
use super::background::Background;
use super::runtime::{Performed, Runtime};
use super::{input, keymap};

/// How long the loop waits for input before checking signals and background work.
const POLL: Duration = Duration::from_millis(100);
/// How long after the last input the reading position is saved: a quiet moment, so
/// that the save (a lock, a write, an fsync) never delays a key.
pub const IDLE_SAVE: Duration = Duration::from_secs(2);
/// How often the sidecars are looked at for changes made by other processes.
const WATCH: Duration = Duration::from_millis(500);
/// The signal a vanished terminal is reported as (SIGHUP), as a shell would see it.
const HANGUP: i32 = 1;

/// Reads the end of a file whose start is shown (see `Start::Loading`).
pub type ReadTail = Box<dyn FnOnce() -> Option<Document> + Send>;

pub struct EventLoop<'a, 'b> {
    pub runtime: &'a mut Runtime<'b>,
    pub app: &'a mut App,
    pub background: Option<Background>,
    /// The whole document, while only a preview of its start is shown.
    pub loading: Option<mpsc::Receiver<Result<Document, String>>>,
    /// Keys pressed before the whole document is read wait for it, but for motions
    /// over the text shown, and `G`, which reads the end of the file ahead (once).
    pub waiting: Vec<Msg>,
    pub read_tail: Option<ReadTail>,
    pub terminate: &'a AtomicI32,
}

impl EventLoop<'_, '_> {
    /// Runs until the person quits, a signal asks the reader to stop, or the terminal
    /// goes away (then the position is saved and `terminate` says SIGHUP).
    pub fn run(&mut self) -> io::Result<()> {
        // Input came since the position was last saved; when it did.
        let mut last_input: Option<Instant> = None;
        let mut last_watch = Instant::now();
        loop {
            let mut messages = match self.read_input() {
                Ok(messages) => messages,
                Err(err) => return self.terminal_failed(err),
            };
            self.poll_loading(&mut messages)?;
            if let Some(work) = &mut self.background {
                work.finished(&mut messages);
                if work.placed() && last_watch.elapsed() >= WATCH {
                    last_watch = Instant::now();
                    match self.runtime.persistence.outside_changes() {
                        Ok(Some(changed)) => messages.push(work.changed(changed)),
                        Ok(None) => {}
                        Err(problem) => messages.push(Msg::Warn(problem)),
                    }
                    // An edited document is read again and its annotations anchored
                    // anew (those that moved or went are listed for review) — but not
                    // over an annotation that could not be saved.
                    if self.loading.is_none()
                        && self.app.annotations().unsaved.is_none()
                        && let Some((path, encoding)) = work.edited()
                    {
                        messages.push(Msg::Warn("The document was edited on disk: read again".into()));
                        self.loading = Some(reload(path, encoding));
                    }
                }
            }
            if self.terminate.load(Ordering::SeqCst) != 0 {
                messages.push(Msg::Terminate);
            }
            if messages.iter().any(is_input) {
                last_input = Some(Instant::now());
            } else if last_input.is_some_and(|at| at.elapsed() >= IDLE_SAVE) {
                last_input = None;
                messages.push(Msg::Idle);
            }
            if !messages.is_empty() {
                messages.push(Msg::Settle);
            }
            if matches!(self.dispatch(messages)?, Performed::Quit) {
                return Ok(());
            }
            let app = &*self.app;
            if let Err(err) = super::draw(self.runtime.terminal, app) {
                return self.terminal_failed(err);
            }
        }
    }

    /// The terminal's events, as messages; `Err` when the terminal cannot be read or
    /// has hung up.
    fn read_input(&mut self) -> io::Result<Vec<Msg>> {
        let events = self.runtime.input.wait(POLL)?;
        if input::terminal_gone() {
            return Err(io::Error::new(io::ErrorKind::BrokenPipe, "the terminal hung up"));
        }
        Ok(events.into_iter().filter_map(message_of).collect())
    }

    /// Reading or drawing failed: the reading position is saved first. A terminal that
    /// went away (closed, hung up: EIO, EPIPE) ends the reader as SIGHUP would;
    /// any other failure is reported.
    fn terminal_failed(&mut self, err: io::Error) -> io::Result<()> {
        self.dispatch(vec![Msg::Terminate])?;
        if input::terminal_gone() || is_hangup(&err) {
            let _ = self
                .terminate
                .compare_exchange(0, HANGUP, Ordering::SeqCst, Ordering::SeqCst);
            return Ok(());
        }
        Err(err)
    }

    /// The whole document, once read: the app takes it and the work over it starts;
    /// until then, input that needs it waits.
    fn poll_loading(&mut self, messages: &mut Vec<Msg>) -> io::Result<()> {
        let Some(receiver) = &self.loading else {
            return Ok(());
        };
        match receiver.try_recv() {
            Ok(Ok(full)) => {
                let full = Arc::new(full);
                self.app.update(Msg::DocumentLoaded(Arc::clone(&full)));
                let opened = self.runtime.persistence.open(&full);
                self.background = Some(Background::start(self.app, full, opened));
                self.loading = None;
                messages.splice(0..0, self.waiting.drain(..));
            }
            // An edited document that cannot be read again: the reader keeps the text
            // it has.
            Ok(Err(problem)) if self.background.is_some() => {
                self.loading = None;
                messages.push(Msg::Warn(format!(
                    "The edited document could not be read: {problem}"
                )));
            }
            Err(mpsc::TryRecvError::Disconnected) if self.background.is_some() => self.loading = None,
            Ok(Err(problem)) => return Err(io::Error::other(problem)),
            Err(mpsc::TryRecvError::Disconnected) => {
                return Err(io::Error::other("the document could not be read"));
            }
            Err(mpsc::TryRecvError::Empty) => {
                for message in std::mem::take(messages) {
                    if !matches!(message, Msg::Key(_) | Msg::Paste(_) | Msg::Mouse { .. }) {
                        messages.push(message);
                        continue;
                    }
                    // Once one key waits, those after it wait too, in order.
                    let acts = match self.waiting.is_empty() {
                        true => self.app.acts_before_loaded(&message),
                        false => None,
                    };
                    let tail = match acts {
                        Some(true) => self.read_tail.take().and_then(|read| read()),
                        _ => None,
                    };
                    match (acts, tail) {
                        (Some(false), _) => messages.push(message),
                        // `G` itself is done by showing the end.
                        (Some(true), Some(tail)) => messages.push(Msg::TailLoaded(Arc::new(tail))),
                        _ => self.waiting.push(message),
                    }
                }
            }
        }
        Ok(())
    }

    /// Updates the app with each message, and performs the effects it asks for (whose
    /// replies are messages too). `Performed::Quit` once an effect quits.
    fn dispatch(&mut self, messages: Vec<Msg>) -> io::Result<Performed> {
        let mut queue: VecDeque<Msg> = messages.into();
        while let Some(message) = queue.pop_front() {
            for effect in self.app.update(message) {
                match self.runtime.perform(effect)? {
                    Performed::Continue => {}
                    Performed::Reply(reply) => queue.push_back(reply),
                    Performed::Quit => return Ok(Performed::Quit),
                }
            }
        }
        Ok(Performed::Continue)
    }
}

/// Reads the document at `path` again on another thread, in the encoding it was read in.
fn reload(path: std::path::PathBuf, encoding: &'static str) -> mpsc::Receiver<Result<Document, String>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let forced = encoding_rs::Encoding::for_label(encoding.as_bytes());
        let _ = sender.send(Document::open(&path, forced).map_err(|err| err.to_string()));
    });
    receiver
}

/// What a person did (as opposed to work finishing in the background).
fn is_input(msg: &Msg) -> bool {
    matches!(
        msg,
        Msg::Key(_) | Msg::Paste(_) | Msg::Mouse { .. } | Msg::Wheel(_) | Msg::Resize { .. }
    )
}

/// Errors of a terminal that is gone: EIO from a hung-up terminal, EPIPE (SIGPIPE is
/// ignored in Rust programs, so a write to a closed pipe fails with it).
fn is_hangup(err: &io::Error) -> bool {
    const EIO: i32 = 5;
    err.kind() == io::ErrorKind::BrokenPipe || err.raw_os_error() == Some(EIO)
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
