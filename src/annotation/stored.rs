//! How the values of an annotation are stored: the serde adapters named beside its fields
//! (`#[serde(with = "stored::…")]`), and `keys_of`, which reads a derive's key list.
//!
//! Each adapter wraps its value in a newtype struct with a name of its own (`UUID`,
//! `PASSAGE`, `PROSE`, `DATETIME`), so that a format that cares, the sidecar, knows the
//! value's limit and how to write it; any other format sees through the newtype (a
//! passage is a JSON string, a datetime an RFC 3339 string). No IO.

use std::fmt;

use jiff::Timestamp;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer, forward_to_deserialize_any};

/// An id: a UUID in its canonical lowercase hyphenated form.
pub const UUID: &str = "$margent::uuid";
/// Text quoted from the document: long, kept on one line when written.
pub const PASSAGE: &str = "$margent::passage";
/// Text a person wrote: long, written on several lines when it has line breaks.
pub const PROSE: &str = "$margent::prose";
/// An instant, in whole seconds.
pub const DATETIME: &str = "$margent::datetime";

macro_rules! string_adapter {
    ($module:ident, $name:ident) => {
        pub mod $module {
            use serde::{Deserialize, Deserializer, Serializer};

            pub fn serialize<S: Serializer>(value: &str, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_newtype_struct(super::$name, value)
            }

            pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
                String::deserialize(deserializer)
            }
        }
    };
}

string_adapter!(uuid, UUID);
string_adapter!(passage, PASSAGE);
string_adapter!(prose, PROSE);

/// A `Timestamp` as `DATETIME`: for human-readable formats its RFC 3339 text in whole
/// seconds (`2026-11-26T09:26:53Z`), for others its seconds since 1970. Read back from
/// that text (what JSON holds) or from seconds (what the sidecar's readers hand over).
pub mod datetime {
    use super::*;

    pub fn serialize<S: Serializer>(at: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(DATETIME, &Rfc3339(*at))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        deserializer.deserialize_newtype_struct(DATETIME, TimestampVisitor)
    }

    /// The default of a datetime that must be filled in after reading (`modified`): no
    /// TOML datetime can hold it, so it never stands for a value read.
    pub fn unset() -> Timestamp {
        Timestamp::MIN
    }
}

/// `datetime` for an optional value: `None` is a key left out (or JSON's `null`).
pub mod optional_datetime {
    use super::*;

    pub fn serialize<S: Serializer>(at: &Option<Timestamp>, serializer: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => serializer.serialize_some(&Datetime(*at)),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Timestamp>, D::Error> {
        Ok(Option::<Datetime>::deserialize(deserializer)?.map(|Datetime(at)| at))
    }

    struct Datetime(Timestamp);

    impl Serialize for Datetime {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            datetime::serialize(&self.0, serializer)
        }
    }

    impl<'de> Deserialize<'de> for Datetime {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            datetime::deserialize(deserializer).map(Datetime)
        }
    }
}

/// A timestamp written as the sidecar stores it: UTC, whole seconds.
pub struct Rfc3339(pub Timestamp);

impl fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let civil = jiff::tz::Offset::UTC.to_datetime(self.0);
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            civil.year(),
            civil.month(),
            civil.day(),
            civil.hour(),
            civil.minute(),
            civil.second()
        )
    }
}

impl Serialize for Rfc3339 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_i64(self.0.as_second())
        }
    }
}

struct TimestampVisitor;

impl<'de> Visitor<'de> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date and time with an offset, like 2026-11-26T09:26:53Z")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Timestamp, D::Error> {
        deserializer.deserialize_str(self)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
        text.parse().map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Timestamp, E> {
        Timestamp::from_second(seconds).map_err(E::custom)
    }
}

/// The keys `T`'s derive reads, in the order of its fields, asked of the derive itself:
/// it names them when it asks a deserializer for a struct.
pub fn keys_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut keys: &'static [&'static str] = &[];
    let _ = T::deserialize(KeyLister(&mut keys));
    keys
}

struct KeyLister<'k>(&'k mut &'static [&'static str]);

/// What `KeyLister` answers once it has the keys (or when asked for anything but a struct).
#[derive(Debug)]
struct Listed;

impl fmt::Display for Listed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("only lists a struct's keys")
    }
}

impl std::error::Error for Listed {}

impl de::Error for Listed {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Listed
    }
}

impl<'de> Deserializer<'de> for KeyLister<'_> {
    type Error = Listed;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Listed> {
        Err(Listed)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Listed> {
        *self.0 = fields;
        Err(Listed)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}
