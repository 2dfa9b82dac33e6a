//! A line Markdown leaves as it is is copied without parsing, exactly as parsing it
//! would show it.

use proptest::prelude::*;

use super::*;
use crate::markup::Typeset;

/// The line typeset with and without the shortcut for plain text.
fn both_ways(line: &str) -> ((Typeset, usize), (Typeset, usize)) {
    let context = Context::default();
    let mut quick = Builder::new(line);
    let shape = inline(&mut quick, line, 0..line.len(), &context, &[], 0);
    let quick = (quick.finish(), shape.indent_cols);
    let mut slow = Builder::new(line);
    let leading = line.len() - line.trim_start_matches([' ', '\t']).len();
    let shape = Shape {
        indent_cols: line[..leading]
            .chars()
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum(),
        hang_cols: 0,
        heading: None,
    };
    let shape = parsed(&mut slow, line, leading..line.len(), shape, &context, &[], 0);
    (quick, (slow.finish(), shape.indent_cols))
}

#[test]
fn plain_text_is_told_from_markup() {
    for plain in [
        "Words, and more words.",
        "文字と言葉。",
        "A line: with (parts) and a 'quote' ok",
    ] {
        assert!(is_plain(plain), "{plain}");
    }
    for marked in [
        "*em*",
        "1. item",
        "- item",
        "# head",
        "> quote",
        "a `code`",
        "a [link]",
        "tab\\*",
        "A &amp; B",
        "hard break  ",
        "~~gone~~",
        "![img]",
        "x<b>",
        "snake_case",
    ] {
        assert!(!is_plain(marked), "{marked}");
    }
}

proptest! {
    #[test]
    fn a_plain_line_shows_as_parsing_it_does(
        line in "[ \ta-zA-Z0-9.,:;'\"()?/=+|$%@#-]{0,12}[a-z漢字。、「」 ]{0,20}"
    ) {
        let (quick, slow) = both_ways(&line);
        prop_assert_eq!(quick, slow);
    }
}
