//! Bit-parallel approximate string matching over code points: Myers' algorithm (1999)
//! in Hyyrö's formulation, blocked into 64-bit words so patterns of any length work,
//! with Ukkonen's cut-off so only the blocks that can still hold a match within the
//! error budget are computed. Pure; knows nothing about texts or annotations.
//!
//! Errors are Levenshtein edits (insert, delete, substitute one code point). The search
//! is semi-global: the whole pattern against any substring of the text.

const WORD_BITS: usize = 64;

/// A pattern prepared for matching: the match-position bit vectors of each of its chars.
#[derive(Debug, Clone)]
pub(super) struct Pattern {
    len_chars: usize,
    blocks: usize,
    /// `blocks` words per distinct char; the first `blocks` words are all zero and serve
    /// every char that the pattern does not contain.
    masks: Vec<u64>,
    /// Mask index of each ASCII char (0: absent), so plain text never searches.
    ascii: [u32; 128],
    /// Mask index of every other char, sorted by char.
    others: Vec<(char, u32)>,
    /// The bit of the pattern's last row inside each block.
    last_row_bits: Vec<u64>,
}

impl Pattern {
    pub(super) fn new(chars: &[char]) -> Pattern {
        let blocks = chars.len().div_ceil(WORD_BITS).max(1);
        let mut pattern = Pattern {
            len_chars: chars.len(),
            blocks,
            masks: vec![0; blocks],
            ascii: [0; 128],
            others: Vec::new(),
            last_row_bits: (0..blocks)
                .map(|block| {
                    let rows = chars.len().saturating_sub(block * WORD_BITS).clamp(1, WORD_BITS);
                    1 << (rows - 1)
                })
                .collect(),
        };
        for (row, &c) in chars.iter().enumerate() {
            let index = match pattern.mask_index(c) {
                0 => pattern.add_char(c),
                index => index,
            };
            pattern.masks[index as usize * blocks + row / WORD_BITS] |= 1 << (row % WORD_BITS);
        }
        pattern
    }

    fn add_char(&mut self, c: char) -> u32 {
        let index = (self.masks.len() / self.blocks) as u32;
        self.masks.resize(self.masks.len() + self.blocks, 0);
        match u8::try_from(c) {
            Ok(byte) if byte.is_ascii() => self.ascii[byte as usize] = index,
            _ => {
                let at = self.others.partition_point(|&(other, _)| other < c);
                self.others.insert(at, (c, index));
            }
        }
        index
    }

    fn mask_index(&self, c: char) -> u32 {
        match u8::try_from(c) {
            Ok(byte) if byte.is_ascii() => self.ascii[byte as usize],
            _ => self
                .others
                .binary_search_by(|&(other, _)| other.cmp(&c))
                .map_or(0, |at| self.others[at].1),
        }
    }

    fn masks_of(&self, c: char) -> &[u64] {
        let start = self.mask_index(c) as usize * self.blocks;
        &self.masks[start..start + self.blocks]
    }

    pub(super) fn len_chars(&self) -> usize {
        self.len_chars
    }

    /// The bit of the pattern's last row inside block `block`.
    fn last_row_bit(&self, block: usize) -> u64 {
        self.last_row_bits[block]
    }

    /// Rows of the DP matrix that block `block` covers.
    fn block_rows(&self, block: usize) -> usize {
        if block + 1 == self.blocks {
            self.len_chars - block * WORD_BITS
        } else {
            WORD_BITS
        }
    }
}

