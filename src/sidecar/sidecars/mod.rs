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

use super::error::SidecarError;
use super::location::{Places, Unwritable};
use super::model::DocumentInfo;
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
}

impl Saved {
    /// One line saying where the change went, when that is not beside the document as
    /// expected: "saved in the data folder: <path> (<why>)".
    pub fn notice(&self) -> Option<String> {
        self.detour
            .as_ref()
            .map(|why| format!("saved in the data folder: {} ({why})", self.path.display()))
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
    pub fn annotations(&self) -> Cow<'_, [Annotation]> {
        let beside = self
            .beside
            .as_ref()
            .map_or(&[][..], |store| store.sidecar().annotations());
        let data = self
            .data
            .as_ref()
            .map_or(&[][..], |store| store.sidecar().annotations());
        merged(beside, data)
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
        let mut existing = self
            .stores()
            .filter(|store| store.exists())
            .map(|s| s.sidecar().document());
        let mut info = existing.next().cloned().unwrap_or_else(|| self.fresh.clone());
        for other in existing {
            if info.title.trim().is_empty() {
                info.title.clone_from(&other.title);
            }
            if info.author.is_none() {
                info.author.clone_from(&other.author);
            }
        }
        info
    }

    /// The text the annotations were last anchored to, when every sidecar holding
    /// annotations agrees on it.
    pub fn anchored_hash(&self) -> Option<String> {
        let mut hashes = self
            .stores()
            .filter(|store| !store.sidecar().annotations().is_empty())
            .map(|store| store.sidecar().document().content_hash.as_str());
        let first = hashes.next()?;
        (!first.is_empty() && hashes.all(|hash| hash == first)).then(|| first.to_string())
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

    /// Why nothing can be saved (a damaged, newer or symlinked sidecar), if so.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_ref().map(|(_, reason)| reason.as_str())
    }

    fn stores(&self) -> impl Iterator<Item = &Store> {
        self.beside.iter().chain(&self.data)
    }
}

/// Of two copies of one annotation, the later edit; on a tie the data folder's.
fn newer<'a>(beside: &'a Annotation, data: &'a Annotation) -> &'a Annotation {
    if beside.modified > data.modified {
        beside
    } else {
        data
    }
}

/// Two id-sorted lists as one, id-sorted; an id in both is the `newer` copy.
fn merged<'a>(beside: &'a [Annotation], data: &'a [Annotation]) -> Cow<'a, [Annotation]> {
    if data.is_empty() {
        return Cow::Borrowed(beside);
    }
    if beside.is_empty() {
        return Cow::Borrowed(data);
    }
    let mut out = Vec::with_capacity(beside.len() + data.len());
    let (mut b, mut d) = (0, 0);
    while let (Some(x), Some(y)) = (beside.get(b), data.get(d)) {
        match x.id.cmp(&y.id) {
            Ordering::Less => {
                out.push(x.clone());
                b += 1;
            }
            Ordering::Greater => {
                out.push(y.clone());
                d += 1;
            }
            Ordering::Equal => {
                out.push(newer(x, y).clone());
                b += 1;
                d += 1;
            }
        }
    }
    out.extend_from_slice(&beside[b..]);
    out.extend_from_slice(&data[d..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests;
