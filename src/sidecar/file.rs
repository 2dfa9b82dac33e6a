//! `Sidecar`: one sidecar's text and the data it holds, kept in step on every edit. Only
//! the values that change are rewritten, so comments, unknown keys and the user's layout
//! survive, and an unchanged sidecar prints back byte for byte. No IO.
//!
//! The text is held in parts: the head (identity keys, `[document]`, anything else before
//! the first annotation) as an editable toml_edit document, then the text of each
//! `[[annotation]]` table (with the comments above it), then trailing comments. A table is
//! parsed by toml_edit only when it is edited, and printing is a concatenation: with
//! 10,000 annotations, whole-file toml_edit documents cost ~150 ms to read and print.
//!
//! Invariant: `data.annotations` is sorted by id, and `tables[i]` holds the i-th one.

use std::sync::Arc;

use serde::Serialize;
use toml_edit::{DocumentMut, Item, TableLike, Value};

use super::encode;
use super::model::{self, DocumentInfo, InvalidValue, SidecarData, limits};
use super::read;
use super::schema::SchemaError;
use super::ser::{self, Field};
use super::tables::Tables;
use crate::annotation::Annotation;

const ANNOTATION: &str = "annotation";
const DOCUMENT: &str = "document";

#[derive(Debug, Clone)]
pub struct Sidecar {
    // Visible to `merge`, which builds a sidecar from the parts of three.
    pub(super) head: DocumentMut,
    pub(super) tables: Tables,
    pub(super) tail: String,
    pub(super) data: SidecarData,
    /// The file's lines end in CRLF (git's `autocrlf` on Windows): it is read as LF
    /// and written back with CRLF, so that a rewrite changes only what changed.
    pub(super) crlf: bool,
}

impl Sidecar {
    /// A sidecar with no annotations yet, starting with the explanatory header comment.
    pub fn new(document: DocumentInfo) -> Result<Sidecar, InvalidValue> {
        Sidecar::from_data(SidecarData {
            document,
            annotations: Vec::new(),
        })
    }

    /// A sidecar in margent's canonical layout holding `data` (annotations in any order).
    pub fn from_data(mut data: SidecarData) -> Result<Sidecar, InvalidValue> {
        model::validate_document(&data.document)?;
        data.annotations = data
            .annotations
            .into_iter()
            .map(|annotation| Arc::new(Arc::unwrap_or_clone(annotation).normalised()))
            .collect();
        data.annotations
            .iter()
            .try_for_each(|annotation| model::validate_annotation(annotation))?;
        data.annotations.sort_by(|a, b| a.id.cmp(&b.id));
        if let Some(pair) = data.annotations.windows(2).find(|pair| pair[0].id == pair[1].id) {
            return Err(InvalidValue::new(
                Annotation::ID_KEY,
                format!("{} is used twice", pair[0].id),
            ));
        }
        Sidecar::from_toml_str(&encode::file_text(&data)?).map_err(unwritable)
    }

    /// A sidecar with only the identity keys and an empty `[document]` table, built
    /// without parsing (so it cannot fail): the stand-in for one that could not be read.
    pub(crate) fn blank() -> Sidecar {
        let mut head = DocumentMut::new();
        head.insert("format", toml_edit::value(model::FORMAT));
        head.insert("schema_version", toml_edit::value(model::SCHEMA_VERSION));
        head.insert(DOCUMENT, toml_edit::table());
        Sidecar {
            head,
            tables: Tables::default(),
            tail: String::new(),
            data: SidecarData::default(),
            crlf: false,
        }
    }

    /// Reads a sidecar's text. Comments, unknown keys and layout are kept for rewriting;
    /// annotation tables out of id order are put in order.
    pub fn from_toml_str(text: &str) -> Result<Sidecar, SchemaError> {
        let (text, crlf) = with_lf(text);
        Ok(Sidecar::of_parsed(read::parse_copying(&text)?, crlf))
    }

    /// As `from_toml_str`, keeping `text` as the text of the tables it does not change.
    pub fn from_toml_string(text: String) -> Result<Sidecar, SchemaError> {
        let crlf = has_crlf(&text);
        let text = match crlf {
            true => text.replace("\r\n", "\n"),
            false => text,
        };
        Ok(Sidecar::of_parsed(read::parse(&Arc::new(text))?, crlf))
    }

    fn of_parsed(parsed: read::Parsed, crlf: bool) -> Sidecar {
        Sidecar {
            head: parsed.head,
            tables: parsed.tables,
            tail: parsed.tail,
            data: parsed.data,
            crlf,
        }
    }

