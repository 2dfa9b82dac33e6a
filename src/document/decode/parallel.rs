//! A large file in a legacy encoding decoded in parts, one per core (single-byte
//! encodings go through `single_byte`'s table): in every ASCII-compatible multi-byte
//! encoding (GBK/GB18030, Big5, Shift_JIS, EUC-JP, EUC-KR) a line feed byte is never part of a character and leaves the
//! decoder as it began, so parts that end after one decode to what the whole does.
//! 50 MB of windows-1252 took 80 ms on one core. Pure.

use encoding_rs::Encoding;

use crate::par::SPLIT_BYTES as PARALLEL_BYTES;

/// `bytes` decoded as `encoding` (no BOM looked for), and whether some were not valid
/// in it (U+FFFD put in their place): what `decode_without_bom_handling` gives.
pub(super) fn decode(encoding: &'static Encoding, bytes: &[u8]) -> (String, bool) {
    if let Some(table) = super::single_byte::Table::of(encoding) {
        return table.decode(bytes);
    }
    let threads = crate::par::threads();
    if bytes.len() < PARALLEL_BYTES || threads < 2 || !encoding.is_ascii_compatible() {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        return (text.into_owned(), had_errors);
    }
    let parts = at_line_ends(bytes, threads);
    let decoded = crate::par::map_chunks(parts, |part| {
        let (text, had_errors) = encoding.decode_without_bom_handling(part);
        (text.into_owned(), had_errors)
    });
    let total: usize = decoded.iter().map(|(text, _)| text.len()).sum();
    let mut decoded = decoded.into_iter();
    let Some((mut text, mut had_errors)) = decoded.next() else {
        return (String::new(), false);
    };
    text.reserve_exact(total - text.len());
    for (part, errors) in decoded {
        text.push_str(&part);
        had_errors |= errors;
    }
    (text, had_errors)
}

/// `bytes` cut into about `count` parts, each but the last ending just after a line
/// feed (a part with none in reach runs on to the next one).
fn at_line_ends(bytes: &[u8], count: usize) -> Vec<&[u8]> {
    let size = bytes.len().div_ceil(count.max(1));
    let mut parts = Vec::with_capacity(count);
    let mut start = 0;
    while start < bytes.len() {
        let aim = (start + size).min(bytes.len());
        let end = match memchr::memchr(b'\n', &bytes[aim..]) {
            Some(at) => aim + at + 1,
            None => bytes.len(),
        };
        parts.push(&bytes[start..end]);
        start = end;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bytes of lines in a legacy encoding: mostly ASCII, some high bytes (lead and
    /// trail bytes of every kind, valid or not), line feeds anywhere.
    fn legacy_bytes() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(
            prop_oneof![
                6 => 0x20u8..0x7f,
                2 => 0x80u8..=0xff,
                1 => Just(b'\n'),
                1 => 0x30u8..0x3a,
            ],
            0..400,
        )
    }

    proptest! {
        /// Decoded in parts cut at line feeds, any ASCII-compatible encoding gives what
        /// decoding the whole gives, errors included.
        #[test]
        fn parts_decode_as_the_whole_does(bytes in legacy_bytes(), count in 1usize..9) {
            for encoding in [
                encoding_rs::WINDOWS_1252,
                encoding_rs::KOI8_R,
                encoding_rs::GB18030,
                encoding_rs::GBK,
                encoding_rs::BIG5,
                encoding_rs::SHIFT_JIS,
                encoding_rs::EUC_JP,
                encoding_rs::EUC_KR,
            ] {
                let (whole, whole_errors) = encoding.decode_without_bom_handling(&bytes);
                let parts = at_line_ends(&bytes, count);
                prop_assert_eq!(parts.concat(), bytes.clone());
                let mut joined = String::new();
                let mut errors = false;
                for part in &parts {
                    let (text, had_errors) = encoding.decode_without_bom_handling(part);
                    joined.push_str(&text);
                    errors |= had_errors;
                }
                prop_assert_eq!(&joined, &whole, "{}", encoding.name());
                prop_assert_eq!(errors, whole_errors);
            }
        }
    }

    #[test]
    fn a_large_input_decodes_in_parts_as_a_whole() {
        let line = "\u{5b9d}\u{7389}\u{9053}\u{ff1a}\u{201c}GPS, 2024\u{201d}\n";
        let whole = line.repeat(PARALLEL_BYTES / line.chars().count() + 9);
        let (bytes, _, _) = encoding_rs::GBK.encode(&whole);
        assert!(bytes.len() > PARALLEL_BYTES);
        let (text, had_errors) = decode(encoding_rs::GBK, &bytes);
        assert_eq!(text, whole);
        assert!(!had_errors);
        assert!(at_line_ends(&bytes, 4).len() > 1);
    }
}
