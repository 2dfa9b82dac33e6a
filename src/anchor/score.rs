//! How well a place in the text fits an annotation. The weights are those of
//! Hypothesis's anchoring (`match-quote` in the Hypothesis client): 50 for the quote's
//! similarity, 20 each for the prefix and the suffix, 2 for closeness to where the
//! annotation is expected. All comparisons happen on folded text. Pure.

use std::ops::Range;

use super::fold::FoldChars;
use super::myers::{self, Pattern};
use crate::annotation::Annotation;

pub(super) const QUOTE_WEIGHT: f64 = 50.0;
pub(super) const PREFIX_WEIGHT: f64 = 20.0;
pub(super) const SUFFIX_WEIGHT: f64 = 20.0;
pub(super) const POSITION_WEIGHT: f64 = 2.0;
pub(super) const TOTAL_WEIGHT: f64 = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/// Prefix plus suffix agreement (out of 2) that confirms a place: most of the context
/// around it is what it was.
pub(super) const CONFIRMING_CONTEXT: f64 = 1.5;

/// Agreement of one side (out of 1) from which the context agrees at a place, so that
/// a note may move there by itself: at most a quarter of the side's code points edited
/// (8 of 32). Measured on War and Peace, 红楼梦 and 광염 소나타, the sides of 400
/// random places each agree with the text around other random places at 0.1 to 0.3
/// (median), 0.2 to 0.4 (99th percentile).
pub(super) const AGREEING_SIDE: f64 = 0.75;

/// A stored side of fewer folded code points than this (cut short by the text's edge,
/// or mostly whitespace) agrees only where the text's edge is as near: a few chars
/// recur anywhere.
pub(super) const MIN_AGREEING_SIDE_CHARS: usize = 8;

/// Folded code points below which a quote is short (a name, a word, a dialogue tag):
/// such quotes recur by chance, so in an edited text they need their context to agree
/// even to stay exact.
pub(super) const SHORT_QUOTE_CHARS: usize = 16;

/// Whether a quote, folded and without whitespace at its edges, is short. An empty
/// quote is not: there is nothing to search for, and nothing to agree around.
pub(super) fn is_short_quote(exact: &str) -> bool {
    let head: Vec<char> = FoldChars::new(exact)
        .map(|(_, c)| c)
        .skip_while(|&c| c == ' ')
        .take(SHORT_QUOTE_CHARS + 1)
        .collect();
    let trailing_space = usize::from(head.last() == Some(&' '));
    (1..SHORT_QUOTE_CHARS).contains(&(head.len() - trailing_space))
}

/// An annotation's quote and context in folded form, prepared for matching.
#[derive(Debug, Clone)]
pub(super) struct Selector {
    /// The folded quote without whitespace at its edges: what is searched.
    pub quote: String,
    pub prefix: Pattern,
    pub suffix: Pattern,
    /// The suffix reversed, to find where it starts by scanning backwards.
    pub suffix_reversed: Pattern,
    /// The quote began or ended inside a word (the person selected part of one): a
    /// match's ends may then also fall inside words.
    pub starts_mid_word: bool,
    pub ends_mid_word: bool,
}

/// A letter or digit of a script that separates its words with spaces.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !crate::text::class::is_cjk_wide(c)
}

