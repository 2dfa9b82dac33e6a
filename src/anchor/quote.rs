//! Quote selectors for new annotations: capturing the quote and its context around a
//! selection, and finding a quote given on the command line (`margent annotate --quote
//! TEXT [--occurrence N]`, DESIGN §1.2). Pure: no IO, no terminal.

use std::ops::Range;

use super::exact::{compile, pattern_occurrences};
use super::fold::fold;
use crate::annotation::context_around;
use crate::text::charindex::CharIndex;

/// A W3C TextQuoteSelector: the quoted text exactly as in the normalised text, and up
/// to `CONTEXT_CHARS` code points before and after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// The selector of the text between two char offsets (clamped to the text).
pub fn capture(text: &str, chars: &CharIndex, start: usize, end: usize) -> Quote {
    let end = end.min(chars.len_chars());
    let start = start.min(end);
    let start_byte = chars.byte_at(text, start);
    let end_byte = chars.byte_at(text, end);
    let (prefix, suffix) = context_around(text, start_byte..end_byte);
    Quote {
        exact: text[start_byte..end_byte].to_string(),
        prefix,
        suffix,
    }
}

/// Why a quote given by the user names no single place in the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    #[error("the quote is empty")]
    Empty,
    #[error("the quote does not occur in the text")]
    NotFound,
    #[error("the quote occurs {count} times; choose one with an occurrence number from 1 to {count}")]
    Ambiguous { count: usize },
    #[error("there is no occurrence {occurrence}: the quote occurs {count} {}", times(*count))]
    NoSuchOccurrence { occurrence: usize, count: usize },
}

fn times(count: usize) -> &'static str {
    if count == 1 { "time" } else { "times" }
}

/// Char range of the quote in the text. `occurrence` is 1-based and required when the
/// quote occurs more than once (overlapping occurrences count).
///
/// Matching is case-sensitive and follows `text::pattern`: whitespace in the quote
/// matches any whitespace run (so quotes work across hard line breaks), and a line break
/// joined away between two CJK characters matches nothing. A line break between two CJK
/// characters inside the quote itself is such a joined break (the reader shows none),
/// so it is dropped before matching, as re-anchoring does.
pub fn find_quote(
    text: &str,
    chars: &CharIndex,
    quote: &str,
    occurrence: Option<usize>,
) -> Result<Range<usize>, QuoteError> {
    let regex = compile(&fold(quote)).ok_or(QuoteError::Empty)?;
    let found = pattern_occurrences(text, &regex);
    let count = found.len();
    let range = match (count, occurrence) {
        (0, _) => return Err(QuoteError::NotFound),
        (1, None) => &found[0],
        (_, None) => return Err(QuoteError::Ambiguous { count }),
        (_, Some(n)) if n == 0 || n > count => {
            return Err(QuoteError::NoSuchOccurrence { occurrence: n, count });
        }
        (_, Some(n)) => &found[n - 1],
    };
    Ok(chars.char_at(text, range.start)..chars.char_at(text, range.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str, quote: &str, occurrence: Option<usize>) -> Result<Range<usize>, QuoteError> {
        find_quote(text, &CharIndex::new(text), quote, occurrence)
    }

    #[test]
    fn captures_the_quote_and_32_chars_of_context() {
        let text = format!("{}QUOTE{}", "p".repeat(40), "s".repeat(40));
        let quote = capture(&text, &CharIndex::new(&text), 40, 45);
        assert_eq!(quote.exact, "QUOTE");
        assert_eq!(quote.prefix, "p".repeat(32));
        assert_eq!(quote.suffix, "s".repeat(32));
    }

    #[test]
    fn context_counts_code_points_and_stops_at_the_text_edges() {
        let text = "狂人日記：今天晚上，很好的月光";
        let quote = capture(text, &CharIndex::new(text), 5, 9);
        assert_eq!(quote.exact, "今天晚上");
        assert_eq!(quote.prefix, "狂人日記：");
        assert_eq!(quote.suffix, "，很好的月光");
        let clamped = capture(text, &CharIndex::new(text), 12, 99);
        assert_eq!((clamped.exact.as_str(), clamped.suffix.as_str()), ("的月光", ""));
    }

    #[test]
    fn finds_a_quote_across_a_hard_line_break() {
        let text = "It was a bright cold day in April, and the clocks were striking\nthirteen.";
        assert_eq!(find(text, "clocks were striking thirteen", None), Ok(43..72));
    }

    #[test]
    fn finds_a_cjk_quote_across_a_joined_line_break() {
        let text = "及秦灭之后，楚、汉\n分争，又并入于汉";
        assert_eq!(find(text, "楚、汉分争", None), Ok(6..12));
        assert_eq!(
            find(text, "楚、汉\n分争", None),
            Ok(6..12),
            "as copied from the file"
        );
    }

    #[test]
    fn refuses_absent_empty_and_ambiguous_quotes() {
        let text = "the whale, the Whale, the whale";
        assert_eq!(find(text, "narwhal", None), Err(QuoteError::NotFound));
        assert_eq!(find(text, " \n ", None), Err(QuoteError::Empty));
        assert_eq!(
            find(text, "the whale", None),
            Err(QuoteError::Ambiguous { count: 2 })
        );
        assert_eq!(find(text, "Whale", None), Ok(15..20), "case-sensitive");
    }

    #[test]
    fn picks_the_nth_occurrence() {
        let text = "the whale, the Whale, the whale";
        assert_eq!(find(text, "the whale", Some(2)), Ok(22..31));
        let error = find(text, "the whale", Some(3)).unwrap_err();
        assert_eq!(
            error,
            QuoteError::NoSuchOccurrence {
                occurrence: 3,
                count: 2
            }
        );
        assert_eq!(
            error.to_string(),
            "there is no occurrence 3: the quote occurs 2 times"
        );
        assert!(find(text, "the whale", Some(0)).is_err());
    }

    #[test]
    fn the_ambiguity_message_says_how_many() {
        let error = QuoteError::Ambiguous { count: 3 };
        assert!(error.to_string().contains("occurs 3 times"), "{error}");
    }
}
