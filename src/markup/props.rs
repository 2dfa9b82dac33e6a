//! Property tests of the display↔source map: over random texts full of notation, the
//! map is monotonic, every display range maps back to a source range that contains the
//! displayed characters in order, and copied text round-trips. The same properties are
//! checked for Aozora notation and for Markdown.

use proptest::prelude::*;

use super::aozora::{Context, typeset};
use super::markdown;
use super::{MarkupOptions, Reading, Typeset};

const PIECES: &[&str] = &[
    "漢",
    "字",
    "か",
    "ナ",
    "｜",
    "《",
    "》",
    "［＃",
    "］",
    "※",
    "「",
    "」",
    "に傍点",
    "は中見出し",
    "a",
    " ",
    "\n",
    "３字下げ",
    "改ページ",
    "第3水準1-91-48",
    "、",
    "\u{3000}",
    "e\u{301}",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|p| p.concat())
}

fn reading() -> impl Strategy<Value = Reading> {
    prop::sample::select(vec![Reading::Inline, Reading::Hide, Reading::Raw])
}

fn typeset_of(text: &str, reading: Reading, reveal_notes: bool) -> Option<Typeset> {
    let options = MarkupOptions {
        reading,
        reveal_notes,
        width_cols: 20,
    };
    typeset(text, 0, &Context::new(text), options)
}

fn boundaries(text: &str) -> Vec<usize> {
    text.char_indices().map(|(i, _)| i).chain([text.len()]).collect()
}

/// Markdown pieces: markers of every construct, in any order.
const MARKDOWN: &[&str] = &[
    "# ",
    "## ",
    "*",
    "**",
    "_",
    "`",
    "```",
    "~~",
    "[",
    "](",
    ")",
    "![",
    "- ",
    "1. ",
    "> ",
    "  ",
    "    ",
    "\n",
    "\n\n",
    "---\n",
    "<b>",
    "</b>",
    "&amp;",
    "\\",
    "[^1]",
    "word",
    "語",
    "e\u{301}",
    "| ",
    " |",
    "|",
    "| --- |",
    "|---|---|\n",
    "\n| a | b |\n|---|---|\n",
];

fn markdown_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(MARKDOWN), 0..60).prop_map(|p| p.concat())
}

fn markdown_of(text: &str) -> Option<Typeset> {
    let options = MarkupOptions {
        width_cols: 20,
        ..MarkupOptions::hidden()
    };
    markdown::typeset(text, 0, &markdown::Context::new(text), options)
}

/// The map is monotonic and ends where the source ends.
fn check_monotonic(text: &str, t: &Typeset) -> Result<(), TestCaseError> {
    let shown = t.as_str();
    let mut last = (0, 0);
    for d in boundaries(shown) {
        let (start, end) = (t.inner_of(d), t.inner_end_of(d));
        prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        prop_assert!(start >= last.0 && end >= last.1, "not monotonic at {d}");
        last = (start, end);
    }
    prop_assert_eq!(t.inner_end_of(shown.len()), text.len());
    Ok(())
}

/// Every copied display character maps back to itself.
fn check_round_trip(t: &Typeset) -> Result<(), TestCaseError> {
    for d in boundaries(t.as_str()) {
        if t.is_copy_at(d) {
            prop_assert_eq!(t.display_of(t.inner_of(d)), d);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_markdown_map_is_monotonic_and_round_trips(text in markdown_text()) {
        let Some(t) = markdown_of(&text) else { return Ok(()) };
        check_monotonic(&text, &t)?;
        check_round_trip(&t)?;
        prop_assert!(!t.as_str().chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn the_map_is_monotonic_and_covers_the_source(text in text(), reading in reading(), reveal in any::<bool>()) {
        let Some(t) = typeset_of(&text, reading, reveal) else { return Ok(()) };
        check_monotonic(&text, &t)?;
    }

    #[test]
    fn display_ranges_map_to_source_ranges_holding_what_they_show(
        text in text(), reading in reading(), a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>()
    ) {
        let Some(t) = typeset_of(&text, reading, false) else { return Ok(()) };
        let shown = t.as_str();
        let bounds = boundaries(shown);
        let (mut start, mut end) = (*a.get(&bounds), *b.get(&bounds));
        if start > end {
            std::mem::swap(&mut start, &mut end);
        }
        let source = t.inner_of(start)..t.inner_end_of(end);
        prop_assert!(source.start <= source.end || start == end);
        let copied: String = shown[start..end]
            .char_indices()
            .filter(|(i, _)| t.is_copy_at(start + i))
            .map(|(_, c)| c)
            .collect();
        let slice = &text[source.start..source.end.max(source.start)];
        let mut rest = slice.chars();
        for c in copied.chars() {
            prop_assert!(rest.any(|s| s == c), "{c:?} of {:?} not in {slice:?}", &shown[start..end]);
        }
    }

    #[test]
    fn copied_text_round_trips(text in text(), reading in reading()) {
        let Some(t) = typeset_of(&text, reading, false) else { return Ok(()) };
        check_round_trip(&t)?;
    }
}
