//! `margent import SOURCE [--from F] [--into FILE|DIR]... [--book TITLE] [--dry-run]`:
//! reads notes made elsewhere (`import`), matches each book of the source to one of
//! the documents given with `--into`, or without it to one of the documents the library
//! knows (by title, author and file name), places each note by its quote and saves the
//! new ones in one write per document. An item already imported (same id) is skipped, so importing
//! again adds nothing; `--dry-run` writes nothing. A document whose sidecar cannot be
//! read gets nothing. The last line on stdout counts what happened.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use super::{CommandError, load_config, open_document};
use crate::anchor::loose::{Spacing, fold};
use crate::annotation::{Annotation, Kind, now};
use crate::cli::{GlobalArgs, ImportArgs};
use crate::config::Config;
use crate::document::Document;
use crate::import::books::{self, Candidate, MIN_SCORE};
use crate::import::ids::import_id;
use crate::import::place::{Outcome, Placer, id_of};
use crate::import::{self, BookItems, Format, Item, NEEDS_REVIEW_TAG, Parsed};
use crate::sanitize;
use crate::sidecar::{Places, Sidecars};
use crate::text::excerpt::excerpt;

/// How much of a source's start its format is told from.
const DETECT_BYTES: usize = 64 * 1024;

/// Extensions of the files in an `--into` folder taken for documents.
const DOCUMENT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown"];

/// What happened to the items of one import.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    imported: usize,
    /// Imported before; the source's note added to the annotation's.
    updated: usize,
    review: usize,
    orphaned: usize,
    skipped: usize,
}

pub fn import(args: &ImportArgs, global: &GlobalArgs) -> Result<(), CommandError> {
    let config = load_config(global)?;
    let source = &args.source;
    let (format, mut parsed) = parse_source(source, args.from.map(Into::into))?;
    for problem in &parsed.problems {
        let line = match problem.line {
            0 => String::new(),
            line => format!("line {line}: "),
        };
        eprintln!(
            "margent: {}: {line}{}",
            source.display(),
            sanitize::inline(&problem.message)
        );
    }
    if parsed.books.is_empty() && !parsed.problems.is_empty() {
        return Err(CommandError::Failed(format!(
            "{}: nothing could be imported ({} as {})",
            source.display(),
            plural(parsed.problems.len(), "problem"),
            format.as_str()
        )));
    }
    if let Some(title) = &args.book {
        keep_book(&mut parsed, title, source)?;
    }
    let targets = match args.into.as_slice() {
        [] => Targets::Known(known_documents()?),
        into => Targets::Given(documents(into, global)?),
    };
    let candidates: Vec<Candidate> = match &targets {
        Targets::Given(documents) => documents.iter().map(|doc| candidate(doc, &config)).collect(),
        Targets::Known(known) => known.iter().map(|(_, candidate)| candidate.clone()).collect(),
    };
    // Only documents named with --into take a lone book whatever its title.
    let given = matches!(targets, Targets::Given(_));
    let names: Vec<String> = match &targets {
        Targets::Given(documents) => documents
            .iter()
            .map(|doc| match doc.source() {
                crate::document::Source::File(path) => path.display().to_string(),
                crate::document::Source::Stdin => doc.file_name(),
            })
            .collect(),
        Targets::Known(known) => known.iter().map(|(path, _)| path.display().to_string()).collect(),
    };
    let assigned = assign(&parsed.books, &candidates, given, args.book.is_some(), source)?;
    let assigned = without_ties(&parsed.books, &candidates, &names, assigned, source);
    let mut counts = Counts {
        skipped: parsed.skipped,
        ..Counts::default()
    };
    let mut unmatched = Vec::new();
    for doc_index in 0..candidates.len() {
        let items: Vec<&Item> = parsed
            .books
            .iter()
            .zip(&assigned)
            .filter(|(_, to)| **to == Some(doc_index))
            .flat_map(|(group, _)| &group.items)
            .collect();
        if !items.is_empty() {
            let opened;
            let doc = match &targets {
                Targets::Given(documents) => &documents[doc_index],
                Targets::Known(known) => {
                    opened = open_document(&known[doc_index].0, global)?;
                    &opened
                }
            };
            let done = import_into(doc, &items, &config, args.dry_run)?;
            counts.imported += done.imported;
            counts.updated += done.updated;
            counts.review += done.review;
            counts.orphaned += done.orphaned;
            counts.skipped += done.skipped;
        }
    }
    for (group, to) in parsed.books.iter().zip(&assigned) {
        if to.is_none() {
            unmatched.push(group);
        }
    }
    summary(&counts, &unmatched, source, args.dry_run)
}

