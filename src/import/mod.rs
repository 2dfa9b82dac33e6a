//! Importing notes made elsewhere (DESIGN §1.2 `import`, issue 14): each source format is
//! parsed into `Item`s grouped by `Book`; `place` re-anchors them on a document's text
//! by their quotes. Pure: parsing takes a `&str` (or, for formats read a line at a
//! time, a `BufRead`), placing takes a `Document`; opening files and writing sidecars
//! is `commands::import`'s job. No terminal.
//!
//! A source that is partly unreadable still gives every item that could be read, and a
//! `Problem` (with its line) for each part that could not.

/// For a serde `Visitor` that walks JSON looking for containers: a scalar where a
/// container may stand (a page named by its address, a title given as a number) is
/// passed over.
macro_rules! passes_over_scalars {
    () => {
        fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
            Ok(())
        }
    };
}

/// A serde `Visitor` over JSON of any shape that is also the `DeserializeSeed` reading
/// that JSON into what it fills.
macro_rules! seeds_itself {
    ($visitor:ident) => {
        impl<'de> serde::de::DeserializeSeed<'de> for $visitor<'_> {
            type Value = ();

            fn deserialize<D: serde::de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
                deserializer.deserialize_any(self)
            }
        }
    };
}

pub mod books;
pub mod detect;
pub mod hypothesis;
pub mod ids;
pub mod kindle;
mod kindle_meta;
pub mod koreader;
mod lossy;
pub mod lua;
pub mod place;
pub mod readwise;

use std::borrow::Cow;
use std::io::{self, BufRead};
use std::ops::Range;

use jiff::Timestamp;

use crate::annotation::{Kind, Status};

pub use detect::{Format, detect};
pub(crate) use lossy::{BadBytes, Utf8Lossy};

/// The tag an imported note gets when its place in the text is a guess: nothing says a
/// person must look at it otherwise (its quote may still be found where it was put).
pub const NEEDS_REVIEW_TAG: &str = "needs-review";

/// Which book or page a note was made on, as its source names it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Book {
    pub title: String,
    pub author: Option<String>,
    pub url: Option<String>,
}

/// One note, highlight or mark read from a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Stable within its source: the same item read again gives the same id, and so the
    /// same annotation id (`ids`).
    pub source_id: String,
    /// A margent id the source carries (margent's own exports): kept as is.
    pub margent_id: Option<String>,
    pub kind: Kind,
    /// The quoted text as the source gives it (may be empty for a note on a place).
    pub quote: String,
    pub note: String,
    pub tags: Vec<String>,
    /// The source's colour name, mapped to the palette when placed.
    pub color: Option<String>,
    pub created: Option<Timestamp>,
    pub modified: Option<Timestamp>,
    pub author: Option<String>,
    pub status: Status,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<Timestamp>,
    /// Code points in the annotated text, when the source has a TextPositionSelector.
    pub position: Option<Range<usize>>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// 1-based line of the source where the item starts (for reports).
    pub line: usize,
    /// The source ends inside the item: its quote may be cut short, so placed it is
    /// flagged for review, and its source id does not hold the quote.
    pub cut: bool,
    /// The source id this item has when read cut short (`cut`): importing it whole
    /// completes an annotation imported from a cut copy of the source.
    pub cut_source_id: Option<String>,
    /// The annotation ids an earlier import may have given older versions of this
    /// item that the source still holds (a Kindle highlight extended or edited on the
    /// device since): found, that annotation is brought up to date, not kept beside a
    /// second one.
    pub earlier_ids: Vec<String>,
}

impl Item {
    pub fn new(source_id: String, kind: Kind, quote: String, line: usize) -> Item {
        Item {
            source_id,
            margent_id: None,
            kind,
            quote,
            note: String::new(),
            tags: Vec::new(),
            color: None,
            created: None,
            modified: None,
            author: None,
            status: Status::Open,
            resolved_by: None,
            resolved_at: None,
            position: None,
            prefix: None,
            suffix: None,
            line,
            cut: false,
            cut_source_id: None,
            earlier_ids: Vec::new(),
        }
    }
}

