//! Turns a search query or a quote into a pattern over the normalised text: whitespace
//! in the query matches any run of whitespace (so matches cross the source's hard line
//! breaks), and beside a CJK character a line break that the layout joined away
//! matches nothing (DESIGN §1.2). Quotes (`compile`) are literal text; what a reader types
//! after `/` (`search`) is a regular expression with the same rules for its literal
//! characters, and `'`/`"` matching curly quotes too (DESIGN §1.6). Pure.

use regex::{Regex, RegexBuilder};

use crate::text::class::may_join_tight;

/// How letter case is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseMode {
    Sensitive,
    Insensitive,
    /// Insensitive unless the query has an uppercase letter (like less -i / vim smartcase).
    #[default]
    Smart,
}

/// Patterns larger than this are refused rather than compiled (a pasted chapter).
const SIZE_LIMIT: usize = 64 << 20;

/// `None` for a query that is empty or only whitespace.
pub fn compile(query: &str, case: CaseMode) -> Option<Regex> {
    let query = query.trim();
    if query.is_empty() {
        return None;
    }
    let insensitive = match case {
        CaseMode::Sensitive => false,
        CaseMode::Insensitive => true,
        CaseMode::Smart => !query.chars().any(char::is_uppercase),
    };
    RegexBuilder::new(&source(query))
        .case_insensitive(insensitive)
        .size_limit(SIZE_LIMIT)
        .build()
        .ok()
}

/// A search pattern as typed after `/`: a regular expression (the `regex` crate's syntax)
/// whose literal whitespace matches any run of whitespace, whose `'` and `"` match the
/// curly quotes too, and where a line break joined away beside a literal CJK
/// character matches nothing. `Ok(None)`: nothing to search for. `Err`: why the pattern
/// is not valid, on one line.
pub fn search(pattern: &str, case: CaseMode) -> Result<Option<Regex>, String> {
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return Ok(None);
    }
    let translated = Translated::of(pattern);
    let insensitive = match case {
        CaseMode::Sensitive => false,
        CaseMode::Insensitive => true,
        CaseMode::Smart => !translated.has_uppercase,
    };
    RegexBuilder::new(&translated.source)
        .case_insensitive(insensitive)
        .size_limit(SIZE_LIMIT)
        .build()
        .map(Some)
        .map_err(|error| one_line(&error.to_string()))
}

/// The last line of the regex crate's message (the others draw the pattern with a caret).
fn one_line(message: &str) -> String {
    let line = message
        .lines()
        .rev()
        .find(|line| line.trim_start().starts_with("error:"))
        .unwrap_or_else(|| message.lines().last().unwrap_or("invalid pattern"));
    line.trim().trim_start_matches("error:").trim().to_string()
}

/// A typed pattern rewritten for the regex crate.
struct Translated {
    source: String,
    /// An uppercase letter among the literal characters (smart case: `\S` or `\W` do not count).
    has_uppercase: bool,
}

