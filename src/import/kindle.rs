//! Kindle's `My Clippings.txt`: entries separated by `==========` lines, each a title
//! line ("Title (Author)"), a metadata line (`kindle_meta`), a blank line and the
//! clipped text. Highlights and notes are kept (a note goes to the highlight at its
//! location), bookmarks and article clips are skipped, and a highlight edited on the
//! device (Kindle appends the new version and keeps the old) collapses to the latest.
//! BOMs (Kindle writes one before many titles), CRLF and CR-only line ends are
//! tolerated. Pure.

use std::collections::HashMap;

use super::kindle_meta::{ClipKind, Meta, parse_meta};
use super::{Book, Item, Parsed, without_bom};
use crate::anchor::loose::{Spacing, fold};
use crate::annotation::Kind;
use crate::import::ids::import_id;

const SEPARATOR: &str = "==========";

/// One entry as read, before notes are attached and edits collapsed.
#[derive(Debug, Clone)]
struct Clipping {
    book: Book,
    meta: Meta,
    text: String,
    line: usize,
    /// Order in the file: a later entry wins a tie on the date.
    order: usize,
    /// The file ends inside it: its text may be cut short.
    cut: bool,
    /// The annotation ids an import would have given the older versions of it that it
    /// replaces (`latest_versions`).
    earlier: Vec<String>,
}

pub fn parse(text: &str) -> Parsed {
    parse_lines(without_bom(text).split('\n'))
}

/// Parses the clippings given line by line (with or without their `\n`), as read from
/// a file a line at a time: the file is never held whole.
pub fn parse_lines<S: AsRef<str>>(lines: impl Iterator<Item = S>) -> Parsed {
    let mut parsed = Parsed::default();
    let mut clippings = Vec::new();
    let mut order = 0;
    for_each_entry(split_at_lone_cr(lines), |line, lines, end| {
        let complete = end != End::Cut;
        if end == End::NextEntry {
            parsed.problem(
                line,
                "this entry runs into the next (the ========== line between them is missing): read as two",
            );
        }
        match read_entry(lines) {
            Ok(Some((book, meta, mut text))) => {
                if !complete {
                    parsed.problem(line, "the file ends inside this entry: its text may be cut short");
                    // A character cut in two at the end is no part of the text.
                    text.truncate(text.trim_end_matches('\u{fffd}').len());
                }
                clippings.push(Clipping {
                    book,
                    meta,
                    text,
                    line,
                    order,
                    cut: !complete,
                    earlier: Vec::new(),
                });
            }
            Ok(None) if !complete => parsed.problem(line, "the file ends inside this entry (not read)"),
            Ok(None) => parsed.skipped += 1,
            Err(message) => parsed.problem(line, message),
        }
        order += 1;
    });
    let (highlights, notes): (Vec<Clipping>, Vec<Clipping>) = clippings
        .into_iter()
        .partition(|clip| clip.meta.kind == ClipKind::Highlight);
    let before = highlights.len() + notes.len();
    let highlights = latest_versions(highlights);
    let notes = latest_versions(notes);
    parsed.skipped += before - highlights.len() - notes.len();
    let mut highlights: Vec<(Clipping, Option<String>)> =
        highlights.into_iter().map(|clip| (clip, None)).collect();
    let loose_notes = attach_notes(&mut highlights, notes);
    for (clip, note) in highlights {
        let (book, mut item) = item_of(clip, Kind::Highlight);
        if let Some(note) = note {
            item.kind = Kind::Note;
            item.note = note;
        }
        parsed.push(&book, item);
    }
    for clip in loose_notes {
        let (book, mut item) = item_of(clip, Kind::Note);
        item.note = std::mem::take(&mut item.quote);
        parsed.push(&book, item);
    }
    parsed
}

/// How an entry's lines ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// At its `==========` line (or the start of one, where the file is cut inside it).
    Separator,
    /// At the title line of another entry, its separator missing.
    NextEntry,
    /// At the end of the file, without its separator: the entry may be cut short.
    Cut,
}

