//! A single-byte encoding (windows-1252, ISO-8859-x, KOI8-R…) decoded through a table
//! of what each of its upper 128 bytes is in UTF-8: the text's length is counted
//! first, then parts of it are written in place, one per core, ASCII runs copied as
//! they are. Half the time of decoding byte by byte into a buffer that grows, and no
//! copy to join parts. Pure.

use encoding_rs::Encoding;

use crate::par::SPLIT_BYTES as PARALLEL_BYTES;

/// What one byte at or above 0x80 decodes to.
#[derive(Clone, Copy, Default)]
struct Upper {
    utf8: [u8; 3],
    len: u8,
    /// The encoding has no character for the byte: U+FFFD stands for it.
    unmapped: bool,
}

/// The upper half of a single-byte encoding (its lower half is ASCII).
pub(super) struct Table([Upper; 128]);

impl Table {
    /// The table of `encoding`, if it is single-byte and ASCII below 0x80.
    pub(super) fn of(encoding: &'static Encoding) -> Option<Table> {
        if !encoding.is_single_byte() || !encoding.is_ascii_compatible() {
            return None;
        }
        let mut upper = [Upper::default(); 128];
        for (byte, entry) in (0x80..=0xffu8).zip(upper.iter_mut()) {
            let one = [byte];
            let (text, unmapped) = encoding.decode_without_bom_handling(&one);
            let utf8 = text.as_bytes();
            // Every single-byte encoding maps into the Basic Multilingual Plane.
            if utf8.len() > 3 {
                return None;
            }
            entry.utf8[..utf8.len()].copy_from_slice(utf8);
            entry.len = utf8.len() as u8;
            entry.unmapped = unmapped;
        }
        Some(Table(upper))
    }

