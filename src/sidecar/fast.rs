//! A fast reader for sidecars in margent's own layout, because toml_edit needs ~100 ms
//! for 10,000 annotations. It finds where the head (identity keys, `[document]`) ends
//! and reads each `[[annotation]]` table into entries for the annotation's serde derive
//! (`de.rs`, as the toml_edit reader does), accepting only a strict subset of TOML: bare
//! keys, basic, literal and multi-line strings of both kinds, plain integers, `YYYY-MM-DDTHH:MM:SSZ`
//! datetimes, booleans, one-line arrays of strings, comments, LF line ends. Anything else,
//! and any invalid value, gives `None`: the caller then uses the full toml_edit reader,
//! which is authoritative and reports errors. The head is always read by toml_edit.

use std::ops::Range;
use std::sync::Arc;

use jiff::Timestamp;

use super::de::{self, Entry, Spanned, Value};
use super::model::{self, limits};
use super::schema::ANNOTATION;
use crate::annotation::Annotation;

/// Where the parts of a file are, and the annotations of its tables (in file order).
pub(crate) struct Layout {
    pub head: Range<usize>,
    /// Each table's text, from the blank lines and comments above its header to the end
    /// of its last line.
    pub tables: Vec<Range<usize>>,
    /// Each table's annotation (kept apart from the ranges: no copy to split them).
    pub annotations: Vec<Arc<Annotation>>,
    /// Blank lines and comments after the last table.
    pub tail: Range<usize>,
}

/// `tables`: how many tables the file has, or about (the vectors' first capacity).
pub(crate) fn read(text: &str, tables: usize) -> Option<Layout> {
    read_on(text, tables, crate::par::threads())
}

/// `read`, the tables cut into parts for `threads` threads.
pub(crate) fn read_on(text: &str, tables: usize, threads: usize) -> Option<Layout> {
    let mut cursor = Cursor { text, at: 0 };
    let mut head_end = 0;
    let mut decor_start = None;
    while cursor.at < text.len() {
        let line_start = cursor.at;
        match cursor.line()? {
            Line::Decor => {
                decor_start.get_or_insert(line_start);
            }
            Line::AnnotationHeader => {
                cursor.at = line_start;
                break;
            }
            Line::Header | Line::KeyValue(..) => {
                decor_start = None;
                head_end = cursor.at;
            }
        }
    }
    let parts = parts(text, cursor.at, threads);
    let several = parts.len() > 1;
    let share = tables / parts.len().max(1) + 1;
    let read = crate::par::map_chunks(parts, |part| read_tables(&text[..part.end], part.start, share));
    let mut ranges = Vec::with_capacity(tables);
    let mut annotations = Vec::with_capacity(tables);
    // A part's first table starts with the blank lines and comments that end the part
    // before it.
    let mut table_start = decor_start.unwrap_or(head_end);
    for part in read {
        let Some(part) = part else {
            // A cut inside a string (a note quoting a header line), or a table that
            // does not read: in one part, it is as if there were no cuts.
            return if several { read_on(text, tables, 1) } else { None };
        };
        for (index, range) in part.ranges.into_iter().enumerate() {
            ranges.push(if index == 0 { table_start..range.end } else { range });
        }
        annotations.extend(part.annotations);
        table_start = part.next_start.unwrap_or(table_start);
    }
    let tables = ranges;
    if tables.len() > limits::max_annotations() {
        return None;
    }
    let tail_start = if tables.is_empty() { head_end } else { table_start };
    Some(Layout {
        head: 0..head_end,
        tables,
        annotations,
        tail: tail_start..text.len(),
    })
}

/// Tables read from one part of the file.
struct Tables {
    ranges: Vec<Range<usize>>,
    annotations: Vec<Arc<Annotation>>,
    /// Where the blank lines and comments after the last table start (`None`: no table).
    next_start: Option<usize>,
}

