//! Hostile documents through `margent render` (and the reader's plain-text fallback).

use predicates::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use std::path::Path;

use super::{assert_clean, margent, write};

fn render(path: &str, width: u16) -> std::process::Output {
    margent()
        .args(["render", "--width", &width.to_string(), path])
        .output()
        .expect("margent runs")
}

fn assert_fits(output: &[u8], width: usize) {
    let text = String::from_utf8_lossy(output);
    for line in text.lines() {
        let cols: usize = line
            .graphemes(true)
            .map(unicode_width::UnicodeWidthStr::width)
            .sum();
        assert!(
            cols <= width || line.trim().graphemes(true).count() == 1,
            "{} columns: {line:?}",
            cols
        );
    }
}

#[test]
fn escape_sequences_in_a_file_never_reach_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "Title\n\nClipboard \x1b]52;c;cHduZWQ=\x07 title \x1b]0;PWNED\x07 link \x1b]8;;http://x\x1b\\here\x1b]8;;\x1b\\ \
                   clear \x1b[2J\x1b[H csi \u{9b}31m c1 \u{85} del \x7f bell \x07 nul \0 end.\n";
    let path = write(dir.path(), "escapes.txt", hostile.as_bytes());
    let output = render(&path, 40);
    assert!(output.status.success());
    assert_clean(&output.stdout, "render");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("␛]52;c;cHduZWQ=␇") && text.contains("␀"), "{text}");
    // The same file through the reader's fallback (stdout not a terminal).
    let output = margent().arg(&path).output().unwrap();
    assert!(output.status.success());
    assert_clean(&output.stdout, "plain reader");
    assert!(String::from_utf8_lossy(&output.stdout).contains("end."));
}

#[test]
fn invalid_utf8_is_decoded_with_replacements() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = "Valid words ünïcödé and more valid words, "
        .repeat(200)
        .into_bytes();
    bytes.extend_from_slice(b"\xff\xfe\xc3 broken \xe2\x82 end\n");
    let path = write(dir.path(), "broken.txt", &bytes);
    let output = render(&path, 60);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains('\u{fffd}'));
    assert_fits(&output.stdout, 60);
}

#[test]
fn utf16_without_a_bom_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = "UTF-16 text without a byte order mark.\n中文也可以。\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let path = write(dir.path(), "utf16.txt", &bytes);
    margent()
        .args(["render", &path])
        .assert()
        .success()
        .stdout(predicate::str::contains("中文也可以"));
}

#[test]
fn a_20_megabyte_single_line_renders_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let line = "A sentence that goes on and on without a line break. ".repeat(400_000);
    assert!(line.len() > 20_000_000);
    let path = write(dir.path(), "one-line.txt", line.as_bytes());
    let output = render(&path, 80);
    assert!(output.status.success());
    assert_fits(&output.stdout[..1 << 20], 80);
}

#[test]
fn a_100000_character_word_is_broken_at_the_width() {
    let dir = tempfile::tempdir().unwrap();
    let word = format!("start {} end", "x".repeat(100_000));
    let path = write(dir.path(), "word.txt", word.as_bytes());
    let output = render(&path, 33);
    assert!(output.status.success());
    assert_fits(&output.stdout, 33);
    let rows = String::from_utf8_lossy(&output.stdout).lines().count();
    assert!(rows >= 100_000 / 33, "{rows} rows");
}

#[test]
fn combining_mark_storms_stay_one_column() {
    let dir = tempfile::tempdir().unwrap();
    let storm = format!(
        "Z{} normal words after the storm\n",
        "\u{301}\u{302}\u{303}\u{304}".repeat(5000)
    );
    let path = write(dir.path(), "zalgo.txt", storm.as_bytes());
    let output = render(&path, 24);
    assert!(output.status.success());
    assert_fits(&output.stdout, 24);
}

#[test]
fn a_million_empty_lines_collapse_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("Before.\n{}After.\n", "\n".repeat(1_000_000));
    let path = write(dir.path(), "empty-lines.txt", text.as_bytes());
    let output = render(&path, 40);
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "Before.\n\nAfter.\n");
}

#[test]
fn bidi_overrides_do_not_reach_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Invoice \u{202e}fdp.exe\u{202c} and \u{2067}isolated\u{2069} text.\n";
    let path = write(dir.path(), "bidi\u{202e}txt.exe", text.as_bytes());
    let output = render(&path, 60);
    assert!(output.status.success());
    assert_clean(&output.stdout, "render");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("fdp.exe") && text.contains("isolated text."),
        "{text}"
    );
    // A missing file named with an override: the message neutralises it.
    let output = margent().args(["render", "no\u{202e}such.txt"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_clean(&output.stderr, "error message");
}

#[test]
fn random_binary_is_refused_as_binary() {
    let dir = tempfile::tempdir().unwrap();
    let mut state = 0x2545_f491_u32;
    let bytes: Vec<u8> = (0..100_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    let path = write(dir.path(), "random.bin", &bytes);
    let output = render(&path, 80);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("random.bin") && message.contains("binary") && message.lines().count() == 1,
        "{message}"
    );
}

#[test]
fn empty_files_directories_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", b"");
    margent().args(["render", &empty]).assert().success().stdout("");
    let folder = dir.path().to_str().unwrap();
    let output = margent().args(["render", folder]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a directory"));
    let output = margent().args(["notes", "nowhere.txt"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("margent: nowhere.txt"));
}

#[cfg(unix)]
#[test]
fn devices_and_pipes_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for path in [Path::new("/dev/zero"), Path::new("/dev/urandom"), fifo.as_path()] {
        for command in ["render", "notes"] {
            let output = margent().arg(command).arg(path).output().unwrap();
            assert_eq!(output.status.code(), Some(1), "{command} {}", path.display());
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                stderr.contains(path.to_str().unwrap()) && stderr.contains("not a regular file"),
                "{stderr}"
            );
        }
    }
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("margent"))
        .args(["render", "-"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("binary"));
}

