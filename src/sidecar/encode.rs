//! The canonical TOML text of sidecar values: key order, string quoting, datetimes and
//! the header comment. Produces text only; editing a parsed file in place is `file.rs`.
//!
//! margent writes its own string encodings rather than toml_edit's defaults so that the
//! layout is stable across crate versions and matches DESIGN §1.4: `exact`, `prefix` and
//! friends as one-line basic strings (`\n` escaped), a note with line breaks as a
//! multi-line basic string.

use std::fmt::Write as _;

use jiff::Timestamp;

use super::model::{DocumentInfo, FORMAT, SCHEMA_VERSION, SidecarData};
use crate::annotation::Annotation;

/// Written at the top of a new sidecar (and kept, like every comment, on rewrites).
pub const HEADER_COMMENT: &str = "\
# Annotations made with margent for the document of the same name (minus
# \".notes.toml\"). Hand edits are welcome: margent keeps comments and keys it does
# not know. Offsets (start, end, position, char_count) count Unicode code points.
";

/// The keys of one `[[annotation]]` table, in the order margent writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnotationKey {
    Id,
    Kind,
    Created,
    Modified,
    Color,
    Exact,
    Prefix,
    Suffix,
    Start,
    End,
    Tags,
    Note,
    Status,
    Author,
}

impl AnnotationKey {
    pub const ALL: [AnnotationKey; 14] = [
        AnnotationKey::Id,
        AnnotationKey::Kind,
        AnnotationKey::Created,
        AnnotationKey::Modified,
        AnnotationKey::Color,
        AnnotationKey::Exact,
        AnnotationKey::Prefix,
        AnnotationKey::Suffix,
        AnnotationKey::Start,
        AnnotationKey::End,
        AnnotationKey::Tags,
        AnnotationKey::Note,
        AnnotationKey::Status,
        AnnotationKey::Author,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AnnotationKey::Id => "id",
            AnnotationKey::Kind => "kind",
            AnnotationKey::Created => "created",
            AnnotationKey::Modified => "modified",
            AnnotationKey::Color => "color",
            AnnotationKey::Exact => "exact",
            AnnotationKey::Prefix => "prefix",
            AnnotationKey::Suffix => "suffix",
            AnnotationKey::Start => "start",
            AnnotationKey::End => "end",
            AnnotationKey::Tags => "tags",
            AnnotationKey::Note => "note",
            AnnotationKey::Status => "status",
            AnnotationKey::Author => "author",
        }
    }

    pub fn from_name(name: &str) -> Option<AnnotationKey> {
        AnnotationKey::ALL.into_iter().find(|key| key.as_str() == name)
    }

    /// Whether the two annotations differ in this key.
    pub fn differs(self, a: &Annotation, b: &Annotation) -> bool {
        match self {
            AnnotationKey::Id => a.id != b.id,
            AnnotationKey::Kind => a.kind != b.kind,
            AnnotationKey::Created => a.created != b.created,
            AnnotationKey::Modified => a.modified != b.modified,
            AnnotationKey::Color => a.color != b.color,
            AnnotationKey::Exact => a.exact != b.exact,
            AnnotationKey::Prefix => a.prefix != b.prefix,
            AnnotationKey::Suffix => a.suffix != b.suffix,
            AnnotationKey::Start => a.start != b.start,
            AnnotationKey::End => a.end != b.end,
            AnnotationKey::Tags => a.tags != b.tags,
            AnnotationKey::Note => a.note != b.note,
            AnnotationKey::Status => a.status != b.status,
            AnnotationKey::Author => a.author != b.author,
        }
    }

    /// The TOML text of this key's value, or `None` when the key is left out
    /// (only `author`, when there is none).
    pub fn value_text(self, annotation: &Annotation) -> Option<String> {
        let mut out = String::new();
        match self {
            AnnotationKey::Id => basic_string(&annotation.id, &mut out),
            AnnotationKey::Kind => basic_string(annotation.kind.as_str(), &mut out),
            AnnotationKey::Created => datetime(annotation.created, &mut out),
            AnnotationKey::Modified => datetime(annotation.modified, &mut out),
            AnnotationKey::Color => basic_string(&annotation.color, &mut out),
            AnnotationKey::Exact => basic_string(&annotation.exact, &mut out),
            AnnotationKey::Prefix => basic_string(&annotation.prefix, &mut out),
            AnnotationKey::Suffix => basic_string(&annotation.suffix, &mut out),
            AnnotationKey::Start => integer(annotation.start, &mut out),
            AnnotationKey::End => integer(annotation.end, &mut out),
            AnnotationKey::Tags => string_array(&annotation.tags, &mut out),
            AnnotationKey::Note => text_string(&annotation.note, &mut out),
            AnnotationKey::Status => basic_string(annotation.status.as_str(), &mut out),
            AnnotationKey::Author => basic_string(annotation.author.as_deref()?, &mut out),
        }
        Some(out)
    }
}

