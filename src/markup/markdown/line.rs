//! One line of Markdown typeset from pulldown-cmark's events and their source offsets:
//! text and code spans copied, markers and link targets hidden, bullets and images
//! replaced; a code line clipped with a marker instead of being reflowed. Pure.

use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, Options, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthChar;

use super::super::Mark;
use super::super::map::Builder;
use super::Context;

mod simple;

/// Never smart punctuation: the display must stay a copy of the source.
pub fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_FOOTNOTES
}

/// What a line makes of its block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub indent_cols: usize,
    /// The columns of a list item's bullet: its rows after the first hang under its text.
    pub hang_cols: usize,
    pub heading: Option<u8>,
}

/// Typesets `inner[range]`, one line of Markdown outside code and HTML blocks; a
/// reference link's label is looked up in `context` (its definition is on another line).
/// `markers` (inner offsets) are the `>` of quote lines joined into this one: hidden.
pub fn inline(
    builder: &mut Builder,
    inner: &str,
    range: Range<usize>,
    context: &Context,
    markers: &[Range<usize>],
    source_byte: usize,
) -> Shape {
    let line = &inner[range.clone()];
    let body = line.trim_start_matches([' ', '\t']);
    let leading = &line[..line.len() - body.len()];
    let leading_cols: usize = leading.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
    let base = range.start + leading.len();
    let shape = Shape {
        indent_cols: leading_cols,
        hang_cols: 0,
        heading: None,
    };
    if markers.is_empty() && is_plain(body) {
        // What pulldown-cmark would make of it: one text, the line as written.
        builder.copy(base..range.end);
        return shape;
    }
    if markers.is_empty() {
        let place = simple::Place { context, source_byte };
        if let Some(shape) = simple::typeset(builder, inner, base..range.end, shape, place) {
            return shape;
        }
    }
    parsed(
        builder,
        inner,
        base..range.end,
        shape,
        context,
        markers,
        source_byte,
    )
}

/// `inline` of the line's `inner[body]` (its indent taken off) by pulldown-cmark.
fn parsed(
    builder: &mut Builder,
    inner: &str,
    body: Range<usize>,
    mut shape: Shape,
    context: &Context,
    markers: &[Range<usize>],
    source_byte: usize,
) -> Shape {
    let base = body.start;
    let body = &inner[body];
    let mut marks: Vec<Mark> = Vec::new();
    // Where each open link starts (inner offsets).
    let mut links: Vec<usize> = Vec::new();
    // Inner offset up to which text has been shown or hidden: events that reach back
    // before it are not shown again, so the map stays monotonic.
    let mut at = base;
    let defined = |link: BrokenLink<'_>| {
        context
            .defines(&link.reference)
            .then(|| (CowStr::from(""), CowStr::from("")))
    };
    // Parsed with the joined lines' markers as spaces (of the same length): the quote
    // is read as one paragraph.
    let parsed = blank(body, base, markers);
    for (event, span) in
        Parser::new_with_broken_link_callback(&parsed, options(), Some(defined)).into_offset_iter()
    {
        let span = base + span.start..base + span.end;
        let mark = marks.last().copied().unwrap_or_default();
        match event {
            Event::Start(Tag::Heading { level, .. }) => shape.heading = Some(level as u8),
            Event::Start(Tag::Emphasis) => marks.push(Mark::Emphasis),
            Event::Start(Tag::Strong) => marks.push(Mark::Strong),
            Event::Start(Tag::Strikethrough) => marks.push(Mark::Dim),
            Event::Start(Tag::Link { .. }) => {
                marks.push(Mark::Link);
                links.push(span.start);
            }
            Event::End(TagEnd::Link) => {
                marks.pop();
                // Its address hidden, a link to elsewhere shows its number instead:
                // `text[3]`, the addresses listed with the contents. Not in a heading,
                // whose text is also its title.
                if let Some(start) = links.pop().filter(|_| shape.heading.is_none()) {
                    show_link_number(builder, (context, source_byte), start..span.end, &mut at);
                }
            }
            Event::Start(Tag::Image { .. }) if span.start >= at => {
                show(
                    builder,
                    "[image: ",
                    span.start..span.start + 2,
                    Mark::Dim,
                    &mut at,
                );
                marks.push(Mark::Dim);
            }
            Event::Start(Tag::Image { .. }) => marks.push(Mark::Dim),
            Event::End(TagEnd::Image) => {
                marks.pop();
                if span.end >= at {
                    show(builder, "]", at..span.end, Mark::Dim, &mut at);
                }
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                marks.pop();
            }
            Event::Start(Tag::BlockQuote(_)) => shape.indent_cols += 2,
            Event::Start(Tag::Item) if span.start >= at => {
                let marker_len = inner[span.clone()].find([' ', '\t']).unwrap_or(span.len());
                shape.hang_cols = show_bullet(builder, inner, span.start..span.start + marker_len, &mut at);
            }
            Event::Text(text) if span.start >= at => {
                show_unmarked(builder, &text, span, mark, &mut at, markers)
            }
            Event::Code(code) if span.start >= at => {
                let source = &inner[span.clone()];
                let start = span.start + code_content(source, &code);
                match inner.get(start..start + code.len()) == Some(&*code) {
                    true => show(builder, &code, start..start + code.len(), Mark::Code, &mut at),
                    false => show(builder, &code, span, Mark::Code, &mut at),
                }
            }
            Event::SoftBreak | Event::HardBreak if span.start >= at => {
                show(builder, " ", span, mark, &mut at)
            }
            Event::Html(_) | Event::InlineHtml(_) | Event::FootnoteReference(_) | Event::Rule
                if span.start >= at =>
            {
                let text = inner[span.clone()].to_string();
                show(builder, &text, span, Mark::Dim, &mut at);
            }
            Event::TaskListMarker(done) if span.start >= at => {
                show(builder, if done { "[x]" } else { "[ ]" }, span, mark, &mut at);
            }
            _ => {}
        }
    }
    shape
}