/// Reads the tables of `text` from `from` (the start of a header line) to its end.
fn read_tables(text: &str, from: usize, capacity: usize) -> Option<Tables> {
    let mut cursor = Cursor { text, at: from };
    let mut tables = Tables {
        ranges: Vec::with_capacity(capacity),
        annotations: Vec::with_capacity(capacity),
        next_start: None,
    };
    let mut table_start = from;
    while cursor.at < text.len() {
        let (annotation, content_end, next_decor) = cursor.table()?;
        tables.ranges.push(table_start..content_end);
        tables.annotations.push(Arc::new(annotation));
        table_start = next_decor;
        tables.next_start = Some(next_decor);
    }
    Some(tables)
}

/// Below this many bytes of tables, one thread reads them all.
const ONE_PART: usize = 1 << 20;

/// The tables' bytes (from `body`) cut into parts read on all cores, each starting at
/// an `[[annotation]]` line. A cut that falls inside a multi-line string leaves the part
/// before it ending inside that string, which then does not read: the caller falls back
/// to the whole-file reader, so a cut never changes what is read. Four parts per core:
/// the parts' annotations are moved into one list a part at a time, and a small part is
/// a small second copy.
fn parts(text: &str, body: usize, threads: usize) -> Vec<Range<usize>> {
    const HEADER: &[u8] = b"\n[[annotation]]\n";
    let len = text.len() - body;
    let count = (threads * 4).min(len / ONE_PART);
    let mut starts = vec![body];
    if threads < 2 || count < 2 {
        return Vec::from_iter(std::iter::once(body..text.len()));
    }
    for n in 1..count {
        let target = (body + len / count * n).max(*starts.last().unwrap_or(&body));
        if let Some(found) = memchr::memmem::find(&text.as_bytes()[target..], HEADER) {
            let cut = target + found + 1;
            if cut > *starts.last().unwrap_or(&body) {
                starts.push(cut);
            }
        }
    }
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    starts.iter().zip(ends).map(|(&start, end)| start..end).collect()
}

enum Line<'t> {
    /// Blank or only a comment.
    Decor,
    AnnotationHeader,
    /// Any other table header (only allowed in the head, which toml_edit reads).
    Header,
    KeyValue(&'t str, Value),
}

