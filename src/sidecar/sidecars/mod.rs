//! `Sidecars`: a document's annotations as one set, read from both of its sidecars —
//! beside the document and in the per-user data folder (DESIGN §1.4) — with each change
//! written beside the document when that can be written, else in the data folder, and
//! the caller told where and why. The reader, `annotate`, `notes` and `export` all go
//! through it, so they cannot disagree about a document's annotations.
//!
//! Whether the sidecar beside the document can be written is found by writing it (the
//! lock file, then the atomic write's temporary file): no probe file is ever made. Only
//! what cannot be written there goes to the data folder; an annotation in both is the
//! one with the later `modified` (on a tie, the data folder's: it is the edit that
//! could not be written beside).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::SidecarError;
use super::location::{Places, Unwritable};
use super::model::{DocumentInfo, SidecarData};
use super::store::{SaveOutcome, Store};
use crate::annotation::Annotation;
use crate::document::Document;

mod write;

/// The two sidecars of one document, read together and written where they can be.
#[derive(Debug)]
pub struct Sidecars {
    places: Places,
    beside: Option<Store>,
    data: Option<Store>,
    /// What a sidecar that does not exist yet would say about the document.
    fresh: DocumentInfo,
    /// Why nothing may be written, if so (one of the sidecars is damaged, newer, a symlink).
    read_only: Option<(PathBuf, String)>,
    /// The sides this process has written (the `[document]` table may follow them).
    written: [bool; 2],
}

/// Where a change was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub path: PathBuf,
    pub outcome: SaveOutcome,
    /// Why it went to the data folder instead of beside the document; `None` when it
    /// went where the setting sends it.
    pub detour: Option<Unwritable>,
    /// A deletion the list of deleted ids (`deleted`) could not take, and why: an
    /// import of its source would bring it back.
    pub unlisted: Option<String>,
}

