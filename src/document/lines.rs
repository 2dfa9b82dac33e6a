//! Source lines of the normalised text and the features the paragraph detector reads
//! from them (indent, width, tabular look). Pure; byte offsets throughout.

use std::ops::Range;

use std::sync::LazyLock;

use memchr::{memchr, memmem, memrchr};
use unicode_width::UnicodeWidthChar;

use crate::text::class::{is_always_wide, is_blank_char, is_cjk_wide};

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
pub fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t') || line.chars().all(is_blank_char)
}

/// What the paragraph detector needs to know about one non-blank line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    match c {
        ' '..='~' => 1,
        '\t' => 8,
        _ if is_always_wide(c) => 2,
        _ => c.width().unwrap_or(0),
    }
}

impl LineInfo {
    pub fn of(line: &str) -> Option<LineInfo> {
        if line.is_ascii() {
            Self::of_ascii(line.as_bytes())
        } else {
            Self::of_unicode(line)
        }
    }

    fn of_unicode(line: &str) -> Option<LineInfo> {
        let trimmed_end = line.trim_end_matches(is_blank_char);
        let content = trimmed_end.trim_start_matches(is_blank_char);
        let first = content.chars().next()?;
        let last = content.chars().next_back().unwrap_or(first);
        let indent = &trimmed_end[..trimmed_end.len() - content.len()];
        let indent_cols = indent.chars().map(approx_cols).sum::<usize>();
        // ASCII bytes counted over the whole slice (which the compiler vectorises);
        // only the other characters are decoded, at their first bytes.
        let bytes = content.as_bytes();
        let counts = ByteCounts::of(bytes);
        let (tabs, pipes) = (counts.tabs, counts.pipes);
        let mut cols = indent_cols + counts.printable + 8 * tabs;
        let mut tabular = tabs > 0 || has_three_spaces(bytes);
        let mut i = 0;
        while i < bytes.len() {
            // ASCII is passed over eight bytes at a time; `i` stays at a character's start.
            i += crate::text::ascii_run(&bytes[i..]);
            let Some(c) = content[i..].chars().next() else {
                break;
            };
            cols += approx_cols(c);
            tabular |= ('\u{2500}'..='\u{257f}').contains(&c);
            i += c.len_utf8();
        }
        Some(LineInfo {
            indent_cols,
            cols,
            first,
            last,
            first_unit_cols: first_unit_cols(content),
            tabular: tabular || pipes >= 2,
        })
    }
}

impl LineInfo {
    /// The same measurements for an ASCII line in one pass over its bytes: this runs
    /// for every line of a large English text.
    fn of_ascii(bytes: &[u8]) -> Option<LineInfo> {
        let blank = |b: &u8| b.is_ascii_whitespace() || *b == 0x0b;
        let start = bytes.iter().position(|b| !blank(b))?;
        let end = bytes.iter().rposition(|b| !blank(b))? + 1;
        let cols_of = |b: &u8| match *b {
            b'\t' => 8,
            0x20..=0x7e => 1,
            _ => 0,
        };
        let indent_cols = bytes[..start].iter().map(cols_of).sum::<usize>();
        let content = &bytes[start..end];
        let ByteCounts {
            printable,
            tabs,
            pipes,
        } = ByteCounts::of(content);
        let first_unit_cols = content.iter().take_while(|b| !blank(b)).map(cols_of).sum();
        Some(LineInfo {
            indent_cols,
            cols: indent_cols + printable + 8 * tabs,
            first: char::from(content[0]),
            last: char::from(content[content.len() - 1]),
            first_unit_cols,
            tabular: tabs > 0 || pipes >= 2 || has_three_spaces(content),
        })
    }
}

/// The ASCII bytes of a line that the measurements count.
struct ByteCounts {
    /// Printable ASCII (one column each).
    printable: usize,
    tabs: usize,
    pipes: usize,
}

impl ByteCounts {
    /// One pass, in runs of 255 bytes counted in bytes: the compiler vectorises it
    /// sixteen bytes at a time (counting in `usize` would take two).
    fn of(bytes: &[u8]) -> ByteCounts {
        let mut counts = ByteCounts {
            printable: 0,
            tabs: 0,
            pipes: 0,
        };
        for run in bytes.chunks(255) {
            let (mut printable, mut tabs, mut pipes) = (0u8, 0u8, 0u8);
            for &b in run {
                printable += u8::from((0x20..=0x7e).contains(&b));
                tabs += u8::from(b == b'\t');
                pipes += u8::from(b == b'|');
            }
            counts.printable += usize::from(printable);
            counts.tabs += usize::from(tabs);
            counts.pipes += usize::from(pipes);
        }
        counts
    }
}

fn has_three_spaces(content: &[u8]) -> bool {
    static FINDER: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"   "));
    FINDER.find(content).is_some()
}

/// Width of what would have had to fit on the previous line for the wrapper to have
/// put it there: the first word, or the first ideograph with the punctuation clinging to
/// it (and anything before it, such as a dash).
fn first_unit_cols(content: &str) -> usize {
    let mut cols = 0;
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        if is_blank_char(c) {
            break;
        }
        cols += approx_cols(c);
        if is_cjk_wide(c) {
            while let Some(&next) = chars.peek()
                && crate::text::class::is_no_start(next)
            {
                cols += approx_cols(next);
                chars.next();
            }
            break;
        }
    }
    cols
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
        assert_eq!(LineInfo::of("——此开卷第一回也").unwrap().first_unit_cols, 4);
        assert_eq!(LineInfo::of(" \t "), None);
    }

    #[test]
    fn ascii_fast_path_agrees_with_the_general_path() {
        for line in [
            "  hello world  ",
            "\tName   Age",
            "a | b | c",
            "x",
            " It was.  Then",
            "\x1b[1mbold",
        ] {
            let fast = LineInfo::of_ascii(line.as_bytes());
            let general = LineInfo::of_unicode(line);
            assert_eq!(fast, general, "{line:?}");
        }
    }

    /// The measurements counted by runs of bytes agree with a plain walk over the
    /// characters, on every line of the corpus samples and on lines longer than a run.
    #[test]
    fn widths_counted_by_runs_agree_with_a_walk_over_the_characters() {
        let mut lines = crate::document::sample_lines::sample_lines();
        lines.push(format!("{}│{}", "x".repeat(300), "é".repeat(40)));
        lines.push(format!("{}\t|a|{}", "漢字 ".repeat(70), "   z"));
        for line in &lines {
            let Some(info) = LineInfo::of(line) else {
                continue;
            };
            let shown = line.trim_end_matches(is_blank_char);
            let content = shown.trim_start_matches(is_blank_char);
            let cols: usize = shown.chars().map(approx_cols).sum();
            let tabular = content.contains(|c| c == '\t' || ('\u{2500}'..='\u{257f}').contains(&c))
                || content.contains("   ")
                || content.matches('|').count() >= 2;
            assert_eq!((info.cols, info.tabular), (cols, tabular), "{line:?}");
        }
    }

    #[test]
    fn tabular_lines_are_recognised() {
        assert!(LineInfo::of("Name      Age").unwrap().tabular);
        assert!(LineInfo::of("│ a │ b │").unwrap().tabular);
        assert!(!LineInfo::of("It was.  Then").unwrap().tabular);
        assert!(!LineInfo::of("either a | b").unwrap().tabular);
    }
}