/// Advances one 64-row block by one text char. `carry_in` is the horizontal delta
/// entering the block's top row (-1, 0 or +1); returns the delta leaving its last row.
#[inline]
fn advance_block(pv: &mut u64, mv: &mut u64, eq: u64, carry_in: i32, last_row_bit: u64) -> i32 {
    let xv = eq | *mv;
    let eq = eq | u64::from(carry_in < 0);
    let xh = ((eq & *pv).wrapping_add(*pv) ^ *pv) | eq;
    let mut ph = *mv | !(xh | *pv);
    let mut mh = *pv & xh;
    let carry_out = if ph & last_row_bit != 0 {
        1
    } else if mh & last_row_bit != 0 {
        -1
    } else {
        0
    };
    ph = (ph << 1) | u64::from(carry_in > 0);
    mh = (mh << 1) | u64::from(carry_in < 0);
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    carry_out
}

/// A semi-global search in progress: feed text chars one at a time with `step`.
#[derive(Debug, Clone)]
pub(super) struct Search<'p> {
    pattern: &'p Pattern,
    max_errors: usize,
    pv: Vec<u64>,
    mv: Vec<u64>,
    /// Edit distance at the last row of each active block, for the current column.
    score: Vec<isize>,
    /// The last block that can hold a value within `max_errors` (Ukkonen's cut-off).
    last_active: usize,
}

impl<'p> Search<'p> {
    pub(super) fn new(pattern: &'p Pattern, max_errors: usize) -> Search<'p> {
        let blocks = pattern.blocks;
        let last_active = max_errors.div_ceil(WORD_BITS).saturating_sub(1).min(blocks - 1);
        let score = (0..blocks)
            .map(|block| (block * WORD_BITS + pattern.block_rows(block)) as isize)
            .collect();
        Search {
            pattern,
            max_errors,
            pv: vec![!0; blocks],
            mv: vec![0; blocks],
            score,
            last_active,
        }
    }

    /// Lowers the error budget (the caller no longer wants worse matches), which lets
    /// the cut-off skip more blocks.
    pub(super) fn lower_max_errors(&mut self, max_errors: usize) {
        self.max_errors = self.max_errors.min(max_errors);
    }

    /// Consumes one text char; returns the edit distance of the best alignment of the
    /// whole pattern that ends right after it, when that is within the error budget.
    pub(super) fn step(&mut self, c: char) -> Option<usize> {
        let pattern = self.pattern;
        if pattern.len_chars == 0 {
            return Some(0);
        }
        let masks = pattern.masks_of(c);
        let max_errors = self.max_errors as isize;
        if pattern.blocks == 1 {
            // Patterns of up to 64 chars, most quotes: no cut-off to manage.
            let carry = advance_block(
                &mut self.pv[0],
                &mut self.mv[0],
                masks[0],
                0,
                pattern.last_row_bits[0],
            );
            self.score[0] += carry as isize;
            return (self.score[0] <= max_errors).then_some(self.score[0] as usize);
        }
        let mut carry = 0;
        for (block, &eq) in masks.iter().enumerate().take(self.last_active + 1) {
            carry = self.advance(block, eq, carry);
            self.score[block] += carry as isize;
        }
        let y = self.last_active;
        let last_block = pattern.blocks - 1;
        if y < last_block
            && self.score[y] - carry as isize <= max_errors
            && (masks[y + 1] & 1 != 0 || carry < 0)
        {
            // The block below may now hold a value within budget: start computing it,
            // assuming its rows were all worse than the block above (+1 per row).
            let next = y + 1;
            self.last_active = next;
            self.pv[next] = !0;
            self.mv[next] = 0;
            let carry_out = self.advance(next, masks[next], carry);
            self.score[next] =
                self.score[y] - carry as isize + pattern.block_rows(next) as isize + carry_out as isize;
        } else {
            while self.last_active > 0 && self.score[self.last_active] >= max_errors + WORD_BITS as isize {
                self.last_active -= 1;
            }
        }
        let score = self.score[last_block];
        (self.last_active == last_block && score <= max_errors).then_some(score as usize)
    }

    #[inline]
    fn advance(&mut self, block: usize, eq: u64, carry_in: i32) -> i32 {
        let last_row_bit = self.pattern.last_row_bit(block);
        advance_block(
            &mut self.pv[block],
            &mut self.mv[block],
            eq,
            carry_in,
            last_row_bit,
        )
    }
}

/// Fewest errors with which the pattern occurs anywhere in the text (the pattern's
/// length when the text is empty).
pub(super) fn min_errors(pattern: &Pattern, text: impl IntoIterator<Item = char>) -> usize {
    let mut search = Search::new(pattern, pattern.len_chars);
    text.into_iter()
        .filter_map(|c| search.step(c))
        .fold(pattern.len_chars, usize::min)
}

/// Edit distances between the whole pattern and each prefix of the text: element `j`
/// is the distance to the first `j` chars. Used to find where an approximate match
/// starts, by running the reversed pattern backwards from its end.
pub(super) fn prefix_distances(pattern: &Pattern, text: impl IntoIterator<Item = char>) -> Vec<usize> {
    if pattern.len_chars == 0 {
        return (0..=text.into_iter().count()).collect();
    }
    let blocks = pattern.blocks;
    let mut pv = vec![!0u64; blocks];
    let mut mv = vec![0u64; blocks];
    let mut distance = pattern.len_chars as isize;
    let mut distances = vec![pattern.len_chars];
    for c in text {
        let masks = pattern.masks_of(c);
        // The text's start is fixed: the top row grows by one per char consumed.
        let mut carry = 1;
        for block in 0..blocks {
            let last_row_bit = pattern.last_row_bit(block);
            carry = advance_block(&mut pv[block], &mut mv[block], masks[block], carry, last_row_bit);
        }
        distance += carry as isize;
        distances.push(distance as usize);
    }
    distances
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The textbook dynamic programme: row 0 is all zeros (a match may start anywhere),
    /// column 0 counts deletions. Returns the last row.
    fn naive_last_row(pattern: &[char], text: &[char]) -> Vec<usize> {
        let mut row: Vec<usize> = vec![0; text.len() + 1];
        for (i, &p) in pattern.iter().enumerate() {
            let mut next = vec![i + 1; text.len() + 1];
            for (j, &t) in text.iter().enumerate() {
                let substitute = row[j] + usize::from(p != t);
                next[j + 1] = substitute.min(row[j + 1] + 1).min(next[j] + 1);
            }
            row = next;
        }
        row
    }

    fn naive_levenshtein(a: &[char], b: &[char]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, &x) in a.iter().enumerate() {
            let mut next = vec![i + 1; b.len() + 1];
            for (j, &y) in b.iter().enumerate() {
                next[j + 1] = (row[j] + usize::from(x != y))
                    .min(row[j + 1] + 1)
                    .min(next[j] + 1);
            }
            row = next;
        }
        row[b.len()]
    }

