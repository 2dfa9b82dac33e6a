//! Work spread over the machine's cores: `map` of many independent items in chunks,
//! one chunk per thread, results in order. Only worth it for thousands of items (a
//! thread costs tens of microseconds), so fewer run on the calling thread. A panic in
//! a worker is a panic of the caller: no result is ever silently left out.

/// Fewer items than this are mapped on the calling thread.
const ALONE: usize = 512;

/// Bytes of input below which reading or decoding them is left to one thread: a
/// thread costs more than it saves.
pub const SPLIT_BYTES: usize = 4 * 1024 * 1024;

/// Threads to use: the cores there are, at most eight.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// `f` of every item, in order, on several threads when there are many.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let parts = map_slices(items, |_, part| part.iter().map(&f).collect::<Vec<R>>());
    let mut out = Vec::with_capacity(items.len());
    for part in parts {
        out.extend(part);
    }
    out
}

/// `f(offset, slice)` of consecutive slices of `items` (one per thread, or one in all
/// when there are few items), in order; `offset` is where the slice starts.
pub fn map_slices<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &[T]) -> R + Sync) -> Vec<R> {
    let threads = threads();
    if items.len() < ALONE || threads < 2 {
        return vec![f(0, items)];
    }
    let chunk = items.len().div_ceil(threads);
    let parts = items
        .chunks(chunk)
        .enumerate()
        .map(|(n, part)| (n * chunk, part))
        .collect();
    map_chunks(parts, |(offset, part)| f(offset, part))
}

/// `f` of every part, each on its own thread (the first on the calling one), in order.
pub fn map_chunks<P: Send, R: Send>(parts: Vec<P>, f: impl Fn(P) -> R + Sync) -> Vec<R> {
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return Vec::new();
    };
    std::thread::scope(|scope| {
        let f = &f;
        let workers: Vec<_> = parts.map(|part| scope.spawn(move || f(part))).collect();
        let mut out = vec![f(first)];
        for worker in workers {
            out.push(
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_every_item_in_order() {
        let items: Vec<usize> = (0..10_000).collect();
        let doubled = map(&items, |n| n * 2);
        assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        assert_eq!(map(&items[..3], |n| n + 1), vec![1, 2, 3]);
        assert!(map(&[] as &[usize], |n| *n).is_empty());
    }

    #[test]
    fn map_slices_covers_the_items_once_with_their_offsets() {
        let items: Vec<usize> = (0..3_000).collect();
        let parts = map_slices(&items, |offset, part| (offset, part.to_vec()));
        let mut seen = Vec::new();
        for (offset, part) in parts {
            assert_eq!(part.first().copied(), Some(offset));
            seen.extend(part);
        }
        assert_eq!(seen, items);
    }

    #[test]
    fn map_chunks_runs_each_part_once_in_order() {
        let parts = vec![vec![1, 2], vec![3], vec![], vec![4, 5, 6]];
        let sums = map_chunks(parts, |part: Vec<i32>| part.iter().sum::<i32>());
        assert_eq!(sums, vec![3, 3, 0, 15]);
    }

    #[test]
    #[should_panic(expected = "worker failed")]
    fn a_worker_panic_reaches_the_caller() {
        let items: Vec<usize> = (0..5_000).collect();
        map(&items, |&n| {
            assert!(n != 4_999, "worker failed");
            n
        });
    }
}
