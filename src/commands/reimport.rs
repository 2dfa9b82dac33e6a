//! What an import does with an item made into an annotation by an earlier import: the
//! same item adds nothing; a note the source gained since joins the annotation unless
//! the reader changed it here since (then it is only reported); an item read whole
//! completes the annotation an import of a copy cut short made of it, in place (the
//! same id, the reader's note, tags and status kept).

use std::collections::HashSet;

use crate::anchor::loose::{Spacing, fold};
use crate::annotation::{Annotation, Kind, now};
use crate::import::ids::import_id;
use crate::import::place::id_of;
use crate::import::{Item, NEEDS_REVIEW_TAG};
use crate::sidecar::Sidecars;

/// What the document already holds of an item.
pub(super) enum Before<'s> {
    /// Nothing: the item is new.
    Nothing,
    /// The annotation made of it before (or of its copy, cut short, that it is no
    /// more than).
    Imported(&'s Annotation),
    /// The annotation made of a copy of it cut short, to complete.
    CutCopy(&'s Annotation),
    /// The annotation made of an older version of it (`Item::earlier_ids`), to bring
    /// up to date as a cut copy is completed.
    Earlier(&'s Annotation),
}

/// What `sidecars` (whose annotations' ids are `ids`) hold of `item`.
pub(super) fn before<'s>(sidecars: &'s Sidecars, ids: &HashSet<String>, item: &Item) -> Before<'s> {
    let known = |id: &str| ids.contains(id).then(|| sidecars.annotation(id)).flatten();
    if let Some(annotation) = known(&id_of(item)) {
        return Before::Imported(annotation);
    }
    if item.cut {
        // The whole item, imported before (under its own id): the cut copy is no more.
        let whole = sidecars
            .annotations()
            .iter()
            .find(|annotation| holds(annotation, item))
            .cloned();
        return match whole.and_then(|whole| sidecars.annotation(&whole.id)) {
            Some(annotation) => Before::Imported(annotation),
            None => Before::Nothing,
        };
    }
    match item
        .cut_source_id
        .as_deref()
        .and_then(|cut| known(&import_id(cut, item.created)))
    {
        // Completed before: it holds the whole quote and is no longer to review.
        Some(copy) if holds(copy, item) && !copy.tags.iter().any(|tag| tag == NEEDS_REVIEW_TAG) => {
            Before::Imported(copy)
        }
        Some(copy) => Before::CutCopy(copy),
        None => match item.earlier_ids.iter().find_map(|id| known(id)) {
            // Brought up to date before: nothing to place again.
            Some(earlier) if same_text(earlier, item) => Before::Imported(earlier),
            Some(earlier) => Before::Earlier(earlier),
            None => Before::Nothing,
        },
    }
}

/// The annotations, other than `kept`, that an earlier import made of older versions
/// of `item` (a highlight extended on the device over two highlighted before).
pub(super) fn other_earlier<'s>(
    sidecars: &'s Sidecars,
    ids: &HashSet<String>,
    item: &Item,
    kept: &str,
) -> Vec<&'s Annotation> {
    item.earlier_ids
        .iter()
        .filter(|id| id.as_str() != kept && ids.contains(id.as_str()))
        .filter_map(|id| sidecars.annotation(id))
        .collect()
}

/// `kept` with what the reader and the source gave `other` (an annotation of an older
/// version, about to be removed): its note joined, its tags added.
pub(super) fn joined_into(mut kept: Annotation, other: &Annotation) -> Annotation {
    kept.note = joined_note(&kept.note, &other.note);
    for tag in &other.tags {
        if tag != NEEDS_REVIEW_TAG && !kept.tags.contains(tag) {
            kept.tags.push(tag.clone());
        }
    }
    if !kept.note.is_empty() {
        kept.kind = Kind::Note;
    }
    kept.normalised()
}

/// Whether `annotation` quotes what `item` does (a note without a quote: says it).
fn same_text(annotation: &Annotation, item: &Item) -> bool {
    let text = if item.quote.is_empty() {
        &item.note
    } else {
        &item.quote
    };
    let stored = if annotation.exact.is_empty() {
        &annotation.note
    } else {
        &annotation.exact
    };
    !annotation.tags.iter().any(|tag| tag == NEEDS_REVIEW_TAG)
        && fold(stored, Spacing::Ignored) == fold(text, Spacing::Ignored)
}

/// Whether the reader deleted `item` here after an earlier import (`deleted`: the ids
/// deleted from the document): the item itself, the copy of it cut short that an
/// import of a partial file made, or an older version of it.
pub(super) fn deleted_before(item: &Item, deleted: &HashSet<String>) -> bool {
    !deleted.is_empty()
        && (deleted.contains(&id_of(item))
            || item
                .cut_source_id
                .as_deref()
                .is_some_and(|cut| deleted.contains(&import_id(cut, item.created)))
            || item.earlier_ids.iter().any(|id| deleted.contains(id)))
}

