//! Unicode conformance data (UAX #14 line breaks, UAX #29 grapheme clusters, UTS #51
//! emoji) run against margent's own break, cluster and width code. The data files are
//! the Unicode 15.0 files from the corpus with their comments stripped.
//!
//! Every difference from the data is classified and reported; the tests fail on any
//! difference without a known reason (see [`Difference`]), and on any change in how many
//! cases pass: the counts below are today's. A change that makes more cases pass should
//! raise its count, so that it cannot be lost again unnoticed.

use std::collections::BTreeMap;

use margent::layout::breaks::breaks;
use margent::layout::glyph::grapheme_len;
use margent::layout::width::{AmbiguousWidth, grapheme_cols};
use margent::text::class::{is_hangul, is_no_end, is_no_start};
use unicode_linebreak::{BreakClass, break_property};

/// LineBreakTest.txt: its cases, and those where margent breaks exactly as the data does.
const LINE_BREAK_CASES: usize = 7654;
/// (6858 since Korean keep-all also covers hanja, brackets and marks inside a Korean word.)
const LINE_BREAK_IDENTICAL: usize = 6858;
/// GraphemeBreakTest.txt: its cases, and those where margent's clusters are the data's.
const GRAPHEME_CASES: usize = 602;
const GRAPHEME_IDENTICAL: usize = 599;
/// emoji-fully-qualified.txt: every one must be one two-column cluster.
const EMOJI: usize = 3655;

/// Fails if `passed` moved away from the recorded count, saying which way.
fn assert_pass_count(suite: &str, passed: usize, recorded: usize) {
    assert!(
        passed >= recorded,
        "{suite}: {passed} cases pass, {recorded} passed before: a regression"
    );
    assert_eq!(
        passed, recorded,
        "{suite}: more cases pass than recorded: if that is meant, raise the count to keep \
         the gain; if not, a tailoring margent wants was lost"
    );
}

/// One test case: the string and the byte offsets where the data says a break is
/// allowed (for line breaks) or a boundary is (for graphemes), the ends excluded.
fn cases(data: &str) -> Vec<(String, Vec<usize>)> {
    data.lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let mut text = String::new();
            let mut expected = Vec::new();
            for token in line.split_whitespace() {
                match token {
                    "÷" => expected.push(text.len()),
                    "×" => {}
                    hex => text.push(char::from_u32(u32::from_str_radix(hex, 16).unwrap()).unwrap()),
                }
            }
            expected.retain(|&b| b > 0 && b < text.len());
            (text, expected)
        })
        .collect()
}

/// Why margent's breaks differ from the data at one position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Difference {
    /// Intended: kinsoku shori forbids the break (closing punctuation, small kana…).
    Kinsoku,
    /// Intended: Korean keep-all forbids a break inside a word that holds Hangul.
    KeepAll,
    /// Intended: no line starts with whitespace (a tab, U+3000): it hangs at the end of
    /// the line before instead.
    WhitespaceHangs,
    /// unicode-linebreak implements LB30 without its East Asian Width exception, so a
    /// wide opening bracket after a letter or digit gets no break.
    Lb30WideBracket,
    /// unicode-linebreak implements LB25 (numbers) as the pair table of UAX #14's
    /// example rather than the regular expression, so a few pairs around digits,
    /// currency and percent signs get no break.
    Lb25Numbers,
    /// unicode-linebreak lacks LB30b's rule for unassigned pictographs before an emoji
    /// modifier, so it breaks there.
    Lb30bUnassignedPictograph,
    Unexplained,
}

fn classify(text: &str, byte: usize, margent_breaks: bool) -> Difference {
    use BreakClass::*;
    let before = text[..byte]
        .chars()
        .rev()
        .find(|&c| break_property(c as u32) != CombiningMark)
        .unwrap_or_else(|| text[..byte].chars().next_back().unwrap());
    let after = text[byte..].chars().next().unwrap();
    let (b, a) = (break_property(before as u32), break_property(after as u32));
    if margent_breaks {
        return if a == EmojiModifier {
            Difference::Lb30bUnassignedPictograph
        } else {
            Difference::Unexplained
        };
    }
    if is_no_start(after) || is_no_end(before) {
        Difference::Kinsoku
    } else if after.is_whitespace() {
        Difference::WhitespaceHangs
    } else if is_keep_all(text, byte) {
        Difference::KeepAll
    } else if a == OpenPunctuation && grapheme_cols(&after.to_string(), AmbiguousWidth::Narrow) == 2 {
        Difference::Lb30WideBracket
    } else if matches!(
        b,
        Numeric | Prefix | Postfix | InfixSeparator | Symbol | ClosePunctuation | CloseParenthesis | Space
    ) && matches!(
        a,
        Numeric | Prefix | Postfix | OpenPunctuation | Hyphen | InfixSeparator
    ) {
        Difference::Lb25Numbers
    } else {
        Difference::Unexplained
    }
}

