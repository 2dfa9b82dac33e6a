//! Decoding: every encoding told, newlines normalised, binary refused.

use super::binary::ControlCounts;
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
    let bytes =
        b"\x93Call me Ishmael.\x94 Some years ago\x97never mind how long precisely\x97having little money";
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
    bytes.extend_from_slice(include_bytes!(
        "../../../tests/fixtures/corpus/zh-xiyouji-gbk.txt"
    ));
    assert_eq!(decode(bytes, None).unwrap().encoding, "GBK");
}

/// Found reading 罪と罰 in full: a sample cut inside a double-byte character made the
/// detector rule Shift_JIS out and pick windows-1252.
#[test]
fn a_long_legacy_text_is_detected_whatever_its_length() {
    for (fixture, name) in [
        (
            &include_bytes!("../../../tests/fixtures/corpus/ja-aozora-tsumi-to-batsu-sjis.txt")[..],
            "Shift_JIS",
        ),
        (
            &include_bytes!("../../../tests/fixtures/corpus/zh-xiyouji-gbk.txt")[..],
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