/// The source parsed, and as what: a line, record, table or annotation at a time (a
/// 100 MB file is never held whole, only the items read from it); a UTF-16 file, or
/// one whose format its start does not tell, read whole. Bytes that are not UTF-8 are
/// reported. The format is told from the file's start.
fn parse_source(source: &Path, from: Option<Format>) -> Result<(Format, Parsed), CommandError> {
    let cannot_read =
        |err: std::io::Error| CommandError::Failed(format!("{}: cannot read: {err}", source.display()));
    let mut reader =
        crate::files::open_regular_buffered(source, crate::files::MAX_DOCUMENT_BYTES).map_err(cannot_read)?;
    let head = reader.fill_buf().map_err(cannot_read)?;
    let text_start = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    if text_start.iter().all(u8::is_ascii_whitespace) && head.len() < DETECT_BYTES {
        return Err(CommandError::Failed(format!(
            "{}: the file is empty: nothing to import",
            source.display()
        )));
    }
    let utf16 =
        encoding_rs::Encoding::for_bom(head).is_some_and(|(encoding, _)| encoding != encoding_rs::UTF_8);
    let format =
        from.or_else(|| import::detect(&String::from_utf8_lossy(&head[..head.len().min(DETECT_BYTES)])));
    if let Some(format) = format.filter(|_| !utf16) {
        return Ok((format, import::parse_stream(format, reader).map_err(cannot_read)?));
    }
    let bytes = crate::files::read_regular(source, crate::files::MAX_DOCUMENT_BYTES).map_err(cannot_read)?;
    let text = match encoding_rs::Encoding::for_bom(&bytes) {
        Some((encoding, _)) if encoding != encoding_rs::UTF_8 => Some(encoding.decode(&bytes).0.into_owned()),
        _ => None,
    };
    let format = match format {
        Some(format) => format,
        None => {
            let head = text
                .as_deref()
                .map_or_else(|| String::from_utf8_lossy(&bytes), Cow::Borrowed);
            import::detect(&head).ok_or_else(|| {
                CommandError::Usage(format!(
                    "{}: cannot tell the format; say it with --from (kindle, koreader, hypothesis, readwise, w3c, json)",
                    source.display()
                ))
            })?
        }
    };
    let parsed = match text {
        Some(text) => import::parse(format, &text),
        None => import::parse_bytes(format, &bytes),
    };
    Ok((format, parsed))
}

fn keep_book(parsed: &mut Parsed, title: &str, source: &Path) -> Result<(), CommandError> {
    let chosen = books::named(parsed.books.iter().map(|group| &group.book), title).ok_or_else(|| {
        CommandError::Failed(format!(
            "{}: no book matches {:?}; it holds: {}",
            source.display(),
            sanitize::inline(title),
            book_list(&parsed.books)
        ))
    })?;
    let others: usize = parsed
        .books
        .iter()
        .enumerate()
        .filter(|(index, _)| *index != chosen)
        .map(|(_, group)| group.items.len())
        .sum();
    parsed.skipped += others;
    let kept = parsed.books.swap_remove(chosen);
    parsed.books = vec![kept];
    Ok(())
}

/// Where the books of a source may go.
enum Targets {
    /// The documents named by `--into`, read.
    Given(Vec<Document>),
    /// The documents the library knows (present on disk), read only when a book goes to
    /// one, with what the index says they are called.
    Known(Vec<(PathBuf, Candidate)>),
}

/// The documents the library knows and that are still where it saw them.
fn known_documents() -> Result<Vec<(PathBuf, Candidate)>, CommandError> {
    let none = || {
        CommandError::Usage(
            "the library knows no documents to import into: open them with margent first, \
             or say where with --into FILE or --into DIR"
                .into(),
        )
    };
    let mut library = crate::library::Library::open_default().map_err(|_| none())?;
    // Titles set since the index last looked count too.
    let _ = library.refresh(crate::library::Refresh::Folders);
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
fn documents(into: &[PathBuf], global: &GlobalArgs) -> Result<Vec<Document>, CommandError> {
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

/// Each book's document, or `None`. One document named with `--into` and one book (or
/// `--book`) go together whatever their titles; one such document and several books
/// take the book that names it best; otherwise each document takes the books that name
/// it best.
/// `assigned`, less each book that matches several documents equally well (copies of
/// one document in several folders): which one would be a guess, so it is reported
/// with the documents' names and imported into none.
fn without_ties(
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
                "margent: {}: {:?} matches {} documents equally ({}): say which with --into FILE",
                source.display(),
                sanitize::inline(&group.book.title),
                tied.len(),
                sanitize::inline(&tied.iter().take(5).copied().collect::<Vec<_>>().join(", "))
            );
            None
        })
        .collect()
}