/// Gives `entry` the lines of each entry in turn, with the 1-based line where it starts
/// and how it ended (one at a time: the lines of 500,000 entries held at once were
/// 50 MB). An entry whose separator is missing is told by the metadata line of the
/// next, with its title before it.
fn for_each_entry<S: AsRef<str>>(lines: impl Iterator<Item = S>, mut entry: impl FnMut(usize, &[S], End)) {
    let mut current: Vec<S> = Vec::new();
    let mut start = 1;
    for (index, line) in lines.enumerate() {
        if line.as_ref().trim_end() == SEPARATOR {
            entry(start, &current, End::Separator);
            current.clear();
            start = index + 2;
            continue;
        }
        if current.len() >= 4 && starts_another(line.as_ref()) {
            let title = current.pop().expect("an entry of four lines");
            entry(start, &current, End::NextEntry);
            current.clear();
            current.push(title);
            start = index;
        }
        current.push(line);
    }
    // A file cut short leaves a last entry without its separator (or with only its
    // start): read what is there.
    let cut_separator = current
        .last()
        .map(|line| line.as_ref().trim())
        .is_some_and(|line| !line.is_empty() && SEPARATOR.starts_with(line));
    if cut_separator {
        current.pop();
    }
    if current.iter().any(|line| !line.as_ref().trim().is_empty()) {
        let end = if cut_separator { End::Separator } else { End::Cut };
        entry(start, &current, end);
    }
}

/// The lines given, each split where a CR ends a line (a file saved with CR-only line
/// ends arrives as one line); the CR of a CRLF is dropped.
fn split_at_lone_cr<S: AsRef<str>>(lines: impl Iterator<Item = S>) -> impl Iterator<Item = String> {
    lines.flat_map(|line| {
        let line = line.as_ref();
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        line.split('\r').map(str::to_string).collect::<Vec<_>>()
    })
}

/// A line of an entry's text that is the metadata line of another entry: `- …` with
/// a kind, `|` and a date.
fn starts_another(line: &str) -> bool {
    line.trim_start().starts_with('-')
        && line.contains('|')
        && parse_meta(line).is_some_and(|meta| meta.added.is_some())
}

/// `Ok(None)`: an entry skipped on purpose (a bookmark, an article clip, a highlight
/// with no text or only Kindle's clipping-limit notice).
fn read_entry<S: AsRef<str>>(lines: &[S]) -> Result<Option<(Book, Meta, String)>, String> {
    let mut lines = lines.iter().map(|line| {
        let line = line.as_ref();
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        line.trim_start_matches('\u{feff}')
    });
    let title_line = lines.by_ref().find(|line| !line.trim().is_empty());
    let Some(title_line) = title_line else {
        return Ok(None);
    };
    let meta_line = lines
        .next()
        .ok_or_else(|| "an entry ends after its title line".to_string())?;
    let meta = parse_meta(meta_line).ok_or_else(|| {
        format!(
            "unknown clipping line {:?}",
            crate::sanitize::inline(&meta_line.chars().take(80).collect::<String>())
        )
    })?;
    let body: Vec<&str> = lines.collect();
    let text = body.join("\n").trim().to_string();
    if matches!(meta.kind, ClipKind::Bookmark | ClipKind::Clip) || text.is_empty() || is_limit_notice(&text) {
        return Ok(None);
    }
    Ok(Some((book_of(title_line), meta, text)))
}

/// Kindle replaces a clipping past the publisher's limit by a notice in angle brackets
/// ("<You have reached the clipping limit for this item>", in the UI's language).
fn is_limit_notice(text: &str) -> bool {
    let text = text.trim();
    text.starts_with('<') && text.ends_with('>') && !text.contains('\n') && text.chars().count() < 120
}

