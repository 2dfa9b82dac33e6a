//! Reading a whole sidecar into the parts `file.rs` keeps. Files in margent's own layout
//! take the fast path (`fast.rs`: toml_edit reads only the head); anything else, and
//! anything the fast path doubts, goes through toml_edit, which has the last word on
//! every error. No IO.

use std::sync::Arc;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::model::{SidecarData, limits};
use super::schema::{ANNOTATION, Reader, SchemaError};
use super::tables::Tables;
use super::{fast, scan};

/// A parsed sidecar in the parts `file.rs` keeps: the head as an editable document, each
/// annotation table's text sorted by id, the trailing comments, and the data.
pub(crate) struct Parsed {
    pub head: DocumentMut,
    pub tables: Tables,
    pub tail: String,
    pub data: SidecarData,
}

/// Parses `source`, whose tables' text is kept as slices of it.
pub(crate) fn parse(source: &Arc<String>) -> Result<Parsed, SchemaError> {
    parse_keeping(source, Keep::Slices(source))
}

/// Parses `text`, copied only once it has read (a hostile file is refused first).
pub(crate) fn parse_copying(text: &str) -> Result<Parsed, SchemaError> {
    parse_keeping(text, Keep::Copy)
}

/// What is kept of the tables' text.
#[derive(Clone, Copy)]
enum Keep<'a> {
    /// Nothing: only the data is wanted.
    Nothing,
    /// Slices of this text, the one being read.
    Slices(&'a Arc<String>),
    /// Slices of a copy of the text being read.
    Copy,
}

/// Only the data, for reading without rewriting (`notes`, `export`): the tables' text
/// is not copied, which with 100,000 annotations is a third of the memory.
pub(crate) fn parse_data(text: &str) -> Result<SidecarData, SchemaError> {
    parse_keeping(text, Keep::Nothing).map(|parsed| parsed.data)
}

/// With `Keep::Nothing`, `Parsed::tables` may be left empty.
fn parse_keeping(text: &str, keep: Keep<'_>) -> Result<Parsed, SchemaError> {
    let reader = Reader { text };
    if text.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(reader.invalid(
            None,
            format!("the file is larger than {} bytes", limits::MAX_FILE_BYTES),
        ));
    }
    // Limits first, in one pass that builds nothing: a hostile file stops here.
    let tables = scan::check(text)
        .map_err(|refusal| reader.invalid(Some(refusal.at..refusal.at + 1), refusal.message))?;
    match fast::read(text, tables).and_then(|layout| from_layout(&reader, layout, keep)) {
        Some(parsed) => Ok(parsed),
        None => whole(&reader),
    }
}

/// The data of a large sidecar read a part at a time, each part starting at an
/// `[[annotation]]` line (the first at the file's start), so that the file's bytes are
/// never all held at once (`store::read_data`). Only margent's own layout reads this
/// way: `None` from any step means "read the whole file instead" (`parse_data`), which
/// has the last word on every error. A cut inside a multi-line string leaves that
/// string unclosed at the end of its part, which then does not read.
#[derive(Default)]
pub(crate) struct DataInParts {
    document: Option<super::model::DocumentInfo>,
    annotations: Vec<std::sync::Arc<crate::annotation::Annotation>>,
}

impl DataInParts {
    /// Reads the next part.
    pub(crate) fn part(&mut self, text: &str) -> Option<()> {
        let tables = scan::check(text).ok()?;
        let layout = fast::read(text, tables)?;
        match self.document {
            None => {
                let parsed = from_layout(&Reader { text }, layout, Keep::Nothing)?;
                self.document = Some(parsed.data.document);
                self.annotations = parsed.data.annotations;
            }
            Some(_) if layout.head.is_empty() => self.annotations.extend(layout.annotations),
            Some(_) => return None,
        }
        (self.annotations.len() <= limits::max_annotations()).then_some(())
    }

