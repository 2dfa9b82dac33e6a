//! Every exact occurrence of a quote, under the rules of `text::pattern`: whitespace
//! matches any whitespace run and a line break joined away beside a CJK character
//! matches nothing. Finds the occurrences of many quotes in one pass. Pure.
//!
//! Quotes are searched in their folded form (`fold.rs`), which is also how the reader
//! shows them: a line break that the layout joined away is not part of what the reader
//! saw, so it is not part of the quote either. For such a quote, a place matches the
//! pattern exactly when its folded text equals the quote, so one Aho-Corasick pass over
//! the folded text finds every occurrence of every quote. The one exception is a quote
//! with whitespace beside a CJK character (the pattern also lets that whitespace
//! match a joined line break, which folds to nothing): those few are searched with the
//! pattern itself. Occurrences may overlap ("ha ha" occurs twice in "ha ha ha").

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

use super::fold::Folded;
use crate::text::class::may_join_tight;
use crate::text::pattern::{self, CaseMode};

/// One place where a quote occurs, as byte ranges of the source and the folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Occurrence {
    pub source: Range<usize>,
    pub folded: Range<usize>,
}

/// The occurrences of each quote (folded, trimmed), in text order.
pub(super) fn find_all(source: &str, folded: &Folded, quotes: &[&str]) -> Vec<Vec<Occurrence>> {
    let mut unique: Vec<&str> = Vec::new();
    let mut unique_index: HashMap<&str, usize> = HashMap::new();
    let slots: Vec<Option<usize>> = quotes
        .iter()
        .map(|&quote| {
            if quote.is_empty() {
                return None;
            }
            Some(*unique_index.entry(quote).or_insert_with(|| {
                unique.push(quote);
                unique.len() - 1
            }))
        })
        .collect();
    let (by_pattern, by_folding): (Vec<usize>, Vec<usize>) =
        (0..unique.len()).partition(|&i| needs_pattern(unique[i]));
    let mut found: Vec<Vec<Occurrence>> = vec![Vec::new(); unique.len()];
    let folding_quotes: Vec<&str> = by_folding.iter().map(|&i| unique[i]).collect();
    for (slot, folded_ranges) in by_folding.iter().zip(folded_occurrences(folded, &folding_quotes)) {
        found[*slot] = folded_ranges
            .into_iter()
            .map(|range| Occurrence {
                source: folded.source_range(range.clone()),
                folded: range,
            })
            .collect();
    }
    for slot in by_pattern {
        found[slot] = compile(unique[slot])
            .map(|regex| pattern_occurrences(source, &regex))
            .unwrap_or_default()
            .into_iter()
            .map(|range| Occurrence {
                folded: folded_range(source, folded, range.clone()),
                source: range,
            })
            .collect();
    }
    slots
        .into_iter()
        .map(|slot| slot.map(|i| found[i].clone()).unwrap_or_default())
        .collect()
}

/// The pattern of a quote: literal, case-sensitive, whitespace-tolerant.
pub(super) fn compile(quote: &str) -> Option<Regex> {
    pattern::compile(quote, CaseMode::Sensitive)
}

