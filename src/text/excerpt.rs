//! A quote as a reader sees it on one line: the source's hard line breaks joined as the
//! reader joins them, and cut to a length with "…". Shared by the exports, `notes` and
//! the reader's lists. Pure.

use super::class::{join_with_space, spaces_latin_beside_cjk};

/// `text` on one line as a reader sees it (line breaks joined as in `reflow`, other
/// whitespace runs one space), cut to `max_chars` with "…".
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in reflow(text).split_whitespace() {
        let separator = usize::from(!out.is_empty());
        let word_chars = word.chars().count();
        if chars + separator + word_chars > max_chars {
            let room = max_chars.saturating_sub(chars + separator + 1);
            if separator == 1 && room > 0 {
                out.push(' ');
            }
            out.extend(word.chars().take(room));
            out.push('…');
            return out;
        }
        if separator == 1 {
            out.push(' ');
        }
        out.push_str(word);
        chars += separator + word_chars;
    }
    out
}

/// A quote as a reader sees it: the source's hard line breaks joined as the reader
/// joins them (`join_with_space`: a space, or nothing beside CJK), paragraphs (blank-line
/// runs) kept as one blank line, and whitespace at either end trimmed.
pub fn reflow(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<&str> = None;
    let mut blank_run = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank_run = previous.is_some();
            continue;
        }
        match previous {
            Some(_) if blank_run => out.push_str("\n\n"),
            Some(before) if join_with_space(before, line, || spaces_latin_beside_cjk(text)) => out.push(' '),
            _ => {}
        }
        out.push_str(line);
        previous = Some(line);
        blank_run = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_join_cjk_line_breaks_as_the_reader_does() {
        assert_eq!(excerpt("牽著己逝\n    的寂寞", 20), "牽著己逝的寂寞");
        assert_eq!(excerpt("the clocks\nwere striking", 14), "the clocks we…");
    }

    #[test]
    fn excerpts_collapse_whitespace_and_cut_with_an_ellipsis() {
        assert_eq!(
            excerpt("the clocks\n  were striking", 80),
            "the clocks were striking"
        );
        assert_eq!(excerpt("the clocks were striking", 12), "the clocks…");
        assert_eq!(excerpt("the clocks were striking", 14), "the clocks we…");
        assert_eq!(excerpt("今天晚上，很好的月光。", 5), "今天晚上…");
        assert_eq!(excerpt("", 5), "");
    }

    #[test]
    fn reflow_joins_hard_wraps_and_keeps_paragraphs() {
        assert_eq!(
            reflow("  the clocks were\nstriking thirteen.\n"),
            "the clocks were striking thirteen."
        );
        assert_eq!(reflow("楚、汉\n分争\n\n\n第二段"), "楚、汉分争\n\n第二段");
        assert_eq!(reflow("\n\none"), "one");
    }
}
