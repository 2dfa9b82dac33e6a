//! Code-point offsets for a large text: converts between byte offsets and code-point
//! (char) offsets in O(block) time. Owns no text; never touches the terminal.
//!
//! Every stored offset in margent counts Unicode code points of the normalised text
//! (DESIGN §1.3), but slicing a `str` needs byte offsets. A 50 MB article cannot be
//! scanned on every conversion, so we keep the char count at the start of each
//! fixed-size block of bytes.

/// Bytes per index block: small enough that a conversion scans little (100,000
/// annotations convert a few offsets each), large enough that the index of a 50 MB
/// text stays under half a megabyte.
const BLOCK_BYTES: usize = 1024;

#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    /// `block_chars[i]` = number of chars before byte `i * BLOCK_BYTES`.
    block_chars: Vec<usize>,
    len_bytes: usize,
    len_chars: usize,
}

/// Number of chars in a UTF-8 byte slice (counts every byte that does not continue a char).
pub fn count_chars(bytes: &[u8]) -> usize {
    // Counted in bytes over runs of 255, which the compiler vectorises sixteen bytes at
    // a time (a count in `usize` takes two).
    bytes
        .chunks(255)
        .map(|run| usize::from(run.iter().fold(0u8, |n, &b| n + u8::from((b as i8) >= -0x40))))
        .sum()
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut block_chars = Vec::with_capacity(bytes.len() / BLOCK_BYTES + 1);
        let mut total = 0;
        for chunk in bytes.chunks(BLOCK_BYTES) {
            block_chars.push(total);
            total += count_chars(chunk);
        }
        if block_chars.is_empty() {
            block_chars.push(0);
        }
        CharIndex {
            block_chars,
            len_bytes: bytes.len(),
            len_chars: total,
        }
    }

    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    pub fn len_bytes(&self) -> usize {
        self.len_bytes
    }

    /// Char offset of a byte offset. `byte` must lie on a char boundary of `text`
    /// (the text this index was built from); past-the-end offsets clamp.
    pub fn char_at(&self, text: &str, byte: usize) -> usize {
        let byte = byte.min(self.len_bytes);
        let block = byte / BLOCK_BYTES;
        if block >= self.block_chars.len() {
            return self.len_chars;
        }
        let block_start = block * BLOCK_BYTES;
        self.block_chars[block] + count_chars(&text.as_bytes()[block_start..byte])
    }

    /// Byte offset of a char offset; offsets past the end clamp to the text's length.
    pub fn byte_at(&self, text: &str, char_offset: usize) -> usize {
        if char_offset >= self.len_chars {
            return self.len_bytes;
        }
        // Last block whose start is at or before the char offset.
        let block = self.block_chars.partition_point(|&c| c <= char_offset) - 1;
        // Index of the wanted char among the chars starting at or after the block's start.
        let mut remaining = char_offset - self.block_chars[block];
        let bytes = text.as_bytes();
        let mut byte = block * BLOCK_BYTES;
        // Whole chunks whose chars all come before it, counted as `count_chars` does
        // (vectorised), then byte by byte.
        const CHUNK: usize = 64;
        while let Some(chunk) = bytes.get(byte..byte + CHUNK) {
            let chars = count_chars(chunk);
            if chars > remaining {
                break;
            }
            remaining -= chars;
            byte += CHUNK;
        }
        while byte < bytes.len() {
            if (bytes[byte] as i8) >= -0x40 {
                if remaining == 0 {
                    break;
                }
                remaining -= 1;
            }
            byte += 1;
        }
        byte
    }

    /// Byte offset of the char `count` chars after the one at byte `from` (a char
    /// boundary), clamped to the text's length: for a short span, quicker than
    /// `byte_at`, which counts from the start of a block.
    pub fn byte_after(&self, text: &str, from: usize, count: usize) -> usize {
        const NEAR: usize = 256;
        match count {
            0 => from.min(self.len_bytes),
            1..NEAR => text
                .get(from..)
                .and_then(|rest| rest.char_indices().nth(count))
                .map_or(self.len_bytes, |(offset, _)| from + offset),
            _ => self.byte_at(text, self.char_at(text, from) + count),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn empty_text_has_no_chars() {
        let index = CharIndex::new("");
        assert_eq!(index.len_chars(), 0);
        assert_eq!(index.char_at("", 0), 0);
        assert_eq!(index.byte_at("", 0), 0);
    }

    #[test]
    fn converts_across_block_boundaries_with_wide_chars() {
        let text = "中文".repeat(3000) + "end";
        let index = CharIndex::new(&text);
        assert_eq!(index.len_chars(), 6003);
        for (char_offset, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_at(&text, byte), char_offset);
            assert_eq!(index.byte_at(&text, char_offset), byte);
        }
        assert_eq!(index.byte_at(&text, 6003), text.len());
        assert_eq!(index.byte_at(&text, 99_999), text.len());
    }

    proptest! {
        #[test]
        fn byte_and_char_offsets_round_trip(text in "(\\PC|\n){0,3000}") {
            let index = CharIndex::new(&text);
            prop_assert_eq!(index.len_chars(), text.chars().count());
            for (char_offset, (byte, _)) in text.char_indices().enumerate() {
                prop_assert_eq!(index.char_at(&text, byte), char_offset);
                prop_assert_eq!(index.byte_at(&text, char_offset), byte);
            }
        }

        #[test]
        fn byte_after_counts_chars_forward(
            text in "(\\PC|\n){0,2000}",
            start in 0usize..2100,
            count in prop_oneof![0usize..300, 0usize..2100],
        ) {
            let index = CharIndex::new(&text);
            let from = index.byte_at(&text, start);
            let start_char = index.char_at(&text, from);
            prop_assert_eq!(
                index.byte_after(&text, from, count),
                index.byte_at(&text, start_char + count)
            );
        }
    }
}