    fn ends(pattern: &[char], text: &[char], max_errors: usize) -> Vec<(usize, usize)> {
        let prepared = Pattern::new(pattern);
        let mut search = Search::new(&prepared, max_errors);
        text.iter()
            .enumerate()
            .filter_map(|(j, &c)| search.step(c).map(|errors| (j + 1, errors)))
            .collect()
    }

    fn naive_ends(pattern: &[char], text: &[char], max_errors: usize) -> Vec<(usize, usize)> {
        let row = naive_last_row(pattern, text);
        (1..=text.len())
            .filter(|&j| row[j] <= max_errors)
            .map(|j| (j, row[j]))
            .collect()
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn finds_exact_and_edited_occurrences() {
        let text = chars("the quick brown fox jumps over the lazy dog");
        assert_eq!(ends(&chars("brown"), &text, 0), [(15, 0)]);
        let found = ends(&chars("brawn"), &text, 1);
        assert!(found.contains(&(15, 1)), "{found:?}");
        assert_eq!(ends(&chars("zebra"), &text, 1), []);
    }

    #[test]
    fn counts_code_points_not_bytes() {
        let text = chars("某君昆仲，今隱其名，皆余昔日在中學時良友");
        assert_eq!(ends(&chars("今隐其名"), &text, 1), [(9, 1)]);
    }

    #[test]
    fn patterns_longer_than_one_word_match_across_blocks() {
        let pattern: Vec<char> = (0..200).map(|i| char::from(b'a' + (i * 7 % 26) as u8)).collect();
        let mut text = chars("xxxxxxxxxx");
        let mut edited = pattern.clone();
        edited[70] = '#';
        edited.remove(150);
        edited.insert(10, '!');
        text.extend(&edited);
        text.extend(chars("yyyyyyyy"));
        assert_eq!(ends(&pattern, &text, 100).iter().map(|&(_, e)| e).min(), Some(3));
        assert_eq!(ends(&pattern, &text, 40), naive_ends(&pattern, &text, 40));
    }

    #[test]
    fn prefix_distances_fix_the_start_of_the_text() {
        let pattern = Pattern::new(&chars("abc"));
        assert_eq!(prefix_distances(&pattern, chars("abxc")), [3, 2, 1, 1, 1]);
    }

    #[test]
    fn min_errors_of_an_absent_pattern_is_its_length() {
        let pattern = Pattern::new(&chars("abc"));
        assert_eq!(min_errors(&pattern, chars("")), 3);
        assert_eq!(min_errors(&pattern, chars("xxabxx")), 1);
    }

    fn small_alphabet(max_len: usize) -> impl Strategy<Value = Vec<char>> {
        proptest::collection::vec(
            prop_oneof![Just('a'), Just('b'), Just('c'), Just('中')],
            0..max_len,
        )
    }

    proptest! {
        #[test]
        fn search_agrees_with_the_naive_dp(
            pattern in small_alphabet(12).prop_filter("non-empty", |p| !p.is_empty()),
            text in small_alphabet(40),
            max_errors in 0usize..8,
        ) {
            prop_assert_eq!(ends(&pattern, &text, max_errors), naive_ends(&pattern, &text, max_errors));
        }

        #[test]
        fn blocked_search_agrees_with_the_naive_dp(
            pattern in small_alphabet(200).prop_filter("longer than a word", |p| p.len() > 64),
            text in small_alphabet(300),
            max_errors in 0usize..140,
        ) {
            prop_assert_eq!(ends(&pattern, &text, max_errors), naive_ends(&pattern, &text, max_errors));
        }

        /// Texts holding an edited copy of the pattern, so that matches sit right at the
        /// error budget, where the cut-off must switch blocks on and off correctly.
        #[test]
        fn blocked_search_agrees_on_edited_copies(
            pattern in small_alphabet(180).prop_filter("longer than a word", |p| p.len() > 64),
            before in small_alphabet(40),
            after in small_alphabet(40),
            edits in proptest::collection::vec((any::<proptest::sample::Index>(), 0u8..3, small_alphabet(2)), 0..40),
            max_errors in 0usize..90,
        ) {
            let mut copy = pattern.clone();
            for (at, kind, inserted) in edits {
                let at = at.index(copy.len().max(1));
                match (kind, inserted.first()) {
                    (0, Some(&c)) if at < copy.len() => copy[at] = c,
                    (1, Some(&c)) => copy.insert(at.min(copy.len()), c),
                    _ if at < copy.len() => { copy.remove(at); }
                    _ => {}
                }
            }
            let text: Vec<char> = before.into_iter().chain(copy).chain(after).collect();
            prop_assert_eq!(ends(&pattern, &text, max_errors), naive_ends(&pattern, &text, max_errors));
        }

        #[test]
        fn prefix_distances_agree_with_levenshtein(
            pattern in small_alphabet(150),
            text in small_alphabet(150),
        ) {
            let distances = prefix_distances(&Pattern::new(&pattern), text.iter().copied());
            for (j, &distance) in distances.iter().enumerate() {
                prop_assert_eq!(distance, naive_levenshtein(&pattern, &text[..j]));
            }
        }
    }
}
