//! The folded form of a text, in which anchoring compares and searches quotes: every
//! whitespace run becomes one space, and a line break joined away beside a CJK
//! character becomes nothing. Owns the map from folded offsets back to the source.
//! Pure; knows nothing about annotations.
//!
//! These are the rules of `text::pattern` (DESIGN §1.2) applied to both sides at once:
//! a quote matches a place under the pattern rules exactly when their folded forms are
//! equal, except where the quote itself has whitespace beside a CJK character (the
//! pattern then also accepts a joined line break there; see `exact.rs`). Folding the
//! whole text once lets many quotes be searched in one pass and lets the approximate
//! matcher ignore re-wrapping entirely.

use std::ops::Range;

use crate::text::class::may_join_tight;

/// Folded chars of a text, each with the byte offset in the source where it starts
/// (for a space standing for a whitespace run: where the run starts).
#[derive(Debug, Clone)]
pub(super) struct FoldChars<'t> {
    source: &'t str,
    byte: usize,
    /// The last char that was not whitespace, to decide whether a run is a joined break.
    before: Option<char>,
}

impl<'t> FoldChars<'t> {
    pub(super) fn new(source: &'t str) -> Self {
        FoldChars {
            source,
            byte: 0,
            before: None,
        }
    }
}

impl Iterator for FoldChars<'_> {
    type Item = (usize, char);

    fn next(&mut self) -> Option<(usize, char)> {
        loop {
            let start = self.byte;
            let c = self.source[start..].chars().next()?;
            if !c.is_whitespace() {
                self.byte += c.len_utf8();
                self.before = Some(c);
                return Some((start, c));
            }
            let run_len = self.source[start..]
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(self.source.len() - start);
            self.byte = start + run_len;
            let after = self.source[self.byte..].chars().next();
            if !is_joined_break(self.before, &self.source[start..self.byte], after) {
                return Some((start, ' '));
            }
        }
    }
}

/// A whitespace run beside a CJK character holding one line break, or two around
/// a line of spaces (double-spaced files): the layout joins those lines without a
/// space, and `text::pattern` lets it match nothing.
#[inline]
fn is_joined_break(before: Option<char>, run: &str, after: Option<char>) -> bool {
    if !before.zip(after).is_some_and(|(b, a)| may_join_tight(b, a)) {
        return false;
    }
    let mut lines = run.split('\n').skip(1);
    match (lines.next(), lines.next(), lines.next()) {
        (Some(_), None, None) => true,
        (Some(middle), Some(_), None) => !middle.is_empty(),
        _ => false,
    }
}

/// Bytes that can start a whitespace char (see `whitespace_len`).
const MAY_START_WHITESPACE: [bool; 256] = {
    let mut table = [false; 256];
    let starts = [b' ', b'\t', b'\n', 0x0b, 0x0c, b'\r', 0xc2, 0xe1, 0xe2, 0xe3];
    let mut i = 0;
    while i < starts.len() {
        table[starts[i] as usize] = true;
        i += 1;
    }
    table
};

