//! Turns the bytes of a file into the normalised text (DESIGN §1.3): BOM → valid UTF-8
//! → UTF-16 without BOM → detected legacy encoding, or the encoding the user forced;
//! then CRLF and lone CR become LF. Refuses data that is not text. Pure.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, ISO_2022_JP, UTF_8};

/// Bytes from the start of the data used for sniffing UTF-16 and binary content.
const SNIFF_BYTES: usize = 64 * 1024;
/// Bytes looked at to tell the encoding.
const DETECT_BYTES: usize = 1024 * 1024;
/// Of those, the bytes of lines with a non-ASCII byte the legacy-encoding detector
/// looks at: lines of ASCII alone tell it nothing. It is fed only their words that
/// are not ASCII (`feed_non_ascii_words`): it takes about 40 ms a megabyte.
const DETECTOR_BYTES: usize = 256 * 1024;
/// What a preview's guess looks at instead (see `preview_encoding`): it is made before
/// the first screen, and a third of a millisecond is most of that time.
const PREVIEW_DETECTOR_BYTES: usize = 8 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding's canonical name ("UTF-8", "GBK", "Shift_JIS", "EUC-KR", …).
    pub encoding: &'static str,
    /// Some bytes were not valid in that encoding and became U+FFFD.
    pub had_errors: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("binary data, not text ({reason})")]
pub struct NotText {
    pub reason: &'static str,
}

/// Looks up an encoding by a WHATWG label or a common alias (cp949, cp936, sjis, utf16…).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let lower = label.trim().to_ascii_lowercase();
    let alias = match lower.as_str() {
        "cp949" | "uhc" | "ms949" => "euc-kr",
        "cp936" | "ms936" => "gbk",
        "cp932" | "ms932" | "sjis" | "shift-jis" => "shift_jis",
        "cp950" => "big5",
        "utf16" | "utf-16" => "utf-16le",
        "utf8" => "utf-8",
        "latin1" => "windows-1252",
        other => other,
    };
    Encoding::for_label(alias.as_bytes())
}

/// Decodes `bytes`, taking ownership so that valid UTF-8 (the common case) becomes
/// the text without a copy.
pub fn decode(bytes: Vec<u8>, forced: Option<&'static Encoding>) -> Result<Decoded, NotText> {
    let (text, encoding, had_errors) = if let Some(encoding) = forced {
        decode_with(encoding, &bytes)
    } else if let Some((encoding, skip)) = marked_encoding(&bytes) {
        if encoding == UTF_8 {
            let mut bytes = bytes;
            bytes.drain(..skip);
            return decode_utf8_after_bom(bytes);
        }
        decode_with(encoding, &bytes[skip..])
    } else {
        // Newlines normalised in place (CR is no part of a character in any encoding
        // but UTF-16, told above) and UTF-8 validated while taking ownership: a large
        // file is never copied.
        let mut bytes = bytes;
        normalise_newlines_in_place(&mut bytes);
        match String::from_utf8(bytes) {
            Ok(text) => (text, UTF_8, false),
            Err(err) => decode_invalid_utf8(err.into_bytes())?,
        }
    };
    finish(text, encoding, had_errors)
}

/// Decodes the bytes of a UTF-8 file that followed its byte-order mark (read without
/// it, so that a large file is not moved to drop three bytes).
pub fn decode_utf8_after_bom(mut bytes: Vec<u8>) -> Result<Decoded, NotText> {
    normalise_newlines_in_place(&mut bytes);
    let (text, encoding, had_errors) = utf8_lossy(bytes);
    finish(text, encoding, had_errors)
}

fn finish(text: String, encoding: &'static Encoding, had_errors: bool) -> Result<Decoded, NotText> {
    refuse_binary(&text)?;
    let mut text = text;
    if text.starts_with('\u{feff}') {
        text.replace_range(..'\u{feff}'.len_utf8(), "");
    }
    if let Cow::Owned(normalised) = normalise_newlines(&text) {
        text = normalised;
    }
    Ok(Decoded {
        text,
        encoding: encoding.name(),
        had_errors,
    })
}

