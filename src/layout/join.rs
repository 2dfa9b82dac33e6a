//! The display text of a block: its source lines joined back into one paragraph with the
//! CSS Text 3 segment-break rules, with a map from display offsets back to source
//! offsets. Pure.
//!
//! A line break inside a paragraph becomes nothing between two CJK characters (looking
//! through CJK-ambiguous punctuation such as “ ” … to the letters beside it) or beside
//! full-width punctuation, nothing or a space between Latin and CJK as the paragraph
//! writes them, and one space otherwise; Hangul always keeps the space
//! (`text::class::join_with_space`). Leading whitespace of continuation
//! lines and trailing whitespace before a break are dropped: both are whitespace only.

use std::ops::Range;

use crate::text::charindex::count_chars;
use crate::text::class::{is_blank_char, join_with_space, spaces_latin_beside_cjk};

/// A run of display text copied from one place in the source. The join space that
/// replaces a `\n` maps to that `\n` (both are one byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    display: usize,
    source_byte: usize,
    source_char: usize,
}

/// Display text of one block and where each part of it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayText {
    /// `None` when the display text is the source content slice itself (one line).
    joined: Option<Box<str>>,
    content: Range<usize>,
    segments: Vec<Segment>,
}

impl DisplayText {
    /// Joins the lines of `source[content]`; `content_char` is the char offset of
    /// `content.start`.
    pub fn new(source: &str, content: Range<usize>, content_char: usize) -> DisplayText {
        let slice = &source[content.clone()];
        let first_segment = Segment {
            display: 0,
            source_byte: content.start,
            source_char: content_char,
        };
        if memchr::memchr(b'\n', slice.as_bytes()).is_none() {
            return DisplayText {
                joined: None,
                content,
                segments: vec![first_segment],
            };
        }
        let mut joined = String::with_capacity(slice.len());
        let mut segments = Vec::new();
        let mut char_cursor = (content.start, content_char);
        let mut prev_trimmed: Option<&str> = None;
        let mut prev_spaced_end = false;
        let mut text_spaces_latin: Option<bool> = None;
        let mut line_start = content.start;
        for line in slice.split('\n') {
            let line_end = line_start + line.len();
            let body = if prev_trimmed.is_some() {
                line.trim_start_matches(is_blank_char)
            } else {
                line
            };
            let body = body.trim_end_matches(is_blank_char);
            let body_start = line_end
                - line
                    .trim_start_matches(|c| prev_trimmed.is_some() && is_blank_char(c))
                    .len();
            if let Some(prev) = prev_trimmed
                && !body.is_empty()
                && join_with_space(prev, body, || {
                    prev_spaced_end
                        || *text_spaces_latin.get_or_insert_with(|| spaces_latin_beside_cjk(slice))
                })
            {
                let newline = line_start - 1;
                segments.push(locate(source, &mut char_cursor, joined.len(), newline));
                joined.push(' ');
            }
            if !body.is_empty() {
                segments.push(locate(source, &mut char_cursor, joined.len(), body_start));
                joined.push_str(body);
                prev_trimmed = Some(body);
                prev_spaced_end = line.ends_with(is_blank_char);
            }
            line_start = line_end + 1;
        }
        if segments.is_empty() {
            segments.push(first_segment);
        }
        DisplayText {
            joined: Some(joined.into_boxed_str()),
            content,
            segments,
        }
    }

    /// The display text; `source` must be the text this was built from.
    pub fn as_str<'s>(&'s self, source: &'s str) -> &'s str {
        match &self.joined {
            Some(joined) => joined,
            None => &source[self.content.clone()],
        }
    }

    /// Source byte and char offsets of a display byte offset (on a char boundary).
    /// The end of the display text maps to the end of the content.
    pub fn source_of(&self, source: &str, display: usize) -> (usize, usize) {
        let index = self
            .segments
            .partition_point(|s| s.display <= display)
            .saturating_sub(1);
        let segment = self.segments[index];
        let next_display = self.segments.get(index + 1).map(|s| s.display);
        if next_display.is_none() && display >= self.display_len(source) {
            let end = self.content.end;
            let chars = count_chars(&source.as_bytes()[segment.source_byte..end]);
            return (end, segment.source_char + chars);
        }
        let source_byte = segment.source_byte + (display - segment.display);
        let chars = count_chars(&source.as_bytes()[segment.source_byte..source_byte]);
        (source_byte, segment.source_char + chars)
    }

    fn display_len(&self, source: &str) -> usize {
        self.as_str(source).len()
    }

    /// A cursor at `display` whose source offsets `byte` and `char_offset` are already
    /// known (a row's start): no counting from the start of the paragraph.
    pub fn cursor_at<'d>(
        &'d self,
        source: &'d str,
        display: usize,
        byte: usize,
        char_offset: usize,
    ) -> SourceCursor<'d> {
        SourceCursor {
            shown: self,
            source,
            segment: self
                .segments
                .partition_point(|s| s.display <= display)
                .saturating_sub(1),
            display,
            byte,
            char_offset,
        }
    }

    /// A cursor mapping increasing display offsets to source offsets in linear time.
    pub fn cursor<'d>(&'d self, source: &'d str, display: usize) -> SourceCursor<'d> {
        let (byte, char_offset) = self.source_of(source, display);
        SourceCursor {
            shown: self,
            source,
            segment: self
                .segments
                .partition_point(|s| s.display <= display)
                .saturating_sub(1),
            display,
            byte,
            char_offset,
        }
    }
}

