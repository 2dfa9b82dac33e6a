//! Three-way merge of sidecars, for `margent merge` (git's merge driver) and for a store
//! saving over a file another process changed (DESIGN §1.4). Pure: no IO.
//!
//! By id: the union of additions; deleted on one side and untouched on the other stays
//! deleted; deleted on one side and edited on the other keeps the edit (losing someone's
//! edit silently is worse than a note to delete again). Field by field against base
//! (`fields.rs`), and so are the keys margent does not know and the comments around them
//! (`table.rs`, `lines.rs`): comments from both sides are kept. Every rule is symmetric,
//! ties broken by content, so merging theirs into ours and ours into theirs give the same
//! bytes. Each value changed differently on both sides is reported as a `Conflict`.

mod fields;
mod lines;
mod table;
mod text;

use std::fmt;
use std::sync::Arc;

use super::file::Sidecar;
use super::model::SidecarData;
use crate::annotation::Annotation;
pub use fields::{CONFLICT_TAG, Clash, NOTE_SEPARATOR};
use text::{Heads, Part};

/// The merged sidecar and what both sides changed differently.
#[derive(Debug, Clone)]
pub struct Merged {
    pub sidecar: Sidecar,
    pub conflicts: Vec<Conflict>,
}

/// One value both sides changed differently, and what the merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The annotation's id, or `None` for the `[document]` table and the top level.
    pub id: Option<String>,
    /// The shortest prefix of the id no other annotation of the merged file shares (at
    /// least 8 characters), and the start of its quote: how a person finds it.
    shown_id: String,
    quote: String,
    pub clash: Clash,
}

/// Which input's text the merged file is built on, for `merge_into`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carrier {
    Ours,
    Theirs,
}

/// Merges `ours` and `theirs`, both descended from `base` (`None`: no common ancestor,
/// as when both added the file). The result does not depend on which side is which.
pub fn merge(base: Option<&Sidecar>, ours: &Sidecar, theirs: &Sidecar) -> Merged {
    let empty = SidecarData::default();
    let inputs = Inputs {
        base_data: base.map_or(&empty, Sidecar::data),
        base_text: BaseText::File(base),
        ours,
        theirs,
    };
    inputs.merge()
}

/// The merge a store does on saving: `other` is the version this process holds, made
/// from base's text by changing values only (margent writes no comments), so its text
/// stands for base's; `carrier` is the file as it is now. The merged result replaces
/// `carrier`. The reading position stays `other`'s: it is this reader's own, and must
/// not jump because another reader saved.
pub fn merge_into(base: &SidecarData, carrier: &mut Sidecar, other: &Sidecar, carrier_is: Carrier) {
    let (ours, theirs, same_as) = match carrier_is {
        Carrier::Ours => (&*carrier, other, Side::Theirs),
        Carrier::Theirs => (other, &*carrier, Side::Ours),
    };
    let inputs = Inputs {
        base_data: base,
        base_text: BaseText::SameAs(same_as),
        ours,
        theirs,
    };
    let position = other.position();
    let mut merged = inputs.merge().sidecar;
    merged.set_position(position);
    *carrier = merged;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Ours,
    Theirs,
}

/// Where base's text comes from.
enum BaseText<'a> {
    /// The common ancestor's file (`None`: there is none).
    File(Option<&'a Sidecar>),
    /// One side's text stands for it (see `merge_into`): values are compared with
    /// base's data, comments and unknown keys with that side's text.
    SameAs(Side),
}

struct Inputs<'a> {
    base_data: &'a SidecarData,
    base_text: BaseText<'a>,
    ours: &'a Sidecar,
    theirs: &'a Sidecar,
}

