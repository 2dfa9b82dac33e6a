//! Loose matching of quotes brought from elsewhere (`annotate --loose`, `import`,
//! DESIGN §1.2): curly and straight quotes alike, case ignored, a hyphen at a line end
//! joined, and whitespace compared by one of two rules. Owns the folded copy of a text
//! and the map back to its code points. Pure: no IO, no terminal.
//!
//! The text is folded once (`LooseText::new`) and then searched for many quotes with
//! `memchr`'s substring search, so importing thousands of quotes stays quick.

use std::collections::HashMap;
use std::ops::Range;

use memchr::memmem;

use crate::text::class::is_cjk_wide;

/// How whitespace is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spacing {
    /// Every whitespace run is one space, a run between two CJK characters is nothing
    /// (the rule of search, for `annotate --loose`).
    Runs,
    /// Whitespace is ignored altogether, and so are hyphens: Kindle and other readers
    /// collapse or add spacing, and join words that the source hyphenated at a line end
    /// (what imported quotes need).
    Ignored,
}

/// Occurrences beyond this many are not listed (a quote that common names no place).
pub const MAX_OCCURRENCES: usize = 1000;

/// A text folded for loose matching, with where each folded byte came from.
#[derive(Debug, Clone)]
pub struct LooseText {
    folded: String,
    /// For each byte of `folded`: the code-point offset, in the source text, of the
    /// character it was folded from.
    origin: Vec<u32>,
    spacing: Spacing,
}

impl LooseText {
    pub fn new(text: &str, spacing: Spacing) -> LooseText {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        fold_into(text, spacing, &mut |c, char_offset| {
            let before = folded.len();
            folded.push(c);
            let offset = u32::try_from(char_offset).unwrap_or(u32::MAX);
            origin.resize(before + c.len_utf8(), offset);
        });
        LooseText {
            folded,
            origin,
            spacing,
        }
    }

    /// Code-point ranges of the source text where `quote` occurs loosely, in text order,
    /// at most `MAX_OCCURRENCES`. Empty for a quote that folds to nothing.
    pub fn find(&self, quote: &str) -> Vec<Range<usize>> {
        let needle = fold(quote, self.spacing);
        if needle.is_empty() {
            return Vec::new();
        }
        memmem::find_iter(self.folded.as_bytes(), needle.as_bytes())
            .take(MAX_OCCURRENCES)
            .map(|byte| self.source_range(byte..byte + needle.len()))
            .collect()
    }

    /// `find` for many quotes in one pass over the text (Aho-Corasick): the places of
    /// each, by its folded form. What an import of thousands of quotes needs.
    pub fn find_all<'q>(
        &self,
        quotes: impl IntoIterator<Item = &'q str>,
    ) -> HashMap<String, Vec<Range<usize>>> {
        let mut found: HashMap<String, Vec<Range<usize>>> = HashMap::new();
        let mut needles: Vec<String> = Vec::new();
        for quote in quotes {
            let needle = fold(quote, self.spacing);
            if !needle.is_empty() && !found.contains_key(&needle) {
                found.insert(needle.clone(), Vec::new());
                needles.push(needle);
            }
        }
        let Ok(automaton) = super::exact::automaton(&needles) else {
            // Too many or too large patterns for one automaton: one search each.
            for needle in &needles {
                found.insert(needle.clone(), self.find(needle));
            }
            return found;
        };
        for hit in automaton.find_overlapping_iter(self.folded.as_bytes()) {
            let needle = &needles[hit.pattern().as_usize()];
            if let Some(places) = found.get_mut(needle)
                && places.len() < MAX_OCCURRENCES
            {
                places.push(self.source_range(hit.start()..hit.end()));
            }
        }
        found
    }

    /// Whether `quote` folds to what the source text holds at `range` (code points).
    pub fn holds_at(&self, text: &str, range: Range<usize>, quote: &str) -> bool {
        let start = char_to_byte(text, range.start);
        let end = char_to_byte(text, range.end);
        match (start, end) {
            (Some(start), Some(end)) if start <= end => {
                let held = fold(&text[start..end], self.spacing);
                !held.is_empty() && held == fold(quote, self.spacing)
            }
            _ => false,
        }
    }

    fn source_range(&self, folded: Range<usize>) -> Range<usize> {
        let start = self.origin[folded.start] as usize;
        let end = self.origin[folded.end - 1] as usize + 1;
        start..end
    }
}

/// The folded form of `text` (what `LooseText` searches in and for).
pub fn fold(text: &str, spacing: Spacing) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, spacing, &mut |c, _| out.push(c));
    let trimmed = out.trim_matches(' ');
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

fn char_to_byte(text: &str, char_offset: usize) -> Option<usize> {
    text.char_indices()
        .map(|(byte, _)| byte)
        .chain(std::iter::once(text.len()))
        .nth(char_offset)
}