/// A part of a source that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the source (0 when the source has no lines to speak of).
    pub line: usize,
    pub message: String,
}

/// The notes of one book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookItems {
    pub book: Book,
    pub items: Vec<Item>,
}

/// What a source holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub books: Vec<BookItems>,
    /// Items passed over on purpose (bookmarks, clipping-limit stubs, superseded edits).
    pub skipped: usize,
    pub problems: Vec<Problem>,
}

impl Parsed {
    /// Adds an item to its book's list, keeping books in order of first appearance.
    pub fn push(&mut self, book: &Book, item: Item) {
        match self.books.iter_mut().find(|group| &group.book == book) {
            Some(group) => group.items.push(item),
            None => self.books.push(BookItems {
                book: book.clone(),
                items: vec![item],
            }),
        }
    }

    pub fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            line,
            message: message.into(),
        });
    }

    pub fn item_count(&self) -> usize {
        self.books.iter().map(|group| group.items.len()).sum()
    }
}

/// Parses `text` as `format`.
pub fn parse(format: Format, text: &str) -> Parsed {
    finished(parse_as(format, text))
}

/// Parses `bytes` (UTF-8) as `format`, read whole: bytes that are not UTF-8 are read as
/// U+FFFD and reported by line, as `parse_stream` reports them.
pub fn parse_bytes(format: Format, bytes: &[u8]) -> Parsed {
    let mut bad = BadBytes::default();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            bad.note(bytes, 1);
            String::from_utf8_lossy(bytes)
        }
    };
    let mut parsed = parse_as(format, &text);
    bad.report(&mut parsed);
    finished(parsed)
}

/// Parses what `source` gives (UTF-8, its byte-order mark passed over) as `format`, a
/// line, record, table or annotation at a time: a large file is never held whole,
/// only the items read from it. Bytes that are not UTF-8 are read as U+FFFD and
/// reported by line.
pub fn parse_stream(format: Format, mut source: impl BufRead) -> io::Result<Parsed> {
    let parse = || -> io::Result<Parsed> {
        if source.fill_buf()?.starts_with("\u{feff}".as_bytes()) {
            source.consume(3);
        }
        if format == Format::Koreader {
            return koreader::parse_reader(source);
        }
        if format == Format::Readwise {
            return Ok(readwise::parse_reader(source));
        }
        if format != Format::Kindle {
            let mut source = Utf8Lossy::new(source);
            let mut parsed = hypothesis::parse_reader(&mut source);
            source.bad.report(&mut parsed);
            return Ok(parsed);
        }
        let mut failed = None;
        let mut bad = BadBytes::default();
        // Counted by line as the parser counts them: a lone CR ends a line too.
        let mut next_line = 1;
        let lines = (&mut source).split(b'\n').map_while(|line| match line {
            Ok(line) => {
                let first = next_line;
                next_line += 1 + lossy::line_breaks(&line);
                Some(String::from_utf8(line).unwrap_or_else(|err| {
                    bad.note(err.as_bytes(), first);
                    String::from_utf8_lossy(err.as_bytes()).into_owned()
                }))
            }
            Err(err) => {
                failed = Some(err);
                None
            }
        });
        let mut parsed = kindle::parse_lines(lines);
        bad.report(&mut parsed);
        failed.map_or(Ok(parsed), Err)
    };
    parse().map(finished)
}

/// Lists grown by doubling hold up to twice their items' room: trimmed once parsed.
/// Problems are listed in the order of their lines.
fn finished(mut parsed: Parsed) -> Parsed {
    for group in &mut parsed.books {
        group.items.shrink_to_fit();
    }
    parsed.problems.sort_by_key(|problem| problem.line);
    parsed
}

fn parse_as(format: Format, text: &str) -> Parsed {
    match format {
        Format::Kindle => kindle::parse(text),
        Format::Koreader => koreader::parse(text),
        Format::Hypothesis | Format::W3c | Format::Json => hypothesis::parse(text),
        Format::Readwise => readwise::parse(text),
    }
}

/// `text` without a leading byte-order mark.
pub(crate) fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}
