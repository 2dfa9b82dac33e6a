//! Reading a table's entries into an `Annotation` or a `DocumentInfo` through their serde
//! derive. Both readers (`schema.rs` with toml_edit, `fast.rs`) turn a TOML table into
//! `Entry`s and call `from_entries`: which keys exist, which are required and what a
//! missing one means is the derive's business (`crate::annotation`). This module knows
//! only the sidecar's kinds of value: strings, code-point offsets (every integer),
//! datetimes with an offset, arrays of strings. Errors name the key and carry the span
//! of the value at fault. No IO.

use std::fmt;
use std::ops::Range;

use jiff::Timestamp;
use serde::de::value::{StrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use super::model::{limits, truncated};
use crate::annotation::stored::DATETIME;

/// A TOML value as a reader found it.
#[derive(Debug)]
pub(super) enum Value {
    Str(String),
    Int(i64),
    /// `None`: a TOML datetime that names no instant (no offset, or no such time).
    Datetime(Option<Timestamp>),
    Array(Vec<Spanned>),
    /// Any other TOML type, by its name ("boolean", "inline table" …).
    Other(&'static str),
}

/// A value and, when the reader knows it, its byte range in the file.
#[derive(Debug)]
pub(super) struct Spanned {
    pub value: Value,
    pub span: Option<Range<usize>>,
}

/// One `key = value` of a table.
pub(super) struct Entry<'t> {
    pub key: &'t str,
    pub value: Spanned,
}

/// Why a table could not be read: a one-line message naming the key, and the span of
/// the value at fault (`None`: the table as a whole, as for a missing key).
#[derive(Debug)]
pub(super) struct FieldError {
    pub message: String,
    pub span: Option<Range<usize>>,
}

/// `T` from the entries of a table called `table` (for messages). Unknown keys are
/// skipped: the text keeps them, the data does not need them.
pub(super) fn from_entries<T: DeserializeOwned>(
    table: &str,
    entries: Vec<Entry<'_>>,
) -> Result<T, FieldError> {
    let mut access = Entries {
        entries: entries.into_iter(),
        pending: None,
    };
    T::deserialize(TableDeserializer(&mut access)).map_err(|err| err.into_field_error(table))
}

const OFFSET: &str = "a whole number of code points";
const STRING: &str = "a string";
const STRINGS: &str = "an array of strings";
const DATETIME_EXAMPLE: &str = "a date and time with an offset, like 2026-11-26T09:26:53Z";

#[derive(Debug)]
enum Problem {
    WrongType {
        expected: &'static str,
        found: Option<&'static str>,
    },
    OutOfRange(i64),
    UnknownName {
        value: String,
        expected: &'static [&'static str],
    },
    Missing(&'static str),
    Other(String),
}

#[derive(Debug)]
struct Error {
    problem: Problem,
    key: Option<String>,
    span: Option<Range<usize>>,
}

impl Error {
    fn new(problem: Problem) -> Error {
        Error {
            problem,
            key: None,
            span: None,
        }
    }

    fn wrong_type(expected: &'static str, found: &Value) -> Error {
        let found = match found {
            Value::Str(_) => "string",
            Value::Int(_) => "integer",
            Value::Datetime(_) => "datetime",
            Value::Array(_) => "array",
            Value::Other(name) => name,
        };
        Error::new(Problem::WrongType {
            expected,
            found: Some(found),
        })
    }

    /// Placed at the key being read (the innermost span wins: an array's element).
    fn at(mut self, key: &str, span: &Option<Range<usize>>) -> Error {
        self.key.get_or_insert_with(|| key.to_string());
        if self.span.is_none() {
            self.span.clone_from(span);
        }
        self
    }

    fn into_field_error(self, table: &str) -> FieldError {
        let key = self.key.as_deref().unwrap_or(table);
        let message = match self.problem {
            Problem::WrongType { expected, found } => match found {
                Some(found) => format!("`{key}` must be {expected}, not {found}"),
                None => format!("`{key}` must be {expected}"),
            },
            Problem::OutOfRange(value) => {
                format!("`{key}` must be from 0 to {}, not {value}", limits::MAX_OFFSET)
            }
            Problem::UnknownName { value, expected } => format!(
                "unknown {key} {:?} (expected one of: {})",
                truncated(&value),
                expected.join(", ")
            ),
            Problem::Missing(missing) => format!("{table} without `{missing}`"),
            Problem::Other(message) => format!("`{key}`: {message}"),
        };
        FieldError {
            message,
            span: self.span,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.problem)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Error {
        Error::new(Problem::Other(message.to_string()))
    }

    fn missing_field(field: &'static str) -> Error {
        Error::new(Problem::Missing(field))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Error {
        Error::new(Problem::UnknownName {
            value: variant.to_string(),
            expected,
        })
    }
}

/// The table: what the derive asks for is a struct, read as a map of the entries.
struct TableDeserializer<'a, 't>(&'a mut Entries<'t>);

impl<'de> de::Deserializer<'de> for TableDeserializer<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self.0)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct Entries<'t> {
    entries: std::vec::IntoIter<Entry<'t>>,
    pending: Option<Entry<'t>>,
}

impl<'de> de::MapAccess<'de> for Entries<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        let key: StrDeserializer<'_, Error> = entry.key.into_deserializer();
        let key = seed.deserialize(key)?;
        self.pending = Some(entry);
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let entry = self
            .pending
            .take()
            .ok_or_else(|| Error::new(Problem::Other("a value without its key".to_string())))?;
        let span = entry.value.span.clone();
        seed.deserialize(ValueDeserializer(entry.value))
            .map_err(|err| err.at(entry.key, &span))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct ValueDeserializer(Spanned);

impl ValueDeserializer {
    fn offset<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.value {
            Value::Int(value) => match u64::try_from(value) {
                Ok(offset) if offset <= limits::MAX_OFFSET as u64 => visitor.visit_u64(offset),
                _ => Err(Error::new(Problem::OutOfRange(value))),
            },
            other => Err(Error::wrong_type(OFFSET, &other)),
        }
    }
}

