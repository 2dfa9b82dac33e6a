//! Three-way merge of sidecars by annotation id, for `margent merge` (git) and for a
//! store saving over a file another process changed. Pure: no IO.
//!
//! Rules (DESIGN §1.4): the union of annotations; one edited on a single side takes that
//! side's version; edited on both, the later `modified` wins (ours on a tie); deleted on
//! one side and untouched on the other stays deleted. Deleted on one side but edited on
//! the other is kept: losing someone's edit silently is worse than a note to delete
//! again. `[document]`: `position` is ours; every other value is three-way (ours if we
//! changed it, else theirs).

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
    carrier.adopt(merged, other);
}

/// The merge on data alone (what `merge` computes, without any TOML): one pass over the
/// three id-sorted lists.
pub fn merge_data(base: &SidecarData, ours: &SidecarData, theirs: &SidecarData) -> SidecarData {
    let (base_list, ours_list, theirs_list) = (&base.annotations, &ours.annotations, &theirs.annotations);
    let (mut in_base, mut in_ours, mut in_theirs) = (0, 0, 0);
    let mut annotations = Vec::with_capacity(ours_list.len().max(theirs_list.len()));
    loop {
        let next = [
            base_list.get(in_base),
            ours_list.get(in_ours),
            theirs_list.get(in_theirs),
        ];
        let Some(id) = next.into_iter().flatten().map(|a| a.id.as_str()).min() else {
            break;
        };
        let base_version = take(base_list, &mut in_base, id);
        let ours_version = take(ours_list, &mut in_ours, id);
        let theirs_version = take(theirs_list, &mut in_theirs, id);
        let winner = match pick(base_version, ours_version, theirs_version) {
            Some(Side::Ours) => ours_version,
            Some(Side::Theirs) => theirs_version,
            None => None,
        };
        annotations.extend(winner.cloned());
    }
    SidecarData {
        document: merge_document(&base.document, &ours.document, &theirs.document),
        annotations,
    }
}

/// The annotation at `index` if it has this id (then moving past it).
fn take<'a>(list: &'a [Annotation], index: &mut usize, id: &str) -> Option<&'a Annotation> {
    let found = list.get(*index).filter(|annotation| annotation.id == id);
    if found.is_some() {
        *index += 1;
    }
    found
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
    /// Ours if we changed it, else theirs.
    fn pick<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> T {
        if ours != base { ours } else { theirs }.clone()
    }
    // Destructured so that a new field cannot be forgotten here.
    let DocumentInfo {
        file_name,
        title,
        encoding,
        content_hash,
        char_count,
        position: _,
    } = base;
    DocumentInfo {
        file_name: pick(file_name, &ours.file_name, &theirs.file_name),
        title: pick(title, &ours.title, &theirs.title),
        encoding: pick(encoding, &ours.encoding, &theirs.encoding),
        content_hash: pick(content_hash, &ours.content_hash, &theirs.content_hash),
        char_count: pick(char_count, &ours.char_count, &theirs.char_count),
        position: ours.position,
    }
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
