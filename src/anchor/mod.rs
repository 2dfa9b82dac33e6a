//! Anchoring: attaching annotations to a text that may have been edited since they were
//! made, and capturing the selectors of new ones. Pure: no IO, no terminal.
//!
//! An annotation stores a W3C TextQuoteSelector (`exact`, `prefix`, `suffix`) and a
//! TextPositionSelector (`start`, `end`: code points of the normalised text, half-open).
//! Re-anchoring tries, in order (DESIGN §1.5):
//!
//! 1. **exact**: the stored offsets still hold the quote;
//! 2. **relocated** / **ambiguous**: the quote occurs elsewhere, and its context decides;
//! 3. **fuzzy**: the quote was edited; the best approximate match;
//! 4. **orphaned**: nothing fits; the annotation keeps its stored offsets and data.
//!
//! Quotes are compared under the rules of `text::pattern` (whitespace matches any
//! whitespace run, a line break joined away between two CJK characters matches nothing),
//! so re-wrapping a text never breaks an anchor.

mod engine;
mod exact;
mod fold;
mod fuzzy;
mod myers;
mod quote;
mod score;

pub use quote::{Quote, QuoteError, capture, find_quote};

use crate::annotation::Annotation;
use crate::document::Document;
use crate::text::charindex::CharIndex;

/// How an annotation attaches to the current text. The names (`as_str`) are a contract:
/// `notes --format json` prints them as `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnchorStatus {
    /// The stored offsets hold the quote (whitespace may differ).
    Exact,
    /// The quote occurs at other offsets, and its context or the edits around it say
    /// which occurrence is the annotation's. The only status callers may rewrite the
    /// stored offsets from without asking.
    Relocated,
    /// The quote occurs at several places that its context cannot tell apart; the first
    /// of them is reported. Needs review.
    Ambiguous,
    /// The quote itself was edited; the offsets are those of the best approximate
    /// match. Needs review.
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
/// - **Exact** when `start..end` still holds the quote, compared with whitespace runs
///   equal and joined CJK line breaks ignored.
/// - Else every exact occurrence of the quote is scored by how well the text around it
///   agrees with the stored prefix and suffix (20 points each, by edit distance) and by
///   its closeness to where the annotation is expected (2 points, falling linearly to 0
///   a whole text away). The best is **Relocated**; but position alone never decides
///   between occurrences whose context agrees equally well: they are **Ambiguous**
///   (the first is reported) unless exactly one of them starts precisely where the
///   annotation is expected.
/// - Else approximate matches with at most half the quote's length in edits are scored
///   50·quote similarity + 20·prefix + 20·suffix + 2·closeness (Hypothesis's weights).
///   The best is **Fuzzy** if it scores at least 60% of the 92 points and at least half
///   its context agrees (prefix plus suffix agreement of 1 or more, out of 2); its ends
///   are moved to where the prefix ends and the suffix starts. They are searched for
///   near the expected position first, and in the whole text only if nothing near is
///   confirmed by its context (agreement of 1.5 or more); there the budget is capped
///   at 256 edits, as Hypothesis caps it, so long passages stay quick to search.
/// - Else **Orphaned**.
///
/// One exception to that order: when the occurrence chosen in the second step is not
/// where the annotation is expected, the quote may have been edited there and occur
/// elsewhere by coincidence (a common phrase, a repeated paragraph). The best
/// approximate match near the expected position that overlaps no occurrence is then
/// **Fuzzy** instead, if it scores higher than the occurrence (whose quote counts 50
/// points) or starts exactly at the expected position with its context confirmed.
///
/// Only `Relocated` results should be written back to the stored offsets automatically:
/// `Ambiguous` and `Fuzzy` need a person to confirm, and orphans keep their data.
///
/// Alone, an annotation is expected at its stored start; `anchor_all` does better by
/// also following the shift of its confidently anchored neighbours.
pub fn anchor(text: &str, chars: &CharIndex, annotation: &Annotation) -> Anchoring {
    engine::anchor_one(text, chars, annotation)
}

/// Anchors every annotation of a document, in order (see `anchor` for the statuses).
///
/// When `stored_content_hash` (the sidecar's `content_hash`) equals the document's, the
/// text is unchanged: every annotation whose offsets still hold its quote is `Exact`
/// there, without any search (the others go through the whole pipeline). Otherwise the whole pipeline runs, sharing one pass over the text
/// for the exact search of all quotes, and each annotation is expected where its
/// stored start has moved to, judging by the nearest confidently anchored annotations
/// before and after it (an insertion early in the text shifts everything after it).
pub fn anchor_all(
    doc: &Document,
    annotations: &[Annotation],
    stored_content_hash: Option<&str>,
) -> Vec<Anchoring> {
    let len_chars = doc.len_chars();
    let unchanged = stored_content_hash.is_some_and(|hash| hash == doc.content_hash());
    if !unchanged {
        let all: Vec<&Annotation> = annotations.iter().collect();
        return engine::anchor_each(doc.text(), doc.chars(), &all);
    }
    // Offsets are still checked against the quote (cheaply, no search): a hand-edited
    // sidecar may carry a current hash and wrong offsets.
    let mut results: Vec<Option<Anchoring>> = annotations
        .iter()
        .map(|a| engine::exact_at_stored(doc.text(), doc.chars(), a))
        .collect();
    let out_of_range: Vec<usize> = (0..annotations.len()).filter(|&i| results[i].is_none()).collect();
    let stray: Vec<&Annotation> = out_of_range.iter().map(|&i| &annotations[i]).collect();
    for (i, anchoring) in out_of_range
        .into_iter()
        .zip(engine::anchor_each(doc.text(), doc.chars(), &stray))
    {
        results[i] = Some(anchoring);
    }
    let all: Vec<&Annotation> = annotations.iter().collect();
    engine::complete(results, &all, len_chars)
}

#[cfg(test)]
mod tests;