/// The encoding of a large file's preview, told at a glance from its first bytes (as
/// read): what `decode` finds for the whole file, except that a legacy encoding is
/// guessed from a thirty-second as much text. Across the corpus (137 samples: three
/// places in each text, in every one of twelve encodings that can hold it) this guess
/// and the whole file's differ for five, English texts taken for windows-1250 rather
/// than 1252 or the other way (`æ` shown as `ć`) until the whole file is read; from
/// four times as much text, for six.
pub fn preview_encoding(head: &[u8]) -> &'static Encoding {
    if let Some((encoding, _)) = marked_encoding(head) {
        return encoding;
    }
    // Whole lines: a character cut in two at the end would rule its encoding out.
    let lines = &head[..memchr::memrchr(b'\n', head).map_or(head.len(), |i| i + 1)];
    if std::str::from_utf8(lines).is_ok() || mostly_utf8(lines) {
        UTF_8
    } else {
        guess_legacy_within(lines, PREVIEW_DETECTOR_BYTES)
    }
}

/// The encoding the data shows before any guessing, with the length of what marks it:
/// a BOM, UTF-16 without one, or the escapes of ISO-2022-JP.
fn marked_encoding(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    if let Some(found) = Encoding::for_bom(bytes) {
        return Some(found);
    }
    // Before the UTF-8 check: UTF-16 of ASCII text is also valid (NUL-laden) UTF-8.
    if let Some(encoding) = super::utf16::sniff(bytes) {
        return Some((encoding, 0));
    }
    (is_iso_2022_jp(bytes) && bytes.is_ascii()).then_some((ISO_2022_JP, 0))
}

/// UTF-8 text after a BOM: invalid sequences become U+FFFD.
fn utf8_lossy(bytes: Vec<u8>) -> (String, &'static Encoding, bool) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, UTF_8, false),
        Err(err) => (String::from_utf8_lossy(err.as_bytes()).into_owned(), UTF_8, true),
    }
}