    /// Only the data of a sidecar's text, for reading it without rewriting it.
    pub(crate) fn data_from_toml_str(text: &str) -> Result<SidecarData, SchemaError> {
        read::parse_data(&with_lf(text).0)
    }

    /// The sidecar's text: the file as read, with only the changed values rewritten.
    pub fn to_toml_string(&self) -> String {
        let mut out = String::new();
        self.for_each_piece(|piece| out.push_str(piece));
        out
    }

    /// The sidecar's text (`to_toml_string`) a piece at a time, for writing or hashing
    /// it without holding it: with 100,000 annotations it is 39 MB.
    pub fn for_each_piece(&self, mut piece: impl FnMut(&str)) {
        let mut give = |text: &str| match self.crlf {
            true => piece(&text.replace('\n', "\r\n")),
            false => piece(text),
        };
        let head = self.head.to_string();
        give(&head);
        let mut ends_line = head.is_empty() || head.ends_with('\n');
        for part in self.tables.iter().chain([self.tail.as_str()]) {
            if part.is_empty() {
                continue;
            }
            // A part that ended the file may lack its final line break.
            if !ends_line {
                give("\n");
            }
            give(part);
            ends_line = part.ends_with('\n');
        }
    }

    pub fn data(&self) -> &SidecarData {
        &self.data
    }

    pub fn into_data(self) -> SidecarData {
        self.data
    }

    pub fn document(&self) -> &DocumentInfo {
        &self.data.document
    }

    /// All annotations, sorted by id (which, for UUIDv7 ids, is creation order).
    pub fn annotations(&self) -> &[Arc<Annotation>] {
        &self.data.annotations
    }

    pub fn annotation(&self, id: &str) -> Option<&Annotation> {
        self.data.annotation(id)
    }

    /// The reading position (code-point offset of the first visible character).
    pub fn position(&self) -> usize {
        self.data.document.position
    }

    /// Sets the reading position; an offset past the largest storable one is clamped.
    pub fn set_position(&mut self, char_offset: usize) {
        let document = DocumentInfo {
            position: char_offset.min(limits::MAX_OFFSET),
            ..self.data.document.clone()
        };
        // Every other field is unchanged and a clamped offset is valid: nothing can fail.
        let _ = self.set_document(document);
    }

    /// Replaces the `[document]` table's values (after re-anchoring, for instance).
    pub fn set_document(&mut self, document: DocumentInfo) -> Result<(), InvalidValue> {
        model::validate_document(&document)?;
        let changed = changed_fields(&self.data.document, &document)?;
        if changed.is_empty() {
            return Ok(());
        }
        let table = document_table(&mut self.head)?;
        for (key, text) in &changed {
            set_or_remove(table, DocumentInfo::keys(), key, text.as_deref())?;
        }
        self.data.document = document;
        Ok(())
    }

    /// Adds an annotation, or replaces the one with the same id. Times are cut to whole
    /// seconds, as stored, and a blank name is no name (`Annotation::normalised`); values
    /// the file could not hold are refused.
    pub fn upsert(&mut self, annotation: Annotation) -> Result<(), InvalidValue> {
        let annotation = annotation.normalised();
        model::validate_annotation(&annotation)?;
        self.put(annotation)
    }

    /// Deletes the annotation with this id (and its table, with any comment above it).
    pub fn remove(&mut self, id: &str) -> Option<Arc<Annotation>> {
        let index = self.data.index_of(id).ok()?;
        self.tables.remove(index);
        Some(self.data.annotations.remove(index))
    }

    /// Stores a valid annotation, rewriting only the values that change.
    pub(crate) fn put(&mut self, annotation: Annotation) -> Result<(), InvalidValue> {
        match self.data.index_of(&annotation.id) {
            Ok(index) => {
                update_table(
                    self.tables.edit(index),
                    &self.data.annotations[index],
                    &annotation,
                )?;
                self.data.annotations[index] = Arc::new(annotation);
            }
            Err(index) => {
                limits::check_count(self.data.annotations.len() + 1, limits::max_annotations())?;
                self.tables.insert(index, canonical_table(&annotation)?);
                self.data.annotations.insert(index, Arc::new(annotation));
            }
        }
        Ok(())
    }
}

/// The text with LF line ends, and whether they were CRLF (judged by the first line).
fn with_lf(text: &str) -> (std::borrow::Cow<'_, str>, bool) {
    match has_crlf(text) {
        true => (std::borrow::Cow::Owned(text.replace("\r\n", "\n")), true),
        false => (std::borrow::Cow::Borrowed(text), false),
    }
}

/// Whether the text's line ends are CRLF (judged by its first line).
fn has_crlf(text: &str) -> bool {
    text.find('\n').is_some_and(|i| text[..i].ends_with('\r'))
}