impl Translated {
    fn of(pattern: &str) -> Translated {
        let mut out = Translated {
            source: String::with_capacity(pattern.len() * 2),
            has_uppercase: false,
        };
        let chars: Vec<char> = pattern.chars().collect();
        // The previous literal character outside a class, while literals follow each other.
        let mut previous: Option<char> = None;
        let mut class_depth = 0usize;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\\' {
                let end = escape_end(&chars, i);
                out.source.extend(&chars[i..end]);
                previous = None;
                i = end;
                continue;
            }
            if class_depth > 0 {
                match c {
                    '[' => class_depth += 1,
                    ']' => class_depth -= 1,
                    _ => {}
                }
                out.literal_in_class(c);
                i += 1;
                continue;
            }
            match c {
                '[' => {
                    class_depth = 1;
                    out.source.push('[');
                    // A `]` or `^]` right after the opening bracket is a literal `]`.
                    let mut j = i + 1;
                    if chars.get(j) == Some(&'^') {
                        out.source.push('^');
                        j += 1;
                    }
                    if chars.get(j) == Some(&']') {
                        out.source.push(']');
                        j += 1;
                    }
                    previous = None;
                    i = j;
                    continue;
                }
                '{' if chars.get(i + 1).is_some_and(char::is_ascii_digit) => {
                    let end = chars[i..]
                        .iter()
                        .position(|&c| c == '}')
                        .map_or(chars.len(), |at| i + at + 1);
                    out.source.extend(&chars[i..end]);
                    previous = None;
                    i = end;
                    continue;
                }
                c if c.is_whitespace() => {
                    while chars.get(i + 1).is_some_and(|c| c.is_whitespace()) {
                        i += 1;
                    }
                    out.source.push_str(r"(?:\s+)");
                    previous = None;
                }
                '(' | ')' | '|' | '.' | '*' | '+' | '?' | '^' | '$' | '{' | '}' | ']' => {
                    out.source.push(c);
                    // `(?i)` and the like: the flags are not literals either.
                    if c == '(' && chars.get(i + 1) == Some(&'?') {
                        let end = chars[i..]
                            .iter()
                            .position(|&c| matches!(c, ':' | ')' | '>'))
                            .map_or(chars.len(), |at| i + at + 1);
                        out.source.extend(&chars[i + 1..end]);
                        i = end;
                        previous = None;
                        continue;
                    }
                    previous = None;
                }
                c => {
                    if let Some(p) = previous
                        && may_join_tight(p, c)
                    {
                        out.source.push_str(CJK_JOIN);
                    }
                    out.literal(c);
                    previous = Some(c);
                }
            }
            i += 1;
        }
        out
    }

    fn literal(&mut self, c: char) {
        self.has_uppercase |= c.is_uppercase();
        match c {
            '\'' => self.source.push_str("['‘’]"),
            '"' => self.source.push_str("[\"“”]"),
            c => self.source.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
    }

    fn literal_in_class(&mut self, c: char) {
        self.has_uppercase |= c.is_uppercase();
        match c {
            '\'' => self.source.push_str("'‘’"),
            '"' => self.source.push_str("\"“”"),
            c => self.source.push(c),
        }
    }
}

/// Where the escape starting at `chars[at]` (a backslash) ends: `\x`, or `\p{…}`,
/// `\x{…}`, `\u{…}` through the closing brace.
fn escape_end(chars: &[char], at: usize) -> usize {
    let after = (at + 2).min(chars.len());
    if chars.get(after) == Some(&'{') {
        chars[after..]
            .iter()
            .position(|&c| c == '}')
            .map_or(chars.len(), |close| after + close + 1)
    } else {
        after
    }
}

/// Beside a CJK character: one line break, or two around a line of spaces (some
/// double-spaced files put such a line after every source line, and the layout joins
/// those too; an empty line between them is a paragraph break).
const CJK_JOIN: &str = r"(?:[^\S\n]*\n(?:[^\S\n]+\n)?[^\S\n]*)?";

