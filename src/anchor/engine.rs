//! The re-anchoring pipeline for a batch of annotations: exact at the stored offsets,
//! else exact occurrences the note may move to by itself (relocated, or ambiguous among
//! equals), else approximate matching (fuzzy), else occurrences near where the note is
//! expected, for review (fuzzy or ambiguous), else orphaned. Owns the order of the
//! stages and the evidence that lets a note move by itself (DESIGN §1.5); the stages,
//! and the estimate of where each note should now be (`shifts.rs`), live beside it. Pure.

use std::ops::Range;

use super::exact::{self, Occurrence};
use super::fold::{Folded, fold_eq};
use super::fuzzy::{self, NEAR_CHARS, Reach, Scope};
use super::score::{self, CONFIRMING_CONTEXT, ContextFit, Selector};
use super::shifts::Shifts;
use super::{AnchorStatus, Anchoring, ContextAgreement};
use crate::annotation::Annotation;
use crate::text::charindex::{CharIndex, count_chars};

/// The text in both forms, with char offset conversions.
pub(super) struct Haystack<'t> {
    pub source: &'t str,
    pub chars: &'t CharIndex,
    pub folded: Folded,
}

impl Haystack<'_> {
    pub(super) fn char_of_folded(&self, folded_byte: usize) -> usize {
        self.chars
            .char_at(self.source, self.folded.source_byte(folded_byte))
    }

    pub(super) fn folded_of_char(&self, char_offset: usize) -> usize {
        self.folded
            .folded_byte(self.chars.byte_at(self.source, char_offset))
    }

    /// Char range in the source of a folded range without whitespace at its edges.
    pub(super) fn chars_of_folded(&self, folded: Range<usize>) -> Range<usize> {
        let source = self.folded.source_range(folded);
        self.chars.char_at(self.source, source.start)..self.chars.char_at(self.source, source.end)
    }

    /// Folded range of a char range, whitespace at its edges left out.
    pub(super) fn folded_of_chars(&self, chars: Range<usize>) -> Range<usize> {
        let bytes = self.chars.byte_at(self.source, chars.start)..self.chars.byte_at(self.source, chars.end);
        let slice = &self.source[bytes.clone()];
        let trimmed = slice.trim_start();
        let start = bytes.start + slice.len() - trimmed.len();
        let end = start + trimmed.trim_end().len();
        exact::folded_range(self.source, &self.folded, start..end)
    }
}

/// An exact occurrence with its offsets and its agreement with the context.
struct Candidate {
    chars: Range<usize>,
    folded: Range<usize>,
    fit: ContextFit,
    /// The context agrees here (`Selector::agrees`): the note may move here by itself.
    agrees: bool,
}

/// Anchors each annotation; see `super::anchor` for the meaning of each status.
pub(super) fn anchor_each(text: &str, chars: &CharIndex, annotations: &[&Annotation]) -> Vec<Anchoring> {
    let mut results: Vec<Option<Anchoring>> = annotations
        .iter()
        .map(|annotation| {
            // A note with no quote (a page note brought in by an import) is tied to no
            // text: it is never `exact` at an empty place.
            if annotation.exact.is_empty() {
                Some(orphaned(annotation, chars.len_chars()))
            } else {
                exact_without_search(text, chars, annotation)
            }
        })
        .collect();
    let pending: Vec<usize> = (0..annotations.len()).filter(|&i| results[i].is_none()).collect();
    if pending.is_empty() {
        return complete(results, annotations, chars.len_chars());
    }
    let haystack = Haystack {
        source: text,
        chars,
        folded: Folded::new(text),
    };
    let selectors: Vec<Selector> = pending.iter().map(|&i| Selector::new(annotations[i])).collect();
    let quotes: Vec<&str> = selectors.iter().map(|s| s.quote.as_str()).collect();
    let occurrences = exact::find_all(text, &haystack.folded, &quotes);
    let candidates: Vec<Vec<Candidate>> = occurrences
        .into_iter()
        .zip(&selectors)
        .map(|(found, selector)| candidates(&haystack, selector, found))
        .collect();

    let exact = (0..annotations.len())
        .filter(|&i| results[i].is_some())
        .map(|i| (i, annotations[i].start));
    let relocated = pending
        .iter()
        .zip(&candidates)
        .filter_map(|(&i, found)| confident(found).map(|c| (i, c.chars.start)));
    let shifts = Shifts::observe(annotations, exact.chain(relocated));
    for ((&i, found), selector) in pending.iter().zip(&candidates).zip(&selectors) {
        let annotation = annotations[i];
        let expected = shifts.expected(i, annotation.start, chars.len_chars());
        results[i] = Some(resolve(&haystack, selector, annotation, found, &expected));
    }
    complete(results, annotations, chars.len_chars())
}