/// Shows a list item's `inner[marker]` as its bullet (`•`, or the number as written,
/// then a space); the columns the bullet takes, which its other rows hang by.
fn show_bullet(builder: &mut Builder, inner: &str, marker: Range<usize>, at: &mut usize) -> usize {
    let written = &inner[marker.clone()];
    let bullet = if written.ends_with(['.', ')']) {
        format!("{written} ")
    } else {
        "• ".to_string()
    };
    show(builder, &bullet, marker, Mark::Plain, at);
    bullet.chars().count()
}

/// Shows the number of the link to elsewhere spanning `link` (inner offsets; its source
/// found from `source_byte`, where the block starts) in place of its address, the rest
/// of the link after `at`: `text[3]`, the addresses listed with the contents. Nothing
/// for a link within the page. Never in a heading, whose text is also its title.
fn show_link_number(
    builder: &mut Builder,
    (context, source_byte): (&Context, usize),
    link: Range<usize>,
    at: &mut usize,
) {
    let number = source_byte
        .checked_add(link.start)
        .and_then(|start| context.link_number(start));
    if let Some(number) = number.filter(|_| link.end > *at) {
        show(builder, &format!("[{number}]"), *at..link.end, Mark::Dim, at);
    }
}

/// Where a code span's content `code` starts in its `source` (backticks included):
/// after the opening backticks and the space pulldown-cmark takes off, else where it is
/// first found (0 when it is not: the code was changed, as its line ends are).
fn code_content(source: &str, code: &str) -> usize {
    let ticks = source.len() - source.trim_start_matches('`').len();
    [ticks, ticks + 1]
        .into_iter()
        .find(|&at| source.get(at..).is_some_and(|rest| rest.starts_with(code)))
        .or_else(|| source.find(code))
        .unwrap_or(0)
}

