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
    binary::refuse_binary(&text)?;
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
    let (text, had_errors) = parallel::decode(encoding, bytes);
    (text, encoding, had_errors)
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

mod binary;
mod parallel;
mod single_byte;
#[cfg(test)]
mod tests;