/// Whether completing `copy` changed nothing a reader sees (imported again, a guess
/// still to review).
pub(super) fn same_as(copy: &Annotation, completed: &Annotation) -> bool {
    (
        &copy.exact,
        copy.start,
        copy.end,
        &copy.note,
        copy.kind,
        &copy.tags,
    ) == (
        &completed.exact,
        completed.start,
        completed.end,
        &completed.note,
        completed.kind,
        &completed.tags,
    )
}

/// Whether `annotation`, made at the same time, quotes all of `item`'s quote.
fn holds(annotation: &Annotation, item: &Item) -> bool {
    Some(annotation.created) == item.created
        && fold(&annotation.exact, Spacing::Ignored).starts_with(&fold(&item.quote, Spacing::Ignored))
}

/// What a new import of `item` changes in `stored`, imported before.
pub(super) enum Update {
    /// Nothing new at the source.
    Same,
    /// The source's note added.
    Noted(Box<Annotation>),
    /// The source has a note the annotation lacks, but the reader changed the
    /// annotation since it was imported: left as it is.
    EditedHere,
}

pub(super) fn update(stored: &Annotation, item: &Item) -> Update {
    let added = item.note.trim();
    if added.is_empty() || stored.note.contains(added) {
        return Update::Same;
    }
    // Imported with the source's date of change: a later one is the reader's, or an
    // earlier import's that took the source's note then. The source's note growing
    // from a paragraph still as the source wrote it (typed on, on the device) takes
    // nothing of the reader's: it is taken.
    let source_changed = item.modified.or(item.created);
    if source_changed.is_none_or(|at| stored.modified > at) && !grows_from_a_paragraph(&stored.note, added) {
        return Update::EditedHere;
    }
    let mut annotation = stored.clone();
    annotation.note = joined_note(&stored.note, &item.note);
    annotation.kind = Kind::Note;
    annotation.modified = now().max(stored.modified);
    Update::Noted(Box::new(annotation.normalised()))
}

/// Whether `added` begins with a whole paragraph of `kept` (and is longer).
fn grows_from_a_paragraph(kept: &str, added: &str) -> bool {
    kept.split("\n\n").map(str::trim).any(|paragraph| {
        !paragraph.is_empty() && added.len() > paragraph.len() && added.starts_with(paragraph)
    })
}

/// The note `kept` with `added`: unless it holds it already, after it, or in place of
/// a paragraph of it that `added` grows from (a note cut short, or added to on the
/// device).
pub(super) fn joined_note(kept: &str, added: &str) -> String {
    let (kept, added) = (kept.trim(), added.trim());
    if kept.is_empty() {
        return added.to_string();
    }
    if added.is_empty() || kept.contains(added) {
        return kept.to_string();
    }
    let mut paragraphs: Vec<&str> = kept.split("\n\n").collect();
    match paragraphs
        .iter()
        .position(|paragraph| !paragraph.trim().is_empty() && added.starts_with(paragraph.trim()))
    {
        Some(grown) => {
            paragraphs[grown] = added;
            paragraphs.join("\n\n")
        }
        None => format!("{kept}\n\n{added}"),
    }
}

/// The annotation an import of a cut copy made, `copy`, completed by `whole` (the item
/// read whole, placed): the whole quote and its place, the copy's id, and the note,
/// tags, colour and status the reader may have given it; its `needs-review` goes
/// unless the whole one needs it.
pub(super) fn completed(copy: &Annotation, whole: Annotation) -> Annotation {
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
    let note = joined_note(&copy.note, &whole.note);
    let kind = if note.is_empty() { whole.kind } else { Kind::Note };
    let mut completed = whole
        .with_id(copy.id.clone())
        .with_note(note)
        .with_tags(tags)
        .with_color(copy.color.clone())
        .with_status(copy.status)
        .with_author(copy.author.clone())
        .created_at(copy.created);
    completed.kind = kind;
    completed.resolved_by = copy.resolved_by.clone();
    completed.resolved_at = copy.resolved_at;
    // Changed now: a merge of the sidecar takes the completed one.
    completed.modified = now().max(copy.modified);
    completed.normalised()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_joins_after_the_readers_or_replaces_the_paragraph_it_grows_from() {
        assert_eq!(joined_note("", "device"), "device");
        assert_eq!(joined_note("mine", ""), "mine");
        assert_eq!(joined_note("mine", "device"), "mine\n\ndevice");
        assert_eq!(joined_note("mine\n\ndevice", "device"), "mine\n\ndevice");
        assert_eq!(joined_note("a note cut", "a note cut short"), "a note cut short");
        assert_eq!(
            joined_note("kindle note\n\nmine", "kindle note, edited"),
            "kindle note, edited\n\nmine"
        );
    }
}
