//! The annotation: what one holds, and the one definition of the keys it is stored under
//! (DESIGN §1.4). Plain data: no IO, no terminal.
//!
//! `Annotation`'s fields, in their order, *are* the sidecar's keys in §1.4's order, and
//! nothing else in margent spells them out. Every part that reads or writes annotations
//! goes through the serde derive below:
//! - the sidecar's readers (toml_edit, which knows where each value is, and the fast path)
//!   turn a table into a list of keys and values and hand it to `Deserialize`;
//! - the sidecar's encoder and its validator are serde `Serializer`s walking the fields;
//! - the JSON export serialises it; merge compares whole annotations;
//! - `Annotation::keys()`, read off the derive, tells known keys from a person's own.
//!
//! How a value is stored is said beside its field. A plain `String` is a short string and
//! an integer a code-point offset; the adapters of `stored` mark an id, a passage quoted
//! from the text, a person's prose and a datetime, which the sidecar maps to its limits
//! and its TOML (for JSON they are plain strings). A key a hand edit may leave out has a
//! `default`; an `Option` that is `None` is a key left out of the sidecar (TOML has no
//! null) and a `null` in JSON. So a new optional key is one new field here.
//!
//! Two rules the derive cannot say are applied after it, in `Deserialize`: a missing
//! `modified` means `created`, and `normalised` (a blank name is no name; times in whole
//! seconds), which the builder and the sidecar apply to annotations made in code too.
//!
//! Code makes annotations with `Annotation::new` and chainable `with_…` setters
//! (`build.rs`), never by writing out every field.

mod build;
mod color;
pub mod stored;

pub use build::context_around;
pub use color::ColorName;

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What an annotation is for. Stored as `kind = "highlight" | "note" | "mark"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Highlight,
    Note,
    Mark,
}

/// Review state of an annotation. Stored as `status = "open" | "resolved"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Open,
    Resolved,
}

/// One annotation as stored in the sidecar. Offsets count code points of the
/// normalised text and form a half-open range (W3C TextPositionSelector).
///
/// `remote = "Self"` makes the derive write inherent `Annotation::serialize` and
/// `Annotation::deserialize` functions; the trait impls below call them, and
/// `Deserialize` then applies the rules the derive cannot say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Annotation {
    /// UUIDv7 in its hyphenated text form: time-ordered, so sorting by id sorts by creation.
    #[serde(with = "stored::uuid")]
    pub id: String,
    pub kind: Kind,
    #[serde(with = "stored::datetime")]
    pub created: Timestamp,
    /// Left out by a hand edit: the same as `created`.
    #[serde(with = "stored::datetime", default = "stored::datetime::unset")]
    pub modified: Timestamp,
    /// A palette name from the config, never an escape code.
    #[serde(default = "default_color")]
    pub color: ColorName,
    /// W3C TextQuoteSelector: the quoted text and up to 32 code points either side.
    #[serde(with = "stored::passage", default)]
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    /// W3C TextPositionSelector, code points, half-open.
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(with = "stored::prose", default)]
    pub note: String,
    #[serde(default)]
    pub status: Status,
    /// Who made it: set on every annotation made while an author is configured.
    #[serde(default)]
    pub author: Option<String>,
    /// Who resolved it, and when.
    #[serde(default)]
    pub resolved_by: Option<String>,
    #[serde(with = "stored::optional_datetime", default)]
    pub resolved_at: Option<Timestamp>,
}

/// Code points of context kept before and after a quote.
pub const CONTEXT_CHARS: usize = 32;

/// Colour of an annotation whose `color` was left out by a hand edit, and of one built
/// in code without a colour.
pub const DEFAULT_COLOR: &str = "yellow";

fn default_color() -> ColorName {
    ColorName::from(DEFAULT_COLOR)
}

impl Serialize for Annotation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Annotation::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Annotation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Annotation, D::Error> {
        let mut annotation = Annotation::deserialize(deserializer)?;
        if annotation.modified == stored::datetime::unset() {
            annotation.modified = annotation.created;
        }
        Ok(annotation.normalised())
    }
}

/// An annotation shared between the sidecar and the reader compares as its value.
impl PartialEq<Annotation> for std::sync::Arc<Annotation> {
    fn eq(&self, other: &Annotation) -> bool {
        **self == *other
    }
}

impl AsRef<Annotation> for Annotation {
    fn as_ref(&self) -> &Annotation {
        self
    }
}

impl Annotation {
    /// The key of `id`, which names an annotation within a file.
    pub const ID_KEY: &'static str = "id";

    /// The keys an annotation is stored under, in the order they are written.
    pub fn keys() -> &'static [&'static str] {
        stored::keys_of::<Annotation>()
    }

    /// The annotation as margent keeps it: a blank `author` or `resolved_by` is no name,
    /// and times are cut to whole seconds (the sidecar stores seconds).
    pub fn normalised(mut self) -> Annotation {
        let whole = |at: Timestamp| Timestamp::from_second(at.as_second()).unwrap_or(at);
        self.created = whole(self.created);
        self.modified = whole(self.modified);
        self.resolved_at = self.resolved_at.map(whole);
        self.author = someone(self.author);
        self.resolved_by = someone(self.resolved_by);
        self
    }

    /// Sets the review status: resolving records who (when someone is named) and when;
    /// opening again forgets both.
    pub fn set_status(&mut self, status: Status, by: Option<String>, at: Timestamp) {
        self.status = status;
        (self.resolved_by, self.resolved_at) = match status {
            Status::Resolved => (someone(by), Some(at)),
            Status::Open => (None, None),
        };
    }

    /// The rule between fields that no single value can break: the range ends at or after
    /// its start. `Err((key, reason))` names the key at fault.
    pub fn check_range(&self) -> Result<(), (&'static str, String)> {
        if self.start > self.end {
            return Err(("end", format!("({}) is before start ({})", self.end, self.start)));
        }
        Ok(())
    }
}

/// A name that is empty or only whitespace names nobody.
fn someone(name: Option<String>) -> Option<String> {
    name.filter(|name| !name.trim().is_empty())
}

/// A fresh time-ordered id for a new annotation.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().hyphenated().to_string()
}

/// The current time truncated to whole seconds, as the sidecar stores it.
pub fn now() -> Timestamp {
    let now = Timestamp::now();
    Timestamp::from_second(now.as_second()).unwrap_or(now)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?} (expected one of: {expected})")]
pub struct UnknownName {
    pub what: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Highlight, Kind::Note, Kind::Mark];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Highlight => "highlight",
            Kind::Note => "note",
            Kind::Mark => "mark",
        }
    }
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Resolved => "resolved",
        }
    }

    pub fn toggled(self) -> Status {
        match self {
            Status::Open => Status::Resolved,
            Status::Resolved => Status::Open,
        }
    }
}

impl FromStr for Kind {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or_else(|| UnknownName {
                what: "kind",
                value: s.to_string(),
                expected: "highlight, note, mark",
            })
    }
}

impl FromStr for Status {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "open" => Ok(Status::Open),
            "resolved" => Ok(Status::Resolved),
            _ => Err(UnknownName {
                what: "status",
                value: s.to_string(),
                expected: "open, resolved",
            }),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests;
