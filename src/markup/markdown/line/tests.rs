//! A line Markdown leaves as it is is copied without parsing, exactly as parsing it
//! would show it.

use proptest::prelude::*;

use super::*;
use crate::markup::Typeset;

/// The line typeset with and without the shortcuts for plain and simple text.
fn both_ways(line: &str) -> ((Typeset, Shape), (Typeset, Shape)) {
    // Its links numbered.
    let context = Context::new(line);
    let mut quick = Builder::new(line);
    let shape = inline(&mut quick, line, 0..line.len(), &context, &[], 0);
    let quick = (quick.finish(), shape);
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
    (quick, (slow.finish(), shape))
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

/// Whether the shortcut for simple lines takes `line` (rather than the parser).
fn is_simple(line: &str) -> bool {
    let body = line.trim_start_matches([' ', '\t']);
    let base = line.len() - body.len();
    let shape = Shape {
        indent_cols: 0,
        hang_cols: 0,
        heading: None,
    };
    let context = Context::new(line);
    let place = simple::Place {
        context: &context,
        source_byte: 0,
    };
    simple::typeset(&mut Builder::new(line), line, base..line.len(), shape, place).is_some()
}

#[test]
fn simple_lines_are_told_from_the_rest() {
    for simple in [
        "- **Bold**: and text",
        "* item with `code`",
        "12. numbered *emphasis* here",
        "3) closing paren",
        "## A heading with `code`",
        "**注意**：中文的强调。",
        "`a` and ``b ` c`` and *d*",
        "snake_case and a & b, x < y, ]^!",
        "a * b ** c",
        "a `  ` b ` ` c",
        "see [the docs](https://example.com/a_b*c) and [`code`](#here).",
        "[Start](x) of a line, *then* [two](y)",
        "## [In a heading](https://example.com)",
        "- x [a `]` b](c)",
    ] {
        assert!(is_simple(simple), "{simple}");
        let (quick, slow) = both_ways(simple);
        assert_eq!(quick, slow, "{simple}");
    }
    for other in [
        "- [ref]",
        "unclosed `tick is text",
        "[label]: https://example.com",
        "![image](x.png)",
        "[^1](x)",
        "[a](b \"title\")",
        "[a](<b>)",
        "[a [b]](c)",
        "*[a](b)*",
        "[*a*](b)",
        "[a](b(c))",
        "-     code in an item",
        "-\ttab",
        "# closed #",
        "####### seven",
        "* * nested",
        "- - -",
        "```fence",
        "***both***",
        "a**b**c",
        "*open only",
        "close only*",
        "*a **b** c*",
        "_em_",
        "A &amp; B",
        "<b>x</b>",
        "~~gone~~",
        "back\\slash",
        "trailing  ",
        "1234567890. too long a number",
    ] {
        assert!(!is_simple(other), "{other}");
    }
}

#[test]
fn a_code_span_shows_its_content_where_it_is_written() {
    // Its content (a backtick) is also the first character of the span.
    let line = "a `` ` `` b";
    let (quick, slow) = both_ways(line);
    assert_eq!(quick, slow);
    assert_eq!(quick.0.as_str(), "a ` b");
    assert_eq!(quick.0.inner_of(2), 5, "the backtick shown is the one inside");
}

/// Lines of the Markdown articles in the fixtures.
fn fixture_lines() -> Vec<String> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut lines = Vec::new();
    let mut folders = vec![folder];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "md" || e == "markdown") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                lines.extend(text.lines().map(str::to_string));
            }
        }
    }
    lines
}

#[test]
fn simple_lines_of_real_articles_show_as_parsing_them_does() {
    let lines = fixture_lines();
    assert!(lines.len() > 400, "fixtures hold articles: {}", lines.len());
    let mut simple = 0;
    for line in &lines {
        if is_simple(line) {
            simple += 1;
            let (quick, slow) = both_ways(line);
            assert_eq!(quick, slow, "{line}");
        }
    }
    assert!(simple > 50, "{simple} simple lines of {}", lines.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn a_simple_line_shows_as_parsing_it_does(
        line in "(- |\\* |\\+ |1\\. |9\\) |# |## |####### |-  |1\\.     )?(\\*\\*|\\*|`|``| |  |\\[|\\]\\(|\\)|https://x\\.y/z|#a|\r|\u{0}|[a-z中_.:!&<>\\]「」—«é\u{3000}\u{a0}Ⓐ]){0,16}"
    ) {
        let (quick, slow) = both_ways(&line);
        prop_assert_eq!(quick, slow);
    }
}
