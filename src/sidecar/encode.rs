//! The canonical TOML text of a sidecar: the header comment, the tables, and how strings
//! are quoted. Which keys a table has, in what order, comes from its struct (`ser.rs`
//! walks it); editing a parsed file in place is `file.rs`. Produces text only.
//!
//! margent writes its own string encodings rather than toml_edit's defaults so that the
//! layout is stable across crate versions and matches DESIGN §1.4: `exact`, `prefix` and
//! friends as one-line basic strings (`\n` escaped), a note with line breaks as a
//! multi-line basic string.

use std::fmt::Write as _;

use serde::Serialize;

use super::model::{FORMAT, InvalidValue, SCHEMA_VERSION, SidecarData};
use super::ser;
use crate::annotation::Annotation;

/// Written at the top of a new sidecar (and kept, like every comment, on rewrites).
pub const HEADER_COMMENT: &str = "\
# Annotations made with margent for the document of the same name (minus
# \".notes.toml\"). Hand edits are welcome: margent keeps comments and keys it does
# not know. Offsets (start, end, position, char_count) count Unicode code points.
";

/// The whole canonical file: header comment, identity keys, `[document]`, then one
/// `[[annotation]]` table per annotation in the order given (callers sort by id); or the
/// first value the file cannot hold.
pub fn file_text(data: &SidecarData) -> Result<String, InvalidValue> {
    let mut out = String::with_capacity(512 + data.annotations.len() * 512);
    out.push_str(HEADER_COMMENT);
    let _ = writeln!(out, "format = \"{FORMAT}\"");
    let _ = writeln!(out, "schema_version = {SCHEMA_VERSION}");
    out.push_str("\n[document]\n");
    push_fields(&data.document, &mut out)?;
    for annotation in &data.annotations {
        out.push('\n');
        annotation_table_text(annotation, &mut out)?;
    }
    Ok(out)
}

/// One `[[annotation]]` table, ending with a newline.
pub fn annotation_table_text(annotation: &Annotation, out: &mut String) -> Result<(), InvalidValue> {
    out.push_str("[[annotation]]\n");
    push_fields(annotation, out)
}

/// `key = value` lines, in the order of the fields, leaving out those without a value.
fn push_fields(table: &impl Serialize, out: &mut String) -> Result<(), InvalidValue> {
    for (key, value) in ser::fields(table)? {
        if let Some(value) = value {
            let _ = writeln!(out, "{key} = {value}");
        }
    }
    Ok(())
}

/// Free text: a multi-line string when it has line breaks, so notes stay readable.
pub fn text_string(value: &str, out: &mut String) {
    if value.contains('\n') {
        multiline_string(value, out);
    } else {
        basic_string(value, out);
    }
}

/// A one-line basic string: `"` and `\` escaped, and every control character.
pub fn basic_string(value: &str, out: &mut String) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => push_char_escaping_controls(c, out, false),
        }
    }
    out.push('"');
}

/// A multi-line basic string: `"""`, a line break (which TOML drops), the text with raw
/// line breaks. A `"` is escaped when another `"` or the closing delimiter follows it,
/// so no run of three quotes can end the string early.
pub fn multiline_string(value: &str, out: &mut String) {
    out.push_str("\"\"\"\n");
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if matches!(chars.peek(), None | Some('"')) => out.push_str("\\\""),
            '"' => out.push('"'),
            '\\' => out.push_str("\\\\"),
            c => push_char_escaping_controls(c, out, true),
        }
    }
    out.push_str("\"\"\"");
}

/// TOML allows tab raw in basic strings and line feed raw in multi-line ones; every
/// other control (including CR, which a parser may not keep, and the C1 controls, which
/// TOML allows raw but a terminal showing the file would obey) is escaped.
fn push_char_escaping_controls(c: char, out: &mut String, multiline: bool) {
    match c {
        '\n' if multiline => out.push('\n'),
        '\t' => out.push('\t'),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        c if c.is_control() => {
            let _ = write!(out, "\\u{:04X}", u32::from(c));
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(value: &str) -> String {
        let mut out = String::new();
        basic_string(value, &mut out);
        out
    }

    fn multiline(value: &str) -> String {
        let mut out = String::new();
        multiline_string(value, &mut out);
        out
    }

    #[test]
    fn basic_strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(basic(r#"say "hi" \o/"#), r#""say \"hi\" \\o/""#);
        assert_eq!(basic("a\nb\r\u{1b}\u{7f}\tc"), r#""a\nb\r\u001B\u007F	c""#);
        assert_eq!(basic("中文"), "\"中文\"");
    }

    #[test]
    fn multiline_strings_keep_line_breaks_and_never_close_early() {
        assert_eq!(multiline("one\ntwo"), "\"\"\"\none\ntwo\"\"\"");
        assert_eq!(multiline("a\"\"\"b\n"), "\"\"\"\na\\\"\\\"\"b\n\"\"\"");
        assert_eq!(multiline("ends with \""), "\"\"\"\nends with \\\"\"\"\"");
    }

    #[test]
    fn encoded_strings_parse_back_to_the_same_text() {
        let hostile = "x\"\"\"y\\z\n\r\n\u{0}\u{1f}\u{7f}\t\"\n\"\"";
        for text in [basic(hostile), multiline(hostile)] {
            let value: toml_edit::Value = text.parse().unwrap();
            assert_eq!(value.as_str(), Some(hostile), "{text}");
        }
    }
}
