//! `margent` with no file (stdin a terminal) and `margent DIR`: the library view
//! (`tui::library`) over the library index, or over a folder's plain-text documents,
//! known or not, listed on another thread as they are found. Enter runs the reader
//! (`read_file`); its `q` comes back. When stdout is not a terminal, the listing is
//! printed as `margent library [DIR]` prints it.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::library::open_library;
use super::{CommandError, Context, load_config};
use crate::cli::NotesFormat;
use crate::library::{Entry, Library, Refresh, canonical, shelf};
use crate::tui::library::Shelf;
use crate::tui::{Outcome, Settings};

/// Documents sent to the view at a time, or after this long, whichever comes first.
const BATCH: usize = 512;
const BATCH_TIME: Duration = Duration::from_millis(40);
/// Most matches the view lists for one search.
const SEARCH_LIMIT: usize = 1000;

/// `search_first`: open with the search across the library (the reader's `L`).
pub fn open_library_view(
    folder: Option<&Path>,
    context: &Context,
    search_first: bool,
) -> Result<Outcome, CommandError> {
    if !std::io::stdout().is_terminal() {
        super::library::library(NotesFormat::Text, false, folder)?;
        return Ok(Outcome::Quit);
    }
    let settings = Settings::new(load_config(&context.global)?);
    let mut library = open_library()?;
    let _ = library.refresh(Refresh::Folders);
    let heading = match folder {
        Some(folder) => format!("Shelf {}", crate::sanitize::inline(&folder.display().to_string())),
        None => "Library".to_string(),
    };
    let mut shelf = IndexShelf {
        library,
        folder: folder.map(canonical),
        context: context.clone(),
    };
    crate::tui::library::run(heading, &settings, &mut shelf, search_first)
        .map_err(|err| CommandError::Failed(format!("the library view: {err}")))
}

struct IndexShelf {
    library: Library,
    folder: Option<PathBuf>,
    context: Context,
}

impl Shelf for IndexShelf {
    fn entries(&mut self) -> Vec<Entry> {
        self.library.entries(self.folder.as_deref()).unwrap_or_default()
    }

    fn found(&mut self) -> Option<mpsc::Receiver<Vec<Entry>>> {
        let folder = self.folder.clone()?;
        let known: HashSet<PathBuf> = self.entries().into_iter().map(|e| e.path).collect();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut batch = Vec::new();
            let mut since = Instant::now();
            shelf::walk_each(&folder, |path| {
                let path = canonical(&path);
                if !known.contains(&path) {
                    batch.push(Entry::unknown(path));
                }
                if batch.len() >= BATCH || (!batch.is_empty() && since.elapsed() >= BATCH_TIME) {
                    since = Instant::now();
                    if sender.send(std::mem::take(&mut batch)).is_err() {
                        return ControlFlow::Break(());
                    }
                }
                ControlFlow::Continue(())
            });
            if !batch.is_empty() {
                let _ = sender.send(batch);
            }
        });
        Some(receiver)
    }

    fn open(&mut self, path: &Path, at: Option<usize>) -> Result<Outcome, String> {
        super::read::read_file_at(path, &self.context, at).map_err(|err| err.to_string())
    }

    fn search(&mut self, query: &str) -> Result<Vec<crate::library::Hit>, String> {
        let _ = self.library.refresh(Refresh::Folders);
        self.library
            .search(&crate::library::SearchRequest {
                query: query.to_string(),
                folder: self.folder.clone(),
                limit: Some(SEARCH_LIMIT),
                ..Default::default()
            })
            .map_err(|err| err.to_string())
    }

    fn forget(&mut self, path: &Path) -> Result<(), String> {
        self.library
            .forget(path)
            .map(|_| ())
            .map_err(|err| err.to_string())
    }
}
