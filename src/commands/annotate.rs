//! `margent annotate FILE --quote TEXT …`: adds one annotation without the reader and
//! prints its id. The quote must name one place in the text (an absent quote, or one
//! that occurs more than once without `--occurrence`, is refused, saying how many
//! times it occurs); the annotation is saved through the document's sidecars, so a
//! reader open on the same document loses nothing, and one that cannot be written
//! beside the document goes to the data folder (a line on stderr says so).

use std::io::Write;
use std::ops::Range;
use std::path::Path;

use super::{CommandError, load_config, open_document};
use crate::anchor::loose::{LooseText, Spacing};
use crate::anchor::{self, QuoteError};
use crate::annotation::{Annotation, Kind};
use crate::cli::{AnnotateArgs, GlobalArgs};
use crate::config::Config;
use crate::document::Document;
use crate::sidecar::{Places, Sidecars};
use crate::text::charindex::CharIndex;

pub fn annotate(args: &AnnotateArgs, global: &GlobalArgs) -> Result<(), CommandError> {
    let config = load_config(global)?;
    let doc = open_document(&args.file, global)?;
    let file = &args.file;
    let occurrence = args.occurrence.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let range = if args.loose {
        find_loose(doc.text(), &args.quote, occurrence)
    } else {
        find_quote(&doc, &args.quote, occurrence)
    }
    .map_err(|err| quote_failure(file, err))?;
    let color = palette_color(&config, args.color.as_deref(), file)?;
    let kind = args.kind.map_or_else(|| default_kind(args), Kind::from);
    let tags = valid_tags(&args.tags, file)?;
    let quote = anchor::capture(doc.text(), doc.chars(), range.start, range.end);
    let author = super::author(&config)?;
    let annotation = Annotation::new(kind, quote.exact, range)
        .with_context(quote.prefix, quote.suffix)
        .with_color(color)
        .with_tags(tags)
        .with_note(args.note.clone().unwrap_or_default())
        .with_author(author);
    let id = annotation.id.clone();
    let places = Places::of(&doc, config.sidecar.location);
    let mut sidecars = Sidecars::open(&doc, places).map_err(super::sidecar_failure)?;
    let saved = sidecars.upsert(annotation).map_err(super::sidecar_failure)?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{id}").map_err(CommandError::stdout)?;
    super::tell_where_saved(&saved);
    // The index reads the sidecars itself: not with this copy of them still held.
    drop(sidecars);
    super::indexing::record(&doc, false);
    Ok(())
}

/// `--loose`: the quote's places under the loose rules (DESIGN §1.2), chosen as
/// `find_quote` chooses among exact ones.
fn find_loose(text: &str, quote: &str, occurrence: Option<usize>) -> Result<Range<usize>, QuoteError> {
    if quote.trim().is_empty() {
        return Err(QuoteError::Empty);
    }
    let found = LooseText::new(text, Spacing::Runs).find(quote);
    let count = found.len();
    match (count, occurrence) {
        (0, _) => Err(QuoteError::NotFound),
        (1, None) => Ok(found[0].clone()),
        (_, None) => Err(QuoteError::Ambiguous { count }),
        (_, Some(n)) if n == 0 || n > count => Err(QuoteError::NoSuchOccurrence { occurrence: n, count }),
        (_, Some(n)) => Ok(found[n - 1].clone()),
    }
}

/// `note` with a note, `mark` with tags and no note, else `highlight`.
fn default_kind(args: &AnnotateArgs) -> Kind {
    match (&args.note, args.tags.is_empty()) {
        (Some(_), _) => Kind::Note,
        (None, false) => Kind::Mark,
        (None, true) => Kind::Highlight,
    }
}

/// The palette colour asked for, else the palette's default.
pub(super) fn palette_color(
    config: &Config,
    asked: Option<&str>,
    file: &Path,
) -> Result<String, CommandError> {
    let palette = &config.palette;
    let Some(asked) = asked else {
        return Ok(palette.default_entry().name.clone());
    };
    match palette.get(asked) {
        Some(entry) => Ok(entry.name.clone()),
        None => {
            let names: Vec<&str> = palette
                .entries()
                .iter()
                .map(|entry| entry.name.as_str())
                .collect();
            Err(CommandError::Failed(format!(
                "{}: unknown colour {asked:?}: the palette has {}",
                file.display(),
                names.join(", ")
            )))
        }
    }
}

/// The tags as given, without repeats; an empty tag is refused.
pub(super) fn valid_tags(given: &[String], file: &Path) -> Result<Vec<String>, CommandError> {
    let mut tags: Vec<String> = Vec::with_capacity(given.len());
    for tag in given {
        let tag = tag.trim();
        if tag.is_empty() {
            return Err(CommandError::Failed(format!(
                "{}: a tag cannot be empty",
                file.display()
            )));
        }
        if !tags.iter().any(|seen| seen == tag) {
            tags.push(tag.to_string());
        }
    }
    Ok(tags)
}

fn quote_failure(file: &Path, err: QuoteError) -> CommandError {
    let file = file.display();
    CommandError::Failed(match err {
        QuoteError::Ambiguous { count } => {
            format!("{file}: the quote occurs {count} times; choose one with --occurrence N (1 to {count})")
        }
        QuoteError::NotFound => {
            format!(
                "{file}: the quote does not occur in the text (matching is case-sensitive; --loose ignores case and quote styles)"
            )
        }
        other => format!("{file}: {other}"),
    })
}

/// The char range of the source that `quote` names, matched against the displayed text
/// (so a quote copied from the typeset text is found); the source span is what is stored.
fn find_quote(doc: &Document, quote: &str, occurrence: Option<usize>) -> Result<Range<usize>, QuoteError> {
    let searched = doc.search_text();
    if searched.is_source() {
        return anchor::find_quote(doc.text(), doc.chars(), quote, occurrence);
    }
    let text = searched.as_str(doc.text());
    let chars = CharIndex::new(text);
    let found = anchor::find_quote(text, &chars, quote, occurrence)?;
    let bytes = chars.byte_at(text, found.start)..chars.byte_at(text, found.end);
    let source = searched.to_source(bytes);
    Ok(doc.char_at(source.start)..doc.char_at(source.end))
}
