//! Checking a sidecar's TOML as toml_edit parsed it: the identity keys, then every value,
//! each problem reported with its line and column and a sanitised message. The rules for
//! what a valid sidecar holds live here; `read.rs` decides which parser runs. No IO.

use std::ops::Range;

use jiff::Timestamp;
use toml_edit::{ArrayOfTables, Item, Table, TableLike};

use super::encode::{AnnotationKey, DocumentKey};
use super::model::{self, DEFAULT_COLOR, DocumentInfo, FORMAT, InvalidValue, SCHEMA_VERSION, limits};
use crate::annotation::{Annotation, Kind, Status};
use crate::sanitize;

pub(super) const ANNOTATION: &str = "annotation";

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
        let Some(item) = root.get("document") else {
            return Err(self.invalid(None, "missing the [document] table".to_string()));
        };
        let Some(table) = item.as_table_like() else {
            return Err(self.invalid(item.span(), "`document` must be a table".to_string()));
        };
        let mut info = DocumentInfo::default();
        for (name, item) in table.iter() {
            let Some(key) = DocumentKey::from_name(name) else {
                continue; // unknown keys are kept in the TOML and ignored here
            };
            let field = key.as_str();
            match key {
                DocumentKey::FileName => info.file_name = self.string(item, field)?,
                DocumentKey::Title => info.title = self.string(item, field)?,
                DocumentKey::Encoding => info.encoding = self.string(item, field)?,
                DocumentKey::ContentHash => info.content_hash = self.string(item, field)?,
                DocumentKey::CharCount => info.char_count = self.offset(item, field)?,
                DocumentKey::Position => info.position = self.offset(item, field)?,
            }
        }
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
        if tables.len() > limits::MAX_ANNOTATIONS {
            return Err(self.invalid(
                item.span(),
                format!("more than {} annotations", limits::MAX_ANNOTATIONS),
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
        table.get("id").and_then(Item::span).or_else(|| table.span())
    }

    fn annotation(&self, table: &Table) -> Result<Annotation, SchemaError> {
        let mut fields = Fields::default();
        for (name, item) in table.iter() {
            let Some(key) = AnnotationKey::from_name(name) else {
                continue; // unknown keys are kept in the TOML and ignored here
            };
            self.field(&mut fields, key, item)?;
        }
        let annotation = fields
            .into_annotation()
            .map_err(|key| self.invalid(table.span(), format!("annotation without `{key}`")))?;
        model::validate_annotation(&annotation).map_err(|err| self.at_key(table, err))?;
        Ok(annotation)
    }

    fn field(&self, fields: &mut Fields, key: AnnotationKey, item: &Item) -> Result<(), SchemaError> {
        let name = key.as_str();
        match key {
            AnnotationKey::Id => fields.id = Some(self.string(item, name)?),
            AnnotationKey::Kind => fields.kind = Some(self.name::<Kind>(item, name)?),
            AnnotationKey::Created => fields.created = Some(self.timestamp(item, name)?),
            AnnotationKey::Modified => fields.modified = Some(self.timestamp(item, name)?),
            AnnotationKey::Color => fields.color = Some(self.string(item, name)?),
            AnnotationKey::Exact => fields.exact = Some(self.string(item, name)?),
            AnnotationKey::Prefix => fields.prefix = Some(self.string(item, name)?),
            AnnotationKey::Suffix => fields.suffix = Some(self.string(item, name)?),
            AnnotationKey::Start => fields.start = Some(self.offset(item, name)?),
            AnnotationKey::End => fields.end = Some(self.offset(item, name)?),
            AnnotationKey::Tags => fields.tags = Some(self.strings(item, name)?),
            AnnotationKey::Note => fields.note = Some(self.string(item, name)?),
            AnnotationKey::Status => fields.status = Some(self.name::<Status>(item, name)?),
            AnnotationKey::Author => fields.author = Some(self.string(item, name)?),
        }
        Ok(())
    }

    /// Points a value-level problem at the key's value, else at the table.
    fn at_key(&self, table: &dyn TableLike, err: InvalidValue) -> SchemaError {
        let span = table.get(err.key).and_then(Item::span);
        self.invalid(span, err.to_string())
    }

    fn wrong_type(&self, item: &Item, key: &str, expected: &str) -> SchemaError {
        self.invalid(
            item.span(),
            format!("`{key}` must be {expected}, not {}", item.type_name()),
        )
    }

    fn string(&self, item: &Item, key: &str) -> Result<String, SchemaError> {
        item.as_str()
            .map(str::to_string)
            .ok_or_else(|| self.wrong_type(item, key, "a string"))
    }

    fn strings(&self, item: &Item, key: &str) -> Result<Vec<String>, SchemaError> {
        let expected = "an array of strings";
        let array = item
            .as_array()
            .ok_or_else(|| self.wrong_type(item, key, expected))?;
        if array.len() > limits::MAX_TAGS {
            return Err(self.invalid(
                item.span(),
                format!("`{key}` has more than {} entries", limits::MAX_TAGS),
            ));
        }
        array
            .iter()
            .map(|value| {
                value
                    .as_str()
                    .map(str::to_string)
                    .ok_or_else(|| self.invalid(value.span(), format!("`{key}` must be {expected}")))
            })
            .collect()
    }

    fn offset(&self, item: &Item, key: &str) -> Result<usize, SchemaError> {
        let value = item
            .as_integer()
            .ok_or_else(|| self.wrong_type(item, key, "a whole number of code points"))?;
        usize::try_from(value)
            .ok()
            .filter(|&offset| offset <= limits::MAX_OFFSET)
            .ok_or_else(|| {
                self.invalid(
                    item.span(),
                    format!("`{key}` must be from 0 to {}, not {value}", limits::MAX_OFFSET),
                )
            })
    }

    fn name<T>(&self, item: &Item, key: &str) -> Result<T, SchemaError>
    where
        T: std::str::FromStr<Err = crate::annotation::UnknownName>,
    {
        let text = item
            .as_str()
            .ok_or_else(|| self.wrong_type(item, key, "a string"))?;
        text.parse::<T>().map_err(|err| {
            let shown = model::truncated(&err.value);
            self.invalid(
                item.span(),
                format!(
                    "unknown {} {shown:?} (expected one of: {})",
                    err.what, err.expected
                ),
            )
        })
    }

    fn timestamp(&self, item: &Item, key: &str) -> Result<Timestamp, SchemaError> {
        let example = "a date and time with an offset, like 2026-11-26T09:26:53Z";
        let datetime = item
            .as_datetime()
            .ok_or_else(|| self.wrong_type(item, key, example))?;
        to_timestamp(datetime).ok_or_else(|| self.invalid(item.span(), format!("`{key}` must be {example}")))
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

/// An annotation's known keys as read, before defaults (shared with `fast.rs`, so both
/// readers fill in the same defaults).
#[derive(Default)]
pub(super) struct Fields {
    pub id: Option<String>,
    pub kind: Option<Kind>,
    pub created: Option<Timestamp>,
    pub modified: Option<Timestamp>,
    pub color: Option<String>,
    pub exact: Option<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub tags: Option<Vec<String>>,
    pub note: Option<String>,
    pub status: Option<Status>,
    pub author: Option<String>,
}

impl Fields {
    /// The annotation, with defaults for the keys a hand edit may leave out;
    /// `Err(key)` names a required key that is missing.
    pub(super) fn into_annotation(self) -> Result<Annotation, &'static str> {
        let created = self.created.ok_or("created")?;
        Ok(Annotation {
            id: self.id.ok_or("id")?,
            kind: self.kind.ok_or("kind")?,
            created,
            modified: self.modified.unwrap_or(created),
            color: self.color.unwrap_or_else(|| DEFAULT_COLOR.to_string()),
            exact: self.exact.unwrap_or_default(),
            prefix: self.prefix.unwrap_or_default(),
            suffix: self.suffix.unwrap_or_default(),
            start: self.start.ok_or("start")?,
            end: self.end.ok_or("end")?,
            tags: self.tags.unwrap_or_default(),
            note: self.note.unwrap_or_default(),
            status: self.status.unwrap_or_default(),
            author: self.author,
        })
    }
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
