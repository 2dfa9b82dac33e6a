//! `margent [FILE|-]` on a terminal: opens the document in the full-screen reader with
//! its sidecar: annotations (read-only when the sidecar is damaged) and the reading
//! position, every change saved as it is made. A large file read from the top is shown
//! from its first megabytes while the rest is read.

use std::io::{IsTerminal, Read};
use std::path::Path;
use std::sync::{Arc, mpsc};

use super::{CommandError, Context, load_config, open_document};
use crate::annotation::Annotation;
use crate::cli::GlobalArgs;
use crate::config::SidecarLocation;
use crate::document::{Document, Source};
use crate::sanitize;
use crate::sidecar::{Places, SidecarError, Sidecars};
use crate::tui::{self, Opened, Outcome, Persistence, Settings, Start};

/// Files larger than this open with a preview of their start.
const PREVIEW_THRESHOLD: u64 = 4 << 20;
/// How much of a large file the preview shows (cut back to a line end).
const PREVIEW_BYTES: usize = 2 << 20;

pub fn read_file(path: &Path, context: &Context) -> Result<Outcome, CommandError> {
    if !std::io::stdout().is_terminal() {
        super::render_file(path, context.terminal_cols, &context.global)?;
        return Ok(Outcome::Quit);
    }
    let config = load_config(&context.global)?;
    let location = config.sidecar.location;
    let start = match preview(path, &context.global, location)? {
        Some(start) => start,
        None => Start::Ready(Arc::new(open_document(path, &context.global)?)),
    };
    let mut persistence = SidecarPersistence {
        store: None,
        location,
    };
    let capture_mouse = config.reader.mouse;
    tui::run(start, Settings::new(config), capture_mouse, &mut persistence)
        .map_err(|err| CommandError::Failed(format!("{}: {err}", path.display())))
}

/// The start of a large file (read from the top) as a preview, with the whole file
/// read on another thread; `None` when the file is small or opens at a saved position.
fn preview(
    path: &Path,
    global: &GlobalArgs,
    location: SidecarLocation,
) -> Result<Option<Start>, CommandError> {
    if path == Path::new("-")
        || std::fs::metadata(path).map_or(true, |m| !m.is_file() || m.len() <= PREVIEW_THRESHOLD)
    {
        return Ok(None);
    }
    let mut head = Vec::with_capacity(PREVIEW_BYTES);
    let opened =
        std::fs::File::open(path).and_then(|file| file.take(PREVIEW_BYTES as u64).read_to_end(&mut head));
    if opened.is_err() {
        return Ok(None);
    }
    let cut = memchr::memrchr(b'\n', &head).map_or(head.len(), |i| i + 1);
    head.truncate(cut);
    let Ok(preview) = Document::from_bytes(head, global.encoding, Source::File(path.to_path_buf())) else {
        return Ok(None);
    };
    // Only a reader starting at the top can be shown the start.
    let saved = Sidecars::open(&preview, Places::of(&preview, location))
        .is_ok_and(|sidecars| sidecars.sidecar_position() > 0);
    if saved {
        return Ok(None);
    }
    let (sender, full) = mpsc::channel();
    let (path, encoding) = (path.to_path_buf(), global.encoding);
    std::thread::spawn(move || {
        let _ = sender.send(Document::open(&path, encoding).map_err(|err| err.to_string()));
    });
    Ok(Some(Start::Loading {
        preview: Arc::new(preview),
        full,
    }))
}

/// The reader's changes, saved to the document's sidecars as they happen.
struct SidecarPersistence {
    store: Option<(Sidecars, Arc<Document>)>,
    location: SidecarLocation,
}

impl SidecarPersistence {
    fn save(
        &mut self,
        what: &str,
        change: impl FnOnce(&mut Sidecars, &Document) -> Result<(), SidecarError>,
    ) -> Result<(), String> {
        let Some((sidecars, doc)) = &mut self.store else {
            return Ok(());
        };
        change(sidecars, doc).map_err(|err| format!("could not save {what}: {err}"))
    }
}

impl Persistence for SidecarPersistence {
    fn open(&mut self, doc: &Arc<Document>) -> Opened {
        let (sidecars, problem) = Sidecars::open_or_read_only(doc, Places::of(doc, self.location));
        // The status line is one row: the file's name leaves room for the line, column
        // and reason.
        let problem = problem.map(
            |p| match p.path().and_then(|path| Some((path, path.file_name()?))) {
                Some((path, name)) => p
                    .to_string()
                    .replace(&path.display().to_string(), &name.to_string_lossy()),
                None => p.to_string(),
            },
        );
        let opened = Opened {
            position: sidecars.sidecar_position().min(doc.len_chars()),
            annotations: sidecars.annotations().into_owned(),
            anchored_hash: sidecars.anchored_hash(),
            read_only: problem.map(|p| sanitize::inline(&p).into_owned()),
        };
        self.store = Some((sidecars, Arc::clone(doc)));
        opened
    }

    fn save_position(&mut self, char_offset: usize) -> Result<(), String> {
        if self
            .store
            .as_ref()
            .is_some_and(|(s, _)| s.read_only_reason().is_some())
        {
            return Ok(());
        }
        self.save("the reading position", |sidecars, _| {
            sidecars.set_position(char_offset).map(|_| ())
        })
    }

    fn save_annotation(&mut self, annotation: &Annotation) -> Result<(), String> {
        self.save("the annotation", |sidecars, _| {
            sidecars.upsert(annotation.clone()).map(|_| ())
        })
    }

    fn delete_annotation(&mut self, id: &str) -> Result<(), String> {
        self.save("the deletion", |sidecars, _| sidecars.remove(id).map(|_| ()))
    }

    fn mark_anchored(&mut self) -> Result<(), String> {
        self.save("the sidecar", |sidecars, doc| sidecars.mark_anchored(doc))
    }
}
