//! Property: random edits to real texts (the quote's sentence deleted, its context
//! rewritten, the quote duplicated elsewhere, paragraphs inserted and deleted) never
//! leave a note `exact` or `relocated` at a place that is not its own (DESIGN §1.5).
//!
//! Each case annotates a word, a phrase or a sentence of a corpus excerpt (English,
//! Chinese, Japanese, Korean), and two phrases elsewhere whose moves tell the engine
//! how the text shifted; applies one to three edits (`random_edits.rs`), which also say
//! where each quote really went; and anchors the three notes together and the first
//! one alone. Of every `exact` and `relocated` result it asserts:
//!
//! - the range holds the quote (under the rules of `text::pattern`, by which anchoring
//!   folds);
//! - `exact` is at the stored offsets, and a short quote's context agrees there;
//! - `relocated`: the context agrees there (`anchor::context_agreement`: the engine's
//!   measure, unit-tested in `score.rs`); or else the quote is neither short nor
//!   repeated, its shift is one that another note's move predicts (alone: 0 only), and
//!   the place really is the quote's (its own, or a copy the edits pasted).
//!
//! And when the edits went through the first quote and its context agrees at none of
//! its occurrences, it is never `exact`, nor, alone, `relocated`. (Together with the
//! others it may be relocated, only as above: a passage cut and pasted elsewhere carries
//! the notes inside it, and their move predicts its own.)

use std::ops::Range;
use std::sync::LazyLock;

use margent::anchor::{self, AnchorStatus, Anchoring, context_agreement};
use margent::annotation::Annotation;
use margent::document::{Document, Source};
use margent::text::charindex::CharIndex;
use margent::text::pattern::{self, CaseMode};
use proptest::prelude::*;

use super::random_edits::{Edited, Span, edits, pick_quote, span};
use super::{annotate_chars, document};

const CORPUS: [&[u8]; 9] = [
    include_bytes!("../fixtures/corpus/en-news-voa-virtual-fences-cows.txt"),
    include_bytes!("../fixtures/corpus/en-moby-dick-gutenberg-cp1252-crlf.txt"),
    include_bytes!("../fixtures/anchor/en-war-and-peace-hardwrapped.txt"),
    include_bytes!("../fixtures/corpus/zh-hant-nahan-luxun-hardwrapped-crlf.txt"),
    include_bytes!("../fixtures/corpus/zh-hongloumeng-utf8-fwindent.txt"),
    include_bytes!("../fixtures/corpus/ja-aozora-tsumi-to-batsu-sjis.txt"),
    include_bytes!("../fixtures/corpus/ja-aozora-wagahai-wa-neko-utf8bom-noruby.txt"),
    include_bytes!("../fixtures/corpus/ko-unsu-joeun-nal-hyeon-jingeon-utf8-crlf.txt"),
    include_bytes!("../fixtures/corpus/ko-readymade-insaeng-chae-mansik-cp949-crlf.txt"),
];

/// The corpus excerpts decoded and normalised, as chars.
static TEXTS: LazyLock<Vec<Vec<char>>> = LazyLock::new(|| {
    CORPUS
        .iter()
        .map(|bytes| {
            let doc =
                Document::from_bytes(bytes.to_vec(), None, Source::Stdin).expect("corpus excerpts are text");
            doc.text().chars().collect()
        })
        .collect()
});