/// Bytes that are not valid UTF-8: damaged UTF-8, or a legacy encoding to detect.
fn decode_invalid_utf8(bytes: Vec<u8>) -> Result<(String, &'static Encoding, bool), NotText> {
    if mostly_utf8(&bytes) {
        // A damaged UTF-8 file (say, truncated mid-character) stays UTF-8.
        return Ok((String::from_utf8_lossy(&bytes).into_owned(), UTF_8, true));
    }
    let decoded = decode_with(guess_legacy(&bytes), &bytes);
    let sample = decoded.0.chars().take(SNIFF_BYTES);
    let (replaced, total) = sample.fold((0, 0), |(r, t), c| (r + usize::from(c == '\u{fffd}'), t + 1));
    if replaced * 10 > total {
        return Err(NotText {
            reason: "no text encoding fits",
        });
    }
    Ok(decoded)
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> (String, &'static Encoding, bool) {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), encoding, had_errors)
}

/// CRLF and lone CR become LF in `bytes` itself, which only shrinks: one pass, no copy
/// of the text. The bytes of any encoding where CR is never part of a character.
fn normalise_newlines_in_place(bytes: &mut Vec<u8>) {
    let Some(first) = memchr::memchr(b'\r', bytes) else {
        return;
    };
    let (mut read, mut write) = (first, first);
    while read < bytes.len() {
        // At a CR.
        bytes[write] = b'\n';
        write += 1;
        read += 1;
        if bytes.get(read) == Some(&b'\n') {
            read += 1;
        }
        let end = memchr::memchr(b'\r', &bytes[read..]).map_or(bytes.len(), |i| read + i);
        bytes.copy_within(read..end, write);
        write += end - read;
        read = end;
    }
    bytes.truncate(write);
}

/// CRLF and lone CR become LF; nothing else changes.
pub fn normalise_newlines(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = memchr::memchr(b'\r', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// ISO-2022-JP is 7-bit: ASCII with escape sequences that switch to JIS X 0208.
fn is_iso_2022_jp(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    memchr::memmem::find(sample, b"\x1b$B").is_some() || memchr::memmem::find(sample, b"\x1b$@").is_some()
}

/// Refuses text with many control characters. Tab, newlines, form feed, ESC and BEL
/// are allowed: text with a few escape sequences is still text (shown, never run).
/// NULs in long runs are a damaged block of a text file (what a crash leaves: zeroed
/// sectors or pages), not a sign of binary data: they are set aside, and the rest must
/// be text by the same rule. A binary file has other control bytes between its runs.
fn refuse_binary(text: &str) -> Result<(), NotText> {
    let counts = ControlCounts::of(text);
    let too_many =
        |controls: usize, total: usize| controls * 20 > total || (total < 16 && controls * 4 > total);
    if too_many(counts.controls, counts.total) {
        return Err(NotText {
            reason: "too many control bytes",
        });
    }
    if counts.damaged > 0 && counts.total < MIN_TEXT_BESIDE_DAMAGE {
        return Err(NotText {
            reason: "mostly NUL bytes",
        });
    }
    Ok(())
}

/// NULs in a run at least this long are a damaged block, not binary content.
const DAMAGED_NUL_RUN: usize = 64;
/// Characters of text (outside damaged runs) a file with damaged runs must have.
const MIN_TEXT_BESIDE_DAMAGE: usize = 64;

/// Control characters among the first `SNIFF_BYTES` characters outside damaged runs.
#[derive(Debug, Default, PartialEq, Eq)]
struct ControlCounts {
    controls: usize,
    total: usize,
    /// NULs in damaged runs (not in `total`).
    damaged: usize,
}

impl ControlCounts {
    fn of(text: &str) -> ControlCounts {
        // The bytes of at most SNIFF_BYTES chars, looked over at once: text with no
        // control and no noncharacter among them (nearly all text) counts no further.
        let sniffed = &text[..crate::text::floor_char_boundary(text, text.len().min(4 * SNIFF_BYTES))];
        let clean = sniffed
            .bytes()
            .all(|b| b >= b' ' || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b | 0x07))
            && !sniffed.contains(['\u{fffe}', '\u{ffff}']);
        if clean {
            return ControlCounts {
                total: sniffed.chars().count().min(SNIFF_BYTES),
                ..ControlCounts::default()
            };
        }
        Self::counted(text)
    }

    /// Counted char by char.
    fn counted(text: &str) -> ControlCounts {
        let mut counts = ControlCounts::default();
        let mut nul_run = 0;
        for c in text.chars() {
            if c == '\0' {
                nul_run += 1;
                continue;
            }
            counts.end_nul_run(nul_run);
            nul_run = 0;
            if counts.total >= SNIFF_BYTES {
                break;
            }
            let control = (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\x0c' | '\x1b' | '\x07'))
                || c == '\u{fffe}'
                || c == '\u{ffff}';
            counts.controls += usize::from(control);
            counts.total += 1;
        }
        counts.end_nul_run(nul_run);
        counts
    }

    fn end_nul_run(&mut self, run: usize) {
        if run >= DAMAGED_NUL_RUN {
            self.damaged += run;
        } else {
            self.controls += run;
            self.total += run;
        }
    }
}

fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    guess_legacy_within(bytes, DETECTOR_BYTES)
}

/// The legacy encoding guessed from at most `budget` bytes of lines with non-ASCII.
fn guess_legacy_within(bytes: &[u8], budget: usize) -> &'static Encoding {
    guess_from_lines(bytes, budget, feed_non_ascii_words)
}

/// The detector's guess after `feed` has given it each line with a non-ASCII byte
/// (`budget` bytes of them at most).
fn guess_from_lines(
    bytes: &[u8],
    budget: usize,
    feed: impl Fn(&mut EncodingDetector, &[u8]),
) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    let mut looked_at = 0;
    // Whole lines, so that no character is cut (see `non_ascii_sample`).
    for line in non_ascii_sample(bytes).split_inclusive(|&b| b == b'\n') {
        if looked_at >= budget {
            break;
        }
        if !line.is_ascii() {
            feed(&mut detector, line);
            looked_at += line.len();
        }
    }
    detector.feed(&[], true);
    // Only reached for data that is not (mostly) valid UTF-8.
    detector.guess(None, Utf8Detection::Deny)
}