/// Korean keep-all as margent applies it: no break next to Hangul unless the char just
/// before the break is whitespace.
fn is_keep_all(text: &str, byte: usize) -> bool {
    let before = text[..byte].chars().next_back().unwrap();
    let after = text[byte..].chars().next().unwrap();
    // Korean keeps whole the run of non-whitespace around a break when it holds Hangul
    // (hanja, brackets and marks in a Korean word included).
    let word_has_hangul = text[..byte]
        .chars()
        .rev()
        .take_while(|c| !c.is_whitespace())
        .any(is_hangul)
        || text[byte..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .any(is_hangul);
    (is_hangul(before) || is_hangul(after) || word_has_hangul) && !before.is_whitespace()
}

#[test]
fn line_breaks_follow_uax14_with_known_exceptions() {
    let all = cases(include_str!("fixtures/unicode/LineBreakTest.txt"));
    let mut identical = 0;
    let mut differences: BTreeMap<Difference, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    for (text, expected) in &all {
        let got: Vec<usize> = breaks(text)
            .into_iter()
            .map(|b| b.byte)
            .filter(|&b| b < text.len())
            .collect();
        if &got == expected {
            identical += 1;
            continue;
        }
        let missing = expected.iter().filter(|b| !got.contains(b)).map(|&b| (b, false));
        let extra = got.iter().filter(|b| !expected.contains(b)).map(|&b| (b, true));
        for (byte, margent_breaks) in missing.chain(extra) {
            let why = classify(text, byte, margent_breaks);
            *differences.entry(why).or_default() += 1;
            if why == Difference::Unexplained {
                let codes: Vec<String> = text.chars().map(|c| format!("{:04X}", c as u32)).collect();
                unexplained.push(format!("{} at byte {byte}", codes.join(" ")));
            }
        }
    }
    eprintln!(
        "LineBreakTest (Unicode 15.0): {identical}/{} cases identical; differing positions by reason: {differences:?}",
        all.len()
    );
    assert!(
        unexplained.is_empty(),
        "differences without a known reason: {unexplained:#?}"
    );
    assert_eq!(all.len(), LINE_BREAK_CASES, "LineBreakTest.txt changed");
    assert_pass_count("LineBreakTest", identical, LINE_BREAK_IDENTICAL);
}

#[test]
fn grapheme_clusters_follow_uax29() {
    let all = cases(include_str!("fixtures/unicode/GraphemeBreakTest.txt"));
    let mut failures = Vec::new();
    for (text, expected) in &all {
        let mut got = Vec::new();
        let mut byte = 0;
        while byte < text.len() {
            byte += grapheme_len(text, byte);
            if byte < text.len() {
                got.push(byte);
            }
        }
        if &got != expected {
            failures.push(text.clone());
        }
    }
    eprintln!(
        "GraphemeBreakTest (Unicode 15.0): {}/{} cases identical",
        all.len() - failures.len(),
        all.len()
    );
    // unicode-segmentation 1.13 carries Unicode 17 data, where GB11 no longer joins
    // U+2701 UPPER BLADE SCISSORS across a ZWJ (it is not Extended_Pictographic there).
    let known = ["\u{2701}\u{200d}\u{2701}"];
    // margent's tailoring (UAX #29 allows them): a skin-tone modifier after a character
    // that is not an emoji (a letter, a space) is a two-column glyph of its own, as
    // terminals draw it, instead of vanishing into the letter's cluster.
    let modifier_after_non_emoji = |text: &str| {
        let chars: Vec<char> = text.chars().collect();
        chars
            .windows(2)
            .any(|pair| pair[0] < '\u{261d}' && ('\u{1f3fb}'..='\u{1f3ff}').contains(&pair[1]))
    };
    // Counted before the known differences are set aside, so that a change in a case
    // they describe still fails.
    let identical = all.len() - failures.len();
    failures.retain(|text| !known.contains(&text.as_str()) && !modifier_after_non_emoji(text));
    assert!(failures.is_empty(), "clusters differ for {failures:?}");
    assert_eq!(all.len(), GRAPHEME_CASES, "GraphemeBreakTest.txt changed");
    assert_pass_count("GraphemeBreakTest", identical, GRAPHEME_IDENTICAL);
}

#[test]
fn every_fully_qualified_emoji_is_one_cluster_two_columns_wide() {
    let data = include_str!("fixtures/unicode/emoji-fully-qualified.txt");
    let mut failures = Vec::new();
    let mut total = 0;
    for line in data.lines().filter(|l| !l.starts_with('#')) {
        total += 1;
        let emoji: String = line
            .split_whitespace()
            .map(|hex| char::from_u32(u32::from_str_radix(hex, 16).unwrap()).unwrap())
            .collect();
        let one_cluster = grapheme_len(&emoji, 0) == emoji.len();
        let cols = grapheme_cols(&emoji, AmbiguousWidth::Narrow);
        if !one_cluster || cols != 2 {
            failures.push((line.to_string(), one_cluster, cols));
        }
    }
    eprintln!(
        "emoji-test (15.0): {}/{total} fully-qualified emoji are one 2-column cluster",
        total - failures.len()
    );
    assert!(failures.is_empty(), "{failures:?}");
    assert_eq!(total, EMOJI, "emoji-fully-qualified.txt changed");
}