/// The keys of the `[document]` table, in the order margent writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKey {
    FileName,
    Title,
    Encoding,
    ContentHash,
    CharCount,
    Position,
}

impl DocumentKey {
    pub const ALL: [DocumentKey; 6] = [
        DocumentKey::FileName,
        DocumentKey::Title,
        DocumentKey::Encoding,
        DocumentKey::ContentHash,
        DocumentKey::CharCount,
        DocumentKey::Position,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKey::FileName => "file_name",
            DocumentKey::Title => "title",
            DocumentKey::Encoding => "encoding",
            DocumentKey::ContentHash => "content_hash",
            DocumentKey::CharCount => "char_count",
            DocumentKey::Position => "position",
        }
    }

    pub fn from_name(name: &str) -> Option<DocumentKey> {
        DocumentKey::ALL.into_iter().find(|key| key.as_str() == name)
    }

    pub fn differs(self, a: &DocumentInfo, b: &DocumentInfo) -> bool {
        match self {
            DocumentKey::FileName => a.file_name != b.file_name,
            DocumentKey::Title => a.title != b.title,
            DocumentKey::Encoding => a.encoding != b.encoding,
            DocumentKey::ContentHash => a.content_hash != b.content_hash,
            DocumentKey::CharCount => a.char_count != b.char_count,
            DocumentKey::Position => a.position != b.position,
        }
    }

    pub fn value_text(self, info: &DocumentInfo) -> String {
        let mut out = String::new();
        match self {
            DocumentKey::FileName => basic_string(&info.file_name, &mut out),
            DocumentKey::Title => basic_string(&info.title, &mut out),
            DocumentKey::Encoding => basic_string(&info.encoding, &mut out),
            DocumentKey::ContentHash => basic_string(&info.content_hash, &mut out),
            DocumentKey::CharCount => integer(info.char_count, &mut out),
            DocumentKey::Position => integer(info.position, &mut out),
        }
        out
    }
}

/// The whole canonical file: header comment, identity keys, `[document]`, then one
/// `[[annotation]]` table per annotation in the order given (callers sort by id).
pub fn file_text(data: &SidecarData) -> String {
    let mut out = String::with_capacity(512 + data.annotations.len() * 512);
    out.push_str(HEADER_COMMENT);
    let _ = writeln!(out, "format = \"{FORMAT}\"");
    let _ = writeln!(out, "schema_version = {SCHEMA_VERSION}");
    out.push_str("\n[document]\n");
    for key in DocumentKey::ALL {
        let _ = writeln!(out, "{} = {}", key.as_str(), key.value_text(&data.document));
    }
    for annotation in &data.annotations {
        out.push('\n');
        annotation_table_text(annotation, &mut out);
    }
    out
}

/// One `[[annotation]]` table, ending with a newline.
pub fn annotation_table_text(annotation: &Annotation, out: &mut String) {
    out.push_str("[[annotation]]\n");
    for key in AnnotationKey::ALL {
        if let Some(value) = key.value_text(annotation) {
            let _ = writeln!(out, "{} = {value}", key.as_str());
        }
    }
}

/// A UTC datetime with whole seconds: `2026-11-26T09:26:53Z`.
pub fn datetime(timestamp: Timestamp, out: &mut String) {
    let civil = jiff::tz::Offset::UTC.to_datetime(timestamp);
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        civil.year(),
        civil.month(),
        civil.day(),
        civil.hour(),
        civil.minute(),
        civil.second()
    );
}

fn integer(value: usize, out: &mut String) {
    let _ = write!(out, "{value}");
}

fn string_array(values: &[String], out: &mut String) {
    out.push('[');
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        basic_string(value, out);
    }
    out.push(']');
}

/// Free text: a multi-line string when it has line breaks, so notes stay readable.
fn text_string(value: &str, out: &mut String) {
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

    #[test]
    fn datetimes_are_utc_with_whole_seconds() {
        let mut out = String::new();
        datetime("2026-11-26T10:26:53.9+01:00".parse().unwrap(), &mut out);
        assert_eq!(out, "2026-11-26T09:26:53Z");
    }
}
