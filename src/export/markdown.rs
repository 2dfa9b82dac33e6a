//! Markdown export: the title as a heading, then per annotation its location as a
//! heading, the quote as a `>` blockquote (reflowed), the note, and a line of facts
//! (kind, colour, author, review status — who resolved it and when — and tags). Every piece of text is escaped so that it renders as written:
//! a quote or note never turns into markup, a list, a heading or raw HTML. Pure.

use std::io;

use std::fmt::Write;

use super::parts::{Parts, Sink};
use super::text::{location_text, review_text, status_remark};
use super::{ExportInput, Item};
use crate::sanitize;
use crate::text::excerpt::reflow;

/// The Markdown export, handed to `sink` a part at a time.
pub fn write(input: &ExportInput<'_>, sink: Sink<'_>) -> io::Result<()> {
    let mut parts = Parts::new(sink);
    let out = parts.text();
    let _ = writeln!(out, "# {}\n", escape_line(&sanitize::inline(input.title)));
    let mut source = format!("Source: {}", escape_line(&sanitize::inline(input.file_name)));
    if let Some(author) = input.author {
        let _ = write!(source, "  \nAuthor: {}", escape_line(&sanitize::inline(author)));
    }
    let _ = write!(out, "{source}  \nAnnotations: {}", input.items.len());
    if let Some(filter) = input.filter.describe() {
        let _ = write!(out, "  \nFiltered: only those with {}", escape_line(&filter));
    }
    out.push_str("\n\n");
    for (number, item) in input.items.iter().enumerate() {
        write_item(parts.text(), number + 1, item);
        parts.pass()?;
    }
    parts.finish()
}

fn write_item(out: &mut String, number: usize, item: &Item) {
    let annotation = &item.annotation;
    let orphaned = if item.is_orphaned() { " (orphaned)" } else { "" };
    let location = escape_line(&location_text(item.location.as_ref()));
    let _ = writeln!(out, "## {number}. {location}{orphaned}\n");
    if let Some(remark) = status_remark(item.anchoring.status) {
        let _ = writeln!(out, "*{}*\n", escape_line(remark));
    }
    let quote = reflow(&sanitize::multiline(&annotation.exact));
    for line in quote.lines() {
        match line {
            "" => out.push_str(">\n"),
            line => {
                let _ = writeln!(out, "> {}", escape_line(line));
            }
        }
    }
    out.push('\n');
    let note = sanitize::multiline(&annotation.note);
    if !note.trim().is_empty() {
        write_note(out, &note);
    }
    let _ = writeln!(out, "*{}*\n", escape_line(&facts(item)));
}

/// The note's lines as written: a line break stays a (hard) line break, a blank line
/// separates paragraphs.
fn write_note(out: &mut String, note: &str) {
    let lines: Vec<&str> = note.trim_matches('\n').lines().collect();
    for (index, line) in lines.iter().enumerate() {
        out.push_str(&escape_line(line));
        let next_is_text = lines.get(index + 1).is_some_and(|next| !next.trim().is_empty());
        if !line.trim().is_empty() && next_is_text {
            out.push_str("  ");
        }
        out.push('\n');
    }
    out.push('\n');
}

/// "mark · yellow · by reviewer-2 · resolved by kim on 2026-11-27 10:00 UTC · tags:
/// question, todo" (`review_text` says which annotations have a review status).
pub(super) fn facts(item: &Item) -> String {
    let annotation = &item.annotation;
    let mut facts = vec![
        annotation.kind.as_str().to_string(),
        sanitize::inline(&annotation.color).into_owned(),
    ];
    if let Some(author) = &annotation.author {
        facts.push(format!("by {}", sanitize::inline(author)));
    }
    facts.extend(review_text(annotation));
    if !annotation.tags.is_empty() {
        let tags: Vec<String> = annotation
            .tags
            .iter()
            .map(|tag| sanitize::inline(tag).into_owned())
            .collect();
        facts.push(format!("tags: {}", tags.join(", ")));
    }
    facts.join(" · ")
}

/// One line of text escaped for CommonMark: punctuation that starts inline markup or
/// HTML is backslash-escaped anywhere, and what would start a block (heading, list,
/// quote, rule, setext underline) is escaped at the start of the line.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let body = line.trim_start_matches(' ');
    out.push_str(&line[..line.len() - body.len()]);
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    for (index, c) in body.char_indices() {
        let at_start = index == 0 && matches!(c, '#' | '+' | '-' | '=' | '>' | '|');
        let after_number = digits > 0 && index == digits && matches!(c, '.' | ')');
        if at_start || after_number || matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~')
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_html_in_text_are_escaped() {
        assert_eq!(escape_line("a *b* <i>&amp;"), "a \\*b\\* \\<i\\>\\&amp;");
        assert_eq!(escape_line("# not a heading"), "\\# not a heading");
        assert_eq!(escape_line("1. not a list"), "1\\. not a list");
        assert_eq!(escape_line("- not a list"), "\\- not a list");
        assert_eq!(escape_line("=SUM(A1)"), "\\=SUM(A1)");
        assert_eq!(escape_line("High-quality 2024."), "High-quality 2024.");
    }
}
