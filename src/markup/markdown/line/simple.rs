//! Lines whose Markdown is simple enough to typeset without a parser: a bullet, number
//! or `#` heading marker before text with code spans, unnested `*`/`**` emphasis and
//! inline links `[text](address)`. What pulldown-cmark would show, told by the same
//! rules (tests hold the two equal); anything else (reference links, images, escapes,
//! entities, HTML, `_` emphasis, nesting) is `None`, for the parser. Pure.

use std::ops::Range;

use super::super::super::Mark;
use super::super::super::map::Builder;
use super::super::Context;
use super::{Shape, code_content, show, show_bullet, show_link_number};

/// Where the line is: the document's context and the source byte the block starts at,
/// to number its links.
#[derive(Clone, Copy)]
pub(super) struct Place<'c> {
    pub context: &'c Context,
    pub source_byte: usize,
}

/// Typesets `inner[body]` (a line with its indent taken off) into `builder` when it is
/// simple (see the module); `None`, with nothing pushed, when it is not.
pub(super) fn typeset(
    builder: &mut Builder,
    inner: &str,
    body: Range<usize>,
    shape: Shape,
    place: Place,
) -> Option<Shape> {
    let line = &inner[body.clone()];
    let (marker, rest) = marker(line)?;
    if !opens_text(&line[rest..]) || line.ends_with([' ', '\t']) {
        return None;
    }
    let checkpoint = builder.checkpoint();
    let shown = show_line(
        builder,
        inner,
        body.clone(),
        (marker, body.start + rest),
        shape,
        place,
    );
    if shown.is_err() {
        builder.rollback(checkpoint);
    }
    shown.ok()
}

/// `typeset` of a line whose marker is known: `Err` once something in it is not
/// simple, what it pushed then to be rolled back.
fn show_line(
    builder: &mut Builder,
    inner: &str,
    body: Range<usize>,
    (marker, rest): (Marker, usize),
    mut shape: Shape,
    place: Place,
) -> Result<Shape, NotSimple> {
    let mut at = body.start;
    match marker {
        Marker::None => {}
        Marker::Heading(level) => shape.heading = Some(level),
        Marker::Item(len) => {
            shape.hang_cols = show_bullet(builder, inner, body.start..body.start + len, &mut at);
        }
    }
    // The emphasis or link open: one at a time, emphasis closed by a run as long.
    let mut open = None;
    for token in Tokens::new(inner, rest..body.end) {
        match token? {
            Token::Open(mark) if open.is_none() => open = Some(mark),
            Token::Close(mark) if open == Some(mark) => open = None,
            Token::Open(_) | Token::Close(_) => return Err(NotSimple),
            Token::LinkOpen if open.is_none() => open = Some(Mark::Link),
            Token::LinkOpen => return Err(NotSimple),
            Token::LinkClose(span) => {
                open = None;
                if shape.heading.is_none() {
                    show_link_number(builder, (place.context, place.source_byte), span, &mut at);
                }
            }
            Token::Text(text) => {
                // `show` of text that is its source's, without comparing them.
                let start = builder.len();
                builder.copy(text.clone());
                if let Some(mark) = open {
                    let end = builder.len();
                    builder.mark(start..end, mark);
                }
                at = text.end;
            }
            Token::Code(span) => {
                let source = &inner[span.clone()];
                let ticks = source.len() - source.trim_start_matches('`').len();
                let code = strip_one_space(&source[ticks..source.len() - ticks]);
                let start = span.start + code_content(source, code);
                show(builder, code, start..start + code.len(), Mark::Code, &mut at);
            }
        }
    }
    match open {
        Some(_) => Err(NotSimple),
        None => Ok(shape),
    }
}

/// What a line opens with before its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    None,
    /// A list item's marker (`-`, `+`, `*`, `1.`, `1)`), of this many bytes.
    Item(usize),
    Heading(u8),
}