/// A new table in margent's layout, after a blank line.
fn canonical_table(annotation: &Annotation) -> Result<String, InvalidValue> {
    let mut text = String::from("\n");
    encode::annotation_table_text(annotation, &mut text)?;
    Ok(text)
}

/// Rewrites the values of a table's text that differ between `old` and `new`.
fn update_table(text: &mut String, old: &Annotation, new: &Annotation) -> Result<(), InvalidValue> {
    if old == new {
        return Ok(());
    }
    let changed = changed_fields(old, new)?;
    edit_table(text, |table| {
        changed
            .iter()
            .try_for_each(|(key, text)| set_or_remove(table, Annotation::keys(), key, text.as_deref()))
    })
}

/// The fields of `new` whose text differs from `old`'s (the same struct), in order.
fn changed_fields<T: Serialize>(old: &T, new: &T) -> Result<Vec<Field>, InvalidValue> {
    let old = ser::fields(old)?;
    let new = ser::fields(new)?;
    Ok(new
        .into_iter()
        .zip(old)
        .filter(|(new, old)| new.1 != old.1)
        .map(|(new, _)| new)
        .collect())
}

/// The `[document]` table (the parser made sure it exists and is a table).
fn document_table(toml: &mut DocumentMut) -> Result<&mut dyn TableLike, InvalidValue> {
    toml.entry(DOCUMENT)
        .or_insert_with(toml_edit::table)
        .as_table_like_mut()
        .ok_or_else(|| InvalidValue::new("document", "is not a table"))
}

/// Edits one table's text through toml_edit, which keeps everything not edited.
fn edit_table(
    text: &mut String,
    edit: impl FnOnce(&mut dyn TableLike) -> Result<(), InvalidValue>,
) -> Result<(), InvalidValue> {
    let not_editable = || InvalidValue::new("annotation", "its table cannot be edited as TOML");
    let mut toml: DocumentMut = text.parse().map_err(|_| not_editable())?;
    let table = toml
        .get_mut(ANNOTATION)
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|tables| tables.get_mut(0))
        .ok_or_else(not_editable)?;
    edit(table)?;
    *text = toml.to_string();
    Ok(())
}

/// Sets a key's value from its canonical text, or removes the key (`None`).
fn set_or_remove(
    table: &mut dyn TableLike,
    order: &[&str],
    key: &'static str,
    text: Option<&str>,
) -> Result<(), InvalidValue> {
    match text {
        Some(text) => set_value(table, order, key, text),
        None => {
            table.remove(key);
            Ok(())
        }
    }
}

/// Sets one value from its canonical text, keeping the old value's surrounding
/// whitespace and trailing comment, and the key's own formatting and comments above it.
/// A new key goes where `order` (the table's keys, in the order they are written) puts it.
fn set_value(
    table: &mut dyn TableLike,
    order: &[&str],
    key: &'static str,
    text: &str,
) -> Result<(), InvalidValue> {
    let mut value: Value = text
        .parse()
        .map_err(|_| InvalidValue::new(key, "cannot be written as TOML"))?;
    match table.get_mut(key) {
        Some(item) => {
            if let Some(old) = item.as_value() {
                *value.decor_mut() = old.decor().clone();
            }
            *item = Item::Value(value);
        }
        None => insert_in_order(table, order, key, Item::Value(value)),
    }
    Ok(())
}

/// Inserts a new key before the first key `order` puts after it: those that follow
/// are taken out and put back after it, each with its own formatting and comments.
/// Keys `order` does not know keep their place among the others.
fn insert_in_order(table: &mut dyn TableLike, order: &[&str], key: &str, item: Item) {
    let rank = |name: &str| order.iter().position(|known| *known == name);
    let after: Vec<String> = match rank(key) {
        Some(own) => {
            let names: Vec<String> = table.iter().map(|(name, _)| name.to_string()).collect();
            let first = names
                .iter()
                .position(|name| rank(name).is_some_and(|other| other > own));
            first.map_or_else(Vec::new, |first| names[first..].to_vec())
        }
        None => Vec::new(),
    };
    let moved: Vec<(toml_edit::Key, Item)> = after
        .iter()
        .filter_map(|name| {
            let formatted = table.key(name)?.clone();
            let item = table.remove(name)?;
            Some((formatted, item))
        })
        .collect();
    table.insert(key, item);
    for (formatted, item) in moved {
        table.entry_format(&formatted).or_insert(item);
    }
}

/// margent's own canonical text failed to parse: a bug, reported rather than panicking.
fn unwritable(err: SchemaError) -> InvalidValue {
    InvalidValue::new("annotation", format!("cannot be written as TOML ({err})"))
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
