//! Anchoring: attaching annotations to a text that may have been edited since they were
//! made, and capturing the selectors of new ones. Pure: no IO, no terminal.
//!
//! An annotation stores a W3C TextQuoteSelector (`exact`, `prefix`, `suffix`) and a
//! TextPositionSelector (`start`, `end`: code points of the normalised text, half-open).
//! Re-anchoring tries, in order (DESIGN §1.5):
//!
//! 1. **exact**: the stored offsets still hold the quote;
//! 2. **relocated** / **ambiguous**: the quote occurs elsewhere, and the evidence says
//!    which occurrence is the annotation's: its context agrees there, or the text's
//!    change in length before it predicts the move;
//! 3. **fuzzy**: the quote was edited; the best approximate match;
//! 4. **fuzzy** / **ambiguous** for review: the quote occurs near where it is expected,
//!    but nothing says the place is the annotation's;
//! 5. **orphaned**: nothing fits; the annotation keeps its stored offsets and data.
//!
//! Only the first two let a note move by itself: a note never follows a far occurrence
//! of its words because its own passage is gone.
//!
//! Quotes are compared under the rules of `text::pattern` (whitespace matches any
//! whitespace run, a line break joined away between two CJK characters matches nothing),
//! so re-wrapping a text never breaks an anchor.

mod engine;
mod exact;
mod fold;
mod fuzzy;
pub mod loose;
mod myers;
mod quote;
mod score;
mod shifts;

pub use quote::{Quote, QuoteError, capture, find_quote};

use std::borrow::Borrow;

use crate::annotation::Annotation;
use crate::document::Document;
use crate::text::charindex::CharIndex;

/// How an annotation attaches to the current text. The names (`as_str`) are a contract:
/// `notes --format json` prints them as `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnchorStatus {
    /// The stored offsets hold the quote (whitespace may differ); in a changed text, a
    /// short quote's context agrees there too.
    Exact,
    /// The quote occurs at other offsets, and its context agrees there or the edits
    /// around it predict the move. The only status callers may rewrite the stored
    /// offsets from without asking.
    Relocated,
    /// The quote occurs at several places that its context cannot tell apart, or at
    /// several places near where it is expected with its context agreeing at none; the
    /// one nearest to where it is expected is reported. Needs review.
    Ambiguous,
    /// The quote itself was edited, and the offsets are those of the best approximate
    /// match; or it occurs once near where it is expected, its context agreeing
    /// neither there nor anywhere. Needs review.
    Fuzzy,
    /// Nothing in the text fits. The annotation is kept as it is, forever: callers list
    /// and export it, and never delete it.
    Orphaned,
}

impl AnchorStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorStatus::Exact => "exact",
            AnchorStatus::Relocated => "relocated",
            AnchorStatus::Ambiguous => "ambiguous",
            AnchorStatus::Fuzzy => "fuzzy",
            AnchorStatus::Orphaned => "orphaned",
        }
    }
}

impl std::fmt::Display for AnchorStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an annotation is now: char offsets of the normalised text, half-open. For an
/// orphan, the stored offsets clamped to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchoring {
    pub status: AnchorStatus,
    pub start: usize,
    pub end: usize,
}

