//! Writing `Sidecars`: each change goes beside the document when the setting allows and
//! it can be written there (found by writing, never by a probe file), else to the data
//! folder, saying why; a change that fails to save is taken back in memory, so what is
//! shown is what is on disk.

use std::io;
use std::path::Path;
use std::sync::Arc;

use super::{Saved, Side, Sidecars};
use crate::annotation::Annotation;
use crate::document::Document;
use crate::sidecar::error::SidecarError;
use crate::sidecar::location::{Places, SidecarLocation, Unwritable};
use crate::sidecar::model::{DocumentInfo, InvalidValue};
use crate::sidecar::store::Store;

/// A change to one sidecar, and how to take it back when saving it fails.
enum Change<'a> {
    Upsert(&'a Annotation),
    /// Many annotations in one write (an import): one lock, one file written.
    UpsertMany(&'a [Annotation]),
    Position(usize),
    /// The title and/or author set by hand (`None`: left as it is).
    Meta {
        title: Option<&'a str>,
        author: Option<&'a str>,
    },
}

enum Undo {
    Put(Arc<Annotation>),
    Remove(String),
    Position(usize),
    Document(Box<DocumentInfo>),
    /// In reverse order of the changes.
    Many(Vec<Undo>),
}

impl Sidecars {
    /// Adds or replaces an annotation, and saves it.
    pub fn upsert(&mut self, annotation: Annotation) -> Result<Saved, SidecarError> {
        let id = annotation.id.clone();
        let saved = self.write(&Change::Upsert(&annotation))?;
        if saved.detour.is_none() && saved_beside(&saved, &self.places) {
            // Now written beside: an older copy in the data folder would only shadow it.
            self.forget_in_data(|store| store.sidecar_mut().remove(&id).is_some());
        }
        Ok(saved)
    }

    /// Adds or replaces many annotations, and saves them in one write: all or none.
    pub fn upsert_many(&mut self, annotations: &[Annotation]) -> Result<Saved, SidecarError> {
        let saved = self.write(&Change::UpsertMany(annotations))?;
        if saved.detour.is_none() && saved_beside(&saved, &self.places) {
            self.forget_in_data(|store| {
                let mut forgot = false;
                for annotation in annotations {
                    forgot |= store.sidecar_mut().remove(&annotation.id).is_some();
                }
                forgot
            });
        }
        Ok(saved)
    }

    /// Stores the reading position in the sidecar (`[reader] position = "sidecar"`).
    pub fn set_position(&mut self, char_offset: usize) -> Result<Saved, SidecarError> {
        let saved = self.write(&Change::Position(char_offset))?;
        if saved.detour.is_none() && saved_beside(&saved, &self.places) {
            self.forget_in_data(|store| {
                let had = store.sidecar().position() != 0;
                store.sidecar_mut().set_position(0);
                had
            });
        }
        Ok(saved)
    }

    /// Sets the document's title and/or author (`margent meta`, the reader's title
    /// prompt), and saves; an empty author removes the key.
    pub fn set_meta(&mut self, title: Option<&str>, author: Option<&str>) -> Result<Saved, SidecarError> {
        self.write(&Change::Meta { title, author })
    }

    /// Deletes the annotation from every sidecar holding it. One kept beside the
    /// document that cannot be written there is not deleted (the whole deletion is
    /// refused, naming the sidecar). `Ok(None)`: there is no such annotation.
    pub fn remove(&mut self, id: &str) -> Result<Option<Saved>, SidecarError> {
        self.remove_listed(id, true)
    }

    /// `remove`, without listing the id as deleted by the reader (an import joining an
    /// older version of a note into its newer one).
    pub fn remove_unlisted(&mut self, id: &str) -> Result<Option<Saved>, SidecarError> {
        self.remove_listed(id, false)
    }

    fn remove_listed(&mut self, id: &str, list: bool) -> Result<Option<Saved>, SidecarError> {
        self.refuse_if_read_only()?;
        let mut last = None;
        for side in [Side::Beside, Side::Data] {
            let slot = match side {
                Side::Beside => &mut self.beside,
                Side::Data => &mut self.data,
            };
            let Some(store) = slot.as_mut() else { continue };
            let Some(old) = store.sidecar_mut().remove(id) else {
                continue;
            };
            if side == Side::Beside && self.places.setting == SidecarLocation::DataDir {
                restore(store, Undo::Put(old));
                return Err(undeletable(
                    store.path(),
                    "[sidecar] location = \"data\" never writes beside the document",
                ));
            }
            match store.save() {
                Ok(outcome) => {
                    last = Some(Saved {
                        path: store.path().to_path_buf(),
                        outcome,
                        detour: None,
                        unlisted: None,
                    });
                    self.written[side as usize] = true;
                }
                Err(err) => {
                    restore(store, Undo::Put(old));
                    return Err(match Unwritable::of(&err) {
                        Some(why) if side == Side::Beside => undeletable(store.path(), &why.to_string()),
                        _ => err,
                    });
                }
            }
        }
        if let Some(saved) = &mut last
            && list
            && let Some(deleted) = &self.places.deleted
            && let Err(err) = deleted.record(id)
        {
            saved.unlisted = Some(format!("{}: {err}", deleted.path.display()));
        }
        Ok(last)
    }

    /// Every annotation is anchored to `doc`'s text now: each sidecar's `[document]`
    /// table says so (a title set by hand is kept). Only a sidecar this process already
    /// wrote is saved now: reading alone never rewrites a file; the others take it with
    /// their next change.
    pub fn mark_anchored(&mut self, doc: &Document) -> Result<(), SidecarError> {
        let detected = DocumentInfo::from_document(doc);
        for side in [Side::Beside, Side::Data] {
            let written = self.written[side as usize];
            let slot = match side {
                Side::Beside => &mut self.beside,
                Side::Data => &mut self.data,
            };
            let Some(store) = slot.as_mut() else { continue };
            let stored = store.sidecar().document();
            let info = DocumentInfo {
                position: stored.position,
                author: stored.author.clone(),
                title: if stored.title.is_empty() {
                    detected.title.clone()
                } else {
                    stored.title.clone()
                },
                ..detected.clone()
            };
            store
                .sidecar_mut()
                .set_document(info)
                .map_err(|source| invalid(store.path(), source))?;
            if written && store.read_only_reason().is_none() {
                store.save()?;
            }
        }
        Ok(())
    }

    fn refuse_if_read_only(&self) -> Result<(), SidecarError> {
        match &self.read_only {
            Some((path, reason)) => Err(SidecarError::ReadOnly {
                path: path.clone(),
                reason: reason.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Saves `change` beside the document when the setting allows and it can be
    /// written there, else in the data folder.
    fn write(&mut self, change: &Change<'_>) -> Result<Saved, SidecarError> {
        self.refuse_if_read_only()?;
        let detour = match self.first_choice()? {
            Side::Beside => match self.save_to(Side::Beside, change) {
                Ok(saved) => return Ok(saved),
                Err(err) => match Unwritable::of(&err) {
                    Some(why) if self.places.setting == SidecarLocation::Auto => Some(why),
                    _ => return Err(err),
                },
            },
            Side::Data => self.data_detour(),
        };
        match self.save_to(Side::Data, change) {
            Ok(saved) => Ok(Saved { detour, ..saved }),
            Err(err) => Err(match (&detour, &self.places.beside) {
                (Some(why), Some(beside)) => SidecarError::Unsaved {
                    beside: beside.clone(),
                    why: why.to_string(),
                    data: Box::new(err),
                },
                _ => err,
            }),
        }
    }

    /// Where the setting sends a change first.
    fn first_choice(&self) -> Result<Side, SidecarError> {
        let Some(beside) = &self.places.beside else {
            return Ok(Side::Data); // standard input
        };
        match self.places.setting {
            SidecarLocation::DataDir => Ok(Side::Data),
            _ if self.beside.is_some() => Ok(Side::Beside),
            SidecarLocation::Auto => Ok(Side::Data),
            SidecarLocation::Beside => Err(name_too_long(beside)),
        }
    }

    /// Why a change goes straight to the data folder: only a name too long to be beside
    /// the document is worth saying (the setting and standard input are no surprise).
    fn data_detour(&self) -> Option<Unwritable> {
        let auto = self.places.setting == SidecarLocation::Auto;
        (auto && self.places.beside.is_some() && self.beside.is_none()).then_some(Unwritable::NameTooLong)
    }

    /// Applies `change` to one side and saves it; on failure the change is taken back.
    fn save_to(&mut self, side: Side, change: &Change<'_>) -> Result<Saved, SidecarError> {
        let slot = match side {
            Side::Beside => &mut self.beside,
            Side::Data => &mut self.data,
        };
        let Some(store) = slot.as_mut() else {
            return Err(match (side, &self.places.beside) {
                (Side::Beside, Some(beside)) => name_too_long(beside),
                _ => self.places.no_data_dir(),
            });
        };
        let undo = apply(store, change)?;
        match store.save() {
            Ok(outcome) => {
                let saved = Saved {
                    path: store.path().to_path_buf(),
                    outcome,
                    detour: None,
                    unlisted: None,
                };
                self.written[side as usize] = true;
                Ok(saved)
            }
            Err(err) => {
                restore(store, undo);
                Err(err)
            }
        }
    }

    /// Takes something out of the data folder's sidecar once it is safely beside the
    /// document (best effort: a stale copy there is older, and loses to it).
    fn forget_in_data(&mut self, forget: impl FnOnce(&mut Store) -> bool) {
        if let Some(store) = self.data.as_mut()
            && store.exists()
            && store.read_only_reason().is_none()
            && forget(store)
            && store.save().is_ok()
        {
            self.written[Side::Data as usize] = true;
        }
    }
}

fn saved_beside(saved: &Saved, places: &Places) -> bool {
    places.beside.as_deref() == Some(saved.path.as_path())
}

fn apply(store: &mut Store, change: &Change<'_>) -> Result<Undo, SidecarError> {
    if let Change::UpsertMany(annotations) = change {
        return apply_many(store, annotations);
    }
    let sidecar = store.sidecar_mut();
    match change {
        // Taken by `apply_many` above; nothing to do here.
        Change::UpsertMany(_) => Ok(Undo::Many(Vec::new())),
        Change::Upsert(annotation) => {
            let undo = match sidecar.annotation(&annotation.id) {
                Some(old) => Undo::Put(Arc::new(old.clone())),
                None => Undo::Remove(annotation.id.clone()),
            };
            sidecar
                .upsert((*annotation).clone())
                .map_err(|source| invalid(store.path(), source))?;
            Ok(undo)
        }
        Change::Position(char_offset) => {
            let undo = Undo::Position(sidecar.position());
            sidecar.set_position(*char_offset);
            Ok(undo)
        }
        Change::Meta { title, author } => {
            let old = sidecar.document().clone();
            let mut info = old.clone();
            if let Some(title) = title {
                info.title = title.trim().to_string();
            }
            if let Some(author) = author {
                let author = author.trim();
                info.author = (!author.is_empty()).then(|| author.to_string());
            }
            sidecar
                .set_document(info)
                .map_err(|source| invalid(store.path(), source))?;
            Ok(Undo::Document(Box::new(old)))
        }
    }
}

fn apply_many(store: &mut Store, annotations: &[Annotation]) -> Result<Undo, SidecarError> {
    let mut undos = Vec::with_capacity(annotations.len());
    for annotation in annotations {
        match apply(store, &Change::Upsert(annotation)) {
            Ok(undo) => undos.push(undo),
            Err(err) => {
                undos.reverse();
                restore(store, Undo::Many(undos));
                return Err(err);
            }
        }
    }
    undos.reverse();
    Ok(Undo::Many(undos))
}

fn restore(store: &mut Store, undo: Undo) {
    if let Undo::Many(undos) = undo {
        for undo in undos {
            restore(store, undo);
        }
        return;
    }
    let sidecar = store.sidecar_mut();
    match undo {
        Undo::Many(_) => {}
        // It was stored before, so it is valid.
        Undo::Put(annotation) => {
            let _ = sidecar.upsert(Arc::unwrap_or_clone(annotation));
        }
        Undo::Remove(id) => {
            sidecar.remove(&id);
        }
        Undo::Position(char_offset) => sidecar.set_position(char_offset),
        // It was stored before, so it is valid.
        Undo::Document(info) => {
            let _ = sidecar.set_document(*info);
        }
    }
}

/// The sidecar beside the document cannot exist: its name would be too long.
fn name_too_long(beside: &Path) -> SidecarError {
    SidecarError::Io {
        path: beside.to_path_buf(),
        operation: crate::sidecar::atomic::WRITE,
        source: io::Error::new(
            io::ErrorKind::InvalidFilename,
            format!(
                "the name is too long for the file system (more than {} bytes with margent's temporary file)",
                crate::sidecar::location::NAME_MAX_BYTES
            ),
        ),
    }
}

fn invalid(path: &Path, source: InvalidValue) -> SidecarError {
    SidecarError::Invalid {
        path: path.to_path_buf(),
        source,
    }
}

fn undeletable(path: &Path, why: &str) -> SidecarError {
    SidecarError::Undeletable {
        path: path.to_path_buf(),
        why: why.to_string(),
    }
}