/// One anchoring per annotation; every slot is filled by then, but should one not be,
/// its annotation is orphaned rather than shifting the others.
pub(super) fn complete(
    results: Vec<Option<Anchoring>>,
    annotations: &[&Annotation],
    len_chars: usize,
) -> Vec<Anchoring> {
    results
        .into_iter()
        .zip(annotations)
        .map(|(result, annotation)| result.unwrap_or_else(|| orphaned(annotation, len_chars)))
        .collect()
}

/// Anchors a single annotation.
pub(super) fn anchor_one(text: &str, chars: &CharIndex, annotation: &Annotation) -> Anchoring {
    let mut results = anchor_each(text, chars, &[annotation]);
    results
        .pop()
        .unwrap_or_else(|| orphaned(annotation, chars.len_chars()))
}

/// Anchors an annotation that the first pass did not find exact at its stored offsets,
/// given the quote's exact occurrences (see `super::anchor` for the rules).
fn resolve(
    haystack: &Haystack,
    selector: &Selector,
    annotation: &Annotation,
    found: &[Candidate],
    expected: &[usize],
) -> Anchoring {
    if let Some(exact) = exact_with_context(haystack, annotation, found) {
        return exact;
    }
    let len_chars = haystack.chars.len_chars();
    let mut near = expected.to_vec();
    near.push(annotation.start.min(len_chars));
    let exclude: Vec<Range<usize>> = found.iter().map(|c| c.folded.clone()).collect();
    let mut scope = Scope {
        expected,
        near: &near,
        reach: Reach::Whole,
        exclude: &exclude,
    };
    let Some(ranked) = rank(&movable(selector, found, expected), expected, len_chars) else {
        return review(haystack, selector, annotation, found, &scope);
    };
    if expected.contains(&ranked.anchoring.start) {
        return ranked.anchoring;
    }
    scope.reach = Reach::Near;
    edited_here_or(haystack, selector, &scope, ranked)
}

/// The quote occurs, its context agreeing, but not where the annotation is expected: it
/// may have been edited there and occur elsewhere by coincidence (a common phrase, a
/// repeated paragraph). An edited quote near the expected place wins if it scores
/// better, or if it is exactly where the annotation is expected with its context around
/// it.
fn edited_here_or(haystack: &Haystack, selector: &Selector, scope: &Scope, ranked: Ranked) -> Anchoring {
    let Some(approximate) = fuzzy::find(haystack, selector, scope) else {
        return ranked.anchoring;
    };
    let chars = haystack.chars_of_folded(approximate.folded);
    // An approximate match that takes in the occurrence itself is that occurrence with
    // text inserted before or after it, not an edited copy of the quote.
    if chars.start < ranked.anchoring.end && ranked.anchoring.start < chars.end {
        return ranked.anchoring;
    }
    let predicted = scope.expected.contains(&chars.start) && approximate.context.sum() >= CONFIRMING_CONTEXT;
    if approximate.score > ranked.score || predicted {
        anchoring(AnchorStatus::Fuzzy, chars)
    } else {
        ranked.anchoring
    }
}