struct Cursor<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Cursor<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.at..]
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.at += token.len();
        }
        found
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// Spaces, an optional comment, then the end of the line (or of the file).
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_spaces();
        if self.eat("#") {
            let rest = self.rest();
            let len = rest.find('\n').unwrap_or(rest.len());
            // TOML comments may hold any character but the controls (tab aside).
            if rest[..len].chars().any(|c| c.is_control() && c != '\t') {
                return None;
            }
            self.at += len;
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.at += 1;
                Some(())
            }
            Some(_) => None,
        }
    }

    fn line(&mut self) -> Option<Line<'t>> {
        self.skip_spaces();
        match self.peek() {
            None | Some(b'\n' | b'#') => self.end_of_line().map(|()| Line::Decor),
            Some(b'[') if self.eat("[[annotation]]") => self.end_of_line().map(|()| Line::AnnotationHeader),
            Some(b'[') => {
                // Headers cannot span lines; toml_edit checks the head's properly.
                let rest = self.rest();
                self.at += rest.find('\n').map_or(rest.len(), |newline| newline + 1);
                Some(Line::Header)
            }
            Some(_) => {
                let key = self.bare_key()?;
                self.skip_spaces();
                self.eat("=").then_some(())?;
                self.skip_spaces();
                let value = self.value()?;
                self.end_of_line()?;
                Some(Line::KeyValue(key, value))
            }
        }
    }

    /// One `[[annotation]]` table, from its header: its annotation, where its content
    /// ends, and where the blank lines and comments after it start (the next table's
    /// decoration, or the tail).
    fn table(&mut self) -> Option<(Annotation, usize, usize)> {
        let mut entries = Vec::with_capacity(16);
        let mut header_seen = false;
        let mut content_end = self.at;
        let mut decor_start = None;
        while self.at < self.text.len() {
            let line_start = self.at;
            match self.line()? {
                Line::Decor => {
                    decor_start.get_or_insert(line_start);
                    continue;
                }
                Line::AnnotationHeader if header_seen => {
                    self.at = line_start;
                    break;
                }
                Line::AnnotationHeader => header_seen = true,
                Line::Header => return None,
                Line::KeyValue(key, value) => {
                    header_seen.then_some(())?;
                    entries.push(Entry {
                        key,
                        value: Spanned { value, span: None },
                    });
                }
            }
            decor_start = None;
            content_end = self.at;
        }
        Some((
            annotation(entries)?,
            content_end,
            decor_start.unwrap_or(content_end),
        ))
    }

    fn bare_key(&mut self) -> Option<&'t str> {
        let rest = self.rest();
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
            .count();
        (len > 0).then_some(())?;
        self.at += len;
        Some(&rest[..len])
    }

    fn value(&mut self) -> Option<Value> {
        match self.peek()? {
            b'"' if self.rest().starts_with("\"\"\"") => self.multiline_string().map(Value::Str),
            b'"' => self.basic_string().map(Value::Str),
            // Hand-typed `'literal'` strings stay on this path: the other is far slower.
            b'\'' if self.rest().starts_with("'''") => self.multiline_literal().map(Value::Str),
            b'\'' => self.literal_string().map(Value::Str),
            b'[' => self.strings().map(Value::Array),
            b't' if self.eat("true") => Some(Value::Other("boolean")),
            b'f' if self.eat("false") => Some(Value::Other("boolean")),
            b'0'..=b'9' => self
                .datetime()
                .map(|at| Value::Datetime(Some(at)))
                .or_else(|| self.integer().map(Value::Int)),
            _ => None,
        }
    }

    /// `0` or digits without a leading zero, sign or underscores.
    fn integer(&mut self) -> Option<i64> {
        let rest = self.rest();
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if len > 1 && rest.starts_with('0') {
            return None;
        }
        let value = rest[..len].parse().ok()?;
        self.at += len;
        Some(value)
    }

    /// Exactly `YYYY-MM-DDTHH:MM:SSZ`.
    fn datetime(&mut self) -> Option<Timestamp> {
        let bytes = self.rest().as_bytes().get(..20)?;
        let digits = |range: Range<usize>| -> Option<i16> {
            let field = &bytes[range];
            field.iter().all(u8::is_ascii_digit).then_some(())?;
            std::str::from_utf8(field).ok()?.parse().ok()
        };
        let separators = [
            (4, b'-'),
            (7, b'-'),
            (10, b'T'),
            (13, b':'),
            (16, b':'),
            (19, b'Z'),
        ];
        separators
            .iter()
            .all(|&(at, byte)| bytes[at] == byte)
            .then_some(())?;
        let civil = jiff::civil::DateTime::new(
            digits(0..4)?,
            i8::try_from(digits(5..7)?).ok()?,
            i8::try_from(digits(8..10)?).ok()?,
            i8::try_from(digits(11..13)?).ok()?,
            i8::try_from(digits(14..16)?).ok()?,
            i8::try_from(digits(17..19)?).ok()?,
            0,
        )
        .ok()?;
        let timestamp = jiff::tz::Offset::UTC.to_timestamp(civil).ok()?;
        self.at += 20;
        Some(timestamp)
    }

    /// `["a", "b"]` on one line (a trailing comma allowed).
    fn strings(&mut self) -> Option<Vec<Spanned>> {
        self.eat("[").then_some(())?;
        let mut values = Vec::new();
        loop {
            self.skip_spaces();
            if self.eat("]") {
                return Some(values);
            }
            let string = match self.peek()? {
                b'\'' => self.literal_string()?,
                _ => self.basic_string()?,
            };
            values.push(Spanned {
                value: Value::Str(string),
                span: None,
            });
            self.skip_spaces();
            if !self.eat(",") {
                self.skip_spaces();
                return self.eat("]").then_some(values);
            }
        }
    }

    fn basic_string(&mut self) -> Option<String> {
        self.eat("\"").then_some(())?;
        let rest = self.rest();
        // Most strings have no escape and no control: one copy, found bytewise.
        let end = plain_len(rest.as_bytes());
        if rest.as_bytes().get(end) == Some(&b'"') {
            self.at += end + 1;
            return Some(rest[..end].to_string());
        }
        let mut out = String::new();
        let mut chars = rest.char_indices();
        while let Some((offset, c)) = chars.next() {
            match c {
                '"' => {
                    self.at += offset + 1;
                    return Some(out);
                }
                '\\' => out.push(escape(&mut chars)?),
                c if c.is_control() && c != '\t' => return None,
                c => out.push(c),
            }
        }
        None
    }

    /// `'text'`: no escapes; no control character but tab.
    fn literal_string(&mut self) -> Option<String> {
        self.eat("'").then_some(())?;
        let rest = self.rest();
        let len = rest.find(['\'', '\n'])?;
        (rest.as_bytes()[len] == b'\'').then_some(())?;
        let text = &rest[..len];
        if text.chars().any(|c| c.is_control() && c != '\t') {
            return None;
        }
        self.at += len + 1;
        Some(text.to_string())
    }

    /// `'''`, an optional line break (dropped), raw text, `'''` not followed by another
    /// quote (the extra-quotes rule is left to toml_edit).
    fn multiline_literal(&mut self) -> Option<String> {
        self.eat("'''").then_some(())?;
        self.eat("\n");
        let rest = self.rest();
        let len = rest.find("'''")?;
        if rest[len + 3..].starts_with('\'') {
            return None;
        }
        let text = &rest[..len];
        if text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n')) {
            return None;
        }
        self.at += len + 3;
        Some(text.to_string())
    }

    /// `"""`, an optional line break (dropped), text with raw line feeds, `"""` not
    /// followed by another quote (the extra-quotes rule is left to toml_edit).
    fn multiline_string(&mut self) -> Option<String> {
        self.eat("\"\"\"").then_some(())?;
        self.eat("\n");
        let mut out = String::new();
        let mut chars = self.rest().char_indices().peekable();
        while let Some((offset, c)) = chars.next() {
            match c {
                '"' if self.rest()[offset..].starts_with("\"\"\"") => {
                    if self.rest()[offset + 3..].starts_with('"') {
                        return None;
                    }
                    self.at += offset + 3;
                    return Some(out);
                }
                '\\' if matches!(chars.peek(), Some((_, ' ' | '\t' | '\n'))) => return None,
                '\\' => out.push(escape(&mut chars)?),
                '\n' | '\t' => out.push(c),
                c if c.is_control() => return None,
                c => out.push(c),
            }
        }
        None
    }
}

