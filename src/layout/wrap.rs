//! First-fit line filling over break opportunities, measuring whole grapheme clusters.
//! Pure: text in, display byte ranges out.
//!
//! We fill lines ourselves instead of calling textwrap: a tab's width depends on the
//! column it lands on, textwrap's forced breaks can split a cluster, and its optimal-fit
//! leaves CJK lines short (DESIGN §4). Whitespace at a break hangs past the line end.

use std::ops::Range;

use unicode_segmentation::GraphemeCursor;

use super::breaks::{last_break, mandatory_breaks};
use super::glyph::{GlyphOptions, Glyphs, grapheme_len, measure};
use crate::text::class::{is_no_end, is_no_start};

/// Splits `text` into lines of at most `width_cols` columns (a single cluster wider
/// than that gets a line of its own). The ranges partition `text`; each line may end in
/// whitespace that is not drawn. The leading whitespace of the text (a paragraph indent)
/// takes at most half the width.
///
/// Break opportunities are looked up only where a line overflows (see
/// [`last_break`]), so most of the text is never run through UAX #14.
pub fn wrap(text: &str, width_cols: usize, options: GlyphOptions) -> Vec<Range<usize>> {
    wrap_grouped(text, width_cols, options, &[])
}

/// [`wrap`], never breaking inside one of `groups` (sorted, disjoint byte ranges, such
/// as a ruby base with its reading) unless the group is wider than a line.
pub fn wrap_grouped(
    text: &str,
    width_cols: usize,
    options: GlyphOptions,
    groups: &[Range<usize>],
) -> Vec<Range<usize>> {
    let width_cols = width_cols.max(1);
    let mut mandatory = mandatory_breaks(text).into_iter().peekable();
    let mut filler = Filler {
        text,
        width_cols,
        options,
        groups,
        lines: Vec::new(),
        line_start: 0,
        col: 0,
    };
    let bytes = text.as_bytes();
    let mut byte = 0;
    let mut leading = true;
    while byte < text.len() {
        if mandatory
            .next_if(|&at| at <= byte)
            .is_some_and(|at| at == byte && byte > filler.line_start)
        {
            filler.end_line(byte);
            continue;
        }
        if !leading && filler.col < width_cols {
            // Skip the printable ASCII that certainly fits on the line (the common case),
            // stopping one char short of any non-ASCII char it might combine with.
            let limit = (byte + width_cols - filler.col).min(text.len());
            let mut run_end = bytes[byte..limit]
                .iter()
                .position(|b| !(0x20..0x7f).contains(b))
                .map_or(limit, |i| byte + i);
            if bytes.get(run_end).is_some_and(|&b| b >= 0x80) {
                run_end = run_end.saturating_sub(1).max(byte);
            }
            if run_end > byte {
                filler.col += run_end - byte;
                byte = run_end;
                continue;
            }
        }
        let ascii = bytes[byte];
        let ascii_next = bytes.get(byte + 1).is_none_or(|&b| b < 0x80);
        if ascii == b' ' && ascii_next && !leading {
            // A space hangs: it never overflows the line.
            filler.col += 1;
            byte += 1;
            continue;
        }
        if (0x21..0x7f).contains(&ascii) && ascii_next {
            // Printable ASCII followed by ASCII: one column, one cluster (the hot path).
            if filler.col + 1 > width_cols && byte > filler.line_start {
                filler.overflow_at(byte);
                continue;
            }
            leading = false;
            filler.col += 1;
            byte += 1;
            continue;
        }
        let len = grapheme_len(text, byte);
        let mut glyph = measure(text, byte, len, filler.col, options);
        if leading && glyph.is_space() {
            // An indent wider than half the line would push the text off it.
            glyph.cols = glyph.cols.min((width_cols / 2).saturating_sub(filler.col));
        } else {
            leading = false;
        }
        if !glyph.is_space() && filler.col + glyph.cols > width_cols && byte > filler.line_start {
            filler.overflow_at(byte);
            continue;
        }
        filler.col += glyph.cols;
        byte += len;
    }
    filler.lines.push(filler.line_start..text.len());
    filler.lines
}

struct Filler<'t> {
    text: &'t str,
    width_cols: usize,
    options: GlyphOptions,
    groups: &'t [Range<usize>],
    lines: Vec<Range<usize>>,
    line_start: usize,
    col: usize,
}

