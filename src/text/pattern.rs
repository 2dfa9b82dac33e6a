//! Turns a search query or a quote into a pattern over the normalised text: whitespace
//! in the query matches any run of whitespace (so matches cross the source's hard line
//! breaks), and between two CJK characters a line break that the layout joined away
//! matches nothing (DESIGN §1.2). The query is literal text, never a regex. Pure.

use regex::{Regex, RegexBuilder};

use crate::text::class::is_cjk_wide;

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
            && is_cjk_wide(p)
            && is_cjk_wide(c)
        {
            // One line break, or two around a line of spaces: some double-spaced files
            // put such a line after every source line, and the layout joins those too
            // (an empty line between them is a paragraph break).
            out.push_str(r"(?:[^\S\n]*\n(?:[^\S\n]+\n)?[^\S\n]*)?");
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

    #[test]
    fn queries_are_literal() {
        assert_eq!(found("a.b (c)", "axb (c) a.b (c)"), ["a.b (c)"]);
        assert!(compile("  \n", CaseMode::Smart).is_none());
    }
}
