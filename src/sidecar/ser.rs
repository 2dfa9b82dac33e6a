//! Writing a table's fields: a serde `Serializer` that walks an `Annotation` or a
//! `DocumentInfo` in the order of its fields, checks each value against the sidecar's
//! limits and gives its canonical TOML text (`encode.rs` says how strings look). Which
//! fields there are is the derive's business (`crate::annotation`); this module knows
//! only kinds of value: a plain string is short, the `stored` newtypes mark the rest,
//! every integer is a code-point offset, and `None` is a key left out (TOML has no null).
//! No IO.

use std::fmt::{Display, Write as _};

use serde::ser::{self, Impossible, Serialize};

use super::encode::{basic_string, text_string};
use super::model::{InvalidValue, limits, validate_id, validate_len, validate_offset, validate_timestamp};
use crate::annotation::stored::{DATETIME, PASSAGE, PROSE, UUID};

/// One key of a table and its value's TOML text (`None`: the key is left out).
pub(crate) type Field = (&'static str, Option<String>);

/// The fields of `value` in order, each checked and written.
pub(crate) fn fields<T: Serialize>(value: &T) -> Result<Vec<Field>, InvalidValue> {
    let mut unused = String::new();
    match value.serialize(ValueSerializer::writing("", &mut unused))? {
        Written::Table(fields) => Ok(fields),
        _ => Err(unsupported()),
    }
}

/// Checks every value of `value` against the sidecar's limits, writing nothing.
pub(crate) fn check<T: Serialize>(value: &T) -> Result<(), InvalidValue> {
    value.serialize(ValueSerializer::checking("")).map(drop)
}

/// What a value's limit and TOML text are, from its type and `stored` newtype.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Short,
    Uuid,
    Passage,
    Prose,
    Datetime,
}

impl Class {
    fn of(newtype: &str) -> Option<Class> {
        match newtype {
            UUID => Some(Class::Uuid),
            PASSAGE => Some(Class::Passage),
            PROSE => Some(Class::Prose),
            DATETIME => Some(Class::Datetime),
            _ => None,
        }
    }
}

impl ser::Error for InvalidValue {
    fn custom<T: Display>(message: T) -> InvalidValue {
        InvalidValue::new("", message.to_string())
    }
}

fn unsupported() -> InvalidValue {
    InvalidValue::new("", "cannot be written as TOML")
}

/// Methods for the parts of serde's data model no sidecar value uses.
macro_rules! refuse {
    ($($method:ident($($ty:ty),*) -> $ret:ty;)*) => {
        $(fn $method(self, $(_: $ty),*) -> Result<$ret, InvalidValue> {
            Err(unsupported())
        })*
    };
}

/// What walking a value gave: a value written (or checked), a `None` left out, or the
/// fields of a table (only the value walked first, the annotation or document, is one).
#[derive(Debug)]
enum Written {
    Value,
    LeftOut,
    Table(Vec<Field>),
}

/// A table's fields, collected when writing.
struct Table {
    writing: bool,
    fields: Vec<Field>,
}

impl ser::SerializeStruct for Table {
    type Ok = Written;
    type Error = InvalidValue;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), InvalidValue> {
        let at_key = |mut err: InvalidValue| {
            if err.key.is_empty() {
                err.key = key;
            }
            err
        };
        if !self.writing {
            value.serialize(ValueSerializer::checking(key)).map_err(at_key)?;
            return Ok(());
        }
        let mut text = String::new();
        let text = match value.serialize(ValueSerializer::writing(key, &mut text)) {
            Ok(Written::Value) => Some(text),
            Ok(Written::LeftOut) => None,
            Ok(Written::Table(_)) => return Err(at_key(unsupported())),
            Err(err) => return Err(at_key(err)),
        };
        self.fields.push((key, text));
        Ok(())
    }

    fn end(self) -> Result<Written, InvalidValue> {
        Ok(Written::Table(self.fields))
    }
}

/// One value: checked against the limit of its class, written to `out` when writing.
struct ValueSerializer<'a> {
    key: &'static str,
    class: Class,
    out: Option<&'a mut String>,
}

impl<'a> ValueSerializer<'a> {
    fn checking(key: &'static str) -> ValueSerializer<'a> {
        ValueSerializer {
            key,
            class: Class::Short,
            out: None,
        }
    }

    fn writing(key: &'static str, out: &'a mut String) -> ValueSerializer<'a> {
        ValueSerializer {
            key,
            class: Class::Short,
            out: Some(out),
        }
    }

    fn write(self, text: impl FnOnce(&mut String)) -> Result<Written, InvalidValue> {
        if let Some(out) = self.out {
            text(out);
        }
        Ok(Written::Value)
    }
}

impl<'a> ser::Serializer for ValueSerializer<'a> {
    type Ok = Written;
    type Error = InvalidValue;
    type SerializeSeq = Strings<'a>;
    type SerializeTuple = Impossible<Written, InvalidValue>;
    type SerializeTupleStruct = Impossible<Written, InvalidValue>;
    type SerializeTupleVariant = Impossible<Written, InvalidValue>;
    type SerializeMap = Impossible<Written, InvalidValue>;
    type SerializeStruct = Table;
    type SerializeStructVariant = Impossible<Written, InvalidValue>;