/// The line's marker and where its text starts; `None` for a marker followed by a tab,
/// by five spaces or more (code in the item), or by nothing, and for a heading closed
/// with `#`.
fn marker(line: &str) -> Option<(Marker, usize)> {
    let bytes = line.as_bytes();
    let hashes = bytes.iter().take_while(|&&b| b == b'#').count();
    if hashes > 0 {
        let spaces = bytes[hashes..].iter().take_while(|&&b| b == b' ').count();
        let closed = line.ends_with('#');
        return (hashes <= 6 && spaces > 0 && !closed)
            .then_some((Marker::Heading(hashes as u8), hashes + spaces));
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let len = match bytes.first() {
        Some(b'-' | b'+' | b'*') if bytes.get(1) == Some(&b' ') => 1,
        Some(b'0'..=b'9') if digits <= 9 && matches!(bytes.get(digits), Some(b'.' | b')')) => digits + 1,
        _ => return Some((Marker::None, 0)),
    };
    let spaces = bytes[len..].iter().take_while(|&&b| b == b' ').count();
    (1..=4)
        .contains(&spaces)
        .then_some((Marker::Item(len), len + spaces))
}

/// Whether `text` can only be a paragraph's text: it starts with a letter, or with a
/// code span's backticks, an emphasis's stars before a letter or the like (never a
/// fence, a list's `*` or a rule) or a link's `[`.
fn opens_text(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if first.is_alphabetic() {
        return true;
    }
    let run = text.len() - text.trim_start_matches(first).len();
    let after = text[run..].chars().next();
    match first {
        '`' => run <= 2 && after.is_some(),
        // Only an inline link is simple, never a definition.
        '[' => true,
        '*' => after.is_some_and(|c| !c.is_whitespace()),
        _ => false,
    }
}

/// A code span's content as pulldown-cmark gives it: one space taken from each end when
/// both ends have one and it is not all spaces.
fn strip_one_space(content: &str) -> &str {
    let stripped = content
        .strip_prefix(' ')
        .and_then(|c| c.strip_suffix(' '))
        .filter(|_| content.bytes().any(|b| b != b' '));
    stripped.unwrap_or(content)
}

/// A stretch of a simple line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Text(Range<usize>),
    /// A code span, its backticks included.
    Code(Range<usize>),
    /// A delimiter run that opens emphasis (`*`) or strong emphasis (`**`).
    Open(Mark),
    Close(Mark),
    /// The `[` of an inline link.
    LinkOpen,
    /// The `](address)` of an inline link; the span of the whole link.
    LinkClose(Range<usize>),
}

/// The tokens of `inner[range]`; an `Err` where the line is not simple.
struct Tokens<'i> {
    inner: &'i str,
    start: usize,
    at: usize,
    end: usize,
    /// Whether the line has a `<` and a `>`, which could make HTML or an autolink
    /// (found when one is met).
    angled: Option<bool>,
    /// The inline link being read: where its `[` and `]` are, and its end.
    link: Option<(usize, usize, usize)>,
}

/// The line holds what only a parser can typeset.
#[derive(Debug)]
struct NotSimple;

impl<'i> Tokens<'i> {
    fn new(inner: &'i str, range: Range<usize>) -> Self {
        Tokens {
            inner,
            start: range.start,
            at: range.start,
            end: range.end,
            angled: None,
            link: None,
        }
    }

    /// The inline link whose `[` is at `at`: where its `]` is and where it ends; `Err`
    /// for anything else a `[` may open (a reference link, a footnote, an image, a link
    /// with a title or an address in `<>`, brackets inside).
    fn inline_link(&self, at: usize) -> Result<(usize, usize), NotSimple> {
        let bytes = self.bytes();
        let image = at > self.start && bytes[at - 1] == b'!';
        if image || self.link.is_some() || matches!(bytes.get(at + 1), None | Some(b']' | b'^')) {
            return Err(NotSimple);
        }
        let mut from = at + 1;
        let close = loop {
            let found = from
                + bytes[from..]
                    .iter()
                    .position(|&b| matches!(b, b'`' | b'[' | b']'))
                    .ok_or(NotSimple)?;
            match bytes[found] {
                // A code span's backticks hold their brackets.
                b'`' => from = self.code_span(found)?.end,
                b']' => break found,
                _ => return Err(NotSimple),
            }
        };
        if bytes.get(close + 1) != Some(&b'(') {
            return Err(NotSimple);
        }
        let address = close + 2;
        let len = bytes[address..]
            .iter()
            .position(|&b| b == b')')
            .filter(|&len| len > 0)
            .ok_or(NotSimple)?;
        let plain_address = bytes[address..address + len].iter().all(|&b| {
            b > b' '
                && b != 0x7f
                && !matches!(
                    b,
                    b'(' | b'<' | b'>' | b'\\' | b'"' | b'\'' | b'[' | b']' | b'`' | b'&'
                )
        });
        match plain_address {
            true => Ok((close, address + len + 1)),
            false => Err(NotSimple),
        }
    }

    fn angled(&mut self) -> bool {
        let text = &self.inner[self.start..self.end];
        *self
            .angled
            .get_or_insert_with(|| text.contains('<') && text.contains('>'))
    }

