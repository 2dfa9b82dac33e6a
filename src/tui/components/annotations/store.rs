//! The reader's annotations: each with where it is anchored now, kept in text order, and
//! the undo history of changes to them. Plain data for `App`; no terminal code.

use std::ops::Range;
use std::sync::Arc;

use crate::anchor::AnchorStatus;
use crate::annotation::{Annotation, Kind, Status};

/// An annotation and where it attaches in the current text (char offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Shared with the sidecar that holds it (not a copy: 100,000 are ~45 MB a copy).
    pub annotation: Arc<Annotation>,
    pub status: AnchorStatus,
    pub range: Range<usize>,
}

impl Placed {
    /// Attached well enough to draw in the text (orphans have no place).
    pub fn is_drawn(&self) -> bool {
        self.status != AnchorStatus::Orphaned && !self.range.is_empty()
    }

    /// Fuzzy, ambiguous and orphaned annotations wait for a person to review them.
    pub fn needs_review(&self) -> bool {
        matches!(
            self.status,
            AnchorStatus::Fuzzy | AnchorStatus::Ambiguous | AnchorStatus::Orphaned
        )
    }

    /// The margin marker of a row where this annotation starts.
    pub fn marker(&self) -> Option<char> {
        match (self.annotation.kind, self.annotation.status) {
            (Kind::Mark, Status::Open) => Some('!'),
            (Kind::Mark, Status::Resolved) => Some('~'),
            _ if !self.annotation.note.is_empty() => Some('*'),
            _ => None,
        }
    }
}

/// One change to the annotations: what was there before and what is there after (by
/// id). Undo puts `before` back; redo puts `after` back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub before: Option<Placed>,
    pub after: Option<Placed>,
}

/// All annotations of the document, in text order (orphans by their stored offsets).
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    items: Vec<Placed>,
    undo: Vec<Change>,
    redo: Vec<Change>,
}

impl Annotations {
    pub fn new(mut items: Vec<Placed>) -> Annotations {
        items.sort_unstable_by(order);
        Annotations {
            items,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    pub fn all(&self) -> &[Placed] {
        &self.items
    }

    pub fn get(&self, id: &str) -> Option<&Placed> {
        self.items.iter().find(|p| p.annotation.id == id)
    }

    /// Drawn annotations overlapping `chars`.
    pub fn overlapping(&self, chars: Range<usize>) -> impl Iterator<Item = &Placed> {
        self.items
            .iter()
            .filter(move |p| p.is_drawn() && p.range.start < chars.end && p.range.end > chars.start)
    }

    /// The first drawn annotation starting after (or, going back, before) `char_offset`;
    /// `or_at`: also one starting there.
    pub fn next_from(&self, char_offset: usize, forward: bool, or_at: bool) -> Option<&Placed> {
        if forward {
            self.items
                .iter()
                .filter(|p| p.is_drawn())
                .find(|p| p.range.start > char_offset || (or_at && p.range.start == char_offset))
        } else {
            self.items
                .iter()
                .filter(|p| p.is_drawn())
                .rev()
                .find(|p| p.range.start < char_offset)
        }
    }

    /// Puts `placed` in (replacing the annotation with its id) and records the change.
    pub fn put(&mut self, placed: Placed) -> Change {
        let before = self.take(&placed.annotation.id);
        self.insert(placed.clone());
        self.record(Change {
            before,
            after: Some(placed),
        })
    }

    pub fn delete(&mut self, id: &str) -> Option<Change> {
        let before = self.take(id)?;
        Some(self.record(Change {
            before: Some(before),
            after: None,
        }))
    }

    /// Reverts the last change; returns the change to persist (as applied now).
    pub fn undo(&mut self) -> Option<Change> {
        let change = self.undo.pop()?;
        self.apply(&change.after, &change.before);
        self.redo.push(change.clone());
        Some(Change {
            before: change.after,
            after: change.before,
        })
    }

    pub fn redo(&mut self) -> Option<Change> {
        let change = self.redo.pop()?;
        self.apply(&change.before, &change.after);
        self.undo.push(change.clone());
        Some(change)
    }

    fn record(&mut self, change: Change) -> Change {
        self.undo.push(change.clone());
        self.redo.clear();
        change
    }

    /// Replaces `from` (by id) with `to`.
    fn apply(&mut self, from: &Option<Placed>, to: &Option<Placed>) {
        if let Some(from) = from {
            self.take(&from.annotation.id);
        }
        if let Some(to) = to {
            self.take(&to.annotation.id);
            self.insert(to.clone());
        }
    }

    fn take(&mut self, id: &str) -> Option<Placed> {
        let index = self.items.iter().position(|p| p.annotation.id == id)?;
        Some(self.items.remove(index))
    }

    fn insert(&mut self, placed: Placed) {
        let index = self.items.partition_point(|p| order(p, &placed).is_lt());
        self.items.insert(index, placed);
    }
}

fn order(a: &Placed, b: &Placed) -> std::cmp::Ordering {
    (a.range.start, a.range.end, &a.annotation.id).cmp(&(b.range.start, b.range.end, &b.annotation.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(id: &str, range: Range<usize>) -> Placed {
        Placed {
            annotation: Arc::new(Annotation::new(Kind::Highlight, "x", range.clone()).with_id(id)),
            status: AnchorStatus::Exact,
            range,
        }
    }

    #[test]
    fn kept_in_text_order_and_found_by_position() {
        let mut all = Annotations::new(vec![placed("b", 10..20), placed("a", 0..5)]);
        all.put(placed("c", 6..8));
        let ids: Vec<&str> = all.all().iter().map(|p| p.annotation.id.as_str()).collect();
        assert_eq!(ids, ["a", "c", "b"]);
        assert_eq!(all.overlapping(4..7).count(), 2);
        assert_eq!(all.next_from(5, true, false).unwrap().annotation.id, "c");
        assert_eq!(all.next_from(6, false, false).unwrap().annotation.id, "a");
    }

    #[test]
    fn undo_and_redo_every_change() {
        let mut all = Annotations::new(vec![placed("a", 0..5)]);
        let mut edited = placed("a", 0..5);
        Arc::make_mut(&mut edited.annotation).note = "a note".into();
        all.put(edited);
        all.delete("a");
        assert!(all.get("a").is_none());
        let restored = all.undo().unwrap();
        assert_eq!(restored.after.unwrap().annotation.note, "a note");
        let unedited = all.undo().unwrap();
        assert_eq!(unedited.after.unwrap().annotation.note, "");
        assert!(all.undo().is_none());
        all.redo();
        assert_eq!(all.get("a").unwrap().annotation.note, "a note");
        let deleted = all.redo().unwrap();
        assert!(deleted.after.is_none() && all.get("a").is_none());
    }
}