    /// The data of all the parts (ids in order, none twice).
    pub(crate) fn finish(self) -> Option<SidecarData> {
        let mut annotations = self.annotations;
        if !annotations.windows(2).all(|pair| pair[0].id < pair[1].id) {
            annotations.sort_by(|a, b| a.id.cmp(&b.id));
            if annotations.windows(2).any(|pair| pair[0].id == pair[1].id) {
                return None;
            }
        }
        Some(SidecarData {
            document: self.document?,
            annotations,
        })
    }
}

/// Only the fast path (`None` where it would hand over to toml_edit).
#[cfg(test)]
pub(crate) fn parse_fast(text: &str) -> Option<Parsed> {
    let reader = Reader { text };
    fast::read(text, 0).and_then(|layout| from_layout(&reader, layout, Keep::Copy))
}

/// Only the toml_edit path.
#[cfg(test)]
pub(crate) fn parse_whole(text: &str) -> Result<Parsed, SchemaError> {
    whole(&Reader { text })
}

/// The fast path: toml_edit reads only the head. `None` for anything unexpected,
/// so that `whole` decides (and words the error). The tables' text as `keep` says.
fn from_layout(reader: &Reader<'_>, layout: fast::Layout, keep: Keep<'_>) -> Option<Parsed> {
    let head = toml_edit::Document::parse(&reader.text[layout.head]).ok()?;
    let root = head.as_table();
    if root.contains_key(ANNOTATION) {
        return None;
    }
    reader.check_identity(root).ok()?;
    let document = reader.document_info(root).ok()?;
    let (mut ranges, mut annotations) = (layout.tables, layout.annotations);
    if !annotations.windows(2).all(|pair| pair[0].id < pair[1].id) {
        let mut pairs: Vec<_> = ranges.into_iter().zip(annotations).collect();
        pairs.sort_by(|a, b| a.1.id.cmp(&b.1.id));
        if pairs.windows(2).any(|pair| pair[0].1.id == pair[1].1.id) {
            return None;
        }
        (ranges, annotations) = pairs.into_iter().unzip();
    }
    let texts = match keep {
        Keep::Nothing => Tables::default(),
        Keep::Slices(source) => Tables::of_source(Arc::clone(source), ranges),
        Keep::Copy => Tables::of_source(Arc::new(reader.text.to_string()), ranges),
    };
    Some(Parsed {
        head: head.into_mut(),
        tables: texts,
        tail: reader.text[layout.tail].to_string(),
        data: SidecarData {
            document,
            annotations,
        },
    })
}

/// The whole file through toml_edit, then split into the parts `file.rs` keeps.
fn whole(reader: &Reader<'_>) -> Result<Parsed, SchemaError> {
    let parsed = toml_edit::Document::parse(reader.text).map_err(|err| reader.syntax(&err))?;
    let root = parsed.as_table();
    reader.check_identity(root)?;
    let document = reader.document_info(root)?;
    let (annotations, order) = reader.annotations(root)?;
    let mut head = parsed.into_mut();
    let tail = head.trailing().as_str().unwrap_or_default().to_string();
    head.set_trailing("");
    let tables: Vec<Table> = match head.remove(ANNOTATION) {
        Some(Item::ArrayOfTables(tables)) => tables.into_iter().collect(),
        _ => Vec::new(),
    };
    let mut slots: Vec<Option<Table>> = tables.into_iter().map(Some).collect();
    let tables = order
        .iter()
        .filter_map(|&index| slots.get_mut(index).and_then(Option::take))
        .map(table_text)
        .collect();
    Ok(Parsed {
        head,
        tables,
        tail,
        data: SidecarData {
            document,
            annotations: annotations.into_iter().map(std::sync::Arc::new).collect(),
        },
    })
}

/// The text of one `[[annotation]]` table, with the comments above it.
fn table_text(table: Table) -> String {
    let mut tables = ArrayOfTables::new();
    tables.push(table);
    let mut toml = DocumentMut::new();
    toml.insert(ANNOTATION, Item::ArrayOfTables(tables));
    toml.to_string()
}
