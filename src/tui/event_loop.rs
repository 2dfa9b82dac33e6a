//! The event loop: terminal events and finished background work become messages for
//! `App::update`, the effects it returns go to the runtime, and the screen is drawn
//! after each burst of input.

use std::collections::VecDeque;
use std::io;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

use crate::document::Document;

use super::app::{App, MouseKind, Msg};
use super::background::Background;
use super::runtime::{Performed, Runtime};
use super::{keymap, view};

/// How long the loop waits for input before checking signals and background work.
const POLL: Duration = Duration::from_millis(100);

pub struct EventLoop<'a, 'b> {
    pub runtime: &'a mut Runtime<'b>,
    pub app: &'a mut App,
    pub background: Option<Background>,
    /// The whole document, while only a preview of its start is shown.
    pub loading: Option<mpsc::Receiver<Result<Document, String>>>,
    /// Keys pressed before the whole document is read wait for it.
    pub waiting: Vec<Msg>,
    pub terminate: &'a AtomicI32,
}

impl EventLoop<'_, '_> {
    /// Runs until the person quits (or a signal asks the reader to stop).
    pub fn run(&mut self) -> io::Result<()> {
        loop {
            let mut messages = read_input()?;
            self.poll_loading(&mut messages)?;
            if let Some(work) = &self.background {
                work.finished(&mut messages);
            }
            if self.terminate.load(Ordering::SeqCst) != 0 {
                messages.push(Msg::Terminate);
            }
            if !messages.is_empty() {
                messages.push(Msg::Settle);
            }
            if matches!(self.dispatch(messages)?, Performed::Quit) {
                return Ok(());
            }
            let app = &*self.app;
            self.runtime.terminal.draw(|frame| view::render(app, frame))?;
        }
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
            Ok(Err(problem)) => return Err(io::Error::other(problem)),
            Err(mpsc::TryRecvError::Disconnected) => {
                return Err(io::Error::other("the document could not be read"));
            }
            Err(mpsc::TryRecvError::Empty) => {
                let (keys, others): (Vec<Msg>, Vec<Msg>) = std::mem::take(messages)
                    .into_iter()
                    .partition(|m| matches!(m, Msg::Key(_) | Msg::Paste(_) | Msg::Mouse { .. }));
                self.waiting.extend(keys);
                *messages = others;
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

/// Everything already waiting (key repeat, pastes), after waiting a little for input.
fn read_input() -> io::Result<Vec<Msg>> {
    let mut messages = Vec::new();
    if event::poll(POLL)? {
        loop {
            messages.extend(message_of(event::read()?));
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    Ok(messages)
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