impl Selector {
    /// Folds prefix, quote and suffix together, so that a line break joined away at the
    /// quote's edge folds as it does in the text; whitespace at the quote's edges
    /// belongs to the context.
    pub(super) fn new(annotation: &Annotation) -> Selector {
        let combined = format!("{}{}{}", annotation.prefix, annotation.exact, annotation.suffix);
        let quote_bytes = annotation.prefix.len()..annotation.prefix.len() + annotation.exact.len();
        let (mut prefix, mut quote, mut suffix) = (Vec::new(), Vec::new(), Vec::new());
        for (byte, c) in FoldChars::new(&combined) {
            if byte < quote_bytes.start {
                prefix.push(c);
            } else if byte < quote_bytes.end {
                quote.push(c);
            } else {
                suffix.push(c);
            }
        }
        if quote.first() == Some(&' ') {
            prefix.push(quote.remove(0));
        }
        if quote.last() == Some(&' ') {
            suffix.insert(0, ' ');
            quote.pop();
        }
        let suffix_reversed: Vec<char> = suffix.iter().rev().copied().collect();
        let joined = |a: Option<&char>, b: Option<&char>| {
            a.is_some_and(|&c| is_word_char(c)) && b.is_some_and(|&c| is_word_char(c))
        };
        let starts_mid_word = joined(prefix.last(), quote.first());
        let ends_mid_word = joined(quote.last(), suffix.first());
        Selector {
            starts_mid_word,
            ends_mid_word,
            quote: quote.into_iter().collect(),
            prefix: Pattern::new(&prefix),
            suffix: Pattern::new(&suffix),
            suffix_reversed: Pattern::new(&suffix_reversed),
        }
    }

    /// The quote is short (see `SHORT_QUOTE_CHARS`).
    pub(super) fn is_short(&self) -> bool {
        self.quote.chars().nth(SHORT_QUOTE_CHARS - 1).is_none()
    }

    /// How well the folded text around `at` (folded bytes) agrees with the context.
    pub(super) fn context_fit(&self, folded: &str, at: Range<usize>) -> ContextFit {
        let before = &folded[..at.start];
        let prefix = match self.prefix.len_chars() {
            // No stored prefix: the quote began the text. Unlike Hypothesis, which counts
            // a missing context as agreeing with anything, we ask for the text's start:
            // otherwise any weak match would get 20 free points.
            0 => edge_fit(before),
            len => similarity(&self.prefix, before[window_before(before, len)..].chars()),
        };
        let after = &folded[at.end..];
        let suffix = match self.suffix.len_chars() {
            0 => edge_fit(after),
            len => similarity(&self.suffix, after.chars().take(len)),
        };
        ContextFit { prefix, suffix }
    }

    /// Whether the context agrees at `at` (folded bytes), whose fit is `fit`: the
    /// prefix or the suffix agrees to `AGREEING_SIDE` or more, and for a short quote
    /// both do (a side cut short by the text's edge aside: a few chars found next to a
    /// short quote are no evidence, but a whole side of 32 is). A side shorter than
    /// `MIN_AGREEING_SIDE_CHARS` agrees only where the text's edge is as near as it was
    /// (an empty side: at the edge).
    pub(super) fn agrees(&self, folded: &str, at: Range<usize>, fit: ContextFit) -> bool {
        let prefix_len = self.prefix.len_chars();
        let prefix = fit.prefix >= AGREEING_SIDE
            && (prefix_len >= MIN_AGREEING_SIDE_CHARS || {
                let before = &folded[..at.start];
                is_edge(&before[..window_before(before, prefix_len)])
            });
        let suffix_len = self.suffix.len_chars();
        let suffix = fit.suffix >= AGREEING_SIDE
            && (suffix_len >= MIN_AGREEING_SIDE_CHARS || {
                let after = &folded[at.end..];
                let window_end = after
                    .char_indices()
                    .nth(suffix_len)
                    .map_or(after.len(), |(byte, _)| byte);
                is_edge(&after[window_end..])
            });
        if self.is_short() {
            let whole = |len: usize, agrees: bool| agrees || len < MIN_AGREEING_SIDE_CHARS;
            (prefix || suffix) && whole(prefix_len, prefix) && whole(suffix_len, suffix)
        } else {
            prefix || suffix
        }
    }
}

/// Byte where the window of the last `len` chars of `before` starts.
fn window_before(before: &str, len: usize) -> usize {
    match len.checked_sub(1) {
        Some(nth) => before.char_indices().rev().nth(nth).map_or(0, |(byte, _)| byte),
        None => before.len(),
    }
}

/// Only whitespace (folded: spaces) between a place and the text's edge.
fn is_edge(beyond: &str) -> bool {
    beyond.bytes().all(|b| b == b' ')
}

