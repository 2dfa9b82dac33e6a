//! The merged file's text, part by part (`file.rs` keeps a sidecar as a head, one text
//! per annotation table, and a tail): a part only one side changed is that side's text
//! as it is; a part both changed is merged key by key (`table.rs`) and read back to make
//! sure it holds the merged data. Pure.

use std::cmp::Ordering;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::fields::{Clash, Later};
use super::lines::{merge_block, three_way};
use super::table::{Known, TableMerge, merge_table};
use crate::annotation::Annotation;
use crate::sidecar::encode;
use crate::sidecar::file::Sidecar;
use crate::sidecar::model::DocumentInfo;
use crate::sidecar::schema::{ANNOTATION, Reader};
use crate::sidecar::ser;

const DOCUMENT: &str = "document";

/// One part's three texts (base's may be unknown) and the data each side's text holds.
pub(super) struct Part<'a, T> {
    pub base: Option<&'a str>,
    pub ours: (&'a T, &'a str),
    pub theirs: (&'a T, &'a str),
}

impl<'a, T: PartialEq> Part<'a, T> {
    /// A side's text as it is, if that gives the merged data: the other side did not
    /// change the text, or both sides wrote the same.
    fn unchanged_text(&self, merged: &T) -> Option<&'a str> {
        let (ours, theirs) = (self.ours, self.theirs);
        if ours.1 == theirs.1 && ours.0 == merged {
            Some(ours.1)
        } else if self.base == Some(ours.1) && theirs.0 == merged {
            Some(theirs.1)
        } else if self.base == Some(theirs.1) && ours.0 == merged {
            Some(ours.1)
        } else {
            None
        }
    }
}

/// The merged text of one `[[annotation]]` table.
pub(super) fn annotation_text(
    part: &Part<'_, Annotation>,
    merged: &Annotation,
    clashes: &mut Vec<Clash>,
) -> String {
    if let Some(text) = part.unchanged_text(merged) {
        return text.to_string();
    }
    let later = part.ours.0.modified.cmp(&part.theirs.0.modified);
    for spell_out in [false, true] {
        let mut tried = Vec::new();
        if let Some(text) = merged_annotation_text(part, merged, later, spell_out, &mut tried)
            && reads_as(&text, merged)
        {
            clashes.extend(tried);
            return text;
        }
    }
    // Both sides' tables were read from valid files, so this is not reached; should it
    // be, the merged values are still written, in margent's own layout.
    let mut text = String::from("\n");
    let _ = encode::annotation_table_text(merged, &mut text);
    text
}

fn merged_annotation_text(
    part: &Part<'_, Annotation>,
    merged: &Annotation,
    later: Later,
    spell_out: bool,
    clashes: &mut Vec<Clash>,
) -> Option<String> {
    let known = Known {
        merged: ser::fields(merged).ok()?,
        ours: ser::fields(part.ours.0).ok()?,
        theirs: ser::fields(part.theirs.0).ok()?,
    };
    let base = match part.base {
        Some(text) => Some(text.parse::<DocumentMut>().ok()?),
        None => None,
    };
    let ours: DocumentMut = part.ours.1.parse().ok()?;
    let theirs: DocumentMut = part.theirs.1.parse().ok()?;
    let merge = TableMerge {
        base: base.as_ref().and_then(first_annotation),
        ours: first_annotation(&ours)?,
        theirs: first_annotation(&theirs)?,
        known: Some(&known),
        child: None,
        later,
        spell_out,
    };
    let (table, left_over) = merge_table(&merge, clashes);
    let mut tables = ArrayOfTables::new();
    tables.push(table);
    let mut toml = DocumentMut::new();
    toml.insert(ANNOTATION, Item::ArrayOfTables(tables));
    Some(toml.to_string() + &left_over)
}

fn first_annotation(toml: &DocumentMut) -> Option<&Table> {
    toml.get(ANNOTATION)?.as_array_of_tables()?.get(0)
}