    fn bytes(&self) -> &'i [u8] {
        &self.inner.as_bytes()[..self.end]
    }

    /// The length of the run of `byte` at `at`.
    fn run(&self, at: usize, byte: u8) -> usize {
        self.bytes()[at..].iter().take_while(|&&b| b == byte).count()
    }

    /// The code span opened by the backticks at `at`; `Err` when no run of as many
    /// closes it (they are then text, but a line of many such runs would be searched
    /// once per run: the parser, linear, takes it).
    fn code_span(&self, at: usize) -> Result<Range<usize>, NotSimple> {
        let ticks = self.run(at, b'`');
        let mut from = at + ticks;
        while let Some(found) = memchr::memchr(b'`', &self.bytes()[from..]) {
            let start = from + found;
            let run = self.run(start, b'`');
            if run == ticks {
                return Ok(at..start + run);
            }
            from = start + run;
        }
        Err(NotSimple)
    }

    /// What comes before and after the run `at..end`, the line's ends as spaces.
    fn around(&self, at: usize, end: usize) -> Result<(Class, Class), NotSimple> {
        let before = self.inner[self.start..at].chars().next_back();
        let after = self.inner[end..self.end].chars().next();
        Ok((class(before)?, class(after)?))
    }

    /// What the run of `len` stars at `at` does, by pulldown-cmark's flanking rules for
    /// `*`: `None` when it is text.
    fn stars(&self, at: usize, len: usize) -> Result<Option<Token>, NotSimple> {
        let (before, after) = self.around(at, at + len)?;
        let can_open = after != Class::Space && (after == Class::Word || before != Class::Word);
        let can_close = before != Class::Space && (before == Class::Word || after != Class::Word);
        let mark = match len {
            1 => Mark::Emphasis,
            2 => Mark::Strong,
            _ if can_open || can_close => return Err(NotSimple),
            _ => return Ok(None),
        };
        match (can_open, can_close) {
            (true, true) => Err(NotSimple),
            (true, false) => Ok(Some(Token::Open(mark))),
            (false, true) => Ok(Some(Token::Close(mark))),
            (false, false) => Ok(None),
        }
    }

    /// The token at `at`, `len` its bytes when it is text.
    fn token(&mut self, at: usize) -> Result<(Token, usize), NotSimple> {
        let bytes = self.bytes();
        let text = |len: usize| Ok((Token::Text(at..at + len), at + len));
        if let Some((open, _, end)) = self.link.filter(|&(_, close, _)| close == at) {
            self.link = None;
            return Ok((Token::LinkClose(open..end), end));
        }
        match bytes[at] {
            b'[' => {
                let (close, end) = self.inline_link(at)?;
                self.link = Some((at, close, end));
                Ok((Token::LinkOpen, at + 1))
            }
            b'`' => {
                let span = self.code_span(at)?;
                // A line break or NUL in it is changed (to a space, to U+FFFD).
                match bytes[span.clone()]
                    .iter()
                    .any(|&b| matches!(b, b'\r' | b'\n' | b'\0'))
                {
                    true => Err(NotSimple),
                    false => Ok((Token::Code(span.clone()), span.end)),
                }
            }
            b'*' => {
                let len = self.run(at, b'*');
                match self.stars(at, len)? {
                    Some(token) => Ok((token, at + len)),
                    None => text(len),
                }
            }
            // Only between letters or digits is `_` sure to be text.
            b'_' => {
                let len = self.run(at, b'_');
                match self.around(at, at + len)? {
                    (Class::Word, Class::Word) => text(len),
                    _ => Err(NotSimple),
                }
            }
            b'&' if bytes
                .get(at + 1)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'#') =>
            {
                Err(NotSimple)
            }
            b'<' | b'>' if self.angled() => Err(NotSimple),
            b'&' | b'<' | b'>' | b']' => text(1),
            b'\\' | b'~' | b'\r' | b'\0' => Err(NotSimple),
            _ => text(
                bytes[at..]
                    .iter()
                    .position(|&b| is_special(b))
                    .unwrap_or(bytes.len() - at),
            ),
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Result<Token, NotSimple>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.end {
            return None;
        }
        match self.token(self.at) {
            Ok((token, end)) => {
                self.at = end;
                Some(Ok(token))
            }
            Err(not) => {
                self.at = self.end;
                Some(Err(not))
            }
        }
    }
}

/// Bytes that may start something other than text.
fn is_special(b: u8) -> bool {
    SPECIAL[b as usize]
}

/// `is_special` as a table: looked up, not branched on, for each byte of a line.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = *b"`*_&<>[]\\~\r\0";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// A character beside a delimiter run, as flanking rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Whitespace, or the end of the line.
    Space,
    Punctuation,
    /// Anything else: letters, digits, ideographs.
    Word,
}

/// The class of `c` (`None`: the line's end); `Err` for a character whose class is not
/// known here for sure.
fn class(c: Option<char>) -> Result<Class, NotSimple> {
    let Some(c) = c else {
        return Ok(Class::Space);
    };
    let code = c as u32;
    if c.is_whitespace() {
        Ok(Class::Space)
    } else if c.is_ascii() {
        Ok(if c.is_ascii_punctuation() {
            Class::Punctuation
        } else {
            Class::Word
        })
    } else if is_common_punctuation(code) {
        Ok(Class::Punctuation)
    } else if c.is_alphanumeric() && !(0x2460..0x2500).contains(&code) && code < 0x1F100 {
        // Letters and digits are never punctuation, but for the circled letters
        // (symbols that count as alphabetic).
        Ok(Class::Word)
    } else {
        Err(NotSimple)
    }
}

/// Punctuation and symbols beyond ASCII that prose uses most: Latin-1's, general
/// punctuation (dashes, quotes, ellipsis), CJK brackets and stops, fullwidth forms.
fn is_common_punctuation(code: u32) -> bool {
    matches!(
        code,
        0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF | 0xD7 | 0xF7
            | 0x2010..=0x2027
            | 0x2030..=0x205E
            | 0x3001..=0x3003
            | 0x3008..=0x3011
            | 0x3014..=0x301F
            | 0xFF01..=0xFF0F
            | 0xFF1A..=0xFF20
            | 0xFF3B..=0xFF40
            | 0xFF5B..=0xFF65
    )
}
