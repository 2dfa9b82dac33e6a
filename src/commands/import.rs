//! `margent import SOURCE [--from F] [--into FILE|DIR]... [--book TITLE] [--dry-run]`:
//! reads notes made elsewhere (`import`), matches each book of the source to one of
//! the documents given with `--into`, or without it to one of the documents the library
//! knows (by title, author and file name), places each note by its quote and saves the
//! new ones in one write per document. An item already imported (same id) is skipped, so importing
//! again adds nothing; `--dry-run` writes nothing. A document whose sidecar cannot be
//! read gets nothing. The last line on stdout counts what happened.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::Path;

use self::targets::{Targets, assign, candidate, documents, known_documents, without_ties};
use super::reimport::{self, Before, Update};
use super::{CommandError, load_config, open_document};
use crate::annotation::Annotation;
use crate::cli::{GlobalArgs, ImportArgs};
use crate::config::Config;
use crate::document::Document;
use crate::import::books::{self, Candidate};
use crate::import::place::{Outcome, Placer, id_of};
use crate::import::{self, BookItems, Format, Item, Parsed};
use crate::sanitize;
use crate::sidecar::{Places, Sidecars};
use crate::text::excerpt::excerpt;

mod targets;

/// How much of a source's start its format is told from.
const DETECT_BYTES: usize = 64 * 1024;

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
        [] => Targets::Known(known_documents(args.dry_run)?),
        into => Targets::Given(documents(into, global)?),
    };
    let candidates: Vec<Candidate> = match &targets {
        Targets::Given(documents) => documents.iter().map(|doc| candidate(doc, &config)).collect(),
        Targets::Known(known) => known.iter().map(|(_, candidate)| candidate.clone()).collect(),
    };
    // Only documents named with --into take a lone book whatever its title.
    let given = matches!(targets, Targets::Given(_));
    let names = targets.names();
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
            targets::book_list(&parsed.books)
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

