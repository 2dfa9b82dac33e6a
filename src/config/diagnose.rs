//! From toml's and serde's errors to margent's one-line messages. A serde error is only
//! a message and a span, so the key and its table are read back from the parsed
//! document at that span (`locate`), and serde's standard wordings ("unknown field",
//! "invalid type", "unknown variant") become `Complaint`s with a "did you mean". Pure.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::error::{Complaint, Fault, ParseError, Problem, hint, shown};
use crate::sanitize;

/// toml's own message for text that is not TOML, one line, without the quoted source
/// line its `Display` adds.
pub(crate) fn syntax_error(text: &str, err: &toml::de::Error) -> ParseError {
    let span = err.span().unwrap_or(0..0);
    let mut message = sanitize::inline(err.message()).into_owned();
    // "duplicate key" points at the key: name it.
    if let Some(key) = text.get(span.clone()).filter(|key| !key.is_empty())
        && message == "duplicate key"
    {
        message = format!("duplicate key {}", quoted(key));
    }
    ParseError::at(text, span.start, Problem::Syntax(message))
}

/// A key as written, quoted once: `name` → "name", `"a b"` stays "a b".
fn quoted(key: &str) -> String {
    let bare = key.trim_matches(|c| c == '"' || c == '\'');
    format!("\"{}\"", shown(bare))
}

/// What a serde error complains about. The wordings matched are serde's own
/// (`de::Error::unknown_field` and friends); anything else is our deserialisers'
/// reason, said as it is.
pub(crate) fn serde_fault(err: &toml::de::Error) -> Fault {
    let message = err.message();
    let complaint = if message.starts_with("unknown field `") {
        Complaint::UnknownField {
            known: names_expected(message),
        }
    } else if message.starts_with("unknown variant `") {
        Complaint::UnknownVariant {
            known: names_expected(message),
        }
    } else if message.starts_with("invalid type: ") {
        Complaint::WrongType {
            expected: expected(message),
        }
    } else {
        Complaint::BadValue {
            reason: sanitize::inline(message).into_owned(),
        }
    };
    Fault {
        span: err.span().unwrap_or(0..0),
        complaint,
    }
}

/// The names in "…, expected one of `a`, `b`" (or "`a` or `b`", or "`a`"). Searched
/// from the end: the word before it comes from the file and may hold anything.
fn names_expected(message: &str) -> Vec<String> {
    let Some((_, list)) = message.rsplit_once("`, expected ") else {
        return Vec::new();
    };
    list.split('`').skip(1).step_by(2).map(String::from).collect()
}

/// What "invalid type: …, expected X" expected, in the words of margent's messages.
/// Our own deserialisers already say it that way (`expecting`); the serde primitives
/// the config reads (`bool`, `BTreeMap`, `i128`) have names of their own.
fn expected(message: &str) -> String {
    let said = message.rsplit_once(", expected ").map_or("", |(_, said)| said);
    let words = match said {
        "a boolean" => "true or false",
        "a map" => "a table",
        "i128" => "an integer",
        said => said,
    };
    sanitize::inline(words).into_owned()
}

/// `fault` as a message naming the key and its table, at its line and column.
pub(crate) fn locate(text: &str, document: &DeTable<'_>, fault: Fault) -> ParseError {
    let mut path = Vec::new();
    let found = find(document, fault.span.start, &mut path);
    let raw_key = path.pop().unwrap_or_default();
    let (key, place) = (shown(raw_key), place(&path));
    let problem = match (fault.complaint, found) {
        (Complaint::UnknownField { known }, _) => Problem::UnknownKey {
            key,
            place,
            hint: hint(raw_key, &as_strs(&known)),
        },
        // The only tables whose keys are names of an enum are the keymaps.
        (Complaint::UnknownVariant { known }, Found::Key) => Problem::UnknownAction {
            name: key,
            place,
            hint: hint(raw_key, &as_strs(&known)),
        },
        (Complaint::UnknownVariant { known }, found) => Problem::BadValue {
            key,
            place,
            reason: unknown_choice(found.string().unwrap_or_default(), &as_strs(&known)),
        },
        (Complaint::WrongType { expected }, found) => Problem::WrongType {
            key,
            place,
            expected,
            found: found.a_type(),
        },
        (Complaint::BadValue { reason }, _) => Problem::BadValue { key, place, reason },
    };
    ParseError::at(text, fault.span.start, problem)
}

fn as_strs(names: &[String]) -> Vec<&str> {
    names.iter().map(String::as_str).collect()
}

/// "in [palette.yellow]", or "at the top level".
fn place(tables: &[&str]) -> String {
    if tables.is_empty() {
        "at the top level".to_string()
    } else {
        format!("in [{}]", shown(&tables.join(".")))
    }
}

/// "unknown value", with the nearest choice or else all of them (there are few).
fn unknown_choice(word: &str, choices: &[&str]) -> String {
    let mut reason = format!("unknown value \"{}\"", shown(word));
    match hint(word, choices) {
        near if near.starts_with(" (did") => reason.push_str(&near),
        _ => reason.push_str(&format!(" (expected one of: {})", choices.join(", "))),
    }
    reason
}

