//! The library view (DESIGN §1.8): `margent` with no file lists the documents margent
//! knows, most recently opened first; `margent DIR` shows a folder as a shelf. Like the
//! reader it is a pure `render` of a state changed by one `update` (`state`); this file
//! is its runtime: terminal events become messages, and the effects are performed —
//! opening a document runs the reader (its `q` comes back here), forgetting removes an
//! index entry. A folder is listed on another thread, so a huge one or a link loop
//! never holds the view up.

mod render;
mod state;
#[cfg(test)]
mod tests;

use std::io;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::Terminal;

pub use render::render;
pub use state::{Effect, LibraryView, Msg};

use super::app::Settings;
use super::{Outcome, backend, keymap, terminal};
use crate::library::Entry;

/// How often the loop looks for documents found meanwhile.
const POLL: Duration = Duration::from_millis(50);

/// What the view needs from the rest of margent.
pub trait Shelf {
    /// The entries to show now (read again after the reader).
    fn entries(&mut self) -> Vec<Entry>;
    /// Documents under the folder that the index does not know, arriving in batches.
    fn found(&mut self) -> Option<mpsc::Receiver<Vec<Entry>>>;
    /// Runs the reader on the document (it takes the terminal and gives it back), at
    /// a char offset when one is given.
    fn open(&mut self, path: &Path, at: Option<usize>) -> Result<Outcome, String>;
    /// The annotations of every known document that match `query`.
    fn search(&mut self, query: &str) -> Result<Vec<crate::library::Hit>, String>;
    /// Removes the document's index entry (never a file).
    fn forget(&mut self, path: &Path) -> Result<(), String>;
}

/// Runs the view until the person quits.
/// Runs the view until the person quits; `search_first`: with the search across the
/// library open (the reader's `L`).
pub fn run(
    heading: String,
    settings: &Settings,
    shelf: &mut dyn Shelf,
    search_first: bool,
) -> io::Result<Outcome> {
    let terminate = terminal::termination_flag();
    let mut found = shelf.found();
    let theme = super::view::Theme::new(settings.color());
    let mut view: Option<LibraryView> = None;
    loop {
        let guard = terminal::TerminalGuard::enter(false)?;
        let mut screen = Terminal::new(backend::Screen::new(io::stdout()))?;
        let size = screen.size()?;
        let entries = shelf.entries();
        let view = match &mut view {
            Some(view) => {
                view.update(
                    Msg::Resize {
                        cols: size.width,
                        rows: size.height,
                    },
                    &settings.keymap,
                );
                view.update(Msg::Reloaded(merge_found(entries, view)), &settings.keymap);
                view
            }
            None => {
                let view = view.insert(LibraryView::new(
                    heading.clone(),
                    entries,
                    found.is_some(),
                    size.width,
                    size.height,
                ));
                if search_first {
                    view.update(Msg::OpenSearch, &settings.keymap);
                }
                view
            }
        };
        let effect = loop {
            screen.draw(|frame| render(view, &settings.keymap, &theme, frame))?;
            if terminate.load(Ordering::SeqCst) != 0 {
                break Effect::Quit;
            }
            if let Some(receiver) = &found {
                loop {
                    match receiver.try_recv() {
                        Ok(batch) => {
                            view.update(Msg::Found(batch), &settings.keymap);
                        }
                        Err(mpsc::TryRecvError::Empty) => break,
                        Err(mpsc::TryRecvError::Disconnected) => {
                            view.update(Msg::Listed, &settings.keymap);
                            found = None;
                            break;
                        }
                    }
                }
            }
            if !event::poll(POLL)? {
                continue;
            }
            let msg = match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => keymap::key_spec(&key).map(Msg::Key),
                Event::Resize(cols, rows) => Some(Msg::Resize { cols, rows }),
                _ => None,
            };
            let Some(msg) = msg else { continue };
            match view.update(msg, &settings.keymap) {
                None => {}
                Some(Effect::Forget(path)) => {
                    if let Err(err) = shelf.forget(&path) {
                        view.update(Msg::Say(err), &settings.keymap);
                    }
                }
                Some(Effect::Search(query)) => {
                    let hits = shelf.search(&query).unwrap_or_default();
                    view.update(Msg::Hits(hits), &settings.keymap);
                }
                Some(effect) => break effect,
            }
        };
        drop(screen);
        drop(guard);
        let opened = match effect {
            Effect::Open(path) => Some((path, None)),
            Effect::OpenAt(path, at) => Some((path, Some(at))),
            _ => None,
        };
        match opened {
            Some((path, at)) => match shelf.open(&path, at) {
                Ok(Outcome::Quit) => {}
                Ok(Outcome::SearchLibrary) => {
                    view.update(Msg::OpenSearch, &settings.keymap);
                }
                Ok(signalled) => return Ok(signalled),
                Err(err) => {
                    view.update(Msg::Say(err), &settings.keymap);
                }
            },
            None => {
                return Ok(match terminate.load(Ordering::SeqCst) {
                    0 => Outcome::Quit,
                    signal => Outcome::Signalled(signal),
                });
            }
        }
    }
}

/// The known entries read again, with the folder's unknown documents found so far
/// that are still unknown (a document opened meanwhile is now known).
fn merge_found(mut entries: Vec<Entry>, view: &LibraryView) -> Vec<Entry> {
    let known: std::collections::HashSet<_> = entries.iter().map(|e| e.path.clone()).collect();
    entries.extend(
        view.entries
            .iter()
            .filter(|e| !e.known && !known.contains(&e.path))
            .cloned(),
    );
    entries
}
