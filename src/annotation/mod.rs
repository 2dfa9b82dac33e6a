//! The annotation data model shared by the sidecar, anchoring, exports and the reader.
//! Plain data: no IO, no terminal. Field names and meanings follow DESIGN §1.4.
//!
//! Annotations are made in code with `Annotation::new` and its `with_…` setters
//! (`build.rs`), and kept `normalised`: a blank name is no name, and times are in whole
//! seconds, as the sidecar stores them.

mod build;

pub use build::context_around;

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;

/// What an annotation is for. Stored as `kind = "highlight" | "note" | "mark"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Highlight,
    Note,
    Mark,
}

/// Review state of an annotation. Stored as `status = "open" | "resolved"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Status {
    #[default]
    Open,
    Resolved,
}

/// One annotation as stored in the sidecar. Offsets count code points of the
/// normalised text and form a half-open range (W3C TextPositionSelector).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// UUIDv7 in its hyphenated text form: time-ordered, so sorting by id sorts by creation.
    pub id: String,
    pub kind: Kind,
    pub created: Timestamp,
    pub modified: Timestamp,
    /// A palette name from the config, never an escape code.
    pub color: String,
    /// W3C TextQuoteSelector: the quoted text and up to 32 code points either side.
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    /// W3C TextPositionSelector, code points, half-open.
    pub start: usize,
    pub end: usize,
    pub tags: Vec<String>,
    pub note: String,
    pub status: Status,
    /// Who made it: set on every annotation made while an author is configured.
    pub author: Option<String>,
}

/// Code points of context kept before and after a quote.
pub const CONTEXT_CHARS: usize = 32;

/// Colour of an annotation whose `color` was left out by a hand edit, and of one built
/// in code without a colour.
pub const DEFAULT_COLOR: &str = "yellow";

impl Annotation {
    /// The annotation as margent keeps it: a blank `author` is no name, and times are cut
    /// to whole seconds (the sidecar stores seconds).
    pub fn normalised(mut self) -> Annotation {
        let whole = |at: Timestamp| Timestamp::from_second(at.as_second()).unwrap_or(at);
        self.created = whole(self.created);
        self.modified = whole(self.modified);
        self.author = someone(self.author);
        self
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