/// What a byte of the text belongs to.
#[derive(Debug, Clone, Copy)]
enum Found<'a, 'i> {
    Key,
    Value(&'a DeValue<'i>),
    Nothing,
}

impl<'a> Found<'a, '_> {
    fn string(self) -> Option<&'a str> {
        match self {
            Found::Value(DeValue::String(word)) => Some(word.as_ref()),
            _ => None,
        }
    }

    /// The TOML type of the value, with its article, for messages.
    fn a_type(self) -> &'static str {
        match self {
            Found::Value(DeValue::String(_)) => "a string",
            Found::Value(DeValue::Integer(_)) => "an integer",
            Found::Value(DeValue::Float(_)) => "a float",
            Found::Value(DeValue::Boolean(_)) => "a boolean",
            Found::Value(DeValue::Datetime(_)) => "a date-time",
            Found::Value(DeValue::Array(_)) => "an array",
            Found::Value(DeValue::Table(_)) => "a table",
            Found::Key | Found::Nothing => "a key",
        }
    }
}

/// The entry, at any depth, whose key or value holds byte `at`; `path` ends up as the
/// tables down to it and its key. toml's tables are sorted by name and a table's own
/// span may be just its header, so every entry is searched, not only enclosing spans.
fn find<'a, 'i>(table: &'a DeTable<'i>, at: usize, path: &mut Vec<&'a str>) -> Found<'a, 'i> {
    for (key, value) in table {
        path.push(key.get_ref().as_ref());
        if holds(key.span(), at) {
            return Found::Key;
        }
        let inner = match value.get_ref() {
            DeValue::Table(inner) => find(inner, at, path),
            DeValue::Array(items) => items
                .iter()
                .find(|item| holds(item.span(), at))
                .map_or(Found::Nothing, |item| Found::Value(item.get_ref())),
            _ => Found::Nothing,
        };
        match inner {
            Found::Nothing if holds(value.span(), at) => return Found::Value(value.get_ref()),
            Found::Nothing => {}
            found => return found,
        }
        path.pop();
    }
    Found::Nothing
}

fn holds(span: Range<usize>, at: usize) -> bool {
    span.start <= at && at < span.end.max(span.start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(text: &str, at: &str, complaint: Complaint) -> String {
        let start = text.find(at).unwrap();
        let document = DeTable::parse(text).unwrap();
        let fault = Fault {
            span: start..start + at.len(),
            complaint,
        };
        locate(text, document.get_ref(), fault).to_string()
    }

    fn bad(reason: &str) -> Complaint {
        Complaint::BadValue {
            reason: reason.to_string(),
        }
    }

    #[test]
    fn serdes_lists_of_names_are_read_back() {
        let names = |message: &str| names_expected(message);
        assert_eq!(names("unknown field `x`, expected `a`"), ["a"]);
        assert_eq!(names("unknown field `x`, expected `a` or `b`"), ["a", "b"]);
        assert_eq!(
            names("unknown variant `x`, expected one of `a`, `b`, `c`"),
            ["a", "b", "c"]
        );
        assert_eq!(
            names("unknown field `a`, expected `b`, expected `c`"),
            ["c"],
            "the file's word is first"
        );
        assert!(names("unknown field `x`, there are no fields").is_empty());
    }

    #[test]
    fn serdes_primitive_names_read_as_margent_words() {
        assert_eq!(
            expected("invalid type: string \"x\", expected a boolean"),
            "true or false"
        );
        assert_eq!(expected("invalid type: integer `1`, expected a map"), "a table");
        assert_eq!(
            expected("invalid type: string \"1\", expected i128"),
            "an integer"
        );
        assert_eq!(expected("invalid type: map, expected a string"), "a string");
    }

    #[test]
    fn the_key_and_its_table_are_found_from_the_span() {
        let text = "top = 1\n[keys.normal]\nquit = ['q', 'x']\n[palette.red]\nno_color = { bold = 1 }\n";
        assert_eq!(
            located(text, "top", bad("no")),
            "1:1: \"top\" at the top level: no"
        );
        assert_eq!(
            located(text, "'x'", bad("no")),
            "3:14: \"quit\" in [keys.normal]: no"
        );
        assert_eq!(
            located(text, "1 }", bad("no")),
            "5:21: \"bold\" in [palette.red.no_color]: no"
        );
        let wrong = Complaint::WrongType {
            expected: "a string".to_string(),
        };
        assert_eq!(
            located(text, "['q'", wrong),
            "3:8: \"quit\" in [keys.normal] must be a string, not an array"
        );
    }

    #[test]
    fn an_unknown_name_is_an_action_as_a_key_and_a_choice_as_a_value() {
        let text = "[keys.normal]\nquitt = 'q'\n[sidecar]\nlocation = 'dta'\n";
        let unknown = || Complaint::UnknownVariant {
            known: vec!["quit".to_string(), "data".to_string()],
        };
        assert_eq!(
            located(text, "quitt", unknown()),
            "2:1: unknown action \"quitt\" in [keys.normal] (did you mean \"quit\"?)"
        );
        assert_eq!(
            located(text, "'dta'", unknown()),
            "4:12: \"location\" in [sidecar]: unknown value \"dta\" (did you mean \"data\"?)"
        );
    }
}