/// "Title (Author)": the last parenthesised group is the author.
fn book_of(line: &str) -> Book {
    let line = line.trim();
    if let Some(open) = line.rfind(" (").or_else(|| line.rfind('('))
        && line.ends_with(')')
        && open > 0
    {
        let author = line[open..]
            .trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .trim();
        return Book {
            title: line[..open].trim().to_string(),
            author: (!author.is_empty()).then(|| author.to_string()),
            url: None,
        };
    }
    Book {
        title: line.to_string(),
        author: None,
        url: None,
    }
}

/// Of clippings of one book whose locations overlap and whose texts contain one
/// another (an edited highlight, a note typed again), only the latest is kept; it
/// carries the ids the others would have been imported under, so that one imported
/// before it is brought up to date, not kept beside it.
fn latest_versions(mut clips: Vec<Clipping>) -> Vec<Clipping> {
    clips.sort_by(|a, b| {
        (&a.book.title, location_start(a), a.order).cmp(&(&b.book.title, location_start(b), b.order))
    });
    let folded: Vec<String> = clips.iter().map(|c| fold(&c.text, Spacing::Ignored)).collect();
    // The newer version that replaces each clipping, if any.
    let mut superseded: Vec<Option<usize>> = vec![None; clips.len()];
    for i in 0..clips.len() {
        for j in i + 1..clips.len() {
            if clips[j].book.title != clips[i].book.title
                || location_start(&clips[j]) > location_end(&clips[i])
            {
                break;
            }
            if clips[j].book != clips[i].book || !overlaps(&clips[i], &clips[j]) {
                continue;
            }
            if folded[i].contains(&folded[j]) || folded[j].contains(&folded[i]) {
                let (older, newer) = if newer(&clips[j], &clips[i]) {
                    (i, j)
                } else {
                    (j, i)
                };
                superseded[older] = Some(newer);
            }
        }
    }
    for older in 0..clips.len() {
        // Each step is to a strictly newer version: the walk ends at the one kept.
        let mut latest = older;
        while let Some(newer) = superseded[latest] {
            latest = newer;
        }
        if latest != older {
            let id = earlier_id(&clips[older]);
            clips[latest].earlier.push(id);
        }
    }
    let mut kept: Vec<Clipping> = clips
        .into_iter()
        .zip(superseded)
        .filter_map(|(clip, gone)| gone.is_none().then_some(clip))
        .collect();
    kept.sort_by_key(|clip| clip.order);
    kept
}

fn newer(a: &Clipping, b: &Clipping) -> bool {
    (a.meta.added, a.order) > (b.meta.added, b.order)
}

fn location_start(clip: &Clipping) -> u64 {
    clip.meta.location.map_or(0, |(start, _)| start)
}

fn location_end(clip: &Clipping) -> u64 {
    clip.meta.location.map_or(0, |(_, end)| end)
}

/// Without locations, only identical places (none) overlap: the texts decide alone.
fn overlaps(a: &Clipping, b: &Clipping) -> bool {
    match (a.meta.location, b.meta.location) {
        (Some((a0, a1)), Some((b0, b1))) => a0 <= b1 && b0 <= a1,
        (None, None) => true,
        _ => false,
    }
}

/// Gives each note to the highlight of its book at its location (the one ending there,
/// else one spanning it); returns the notes that belong to no highlight.
fn attach_notes(highlights: &mut [(Clipping, Option<String>)], notes: Vec<Clipping>) -> Vec<Clipping> {
    // The first highlight of each book ending at each location (the common case, found
    // at once: a scan per note made 30,000 notes take minutes).
    let mut ending: HashMap<(&Book, u64), usize> = HashMap::new();
    for (index, (clip, _)) in highlights.iter().enumerate() {
        ending.entry((&clip.book, location_end(clip))).or_insert(index);
    }
    let ending: HashMap<(Book, u64), usize> = ending
        .into_iter()
        .map(|((book, end), index)| ((book.clone(), end), index))
        .collect();
    let spans = Spans::of(highlights);
    let mut loose = Vec::new();
    for note in notes {
        let Some((at, _)) = note.meta.location else {
            loose.push(note);
            continue;
        };
        let target = ending
            .get(&(note.book.clone(), at))
            .copied()
            .or_else(|| spans.first_holding(&note.book, at));
        match target {
            Some(index) => {
                // A note cut short leaves its highlight's notes cut short too.
                highlights[index].0.cut |= note.cut;
                let slot = &mut highlights[index].1;
                *slot = Some(match slot.take() {
                    Some(earlier) => format!("{earlier}\n\n{}", note.text),
                    None => note.text,
                });
            }
            None => loose.push(note),
        }
    }
    loose
}

