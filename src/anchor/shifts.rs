//! Where an annotation should be now, judging by how far its confidently anchored
//! neighbours moved: an insertion early in the text shifts everything after it, and an
//! annotation between two neighbours that moved alike moved with them. Knows positions
//! only, not how they were found. Pure.

use crate::annotation::Annotation;

/// How far confidently anchored annotations moved, by stored start.
#[derive(Debug)]
pub(super) struct Shifts {
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
    /// The moves of confidently anchored annotations, each given as (index into
    /// `annotations`, where it starts now).
    pub(super) fn observe(
        annotations: &[&Annotation],
        confident: impl IntoIterator<Item = (usize, usize)>,
    ) -> Shifts {
        let mut moves: Vec<Move> = confident
            .into_iter()
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
    pub(super) fn expected(&self, annotation: usize, stored_start: usize, len_chars: usize) -> Vec<usize> {
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
