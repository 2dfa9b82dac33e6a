//! A document parsed in parts gives the context it gives parsed whole, whatever blocks
//! run across the places a part may end.

use proptest::prelude::*;

use super::*;

fn whole(text: &str) -> Context {
    parse_part(text, 0..text.len(), None).context
}

/// Pieces of Markdown, several of which run across blank lines followed by plain text
/// (an open fence, a `<pre>` or a comment) or use a reference defined elsewhere.
const PIECES: &[&str] = &[
    "Plain words of a paragraph\nthat runs on a second line.\n\n",
    "Another paragraph with *emphasis* and a [link](https://example.com/a).\n\n",
    "Uses a [reference][Ref One] and a [shortcut] here.\n\n",
    "[ref one]: https://example.com/one\n\n",
    "[shortcut]: https://example.com/short\n\n",
    "[ref one]: https://example.com/later-definition\n\n",
    "```\ncode at the margin\n\nStill code after a blank line\n```\n\n",
    "```rust\nan open fence\n\nText that the fence holds\n\n",
    "<pre>\nkept\n\nWords inside the pre\n</pre>\n\n",
    "<!-- a comment\n\nWords in the comment\n-->\n\n",
    "- a list item\n- another\n\n  continued in the item\n\n",
    "> a quote\nlazy line\n\n> another quote\n\n",
    "Heading text\n============\n\n",
    "# An ATX heading with a [link](https://example.com/h)\n\n",
    "a | b\n--|--\nc | d\n\n",
    "    indented code\n\n    more of it\n\n",
    "Footnote use[^1].\n\n[^1]: The note.\n\n",
    "<div>\nhtml block\n</div>\n\n",
    "Text with <https://example.com/auto> and a mail <me@example.com>.\n\n",
];

fn document(picks: &[usize], front: bool) -> String {
    let mut text = String::new();
    if front {
        text.push_str("---\ntitle: A\n---\n\n");
    }
    for &pick in picks {
        text.push_str(PIECES[pick % PIECES.len()]);
    }
    text
}

#[test]
fn a_document_of_plain_paragraphs_is_parsed_in_parts_as_whole() {
    let text = document(&[0, 1, 2, 0, 3, 4, 1, 0, 13, 0, 14, 0, 1, 2, 0], true);
    let ranges = part_ranges(&text, 4);
    assert!(ranges.len() >= 3, "{ranges:?}");
    assert_eq!(parse(&text, 4), whole(&text));
    assert!(!whole(&text).links.is_empty());
}

#[test]
fn a_part_that_ends_inside_an_open_fence_sends_the_document_whole() {
    let text = document(&[0, 7, 0, 1, 0, 1, 0, 1], false);
    let ranges = part_ranges(&text, 6);
    let parts: Vec<Part> = ranges
        .iter()
        .map(|range| parse_part(&text, range.clone(), None))
        .collect();
    assert!(
        parts
            .iter()
            .zip(&ranges)
            .any(|(part, range)| ends_open(&text, range, &part.context)),
        "{ranges:?}"
    );
    assert_eq!(parse(&text, 6), whole(&text));
}

proptest! {
    #[test]
    fn parsed_in_parts_as_whole(
        picks in proptest::collection::vec(0usize..64, 1..40),
        front in any::<bool>(),
        count in 2usize..8,
    ) {
        let text = document(&picks, front);
        prop_assert_eq!(parse(&text, count), whole(&text));
    }
}

proptest! {
    #[test]
    fn regions_are_found_by_page_as_among_all(
        picks in proptest::collection::vec(0usize..64, 1..300),
        front in any::<bool>(),
    ) {
        let text = document(&picks, front);
        let (paged, all) = (Context::new(&text), whole(&text));
        prop_assert!(!paged.region_pages.is_empty());
        for byte in 0..text.len() + 2 {
            prop_assert_eq!(paged.region_at(byte), all.region_at(byte), "byte {}", byte);
        }
    }
}