/// Length in bytes of the whitespace char starting at `byte` (0 if it is not one).
/// Besides ASCII, only chars with these UTF-8 lead bytes are whitespace (U+0085, U+00A0,
/// U+1680, U+2000..U+205F, U+3000); every other byte is skipped without decoding.
#[inline]
fn whitespace_len(source: &str, byte: usize) -> usize {
    match source.as_bytes()[byte] {
        b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => 1,
        0xc2 | 0xe1 | 0xe2 | 0xe3 => source[byte..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

/// The folded form of a short string (a quote or its context).
pub(super) fn fold(source: &str) -> String {
    FoldChars::new(source).map(|(_, c)| c).collect()
}

/// Whether two strings are equal once folded: whitespace runs compare equal to each
/// other, and joined CJK line breaks are ignored.
pub(super) fn fold_eq(a: &str, b: &str) -> bool {
    FoldChars::new(a)
        .map(|(_, c)| c)
        .eq(FoldChars::new(b).map(|(_, c)| c))
}

/// Where the distance between folded and source offsets changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shift {
    folded_byte: usize,
    source_byte: usize,
}

/// A whole text folded once, with the map back to source byte offsets.
#[derive(Debug, Clone)]
pub(super) struct Folded {
    text: String,
    /// Sorted by both fields; folded and source offsets differ by a constant between two
    /// shifts. Sparse: a lone space or a line break folds to one byte and shifts nothing.
    shifts: Vec<Shift>,
}

impl Folded {
    /// Folds a whole text. Same result as `fold`, but copies the text between
    /// whitespace runs in bulk: most of a 5 MB article is copied, not decoded.
    pub(super) fn new(source: &str) -> Folded {
        let mut folded = Folded {
            text: String::with_capacity(source.len()),
            shifts: vec![Shift {
                folded_byte: 0,
                source_byte: 0,
            }],
        };
        let bytes = source.as_bytes();
        let mut before = None;
        let mut span_start = 0;
        let mut byte = 0;
        while byte < bytes.len() {
            if !MAY_START_WHITESPACE[bytes[byte] as usize] {
                byte += 1;
                continue;
            }
            let len = whitespace_len(source, byte);
            if len == 0 {
                byte += 1;
                continue;
            }
            let span = &source[span_start..byte];
            before = span.chars().next_back().or(before);
            folded.copy(span, span_start);
            let mut run_end = byte + len;
            while run_end < bytes.len() {
                match whitespace_len(source, run_end) {
                    0 => break,
                    len => run_end += len,
                }
            }
            let after = source[run_end..].chars().next();
            if !is_joined_break(before, &source[byte..run_end], after) {
                folded.copy(" ", byte);
            }
            span_start = run_end;
            byte = run_end;
        }
        folded.copy(&source[span_start..], span_start);
        folded
    }

    /// Appends text that starts at `source_byte` in the source.
    fn copy(&mut self, text: &str, source_byte: usize) {
        let folded_byte = self.text.len();
        let last = self.shifts[self.shifts.len() - 1];
        if !text.is_empty() && source_byte - folded_byte != last.source_byte - last.folded_byte {
            self.shifts.push(Shift {
                folded_byte,
                source_byte,
            });
        }
        self.text.push_str(text);
    }

    pub(super) fn as_str(&self) -> &str {
        &self.text
    }

    /// Source byte of the folded char starting at `folded_byte`.
    pub(super) fn source_byte(&self, folded_byte: usize) -> usize {
        let index = self.shifts.partition_point(|s| s.folded_byte <= folded_byte) - 1;
        let shift = self.shifts[index];
        folded_byte - shift.folded_byte + shift.source_byte
    }

    /// Folded byte of the source char at `source_byte`; a byte inside a whitespace run
    /// maps to the run's folded space or to the char after the run (close enough for
    /// search windows, the only use of such bytes).
    pub(super) fn folded_byte(&self, source_byte: usize) -> usize {
        let index = self.shifts.partition_point(|s| s.source_byte <= source_byte) - 1;
        let shift = self.shifts[index];
        let mut folded_byte = source_byte - shift.source_byte + shift.folded_byte;
        if let Some(next) = self.shifts.get(index + 1) {
            folded_byte = folded_byte.min(next.folded_byte);
        }
        folded_byte = folded_byte.min(self.text.len());
        while !self.text.is_char_boundary(folded_byte) {
            folded_byte += 1;
        }
        folded_byte
    }

    /// Source byte range of a folded range that starts and ends with a char that is
    /// not whitespace (the folded form copies such chars unchanged).
    pub(super) fn source_range(&self, folded: Range<usize>) -> Range<usize> {
        let last_len = self.text[..folded.end]
            .chars()
            .next_back()
            .map_or(0, char::len_utf8);
        let start = self.source_byte(folded.start);
        let end = if folded.end > folded.start {
            self.source_byte(folded.end - last_len) + last_len
        } else {
            start
        };
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn whitespace_runs_become_one_space() {
        assert_eq!(
            fold("the  clocks\nwere\t \n striking"),
            "the clocks were striking"
        );
        assert_eq!(fold("  lead and trail \n"), " lead and trail ");
    }

    #[test]
    fn joined_cjk_line_breaks_become_nothing() {
        assert_eq!(fold("楚、汉\n分争"), "楚、汉分争");
        assert_eq!(fold("楚、汉\n    分争"), "楚、汉分争");
        assert_eq!(fold("隐去，\n \n  而借"), "隐去，而借", "double-spaced lines");
        assert_eq!(
            fold("。\n\u{3000}\u{3000}他"),
            "。他",
            "full-width indent of a new line"
        );
    }

    #[test]
    fn other_breaks_between_cjk_stay_a_space() {
        assert_eq!(fold("汉\n\n分"), "汉 分", "a blank line is a paragraph break");
        assert_eq!(fold("汉\n \n \n分"), "汉 分", "so are two lines of spaces");
        assert_eq!(fold("汉 分"), "汉 分", "a space without a line break");
        assert_eq!(
            fold("汉\na"),
            "汉a",
            "beside a CJK character a break may be nothing"
        );
        assert_eq!(fold("운수\n좋은"), "운수 좋은", "Hangul keeps its spaces");
    }

    #[test]
    fn fold_eq_ignores_rewrapping() {
        assert!(fold_eq(
            "a quote that\nresists summary",
            "a quote  that resists\nsummary"
        ));
        assert!(!fold_eq("a quote", "a  quota"));
        assert!(!fold_eq("ab", "a b"));
    }

    #[test]
    fn maps_folded_offsets_back_to_the_source() {
        let source = "ab  cd\n\u{3000}中\n文 e";
        let folded = Folded::new(source);
        assert_eq!(folded.as_str(), "ab cd中文 e");
        for (folded_byte, c) in folded.as_str().char_indices().filter(|(_, c)| *c != ' ') {
            let source_byte = folded.source_byte(folded_byte);
            assert_eq!(source[source_byte..].chars().next(), Some(c));
            assert_eq!(folded.folded_byte(source_byte), folded_byte);
        }
        let cd = folded.as_str().find("cd").unwrap();
        assert_eq!(&source[folded.source_range(cd..cd + 2)], "cd");
        let zhongwen = folded.as_str().find("中文").unwrap();
        assert_eq!(&source[folded.source_range(zhongwen..zhongwen + 6)], "中\n文");
        assert_eq!(folded.folded_byte(3), 3, "inside a run: the char after it");
    }

    proptest! {
        #[test]
        fn every_folded_char_maps_to_the_same_source_char(
            source in "([a-c中文é\u{2028}\u{a0}]|[ \n\t\u{3000}\u{85}\u{2003}]{1,3}){0,60}"
        ) {
            let folded = Folded::new(&source);
            prop_assert_eq!(folded.as_str(), fold(&source));
            for (folded_byte, c) in folded.as_str().char_indices() {
                let source_byte = folded.source_byte(folded_byte);
                let source_char = source[source_byte..].chars().next().unwrap();
                if c == ' ' {
                    prop_assert!(source_char.is_whitespace());
                } else {
                    prop_assert_eq!(source_char, c);
                    prop_assert_eq!(folded.folded_byte(source_byte), folded_byte);
                }
            }
        }
    }
}