/// Char ranges of every occurrence of `quote` (overlapping ones too), as anchoring
/// finds them: under the rules of `text::pattern`.
fn occurrences(text: &str, quote: &str) -> Vec<Range<usize>> {
    let Some(regex) = pattern::compile(quote, CaseMode::Sensitive) else {
        return Vec::new();
    };
    let chars = CharIndex::new(text);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(m) = regex.find_at(text, from) {
        found.push(chars.char_at(text, m.start())..chars.char_at(text, m.end()));
        from = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// Whether the text at the char range, whitespace at its edges aside, is the quote.
fn holds(text: &str, range: Range<usize>, quote: &str) -> bool {
    let chars = CharIndex::new(text);
    let slice = text[chars.byte_at(text, range.start)..chars.byte_at(text, range.end)].trim();
    pattern::compile(quote, CaseMode::Sensitive)
        .and_then(|regex| regex.find(slice))
        .is_some_and(|m| m.range() == (0..slice.len()))
}

/// Fewer than 16 folded code points: the engine's short quotes.
fn is_short(quote: &str) -> bool {
    let folded: Vec<&str> = quote.split_whitespace().collect();
    folded.join(" ").chars().count() < 16
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn edits_never_leave_a_note_exact_or_relocated_at_a_place_not_its_own(
        which in 0..CORPUS.len(),
        span in span(),
        seed in any::<usize>(),
        witnesses in (any::<usize>(), any::<usize>()),
        edits in edits(),
    ) {
        let chars = &TEXTS[which];
        let original: String = chars.iter().collect();
        let subject = pick_quote(chars, span, seed);
        prop_assume!(subject.is_some());
        let witnesses = [pick_quote(chars, Span::Phrase, witnesses.0), pick_quote(chars, Span::Phrase, witnesses.1)];
        let ranges: Vec<Range<usize>> = std::iter::once(subject).chain(witnesses).flatten().collect();
        let annotations: Vec<Annotation> = ranges.iter().map(|r| annotate_chars(&original, r.clone())).collect();
        let donors: Vec<Vec<char>> = TEXTS.iter().enumerate().filter(|&(i, _)| i != which).map(|(_, t)| t.clone()).collect();
        let mut edited = Edited::new(chars, &ranges, &donors);
        for edit in &edits {
            edited.apply(edit);
        }
        let text: String = edited.chars.iter().collect();
        let doc = document(&text);
        let together = anchor::anchor_all(&doc, &annotations, None);
        prop_assert_eq!(together.len(), annotations.len());
        for (i, annotation) in annotations.iter().enumerate() {
            let truth = Truth { places: edited.places(i), predicted: predicted_shifts(&text, &annotations, &together, i) };
            check_honest(&text, annotation, together[i], &truth)?;
        }
        let alone = anchor::anchor(doc.text(), doc.chars(), &annotations[0]);
        check_honest(&text, &annotations[0], alone, &Truth { places: edited.places(0), predicted: vec![0] })?;

        let context_nowhere = occurrences(&text, &annotations[0].exact)
            .into_iter()
            .all(|at| !agrees(&text, &annotations[0], at));
        if edited.own[0].is_none() && context_nowhere {
            prop_assert!(!is_placed(alone), "alone, its place and context gone: {:?}", alone);
            prop_assert!(
                together[0].status != AnchorStatus::Exact,
                "its place and context gone: {:?}", together[0]
            );
        }
    }
}

fn is_placed(anchoring: Anchoring) -> bool {
    matches!(anchoring.status, AnchorStatus::Exact | AnchorStatus::Relocated)
}

fn agrees(text: &str, annotation: &Annotation, range: Range<usize>) -> bool {
    context_agreement(text, &CharIndex::new(text), annotation, range.start, range.end).agrees
}

/// The shifts the moves of the other notes predict for note `i`, and 0 (a note is
/// expected where it was). The engine uses the nearest confident neighbours only: a
/// subset of these. A neighbour's move is where it was placed, or where it was
/// confidently found before it was placed (as the engine observes moves: the only
/// occurrence of its quote, its context mostly unchanged — prefix and suffix agreement
/// of 1.5 or more out of 2), even if it ended up waiting for review.
fn predicted_shifts(text: &str, annotations: &[Annotation], anchored: &[Anchoring], i: usize) -> Vec<isize> {
    let chars = CharIndex::new(text);
    let mut shifts = vec![0];
    for (j, (annotation, anchoring)) in annotations.iter().zip(anchored).enumerate() {
        if j == i {
            continue;
        }
        let moved_to = |start: usize| start as isize - annotation.start as isize;
        if is_placed(*anchoring) {
            shifts.push(moved_to(anchoring.start));
        }
        if let [only] = &occurrences(text, &annotation.exact)[..] {
            let fit = context_agreement(text, &chars, annotation, only.start, only.end);
            if fit.prefix + fit.suffix >= 1.5 {
                shifts.push(moved_to(only.start));
            }
        }
    }
    shifts
}

/// What the test knows of where a note may be without its context agreeing.
struct Truth {
    /// Where its quote really is: its own place and the copies the edits made.
    places: Vec<Range<usize>>,
    /// Shifts the moves of other notes predict (see `predicted_shifts`).
    predicted: Vec<isize>,
}

/// The assertions every `exact` or `relocated` result must pass (see the module
/// comment); other statuses wait for review and may be anywhere.
fn check_honest(
    text: &str,
    annotation: &Annotation,
    anchoring: Anchoring,
    truth: &Truth,
) -> Result<(), TestCaseError> {
    let len = text.chars().count();
    prop_assert!(
        anchoring.start <= anchoring.end && anchoring.end <= len,
        "{:?}",
        anchoring
    );
    if !is_placed(anchoring) {
        return Ok(());
    }
    let range = anchoring.start..anchoring.end;
    let quote = &annotation.exact;
    prop_assert!(
        holds(text, range.clone(), quote),
        "{:?} does not hold {:?}",
        anchoring,
        quote
    );
    let context = agrees(text, annotation, range.clone());
    let short = is_short(quote);
    if anchoring.status == AnchorStatus::Exact {
        prop_assert_eq!(
            (anchoring.start, anchoring.end),
            (annotation.start, annotation.end)
        );
        prop_assert!(
            context || !short,
            "a short quote exact without its context: {:?}",
            anchoring
        );
        return Ok(());
    }
    let weak = short || occurrences(text, quote).len() > 1;
    let shift = anchoring.start as isize - annotation.start as isize;
    prop_assert!(
        context || !weak && truth.predicted.contains(&shift),
        "{:?} for {:?}: its context does not agree, and {} (predicted {:?})",
        anchoring,
        quote,
        if weak {
            "the quote is short or repeated".to_string()
        } else {
            format!("the shift {shift} is not predicted")
        },
        truth.predicted
    );
    prop_assert!(
        context || truth.places.contains(&range),
        "{:?} for {:?}: moved without its context to a place that is not the quote's ({:?})",
        anchoring,
        quote,
        truth.places
    );
    Ok(())
}