/// Walks a [`DisplayText`] forwards, keeping source offsets up to date.
pub struct SourceCursor<'d> {
    shown: &'d DisplayText,
    source: &'d str,
    segment: usize,
    display: usize,
    byte: usize,
    char_offset: usize,
}

impl SourceCursor<'_> {
    /// Source (byte, char) of `display`, which must not be before the last one asked.
    pub fn advance_to(&mut self, display: usize) -> (usize, usize) {
        let segments = &self.shown.segments;
        while let Some(next) = segments.get(self.segment + 1)
            && next.display <= display
        {
            self.segment += 1;
            self.display = next.display;
            self.byte = next.source_byte;
            self.char_offset = next.source_char;
        }
        if display > self.display {
            let target = self.byte + (display - self.display);
            let target = target.min(self.source.len());
            self.char_offset += count_chars(&self.source.as_bytes()[self.byte..target]);
            self.byte = target;
            self.display = display;
        }
        (self.byte, self.char_offset)
    }
}

/// Records that display offset `display` starts a copy of the source at `source_byte`,
/// advancing the char cursor to it.
fn locate(source: &str, cursor: &mut (usize, usize), display: usize, source_byte: usize) -> Segment {
    let (byte, chars) = *cursor;
    let source_char = chars + count_chars(&source.as_bytes()[byte..source_byte]);
    *cursor = (source_byte, source_char);
    Segment {
        display,
        source_byte,
        source_char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn display(text: &str) -> String {
        DisplayText::new(text, 0..text.len(), 0).as_str(text).to_string()
    }

    #[test]
    fn joins_hard_wrapped_english_with_one_space() {
        assert_eq!(
            display("the clocks were   \n   striking thirteen"),
            "the clocks were striking thirteen"
        );
    }

    #[test]
    fn joins_hard_wrapped_cjk_without_space() {
        assert_eq!(
            display("及秦灭之后，楚、汉\n分争，又并入于汉"),
            "及秦灭之后，楚、汉分争，又并入于汉"
        );
        assert_eq!(
            display("    使精神的絲縷還牽著己逝\n    的寂寞的時光"),
            "    使精神的絲縷還牽著己逝的寂寞的時光"
        );
    }

    #[test]
    fn looks_through_cjk_quotes_when_joining() {
        assert_eq!(display("他说：“\n你好”"), "他说：“你好”");
        assert_eq!(display("你好。”\n“我们"), "你好。”“我们");
        assert_eq!(display("he said “hello”\n“world”"), "he said “hello” “world”");
    }

    #[test]
    fn hangul_keeps_its_spaces() {
        assert_eq!(display("운수 좋은\n날이었다"), "운수 좋은 날이었다");
    }

    #[test]
    fn latin_beside_cjk_is_joined_as_the_text_writes_it() {
        assert_eq!(display("使用\nUnicode"), "使用 Unicode");
        assert_eq!(
            display("使用 GPS 定位，使用\nUnicode"),
            "使用 GPS 定位，使用 Unicode"
        );
        assert_eq!(display("使用GPS定位，使用\nUnicode"), "使用GPS定位，使用Unicode");
        assert_eq!(
            display("使用GPS定位，使用 \nUnicode"),
            "使用GPS定位，使用 Unicode"
        );
    }

    #[test]
    fn no_space_beside_full_width_punctuation() {
        assert_eq!(display("系统GPS\n，然后用\nPython"), "系统GPS，然后用Python");
        assert_eq!(display("然后，\nPython写程序"), "然后，Python写程序");
    }

    #[test]
    fn maps_display_offsets_back_to_the_source() {
        let text = "ab\n  cd\n中\n文";
        let shown = DisplayText::new(text, 0..text.len(), 0);
        assert_eq!(shown.as_str(text), "ab cd 中文");
        assert_eq!(shown.source_of(text, 0), (0, 0));
        assert_eq!(shown.source_of(text, 2), (2, 2), "the join space is the newline");
        assert_eq!(shown.source_of(text, 3), (5, 5), "continuation indent is skipped");
        assert_eq!(shown.source_of(text, 5), (7, 7));
        assert_eq!(shown.source_of(text, 6), (8, 8));
        assert_eq!(
            shown.source_of(text, 9),
            (12, 10),
            "the joined-away newline maps nowhere"
        );
        assert_eq!(shown.source_of(text, 12), (text.len(), 11));
        let mut cursor = shown.cursor(text, 0);
        for (display, expected) in [(0, (0, 0)), (3, (5, 5)), (6, (8, 8)), (9, (12, 10))] {
            assert_eq!(cursor.advance_to(display), expected);
        }
    }

    #[test]
    fn single_lines_are_not_copied() {
        let text = "x\none line\ny";
        let shown = DisplayText::new(text, 2..10, 2);
        assert_eq!(shown.as_str(text), "one line");
        assert!(shown.joined.is_none());
        assert_eq!(shown.source_of(text, 4), (6, 6));
    }
}
