//! Where the books of an import go: the documents named with `--into` (files, and the
//! text files of folders) or those the library knows, each book to the document that
//! names it best, and none to documents that tie.

use std::path::{Path, PathBuf};

use super::super::{CommandError, open_document};
use crate::cli::GlobalArgs;
use crate::config::Config;
use crate::document::{Document, Source};
use crate::import::BookItems;
use crate::import::books::{self, Candidate, MIN_SCORE};
use crate::sanitize;
use crate::sidecar::{Places, Sidecars};

/// Extensions of the files in an `--into` folder taken for documents.
const DOCUMENT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown"];

/// Where the books of a source may go.
pub(super) enum Targets {
    /// The documents named by `--into`, read.
    Given(Vec<Document>),
    /// The documents the library knows (present on disk), read only when a book goes to
    /// one, with what the index says they are called.
    Known(Vec<(PathBuf, Candidate)>),
}

impl Targets {
    /// The documents' names for messages: their paths as given or as the library
    /// knows them.
    pub(super) fn names(&self) -> Vec<String> {
        match self {
            Targets::Given(documents) => documents
                .iter()
                .map(|doc| match doc.source() {
                    Source::File(path) => path.display().to_string(),
                    Source::Stdin => doc.file_name(),
                })
                .collect(),
            Targets::Known(known) => known.iter().map(|(path, _)| path.display().to_string()).collect(),
        }
    }
}

/// The documents the library knows and that are still where it saw them.
pub(super) fn known_documents(dry_run: bool) -> Result<Vec<(PathBuf, Candidate)>, CommandError> {
    let none = || {
        CommandError::Usage(
            "the library knows no documents to import into: open them with margent first, \
             or say where with --into FILE or --into DIR"
                .into(),
        )
    };
    // A dry run makes no index where there is none.
    if dry_run && !crate::library::default_index_path().is_some_and(|index| index.is_file()) {
        return Err(none());
    }
    let mut library = crate::library::Library::open_default().map_err(|_| none())?;
    // Titles set since the index last looked count too; a dry run writes nothing, the
    // index included, and goes by what it holds.
    if !dry_run {
        let _ = library.refresh(crate::library::Refresh::Folders);
    }
    let known: Vec<(PathBuf, Candidate)> = library
        .entries(None)
        .map_err(|err| CommandError::Failed(err.to_string()))?
        .into_iter()
        .filter(|entry| entry.path.is_file())
        .map(|entry| {
            let file_stem = entry
                .path
                .file_stem()
                .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
            let author = Some(entry.author).filter(|author| !author.trim().is_empty());
            let candidate = Candidate {
                title: entry.title,
                file_stem,
                author,
            };
            (entry.path, candidate)
        })
        .collect();
    if known.is_empty() {
        return Err(none());
    }
    Ok(known)
}

/// The documents named by `--into`: files as given, and the text files of folders.
pub(super) fn documents(into: &[PathBuf], global: &GlobalArgs) -> Result<Vec<Document>, CommandError> {
    let mut documents = Vec::new();
    for path in into {
        if path.is_dir() {
            for file in folder_documents(path)? {
                match open_document(&file, global) {
                    Ok(doc) => documents.push(doc),
                    Err(err) => eprintln!("margent: {}", sanitize::inline(&err.to_string())),
                }
            }
        } else {
            documents.push(open_document(path, global)?);
        }
    }
    Ok(documents)
}

fn folder_documents(folder: &Path) -> Result<Vec<PathBuf>, CommandError> {
    let entries = std::fs::read_dir(folder)
        .map_err(|err| CommandError::Failed(format!("{}: cannot list: {err}", folder.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .and_then(|ext| ext.to_str())
                    .is_some_and(|ext| DOCUMENT_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// `assigned`, less each book that matches several documents equally well (copies of
/// one document in several folders): which one would be a guess, so it is reported
/// with the documents' names and imported into none.
pub(super) fn without_ties(
    groups: &[BookItems],
    candidates: &[Candidate],
    names: &[String],
    assigned: Vec<Option<usize>>,
    source: &Path,
) -> Vec<Option<usize>> {
    if candidates.len() < 2 {
        return assigned;
    }
    groups
        .iter()
        .zip(assigned)
        .map(|(group, to)| {
            let best = books::score(&group.book, &candidates[to?]);
            let tied: Vec<&str> = candidates
                .iter()
                .zip(names)
                .filter(|(candidate, _)| books::score(&group.book, candidate) >= best)
                .map(|(_, name)| name.as_str())
                .collect();
            if tied.len() < 2 {
                return to;
            }
            eprintln!(
                "margent: {}: {:?} matches {} documents equally ({}): import it with --into one of them",
                source.display(),
                sanitize::inline(&group.book.title),
                tied.len(),
                sanitize::inline(&match tied.len() {
                    0..=5 => tied.join(", "),
                    n => format!("{} and {} more", tied[..5].join(", "), n - 5),
                })
            );
            None
        })
        .collect()
}

/// Each book's document, or `None`. One document named with `--into` and one book (or
/// `--book`) go together whatever their titles; one such document and several books
/// take the book that names it best; otherwise each document takes the books that name
/// it best.
pub(super) fn assign(
    groups: &[BookItems],
    candidates: &[Candidate],
    given: bool,
    book_chosen: bool,
    source: &Path,
) -> Result<Vec<Option<usize>>, CommandError> {
    if let ([only], true) = (candidates, given) {
        if groups.len() <= 1 || book_chosen {
            return Ok(vec![Some(0); groups.len()]);
        }
        let scores: Vec<f64> = groups
            .iter()
            .map(|group| books::score(&group.book, only))
            .collect();
        let best = scores
            .iter()
            .enumerate()
            .filter(|(_, score)| **score >= MIN_SCORE)
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(index, _)| index);
        let Some(best) = best else {
            return Err(CommandError::Failed(format!(
                "{}: no book's title matches {:?}; choose one with --book TITLE: {}",
                source.display(),
                sanitize::inline(&only.title),
                book_list(groups)
            )));
        };
        return Ok((0..groups.len())
            .map(|index| (index == best).then_some(0))
            .collect());
    }
    Ok(groups
        .iter()
        .map(|group| {
            candidates
                .iter()
                .enumerate()
                .map(|(index, candidate)| (index, books::score(&group.book, candidate)))
                .filter(|(_, score)| *score >= MIN_SCORE)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(index, _)| index)
        })
        .collect())
}

/// What a document is called: the title and author set with `margent meta` (or stored
/// when its sidecar was made), else those detected in its text.
pub(super) fn candidate(doc: &Document, config: &Config) -> Candidate {
    let places = Places::of(doc, config.sidecar.location);
    let stored = Sidecars::open(doc, places)
        .ok()
        .map(|sidecars| sidecars.document())
        .unwrap_or_default();
    let file_name = doc.file_name();
    let file_stem = file_name
        .rsplit_once('.')
        .map_or(file_name.as_str(), |(stem, _)| stem)
        .to_string();
    Candidate {
        title: match stored.title.trim() {
            "" => doc.title(),
            title => title.to_string(),
        },
        file_stem,
        author: stored.author.or_else(|| doc.author().map(str::to_string)),
    }
}

pub(super) fn book_list(groups: &[BookItems]) -> String {
    groups
        .iter()
        .map(|group| format!("\"{}\"", sanitize::inline(&group.book.title)))
        .collect::<Vec<_>>()
        .join(", ")
}
