//! Recognises UTF-16 without a byte-order mark, in either byte order. Pure.
//!
//! Two signs, tried in turn. ASCII-heavy text shows NUL bytes at every other position.
//! Text in CJK or other scripts has few NULs, but its line breaks are still whole
//! `0x000A` code units, which no legacy encoding produces (their newline byte is never
//! next to a NUL), and its code units fall in the blocks where text lives.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Bytes from the start of the data that are looked at.
const SNIFF_BYTES: usize = 64 * 1024;

/// UTF-16LE or UTF-16BE if the data looks like it, else `None`.
pub fn sniff(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    if sample.len() < 4 || (bytes.len() % 2 == 1 && bytes.len() <= SNIFF_BYTES) {
        return None;
    }
    // Both signs need NUL bytes (a line break is 0x000A): most data has none.
    memchr::memchr(0, sample)?;
    nul_pattern(sample).or_else(|| text_units(sample))
}

/// ASCII in UTF-16: one byte of each pair is NUL.
fn nul_pattern(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let mostly = |zeros: usize, other: usize| zeros * 5 >= pairs && other * 20 <= zeros;
    if mostly(zero_odd, zero_even) {
        Some(UTF_16LE)
    } else if mostly(zero_even, zero_odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Text in any script: line breaks as whole code units, and nearly every unit a
/// character of a script block, with surrogates in pairs.
fn text_units(sample: &[u8]) -> Option<&'static Encoding> {
    let units = |big_endian: bool| {
        sample.chunks_exact(2).map(move |pair| {
            let pair = [pair[0], pair[1]];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        })
    };
    [(false, UTF_16LE), (true, UTF_16BE)]
        .into_iter()
        .find(|&(big_endian, _)| looks_like_text(units(big_endian)))
        .map(|(_, encoding)| encoding)
}

fn looks_like_text(units: impl Iterator<Item = u16>) -> bool {
    let (mut total, mut breaks, mut textual, mut ascii_pairs) = (0usize, 0usize, 0usize, 0usize);
    let mut pending_high = false;
    for unit in units {
        total += 1;
        ascii_pairs += usize::from(unit.to_be_bytes().iter().all(|&b| is_ascii_text_byte(b)));
        match unit {
            0xd800..=0xdbff => {
                if pending_high {
                    return false;
                }
                pending_high = true;
                continue;
            }
            0xdc00..=0xdfff => {
                if !pending_high {
                    return false;
                }
                pending_high = false;
                textual += 2;
                continue;
            }
            _ if pending_high => return false,
            0x000a | 0x000d => breaks += 1,
            _ => {}
        }
        textual += usize::from(is_text_unit(unit));
    }
    // ASCII text read two bytes at a time also gives "ideographs" (`he` is U+6865), but
    // nearly all of them: real CJK code units seldom have two printable ASCII bytes.
    breaks > 0 && textual * 100 >= total * 95 && ascii_pairs * 10 < total * 7
}

fn is_ascii_text_byte(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7e)
}

/// Code units of the blocks that running text is written in.
fn is_text_unit(unit: u16) -> bool {
    matches!(
        unit,
        0x0009 | 0x000a | 0x000c | 0x000d
            | 0x0020..=0x007e
            | 0x00a0..=0x058f // Latin, IPA, Greek, Cyrillic, Armenian
            | 0x0590..=0x08ff // Hebrew, Arabic, Syriac, Thaana
            | 0x0900..=0x0fff // Indic scripts, Thai, Lao, Tibetan
            | 0x1000..=0x1fff // Myanmar, Georgian, Hangul Jamo, Latin and Greek extended
            | 0x2000..=0x2bff // punctuation, symbols, arrows, shapes
            | 0x2e80..=0x9fff // CJK radicals, symbols, kana, Hangul compatibility, ideographs
            | 0xa000..=0xa4cf // Yi
            | 0xac00..=0xd7af // Hangul syllables
            | 0xf900..=0xfaff // CJK compatibility ideographs
            | 0xfe30..=0xfe4f // CJK compatibility forms
            | 0xff00..=0xffef // half-width and full-width forms
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    #[test]
    fn ascii_text_by_its_nul_bytes() {
        assert_eq!(sniff(&le("hello there\n")), Some(UTF_16LE));
        assert_eq!(sniff(&be("hello there\n")), Some(UTF_16BE));
    }

    #[test]
    fn cjk_and_hangul_by_their_line_breaks() {
        let chinese = "　　我翻開歷史一查，這歷史沒有年代，歪歪斜斜的每葉上都寫著“仁義道德”幾個字。\n　　我橫豎睡不著，仔細看了半夜。\n";
        let korean = "그는 조용히 웃었다. 바람이 불었다.\n아무도 대답하지 않았다.\n";
        let japanese = "「何をしているの？」と彼女は言った。𠮷野家\r\n";
        for text in [chinese, korean, japanese] {
            assert_eq!(sniff(&le(text)), Some(UTF_16LE), "{text}");
            assert_eq!(sniff(&be(text)), Some(UTF_16BE), "{text}");
        }
    }

    #[test]
    fn legacy_encodings_and_utf8_are_not_utf16() {
        let text = "满纸荒唐言，一把辛酸泪！\n都云作者痴，谁解其中味？\n";
        for encoding in [encoding_rs::GBK, encoding_rs::BIG5, encoding_rs::UTF_8] {
            let (bytes, _, _) = encoding.encode(text);
            assert_eq!(sniff(&bytes), None, "{}", encoding.name());
        }
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("吾輩は猫である。名前はまだ無い。\n");
        assert_eq!(sniff(&sjis), None);
        let (korean, _, _) = encoding_rs::EUC_KR.encode("그는 조용히 웃었다.\n");
        assert_eq!(sniff(&korean), None);
    }

    #[test]
    fn ascii_with_a_few_nuls_is_not_utf16() {
        assert_eq!(sniff(b"hello\x00 world\x00\n"), None);
        let mut text = b"Some plain text with a NUL\x00 here and there,\x00 and lines\n".repeat(4);
        text.push(b'\n');
        assert_eq!(sniff(&text[..text.len() & !1]), None);
    }

    #[test]
    fn broken_surrogates_and_odd_lengths_are_not_utf16() {
        let mut lone = le("中文\n");
        lone.extend_from_slice(&0xd800u16.to_le_bytes());
        lone.extend_from_slice(&le("文\n"));
        assert_eq!(sniff(&lone), None);
        let mut odd = le("中文\n中文\n");
        odd.push(b'x');
        assert_eq!(sniff(&odd), None);
    }
}