/// Feeds each folded char with the code-point offset of the source char it stands for.
fn fold_into(text: &str, spacing: Spacing, emit: &mut dyn FnMut(char, usize)) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut before: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let run_end = run_end(&chars, i);
            let after = chars.get(run_end).copied();
            let joined = before.is_some_and(is_cjk_wide) && after.is_some_and(is_cjk_wide);
            if spacing == Spacing::Runs && !joined && before.is_some() {
                emit(' ', i);
            }
            i = run_end;
            continue;
        }
        if is_hyphen(c) {
            let run_end = run_end(&chars, i + 1);
            let at_line_end = chars[i + 1..run_end].contains(&'\n');
            if spacing == Spacing::Ignored || c == '\u{ad}' || at_line_end {
                i = if at_line_end { run_end } else { i + 1 };
                continue;
            }
        }
        emit(fold_char(c), i);
        before = Some(c);
        i += 1;
    }
}

fn run_end(chars: &[char], from: usize) -> usize {
    chars[from..]
        .iter()
        .position(|c| !c.is_whitespace())
        .map_or(chars.len(), |n| from + n)
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{ad}' | '\u{2010}' | '\u{2011}')
}

/// One char for one char, so that offsets map back: lowercase (its first char), and
/// every quotation mark or apostrophe as its straight form.
fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{ff07}' | '`' | '\u{b4}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ff02}' | '\u{ab}' | '\u{bb}' => {
            '"'
        }
        c if c.is_uppercase() => c.to_lowercase().next().unwrap_or(c),
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn find(text: &str, quote: &str, spacing: Spacing) -> Vec<String> {
        LooseText::new(text, spacing)
            .find(quote)
            .into_iter()
            .map(|range| {
                text.chars()
                    .skip(range.start)
                    .take(range.end - range.start)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn curly_and_straight_quotes_and_case_are_alike() {
        let text = "He said, \u{201c}Don\u{2019}t go.\u{201d} Then left.";
        assert_eq!(
            find(text, "\"don't GO.\"", Spacing::Runs),
            ["\u{201c}Don\u{2019}t go.\u{201d}"]
        );
    }

    #[test]
    fn a_hyphen_at_a_line_end_is_joined() {
        let text = "the exam-\nple here";
        assert_eq!(find(text, "example here", Spacing::Runs), ["exam-\nple here"]);
        assert!(find("an exam- ple", "example", Spacing::Runs).is_empty());
    }

    #[test]
    fn runs_keep_word_boundaries_and_ignored_spacing_drops_them() {
        let text = "the rapist and the\n  therapist";
        assert_eq!(find(text, "the rapist", Spacing::Runs), ["the rapist"]);
        assert_eq!(find(text, "therapist", Spacing::Ignored).len(), 2);
        assert_eq!(
            find("word.Next one", "word. Next", Spacing::Ignored),
            ["word.Next"]
        );
    }

    #[test]
    fn a_joined_cjk_break_matches_nothing() {
        assert_eq!(
            find("満紙荒\n唐言。", "満紙荒唐言", Spacing::Runs),
            ["満紙荒\n唐言"]
        );
    }

    #[test]
    fn many_quotes_in_one_pass_find_what_one_search_each_finds() {
        let text = "abc abcabc \u{201c}Abc\u{201d} x-\ny xy";
        let loose = LooseText::new(text, Spacing::Ignored);
        let quotes = ["abc", "\"abc\"", "xy", "bca", "zz", "abc"];
        let all = loose.find_all(quotes);
        for quote in quotes {
            assert_eq!(all[&fold(quote, Spacing::Ignored)], loose.find(quote), "{quote}");
        }
        assert_eq!(all.len(), 5);
    }

    #[test]
    fn a_quote_of_only_spacing_finds_nothing() {
        assert!(find("a b", " \n", Spacing::Runs).is_empty());
        assert!(find("a-b", "-", Spacing::Ignored).is_empty());
    }

    proptest! {
        #[test]
        fn any_slice_is_found_at_its_own_place(
            words in proptest::collection::vec("[a-zA-Z\u{2019}é]{1,6}", 2..30),
            seps in proptest::collection::vec(prop_oneof![Just(" "), Just("\n"), Just("-\n"), Just("  ")], 30),
            from in 0usize..30, len in 1usize..6,
        ) {
            let mut text = String::new();
            for (i, word) in words.iter().enumerate() {
                if i > 0 { text.push_str(seps[i]); }
                text.push_str(word);
            }
            let from = from % words.len();
            let to = (from + len).min(words.len());
            // The quote as another tool would give it: one line, straight, upper case.
            let quote = words[from..to].join(" ").replace('\u{2019}', "'").to_uppercase();
            let loose = LooseText::new(&text, Spacing::Ignored);
            let found = loose.find(&quote);
            prop_assert!(!found.is_empty());
            for range in found {
                prop_assert!(loose.holds_at(&text, range, &quote));
            }
        }
    }
}