/// Each book's highlights by where they start, to find those holding a location
/// without a scan of every highlight per note (40,000 notes beside their highlights took
/// 12 s).
struct Spans {
    books: HashMap<Book, BookSpans>,
}

/// One book's highlights as (start, end, index in the highlights), sorted by start, and
/// the greatest end up to each.
type BookSpans = (Vec<(u64, u64, usize)>, Vec<u64>);

impl Spans {
    fn of(highlights: &[(Clipping, Option<String>)]) -> Spans {
        let mut books: HashMap<Book, BookSpans> = HashMap::new();
        for (index, (clip, _)) in highlights.iter().enumerate() {
            let span = (location_start(clip), location_end(clip), index);
            books.entry(clip.book.clone()).or_default().0.push(span);
        }
        for (spans, reach) in books.values_mut() {
            spans.sort_unstable();
            *reach = spans
                .iter()
                .scan(0, |reach, span| {
                    *reach = (*reach).max(span.1);
                    Some(*reach)
                })
                .collect();
        }
        Spans { books }
    }

    /// The first highlight (in file order) of `book` whose locations hold `at`.
    fn first_holding(&self, book: &Book, at: u64) -> Option<usize> {
        let (spans, reach) = self.books.get(book)?;
        let starting = spans.partition_point(|span| span.0 <= at);
        (0..starting)
            .rev()
            .take_while(|&i| reach[i] >= at)
            .filter(|&i| spans[i].1 >= at)
            .map(|i| spans[i].2)
            .min()
    }
}

/// The annotation id the import of `clip` alone would give it.
fn earlier_id(clip: &Clipping) -> String {
    let kind = match clip.meta.kind {
        ClipKind::Highlight => Kind::Highlight,
        _ => Kind::Note,
    };
    import_id(&source_ids(clip, kind).0, clip.meta.added)
}

/// A clipping's source id as `kind`, and the one it has when read cut short.
fn source_ids(clip: &Clipping, kind: Kind) -> (String, String) {
    let place = match (clip.meta.location, clip.meta.page) {
        (Some((start, end)), _) => format!("loc {start}-{end}"),
        (None, Some(page)) => format!("page {page}"),
        (None, None) => String::new(),
    };
    // The text a cut entry holds is not its whole text: its id names the clipping by
    // its place and date alone, which the whole entry, read later, names too.
    let cut_source_id = format!("kindle\0{}\0cut {:?}\0{place}", clip.book.title, clip.meta.kind);
    let source_id = if clip.cut {
        cut_source_id.clone()
    } else {
        format!(
            "kindle\0{}\0{}\0{place}\0{}",
            clip.book.title,
            kind.as_str(),
            fold(&clip.text, Spacing::Ignored)
        )
    };
    (source_id, cut_source_id)
}

/// The item a clipping becomes, and its book.
fn item_of(clip: Clipping, kind: Kind) -> (Book, Item) {
    let (source_id, cut_source_id) = source_ids(&clip, kind);
    let mut item = Item::new(source_id, kind, clip.text, clip.line);
    item.cut = clip.cut;
    item.cut_source_id = Some(cut_source_id);
    item.earlier_ids = clip.earlier;
    item.created = clip.meta.added;
    item.modified = clip.meta.added;
    (clip.book, item)
}

#[cfg(test)]
mod tests;
