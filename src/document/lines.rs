//! Source lines of the normalised text and the features the paragraph detector reads
//! from them (indent, width, tabular look). Pure; byte offsets throughout.

use std::ops::Range;

use memchr::{memchr, memrchr};
use unicode_width::UnicodeWidthChar;

use crate::layout::width::is_cjk_wide;

/// The line containing `byte`: from after the previous `\n` up to (not including) the
/// next `\n` or the end. A `\n` belongs to the line it ends.
pub fn line_at(text: &str, byte: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let byte = byte.min(bytes.len());
    let start = memrchr(b'\n', &bytes[..byte]).map_or(0, |i| i + 1);
    let end = memchr(b'\n', &bytes[byte..]).map_or(bytes.len(), |i| byte + i);
    start..end
}

/// The line after `line`, if any.
pub fn next_line(text: &str, line: &Range<usize>) -> Option<Range<usize>> {
    (line.end < text.len()).then(|| {
        let start = line.end + 1;
        let end = memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        start..end
    })
}

/// The line before `line`, if any.
pub fn prev_line(text: &str, line: &Range<usize>) -> Option<Range<usize>> {
    (line.start > 0).then(|| {
        let end = line.start - 1;
        let start = memrchr(b'\n', &text.as_bytes()[..end]).map_or(0, |i| i + 1);
        start..end
    })
}

/// Whitespace that may indent or pad a source line.
pub fn is_blank_char(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{3000}' || c == '\u{a0}' || c.is_whitespace()
}

pub fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t') || line.chars().all(is_blank_char)
}

/// What the paragraph detector needs to know about one non-blank line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineInfo {
    pub indent_cols: usize,
    /// Width of the line without trailing whitespace, indent included.
    pub cols: usize,
    /// First and last chars that are not whitespace.
    pub first: char,
    pub last: char,
    /// Width of the first word (Latin) or first character with its clinging
    /// punctuation (CJK): what would have had to fit on the previous line.
    pub first_unit_cols: usize,
    /// Column-aligned text: a tab or three spaces inside the line, or box drawing.
    pub tabular: bool,
}

/// Approximate width of a char for paragraph detection (per char, not per cluster;
/// the heuristics do not need more).
fn approx_cols(c: char) -> usize {
    if c == '\t' { 8 } else { c.width().unwrap_or(0) }
}

impl LineInfo {
    pub fn of(line: &str) -> Option<LineInfo> {
        let trimmed_end = line.trim_end_matches(is_blank_char);
        let content = trimmed_end.trim_start_matches(is_blank_char);
        let first = content.chars().next()?;
        let last = content.chars().next_back().unwrap_or(first);
        let indent = &trimmed_end[..trimmed_end.len() - content.len()];
        let indent_cols = indent.chars().map(approx_cols).sum();
        let cols = if trimmed_end.is_ascii() {
            trimmed_end.len() + 7 * trimmed_end.bytes().filter(|&b| b == b'\t').count()
        } else {
            trimmed_end.chars().map(approx_cols).sum()
        };
        Some(LineInfo {
            indent_cols,
            cols,
            first,
            last,
            first_unit_cols: first_unit_cols(content),
            tabular: looks_tabular(content),
        })
    }
}

fn first_unit_cols(content: &str) -> usize {
    let mut chars = content.chars();
    let Some(first) = chars.next() else { return 0 };
    if is_cjk_wide(first) {
        // One ideograph plus any punctuation that may not start a line after it.
        let mut cols = approx_cols(first);
        for c in chars {
            if crate::layout::breaks::is_no_start(c) {
                cols += approx_cols(c);
            } else {
                break;
            }
        }
        return cols;
    }
    content
        .split(is_blank_char)
        .next()
        .map_or(0, |word| word.chars().map(approx_cols).sum())
}

fn looks_tabular(content: &str) -> bool {
    content.contains('\t')
        || content.contains("   ")
        || content.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c))
        || content.matches('|').count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_navigate_both_ways() {
        let text = "one\n\nthree";
        let first = line_at(text, 0);
        assert_eq!(&text[first.clone()], "one");
        assert_eq!(line_at(text, 3), 0..3, "a newline belongs to the line it ends");
        let second = next_line(text, &first).unwrap();
        assert_eq!(second, 4..4);
        let third = next_line(text, &second).unwrap();
        assert_eq!(&text[third.clone()], "three");
        assert_eq!(next_line(text, &third), None);
        assert_eq!(prev_line(text, &third), Some(4..4));
        assert_eq!(prev_line(text, &first), None);
    }

    #[test]
    fn line_info_measures_indent_width_and_first_unit() {
        let info = LineInfo::of("\u{3000}\u{3000}今天晚上，很好的月光。  ").unwrap();
        assert_eq!(info.indent_cols, 4);
        assert_eq!(info.cols, 4 + 22);
        assert_eq!((info.first, info.last), ('今', '。'));
        assert_eq!(LineInfo::of("好，的").unwrap().first_unit_cols, 4);
        assert_eq!(LineInfo::of("  hello world").unwrap().first_unit_cols, 5);
        assert_eq!(LineInfo::of(" \t "), None);
    }

    #[test]
    fn tabular_lines_are_recognised() {
        assert!(LineInfo::of("Name      Age").unwrap().tabular);
        assert!(LineInfo::of("│ a │ b │").unwrap().tabular);
        assert!(!LineInfo::of("It was.  Then").unwrap().tabular);
        assert!(!LineInfo::of("either a | b").unwrap().tabular);
    }
}