impl Saved {
    /// One line saying where the change went, when that is not beside the document as
    /// expected: "saved in the data folder: <path> (<why>)"; and that a deletion was
    /// not listed, when it was not.
    pub fn notice(&self) -> Option<String> {
        let detour = self
            .detour
            .as_ref()
            .map(|why| format!("saved in the data folder: {} ({why})", self.path.display()));
        let unlisted = self.unlisted.as_ref().map(|why| {
            format!(
                "deleted, but not listed as deleted ({why}): importing its source again would bring it back"
            )
        });
        match (detour, unlisted) {
            (Some(detour), Some(unlisted)) => Some(format!("{detour}; {unlisted}")),
            (detour, unlisted) => detour.or(unlisted),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Beside = 0,
    Data = 1,
}

impl Sidecars {
    /// Reads the sidecars of `doc` that exist. A damaged or unreadable one is an error
    /// (it is never overwritten); a symlinked one is read and nothing is written.
    pub fn open(doc: &Document, places: Places) -> Result<Sidecars, SidecarError> {
        let beside = places
            .beside_if_possible()
            .map(|path| Store::open(path, doc))
            .transpose()?;
        let data = places
            .data
            .as_deref()
            .map(|path| Store::open(path, doc))
            .transpose()?;
        Ok(Sidecars::from_stores(doc, places, beside, data))
    }

    /// Like `open`, but a sidecar that cannot be read leaves the whole set read-only
    /// (with what the other one holds) instead of failing; the problem is returned to be
    /// shown. A symlinked sidecar is reported too.
    pub fn open_or_read_only(doc: &Document, places: Places) -> (Sidecars, Option<SidecarError>) {
        let mut problem = None;
        let mut open = |path: &Path| {
            let (store, found) = Store::open_or_read_only(path, doc);
            problem = problem.take().or(found);
            store
        };
        let beside = places.beside_if_possible().map(&mut open);
        let data = places.data.as_deref().map(&mut open);
        (Sidecars::from_stores(doc, places, beside, data), problem)
    }

    fn from_stores(doc: &Document, places: Places, beside: Option<Store>, data: Option<Store>) -> Sidecars {
        let read_only = [&beside, &data]
            .into_iter()
            .flatten()
            .find_map(|store| Some((store.path().to_path_buf(), store.read_only_reason()?.to_string())));
        Sidecars {
            places,
            beside,
            data,
            fresh: DocumentInfo::from_document(doc),
            read_only,
            written: [false; 2],
        }
    }

    pub fn places(&self) -> &Places {
        &self.places
    }

    /// The sidecar files that exist (were read or written), beside first.
    pub fn files(&self) -> Vec<&Path> {
        self.stores()
            .filter(|store| store.exists())
            .map(Store::path)
            .collect()
    }

    /// Every annotation, sorted by id: both sidecars' together.
    pub fn annotations(&self) -> Cow<'_, [Arc<Annotation>]> {
        let beside = self
            .beside
            .as_ref()
            .map_or(&[][..], |store| store.sidecar().annotations());
        let data = self
            .data
            .as_ref()
            .map_or(&[][..], |store| store.sidecar().annotations());
        if data.is_empty() {
            return Cow::Borrowed(beside);
        }
        if beside.is_empty() {
            return Cow::Borrowed(data);
        }
        Cow::Owned(merged(beside.iter(), data.iter()).into_iter().cloned().collect())
    }

    pub fn annotation(&self, id: &str) -> Option<&Annotation> {
        let beside = self
            .beside
            .as_ref()
            .and_then(|store| store.sidecar().annotation(id));
        let data = self
            .data
            .as_ref()
            .and_then(|store| store.sidecar().annotation(id));
        match (beside, data) {
            (Some(beside), Some(data)) => Some(newer(beside, data)),
            (one, other) => one.or(other),
        }
    }

    /// The `[document]` table: the one beside the document, else the data folder's,
    /// else what a new sidecar would say; a title or author set in either is kept.
    pub fn document(&self) -> DocumentInfo {
        let existing = self
            .stores()
            .filter(|store| store.exists())
            .map(|store| store.sidecar().data());
        document_of(existing, &self.fresh)
    }

    /// The text the annotations were last anchored to, when every sidecar holding
    /// annotations agrees on it.
    pub fn anchored_hash(&self) -> Option<String> {
        anchored_hash_of(self.stores().map(|store| store.sidecar().data()))
    }

    /// The reading position stored in a sidecar (the old place for it, DESIGN §1.4):
    /// the data folder's when set (written there because beside could not be), else
    /// the one beside the document.
    pub fn sidecar_position(&self) -> usize {
        let position = |store: &Option<Store>| store.as_ref().map_or(0, |s| s.sidecar().position());
        match position(&self.data) {
            0 => position(&self.beside),
            data => data,
        }
    }

    /// `sidecar_position` of the sidecars at `places`, read from their heads alone.
    pub fn stored_position(places: &Places) -> usize {
        let position = |path: Option<&Path>| path.map_or(0, super::store::head_position);
        match position(places.data.as_deref()) {
            0 => position(places.beside_if_possible()),
            data => data,
        }
    }

    /// Takes in what other processes (or hand edits) changed in the sidecar files since
    /// they were read, keeping the changes made here (see `Store::refresh`).
    pub fn refresh(&mut self) -> Result<(), SidecarError> {
        for store in self.beside.iter_mut().chain(&mut self.data) {
            store.refresh()?;
        }
        Ok(())
    }

    /// Whether outside changes were taken in (by `refresh` or while saving) since last
    /// asked: the annotations are then not what the reader was last given.
    pub fn take_outside_changes(&mut self) -> bool {
        let mut taken = false;
        for store in self.beside.iter_mut().chain(&mut self.data) {
            taken |= store.take_outside_changes();
        }
        taken
    }

    /// The size and modification time of each sidecar file (`None`: not there), to
    /// notice cheaply that one changed.
    pub fn stamps(&self) -> Vec<Option<(u64, std::time::SystemTime)>> {
        self.places
            .beside_if_possible()
            .into_iter()
            .chain(self.places.data.as_deref())
            .map(|path| {
                let metadata = std::fs::metadata(path).ok()?;
                Some((metadata.len(), metadata.modified().ok()?))
            })
            .collect()
    }

    /// Why nothing can be saved (a damaged, newer or symlinked sidecar), if so.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_ref().map(|(_, reason)| reason.as_str())
    }