/// Places the items new to `doc` and saves them in one write (unless a dry run).
fn import_into(
    doc: &Document,
    items: &[&Item],
    config: &Config,
    dry_run: bool,
) -> Result<Counts, CommandError> {
    let places = Places::of(doc, config.sidecar.location);
    // Deleted here after an earlier import: not brought back.
    let deleted = places.deleted.as_ref().map(|list| list.ids()).unwrap_or_default();
    let mut sidecars = Sidecars::open(doc, places).map_err(super::sidecar_failure)?;
    let ids: HashSet<String> = sidecars.annotations().iter().map(|a| a.id.clone()).collect();
    let name = sanitize::inline(&doc.file_name()).into_owned();
    let mut stdout = std::io::stdout().lock();
    // Imported before, with a note the source gained since.
    let mut new: Vec<Annotation> = Vec::new();
    let mut edited_here = 0;
    let mut deleted_here = 0;
    let mut fresh: Vec<(&Item, Option<(Annotation, Completes)>)> = Vec::new();
    // By the id of the annotation an older version made: the others older versions
    // made (a highlight extended over two), joined into it and then removed.
    let mut joining: HashMap<String, Vec<Annotation>> = HashMap::new();
    let mut joined: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut counts = Counts::default();
    for &item in items {
        if !seen.insert(id_of(item)) {
            counts.skipped += 1;
            continue;
        }
        match reimport::before(&sidecars, &ids, item) {
            Before::Nothing if reimport::deleted_before(item, &deleted) => {
                counts.skipped += 1;
                deleted_here += 1;
            }
            Before::Nothing => fresh.push((item, None)),
            Before::CutCopy(copy) => fresh.push((item, Some((copy.clone(), Completes::CutCopy)))),
            Before::Earlier(copy) => {
                let others = reimport::other_earlier(&sidecars, &ids, item, &copy.id);
                if !others.is_empty() {
                    joining.insert(copy.id.clone(), others.into_iter().cloned().collect());
                }
                fresh.push((item, Some((copy.clone(), Completes::Earlier))));
            }
            Before::Imported(stored) => match reimport::update(stored, item) {
                Update::Same => counts.skipped += 1,
                Update::EditedHere => {
                    counts.skipped += 1;
                    edited_here += 1;
                }
                Update::Noted(annotation) => {
                    if dry_run {
                        writeln!(
                            stdout,
                            "update  {name}: + {}",
                            sanitize::inline(&excerpt(&item.note, 66))
                        )
                        .map_err(CommandError::stdout)?;
                    }
                    counts.updated += 1;
                    new.push(*annotation);
                }
            },
        }
    }
    if edited_here > 0 {
        eprintln!(
            "margent: {name}: {} at the source differ from annotations changed here since they were imported: left as they are",
            plural(edited_here, "note")
        );
    }
    if deleted_here > 0 {
        eprintln!(
            "margent: {name}: {} deleted here since {} imported: not brought back",
            plural(deleted_here, "annotation"),
            if deleted_here == 1 { "it was" } else { "they were" }
        );
    }
    // Refused before anything is placed, and in a dry run too: the sidecar could not
    // hold them all.
    let max = crate::sidecar::limits::max_annotations();
    let adding = fresh.iter().filter(|(_, copy)| copy.is_none()).count();
    let total = sidecars.annotations().len() + adding;
    if total > max {
        return Err(CommandError::Failed(format!(
            "{name}: not imported: {adding} new annotations would make {total}, and a sidecar holds at most {max}"
        )));
    }
    // Annotations completed from a cut copy, and brought up to date from an older version.
    let mut completed = [0, 0];
    if !fresh.is_empty() {
        // Only new items are placed: the text of a document imported before is not
        // searched at all.
        let mut placer = Placer::new(doc, &config.palette);
        placer.prepare(fresh.iter().map(|(item, _)| *item));
        for (item, copy) in fresh {
            let mut placed = placer.place(item);
            if let Some((copy, completes)) = &copy {
                placed.annotation = reimport::completed(copy, placed.annotation);
                let others = joining.get(&copy.id).map_or(&[][..], Vec::as_slice);
                if reimport::same_as(copy, &placed.annotation) && others.is_empty() {
                    counts.skipped += 1;
                    continue;
                }
                for other in others {
                    placed.annotation = reimport::joined_into(placed.annotation, other);
                    joined.push(other.id.clone());
                }
                completed[*completes as usize] += 1;
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
                let word = match copy {
                    Some((_, Completes::CutCopy)) => "complete",
                    Some((_, Completes::Earlier)) => "update",
                    None => word,
                };
                let shown = if item.quote.is_empty() {
                    &item.note
                } else {
                    &item.quote
                };
                writeln!(
                    stdout,
                    "{word:<7} {name}: {}",
                    sanitize::inline(&excerpt(shown, 70))
                )
                .map_err(CommandError::stdout)?;
            }
            new.push(placed.annotation);
        }
    }
    if !dry_run && !new.is_empty() {
        let saved = sidecars.upsert_many(&new).map_err(super::sidecar_failure)?;
        super::tell_where_saved(&saved);
        // Joined into the annotation that took their place: not deleted by the reader,
        // so not listed as deleted.
        for id in &joined {
            sidecars.remove_unlisted(id).map_err(super::sidecar_failure)?;
        }
        // On the shelf, its notes found by `search`, as after `annotate`.
        super::indexing::record(doc, false);
    }
    for (completes, done) in [Completes::CutCopy, Completes::Earlier]
        .into_iter()
        .zip(completed)
    {
        if done > 0 {
            let was = match (dry_run, done) {
                (true, _) => "would be",
                (false, 1) => "was",
                (false, _) => "were",
            };
            let (what, how) = completes.said();
            eprintln!("margent: {name}: {} {what} {was} {how}", plural(done, "note"));
            if completes == Completes::Earlier && !joined.is_empty() {
                eprintln!(
                    "margent: {name}: {} of older versions joined into the one that took their place (notes and tags kept)",
                    plural(joined.len(), "annotation")
                );
            }
        }
    }
    Ok(counts)
}

/// What an item read again does to the annotation an earlier import made of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Completes {
    /// Completes the one made of a copy of it cut short.
    CutCopy,
    /// Brings up to date the one made of an older version of it.
    Earlier,
}

impl Completes {
    /// What the annotations were, and what was done to them, in words.
    fn said(self) -> (&'static str, &'static str) {
        match self {
            Completes::CutCopy => ("imported before from a copy cut short", "completed"),
            Completes::Earlier => (
                "imported before in an older version (edited at the source since)",
                "brought up to date",
            ),
        }
    }
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
