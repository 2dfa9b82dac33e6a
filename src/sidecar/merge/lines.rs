//! Three-way merges of the text around values: the comment lines and blank lines above
//! a key or table header, a trailing comment, a run of spaces. Every rule is symmetric in
//! its two sides (a tie is broken by content), so swapping them gives the same text.
//! Pure: strings in, a string out.
//!
//! Blocks of lines merge like diff3: lines every version shares stay put; between them,
//! a change made on one side only is taken; where both sides changed the same lines
//! differently, both sides' lines are kept (lines one side deleted stay deleted), the
//! side whose lines sort first first.

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// Past this many lines in one block, lines are not aligned (Myers would take too long
/// on a hostile file): the whole block is one change.
const MAX_ALIGNED_LINES: usize = 2_000;

/// A value only one side changed takes that change; both changed alike, that; both
/// changed differently, the greater (so that the result does not depend on the order).
pub(super) fn three_way<T: Ord + Clone>(base: Option<&T>, ours: &T, theirs: &T) -> T {
    if ours == theirs || base == Some(theirs) {
        ours.clone()
    } else if base == Some(ours) {
        theirs.clone()
    } else {
        ours.max(theirs).clone()
    }
}

/// Comment and blank lines (the text above a key or a table header, or after the last
/// table), possibly ending in a line's indentation.
pub(super) fn merge_block(base: Option<&str>, ours: &str, theirs: &str) -> String {
    if ours == theirs || base == Some(theirs) {
        return ours.to_string();
    }
    if base == Some(ours) {
        return theirs.to_string();
    }
    let (base_lines, base_rest) = split(base.unwrap_or_default());
    let (ours_lines, ours_rest) = split(ours);
    let (theirs_lines, theirs_rest) = split(theirs);
    let mut out: String = merge_lines(&base_lines, &ours_lines, &theirs_lines).concat();
    let rest_base = base.map(|_| base_rest);
    out.push_str(three_way(rest_base.as_ref(), &ours_rest, &theirs_rest));
    out
}

/// What follows a value or a table header on its line: spaces and maybe a comment. Both
/// sides changed it: both comments are kept, one after the other.
pub(super) fn merge_trailing(base: Option<&str>, ours: &str, theirs: &str) -> String {
    if ours == theirs || base == Some(theirs) {
        return ours.to_string();
    }
    if base == Some(ours) {
        return theirs.to_string();
    }
    let mut comments: Vec<&str> = [ours, theirs]
        .into_iter()
        .filter(|text| text.contains('#'))
        .collect();
    comments.sort_unstable();
    match comments.as_slice() {
        [first, second] => format!("{} {}", first.trim_end(), second.trim()),
        [only] => only.to_string(),
        _ => ours.max(theirs).to_string(),
    }
}

/// Whole lines (each with its line break) and what follows the last line break.
fn split(text: &str) -> (Vec<&str>, &str) {
    let whole = text.rfind('\n').map_or(0, |at| at + 1);
    (text[..whole].split_inclusive('\n').collect(), &text[whole..])
}

fn merge_lines<'a>(base: &[&'a str], ours: &[&'a str], theirs: &[&'a str]) -> Vec<&'a str> {
    let (in_ours, in_theirs) = (matches(base, ours), matches(base, theirs));
    let mut out = Vec::with_capacity(ours.len().max(theirs.len()));
    let (mut b, mut o, mut t) = (0, 0, 0);
    loop {
        let stable = (b..base.len()).find_map(|i| Some((i, in_ours[i]?, in_theirs[i]?)));
        let (bi, oi, ti) = stable.unwrap_or((base.len(), ours.len(), theirs.len()));
        out.extend(merge_chunk(&base[b..bi], &ours[o..oi], &theirs[t..ti]));
        if stable.is_none() {
            return out;
        }
        out.push(base[bi]);
        (b, o, t) = (bi + 1, oi + 1, ti + 1);
    }
}

/// For each line of `base`, the line of `side` it is aligned with, if any.
fn matches(base: &[&str], side: &[&str]) -> Vec<Option<usize>> {
    let mut aligned = vec![None; base.len()];
    if base.len().max(side.len()) > MAX_ALIGNED_LINES {
        return aligned;
    }
    for op in capture_diff_slices(Algorithm::Myers, base, side) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                aligned[old_index + k] = Some(new_index + k);
            }
        }
    }
    aligned
}

/// Lines between two stable ones (or the ends).
fn merge_chunk<'a>(base: &[&'a str], ours: &[&'a str], theirs: &[&'a str]) -> Vec<&'a str> {
    if ours == theirs || base == theirs {
        return ours.to_vec();
    }
    if base == ours {
        return theirs.to_vec();
    }
    // A base line one side deleted stays deleted, whatever the other side did around it.
    let kept = |side: &[&'a str], other: &[&'a str]| -> Vec<&'a str> {
        side.iter()
            .copied()
            .filter(|line| !base.contains(line) || other.contains(line))
            .collect()
    };
    let (ours, theirs) = (kept(ours, theirs), kept(theirs, ours));
    let (first, second) = if ours <= theirs {
        (ours, theirs)
    } else {
        (theirs, ours)
    };
    let mut unmatched = first.clone();
    let mut out = first;
    for line in second {
        match unmatched.iter().position(|seen| *seen == line) {
            Some(at) => {
                unmatched.swap_remove(at);
            }
            None => out.push(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_changed_on_one_side_takes_the_change() {
        let base = "# a\n";
        assert_eq!(merge_block(Some(base), base, "# a\n# b\n"), "# a\n# b\n");
        assert_eq!(merge_block(Some(base), "", base), "");
    }

    #[test]
    fn lines_added_in_one_place_on_both_sides_are_all_kept_in_either_order() {
        let base = "\n# keep\n";
        let ours = "\n# keep\n# ours\n";
        let theirs = "\n# keep\n# theirs\n";
        let merged = merge_block(Some(base), ours, theirs);
        assert_eq!(merged, "\n# keep\n# ours\n# theirs\n");
        assert_eq!(merge_block(Some(base), theirs, ours), merged);
    }

    #[test]
    fn lines_added_in_different_places_keep_their_places() {
        let base = "# 1\n# 2\n# 3\n";
        let merged = merge_block(Some(base), "# 0\n# 1\n# 2\n# 3\n", "# 1\n# 2\n# 3\n# 4\n");
        assert_eq!(merged, "# 0\n# 1\n# 2\n# 3\n# 4\n");
    }

    #[test]
    fn a_line_deleted_on_one_side_stays_deleted_next_to_an_addition() {
        let base = "# old\n";
        let merged = merge_block(Some(base), "", "# old\n# new\n");
        assert_eq!(merged, "# new\n");
    }

    #[test]
    fn indentation_after_the_last_line_merges_as_a_value() {
        assert_eq!(merge_block(Some("  "), "# a\n  ", "    "), "# a\n    ");
    }

    #[test]
    fn trailing_comments_changed_on_both_sides_are_both_kept() {
        let merged = merge_trailing(Some(""), " # ours", " # theirs");
        assert_eq!(merged, " # ours # theirs");
        assert_eq!(merge_trailing(Some(""), " # theirs", " # ours"), merged);
        assert_eq!(merge_trailing(Some(" # x"), "", " # y"), " # y");
    }

    #[test]
    fn values_take_the_one_side_that_changed_else_the_greater() {
        assert_eq!(three_way(Some(&1), &1, &2), 2);
        assert_eq!(three_way(Some(&1), &3, &1), 3);
        assert_eq!(three_way(Some(&1), &3, &2), 3);
        assert_eq!(three_way(None, &2, &3), 3);
    }
}
