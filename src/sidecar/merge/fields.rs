//! The field-level three-way merge of one annotation, and of the `[document]` table, on
//! data (DESIGN §1.4). Pure; every rule is symmetric in its two sides.
//!
//! A field changed on one side only takes that change. Changed differently on both:
//! `tags` merge as sets; `note` keeps both texts (the earlier edit first) separated by
//! `NOTE_SEPARATOR`, and the annotation gets the tag `merge-conflict`; `modified` is the
//! later of the two; any other field takes the side with the later `modified`, ties
//! broken by content. Fields that only make sense together change together: the quote and
//! its place (`exact`, `prefix`, `suffix`, `start`, `end`), a status and who resolved it
//! when (`status`, `resolved_by`, `resolved_at`), the text a `[document]` was anchored to
//! (`content_hash`, `char_count`).

use std::cmp::Ordering;

use jiff::Timestamp;

use super::lines::three_way;
use crate::annotation::Annotation;
use crate::sidecar::model::{DocumentInfo, limits};

/// The line between two notes both sides edited.
pub const NOTE_SEPARATOR: &str = "--- merged: both sides edited this note ---";
/// The tag of an annotation whose note holds both sides' edits.
pub const CONFLICT_TAG: &str = "merge-conflict";

/// What was changed differently on both sides, and what the merge did about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// A field (or group of fields, or an unknown key): the later edit was taken.
    Field(&'static str),
    /// A key margent does not know: the later edit was taken.
    UnknownKey(String),
    /// Both notes were kept, and the tag `merge-conflict` added.
    Note,
    /// Both notes together would be too long to store: the later one was taken.
    NoteTooLong,
    /// Both sides' tags together would be too many: the later side's were taken.
    TooManyTags,
    /// Deleted on one side, edited on the other: the edit was kept.
    DeletedAndEdited,
}

/// Which side's edit is the later: `Greater` means ours.
pub(super) type Later = Ordering;

/// Merges one annotation both sides hold (`base`: none when both added it).
pub(super) fn merge_annotation(
    base: Option<&Annotation>,
    ours: &Annotation,
    theirs: &Annotation,
    clashes: &mut Vec<Clash>,
) -> Annotation {
    let mut merge = Fields {
        base,
        ours,
        theirs,
        later: ours.modified.cmp(&theirs.modified),
        clashes,
    };
    let (exact, prefix, suffix, start, end) =
        merge.group("anchor", |a| (&a.exact, &a.prefix, &a.suffix, a.start, a.end));
    let (status, resolved_by, resolved_at) =
        merge.group("status", |a| (a.status, &a.resolved_by, a.resolved_at));
    let note = merge.note();
    let tags = merge.tags(note.joined);
    Annotation {
        id: ours.id.clone(),
        kind: merge.group("kind", |a| a.kind),
        created: merge.group("created", |a| a.created),
        modified: merge.modified(),
        color: merge.group("color", |a| &a.color).clone(),
        exact: exact.clone(),
        prefix: prefix.clone(),
        suffix: suffix.clone(),
        start,
        end,
        tags,
        note: note.text,
        status,
        author: merge.group("author", |a| &a.author).clone(),
        resolved_by: resolved_by.clone(),
        resolved_at,
    }
}

struct Fields<'a, 'c> {
    base: Option<&'a Annotation>,
    ours: &'a Annotation,
    theirs: &'a Annotation,
    later: Later,
    clashes: &'c mut Vec<Clash>,
}

struct Note {
    text: String,
    joined: bool,
}