    /// `bytes` decoded, and whether some byte had no character (U+FFFD put in its
    /// place): what `decode_without_bom_handling` gives.
    pub(super) fn decode(&self, bytes: &[u8]) -> (String, bool) {
        let threads = if bytes.len() < PARALLEL_BYTES {
            1
        } else {
            crate::par::threads()
        };
        let parts: Vec<&[u8]> = bytes.chunks(bytes.len().div_ceil(threads).max(1)).collect();
        let lengths = crate::par::map_chunks(parts.clone(), |part| self.decoded_len(part));
        let mut out = vec![0u8; lengths.iter().sum()];
        let mut slots = Vec::with_capacity(parts.len());
        let mut rest = out.as_mut_slice();
        for (part, len) in parts.into_iter().zip(lengths) {
            let (slot, after) = rest.split_at_mut(len);
            slots.push((part, slot));
            rest = after;
        }
        let had_errors = crate::par::map_chunks(slots, |(part, slot)| self.decode_into(part, slot))
            .into_iter()
            .any(|unmapped| unmapped);
        // The table holds whole characters and ASCII is copied as it is: always valid.
        let text =
            String::from_utf8(out).unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned());
        (text, had_errors)
    }

    /// How many bytes of UTF-8 `bytes` decode to.
    fn decoded_len(&self, bytes: &[u8]) -> usize {
        let mut len = 0;
        let mut rest = bytes;
        loop {
            let ascii = crate::text::ascii_run(rest);
            len += ascii;
            let Some((&byte, after)) = rest[ascii..].split_first() else {
                return len;
            };
            len += usize::from(self.0[usize::from(byte - 0x80)].len);
            rest = after;
        }
    }

    /// Writes `bytes` decoded into `out`, exactly as long (`decoded_len`); `true` when
    /// some byte had no character.
    fn decode_into(&self, bytes: &[u8], out: &mut [u8]) -> bool {
        let (mut rest, mut written, mut unmapped) = (bytes, 0, false);
        loop {
            let ascii = crate::text::ascii_run(rest);
            out[written..written + ascii].copy_from_slice(&rest[..ascii]);
            written += ascii;
            let Some((&byte, after)) = rest[ascii..].split_first() else {
                return unmapped;
            };
            let upper = &self.0[usize::from(byte - 0x80)];
            let len = usize::from(upper.len);
            out[written..written + len].copy_from_slice(&upper.utf8[..len]);
            written += len;
            unmapped |= upper.unmapped;
            rest = after;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every single-byte encoding of the Encoding Standard.
    const SINGLE_BYTE: &[&Encoding] = &[
        encoding_rs::IBM866,
        encoding_rs::ISO_8859_2,
        encoding_rs::ISO_8859_3,
        encoding_rs::ISO_8859_4,
        encoding_rs::ISO_8859_5,
        encoding_rs::ISO_8859_6,
        encoding_rs::ISO_8859_7,
        encoding_rs::ISO_8859_8,
        encoding_rs::ISO_8859_8_I,
        encoding_rs::ISO_8859_10,
        encoding_rs::ISO_8859_13,
        encoding_rs::ISO_8859_14,
        encoding_rs::ISO_8859_15,
        encoding_rs::ISO_8859_16,
        encoding_rs::KOI8_R,
        encoding_rs::KOI8_U,
        encoding_rs::MACINTOSH,
        encoding_rs::WINDOWS_874,
        encoding_rs::WINDOWS_1250,
        encoding_rs::WINDOWS_1251,
        encoding_rs::WINDOWS_1252,
        encoding_rs::WINDOWS_1253,
        encoding_rs::WINDOWS_1254,
        encoding_rs::WINDOWS_1255,
        encoding_rs::WINDOWS_1256,
        encoding_rs::WINDOWS_1257,
        encoding_rs::WINDOWS_1258,
        encoding_rs::X_MAC_CYRILLIC,
        encoding_rs::X_USER_DEFINED,
    ];

    proptest! {
        /// Any bytes decode through the table to what encoding_rs gives, errors
        /// included, in every single-byte encoding.
        #[test]
        fn the_table_decodes_as_encoding_rs_does(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            for &encoding in SINGLE_BYTE {
                let table = Table::of(encoding).expect("a single-byte encoding has a table");
                let (expected, expected_errors) = encoding.decode_without_bom_handling(&bytes);
                let (text, had_errors) = table.decode(&bytes);
                prop_assert_eq!(&text, &expected, "{}", encoding.name());
                prop_assert_eq!(had_errors, expected_errors, "{}", encoding.name());
            }
        }
    }

    #[test]
    fn only_single_byte_encodings_have_a_table() {
        assert!(Table::of(encoding_rs::UTF_8).is_none());
        assert!(Table::of(encoding_rs::SHIFT_JIS).is_none());
        assert!(Table::of(encoding_rs::UTF_16LE).is_none());
        assert!(SINGLE_BYTE.iter().all(|&encoding| Table::of(encoding).is_some()));
    }

    #[test]
    fn a_large_input_decodes_in_parts_as_a_whole() {
        // A part may end between any two bytes: none is more than one byte long.
        let line = "Pierre said \u{201c}caf\u{e9}\u{201d} \u{2014} na\u{ef}ve \u{81}\n";
        let whole = line.repeat(PARALLEL_BYTES / line.chars().count() + 7);
        let bytes = encoding_rs::WINDOWS_1252.encode(&whole).0.into_owned();
        let (expected, expected_errors) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
        let (text, had_errors) = Table::of(encoding_rs::WINDOWS_1252).unwrap().decode(&bytes);
        assert!(bytes.len() > PARALLEL_BYTES);
        assert_eq!(text, expected);
        assert_eq!(had_errors, expected_errors);
        let greek = Table::of(encoding_rs::ISO_8859_7).unwrap();
        let mut unmapped = vec![b'a'; PARALLEL_BYTES + 3];
        unmapped.push(0xff); // no character in ISO-8859-7
        let (text, had_errors) = greek.decode(&unmapped);
        assert!(had_errors);
        assert!(text.ends_with('\u{fffd}'));
    }
}
