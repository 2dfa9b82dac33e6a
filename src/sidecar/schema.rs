//! Checking a sidecar's TOML as toml_edit parsed it: the identity keys, then every table,
//! each problem reported with its line and column and a sanitised message. A table's keys
//! are read by its struct's serde derive (`de.rs`); the limits are checked as for writing
//! (`model::validate_*`); `read.rs` decides which parser runs. No IO.

use std::ops::Range;

use jiff::Timestamp;
use toml_edit::{ArrayOfTables, Item, Table, TableLike};

use super::de::{self, Entry, FieldError, Spanned, Value};
use super::model::{self, DocumentInfo, FORMAT, InvalidValue, SCHEMA_VERSION, limits};
use crate::annotation::Annotation;
use crate::sanitize;

pub(super) const ANNOTATION: &str = "annotation";
const DOCUMENT: &str = "document";

/// Why a sidecar's text was refused, and where (1-based line; column in characters).
/// The message never contains a control character taken from the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct SchemaError {
    pub kind: SchemaErrorKind,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaErrorKind {
    /// Not TOML.
    Syntax,
    /// TOML, but not a valid margent sidecar.
    Invalid,
    /// Written by a newer margent: `schema_version` is larger than this one reads.
    NewerSchema { found: i64 },
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, byte: usize) -> (usize, usize) {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let before = &text[..byte];
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

pub(super) struct Reader<'t> {
    pub text: &'t str,
}

impl Reader<'_> {
    fn error(&self, kind: SchemaErrorKind, span: Option<Range<usize>>, message: &str) -> SchemaError {
        let (line, column) = line_column(self.text, span.map_or(0, |span| span.start));
        // Messages quote values from the file: one line, no controls, no bidi tricks.
        let message = sanitize::inline(&message.replace('\n', "; ")).into_owned();
        SchemaError {
            kind,
            line,
            column,
            message,
        }
    }

    pub(super) fn invalid(&self, span: Option<Range<usize>>, message: String) -> SchemaError {
        self.error(SchemaErrorKind::Invalid, span, &message)
    }

    pub(super) fn syntax(&self, err: &toml_edit::TomlError) -> SchemaError {
        let message = format!("not valid TOML: {}", err.message().trim_end());
        self.error(SchemaErrorKind::Syntax, err.span(), &message)
    }

    pub(super) fn check_identity(&self, root: &Table) -> Result<(), SchemaError> {
        let not_ours = "not a margent sidecar: expected `format = \"margent-notes\"` at the top";
        match root.get("format") {
            Some(item) if item.as_str() == Some(FORMAT) => {}
            Some(item) => return Err(self.invalid(item.span(), not_ours.to_string())),
            None => return Err(self.invalid(None, not_ours.to_string())),
        }
        let Some(item) = root.get("schema_version") else {
            return Err(self.invalid(None, "missing `schema_version`".to_string()));
        };
        match item.as_integer() {
            Some(SCHEMA_VERSION) => Ok(()),
            Some(found) if found > SCHEMA_VERSION => Err(self.error(
                SchemaErrorKind::NewerSchema { found },
                item.span(),
                &format!(
                    "schema_version {found} is newer than this margent reads ({SCHEMA_VERSION}); \
                     update margent — the file is left untouched"
                ),
            )),
            _ => Err(self.invalid(item.span(), format!("`schema_version` must be {SCHEMA_VERSION}"))),
        }
    }

    pub(super) fn document_info(&self, root: &Table) -> Result<DocumentInfo, SchemaError> {
        let Some(item) = root.get(DOCUMENT) else {
            return Err(self.invalid(None, "missing the [document] table".to_string()));
        };
        let Some(table) = item.as_table_like() else {
            return Err(self.invalid(item.span(), "`document` must be a table".to_string()));
        };
        let info: DocumentInfo =
            de::from_entries(DOCUMENT, entries(table)).map_err(|err| self.field_error(item.span(), err))?;
        model::validate_document(&info).map_err(|err| self.at_key(table, err))?;
        Ok(info)
    }

    /// The annotations sorted by id, and the file-order index of each.
    pub(super) fn annotations(&self, root: &Table) -> Result<(Vec<Annotation>, Vec<usize>), SchemaError> {
        let Some(item) = root.get(ANNOTATION) else {
            return Ok((Vec::new(), Vec::new()));
        };
        let Some(tables) = item.as_array_of_tables() else {
            return Err(self.invalid(
                item.span(),
                "`annotation` must be written as [[annotation]] tables".to_string(),
            ));
        };
        if tables.len() > limits::max_annotations() {
            return Err(self.invalid(
                item.span(),
                format!("more than {} annotations", limits::max_annotations()),
            ));
        }
        let annotations = tables
            .iter()
            .map(|table| self.annotation(table))
            .collect::<Result<Vec<_>, _>>()?;
        self.sorted(annotations, tables)
    }

    fn sorted(
        &self,
        annotations: Vec<Annotation>,
        tables: &ArrayOfTables,
    ) -> Result<(Vec<Annotation>, Vec<usize>), SchemaError> {
        let in_order = annotations.windows(2).all(|pair| pair[0].id < pair[1].id);
        let mut order: Vec<usize> = (0..annotations.len()).collect();
        if !in_order {
            order.sort_by(|&a, &b| annotations[a].id.cmp(&annotations[b].id));
        }
        if let Some(pair) = order
            .windows(2)
            .find(|pair| annotations[pair[0]].id == annotations[pair[1]].id)
        {
            let (first, second) = (pair[0].min(pair[1]), pair[0].max(pair[1]));
            let (first_line, _) = line_column(self.text, self.id_span(tables, first).map_or(0, |s| s.start));
            return Err(self.invalid(
                self.id_span(tables, second),
                format!("duplicate id (also on line {first_line})"),
            ));
        }
        if in_order {
            return Ok((annotations, order));
        }
        let mut slots: Vec<Option<Annotation>> = annotations.into_iter().map(Some).collect();
        let sorted = order.iter().filter_map(|&index| slots[index].take()).collect();
        Ok((sorted, order))
    }

    fn id_span(&self, tables: &ArrayOfTables, index: usize) -> Option<Range<usize>> {
        let table = tables.get(index)?;
        table
            .get(Annotation::ID_KEY)
            .and_then(Item::span)
            .or_else(|| table.span())
    }

    fn annotation(&self, table: &Table) -> Result<Annotation, SchemaError> {
        let annotation: Annotation = de::from_entries(ANNOTATION, entries(table))
            .map_err(|err| self.field_error(table.span(), err))?;
        model::validate_annotation(&annotation).map_err(|err| self.at_key(table, err))?;
        Ok(annotation)
    }

    /// A problem found reading a table's values, at the value (else at the table).
    fn field_error(&self, table_span: Option<Range<usize>>, err: FieldError) -> SchemaError {
        self.invalid(err.span.or(table_span), err.message)
    }

    /// Points a value-level problem at the key's value, else at the table.
    fn at_key(&self, table: &dyn TableLike, err: InvalidValue) -> SchemaError {
        let span = table.get(err.key).and_then(Item::span);
        self.invalid(span, err.to_string())
    }
}