    /// Checking asks a datetime for its seconds; writing, for its text.
    fn is_human_readable(&self) -> bool {
        self.out.is_some()
    }

    fn serialize_str(self, value: &str) -> Result<Written, InvalidValue> {
        let limit = match self.class {
            Class::Passage | Class::Prose => limits::MAX_TEXT_BYTES,
            _ => limits::MAX_SHORT_BYTES,
        };
        validate_len(self.key, value, limit)?;
        if self.class == Class::Uuid {
            validate_id(self.key, value)?;
        }
        let prose = self.class == Class::Prose;
        self.write(|out| match prose {
            true => text_string(value, out),
            false => basic_string(value, out),
        })
    }

    fn serialize_u64(self, value: u64) -> Result<Written, InvalidValue> {
        let offset = usize::try_from(value).unwrap_or(usize::MAX);
        validate_offset(self.key, offset)?;
        self.write(|out| {
            let _ = write!(out, "{value}");
        })
    }

    /// Seconds of a datetime being checked; any other signed number is an offset.
    fn serialize_i64(self, value: i64) -> Result<Written, InvalidValue> {
        if self.class == Class::Datetime {
            let at = jiff::Timestamp::from_second(value)
                .map_err(|err| InvalidValue::new(self.key, err.to_string()))?;
            return validate_timestamp(self.key, at).map(|()| Written::Value);
        }
        match u64::try_from(value) {
            Ok(value) => self.serialize_u64(value),
            Err(_) => Err(InvalidValue::new(self.key, format!("is {value}, not an offset"))),
        }
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<Written, InvalidValue> {
        if self.class != Class::Datetime {
            return self.serialize_str(&value.to_string());
        }
        self.write(|out| {
            let _ = write!(out, "{value}");
        })
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
    ) -> Result<Written, InvalidValue> {
        self.write(|out| basic_string(name, out))
    }

    fn serialize_none(self) -> Result<Written, InvalidValue> {
        Ok(Written::LeftOut)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Written, InvalidValue> {
        value.serialize(self)
    }

    /// A `stored` newtype gives the class. A datetime is checked on its seconds before
    /// its text is written.
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
    ) -> Result<Written, InvalidValue> {
        self.class = Class::of(name).unwrap_or(self.class);
        if self.class == Class::Datetime && self.out.is_some() {
            value.serialize(ValueSerializer {
                key: self.key,
                class: Class::Datetime,
                out: None,
            })?;
        }
        value.serialize(self)
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Table, InvalidValue> {
        let writing = self.out.is_some();
        // Checking, on every annotation read, collects nothing and allocates nothing.
        let fields = if writing {
            Vec::with_capacity(len)
        } else {
            Vec::new()
        };
        Ok(Table { writing, fields })
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Strings<'a>, InvalidValue> {
        if let Some(len) = len.filter(|&len| len > limits::MAX_TAGS) {
            return Err(InvalidValue::new(
                self.key,
                format!("has {len} entries, more than the limit of {}", limits::MAX_TAGS),
            ));
        }
        let mut out = self.out;
        if let Some(out) = out.as_deref_mut() {
            out.push('[');
        }
        Ok(Strings {
            key: self.key,
            out,
            count: 0,
        })
    }

    fn serialize_u8(self, value: u8) -> Result<Written, InvalidValue> {
        self.serialize_u64(value.into())
    }

    fn serialize_u16(self, value: u16) -> Result<Written, InvalidValue> {
        self.serialize_u64(value.into())
    }

    fn serialize_u32(self, value: u32) -> Result<Written, InvalidValue> {
        self.serialize_u64(value.into())
    }

    fn serialize_i8(self, value: i8) -> Result<Written, InvalidValue> {
        self.serialize_i64(value.into())
    }

    fn serialize_i16(self, value: i16) -> Result<Written, InvalidValue> {
        self.serialize_i64(value.into())
    }

    fn serialize_i32(self, value: i32) -> Result<Written, InvalidValue> {
        self.serialize_i64(value.into())
    }

    refuse! {
        serialize_bool(bool) -> Written;
        serialize_f32(f32) -> Written;
        serialize_f64(f64) -> Written;
        serialize_char(char) -> Written;
        serialize_bytes(&[u8]) -> Written;
        serialize_unit() -> Written;
        serialize_unit_struct(&'static str) -> Written;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Written, InvalidValue> {
        Err(unsupported())
    }
}

/// An array's elements: short strings, written `["a", "b"]`.
struct Strings<'a> {
    key: &'static str,
    out: Option<&'a mut String>,
    count: usize,
}

impl ser::SerializeSeq for Strings<'_> {
    type Ok = Written;
    type Error = InvalidValue;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), InvalidValue> {
        if let Some(out) = self.out.as_deref_mut()
            && self.count > 0
        {
            out.push_str(", ");
        }
        self.count += 1;
        value.serialize(ValueSerializer {
            key: self.key,
            class: Class::Short,
            out: self.out.as_deref_mut(),
        })?;
        Ok(())
    }

    fn end(self) -> Result<Written, InvalidValue> {
        if let Some(out) = self.out {
            out.push(']');
        }
        Ok(Written::Value)
    }
}
