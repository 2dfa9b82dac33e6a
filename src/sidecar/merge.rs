//! Three-way merge of sidecars by annotation id, for `margent merge` (git) and for a
//! store saving over a file another process changed. Pure: no IO.
//!
//! Rules (DESIGN §1.4): the union of annotations; one edited on a single side takes that
//! side's version; edited on both, the later `modified` wins (ours on a tie); deleted on
//! one side and untouched on the other stays deleted. Deleted on one side but edited on
//! the other is kept: losing someone's edit silently is worse than a note to delete
//! again. `[document]`: `position` is ours; every other value is three-way (ours if we
//! changed it, else theirs).

use super::encode::DocumentKey;
use super::file::Sidecar;
use super::model::{DocumentInfo, SidecarData};
use crate::annotation::Annotation;

/// Which input's text (comments, unknown keys, layout) the merged file is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carrier {
    Ours,
    Theirs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Ours,
    Theirs,
}

/// Merges `ours` and `theirs`, both descended from `base`. The result is the carrier side
/// with the other side's changes applied to it value by value, so the carrier's comments
/// and unknown keys stay, and an annotation taken from the other side brings its own.
pub fn merge(base: &SidecarData, ours: Sidecar, theirs: Sidecar, carrier: Carrier) -> Sidecar {
    match carrier {
        Carrier::Ours => {
            let mut result = ours;
            merge_into(base, &mut result, &theirs, Carrier::Ours);
            result
        }
        Carrier::Theirs => {
            let mut result = theirs;
            merge_into(base, &mut result, &ours, Carrier::Theirs);
            result
        }
    }
}

/// `merge` in place: `carrier` is the side named by `carrier_is`, `other` the other side.
pub fn merge_into(base: &SidecarData, carrier: &mut Sidecar, other: &Sidecar, carrier_is: Carrier) {
    let merged = match carrier_is {
        Carrier::Ours => merge_data(base, carrier.data(), other.data()),
        Carrier::Theirs => merge_data(base, other.data(), carrier.data()),
    };
    apply(carrier, other, &merged);
}

/// Makes `result` hold `merged`, touching only what differs. An annotation `result` lacks
/// can only have come from `other`, and is copied with its table.
fn apply(result: &mut Sidecar, other: &Sidecar, merged: &SidecarData) {
    let deleted: Vec<String> = result
        .annotations()
        .iter()
        .filter(|annotation| merged.annotation(&annotation.id).is_none())
        .map(|annotation| annotation.id.clone())
        .collect();
    for id in deleted {
        result.remove(&id);
    }
    for annotation in &merged.annotations {
        match (result.annotation(&annotation.id), other.table(&annotation.id)) {
            (Some(current), _) if current == annotation => {}
            (None, Some(table)) => result.put_with_table(annotation.clone(), table),
            // Both inputs were valid, so every merged value is: `put` cannot fail.
            _ => {
                let _ = result.put(annotation.clone());
            }
        }
    }
    let _ = result.set_document(merged.document.clone());
}

/// The merge on data alone (what `merge` computes, without any TOML).
pub fn merge_data(base: &SidecarData, ours: &SidecarData, theirs: &SidecarData) -> SidecarData {
    let annotations = all_ids(base, ours, theirs)
        .into_iter()
        .filter_map(|id| {
            let side = pick(base.annotation(id), ours.annotation(id), theirs.annotation(id))?;
            match side {
                Side::Ours => ours.annotation(id),
                Side::Theirs => theirs.annotation(id),
            }
            .cloned()
        })
        .collect();
    SidecarData {
        document: merge_document(&base.document, &ours.document, &theirs.document),
        annotations,
    }
}

/// Every id on any side, sorted, once.
fn all_ids<'a>(base: &'a SidecarData, ours: &'a SidecarData, theirs: &'a SidecarData) -> Vec<&'a str> {
    let mut ids: Vec<&str> = [base, ours, theirs]
        .iter()
        .flat_map(|data| data.annotations.iter().map(|a| a.id.as_str()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Which side's version of one annotation survives; `None`: it is deleted.
fn pick(base: Option<&Annotation>, ours: Option<&Annotation>, theirs: Option<&Annotation>) -> Option<Side> {
    match (base, ours, theirs) {
        (_, None, None) => None,
        (None, Some(_), None) => Some(Side::Ours),
        (None, None, Some(_)) => Some(Side::Theirs),
        (Some(base), Some(ours), None) => (ours != base).then_some(Side::Ours),
        (Some(base), None, Some(theirs)) => (theirs != base).then_some(Side::Theirs),
        (base, Some(ours), Some(theirs)) => Some(if ours == theirs || Some(theirs) == base {
            Side::Ours
        } else if Some(ours) == base {
            Side::Theirs
        } else {
            later(ours, theirs)
        }),
    }
}

fn later(ours: &Annotation, theirs: &Annotation) -> Side {
    if theirs.modified > ours.modified {
        Side::Theirs
    } else {
        Side::Ours
    }
}

fn merge_document(base: &DocumentInfo, ours: &DocumentInfo, theirs: &DocumentInfo) -> DocumentInfo {
    let pick = |key: DocumentKey| {
        if key == DocumentKey::Position || key.differs(base, ours) {
            ours
        } else {
            theirs
        }
    };
    DocumentInfo {
        file_name: pick(DocumentKey::FileName).file_name.clone(),
        title: pick(DocumentKey::Title).title.clone(),
        encoding: pick(DocumentKey::Encoding).encoding.clone(),
        content_hash: pick(DocumentKey::ContentHash).content_hash.clone(),
        char_count: pick(DocumentKey::CharCount).char_count,
        position: ours.position,
    }
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
