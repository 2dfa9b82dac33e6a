//! Sorted source positions counted by page of the source, so that the last one at or
//! before a byte is looked for among the few of its page instead of among all: one
//! lookup per block, on documents with thousands of regions. Pure.

/// The size of the pages positions are counted by.
const PAGE_BYTES: usize = 1 << 12;

/// For each page of a source, how many of some sorted positions come before it. Empty
/// (the default): positions are looked for among all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pages {
    before: Vec<u32>,
}

impl Pages {
    /// The pages of a source of `len` bytes for `positions`, sorted.
    pub fn new(positions: impl Iterator<Item = usize> + Clone, len: usize) -> Pages {
        if u32::try_from(positions.clone().count()).is_err() {
            return Pages::default();
        }
        let mut positions = positions.peekable();
        let mut before = 0;
        let counts = (0..=len / PAGE_BYTES + 1)
            .map(|page| {
                while positions.next_if(|&at| at < page * PAGE_BYTES).is_some() {
                    before += 1;
                }
                before
            })
            .collect();
        Pages { before: counts }
    }

    /// The index of the last of `items` (sorted by `position`) at or before `byte`.
    pub fn last_at_or_before<T>(
        &self,
        items: &[T],
        position: impl Fn(&T) -> usize,
        byte: usize,
    ) -> Option<usize> {
        let page = byte / PAGE_BYTES;
        let (from, to) = match (self.before.get(page), self.before.get(page + 1)) {
            (Some(&from), Some(&to)) => (from as usize, to as usize),
            _ => (0, items.len()),
        };
        (from + items[from..to].partition_point(|item| position(item) <= byte)).checked_sub(1)
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.before.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn the_last_position_is_found_by_page_as_among_all(
            mut positions in proptest::collection::vec(0usize..40_000, 0..200),
            probes in proptest::collection::vec(0usize..45_000, 1..50),
        ) {
            positions.sort_unstable();
            let len = 40_000;
            let pages = Pages::new(positions.iter().copied(), len);
            for byte in probes {
                let all = positions.partition_point(|&at| at <= byte).checked_sub(1);
                let found = pages.last_at_or_before(&positions, |&at| at, byte);
                // Equal positions: any of them does, as long as it is one.
                prop_assert_eq!(found.map(|i| positions[i]), all.map(|i| positions[i]));
                prop_assert_eq!(found, all);
            }
        }
    }
}
