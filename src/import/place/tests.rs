//! Placing imported items: found, guessed for review, or orphaned; never silently
//! placed where the quote is not.

use super::*;
use crate::anchor::AnchorStatus;
use crate::annotation::Kind;
use crate::document::Source;

const TEXT: &str = "It was the best of times, it was the worst of times.\n\
It was the age of wisdom, it was the age of fool-\nishness, it was the \u{201c}epoch\u{201d} of belief.\n\
Nobody\u{2019}s letters were read aloud, and the long passage about the river ran on past the mill and the bridge \
until it reached the sea at last.\n";

fn doc() -> Document {
    Document::from_text(TEXT, Source::File("tale.txt".into()))
}

fn item(quote: &str) -> Item {
    Item::new(format!("test\0{quote}"), Kind::Highlight, quote.to_string(), 1)
}

fn place(doc: &Document, item: &Item) -> Placed {
    let palette = Palette::default();
    Placer::new(doc, &palette).place(item)
}

fn status(doc: &Document, placed: &Placed) -> AnchorStatus {
    anchor::anchor(doc.text(), doc.chars(), &placed.annotation).status
}

#[test]
fn a_loose_quote_found_once_is_placed_with_the_text_as_it_is() {
    let doc = doc();
    let placed = place(
        &doc,
        &item("it was the age of foolishness, it was the \"EPOCH\" of belief"),
    );
    assert_eq!(placed.outcome, Outcome::Placed);
    assert!(
        placed.annotation.exact.contains("fool-\nishness"),
        "{:?}",
        placed.annotation.exact
    );
    assert!(placed.annotation.exact.contains('\u{201c}'));
    assert!(!placed.annotation.tags.iter().any(|tag| tag == NEEDS_REVIEW_TAG));
    assert_eq!(status(&doc, &placed), AnchorStatus::Exact);
}

#[test]
fn kindle_collapsed_spacing_still_matches() {
    let doc = doc();
    let placed = place(&doc, &item("Nobody's letters were read aloud,and the long"));
    assert_eq!(placed.outcome, Outcome::Placed);
}

#[test]
fn a_quote_found_several_times_is_placed_for_review() {
    let doc = doc();
    let placed = place(&doc, &item("it was the"));
    assert_eq!(placed.outcome, Outcome::NeedsReview);
    assert!(placed.annotation.tags.iter().any(|tag| tag == NEEDS_REVIEW_TAG));
}

#[test]
fn context_from_the_source_picks_one_of_several_places() {
    let doc = doc();
    let mut it = item("it was the");
    it.prefix = Some("It was the age of wisdom, ".into());
    it.suffix = Some(" age of fool-\nishness".into());
    let placed = place(&doc, &it);
    assert_eq!(placed.outcome, Outcome::Placed);
    let start = TEXT.chars().take(placed.annotation.start).collect::<String>();
    assert!(start.ends_with("wisdom, "), "{start:?}");
}

#[test]
fn a_truncated_or_edited_long_quote_is_a_guess_that_keeps_the_source_quote() {
    let doc = doc();
    let truncated = "the long passage about the river ran on past the mill and…";
    let placed = place(&doc, &item(truncated));
    assert_eq!(placed.outcome, Outcome::NeedsReview);
    assert_eq!(placed.annotation.exact, truncated);
    assert!(placed.annotation.tags.iter().any(|tag| tag == NEEDS_REVIEW_TAG));
    let edited = "the long passage about the river ran on, quietly, past the mill and the bridge until it reached the sea";
    let placed = place(&doc, &item(edited));
    assert_eq!(placed.outcome, Outcome::NeedsReview);
    assert_ne!(
        status(&doc, &placed),
        AnchorStatus::Exact,
        "a guess never anchors as exact"
    );
}

/// What the summary says is what the reader will show: a guess whose saved note the
/// anchoring cannot confirm (a quote that ran on into another clipping) is counted an
/// orphan, never "needs review" that opens as an orphan.
#[test]
fn a_guess_the_anchoring_would_orphan_is_counted_an_orphan() {
    let doc = doc();
    let run_on = "the long passage about the river ran on past the mill\nBook (Author)\n- Your Note on Location 17 | Added on Monday\n\nA note about something else entirely, written at length so that it outweighs the quote";
    let placed = place(&doc, &item(run_on));
    assert_eq!(status(&doc, &placed), AnchorStatus::Orphaned);
    assert_eq!(placed.outcome, Outcome::Orphaned);
    assert_eq!(placed.annotation.exact, run_on, "the quote is kept as it came");
}

#[test]
fn an_absent_quote_is_orphaned_and_an_empty_one_tagged_too() {
    let doc = doc();
    let placed = place(&doc, &item("a sentence that this text never had in it at all"));
    assert_eq!(placed.outcome, Outcome::Orphaned);
    assert_eq!(status(&doc, &placed), AnchorStatus::Orphaned);
    let placed = place(&doc, &item(""));
    assert_eq!(placed.outcome, Outcome::Orphaned);
    assert!(placed.annotation.tags.iter().any(|tag| tag == NEEDS_REVIEW_TAG));
}

#[test]
fn ids_are_stable_and_data_is_kept() {
    let doc = doc();
    let mut it = item("best of times");
    it.note = "why?".into();
    it.tags = vec!["dickens".into()];
    it.color = Some("Green".into());
    it.author = Some("reader".into());
    it.created = Some("2020-01-02T03:04:05Z".parse().unwrap());
    let first = place(&doc, &it);
    let second = place(&doc, &it);
    assert_eq!(first.annotation.id, second.annotation.id);
    let a = &first.annotation;
    assert_eq!(
        (a.note.as_str(), a.color.as_str(), a.author.as_deref()),
        ("why?", "green", Some("reader"))
    );
    assert_eq!(a.tags, ["dickens"]);
    assert_eq!(a.created, it.created.unwrap());
}