/// Bytes before the first one a basic string cannot simply copy: a quote, a backslash,
/// or a control character (C0 but tab, DEL, C1 — whose UTF-8 starts with 0xC2).
fn plain_len(bytes: &[u8]) -> usize {
    let special = |index: usize, byte: u8| match byte {
        b'"' | b'\\' | 0x7f => true,
        b'\t' => false,
        0xc2 => matches!(bytes.get(index + 1), Some(0x80..=0x9f)),
        byte => byte < 0x20,
    };
    (0..bytes.len())
        .find(|&index| special(index, bytes[index]))
        .unwrap_or(bytes.len())
}

/// The character an escape sequence (after its backslash) stands for.
fn escape(chars: &mut impl Iterator<Item = (usize, char)>) -> Option<char> {
    let (_, kind) = chars.next()?;
    let hex = |chars: &mut dyn Iterator<Item = (usize, char)>, len: usize| -> Option<char> {
        let digits: String = chars.take(len).map(|(_, c)| c).collect();
        (digits.len() == len && digits.bytes().all(|b| b.is_ascii_hexdigit())).then_some(())?;
        char::from_u32(u32::from_str_radix(&digits, 16).ok()?)
    };
    match kind {
        'b' => Some('\u{8}'),
        't' => Some('\t'),
        'n' => Some('\n'),
        'f' => Some('\u{c}'),
        'r' => Some('\r'),
        '"' => Some('"'),
        '\\' => Some('\\'),
        'u' => hex(chars, 4),
        'U' => hex(chars, 8),
        _ => None,
    }
}

/// The annotation these entries make, if they make a valid one.
fn annotation(entries: Vec<Entry<'_>>) -> Option<Annotation> {
    let duplicate = entries
        .iter()
        .enumerate()
        .any(|(index, entry)| entries[..index].iter().any(|earlier| earlier.key == entry.key));
    if duplicate {
        return None;
    }
    let annotation: Annotation = de::from_entries(ANNOTATION, entries).ok()?;
    model::validate_annotation(&annotation).ok()?;
    Some(annotation)
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