fn assign(
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
fn candidate(doc: &Document, config: &Config) -> Candidate {
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

/// Places the items new to `doc` and saves them in one write (unless a dry run).
fn import_into(
    doc: &Document,
    items: &[&Item],
    config: &Config,
    dry_run: bool,
) -> Result<Counts, CommandError> {
    let places = Places::of(doc, config.sidecar.location);
    let mut sidecars = Sidecars::open(doc, places).map_err(super::sidecar_failure)?;
    let mut known: HashSet<String> = sidecars.annotations().iter().map(|a| a.id.clone()).collect();
    // Imported before, with a note the source gained since.
    let mut updated: Vec<Annotation> = Vec::new();
    let fresh: Vec<&Item> = items
        .iter()
        .copied()
        .filter(|item| !(item.cut && holds_whole(&sidecars, item)))
        .filter(|item| {
            let id = id_of(item);
            if known.contains(&id) {
                let stored = sidecars.annotation(&id);
                updated.extend(stored.and_then(|stored| with_source_note(stored, item)));
                return false;
            }
            known.insert(id)
        })
        .collect();
    // Refused before anything is placed, and in a dry run too: the sidecar could not
    // hold them all.
    let max = crate::sidecar::limits::max_annotations();
    let total = sidecars.annotations().len() + fresh.len();
    if total > max {
        return Err(CommandError::Failed(format!(
            "{}: not imported: {} new annotations would make {total}, and a sidecar holds at most {max}",
            sanitize::inline(&doc.file_name()),
            fresh.len()
        )));
    }
    let mut counts = Counts {
        skipped: items.len() - fresh.len() - updated.len(),
        updated: updated.len(),
        ..Counts::default()
    };
    let mut stdout = std::io::stdout().lock();
    if dry_run {
        for annotation in &updated {
            writeln!(
                stdout,
                "update  {}: {}",
                sanitize::inline(&doc.file_name()),
                sanitize::inline(&excerpt(&annotation.note, 70))
            )
            .map_err(CommandError::stdout)?;
        }
    }
    if fresh.is_empty() {
        // Imported before: the text is not searched at all.
        if !dry_run && !updated.is_empty() {
            let saved = sidecars.upsert_many(&updated).map_err(super::sidecar_failure)?;
            super::tell_where_saved(&saved);
        }
        return Ok(counts);
    }
    let mut placer = Placer::new(doc, &config.palette);
    placer.prepare(fresh.iter().copied());
    let mut new = updated;
    let mut completed = Vec::new();
    for item in fresh {
        let mut placed = placer.place(item);
        let cut_copy = cut_copy_of(item).filter(|id| known.contains(id));
        if let Some(annotation) = cut_copy.as_deref().and_then(|id| sidecars.annotation(id)) {
            placed.annotation = completed_from(annotation, placed.annotation);
            completed.push(annotation.id.clone());
        }
        let word = match placed.outcome {
            Outcome::Placed => {
                counts.imported += 1;
                "import"
            }
            Outcome::NeedsReview => {
                counts.review += 1;
                "review"
            }
            Outcome::Orphaned => {
                counts.orphaned += 1;
                "orphan"
            }
        };
        if dry_run {
            let word = if cut_copy.is_some() { "complete" } else { word };
            let shown = if item.quote.is_empty() {
                &item.note
            } else {
                &item.quote
            };
            writeln!(
                stdout,
                "{word:<7} {}: {}",
                sanitize::inline(&doc.file_name()),
                sanitize::inline(&excerpt(shown, 70))
            )
            .map_err(CommandError::stdout)?;
        }
        new.push(placed.annotation);
    }
    if !dry_run && !new.is_empty() {
        let saved = sidecars.upsert_many(&new).map_err(super::sidecar_failure)?;
        super::tell_where_saved(&saved);
        // Only once the whole one is saved: a crash between leaves both, never neither.
        for id in &completed {
            if let Err(err) = sidecars.remove(id) {
                eprintln!(
                    "margent: {}: the copy cut short is kept beside the whole one: {}",
                    sanitize::inline(&doc.file_name()),
                    sanitize::inline(&err.to_string())
                );
            }
        }
    }
    if !completed.is_empty() {
        eprintln!(
            "margent: {}: {} imported before from a copy cut short {} completed",
            sanitize::inline(&doc.file_name()),
            plural(completed.len(), "note"),
            match (dry_run, completed.len()) {
                (true, _) => "would be",
                (false, 1) => "was",
                (false, _) => "were",
            }
        );
    }
    Ok(counts)
}

/// The id of the annotation an import of a cut copy of the source made of `item`, if
/// `item` was read whole and could have been read cut.
fn cut_copy_of(item: &Item) -> Option<String> {
    let cut = item.cut_source_id.as_ref().filter(|_| !item.cut)?;
    Some(import_id(cut, item.created))
}

/// Whether the document holds the whole of an item read cut short: an annotation made
/// at the same time whose quote starts with the item's (a cut copy imported again after
/// the whole one).
fn holds_whole(sidecars: &Sidecars, item: &Item) -> bool {
    let start = fold(&item.quote, Spacing::Ignored);
    sidecars.annotations().iter().any(|annotation| {
        Some(annotation.created) == item.created
            && fold(&annotation.exact, Spacing::Ignored).starts_with(&start)
    })
}

/// `stored`, imported before from `item`, with the note the source now has for it
/// added (a note typed on the device after the last import), or `None` when it holds
/// that note already.
fn with_source_note(stored: &Annotation, item: &Item) -> Option<Annotation> {
    let added = item.note.trim();
    if added.is_empty() || stored.note.contains(added) {
        return None;
    }
    let mut annotation = stored.clone();
    annotation.note = joined_note(&stored.note, &item.note);
    annotation.kind = Kind::Note;
    annotation.modified = now().max(stored.modified);
    Some(annotation.normalised())
}

/// The note `kept`, with `added` after it unless it holds it already.
fn joined_note(kept: &str, added: &str) -> String {
    match (kept.trim(), added.trim()) {
        ("", _) => added.to_string(),
        (_, new) if new.is_empty() || kept.contains(new) => kept.to_string(),
        // The note read whole where a copy cut short, or edited by adding to it.
        (old, new) if new.starts_with(old) => new.to_string(),
        (old, new) => format!("{old}\n\n{new}"),
    }
}

/// The annotation read whole, `whole`, with what was made of its cut copy kept: its id
/// is the whole one's; the note, tags, colour and status the reader may have changed
/// are the copy's, and the copy's `needs-review` goes unless the whole one needs it.
fn completed_from(copy: &Annotation, whole: Annotation) -> Annotation {
    let tags: Vec<String> = copy
        .tags
        .iter()
        .filter(|tag| *tag != NEEDS_REVIEW_TAG)
        .chain(whole.tags.iter())
        .fold(Vec::new(), |mut tags, tag| {
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
            tags
        });
    // Both notes when they differ: the reader's, and the one the source gained since.
    let note = joined_note(&copy.note, &whole.note);
    let kind = if note.trim().is_empty() {
        whole.kind
    } else {
        Kind::Note
    };
    let mut completed = whole
        .with_note(note)
        .with_tags(tags)
        .with_color(copy.color.clone())
        .with_status(copy.status)
        .with_author(copy.author.clone());
    completed.kind = kind;
    completed.resolved_by = copy.resolved_by.clone();
    completed.resolved_at = copy.resolved_at;
    // Changed now: a merge of the sidecar takes the completed one.
    completed.modified = now().max(copy.modified);
    completed.normalised()
}

fn summary(
    counts: &Counts,
    unmatched: &[&BookItems],
    source: &Path,
    dry_run: bool,
) -> Result<(), CommandError> {
    for group in unmatched {
        eprintln!(
            "margent: {}: not matched to a document: {:?} ({})",
            source.display(),
            sanitize::inline(&group.book.title),
            plural(group.items.len(), "item")
        );
    }
    let mut line = format!(
        "{} imported, {} need review, {} orphaned, {} skipped",
        counts.imported, counts.review, counts.orphaned, counts.skipped
    );
    if counts.updated > 0 {
        line.push_str(&format!(", {} with a new note", counts.updated));
    }
    if !unmatched.is_empty() {
        line.push_str(&format!(", {} not matched", plural(unmatched.len(), "book")));
    }
    if dry_run {
        line.push_str(" (dry run: nothing written)");
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}").map_err(CommandError::stdout)
}

fn book_list(groups: &[BookItems]) -> String {
    groups
        .iter()
        .map(|group| format!("\"{}\"", sanitize::inline(&group.book.title)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Kind;
    use crate::sidecar::limits;

    #[test]
    fn an_import_its_sidecar_could_not_hold_is_refused_even_in_a_dry_run() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.txt");
        std::fs::write(&path, "One two three. Four five six. Seven eight nine.\n").unwrap();
        let doc = Document::open(&path, None).unwrap();
        let items: Vec<Item> = ["two", "five", "eight"]
            .iter()
            .enumerate()
            .map(|(n, quote)| Item::new(format!("test\0{n}"), Kind::Highlight, quote.to_string(), n + 1))
            .collect();
        let items: Vec<&Item> = items.iter().collect();
        let mut config = Config::default();
        config.sidecar.location = crate::config::SidecarLocation::Beside;
        for dry_run in [true, false] {
            let refused = limits::with_max_annotations(2, || import_into(&doc, &items, &config, dry_run));
            let message = refused.unwrap_err().to_string();
            assert!(
                message.contains("3 new annotations") && message.contains("at most 2"),
                "{message}"
            );
        }
        assert!(!dir.path().join("doc.txt.notes.toml").exists(), "nothing written");
        let counts = limits::with_max_annotations(3, || import_into(&doc, &items, &config, true)).unwrap();
        assert_eq!(counts.imported, 3);
    }
}
