//! The display layer between the document and layout (DESIGN §1.9): markup (Aozora
//! Bunko notation, …) turns a block's text into display text with styles, unbreakable
//! groups and indents, mapped back to the source so that every offset margent stores
//! stays a code point of the normalised source. Pure; no terminal code.
//!
//! Plain text goes through untouched: its display text is the joined text itself.

pub mod aozora;
pub mod map;
pub mod markdown;
pub mod pages;
#[cfg(test)]
mod props;
pub mod search;

pub use map::{FlushEnd, Mark, Typeset};

/// The markup a document is written in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Markup {
    #[default]
    Plain,
    Aozora(Box<aozora::Context>),
    Markdown(Box<markdown::Context>),
}

impl Markup {
    /// Detects the markup of `text` from its content alone.
    pub fn detect(text: &str) -> Markup {
        Markup::detect_in(text, None)
    }

    /// Detects the markup of `text`, read from `path` (a `.md` name means Markdown).
    pub fn detect_in(text: &str, path: Option<&std::path::Path>) -> Markup {
        if markdown::detect(text, path) {
            Markup::Markdown(Box::new(markdown::Context::new(text)))
        } else if aozora::detect(text) {
            Markup::Aozora(Box::new(aozora::Context::new(text)))
        } else {
            Markup::Plain
        }
    }

    /// The document's numbered links (Markdown): where each starts in the source, and
    /// its address.
    pub fn links(&self) -> &[(usize, String)] {
        match self {
            Markup::Markdown(context) => context.links(),
            _ => &[],
        }
    }

    /// The link whose text is at source byte `byte` (Markdown): a number for it, the
    /// same for every part of it, and its address.
    pub fn link_at(&self, byte: usize) -> Option<(usize, &str)> {
        match self {
            Markup::Markdown(context) => context.link_at(byte),
            _ => None,
        }
    }

    /// Whether headings come only from the markup (not from the plain-text guesses).
    pub fn owns_headings(&self) -> bool {
        matches!(self, Markup::Markdown(_))
    }

    pub fn name(&self) -> &'static str {
        match self {
            Markup::Plain => "plain",
            Markup::Aozora(_) => "aozora",
            Markup::Markdown(_) => "markdown",
        }
    }

    /// The block joined into `inner`, starting at `source_byte`, typeset; `None` when
    /// it is shown as it is.
    pub fn typeset(&self, inner: &str, source_byte: usize, options: MarkupOptions) -> Option<Typeset> {
        match self {
            Markup::Plain => None,
            Markup::Aozora(context) => aozora::typeset(inner, source_byte, context, options),
            Markup::Markdown(context) => markdown::typeset(inner, source_byte, context, options),
        }
    }

    /// A heading the markup makes of a block's text (level, title), for the table of
    /// contents; `source_byte` is where the block starts.
    pub fn heading(&self, block_text: &str, source_byte: usize) -> Option<(u8, String)> {
        match self {
            Markup::Plain => None,
            Markup::Markdown(context) => markdown::heading(block_text, source_byte, context),
            Markup::Aozora(_) if !block_text.contains("見出し") => None,
            Markup::Aozora(context) => {
                let typeset = aozora::typeset(block_text, usize::MAX, context, MarkupOptions::hidden())?;
                let level = typeset.heading?;
                Some((level, typeset.as_str().trim().to_string()))
            }
        }
    }
}

/// How ruby readings are shown (config `[reader] reading`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reading {
    /// After the base, in brackets, dimmer: `漢字（かんじ）`.
    #[default]
    Inline,
    /// Not shown.
    Hide,
    /// As written: `漢字《かんじ》`.
    Raw,
}

/// What typesetting depends on besides the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkupOptions {
    pub reading: Reading,
    /// Show the notes that are normally hidden (the reader's `R`).
    pub reveal_notes: bool,
    pub width_cols: usize,
}

impl MarkupOptions {
    /// Readings and notes hidden: the text as search sees it.
    pub fn hidden() -> MarkupOptions {
        MarkupOptions {
            reading: Reading::Hide,
            reveal_notes: false,
            width_cols: usize::MAX,
        }
    }
}