impl<'a> Fields<'a, '_> {
    /// One field, or fields that change together, read by `get`.
    fn group<T: Ord>(&mut self, name: &'static str, get: impl Fn(&'a Annotation) -> T) -> T {
        pick(
            self.base.map(&get),
            get(self.ours),
            get(self.theirs),
            self.later,
            || self.clashes.push(Clash::Field(name)),
        )
    }

    fn modified(&self) -> Timestamp {
        let (ours, theirs) = (self.ours.modified, self.theirs.modified);
        match self.base.map(|base| base.modified) {
            Some(base) if base == ours => theirs,
            Some(base) if base == theirs => ours,
            _ => ours.max(theirs),
        }
    }

    fn note(&mut self) -> Note {
        let (ours, theirs) = (&self.ours.note, &self.theirs.note);
        let base = self.base.map(|base| &base.note);
        if ours == theirs || base == Some(theirs) || base == Some(ours) {
            let text = three_way(base, ours, theirs);
            return Note { text, joined: false };
        }
        let ours_first = match self.later {
            Ordering::Equal => ours <= theirs,
            later => later == Ordering::Less,
        };
        let (first, second) = if ours_first {
            (ours, theirs)
        } else {
            (theirs, ours)
        };
        let text = format!("{first}\n{NOTE_SEPARATOR}\n{second}");
        if text.len() > limits::MAX_TEXT_BYTES {
            self.clashes.push(Clash::NoteTooLong);
            return Note {
                text: second.clone(),
                joined: false,
            };
        }
        self.clashes.push(Clash::Note);
        Note { text, joined: true }
    }

    /// Both sides' additions and removals; a tag both kept stays.
    fn tags(&mut self, note_joined: bool) -> Vec<String> {
        let (ours, theirs) = (&self.ours.tags, &self.theirs.tags);
        let base = self.base.map(|base| &base.tags);
        let mut tags = if ours == theirs || base == Some(theirs) || base == Some(ours) {
            three_way(base, ours, theirs)
        } else {
            united(base.map_or(&[][..], Vec::as_slice), ours, theirs)
        };
        if tags.len() > limits::MAX_TAGS {
            self.clashes.push(Clash::TooManyTags);
            tags = winner(ours, theirs, self.later).clone();
        }
        if note_joined && tags.len() < limits::MAX_TAGS && !tags.iter().any(|tag| tag == CONFLICT_TAG) {
            tags.push(CONFLICT_TAG.to_string());
        }
        tags
    }
}

/// Tags as sets: kept if both sides have it or one side added it. In the order of the
/// side whose list sorts first, then the other's additions in its order.
fn united(base: &[String], ours: &[String], theirs: &[String]) -> Vec<String> {
    let (first, second) = if ours <= theirs {
        (ours, theirs)
    } else {
        (theirs, ours)
    };
    let keep = |tag: &String| (first.contains(tag) && second.contains(tag)) || !base.contains(tag);
    let mut tags: Vec<String> = Vec::with_capacity(first.len() + second.len());
    for tag in first.iter().chain(second) {
        if keep(tag) && !tags.contains(tag) {
            tags.push(tag.clone());
        }
    }
    tags
}

/// The three-way rule for a value: changed on one side, that side's; changed alike, that;
/// changed differently (`clash` is told), the later side's, or the greater on a tie.
fn pick<T: Ord>(base: Option<T>, ours: T, theirs: T, later: Later, clash: impl FnOnce()) -> T {
    match base {
        _ if ours == theirs => ours,
        Some(base) if base == ours => theirs,
        Some(base) if base == theirs => ours,
        _ => {
            clash();
            match later {
                Ordering::Greater => ours,
                Ordering::Less => theirs,
                Ordering::Equal => ours.max(theirs),
            }
        }
    }
}

fn winner<'v, T: Ord>(ours: &'v T, theirs: &'v T, later: Later) -> &'v T {
    match later {
        Ordering::Greater => ours,
        Ordering::Less => theirs,
        Ordering::Equal => ours.max(theirs),
    }
}

/// Merges the `[document]` tables. `later` says which side edited last (its latest
/// `modified`), as the table has no time of its own.
pub(super) fn merge_document(
    base: Option<&DocumentInfo>,
    ours: &DocumentInfo,
    theirs: &DocumentInfo,
    later: Later,
    clashes: &mut Vec<Clash>,
) -> DocumentInfo {
    let mut group = |name: &'static str, get: &dyn Fn(&DocumentInfo) -> (&str, usize)| {
        let picked = pick(base.map(get), get(ours), get(theirs), later, || {
            clashes.push(Clash::Field(name))
        });
        (picked.0.to_string(), picked.1)
    };
    // Destructured so that a new field cannot be forgotten here.
    let DocumentInfo {
        file_name: _,
        title: _,
        author: _,
        encoding: _,
        content_hash: _,
        char_count: _,
        position: _,
    } = ours;
    let (file_name, _) = group("file_name", &|d| (&d.file_name, 0));
    let (title, _) = group("title", &|d| (&d.title, 0));
    let (author, _) = group("author", &|d| (d.author.as_deref().unwrap_or(""), 0));
    let (encoding, _) = group("encoding", &|d| (&d.encoding, 0));
    let (content_hash, char_count) = group("content_hash", &|d| (&d.content_hash, d.char_count));
    let (_, position) = group("position", &|d| ("", d.position));
    DocumentInfo {
        file_name,
        title,
        author: Some(author).filter(|author| !author.is_empty()),
        encoding,
        content_hash,
        char_count,
        position,
    }
}