/// Whether a line (its indent taken off) is text that Markdown leaves as it is: it
/// opens no block (it starts with a letter), and holds no character that marks up,
/// escapes or spells an entity, and no space at its end (a hard break).
fn is_plain(body: &str) -> bool {
    let opens_text = body.chars().next().is_some_and(char::is_alphabetic);
    let marks_up = |b: &u8| {
        matches!(
            b,
            b'*' | b'_' | b'`' | b'[' | b']' | b'<' | b'>' | b'&' | b'\\' | b'~' | b'!' | b'^' | b'\r'
        )
    };
    opens_text && !body.ends_with([' ', '\t']) && !body.as_bytes().iter().any(marks_up)
}

/// `body` (at inner offset `base`) with the `markers` in it as spaces.
fn blank<'b>(body: &'b str, base: usize, markers: &[Range<usize>]) -> std::borrow::Cow<'b, str> {
    if markers.is_empty() {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut bytes = body.as_bytes().to_vec();
    for marker in markers {
        let end = marker.end.saturating_sub(base).min(bytes.len());
        let start = marker.start.saturating_sub(base).min(end);
        bytes[start..end].fill(b' ');
    }
    // Markers are ASCII `>`, spaces and tabs: the text stays UTF-8.
    String::from_utf8(bytes).map_or(std::borrow::Cow::Borrowed(body), std::borrow::Cow::Owned)
}

/// `show`, with the quote markers inside `span` hidden (when the text is the span's own,
/// as it is unless escapes or entities changed it).
fn show_unmarked(
    builder: &mut Builder,
    text: &str,
    span: Range<usize>,
    mark: Mark,
    at: &mut usize,
    markers: &[Range<usize>],
) {
    let inside: Vec<&Range<usize>> = markers
        .iter()
        .filter(|m| m.start >= span.start && m.end <= span.end)
        .collect();
    if inside.is_empty() || text.len() != span.len() {
        return show(builder, text, span, mark, at);
    }
    let mut from = span.start;
    for marker in inside {
        if marker.start > from {
            let part = &text[from - span.start..marker.start - span.start];
            show(builder, part, from..marker.start, mark, at);
        }
        builder.hide(marker.clone());
        *at = marker.end;
        from = marker.end;
    }
    if from < span.end {
        show(builder, &text[from - span.start..], from..span.end, mark, at);
    }
}

/// Shows `text` for `inner[span]`: a copy when they are the same, else a replacement.
fn show(builder: &mut Builder, text: &str, span: Range<usize>, mark: Mark, at: &mut usize) {
    let start = builder.len();
    if builder.inner_text(span.clone()) == text {
        builder.copy(span.clone());
    } else {
        // A control an entity spells (`&#27;`) is shown as the plain text shows one:
        // its picture, never itself.
        let safe: String = text
            .chars()
            .filter_map(|c| match crate::sanitize::control_picture(c) {
                Some(picture) => (c != '\n').then_some(picture),
                None => Some(c),
            })
            .collect();
        builder.replace(&safe, span.clone());
    }
    let end = builder.len();
    if mark != Mark::Plain {
        builder.mark(start..end, mark);
    }
    *at = span.end;
}

/// A line of a code block as written, clipped at `width_cols` with a dim `→`.
pub fn clipped(builder: &mut Builder, inner: &str, range: Range<usize>, width_cols: usize) {
    let line = &inner[range.clone()];
    // No character is wider than its UTF-8 bytes are many, but for a tab.
    if line.len() <= width_cols && !line.contains('\t') {
        return builder.copy(range);
    }
    let mut cols = 0;
    let mut cut = None;
    for (i, c) in line.char_indices() {
        cols += if c == '\t' { 4 } else { c.width().unwrap_or(0) };
        if cols > width_cols.saturating_sub(1) && cut.is_none() {
            cut = Some(i);
        }
        if cols > width_cols {
            break;
        }
    }
    match cut.filter(|_| cols > width_cols) {
        Some(cut) => {
            builder.copy(range.start..range.start + cut);
            let start = builder.len();
            builder.replace("→", range.start + cut..range.end);
            let end = builder.len();
            builder.mark(start..end, Mark::Dim);
        }
        None => builder.copy(range),
    }
}

#[cfg(test)]
mod tests;