/// A TOML offset datetime as a timestamp in whole seconds (fractions are dropped, as the
/// sidecar stores seconds); `None` for local dates and times, which name no instant.
fn to_timestamp(datetime: &toml_edit::Datetime) -> Option<Timestamp> {
    let (date, time, offset) = (datetime.date?, datetime.time?, datetime.offset?);
    let civil = jiff::civil::DateTime::new(
        i16::try_from(date.year).ok()?,
        i8::try_from(date.month).ok()?,
        i8::try_from(date.day).ok()?,
        i8::try_from(time.hour).ok()?,
        i8::try_from(time.minute).ok()?,
        i8::try_from(time.second.unwrap_or(0)).ok()?,
        0,
    )
    .ok()?;
    let offset_seconds = match offset {
        toml_edit::Offset::Z => 0,
        toml_edit::Offset::Custom { minutes } => i32::from(minutes) * 60,
    };
    jiff::tz::Offset::from_seconds(offset_seconds)
        .ok()?
        .to_timestamp(civil)
        .ok()
}

/// A table's keys and values, as `de.rs` reads them.
fn entries(table: &dyn TableLike) -> Vec<Entry<'_>> {
    let mut entries = Vec::with_capacity(table.len());
    entries.extend(table.iter().map(|(key, item)| Entry {
        key,
        value: spanned(item),
    }));
    entries
}

fn spanned(item: &Item) -> Spanned {
    let value = match item {
        Item::Value(value) => return spanned_value(value),
        other => Value::Other(other.type_name()),
    };
    Spanned {
        value,
        span: item.span(),
    }
}

fn spanned_value(value: &toml_edit::Value) -> Spanned {
    let converted = match value {
        toml_edit::Value::String(text) => Value::Str(text.value().clone()),
        toml_edit::Value::Integer(number) => Value::Int(*number.value()),
        toml_edit::Value::Datetime(datetime) => Value::Datetime(to_timestamp(datetime.value())),
        toml_edit::Value::Array(array) => Value::Array(array.iter().map(spanned_value).collect()),
        other => Value::Other(other.type_name()),
    };
    Spanned {
        value: converted,
        span: value.span(),
    }
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