/// The regex source for a trimmed query.
fn source(query: &str) -> String {
    let mut out = String::with_capacity(query.len() * 2);
    let mut prev: Option<char> = None;
    let mut in_space = false;
    for c in query.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push_str(r"\s+");
            }
            in_space = true;
            continue;
        }
        if let Some(p) = prev
            && !in_space
            && may_join_tight(p, c)
        {
            out.push_str(CJK_JOIN);
        }
        in_space = false;
        out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'t>(query: &str, text: &'t str) -> Vec<&'t str> {
        compile(query, CaseMode::Smart)
            .map(|re| re.find_iter(text).map(|m| m.as_str()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn whitespace_matches_across_hard_line_breaks() {
        assert_eq!(
            found(
                "clocks were striking thirteen",
                "the clocks were striking\nthirteen."
            ),
            ["clocks were striking\nthirteen"]
        );
    }

    #[test]
    fn joined_cjk_line_breaks_match_nothing() {
        assert_eq!(
            found("楚、汉分争", "及秦灭之后，楚、汉\n分争，又并入于汉"),
            ["楚、汉\n分争"]
        );
        assert_eq!(found("汉分", "楚、汉\n    分争"), ["汉\n    分"]);
        assert_eq!(
            found("隐去，而借", "故将真事隐去，\n \n  而借通灵"),
            ["隐去，\n \n  而借"],
            "double-spaced lines"
        );
        assert!(
            found("汉分", "楚、汉\n\n分争").is_empty(),
            "an empty line is a paragraph break"
        );
        assert!(
            found("汉分", "楚、汉\n \n \n分争").is_empty(),
            "so is a wider gap"
        );
    }

    #[test]
    fn smart_case() {
        assert_eq!(found("whale", "The Whale, the whale"), ["Whale", "whale"]);
        assert_eq!(found("Whale", "The Whale, the whale"), ["Whale"]);
    }

    fn searched<'t>(pattern: &str, text: &'t str) -> Vec<&'t str> {
        search(pattern, CaseMode::Smart)
            .unwrap()
            .map(|re| re.find_iter(text).map(|m| m.as_str()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn typed_patterns_are_regular_expressions() {
        assert_eq!(searched("wh.le", "a whale, a whole"), ["whale", "whole"]);
        assert_eq!(searched("^Call", "Call me\nCall"), ["Call"]);
        assert_eq!(searched("colou?r", "color colour"), ["color", "colour"]);
        assert_eq!(searched("[0-9]{2,3}", "1 12 1234"), ["12", "123"]);
        assert_eq!(searched(r"\d+\.", "chapter 12. end"), ["12."]);
        assert_eq!(searched(r"(?i)CALL", "call"), ["call"]);
        assert_eq!(searched("a|b", "cab"), ["a", "b"]);
    }

    #[test]
    fn an_invalid_pattern_is_one_line_never_a_panic() {
        for bad in ["(", "[a-", "a{2,1}", r"\p{Nope}", "*", "(?z)x", "a)"] {
            let error = search(bad, CaseMode::Smart).err();
            let error = error.unwrap_or_else(|| panic!("{bad:?} compiled"));
            assert!(!error.is_empty() && !error.contains('\n'), "{bad:?}: {error:?}");
        }
        assert!(matches!(search("  ", CaseMode::Smart), Ok(None)));
    }

    #[test]
    fn a_typed_space_matches_a_hard_line_break_and_cjk_joins_hold() {
        assert_eq!(
            searched("striking thirte+n", "were striking\nthirteen."),
            ["striking\nthirteen"]
        );
        assert_eq!(searched("楚、汉分争", "楚、汉\n分争"), ["楚、汉\n分争"]);
        assert_eq!(
            searched("汉.争", "汉\n分争"),
            Vec::<&str>::new(),
            "a dot is not a join"
        );
        assert!(searched("汉分", "楚、汉\n\n分争").is_empty());
        assert_eq!(searched("系统GPS，", "系统GPS\n，"), ["系统GPS\n，"]);
        assert_eq!(searched("使用Python", "使用\nPython"), ["使用\nPython"]);
        assert!(searched("ab", "a\nb").is_empty(), "Latin words are not joined");
    }

    #[test]
    fn straight_quotes_match_curly_ones() {
        assert_eq!(searched("father's", "my father’s dying"), ["father’s"]);
        assert_eq!(searched("\"Stop", "“Stop,” he said"), ["“Stop"]);
        assert_eq!(searched("[']s", "it’s"), ["’s"]);
        assert_eq!(searched("it's", "it's"), ["it's"]);
    }

    #[test]
    fn smart_case_looks_at_literal_letters_only() {
        assert_eq!(searched(r"\Swhale", "Awhale awhale"), ["Awhale", "awhale"]);
        assert_eq!(searched("Whale", "Whale whale"), ["Whale"]);
        assert_eq!(searched(r"\p{Han}+", "漢字 kana"), ["漢字"]);
    }

    proptest::proptest! {
        #[test]
        fn any_typed_pattern_compiles_or_says_why(pattern in ".{0,40}") {
            if let Err(error) = search(&pattern, CaseMode::Smart) {
                proptest::prop_assert!(!error.is_empty() && !error.contains('\n'));
            }
        }

        #[test]
        fn a_pattern_of_plain_words_finds_itself_across_line_breaks(words in proptest::collection::vec("[a-zA-Z]{1,8}", 1..6)) {
            let text = format!("1 {} 2", words.join("\n"));
            let joined = words.join("\n");
            let found = searched(&words.join(" "), &text);
            proptest::prop_assert_eq!(found, vec![joined.as_str()]);
        }
    }

    #[test]
    fn queries_are_literal() {
        assert_eq!(found("a.b (c)", "axb (c) a.b (c)"), ["a.b (c)"]);
        assert!(compile("  \n", CaseMode::Smart).is_none());
    }
}