/// 1 when only whitespace separates a place from the text's edge, else 0.
fn edge_fit(beyond: &str) -> f64 {
    if is_edge(beyond) { 1.0 } else { 0.0 }
}

/// 1 when the pattern occurs in the window unchanged, falling by 1/len per edit
/// (Hypothesis's `textMatchScore`).
fn similarity(pattern: &Pattern, window: impl Iterator<Item = char>) -> f64 {
    1.0 - myers::min_errors(pattern, window) as f64 / pattern.len_chars().max(1) as f64
}

/// Agreement of the text before and after a place with the stored prefix and suffix,
/// each from 0 (nothing alike) to 1 (identical).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ContextFit {
    pub prefix: f64,
    pub suffix: f64,
}

impl ContextFit {
    pub(super) const PERFECT: ContextFit = ContextFit {
        prefix: 1.0,
        suffix: 1.0,
    };

    pub(super) fn sum(self) -> f64 {
        self.prefix + self.suffix
    }

    pub(super) fn is_perfect(self) -> bool {
        self == Self::PERFECT
    }

    /// Equal agreement: position alone must not choose between two such places.
    pub(super) fn ties(self, other: ContextFit) -> bool {
        (self.sum() - other.sum()).abs() < 1e-9
    }
}

/// The weighted score of a place, out of `TOTAL_WEIGHT`.
pub(super) fn score(quote_similarity: f64, context: ContextFit, closeness: f64) -> f64 {
    QUOTE_WEIGHT * quote_similarity
        + PREFIX_WEIGHT * context.prefix
        + SUFFIX_WEIGHT * context.suffix
        + POSITION_WEIGHT * closeness
}