/// Anchors one annotation in `text` (the normalised text `chars` indexes).
///
/// The evidence, all on folded text (whitespace runs equal, joined CJK breaks ignored):
/// a side of the context agrees at a place when the stored prefix (or suffix) is found
/// next to it with at most a quarter of its code points edited (similarity 0.75 or
/// more, by edit distance); a side stored with fewer than 8 code points (cut short by
/// the text's edge) agrees only where the edge is as near. A quote is **short** with
/// fewer than 16 code points, and **weak** when short or occurring more than once. The
/// context **agrees** when one side does; for a short quote, when both do (a side cut
/// short by the edge aside).
///
/// - **Exact** when `start..end` still holds the quote; a short quote also needs its
///   context to agree there (another "Pierre" may have come to sit at its offsets).
/// - Else the exact occurrences the note may **move to by itself**: those where its
///   context agrees, and, for a quote that is not weak, the one exactly where the
///   annotation is expected (the shift its neighbours predict: the text's change in
///   length before it). Among these, each is scored by how well the text around it
///   agrees with the stored prefix and suffix (20 points each, by edit distance) and
///   by its closeness to where the annotation is expected (2 points, falling linearly
///   to 0 a whole text away). The best is **Relocated**; but position alone never
///   decides between places whose context agrees equally well: they are **Ambiguous**
///   (the one nearest to where the annotation is expected is reported) unless exactly
///   one of them starts precisely where the annotation is expected.
/// - Else approximate matches with at most half the quote's length in edits are scored
///   50·quote similarity + 20·prefix + 20·suffix + 2·closeness (Hypothesis's weights).
///   The best is **Fuzzy** if it scores at least 60% of the 92 points and at least half
///   its context agrees (prefix plus suffix agreement of 1 or more, out of 2); its ends
///   are moved to where the prefix ends and the suffix starts. They are searched for
///   near the expected position first, and in the whole text only if nothing near is
///   confirmed by its context (agreement of 1.5 or more); there the budget is capped
///   at 256 edits, as Hypothesis caps it, so long passages stay quick to search.
/// - Else, when exact occurrences lie within 4,096 code points of where the annotation
///   is expected, they wait for review at the nearest: **Fuzzy** if it is the only
///   one, **Ambiguous** if there are several.
/// - Else **Orphaned**: a far occurrence whose context does not agree is never taken.
///
/// One exception to that order: when the occurrence chosen in the second step is not
/// where the annotation is expected, the quote may have been edited there and occur
/// elsewhere by coincidence (a common phrase, a repeated paragraph). The best
/// approximate match near the expected position that overlaps no occurrence is then
/// **Fuzzy** instead, if it scores higher than the occurrence (whose quote counts 50
/// points) or starts exactly at the expected position with its context confirmed.
///
/// Only `Exact` and `Relocated` results should be written back to the stored offsets
/// automatically: `Ambiguous` and `Fuzzy` need a person to confirm, and orphans keep
/// their data.
///
/// Alone, an annotation is expected at its stored start; `anchor_all` does better by
/// also following the shift of its confidently anchored neighbours.
pub fn anchor(text: &str, chars: &CharIndex, annotation: &Annotation) -> Anchoring {
    engine::anchor_one(text, chars, annotation)
}

/// How the text around a place agrees with an annotation's stored context: the
/// similarity of each side (0 to 1) and whether the context **agrees** there as `anchor`
/// defines it (what a note needs to move there by itself). `start..end` are char
/// offsets of `text`, clamped to it.
pub fn context_agreement(
    text: &str,
    chars: &CharIndex,
    annotation: &Annotation,
    start: usize,
    end: usize,
) -> ContextAgreement {
    engine::context_agreement(text, chars, annotation, start..end)
}

/// See `context_agreement`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContextAgreement {
    pub prefix: f64,
    pub suffix: f64,
    pub agrees: bool,
}

/// Anchors every annotation of a document, in order (see `anchor` for the statuses).
///
/// When `stored_content_hash` (the sidecar's `content_hash`) equals the document's, the
/// text is unchanged: every annotation whose offsets still hold its quote is `Exact`
/// there, without any search, short or not (the others go through the whole
/// pipeline). Otherwise the whole pipeline runs, sharing one pass over the text
/// for the exact search of all quotes, and each annotation is expected where its
/// stored start has moved to, judging by the nearest confidently anchored annotations
/// before and after it (an insertion early in the text shifts everything after it).
pub fn anchor_all<A: Borrow<Annotation> + Sync>(
    doc: &Document,
    annotations: &[A],
    stored_content_hash: Option<&str>,
) -> Vec<Anchoring> {
    let len_chars = doc.len_chars();
    let unchanged = stored_content_hash.is_some_and(|hash| hash == doc.content_hash());
    if !unchanged {
        let all: Vec<&Annotation> = annotations.iter().map(A::borrow).collect();
        return engine::anchor_each(doc.text(), doc.chars(), &all);
    }
    // Offsets are still checked against the quote (cheaply, no search): a hand-edited
    // sidecar may carry a current hash and wrong offsets.
    let mut results: Vec<Option<Anchoring>> = crate::par::map(annotations, |a| {
        engine::exact_at_stored(doc.text(), doc.chars(), a.borrow())
    });
    let out_of_range: Vec<usize> = (0..annotations.len()).filter(|&i| results[i].is_none()).collect();
    let stray: Vec<&Annotation> = out_of_range.iter().map(|&i| annotations[i].borrow()).collect();
    for (i, anchoring) in out_of_range
        .into_iter()
        .zip(engine::anchor_each(doc.text(), doc.chars(), &stray))
    {
        results[i] = Some(anchoring);
    }
    let all: Vec<&Annotation> = annotations.iter().map(A::borrow).collect();
    engine::complete(results, &all, len_chars)
}

#[cfg(test)]
mod tests;
