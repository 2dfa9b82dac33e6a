//! Config errors: what a deserialiser or a check found (`Fault`: a `Complaint` at some
//! bytes), what is wrong in words (`Problem`), where in the text (`ParseError`: line and
//! column) and in which file (`ConfigError`). Every message is one line, and the file's
//! own words are sanitised before they reach a message, so a hostile config cannot
//! drive the terminal through an error.

use std::io;
use std::ops::Range;
use std::path::PathBuf;

use crate::sanitize;

/// What is wrong with a config text. The strings in it come from the file and are
/// already sanitised; `place` reads like "in [reader]" or "at the top level".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// Not valid TOML, including a key defined twice.
    #[error("{0}")]
    Syntax(String),
    #[error("unknown key \"{key}\" {place}{hint}")]
    UnknownKey {
        key: String,
        place: String,
        hint: String,
    },
    #[error("unknown action \"{name}\" {place}{hint}")]
    UnknownAction {
        name: String,
        place: String,
        hint: String,
    },
    #[error("\"{key}\" {place} must be {expected}, not {found}")]
    WrongType {
        key: String,
        place: String,
        expected: String,
        found: &'static str,
    },
    #[error("\"{key}\" {place}: {reason}")]
    BadValue {
        key: String,
        place: String,
        reason: String,
    },
}

/// What is wrong at some bytes of the config text, before the key and the table are
/// known: `diagnose::locate` reads those from the document, so deserialisers and checks
/// only say what they found. Words in it are already sanitised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Complaint {
    /// A key no field has; `known` are the table's keys.
    UnknownField {
        known: Vec<String>,
    },
    /// A name that is none of `known` (an action as a key, a choice as a value).
    UnknownVariant {
        known: Vec<String>,
    },
    WrongType {
        expected: String,
    },
    BadValue {
        reason: String,
    },
}

/// A complaint about the bytes `span` of the config text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    pub span: Range<usize>,
    pub complaint: Complaint,
}

impl Fault {
    pub fn bad_value(span: Range<usize>, reason: String) -> Fault {
        Fault {
            span,
            complaint: Complaint::BadValue { reason },
        }
    }
}

/// A problem at a place in the config text (1-based line, column in characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {problem}")]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub problem: Problem,
}

impl ParseError {
    /// Locates `problem` at byte offset `byte` of `text`.
    pub(crate) fn at(text: &str, byte: usize, problem: Problem) -> ParseError {
        let (line, column) = line_and_column(text, byte);
        ParseError {
            line,
            column,
            problem,
        }
    }
}

/// Why the config could not be loaded. `file` is the path as shown to people
/// (sanitised; the default location is shown as `~/…`).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: config file not found")]
    NotFound { path: PathBuf, file: String },
    #[error("{file}: cannot read the config file: {}", shown_io(.source))]
    Read {
        path: PathBuf,
        file: String,
        source: io::Error,
    },
    #[error("{file}:{line}: the config file is not UTF-8 text")]
    NotUtf8 {
        path: PathBuf,
        file: String,
        line: usize,
    },
    #[error("{file}:{error}")]
    Invalid {
        path: PathBuf,
        file: String,
        error: Box<ParseError>,
    },
}

impl ConfigError {
    /// The config file involved.
    pub fn path(&self) -> &std::path::Path {
        match self {
            ConfigError::NotFound { path, .. }
            | ConfigError::Read { path, .. }
            | ConfigError::NotUtf8 { path, .. }
            | ConfigError::Invalid { path, .. } => path,
        }
    }
}

fn shown_io(err: &io::Error) -> String {
    sanitize::inline(&err.to_string()).into_owned()
}

/// 1-based line and column (in characters) of byte offset `byte`, clamped to the text.
pub(crate) fn line_and_column(text: &str, byte: usize) -> (usize, usize) {
    let mut end = byte.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    (line, before[line_start..].chars().count() + 1)
}

pub(crate) use crate::sanitize::shown;
pub(crate) use crate::text::suggest::hint;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_and_count_characters() {
        let text = "a = 1\n中文 = 2\n";
        assert_eq!(line_and_column(text, 0), (1, 1));
        assert_eq!(line_and_column(text, 4), (1, 5));
        assert_eq!(line_and_column(text, 6), (2, 1));
        assert_eq!(line_and_column(text, text.rfind('=').unwrap()), (2, 4));
        assert_eq!(line_and_column(text, 999), (3, 1));
        assert_eq!(line_and_column(text, 7), (2, 1), "inside a character: its start");
    }

    #[test]
    fn messages_name_the_file_line_column_and_key() {
        let err = ConfigError::Invalid {
            path: "c.toml".into(),
            file: "c.toml".into(),
            error: Box::new(ParseError {
                line: 3,
                column: 1,
                problem: Problem::UnknownKey {
                    key: "mesure".into(),
                    place: "in [reader]".into(),
                    hint: String::new(),
                },
            }),
        };
        assert_eq!(err.to_string(), "c.toml:3:1: unknown key \"mesure\" in [reader]");
    }
}
