//! `margent [FILE|-]` on a terminal: opens the document in the full-screen reader with
//! its annotations (from both of its sidecars, read-only when one is damaged) and the
//! reading position (`reading::ReadingStore`), every change saved as it is made. A large
//! file read from the top is shown from its start while the whole of it is read.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::reading::{Folders, ReadingStore};
use super::{CommandError, Context, load_config, open_document};
use crate::annotation::Annotation;
use crate::cli::GlobalArgs;
use crate::document::{Document, Source, decode};
use crate::history::HistoryFile;
use crate::sanitize;
use crate::tui::{self, FileList, FileStep, Opened, Outcome, Persistence, Settings, Start};

/// Files larger than this open with a preview of their start.
const PREVIEW_THRESHOLD: u64 = 4 << 20;
/// How much of a large file the preview shows (cut back to a line end): a dozen
/// screens or more, read while the whole file is (a user paging faster waits for it),
/// and little enough to be ready at once: 64 KB made the first screen half a
/// millisecond later (decoded, indexed, its Markdown context found).
const PREVIEW_BYTES: usize = 16 << 10;
/// How much of the end of a large file `G` shows before the whole file is read.
const TAIL_BYTES: usize = 64 << 10;

pub fn read_file(path: &Path, context: &Context) -> Result<Outcome, CommandError> {
    read_file_at(path, context, None)
}

/// `read_file`, starting at the char offset `at` when given (a library search match)
/// instead of the saved position.
pub fn read_file_at(path: &Path, context: &Context, at: Option<usize>) -> Result<Outcome, CommandError> {
    open_reader(path, context, at, FileList::default(), None)
}

/// `margent FILE FILE...`: each file read in turn, `:n` and `:p` moving between them,
/// each at its own saved position (as less does). A file that cannot be opened leaves
/// the reader on the one it was asked from, saying why; when stdout is not a
/// terminal, each is rendered in turn.
pub fn read_files(paths: &[PathBuf], context: &Context) -> Result<Outcome, CommandError> {
    if !std::io::stdout().is_terminal() {
        for path in paths {
            super::render_file(path, context.terminal_cols, &context.global)?;
        }
        return Ok(Outcome::Quit);
    }
    // `back`: the file to return to should the one asked for not open.
    let (mut position, mut back, mut notice) = (0, None, None);
    loop {
        let files = FileList {
            position,
            count: paths.len(),
        };
        let outcome = match (
            open_reader(&paths[position], context, None, files, notice.take()),
            back,
        ) {
            (Ok(outcome), _) => outcome,
            (Err(err), None) => return Err(err),
            (Err(err), Some(from)) => {
                notice = Some(format!("Not opened: {err}"));
                (position, back) = (from, None);
                continue;
            }
        };
        back = Some(position);
        position = match outcome {
            Outcome::SwitchFile(FileStep::Next) => (position + 1).min(paths.len() - 1),
            Outcome::SwitchFile(FileStep::Previous) => position.saturating_sub(1),
            other => return Ok(other),
        };
    }
}

fn open_reader(
    path: &Path,
    context: &Context,
    at: Option<usize>,
    files: FileList,
    notice: Option<String>,
) -> Result<Outcome, CommandError> {
    if !std::io::stdout().is_terminal() {
        super::render_file(path, context.terminal_cols, &context.global)?;
        return Ok(Outcome::Quit);
    }
    let mut config = load_config(&context.global)?;
    // Who signs the annotations made and resolved in this session.
    config.reader.author = super::author(&config)?;
    let mut persistence = SidecarPersistence {
        store: ReadingStore::new(Folders::per_user(&config)),
        recorder: None,
        path: None,
        start_at: at,
        history: HistoryFile::per_user(),
        notice,
    };
    let preview = match at {
        Some(_) => None,
        None => preview(path, &context.global, &persistence.store)?,
    };
    let start = match preview {
        Some(start) => start,
        None => Start::Ready(Arc::new(open_document(path, &context.global)?)),
    };
    let capture_mouse = config.reader.mouse;
    let mut settings = Settings::new(config);
    settings.files = files;
    tui::run(start, settings, capture_mouse, &mut persistence)
        .map_err(|err| CommandError::Failed(format!("{}: {err}", path.display())))
}

/// The start of a large file (read from the top) as a preview, and how to read the
/// whole of it; `None` when the file is small or opens at a saved position.
fn preview(path: &Path, global: &GlobalArgs, store: &ReadingStore) -> Result<Option<Start>, CommandError> {
    let file_len = match std::fs::metadata(path) {
        Ok(meta) if path != Path::new("-") && meta.is_file() && meta.len() > PREVIEW_THRESHOLD => meta.len(),
        _ => return Ok(None),
    };
    let mut head = Vec::with_capacity(PREVIEW_BYTES);
    let opened =
        std::fs::File::open(path).and_then(|file| file.take(PREVIEW_BYTES as u64).read_to_end(&mut head));
    if opened.is_err() {
        return Ok(None);
    }
    // Told at a glance; the whole file's encoding, told from more, replaces it.
    let encoding = global.encoding.unwrap_or_else(|| decode::preview_encoding(&head));
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Ok(None); // its newlines are two bytes: a cut after one byte splits one
    }
    let cut = memchr::memrchr(b'\n', &head).map_or(head.len(), |i| i + 1);
    head.truncate(cut);
    let plain = global.plain;
    let as_asked = move |mut doc: Document| {
        if plain {
            doc.set_plain();
        }
        doc
    };
    let Ok(preview) = Document::from_bytes(head, Some(encoding), Source::File(path.to_path_buf())) else {
        return Ok(None);
    };
    let preview = Arc::new(as_asked(preview.preview_of(cut, file_len)));
    // Only a reader starting at the top can be shown the start.
    if store.has_saved_position(&preview) {
        return Ok(None);
    }
    let head = Arc::clone(&preview);
    let tail_path = path.to_path_buf();
    let (path, forced) = (path.to_path_buf(), global.encoding);
    Ok(Some(Start::Loading {
        preview,
        read_whole: Box::new(move || {
            Document::open(&path, forced)
                .map(as_asked)
                .map_err(|err| err.to_string())
        }),
        read_tail: Box::new(move || {
            let tail = read_tail(&tail_path, encoding)?.tail_of(&head);
            Some(as_asked(tail))
        }),
    }))
}