impl Filler<'_> {
    fn end_line(&mut self, at: usize) {
        self.lines.push(self.line_start..at);
        self.line_start = at;
        self.col = 0;
    }

    /// The cluster at `byte` does not fit: end the line at the last opportunity, or
    /// break inside the word if there is none, and re-measure what moves down.
    fn overflow_at(&mut self, byte: usize) {
        let at = last_break(self.text, self.line_start, byte).unwrap_or_else(|| self.forced_break(byte));
        let at = self.outside_groups(at);
        self.end_line(at);
        self.refill(byte);
    }

    /// `at`, moved back to the start of the group it would split (if that is not the
    /// line's start: a group wider than the line is split where it must be).
    fn outside_groups(&self, at: usize) -> usize {
        let index = self.groups.partition_point(|g| g.start < at);
        let mut at = match index.checked_sub(1).map(|i| &self.groups[i]) {
            Some(group) if at < group.end && group.start > self.line_start => group.start,
            _ => return at,
        };
        // Opening brackets before the group go down with it.
        while let Some(prev) = self.text[..at].chars().next_back()
            && is_no_end(prev)
            && at - prev.len_utf8() > self.line_start
        {
            at -= prev.len_utf8();
        }
        at
    }

    /// Measures what moved down (up to `byte`) at its new column. A tab there can be
    /// wider than it was further right; while the line is too wide, it is broken again
    /// at the cluster that does not fit.
    fn refill(&mut self, byte: usize) {
        loop {
            let mut col = 0;
            let mut cut = None;
            for glyph in Glyphs::new(self.text, self.line_start, byte, 0, self.options) {
                if !glyph.is_space() && col + glyph.cols > self.width_cols && glyph.byte > self.line_start {
                    cut = Some(glyph.byte);
                    break;
                }
                col += glyph.cols;
            }
            match cut {
                Some(at) => self.end_line(at),
                None => {
                    self.col = col;
                    return;
                }
            }
        }
    }

    /// A break inside an over-long word, moved back cluster by cluster while it would
    /// put closing punctuation at a line start or opening punctuation at a line end.
    fn forced_break(&self, byte: usize) -> usize {
        let mut at = byte;
        loop {
            let next = self.text[at..].chars().next();
            let prev = self.text[..at].chars().next_back();
            if !(next.is_some_and(is_no_start) || prev.is_some_and(is_no_end)) {
                return at;
            }
            let mut cursor = GraphemeCursor::new(at, self.text.len(), true);
            match cursor.prev_boundary(self.text, 0) {
                // Back off over words, not into the whitespace before them.
                Ok(Some(before)) if before > self.line_start && !prev.is_some_and(char::is_whitespace) => {
                    at = before
                }
                // Nowhere to break without a violation: break where the line is full.
                _ => return byte,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::width::AmbiguousWidth;

    /// The wrapped lines, trailing whitespace dropped, as a text picture.
    fn picture(text: &str, width: usize) -> String {
        wrap(text, width, GlyphOptions::default())
            .into_iter()
            .map(|r| text[r].trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn fills_english_lines_first_fit() {
        assert_eq!(
            picture(
                "It was a bright cold day in April, and the clocks were striking thirteen.",
                20
            ),
            "It was a bright cold\nday in April, and\nthe clocks were\nstriking thirteen."
        );
    }

    #[test]
    fn wraps_chinese_by_display_width_with_kinsoku() {
        // "，" may not start a line, so "们" moves down with it; "好。" likewise.
        assert_eq!(picture("我们，你好。", 5), "我\n们，\n你\n好。");
        assert_eq!(picture("我们，你好。", 6), "我们，\n你好。");
    }

    #[test]
    fn opening_brackets_never_end_a_line() {
        assert_eq!(picture("他读了「红楼梦」。", 8), "他读了\n「红楼\n梦」。");
    }

    #[test]
    fn long_words_and_urls_break_at_the_width() {
        assert_eq!(
            picture("see https://example.com/averyveryverylongpath ok", 12),
            "see https://\nexample.com/\naveryveryver\nylongpath ok"
        );
    }

    #[test]
    fn forced_breaks_keep_brackets_with_their_contents() {
        assert_eq!(picture("aAAaa「大」", 9), "aAAaa\n「大」");
    }

    /// Found by fuzzing: a tab that moved to a line start grew from 2 to 8 columns.
    #[test]
    fn a_tab_carried_to_a_new_line_never_makes_it_too_wide() {
        let text = "\t\t\t‰‰‰‰‰‰‰‰‰‰‰‰‰‰‰‰‰‰‰‰G½‘\t7\t\tïi";
        for line in wrap(text, 13, GlyphOptions::default()) {
            let cols: usize = Glyphs::new(text, line.start, line.end, 0, GlyphOptions::default())
                .filter(|g| !g.is_space())
                .map(|g| g.cols)
                .sum();
            assert!(cols <= 13, "{:?}", &text[line.clone()]);
            assert!(
                !text[line.clone()].starts_with('\t') || line.start == 0,
                "a line starts with a tab"
            );
        }
    }

    #[test]
    fn korean_breaks_only_at_spaces() {
        assert_eq!(picture("운수 좋은 날이었다", 10), "운수 좋은\n날이었다");
        assert_eq!(
            picture("큰 관청(韓官廳)에서 왔다", 12),
            "큰\n관청(韓官廳)\n에서 왔다"
        );
    }

    #[test]
    fn an_over_long_korean_word_with_hanja_still_breaks_at_the_width() {
        assert_eq!(picture("거름집(堆肥舍)과", 8), "거름집\n(堆肥舍)\n과");
    }

    #[test]
    fn a_cluster_wider_than_the_line_gets_its_own_line() {
        assert_eq!(picture("中文", 1), "中\n文");
        assert_eq!(
            picture("a👨\u{200d}👩\u{200d}👧b", 2),
            "a\n👨\u{200d}👩\u{200d}👧\nb"
        );
    }

    #[test]
    fn tabs_reach_the_next_stop_and_indents_are_capped() {
        assert_eq!(picture("a\tb c", 11), "a\tb c");
        assert_eq!(picture("a\tb c", 10), "a\tb\nc");
        assert_eq!(
            wrap("ab\tc", 4, GlyphOptions::default()),
            [0..3, 3..4],
            "the tab hangs like a space"
        );
        let indented = format!("{}word", " ".repeat(30));
        let lines = wrap(&indented, 20, GlyphOptions::default());
        assert_eq!(lines.len(), 1, "a 30-column indent shrinks to 10");
    }

    #[test]
    fn ideographic_space_hangs_at_line_end() {
        assert_eq!(
            picture("\u{3000}\u{3000}今天晚上\u{3000}很好", 12),
            "\u{3000}\u{3000}今天晚上\n很好"
        );
    }

    #[test]
    fn ambiguous_wide_mode_counts_quotes_as_two() {
        let options = GlyphOptions {
            ambiguous: AmbiguousWidth::Wide,
            ..Default::default()
        };
        let lines = wrap("“ab”", 4, options);
        assert_eq!(lines.len(), 2);
    }
}