/// Nothing may move by itself. An approximate match (the quote edited, most of its
/// context there) is **Fuzzy**; else the occurrences within `NEAR_CHARS` of where the
/// annotation is expected wait for review at the nearest: **Fuzzy** if it is the only
/// one, **Ambiguous** if there are several; else **Orphaned**.
fn review(
    haystack: &Haystack,
    selector: &Selector,
    annotation: &Annotation,
    found: &[Candidate],
    scope: &Scope,
) -> Anchoring {
    if let Some(approximate) = fuzzy::find(haystack, selector, scope) {
        return anchoring(AnchorStatus::Fuzzy, haystack.chars_of_folded(approximate.folded));
    }
    let near: Vec<&Candidate> = found
        .iter()
        .filter(|c| distance(c.chars.start, scope.expected) <= NEAR_CHARS)
        .collect();
    match (nearest(&near, scope.expected), near.len()) {
        (Some(only), 1) => anchoring(AnchorStatus::Fuzzy, only.chars.clone()),
        (Some(first), _) => anchoring(AnchorStatus::Ambiguous, first.chars.clone()),
        (None, _) => orphaned(annotation, haystack.chars.len_chars()),
    }
}

/// `Exact` without a search: the stored offsets hold a quote that is not short. A
/// short quote there may be another occurrence that came to sit at the same place: it
/// is searched with the others, and is exact only if its context agrees there.
fn exact_without_search(text: &str, chars: &CharIndex, annotation: &Annotation) -> Option<Anchoring> {
    if score::is_short_quote(&annotation.exact) {
        return None;
    }
    exact_at_stored(text, chars, annotation)
}

/// `Exact` when the stored offsets hold the quote and its context agrees there.
fn exact_with_context(
    haystack: &Haystack,
    annotation: &Annotation,
    found: &[Candidate],
) -> Option<Anchoring> {
    let exact = exact_at_stored(haystack.source, haystack.chars, annotation)?;
    let stored = annotation.start..annotation.end;
    found
        .iter()
        .any(|c| c.agrees && stored.start <= c.chars.start && c.chars.end <= stored.end)
        .then_some(exact)
}

/// How the context agrees at a char range (see `super::context_agreement`).
pub(super) fn context_agreement(
    text: &str,
    chars: &CharIndex,
    annotation: &Annotation,
    range: Range<usize>,
) -> ContextAgreement {
    let haystack = Haystack {
        source: text,
        chars,
        folded: Folded::new(text),
    };
    let selector = Selector::new(annotation);
    let end = range.end.min(chars.len_chars());
    let folded = haystack.folded_of_chars(range.start.min(end)..end);
    let fit = selector.context_fit(haystack.folded.as_str(), folded.clone());
    ContextAgreement {
        prefix: fit.prefix,
        suffix: fit.suffix,
        agrees: selector.agrees(haystack.folded.as_str(), folded, fit),
    }
}

/// `Exact` when the stored offsets are in the text and still hold the quote (compared
/// folded, so re-wrapping does not matter).
pub(super) fn exact_at_stored(text: &str, chars: &CharIndex, annotation: &Annotation) -> Option<Anchoring> {
    // A note with no quote is tied to no text (`anchor_each` orphans it).
    if !in_range(annotation, chars.len_chars()) || annotation.exact.is_empty() {
        return None;
    }
    let start = chars.byte_at(text, annotation.start);
    let bytes = start..chars.byte_after(text, start, annotation.end - annotation.start);
    let found = &text[bytes];
    (found == annotation.exact || fold_eq(found, &annotation.exact))
        .then(|| anchoring(AnchorStatus::Exact, annotation.start..annotation.end))
}

pub(super) fn in_range(annotation: &Annotation, len_chars: usize) -> bool {
    annotation.start <= annotation.end && annotation.end <= len_chars
}

pub(super) fn anchoring(status: AnchorStatus, chars: Range<usize>) -> Anchoring {
    Anchoring {
        status,
        start: chars.start,
        end: chars.end,
    }
}

/// Orphans keep their stored offsets, clamped to the text.
fn orphaned(annotation: &Annotation, len_chars: usize) -> Anchoring {
    let start = annotation.start.min(len_chars);
    let end = annotation.end.clamp(start, len_chars);
    anchoring(AnchorStatus::Orphaned, start..end)
}

