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
    /// The first block's mask of each ASCII char, for the one-word fast path.
    ascii_first_block: [u64; 128],
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
            ascii_first_block: [0; 128],
        };
        for (row, &c) in chars.iter().enumerate() {
            let index = match pattern.mask_index(c) {
                0 => pattern.add_char(c),
                index => index,
            };
            pattern.masks[index as usize * blocks + row / WORD_BITS] |= 1 << (row % WORD_BITS);
            if let Ok(byte) = u8::try_from(c)
                && byte.is_ascii()
                && row < WORD_BITS
            {
                pattern.ascii_first_block[byte as usize] |= 1 << row;
            }
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
    // Branch-free: on text, which way the last row moves is unpredictable.
    let carry_out = i32::from(ph & last_row_bit != 0) - i32::from(mh & last_row_bit != 0);
    ph = (ph << 1) | u64::from(carry_in > 0);
    mh = (mh << 1) | u64::from(carry_in < 0);
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    carry_out
}

/// A semi-global search in progress: feed text chars one at a time with `step`, or a
/// whole text with `scan`.
#[derive(Debug, Clone)]
pub(super) struct Search<'p> {
    pattern: &'p Pattern,
    max_errors: usize,
    blocks: Vec<BlockState>,
    /// The last block that can hold a value within `max_errors` (Ukkonen's cut-off).
    last_active: usize,
}

/// One block's column of the DP matrix, as vertical deltas.
#[derive(Debug, Clone, Copy)]
struct BlockState {
    pv: u64,
    mv: u64,
    /// Edit distance at the block's last row.
    score: isize,
}

impl<'p> Search<'p> {
    pub(super) fn new(pattern: &'p Pattern, max_errors: usize) -> Search<'p> {
        let blocks = pattern.blocks;
        let last_active = max_errors.div_ceil(WORD_BITS).saturating_sub(1).min(blocks - 1);
        Search {
            pattern,
            max_errors,
            blocks: (0..blocks)
                .map(|block| BlockState {
                    pv: !0,
                    mv: 0,
                    score: (block * WORD_BITS + pattern.block_rows(block)) as isize,
                })
                .collect(),
            last_active,
        }
    }

    /// Lowers the error budget (the caller no longer wants worse matches), which lets
    /// the cut-off skip more blocks.
    pub(super) fn lower_max_errors(&mut self, max_errors: usize) {
        self.max_errors = self.max_errors.min(max_errors);
    }

    /// Steps through a whole text, calling `visit(end_byte, errors)` after each char
    /// (`end_byte`: the offset in `text` just past the char; `errors` as `step` returns
    /// them). `visit` may return a lower error budget for the rest of the text.
    pub(super) fn scan(&mut self, text: &str, mut visit: impl FnMut(usize, Option<usize>) -> Option<usize>) {
        if self.pattern.blocks == 1 && self.pattern.len_chars > 0 {
            return self.scan_one_word(text, visit);
        }
        for (byte, c) in text.char_indices() {
            let errors = self.step(c);
            if let Some(max_errors) = visit(byte + c.len_utf8(), errors) {
                self.lower_max_errors(max_errors);
            }
        }
    }

    /// `scan` for patterns of up to 64 chars (most quotes), with the state in registers
    /// and ASCII chars looked up without decoding: the whole-text search of a 5 MB
    /// article runs through here.
    fn scan_one_word(&mut self, text: &str, mut visit: impl FnMut(usize, Option<usize>) -> Option<usize>) {
        let pattern = self.pattern;
        let last_row_bit = pattern.last_row_bits[0];
        let BlockState {
            mut pv,
            mut mv,
            mut score,
        } = self.blocks[0];
        let mut max_errors = self.max_errors as isize;
        let bytes = text.as_bytes();
        let mut byte = 0;
        while byte < bytes.len() {
            let lead = bytes[byte];
            let eq = if lead.is_ascii() {
                byte += 1;
                pattern.ascii_first_block[lead as usize]
            } else {
                let Some(c) = text[byte..].chars().next() else {
                    break;
                };
                byte += c.len_utf8();
                pattern.masks_of(c)[0]
            };
            score += advance_block(&mut pv, &mut mv, eq, 0, last_row_bit) as isize;
            let errors = (score <= max_errors).then_some(score as usize);
            if let Some(lower) = visit(byte, errors) {
                max_errors = max_errors.min(lower as isize);
            }
        }
        self.blocks[0] = BlockState { pv, mv, score };
        self.max_errors = max_errors as usize;
    }

    /// Consumes one text char; returns the edit distance of the best alignment of the
    /// whole pattern that ends right after it, when that is within the error budget.
    #[inline]
    pub(super) fn step(&mut self, c: char) -> Option<usize> {
        let pattern = self.pattern;
        if pattern.len_chars == 0 {
            return Some(0);
        }
        let masks = pattern.masks_of(c);
        let max_errors = self.max_errors as isize;
        let y = self.last_active;
        let mut carry = 0;
        for ((state, &eq), &last_row_bit) in self.blocks[..=y]
            .iter_mut()
            .zip(&masks[..=y])
            .zip(&pattern.last_row_bits[..=y])
        {
            carry = advance_block(&mut state.pv, &mut state.mv, eq, carry, last_row_bit);
            state.score += carry as isize;
        }
        let last_block = pattern.blocks - 1;
        let above = self.blocks[y].score - carry as isize;
        if y < last_block && above <= max_errors && (masks[y + 1] & 1 != 0 || carry < 0) {
            // The block below may now hold a value within budget: start computing it,
            // assuming its rows were all worse than the block above (+1 per row).
            let next = y + 1;
            self.last_active = next;
            let mut state = BlockState {
                pv: !0,
                mv: 0,
                score: above + pattern.block_rows(next) as isize,
            };
            state.score += advance_block(
                &mut state.pv,
                &mut state.mv,
                masks[next],
                carry,
                pattern.last_row_bits[next],
            ) as isize;
            self.blocks[next] = state;
        } else {
            while self.last_active > 0
                && self.blocks[self.last_active].score >= max_errors + WORD_BITS as isize
            {
                self.last_active -= 1;
            }
        }
        let score = self.blocks[last_block].score;
        (self.last_active == last_block && score <= max_errors).then_some(score as usize)
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

    /// `ends` through `scan`, which has its own one-word loop.
    fn scanned_ends(pattern: &[char], text: &[char], max_errors: usize) -> Vec<(usize, usize)> {
        let prepared = Pattern::new(pattern);
        let mut search = Search::new(&prepared, max_errors);
        let text: String = text.iter().collect();
        let mut found = Vec::new();
        search.scan(&text, |end_byte, errors| {
            if let Some(errors) = errors {
                found.push((text[..end_byte].chars().count(), errors));
            }
            None
        });
        found
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
            prop_assert_eq!(scanned_ends(&pattern, &text, max_errors), naive_ends(&pattern, &text, max_errors));
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
            prop_assert_eq!(scanned_ends(&pattern, &text, max_errors), naive_ends(&pattern, &text, max_errors));
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