/// 1 at an expected position, falling linearly to 0 a whole text away from the nearest.
pub(super) fn closeness(char_offset: usize, expected: &[usize], len_chars: usize) -> f64 {
    let distance = expected
        .iter()
        .map(|&e| e.abs_diff(char_offset))
        .min()
        .unwrap_or(0);
    1.0 - distance.min(len_chars) as f64 / len_chars.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selector(prefix: &str, exact: &str, suffix: &str) -> Selector {
        Selector::new(
            &Annotation::new(crate::annotation::Kind::Highlight, exact, 0..0).with_context(prefix, suffix),
        )
    }

    #[test]
    fn whitespace_at_the_quote_edges_is_context() {
        let s = selector("said\n", " the quote\n ", "\nand");
        assert_eq!(s.quote, "the quote");
        assert_eq!(s.prefix.len_chars(), 5, "\"said \"");
        assert_eq!(s.suffix.len_chars(), 4, "\" and\"");
    }

    #[test]
    fn a_joined_break_at_the_quote_edge_folds_away() {
        let s = selector("楚、汉\n", "分争", "，又");
        assert_eq!(s.quote, "分争");
        assert_eq!(s.prefix.len_chars(), 3);
    }

    #[test]
    fn context_fit_falls_by_one_over_length_per_edit() {
        let s = selector("abcd", "QUOTE", "wxyz");
        let text = "..abcdQUOTEwxyz..";
        assert_eq!(s.context_fit(text, 6..11), ContextFit::PERFECT);
        let edited = "..abXdQUOTEwxyz..";
        assert_eq!(s.context_fit(edited, 6..11).prefix, 0.75);
        let at_start = "QUOTEwxy";
        assert_eq!(
            s.context_fit(at_start, 0..5),
            ContextFit {
                prefix: 0.0,
                suffix: 0.75
            }
        );
    }

    #[test]
    fn a_missing_context_asks_for_the_text_edge() {
        let s = selector("", "QUOTE", "");
        assert_eq!(s.context_fit(" QUOTE ", 1..6), ContextFit::PERFECT);
        assert_eq!(
            s.context_fit("a QUOTE b", 2..7),
            ContextFit {
                prefix: 0.0,
                suffix: 0.0
            }
        );
    }

    /// Where `quote` first occurs in `text`, whether the context of `s` agrees there.
    fn agrees_at(s: &Selector, text: &str, quote: &str) -> bool {
        let start = text.find(quote).unwrap();
        let at = start..start + quote.len();
        s.agrees(text, at.clone(), s.context_fit(text, at))
    }

    #[test]
    fn a_side_agrees_with_at_most_a_quarter_of_it_edited() {
        let prefix = "abcdefghijklmnopqrstuvwxyz012345";
        let quote = "A QUOTE OF SOME LENGTH";
        let suffix = " and lit the lamp at dusk again.";
        let s = selector(prefix, quote, suffix);
        assert!(agrees_at(&s, &format!("..{prefix}{quote}{suffix}.."), quote));
        let rewritten = " rewritten, every word of it....";
        assert!(
            agrees_at(&s, &format!("..{prefix}{quote}{rewritten}.."), quote),
            "one side is enough"
        );
        let eight_edits = "ABCDEFGHijklmnopqrstuvwxyz012345";
        assert!(agrees_at(
            &s,
            &format!("..{eight_edits}{quote}{rewritten}.."),
            quote
        ));
        let nine_edits = "ABCDEFGHIjklmnopqrstuvwxyz012345";
        assert!(!agrees_at(
            &s,
            &format!("..{nine_edits}{quote}{rewritten}.."),
            quote
        ));
    }

    #[test]
    fn a_short_quote_needs_both_sides() {
        let prefix = "the old keeper climbed the stair";
        let suffix = ", wound the clock, and went out.";
        let s = selector(prefix, "lamp", suffix);
        assert!(agrees_at(&s, &format!("..{prefix}lamp{suffix}.."), "lamp"));
        let other_suffix = ", then sat by the fire to read..";
        assert!(!agrees_at(&s, &format!("..{prefix}lamp{other_suffix}"), "lamp"));
        let at_the_start = selector("", "lamp", suffix);
        assert!(
            agrees_at(&at_the_start, &format!("A title.\n\nlamp{suffix}.."), "lamp"),
            "a side the text's edge cut short is no evidence either way"
        );
    }

    #[test]
    fn a_short_side_agrees_only_as_near_the_text_edge() {
        let quote = "Well, Prince, so Genoa and Lucca";
        let s = selector("“", quote, " are now just family estates of ");
        assert!(
            agrees_at(&s, &format!("“{quote}, my friend"), quote),
            "the text starts there"
        );
        assert!(
            !agrees_at(&s, &format!("It was late. “{quote}, my friend"), quote),
            "one char recurs anywhere"
        );
        let empty = selector("", quote, "");
        assert!(agrees_at(&empty, &format!(" {quote}"), quote));
    }

    #[test]
    fn short_quotes_have_fewer_than_16_folded_code_points() {
        assert!(is_short_quote("Pierre"));
        assert!(is_short_quote("said the prince"), "15");
        assert!(
            is_short_quote("said  the\nprince\n"),
            "whitespace runs count one, edges none"
        );
        assert!(!is_short_quote("said the princess"), "17");
        assert!(is_short_quote("我不見他，已是三十多年"));
        assert!(!is_short_quote(""), "nothing to search for");
        assert!(!is_short_quote("  \n "));
    }

    #[test]
    fn closeness_is_relative_to_the_nearest_expected_position() {
        assert_eq!(closeness(50, &[50], 100), 1.0);
        assert_eq!(closeness(50, &[0, 40], 100), 0.9);
        assert_eq!(closeness(0, &[1000], 100), 0.0);
    }

    #[test]
    fn weights_are_hypothesis_s() {
        assert_eq!(score(1.0, ContextFit::PERFECT, 1.0), TOTAL_WEIGHT);
        assert_eq!(TOTAL_WEIGHT, 92.0);
        assert_eq!(
            score(
                0.5,
                ContextFit {
                    prefix: 0.5,
                    suffix: 0.0
                },
                0.0
            ),
            35.0
        );
    }
}