/// Feeds the detector the words of `line` that have a non-ASCII byte, each with the
/// whitespace that ends it. The detector scores pairs of bytes of which one is not
/// ASCII, and letter case within a word, which starts afresh after whitespace: these
/// words score as the whole line does, and English prose is mostly other words. (No
/// legacy CJK encoding has an ASCII whitespace byte inside a character.)
fn feed_non_ascii_words(detector: &mut EncodingDetector, line: &[u8]) {
    for word in line.split_inclusive(|b| b.is_ascii_whitespace()) {
        if !word.is_ascii() {
            detector.feed(word, false);
        }
    }
}

/// Up to `DETECT_BYTES` of whole lines from the first non-ASCII byte, so that a long
/// ASCII preamble does not hide what the encoding is. The sample ends at a line end: a
/// double-byte character cut in two would rule its encoding out (no legacy CJK
/// encoding uses the newline byte inside a character).
fn non_ascii_sample(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b >= 0x80).unwrap_or(0);
    let start = memchr::memrchr(b'\n', &bytes[..first]).map_or(0, |i| i + 1);
    let end = bytes.len().min(start + DETECT_BYTES);
    let end = if end == bytes.len() {
        end
    } else {
        memchr::memrchr(b'\n', &bytes[start..end]).map_or(end, |i| start + i + 1)
    };
    &bytes[start..end]
}