#[cfg(unix)]
#[test]
fn a_sidecar_that_is_a_device_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write(dir.path(), "a.txt", b"Some text to annotate.\n");
    let sidecar = dir.path().join("a.txt.notes.toml");
    std::os::unix::fs::symlink("/dev/zero", &sidecar).unwrap();
    for args in [
        vec!["notes", &doc],
        vec!["annotate", &doc, "--quote", "Some text"],
    ] {
        let output = margent().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }
    assert!(sidecar.symlink_metadata().unwrap().file_type().is_symlink());
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// `bytes` with `zeros` NUL bytes inserted at the start of the line nearest the middle.
fn with_zeroed_block(bytes: &[u8], zeros: usize) -> (Vec<u8>, usize) {
    let middle = bytes.len() / 2;
    let at = bytes[..middle]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let mut damaged = bytes[..at].to_vec();
    damaged.extend(std::iter::repeat_n(0u8, zeros));
    damaged.extend_from_slice(&bytes[at..]);
    (damaged, at)
}

/// Seen: a text with a damaged block of NUL bytes (4 KB of zeros in a 13 KB article,
/// as a crash leaves) was refused as binary. It opens, with one placeholder for the run,
/// in UTF-8 and in a legacy encoding, and offsets still count every code point.
#[test]
fn a_text_with_a_zeroed_block_shows_one_placeholder_for_it() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "en-news-voa-virtual-fences-cows.txt",
        "zh-sanguoyanyi-gbk-hardwrapped.txt",
        "ko-unsu-joeun-nal-hyeon-jingeon-utf8-crlf.txt",
    ] {
        let original = fixture(name);
        let (damaged, _) = with_zeroed_block(&original, 4096);
        let path = write(dir.path(), name, &damaged);
        let output = render(&path, 60);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_clean(&output.stdout, name);
        let text = String::from_utf8_lossy(&output.stdout);
        assert_eq!(text.matches('␀').count(), 1, "{name}: {text}");
        assert_fits(&output.stdout, 60);
        let undamaged = render(&write(dir.path(), "undamaged.txt", &original), 60);
        let last_line = String::from_utf8_lossy(&undamaged.stdout)
            .lines()
            .rfind(|line| !line.trim().is_empty())
            .unwrap()
            .to_string();
        assert!(
            text.contains(&last_line),
            "{name}: the text after the block is all there"
        );
    }
}

#[test]
fn offsets_after_a_zeroed_block_count_every_code_point() {
    let dir = tempfile::tempdir().unwrap();
    let original = fixture("en-news-voa-virtual-fences-cows.txt");
    let (damaged, at) = with_zeroed_block(&original, 4096);
    let path = write(dir.path(), "cows.txt", &damaged);
    let text = String::from_utf8(original).unwrap();
    let quote = text[at..]
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    let output = margent()
        .args(["annotate", &path, "--quote", &quote])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = margent()
        .args(["notes", &path, "--format", "json"])
        .output()
        .unwrap();
    let notes: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let expected = text[..at].chars().count() + 4096 + text[at..].find(&quote).unwrap();
    assert_eq!(notes[0]["start"], expected, "{quote}");
    assert_eq!(notes[0]["status"], "exact");
}

/// Binaries have long NUL runs too; what lies between them is no text.
#[test]
fn an_executable_is_still_refused_as_binary() {
    let binary = assert_cmd::cargo::cargo_bin("margent");
    let output = render(binary.to_str().unwrap(), 80);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("binary"));
}

/// Seen: U+0085 (NEL) shown as `�`. It is a line break like LF, whether the text
/// spells it in UTF-8 (`C2 85`) or in a Latin encoding that maps byte 0x85 to it;
/// windows-1252's 0x85 stays "…".
#[test]
fn next_line_breaks_lines_and_is_never_shown_as_a_replacement() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = "Alpha line\u{85}beta line\u{85}\u{85}gamma line\n"
        .as_bytes()
        .to_vec();
    let latin2 = b"Alpha line\x85beta line\x85\x85gamma line\n".to_vec();
    for (name, bytes, encoding) in [
        ("utf8.txt", utf8, None),
        ("latin2.txt", latin2, Some("iso-8859-2")),
    ] {
        let path = write(dir.path(), name, &bytes);
        let mut command = margent();
        command.args(["render", "--width", "40"]);
        if let Some(encoding) = encoding {
            command.args(["--encoding", encoding]);
        }
        let output = command.arg(&path).output().unwrap();
        assert!(output.status.success(), "{name}");
        assert_clean(&output.stdout, name);
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            "Alpha line\nbeta line\n\ngamma line\n",
            "{name}"
        );
    }
    let cp1252 = write(
        dir.path(),
        "cp1252.txt",
        b"Wait\x85 said the \x93reader\x94, long enough for the detector to know it.\n",
    );
    let output = render(&cp1252, 80);
    assert!(String::from_utf8_lossy(&output.stdout).contains("Wait… said"));
}
