//! The text the index searches: quotes, notes and tags with whitespace folded the way
//! search matches it (DESIGN §1.2): any run of whitespace becomes one space, and a line
//! break joined away between two wide (CJK) characters becomes nothing, so `楚、汉分争`
//! finds a quote stored as `楚、汉⏎分争`. A query is folded the same way.

use unicode_width::UnicodeWidthChar;

/// `text` with its whitespace folded (and trimmed).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.trim().chars().peekable();
    let mut before: Option<char> = None;
    while let Some(c) = chars.next() {
        if !c.is_whitespace() {
            out.push(c);
            before = Some(c);
            continue;
        }
        let mut line_break = c == '\n';
        while let Some(&next) = chars.peek().filter(|next| next.is_whitespace()) {
            line_break |= next == '\n';
            chars.next();
        }
        let after = chars.peek().copied();
        let joined = line_break && before.is_some_and(is_wide) && after.is_some_and(is_wide);
        if !joined {
            out.push(' ');
        }
    }
    out
}

fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

/// Tags as the index keeps them: one per line, so that a whole tag can be matched.
pub fn tags_text(tags: &[String]) -> String {
    tags.iter().map(|tag| fold(tag)).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_whitespace_runs_and_joins_cjk_across_line_breaks() {
        assert_eq!(
            fold("  the  sentence\nthat\tresists "),
            "the sentence that resists"
        );
        assert_eq!(fold("楚、汉\n分争"), "楚、汉分争");
        assert_eq!(
            fold("楚、汉 分争"),
            "楚、汉 分争",
            "a space is kept: only a line break joins"
        );
        assert_eq!(fold("한국어\n문장"), "한국어문장");
        assert_eq!(fold("end.\n次"), "end. 次");
    }
}