/// Valid UTF-8 with a few broken sequences (a truncated or damaged file) stays UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let sample = non_ascii_sample(bytes);
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in sample.utf8_chunks() {
        // A character's lead byte is 0xC0 or above; the bytes after it are below.
        valid_multibyte += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid_multibyte > 0 && invalid * 20 <= valid_multibyte
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Newlines normalised in place give what the copying normalisation gives, for
    /// every mix of CR, LF, CRLF, LFCR and text, at the ends too.
    #[test]
    fn newlines_normalised_in_place_as_by_copying() {
        use proptest::prelude::*;
        proptest!(|(parts in proptest::collection::vec(prop_oneof![
            Just("\r"), Just("\n"), Just("\r\n"), Just("a"), Just("中文"), Just("\r\r")
        ], 0..40))| {
            let text: String = parts.concat();
            let mut bytes = text.clone().into_bytes();
            normalise_newlines_in_place(&mut bytes);
            prop_assert_eq!(String::from_utf8(bytes).unwrap(), normalise_newlines(&text).into_owned());
        });
        let decoded = decode(b"\xef\xbb\xbfone\r\ntwo\rthree\r".to_vec(), None).unwrap();
        assert_eq!(decoded.text, "one\ntwo\nthree\n");
        assert_eq!(
            decode_utf8_after_bom(b"one\r\ntwo".to_vec()).unwrap().text,
            "one\ntwo"
        );
    }

    /// Text looked over at once counts as text counted char by char does.
    #[test]
    fn controls_are_counted_alike_at_once_and_char_by_char() {
        let long_cjk = "中文".repeat(SNIFF_BYTES);
        let late_control = format!("{}\u{1}", "a".repeat(SNIFF_BYTES + 10));
        let texts = [
            "",
            "plain words\n",
            "tab\tform\x0cfeed\r\nbell\x07 escape\x1b[1m",
            "a\u{1}b",
            "non\u{fffe}char",
            "end\u{ffff}",
            &long_cjk,
            &late_control,
            &format!("{}{}", "\0".repeat(100), "text ".repeat(20)),
        ];
        for text in texts {
            assert_eq!(
                ControlCounts::of(text),
                ControlCounts::counted(text),
                "{:?}",
                &text[..text.len().min(40)]
            );
        }
    }

    /// What the detector guesses when fed whole lines (as it was before it was fed
    /// only their non-ASCII words).
    fn guess_from_whole_lines(bytes: &[u8]) -> &'static Encoding {
        guess_from_lines(bytes, DETECTOR_BYTES, |detector, line| {
            detector.feed(line, false);
        })
    }

    #[test]
    fn a_preview_is_decoded_as_the_whole_file_is() {
        let fixture = |name: &str| {
            std::fs::read(format!(
                "{}/tests/fixtures/corpus/{name}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .expect("fixture")
        };
        let war_and_peace = fixture("en-war-and-peace-gutenberg-utf8-unwrapped.txt");
        let text = std::str::from_utf8(&war_and_peace).expect("UTF-8");
        let in_1252 = encoding_rs::WINDOWS_1252.encode(text).0.into_owned();
        let mut in_utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        in_utf16.truncate(in_utf16.len() & !1);
        let files = [
            war_and_peace.clone(),
            in_1252,
            in_utf16,
            fixture("zh-sanguoyanyi-gbk-hardwrapped.txt"),
            fixture("ja-aozora-sangetsuki-nakajima-sjis.txt"),
            fixture("ko-readymade-insaeng-chae-mansik-cp949-crlf.txt"),
        ];
        for bytes in files {
            let whole = decode(bytes.clone(), None).expect("text").encoding;
            let head = &bytes[..bytes.len().min(16 << 10)];
            assert_eq!(preview_encoding(head).name(), whole);
        }
    }

    #[test]
    fn the_detector_fed_words_guesses_as_if_fed_whole_lines() {
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");
        let legacy = [
            encoding_rs::WINDOWS_1252,
            encoding_rs::WINDOWS_1250,
            encoding_rs::GBK,
            encoding_rs::BIG5,
            encoding_rs::SHIFT_JIS,
            encoding_rs::EUC_JP,
            encoding_rs::EUC_KR,
        ];
        let mut compared = 0;
        for entry in std::fs::read_dir(fixtures).expect("fixtures") {
            let bytes = std::fs::read(entry.expect("entry").path()).expect("fixture");
            // The legacy fixtures as they are; the UTF-8 ones in every legacy encoding
            // that can hold them.
            let samples: Vec<Vec<u8>> = match std::str::from_utf8(&bytes) {
                Err(_) => vec![bytes],
                Ok(text) => legacy
                    .iter()
                    .map(|encoding| encoding.encode(text))
                    .filter(|(_, _, unmappable)| !unmappable)
                    .map(|(encoded, _, _)| encoded.into_owned())
                    .collect(),
            };
            for sample in samples {
                // From its start and from the middle of a line (or a character).
                for start in [0, sample.len() / 3] {
                    for len in [16 << 10, 1 << 20] {
                        let slice = &sample[start..sample.len().min(start + len)];
                        if slice.is_ascii() {
                            continue;
                        }
                        assert_eq!(guess_legacy(slice), guess_from_whole_lines(slice));
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 50, "only {compared} samples compared");
    }

    fn text_of(bytes: &[u8]) -> (String, &'static str) {
        let decoded = decode(bytes.to_vec(), None).expect("text");
        (decoded.text, decoded.encoding)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(text_of("\u{feff}héllo".as_bytes()), ("héllo".into(), "UTF-8"));
        assert_eq!(text_of("中文".as_bytes()), ("中文".into(), "UTF-8"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let le: Vec<u8> = "hi 中文\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "hello there\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(
            text_of(&[&[0xff, 0xfe][..], &le].concat()),
            ("hi 中文\n".into(), "UTF-16LE")
        );
        assert_eq!(text_of(&le), ("hi 中文\n".into(), "UTF-16LE"));
        assert_eq!(text_of(&be), ("hello there\n".into(), "UTF-16BE"));
    }

    #[test]
    fn iso_2022_jp_is_recognised() {
        let (bytes, _, _) = ISO_2022_JP.encode("吾輩は猫である。");
        assert_eq!(text_of(&bytes), ("吾輩は猫である。".into(), "ISO-2022-JP"));
    }

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        assert_eq!(normalise_newlines("a\r\nb\rc\n\r\n"), "a\nb\nc\n\n");
    }

    #[test]
    fn windows_1252_curly_quotes() {
        let bytes = b"\x93Call me Ishmael.\x94 Some years ago\x97never mind how long precisely\x97having little money";
        let (text, encoding) = text_of(bytes);
        assert_eq!(encoding, "windows-1252");
        assert!(text.starts_with("“Call me Ishmael.”"));
    }

    #[test]
    fn forced_encoding_skips_detection() {
        let gbk = encoding_for_label("cp936").unwrap();
        let (bytes, _, _) = gbk.encode("西游记");
        let decoded = decode(bytes.to_vec(), Some(gbk)).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.encoding), ("西游记", "GBK"));
        assert_eq!(encoding_for_label("cp949").unwrap().name(), "EUC-KR");
        assert!(encoding_for_label("klingon").is_none());
    }

    #[test]
    fn mostly_valid_utf8_keeps_utf8_with_replacements() {
        let mut bytes = "中文的句子。".repeat(50).into_bytes();
        bytes.insert(30, 0xff);
        let decoded = decode(bytes, None).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.had_errors && decoded.text.contains('\u{fffd}'));
    }

    #[test]
    fn a_long_ascii_preamble_does_not_hide_the_encoding() {
        let mut bytes = "An English licence header of some length.\n"
            .repeat(40_000)
            .into_bytes();
        bytes.extend_from_slice(include_bytes!("../../tests/fixtures/corpus/zh-xiyouji-gbk.txt"));
        assert_eq!(decode(bytes, None).unwrap().encoding, "GBK");
    }

    /// Found reading 罪と罰 in full: a sample cut inside a double-byte character made the
    /// detector rule Shift_JIS out and pick windows-1252.
    #[test]
    fn a_long_legacy_text_is_detected_whatever_its_length() {
        for (fixture, name) in [
            (
                &include_bytes!("../../tests/fixtures/corpus/ja-aozora-tsumi-to-batsu-sjis.txt")[..],
                "Shift_JIS",
            ),
            (
                &include_bytes!("../../tests/fixtures/corpus/zh-xiyouji-gbk.txt")[..],
                "GBK",
            ),
        ] {
            let long: Vec<u8> = fixture
                .iter()
                .copied()
                .cycle()
                .take(DETECT_BYTES * 3 / 2)
                .collect();
            for cut in [DETECT_BYTES + 1, DETECT_BYTES + 7, long.len()] {
                assert_eq!(
                    decode(long[..cut].to_vec(), None).unwrap().encoding,
                    name,
                    "{cut} bytes"
                );
            }
        }
    }

    #[test]
    fn binary_is_refused() {
        let bytes: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let err = decode(bytes, None).unwrap_err();
        assert!(err.to_string().contains("binary"));
        assert!(decode(b"\x00\x01\x02\x03".to_vec(), None).is_err());
    }

    #[test]
    fn a_text_with_a_zeroed_block_is_text() {
        let text = "A sentence of ordinary prose, as an article has many of.\n".repeat(230);
        for at in [0, 4096, text.len() - 1, text.len()] {
            let mut bytes = text.clone().into_bytes();
            bytes.splice(at..at, std::iter::repeat_n(0u8, 4096));
            let decoded = decode(bytes, None).unwrap_or_else(|err| panic!("zeros at {at}: {err}"));
            assert_eq!(decoded.text.chars().count(), text.chars().count() + 4096);
        }
    }

    #[test]
    fn nul_runs_do_not_hide_binary_data_around_them() {
        // Binary structures between runs of padding: the runs are set aside, the rest
        // is still mostly control bytes.
        let record: Vec<u8> = (0..64u8).chain(std::iter::repeat_n(0, 128)).collect();
        assert!(decode(record.repeat(50), None).is_err());
        // Nothing but zeros, or zeros and a word, is not a text either.
        assert!(decode(vec![0; 8192], None).is_err());
        let mut word = vec![0u8; 8192];
        word.extend_from_slice(b"word\n");
        let err = decode(word, None).unwrap_err();
        assert!(err.to_string().contains("binary"), "{err}");
        // Short runs still count as control bytes.
        let short_runs = b"text\0\0\0\0\0\0\0\0".repeat(100);
        assert!(decode(short_runs, None).is_err());
    }

    #[test]
    fn stray_controls_and_escapes_are_still_text() {
        let text = "plain text with a NUL \0 and an \x1b[31mescape\x1b[0m in it, and more words";
        assert_eq!(text_of(text.as_bytes()).0, text);
    }
}
