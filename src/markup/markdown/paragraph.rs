//! Which source lines of a Markdown document make one paragraph: CommonMark joins a
//! paragraph's lines (a soft break is a space), so a hard-wrapped article is reflowed
//! like prose. A line continues the paragraph above it unless either is in a code or
//! HTML block or the front matter, the one above is a heading, quote or table row or
//! ends in a hard break, or the line starts a block of its own (a heading, quote, list
//! item, fence, rule, setext underline, table row, HTML, a reference definition). Only
//! the two lines and the document's regions decide, so segmentation stays lazy. Pure.

use std::ops::Range;

use super::{Context, Region};

/// Whether source line `below` continues the paragraph (or list item) that line
/// `above` is in; both are non-blank lines of `text` with no blank line between them.
pub fn continues(context: &Context, text: &str, above: Range<usize>, below: Range<usize>) -> bool {
    let region = |line: &Range<usize>| context.region_at(line.start).map(|(_, region)| region);
    match (region(&above), region(&below)) {
        // A setext heading's lines and its underline are one block.
        (Some(Region::Setext(_)), Some(Region::Setext(_) | Region::Underline)) => return true,
        (None, None) => {}
        _ => return false,
    }
    let (above, below) = (&text[above], &text[below]);
    let ((above_depth, above_text), (below_depth, below_text)) = (quoted(above), quoted(below));
    if above_depth > 0 || below_depth > 0 {
        // Lines of one quote, at one depth, join as a paragraph's do.
        return above_depth == below_depth
            && !above_text.trim().is_empty()
            && !below_text.trim().is_empty()
            && !ends_paragraph(above_text)
            && !starts_block(below_text);
    }
    !ends_paragraph(above) && !starts_block(below)
}

/// How many `>` quote a line (up to three spaces before the first, one space or tab
/// after each), the length of those markers, and the text after them.
pub(crate) fn quote_markers(line: &str) -> (usize, usize) {
    let mut rest = line;
    let mut depth = 0;
    let indent = rest.len() - rest.trim_start_matches(' ').len();
    if indent <= 3 {
        rest = &rest[indent..];
        while let Some(after) = rest.strip_prefix('>') {
            depth += 1;
            rest = after.strip_prefix([' ', '\t']).unwrap_or(after);
            rest = rest.trim_start_matches(' ');
        }
    }
    if depth == 0 {
        return (0, 0);
    }
    (depth, line.len() - rest.len())
}

fn quoted(line: &str) -> (usize, &str) {
    let (depth, len) = quote_markers(line);
    (depth, &line[len..])
}

/// A line after which the next never joins: it is a block on its own, or its break is
/// hard (two trailing spaces or a backslash).
fn ends_paragraph(line: &str) -> bool {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let body = line.trim_start_matches([' ', '\t']);
    body.starts_with(['#', '>', '<'])
        || line.contains('|')
        || line.ends_with("  ")
        || ends_with_backslash_break(line)
}

/// A line ending in a backslash that is not itself escaped (`\\` is a backslash shown):
/// a hard line break.
pub(super) fn ends_with_backslash_break(line: &str) -> bool {
    (line.len() - line.trim_end_matches('\\').len()) % 2 == 1
}

/// A line that starts a block of its own.
fn starts_block(line: &str) -> bool {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let body = line.trim_start_matches([' ', '\t']);
    body.starts_with(['#', '>', '<'])
        || body.starts_with("```")
        || body.starts_with("~~~")
        || line.contains('|')
        || is_list_marker(body)
        || is_rule_or_underline(body)
        || is_definition(body)
}

/// `-`, `*`, `+` or up to nine digits and `.` or `)`, then a space, a tab or the end.
fn is_list_marker(body: &str) -> bool {
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let rest = match digits {
        0 => body.strip_prefix(['-', '*', '+']),
        1..=9 => body[digits..].strip_prefix(['.', ')']),
        _ => None,
    };
    rest.is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// A thematic break (three or more `-`, `*` or `_`) or a setext underline (`=` or `-`).
fn is_rule_or_underline(body: &str) -> bool {
    let body = body.trim_end();
    let Some(first) = body.chars().next() else {
        return false;
    };
    let count = body.chars().filter(|&c| c == first).count();
    matches!(first, '-' | '*' | '_' | '=')
        && body.chars().all(|c| c == first || c == ' ' || c == '\t')
        && (first == '=' || count >= 3)
}

/// A link reference or footnote definition: `[label]: …`.
fn is_definition(body: &str) -> bool {
    body.starts_with('[') && body.find("]:").is_some_and(|end| end > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joins(text: &str) -> bool {
        let context = Context::new(text);
        let newline = text.find('\n').unwrap();
        let end = text[newline + 1..]
            .find('\n')
            .map_or(text.len(), |n| newline + 1 + n);
        continues(&context, text, 0..newline, newline + 1..end)
    }

    #[test]
    fn prose_and_list_items_continue_over_lines() {
        assert!(joins("A paragraph that is\nhard wrapped.\n"));
        assert!(joins("- a list item that\n  goes on\n"));
        assert!(joins("1. an ordered item\n   goes on\n"));
        assert!(joins("日本語の段落が\n続きます。\n"));
        assert!(joins("Some *emphasis that\nspans* lines.\n"));
        assert!(joins("A year like\n2019 is no list.\n"));
    }

    #[test]
    fn a_quote_s_lines_join_at_one_depth() {
        assert!(joins("> a quote that is\n> hard wrapped.\n"));
        assert!(joins("> > deep\n> > deeper\n"));
        assert!(!joins("> one depth\n> > two\n"));
        assert!(!joins("> text\n>\n"), "an empty quote line ends the paragraph");
        assert!(!joins("> text\n> - item\n"));
        assert!(!joins("> text\nlazy\n"), "a lazy line stays on its own");
    }

    #[test]
    fn a_setext_heading_and_its_underline_are_one_block() {
        assert!(joins("text\n---\n"));
        assert!(joins("Setext\n======\n"));
        assert!(
            !joins("- item\n---\n"),
            "a rule after a list item is no underline"
        );
    }

    #[test]
    fn blocks_start_and_end_where_markdown_says() {
        for text in [
            "text\n# Heading\n",
            "# Heading\ntext\n",
            "text\n- item\n",
            "- item\n- item\n",
            "- item\n  - nested\n",
            "text\n2. item\n",
            "text\n> quote\n",
            "text\n```\n",
            "text\n***\n",
            "| a | b |\n|---|---|\n",
            "a | b\n--|--\n",
            "hard break  \nnext\n",
            "hard break\\\nnext\n",
            "a line that ends with a hard break\\\\\\\nnext\n",
            "text\n<div>\n",
            "text\n[ref]: https://example.com\n",
            "```\ncode line\nmore code\n```\n",
            "---\ntitle: x\nauthor: y\n---\n",
        ] {
            assert!(!joins(text), "{text:?}");
        }
    }
}
