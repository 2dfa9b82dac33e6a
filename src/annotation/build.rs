//! Making annotations in code (commands, importers, tests): `Annotation::new` gives a new
//! annotation with what a fresh one has, and chainable `with_…` setters say the rest.
//!
//! ```
//! use margent::annotation::{Annotation, Kind};
//!
//! let text = "Slow reading is a conversation with the author.";
//! let note = Annotation::in_text(Kind::Note, text, 18..30)
//!     .with_note("who speaks first?")
//!     .with_tags(["close-reading"]);
//! assert_eq!(note.exact, "conversation");
//! assert_eq!((note.prefix.as_str(), note.suffix.as_str()), ("Slow reading is a ", " with the author."));
//! ```

use std::ops::Range;

use jiff::Timestamp;

use super::{Annotation, CONTEXT_CHARS, DEFAULT_COLOR, Kind, Status, new_id, now, someone};

impl Annotation {
    /// A new annotation of `kind` quoting `exact` at `range` (code points of the
    /// normalised text): a fresh id, created and modified now, the default colour, open,
    /// and no context, tags, note or author.
    pub fn new(kind: Kind, exact: impl Into<String>, range: Range<usize>) -> Annotation {
        let now = now();
        Annotation {
            id: new_id(),
            kind,
            created: now,
            modified: now,
            color: DEFAULT_COLOR.into(),
            exact: exact.into(),
            prefix: String::new(),
            suffix: String::new(),
            start: range.start,
            end: range.end,
            tags: Vec::new(),
            note: String::new(),
            status: Status::Open,
            author: None,
            resolved_by: None,
            resolved_at: None,
        }
    }

    /// `new`, with the quote and its context (`CONTEXT_CHARS` code points either side)
    /// taken from `text`, the normalised text; a range past its end is cut to it.
    pub fn in_text(kind: Kind, text: &str, range: Range<usize>) -> Annotation {
        let byte_at = |offset: usize| {
            text.char_indices()
                .nth(offset)
                .map_or(text.len(), |(byte, _)| byte)
        };
        let end_byte = byte_at(range.end);
        let start_byte = byte_at(range.start).min(end_byte);
        let (prefix, suffix) = context_around(text, start_byte..end_byte);
        Annotation::new(kind, &text[start_byte..end_byte], range).with_context(prefix, suffix)
    }

    pub fn with_id(mut self, id: impl Into<String>) -> Annotation {
        self.id = id.into();
        self
    }

    /// The text just before and just after the quote (W3C TextQuoteSelector).
    pub fn with_context(mut self, prefix: impl Into<String>, suffix: impl Into<String>) -> Annotation {
        self.prefix = prefix.into();
        self.suffix = suffix.into();
        self
    }

    pub fn with_color(mut self, color: impl Into<super::ColorName>) -> Annotation {
        self.color = color.into();
        self
    }

    pub fn with_tags<T: Into<String>>(mut self, tags: impl IntoIterator<Item = T>) -> Annotation {
        self.tags = tags.into_iter().map(Into::into).collect();
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Annotation {
        self.note = note.into();
        self
    }

    pub fn with_status(mut self, status: Status) -> Annotation {
        self.status = status;
        self
    }

    /// Who made it; a blank name (empty or only whitespace) is no author.
    pub fn with_author(mut self, author: Option<String>) -> Annotation {
        self.author = someone(author);
        self
    }

    /// Made at `at`, and not modified since.
    pub fn created_at(mut self, at: Timestamp) -> Annotation {
        self.created = at;
        self.modified = at;
        self
    }

    pub fn modified_at(mut self, at: Timestamp) -> Annotation {
        self.modified = at;
        self
    }
}

/// Up to `CONTEXT_CHARS` code points of `text` before and after the quote at `bytes`.
pub fn context_around(text: &str, bytes: Range<usize>) -> (String, String) {
    let prefix_byte = text[..bytes.start]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(byte, _)| byte);
    let suffix_byte = text[bytes.end..]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(text.len(), |(byte, _)| bytes.end + byte);
    (
        text[prefix_byte..bytes.start].to_string(),
        text[bytes.end..suffix_byte].to_string(),
    )
}