impl<'de> de::Deserializer<'de> for ValueDeserializer {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.value {
            Value::Str(text) => visitor.visit_string(text),
            Value::Array(values) => visitor.visit_seq(Elements(values.into_iter())),
            Value::Int(_) => self.offset(visitor),
            other => Err(Error::wrong_type(STRING, &other)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.offset(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.value {
            Value::Str(text) => visitor.visit_string(text),
            other => Err(Error::wrong_type(STRING, &other)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.value {
            Value::Array(values) => visitor.visit_seq(Elements(values.into_iter())),
            other => Err(Error::wrong_type(STRINGS, &other)),
        }
    }

    /// A key that is there has a value: TOML has no null.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0.value {
            Value::Str(name) => {
                let name: StringDeserializer<Error> = name.into_deserializer();
                visitor.visit_enum(name)
            }
            other => Err(Error::wrong_type(STRING, &other)),
        }
    }

    /// A datetime goes to `stored::datetime` as seconds; other newtypes are transparent.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name != DATETIME {
            return visitor.visit_newtype_struct(self);
        }
        match self.0.value {
            Value::Datetime(Some(at)) => visitor.visit_i64(at.as_second()),
            Value::Datetime(None) => Err(Error::new(Problem::WrongType {
                expected: DATETIME_EXAMPLE,
                found: None,
            })),
            other => Err(Error::wrong_type(DATETIME_EXAMPLE, &other)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u128 f32 f64 char bytes byte_buf unit
        unit_struct tuple tuple_struct map struct identifier
    }
}

/// The elements of an array: each must be a string.
struct Elements(std::vec::IntoIter<Spanned>);

impl<'de> de::SeqAccess<'de> for Elements {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some(element) = self.0.next() else {
            return Ok(None);
        };
        let span = element.span.clone();
        seed.deserialize(ValueDeserializer(element))
            .map(Some)
            .map_err(|mut err| {
                if let Problem::WrongType { .. } = err.problem {
                    err.problem = Problem::WrongType {
                        expected: STRINGS,
                        found: None,
                    };
                }
                err.span = err.span.or(span);
                err
            })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}