impl<'a> Inputs<'a> {
    fn merge(&self) -> Merged {
        let mut annotations = Vec::new();
        let mut tables = Vec::new();
        let mut found: Vec<(String, Clash)> = Vec::new();
        for slot in aligned(self) {
            let mut clashes = Vec::new();
            if let Some((annotation, text)) = self.merge_one(slot, &mut clashes) {
                found.extend(clashes.into_iter().map(|clash| (annotation.id.clone(), clash)));
                annotations.push(annotation);
                tables.push(text);
            }
        }
        let mut conflicts: Vec<Conflict> = found
            .into_iter()
            .map(|(id, clash)| Conflict::on(&annotations, id, clash))
            .collect();
        let (head, document) = self.head(&mut conflicts);
        let sidecar = Sidecar {
            head,
            tables: tables.into_iter().collect(),
            tail: self.tail(),
            data: SidecarData {
                document,
                annotations,
            },
            crlf: text::crlf(self.base_crlf(), self.ours.crlf, self.theirs.crlf),
        };
        Merged { sidecar, conflicts }
    }

    /// One id's merged annotation and table text; `None`: it is deleted.
    fn merge_one(&self, slot: Slot, clashes: &mut Vec<Clash>) -> Option<(Arc<Annotation>, String)> {
        let (in_base, in_ours, in_theirs) = slot;
        let base = in_base.map(|i| &self.base_data.annotations[i]);
        let side = |sidecar: &'a Sidecar, index: Option<usize>| {
            index.and_then(|i| Some((&sidecar.data.annotations[i], sidecar.tables.get(i)?)))
        };
        let base_table = self.base_table(slot);
        match (base, side(self.ours, in_ours), side(self.theirs, in_theirs)) {
            (_, None, None) => None,
            (None, Some(only), None) | (None, None, Some(only)) => Some((only.0.clone(), only.1.to_string())),
            (Some(base), Some(only), None) | (Some(base), None, Some(only)) => {
                // "Untouched" is the table's text where base's is known, so that a
                // comment written into it keeps it too.
                let untouched = match (&self.base_text, base_table) {
                    (BaseText::File(_), Some(text)) => text == only.1,
                    _ => base == only.0,
                };
                (!untouched).then(|| {
                    clashes.push(Clash::DeletedAndEdited);
                    (only.0.clone(), only.1.to_string())
                })
            }
            // The common case, cheaply: one side left it as it was, or both wrote the same.
            (base, Some(ours), Some(theirs))
                if ours == theirs || (base_table == Some(theirs.1) && base == Some(theirs.0)) =>
            {
                Some((ours.0.clone(), ours.1.to_string()))
            }
            (Some(base), Some(ours), Some(theirs)) if base_table == Some(ours.1) && base == ours.0 => {
                Some((theirs.0.clone(), theirs.1.to_string()))
            }
            (base, Some(ours), Some(theirs)) => {
                let merged = fields::merge_annotation(base.map(|base| &**base), ours.0, theirs.0, clashes);
                let part = Part {
                    base: base_table,
                    ours: (&**ours.0, ours.1),
                    theirs: (&**theirs.0, theirs.1),
                };
                let text = text::annotation_text(&part, &merged, clashes);
                Some((Arc::new(merged), text))
            }
        }
    }

    /// Base's text of an annotation table, where it is known.
    fn base_table(&self, (in_base, in_ours, in_theirs): Slot) -> Option<&'a str> {
        let (sidecar, index) = match self.base_text {
            BaseText::File(base) => (base?, in_base?),
            BaseText::SameAs(Side::Ours) => (self.ours, in_ours?),
            BaseText::SameAs(Side::Theirs) => (self.theirs, in_theirs?),
        };
        sidecar.tables.get(index)
    }

    fn base_sidecar(&self) -> Option<&'a Sidecar> {
        match self.base_text {
            BaseText::File(base) => base,
            BaseText::SameAs(Side::Ours) => Some(self.ours),
            BaseText::SameAs(Side::Theirs) => Some(self.theirs),
        }
    }

    fn head(&self, conflicts: &mut Vec<Conflict>) -> (toml_edit::DocumentMut, super::model::DocumentInfo) {
        let later = text::later_side(self.ours, self.theirs);
        let mut clashes = Vec::new();
        let base_document = self.base_sidecar().map(|_| &self.base_data.document);
        let document = fields::merge_document(
            base_document,
            self.ours.document(),
            self.theirs.document(),
            later,
            &mut clashes,
        );
        let heads = Heads {
            base: self.base_sidecar().map(|base| &base.head),
            ours: self.ours,
            theirs: self.theirs,
        };
        let head = text::head(&heads, &document, later, &mut clashes);
        conflicts.extend(clashes.into_iter().map(Conflict::on_document));
        (head, document)
    }

    fn tail(&self) -> String {
        let base = self.base_sidecar().map(|base| base.tail.as_str());
        lines::merge_block(base, &self.ours.tail, &self.theirs.tail)
    }

    fn base_crlf(&self) -> Option<bool> {
        self.base_sidecar().map(|base| base.crlf)
    }
}