fn reads_as(text: &str, merged: &Annotation) -> bool {
    let Ok(toml) = text.parse::<DocumentMut>() else {
        return false;
    };
    let reader = Reader { text };
    matches!(reader.annotations(toml.as_table()), Ok((read, _)) if read.as_slice() == std::slice::from_ref(merged))
}

/// The head's three versions (identity keys, `[document]`, a person's own keys).
pub(super) struct Heads<'a> {
    pub base: Option<&'a DocumentMut>,
    pub ours: &'a Sidecar,
    pub theirs: &'a Sidecar,
}

/// The merged head: the top level and `[document]` merged key by key.
pub(super) fn head(
    heads: &Heads<'_>,
    merged: &DocumentInfo,
    later: Later,
    clashes: &mut Vec<Clash>,
) -> DocumentMut {
    let texts = [heads.ours.head.to_string(), heads.theirs.head.to_string()];
    let base_text = heads.base.map(DocumentMut::to_string);
    let part = Part {
        base: base_text.as_deref(),
        ours: (heads.ours.document(), texts[0].as_str()),
        theirs: (heads.theirs.document(), texts[1].as_str()),
    };
    if let Some(text) = part.unchanged_text(merged) {
        return if text == texts[0] {
            &heads.ours.head
        } else {
            &heads.theirs.head
        }
        .clone();
    }
    for spell_out in [false, true] {
        let mut tried = Vec::new();
        let toml = merged_head(heads, merged, later, spell_out, &mut tried);
        if let Some(toml) = toml
            && head_reads_as(&toml, merged)
        {
            clashes.extend(tried);
            return toml;
        }
    }
    // Not reached either (as above): the layout side's head with the merged values.
    let mut fallback = if texts[0] >= texts[1] {
        heads.ours
    } else {
        heads.theirs
    }
    .clone();
    let _ = fallback.set_document(merged.clone());
    fallback.head
}

fn merged_head(
    heads: &Heads<'_>,
    merged: &DocumentInfo,
    later: Later,
    spell_out: bool,
    clashes: &mut Vec<Clash>,
) -> Option<DocumentMut> {
    let known = Known {
        merged: ser::fields(merged).ok()?,
        ours: ser::fields(heads.ours.document()).ok()?,
        theirs: ser::fields(heads.theirs.document()).ok()?,
    };
    let merge = TableMerge {
        base: heads.base.map(DocumentMut::as_table),
        ours: heads.ours.head.as_table(),
        theirs: heads.theirs.head.as_table(),
        known: None,
        child: Some((DOCUMENT, &known)),
        later,
        spell_out,
    };
    let (table, left_over) = merge_table(&merge, clashes);
    let mut toml = DocumentMut::from(table);
    let trailing = |toml: &DocumentMut| toml.trailing().as_str().unwrap_or_default().to_string();
    let [ours, theirs] = [heads.ours, heads.theirs].map(|side| trailing(&side.head));
    let base = heads.base.map(trailing);
    toml.set_trailing(merge_block(base.as_deref(), &ours, &theirs) + &left_over);
    Some(toml)
}

fn head_reads_as(toml: &DocumentMut, merged: &DocumentInfo) -> bool {
    let text = toml.to_string();
    let Ok(reread) = text.parse::<DocumentMut>() else {
        return false;
    };
    let reader = Reader { text: &text };
    reader.check_identity(reread.as_table()).is_ok()
        && matches!(reader.document_info(reread.as_table()), Ok(read) if read == *merged)
}

/// Which side edited last, for values without a `modified` of their own (`[document]`,
/// the top level): the side with the latest `modified`. `Greater`: ours.
pub(super) fn later_side(ours: &Sidecar, theirs: &Sidecar) -> Ordering {
    let latest = |side: &Sidecar| side.annotations().iter().map(|a| a.modified).max();
    latest(ours).cmp(&latest(theirs))
}

/// Line ends: CRLF if the side that changed them says so.
pub(super) fn crlf(base: Option<bool>, ours: bool, theirs: bool) -> bool {
    three_way(base.as_ref(), &ours, &theirs)
}
