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