/// The last `TAIL_BYTES` of the file from a line's start, in the preview's
/// encoding: what `G` shows before the whole file is read. `None` when it cannot be
/// read (`G` then waits for the whole file).
fn read_tail(path: &Path, encoding: &'static encoding_rs::Encoding) -> Option<Document> {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(TAIL_BYTES as u64)))
        .ok()?;
    let mut tail = Vec::with_capacity(TAIL_BYTES);
    file.take(TAIL_BYTES as u64).read_to_end(&mut tail).ok()?;
    // From after a line end, so that no character is cut (a CR alone ends a line too).
    let start = memchr::memchr(b'\n', &tail).or_else(|| memchr::memchr(b'\r', &tail))? + 1;
    tail.drain(..start);
    Document::from_bytes(tail, Some(encoding), Source::File(path.to_path_buf())).ok()
}

/// The reader's changes, saved as they happen: annotations to the document's
/// sidecars, the position to the state folder (see `reading`), and the library index
/// told of the document (on another thread, after the first frame) and of where
/// reading stopped. The search history goes to the state folder.
struct SidecarPersistence {
    store: ReadingStore,
    /// Recording the opened document in the library index.
    recorder: Option<std::thread::JoinHandle<()>>,
    /// The document's path, once open.
    path: Option<std::path::PathBuf>,
    /// Where to start instead of the saved position.
    start_at: Option<usize>,
    history: Option<HistoryFile>,
    /// A line to show once the document is open (why another file did not open).
    notice: Option<String>,
}

impl Persistence for SidecarPersistence {
    fn open(&mut self, doc: &Arc<Document>) -> Opened {
        // Only a document with no notes of its own asks the index for notes it had
        // under another path (a moved or renamed document).
        let adopted = super::moved::adopt(doc);
        let mut opening = self.store.open(doc);
        if let Some(adopted) = &adopted
            && opening.position == 0
        {
            opening.position = adopted.position.min(doc.len_chars());
        }
        if let Some(at) = self.start_at.take() {
            opening.position = at.min(doc.len_chars());
        }
        if let Source::File(path) = doc.source() {
            self.path = Some(path.clone());
            let doc = Arc::clone(doc);
            self.recorder = Some(std::thread::spawn(move || super::indexing::record(&doc, true)));
        }
        Opened {
            position: opening.position,
            annotations: opening.annotations,
            anchored_hash: opening.anchored_hash,
            read_only: opening.read_only.map(|p| sanitize::inline(&p).into_owned()),
            notice: adopted
                .map(|a| a.message())
                .or_else(|| self.notice.take())
                .map(|notice| sanitize::inline(&notice).into_owned()),
            title: opening.title,
        }
    }

    fn save_position(&mut self, char_offset: usize) -> Result<(), String> {
        if let Some(recorder) = self.recorder.take() {
            let _ = recorder.join();
        }
        if let Some(path) = &self.path {
            super::indexing::record_position(path, char_offset);
        }
        self.store.save_position(char_offset)
    }

    fn save_annotation(&mut self, annotation: &Annotation) -> Result<(), String> {
        self.store.save_annotation(annotation)
    }

    fn delete_annotation(&mut self, id: &str) -> Result<(), String> {
        self.store.delete_annotation(id)
    }

    fn mark_anchored(&mut self) -> Result<(), String> {
        self.store.mark_anchored()
    }

    fn search_history(&mut self) -> Vec<String> {
        self.history
            .as_ref()
            .map(|file| file.load().entries().to_vec())
            .unwrap_or_default()
    }

    fn remember_search(&mut self, query: &str) -> Result<(), String> {
        let Some(file) = &self.history else {
            return Ok(()); // no home folder: nowhere to keep it
        };
        file.remember(query)
            .map(drop)
            .map_err(|err| sanitize::inline(&format!("The search history was not saved: {err}")).into_owned())
    }

    fn outside_changes(&mut self) -> Result<Option<Opened>, String> {
        let changed = self.store.outside_changes()?;
        Ok(changed.map(|changed| Opened {
            position: 0,
            annotations: changed.annotations,
            anchored_hash: changed.anchored_hash,
            read_only: None,
            notice: None,
            title: None,
        }))
    }

    fn set_title(&mut self, title: &str) -> Result<(), String> {
        self.store.set_title(title)
    }

    fn take_notice(&mut self) -> Option<String> {
        // A sentence on the status line, like the reader's other messages.
        let notice = self.store.take_notice()?;
        let mut chars = notice.chars();
        let first = chars.next()?.to_uppercase();
        Some(sanitize::inline(&format!("{first}{}", chars.as_str())).into_owned())
    }
}

impl Drop for SidecarPersistence {
    fn drop(&mut self) {
        if let Some(recorder) = self.recorder.take() {
            let _ = recorder.join();
        }
    }
}
