//! The re-anchoring pipeline for a batch of annotations: exact at the stored offsets,
//! else exact occurrences ranked by context (relocated or ambiguous), else approximate
//! matching (fuzzy), else orphaned. Owns the order of the stages and the estimate of
//! where each annotation should now be; the stages themselves live beside it. Pure.

use std::ops::Range;

use super::exact::{self, Occurrence};
use super::fold::{Folded, fold_eq};
use super::fuzzy::{self, Reach, Scope};
use super::score::{self, CONFIRMING_CONTEXT, ContextFit, Selector};
use super::{AnchorStatus, Anchoring};
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
}

/// An exact occurrence with its offsets and its agreement with the context.
struct Candidate {
    chars: Range<usize>,
    folded: Range<usize>,
    fit: ContextFit,
}

/// Anchors each annotation; see `super::anchor` for the meaning of each status.
pub(super) fn anchor_each(text: &str, chars: &CharIndex, annotations: &[&Annotation]) -> Vec<Anchoring> {
    let mut results: Vec<Option<Anchoring>> = annotations
        .iter()
        .map(|annotation| exact_at_stored(text, chars, annotation))
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

    let shifts = Shifts::observe(annotations, &results, &pending, &candidates);
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

/// Anchors an annotation whose stored offsets no longer hold its quote, given the
/// quote's exact occurrences.
fn resolve(
    haystack: &Haystack,
    selector: &Selector,
    annotation: &Annotation,
    found: &[Candidate],
    expected: &[usize],
) -> Anchoring {
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
    let Some(ranked) = rank(found, annotation, expected, len_chars) else {
        return match fuzzy::find(haystack, selector, &scope) {
            Some(approximate) => anchoring(AnchorStatus::Fuzzy, haystack.chars_of_folded(approximate.folded)),
            None => orphaned(annotation, len_chars),
        };
    };
    if ranked.anchoring.status == AnchorStatus::Exact || expected.contains(&ranked.anchoring.start) {
        return ranked.anchoring;
    }
    // The quote occurs, but not where the annotation is expected: it may have been
    // edited there and occur elsewhere by coincidence (a common phrase, a repeated
    // paragraph). An edited quote near the expected place wins if it scores better, or
    // if it is exactly where the annotation is expected with its context around it.
    scope.reach = Reach::Near;
    let Some(approximate) = fuzzy::find(haystack, selector, &scope) else {
        return ranked.anchoring;
    };
    let chars = haystack.chars_of_folded(approximate.folded);
    // An approximate match that takes in the occurrence itself is that occurrence with
    // text inserted before or after it, not an edited copy of the quote.
    if chars.start < ranked.anchoring.end && ranked.anchoring.start < chars.end {
        return ranked.anchoring;
    }
    let predicted = expected.contains(&chars.start) && approximate.context.sum() >= CONFIRMING_CONTEXT;
    if approximate.score > ranked.score || predicted {
        anchoring(AnchorStatus::Fuzzy, chars)
    } else {
        ranked.anchoring
    }
}

/// `Exact` when the stored offsets are in the text and still hold the quote (compared
/// folded, so re-wrapping does not matter).
pub(super) fn exact_at_stored(text: &str, chars: &CharIndex, annotation: &Annotation) -> Option<Anchoring> {
    if !in_range(annotation, chars.len_chars()) {
        return None;
    }
    let bytes = chars.byte_at(text, annotation.start)..chars.byte_at(text, annotation.end);
    fold_eq(&text[bytes], &annotation.exact)
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
    found
        .into_iter()
        .map(|occurrence| Candidate {
            chars: char_of(occurrence.source.start)..char_of(occurrence.source.end),
            fit: selector.context_fit(haystack.folded.as_str(), occurrence.folded.clone()),
            folded: occurrence.folded,
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

/// The choice among exact occurrences, with the chosen one's score.
struct Ranked {
    anchoring: Anchoring,
    score: f64,
}

/// Picks among exact occurrences (see `super::anchor` for the rule); `None` if there
/// are none.
fn rank(
    found: &[Candidate],
    annotation: &Annotation,
    expected: &[usize],
    len_chars: usize,
) -> Option<Ranked> {
    let scored =
        |c: &Candidate| score::score(1.0, c.fit, score::closeness(c.chars.start, expected, len_chars));
    let ranked = |status, c: &Candidate| Ranked {
        anchoring: anchoring(status, c.chars.clone()),
        score: scored(c),
    };
    let stored = annotation.start..annotation.end;
    if let Some(at_stored) = found.iter().find(|c| c.chars == stored) {
        return Some(ranked(AnchorStatus::Exact, at_stored));
    }
    let mut best = found.first()?;
    for candidate in &found[1..] {
        if scored(candidate) > scored(best) {
            best = candidate;
        }
    }
    let tied: Vec<&Candidate> = found.iter().filter(|c| c.fit.ties(best.fit)).collect();
    let tied_at_expected: Vec<&Candidate> = tied
        .iter()
        .copied()
        .filter(|c| expected.contains(&c.chars.start))
        .collect();
    Some(if tied.len() == 1 {
        ranked(AnchorStatus::Relocated, best)
    } else if let [predicted] = tied_at_expected[..] {
        ranked(AnchorStatus::Relocated, predicted)
    } else {
        ranked(AnchorStatus::Ambiguous, tied.first().copied().unwrap_or(best))
    })
}

/// How far confidently anchored annotations moved, by stored start: the neighbours'
/// shift predicts where an annotation in between should be now.
#[derive(Debug)]
struct Shifts {
    moves: Vec<Move>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Move {
    stored_start: usize,
    current_start: usize,
    /// Index of the annotation that moved: its own move is no evidence for itself.
    annotation: usize,
}

impl Shifts {
    /// The moves of the annotations already exact (none) and of those with a confident
    /// occurrence (`pending[k]` has the occurrences `candidates[k]`).
    fn observe(
        annotations: &[&Annotation],
        results: &[Option<Anchoring>],
        pending: &[usize],
        candidates: &[Vec<Candidate>],
    ) -> Shifts {
        let exact = (0..annotations.len())
            .filter(|&i| results[i].is_some())
            .map(|i| (i, annotations[i].start));
        let relocated = pending
            .iter()
            .zip(candidates)
            .filter_map(|(&i, found)| confident(found).map(|c| (i, c.chars.start)));
        let mut moves: Vec<Move> = exact
            .chain(relocated)
            .map(|(i, current_start)| Move {
                stored_start: annotations[i].start,
                current_start,
                annotation: i,
            })
            .collect();
        moves.sort_unstable();
        Shifts { moves }
    }

    /// The stored start moved like the nearest other confident annotation on each side
    /// (the stored start itself when there is none).
    fn expected(&self, annotation: usize, stored_start: usize, len_chars: usize) -> Vec<usize> {
        let after = self.moves.partition_point(|m| m.stored_start <= stored_start);
        let others = |m: &&Move| m.annotation != annotation;
        let before = self.moves[..after].iter().rev().find(others);
        let behind = self.moves[after..].iter().find(others);
        let mut expected: Vec<usize> = before
            .into_iter()
            .chain(behind)
            .map(|m| {
                (stored_start + m.current_start)
                    .saturating_sub(m.stored_start)
                    .min(len_chars)
            })
            .collect();
        if expected.is_empty() {
            expected.push(stored_start.min(len_chars));
        }
        expected.dedup();
        expected
    }
}