/// Every match of a pattern in the source, overlapping ones included, as byte ranges.
pub(super) fn pattern_occurrences(source: &str, regex: &Regex) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from_byte = 0;
    while let Some(m) = regex.find_at(source, from_byte) {
        found.push(m.range());
        // The next occurrence may start inside this one, one char later.
        from_byte = m.start() + source[m.start()..].chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// Whether the folded quote has whitespace beside a CJK character, where the
/// pattern accepts more than the folded text can show.
fn needs_pattern(quote: &str) -> bool {
    let chars: Vec<char> = quote.chars().collect();
    chars
        .windows(3)
        .any(|w| w[1] == ' ' && may_join_tight(w[0], w[2]))
}

/// Patterns of more bytes than this in all are searched by an NFA: building a DFA
/// takes time that grows with the square of a pattern's length for some (a highlight of
/// 50,000 characters of one letter took 5 s, of 200,000 more than a minute).
const DFA_PATTERN_BYTES: usize = 16 * 1024;

/// An automaton finding every occurrence (overlapping) of each of `patterns`.
pub(crate) fn automaton<P: AsRef<[u8]>>(patterns: &[P]) -> Result<AhoCorasick, aho_corasick::BuildError> {
    let bytes: usize = patterns.iter().map(|pattern| pattern.as_ref().len()).sum();
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind((bytes > DFA_PATTERN_BYTES).then_some(AhoCorasickKind::ContiguousNFA))
        .build(patterns)
}

/// Folded byte ranges of every occurrence of each quote in the folded text.
fn folded_occurrences(folded: &Folded, quotes: &[&str]) -> Vec<Vec<Range<usize>>> {
    let mut found = vec![Vec::new(); quotes.len()];
    if quotes.is_empty() {
        return found;
    }
    let haystack = folded.as_str();
    match automaton(quotes) {
        Ok(automaton) => {
            for m in automaton.find_overlapping_iter(haystack) {
                found[m.pattern().as_usize()].push(m.range());
            }
        }
        // Too many or too long quotes for an automaton: search them one by one.
        Err(_) => {
            for (quote, ranges) in quotes.iter().zip(&mut found) {
                let finder = memchr::memmem::Finder::new(quote.as_bytes());
                let mut from_byte = 0;
                while let Some(at) = finder.find(&haystack.as_bytes()[from_byte..]) {
                    let start = from_byte + at;
                    ranges.push(start..start + quote.len());
                    from_byte = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
    }
    found
}

/// The folded range of a source range that starts and ends with non-whitespace.
pub(super) fn folded_range(source: &str, folded: &Folded, range: Range<usize>) -> Range<usize> {
    let start = folded.folded_byte(range.start);
    let end = match source[range.clone()].chars().next_back() {
        Some(last) => folded.folded_byte(range.end - last.len_utf8()) + last.len_utf8(),
        None => start,
    };
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::super::fold::fold;
    use super::*;
    use proptest::prelude::*;

    fn sources(source: &str, quote: &str) -> Vec<Range<usize>> {
        let folded = Folded::new(source);
        find_all(source, &folded, &[quote])
            .remove(0)
            .into_iter()
            .map(|o| o.source)
            .collect()
    }

    #[test]
    fn finds_quotes_across_hard_line_breaks() {
        let source = "the clocks were\nstriking thirteen. The clocks  were striking";
        assert_eq!(sources(source, "clocks were striking"), [4..24, 39..60]);
    }

    #[test]
    fn finds_cjk_quotes_across_joined_line_breaks() {
        let source = "及秦灭之后，楚、汉\n分争，又并入于汉";
        let range = sources(source, "楚、汉分争").remove(0);
        assert_eq!(&source[range], "楚、汉\n分争");
    }

    #[test]
    fn finds_overlapping_occurrences() {
        assert_eq!(sources("ha ha ha", "ha ha"), [0..5, 3..8]);
    }

    #[test]
    fn whitespace_between_cjk_in_a_quote_may_match_a_joined_break() {
        let source = "汉\n分，汉 分";
        assert_eq!(sources(source, "汉 分"), [0..7, 10..17]);
    }

    #[test]
    fn many_quotes_share_one_pass_and_duplicates_share_results() {
        let source = "alpha beta gamma beta";
        let folded = Folded::new(source);
        let found = find_all(source, &folded, &["beta", "gamma", "beta", ""]);
        assert_eq!(found[0].len(), 2);
        assert_eq!(found[1][0].source, 11..16);
        assert_eq!(found[2], found[0]);
        assert!(found[3].is_empty());
    }

    proptest! {
        /// The folded search finds exactly what `text::pattern` finds (the reader's
        /// search), for any quote without whitespace between two CJK characters.
        #[test]
        fn agrees_with_the_pattern_rules(
            source in "([ab中文。]|[ \n\u{3000}]{1,3}){0,40}",
            quote in "[ab中文。]([ab中文。]|[ \n]{1,2}){0,4}[ab中文。]",
        ) {
            let quote = fold(&quote);
            prop_assume!(!needs_pattern(&quote));
            let expected = pattern_occurrences(&source, &compile(&quote).unwrap());
            prop_assert_eq!(sources(&source, &quote), expected);
        }
    }
}