/// Char offsets and context agreement of each occurrence. Occurrences arrive in text
/// order, so char offsets are counted forward from the previous one when it is near.
fn candidates(haystack: &Haystack, selector: &Selector, found: Vec<Occurrence>) -> Vec<Candidate> {
    let mut cursor = (0, 0);
    let mut char_of = |byte: usize| {
        let (cursor_byte, cursor_char) = cursor;
        let char_offset = if byte >= cursor_byte && byte - cursor_byte < 4096 {
            cursor_char + count_chars(&haystack.source.as_bytes()[cursor_byte..byte])
        } else {
            haystack.chars.char_at(haystack.source, byte)
        };
        cursor = (byte, char_offset);
        char_offset
    };
    let folded = haystack.folded.as_str();
    found
        .into_iter()
        .map(|occurrence| {
            let fit = selector.context_fit(folded, occurrence.folded.clone());
            Candidate {
                chars: char_of(occurrence.source.start)..char_of(occurrence.source.end),
                agrees: selector.agrees(folded, occurrence.folded.clone(), fit),
                folded: occurrence.folded,
                fit,
            }
        })
        .collect()
}

/// The occurrence that is surely the annotation, whatever the position: the only one
/// whose context is unchanged, or the only one at all if its context mostly is.
fn confident(found: &[Candidate]) -> Option<&Candidate> {
    if let [only] = found {
        return (only.fit.sum() >= CONFIRMING_CONTEXT).then_some(only);
    }
    let mut perfect = found.iter().filter(|c| c.fit.is_perfect());
    match (perfect.next(), perfect.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// The occurrences the note may move to by itself: where its context agrees, and, for
/// a quote neither short nor repeated, exactly where it is expected (the text's change
/// in length before it explains the move).
fn movable<'c>(selector: &Selector, found: &'c [Candidate], expected: &[usize]) -> Vec<&'c Candidate> {
    let weak = selector.is_short() || found.len() > 1;
    found
        .iter()
        .filter(|c| c.agrees || !weak && expected.contains(&c.chars.start))
        .collect()
}

/// The choice among exact occurrences, with the chosen one's score.
struct Ranked {
    anchoring: Anchoring,
    score: f64,
}

/// Picks among the occurrences the note may move to (see `super::anchor` for the rule);
/// `None` if there are none.
fn rank(movable: &[&Candidate], expected: &[usize], len_chars: usize) -> Option<Ranked> {
    let scored =
        |c: &Candidate| score::score(1.0, c.fit, score::closeness(c.chars.start, expected, len_chars));
    let best = movable
        .iter()
        .copied()
        .reduce(|best, c| if scored(c) > scored(best) { c } else { best })?;
    let tied: Vec<&Candidate> = movable.iter().copied().filter(|c| c.fit.ties(best.fit)).collect();
    let tied_at_expected: Vec<&Candidate> = tied
        .iter()
        .copied()
        .filter(|c| expected.contains(&c.chars.start))
        .collect();
    let (status, chosen) = match (&tied[..], &tied_at_expected[..]) {
        ([_], _) => (AnchorStatus::Relocated, best),
        (_, [predicted]) => (AnchorStatus::Relocated, *predicted),
        _ => (AnchorStatus::Ambiguous, nearest(&tied, expected).unwrap_or(best)),
    };
    Some(Ranked {
        anchoring: anchoring(status, chosen.chars.clone()),
        score: scored(chosen),
    })
}

/// The candidate nearest to an expected position; the first of equals.
fn nearest<'c>(candidates: &[&'c Candidate], expected: &[usize]) -> Option<&'c Candidate> {
    candidates
        .iter()
        .copied()
        .min_by_key(|c| distance(c.chars.start, expected))
}

/// Chars from an offset to the nearest expected position.
fn distance(char_offset: usize, expected: &[usize]) -> usize {
    expected
        .iter()
        .map(|&e| e.abs_diff(char_offset))
        .min()
        .unwrap_or(usize::MAX)
}
