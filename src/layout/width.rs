//! Display width of grapheme clusters in terminal columns, and the classes of
//! characters the wrapper treats specially. Pure; never touches the terminal.
//!
//! textwrap sums per-char widths, which mis-measures ZWJ emoji, VS16 sequences,
//! keycaps and halfwidth voiced kana (DESIGN §4). We measure each grapheme cluster
//! as a whole with unicode-width's string width, which is also what ratatui uses
//! when it draws a cell, so layout and drawing agree.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How to count East Asian Ambiguous characters (“ ” … — ° and friends): one column
/// (most Western terminals) or two (CJK terminals with the "ambiguous wide" option).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmbiguousWidth {
    #[default]
    Narrow,
    Wide,
}

/// Columns from `col` to the next tab stop.
pub const TAB_STOP: usize = 8;

pub fn tab_cols(col: usize) -> usize {
    TAB_STOP - col % TAB_STOP
}

/// Width of one grapheme cluster that is not a control character. Zero-width clusters
/// (a lone combining mark, a format character) return 0; wider than 2 never happens
/// for a single cluster in a terminal, so the result is clamped to 2.
pub fn grapheme_cols(grapheme: &str, ambiguous: AmbiguousWidth) -> usize {
    let cols = match ambiguous {
        AmbiguousWidth::Narrow => grapheme.width(),
        AmbiguousWidth::Wide => grapheme.width_cjk(),
    };
    cols.min(2)
}

/// Width of a single char that is known to form a grapheme cluster on its own.
pub fn char_cols(c: char, ambiguous: AmbiguousWidth) -> usize {
    let cols = match ambiguous {
        AmbiguousWidth::Narrow => c.width(),
        AmbiguousWidth::Wide => c.width_cjk(),
    };
    cols.unwrap_or(0)
}

/// Characters that can never start a cluster continuation, so the char before them
/// is a whole grapheme: lets the wrapper skip grapheme segmentation for most CJK text.
pub fn starts_new_cluster(c: char) -> bool {
    (c.is_ascii() && c != '\r')
        || matches!(c,
            '\u{3001}'..='\u{3098}'   // CJK punctuation and Hiragana, before the combining kana marks
            | '\u{309b}'..='\u{30ff}'
            | '\u{3400}'..='\u{4dbf}'
            | '\u{4e00}'..='\u{9fff}'
            | '\u{ac00}'..='\u{d7a3}'
            | '\u{ff01}'..='\u{ff5e}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(s: &str) -> usize {
        grapheme_cols(s, AmbiguousWidth::Narrow)
    }

    #[test]
    fn chars_always_wide_are_two_columns_in_either_width() {
        let wide: Vec<char> = ('\u{3000}'..='\u{ffff}')
            .filter(|&c| crate::text::class::is_always_wide(c))
            .collect();
        assert!(wide.len() > 27_000);
        for c in wide {
            assert_eq!(char_cols(c, AmbiguousWidth::Narrow), 2, "{c:?}");
            assert_eq!(char_cols(c, AmbiguousWidth::Wide), 2, "{c:?}");
            assert!(!crate::sanitize::is_invisible(c) && !crate::layout::glyph::is_space(c));
        }
    }

    #[test]
    fn measures_emoji_sequences_as_one_wide_cluster() {
        assert_eq!(cols("👨\u{200d}👩\u{200d}👧"), 2, "ZWJ family");
        assert_eq!(cols("❤\u{fe0f}"), 2, "VS16 heart");
        assert_eq!(cols("1\u{fe0f}\u{20e3}"), 2, "keycap");
        assert_eq!(cols("🇯🇵"), 2, "flag");
    }

    #[test]
    fn measures_combining_marks_and_halfwidth_kana() {
        assert_eq!(cols("e\u{301}"), 1);
        assert_eq!(
            cols("ｶ\u{ff9e}"),
            2,
            "halfwidth ka + voiced mark shows as two cells"
        );
        assert_eq!(cols("\u{1100}\u{1161}\u{11a8}"), 2, "conjoining jamo syllable");
    }

    #[test]
    fn ambiguous_width_is_configurable() {
        assert_eq!(grapheme_cols("“", AmbiguousWidth::Narrow), 1);
        assert_eq!(grapheme_cols("“", AmbiguousWidth::Wide), 2);
        assert_eq!(grapheme_cols("中", AmbiguousWidth::Narrow), 2);
    }

    #[test]
    fn tab_stops_every_eight_columns() {
        assert_eq!(tab_cols(0), 8);
        assert_eq!(tab_cols(5), 3);
        assert_eq!(tab_cols(8), 8);
    }

    #[test]
    fn combining_marks_extend_a_cluster() {
        assert!(!starts_new_cluster('\u{3099}'), "combining voiced mark extends");
    }
}