    fn stores(&self) -> impl Iterator<Item = &Store> {
        self.beside.iter().chain(&self.data)
    }
}

/// Of two copies of one annotation, the later edit; on a tie the data folder's.
fn newer<A: AsRef<Annotation>>(beside: A, data: A) -> A {
    if beside.as_ref().modified > data.as_ref().modified {
        beside
    } else {
        data
    }
}

/// Two id-sorted lists as one, id-sorted; an id in both is the `newer` copy.
fn merged<A: AsRef<Annotation>>(
    beside: impl IntoIterator<Item = A>,
    data: impl IntoIterator<Item = A>,
) -> Vec<A> {
    let (mut beside, mut data) = (beside.into_iter().peekable(), data.into_iter().peekable());
    let mut out = Vec::with_capacity(beside.size_hint().0 + data.size_hint().0);
    loop {
        let order = match (beside.peek(), data.peek()) {
            (Some(x), Some(y)) => x.as_ref().id.cmp(&y.as_ref().id),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => return out,
        };
        let next = match order {
            Ordering::Less => beside.next(),
            Ordering::Greater => data.next(),
            Ordering::Equal => beside.next().zip(data.next()).map(|(x, y)| newer(x, y)),
        };
        out.extend(next);
    }
}

/// The `[document]` table of the sidecars that exist (beside first), a blank title or
/// author taken from the other; `fresh` when there is none.
fn document_of<'a>(
    mut existing: impl Iterator<Item = &'a SidecarData>,
    fresh: &DocumentInfo,
) -> DocumentInfo {
    let mut info = existing
        .next()
        .map_or_else(|| fresh.clone(), |data| data.document.clone());
    for other in existing {
        if info.title.trim().is_empty() {
            info.title.clone_from(&other.document.title);
        }
        if info.author.is_none() {
            info.author.clone_from(&other.document.author);
        }
    }
    info
}

/// The content hash all the sidecars holding annotations agree on, if they do.
fn anchored_hash_of<'a>(sides: impl Iterator<Item = &'a SidecarData>) -> Option<String> {
    let mut hashes = sides
        .filter(|data| !data.annotations.is_empty())
        .map(|data| data.document.content_hash.as_str());
    let first = hashes.next()?;
    (!first.is_empty() && hashes.all(|hash| hash == first)).then(|| first.to_string())
}

/// A document's sidecars read only to list or export what they hold (`notes`,
/// `export`): the same set of annotations as `Sidecars` gives, without the text kept
/// for rewriting, and nothing can be written through it.
#[derive(Debug)]
pub struct SidecarsData {
    /// The sidecars that exist, beside the document first.
    sides: Vec<SidecarData>,
    fresh: DocumentInfo,
}

impl SidecarsData {
    /// Reads the sidecars of `doc` that exist; a damaged or unreadable one is an error.
    pub fn read(doc: &Document, places: &Places) -> Result<SidecarsData, SidecarError> {
        let mut sides = Vec::new();
        for path in places
            .beside_if_possible()
            .into_iter()
            .chain(places.data.as_deref())
        {
            sides.extend(super::store::read_data(path)?);
        }
        Ok(SidecarsData {
            sides,
            fresh: DocumentInfo::from_document(doc),
        })
    }

    /// As `Sidecars::document`.
    pub fn document(&self) -> DocumentInfo {
        document_of(self.sides.iter(), &self.fresh)
    }

    /// As `Sidecars::anchored_hash`.
    pub fn anchored_hash(&self) -> Option<String> {
        anchored_hash_of(self.sides.iter())
    }

    /// Every annotation, sorted by id: both sidecars' together.
    pub fn into_annotations(self) -> Vec<Arc<Annotation>> {
        let mut sides = self.sides.into_iter().map(|data| data.annotations);
        let first = sides.next().unwrap_or_default();
        match sides.next() {
            Some(second) => merged(first, second),
            None => first,
        }
    }
}

#[cfg(test)]
mod tests;