/// Where one id is in base, ours and theirs.
type Slot = (Option<usize>, Option<usize>, Option<usize>);

/// The slot of each id in base, ours and theirs (all sorted by id), in id order.
fn aligned(inputs: &Inputs<'_>) -> impl Iterator<Item = Slot> {
    let lists: [&[Arc<Annotation>]; 3] = [
        &inputs.base_data.annotations,
        &inputs.ours.data.annotations,
        &inputs.theirs.data.annotations,
    ];
    let mut next = [0usize; 3];
    std::iter::from_fn(move || {
        let id = (0..3)
            .filter_map(|list| lists[list].get(next[list]))
            .map(|annotation| annotation.id.as_str())
            .min()?;
        let mut take = |list: usize| {
            let found = lists[list].get(next[list]).is_some_and(|a| a.id == id);
            found.then(|| {
                next[list] += 1;
                next[list] - 1
            })
        };
        Some((take(0), take(1), take(2)))
    })
}

impl Conflict {
    fn on(annotations: &[Arc<Annotation>], id: String, clash: Clash) -> Conflict {
        let index = annotations.binary_search_by(|a| a.id.as_str().cmp(&id)).ok();
        let shared = |other: Option<&Annotation>| other.map_or(0, |other| common_prefix(&other.id, &id));
        let (before, after) = match index {
            Some(i) => (
                i.checked_sub(1).and_then(|i| annotations.get(i)).map(|a| &**a),
                annotations.get(i + 1).map(|a| &**a),
            ),
            None => (None, None),
        };
        let length = (shared(before).max(shared(after)) + 1).clamp(8, id.len());
        let quote = index.map_or("", |i| annotations[i].exact.as_str());
        Conflict {
            shown_id: id[..length].to_string(),
            quote: first_words(quote),
            id: Some(id),
            clash,
        }
    }

    fn on_document(clash: Clash) -> Conflict {
        Conflict {
            id: None,
            shown_id: String::new(),
            quote: String::new(),
            clash,
        }
    }
}

/// Bytes two ids share at their start (ids are ASCII).
fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(a, b)| a == b).count()
}

/// The quote's first few words on one line.
fn first_words(quote: &str) -> String {
    const SHOWN_CHARS: usize = 30;
    let words = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    match words.char_indices().nth(SHOWN_CHARS) {
        Some((byte, _)) => format!("{}…", &words[..byte]),
        None => words,
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(_) => write!(
                f,
                "annotation {} \"{}\": ",
                self.shown_id,
                crate::sanitize::inline(&self.quote)
            )?,
            None => f.write_str("[document]: ")?,
        }
        match &self.clash {
            Clash::Field(name) => write!(f, "{name} changed on both sides; kept the later edit"),
            Clash::UnknownKey(key) => write!(
                f,
                "{} changed on both sides; kept the later edit",
                crate::sanitize::inline(key)
            ),
            Clash::Note => write!(
                f,
                "note edited on both sides; kept both texts and tagged it {CONFLICT_TAG}"
            ),
            Clash::NoteTooLong => {
                f.write_str("note edited on both sides, too long to keep both; kept the later edit")
            }
            Clash::TooManyTags => {
                f.write_str("tags changed on both sides, too many to keep all; kept the later edit's tags")
            }
            Clash::DeletedAndEdited => {
                f.write_str("deleted on one side and edited on the other; kept the edit")
            }
        }
    }
}

#[cfg(test)]
mod tests;
