//! Sidecars from others are data, not code: hostile ones must give a clear message and
//! be left untouched, never crash margent or reach the terminal raw.

use super::{assert_clean, margent, write};

fn document(dir: &std::path::Path) -> String {
    write(
        dir,
        "essay.txt",
        "An essay about reading slowly, and why it matters.\n".as_bytes(),
    )
}

fn sidecar(dir: &std::path::Path, body: &str) -> std::path::PathBuf {
    let path = dir.join("essay.txt.notes.toml");
    let document = "[document]\nfile_name = \"essay.txt\"\ntitle = \"Essay\"\nencoding = \"UTF-8\"\n\
                    content_hash = \"blake3:0\"\nchar_count = 52\nposition = 0\n";
    std::fs::write(
        &path,
        format!("format = \"margent-notes\"\nschema_version = 1\n{document}{body}"),
    )
    .unwrap();
    path
}

const ANNOTATION: &str = "[[annotation]]\nid = \"0193a5b2-7c1d-7e4f-8a9b-0c1d2e3f4a5b\"\nkind = \"note\"\n\
created = 2026-11-26T09:26:53Z\nmodified = 2026-11-26T09:26:53Z\ncolor = \"yellow\"\nexact = \"reading slowly\"\n";

#[test]
fn escape_sequences_in_notes_and_tags_are_shown_as_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let doc = document(dir.path());
    let body = format!(
        "{ANNOTATION}start = 14\nend = 28\ntags = [\"\\u001b]0;PWNED\\u0007\"]\nnote = \"\\u001b[2J\\u001b]52;c;eA==\\u0007 gotcha \\u009b31m\"\n"
    );
    sidecar(dir.path(), &body);
    let output = margent().args(["notes", &doc]).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_clean(&output.stdout, "notes");
    assert!(String::from_utf8_lossy(&output.stdout).contains("gotcha"));
    for format in ["md", "org", "csv", "html", "json", "w3c"] {
        let output = margent()
            .args(["export", "--format", format, &doc])
            .output()
            .unwrap();
        assert!(output.status.success(), "{format}");
        assert_clean(&output.stdout, format);
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("gotcha"),
            "{format}"
        );
    }
}

#[test]
fn broken_sidecars_are_reported_and_never_overwritten() {
    let cases = [
        ("not toml", "this is = = not toml\n"),
        (
            "wrong type",
            &format!("{ANNOTATION}start = \"fourteen\"\nend = 28\n"),
        ),
        ("negative offset", &format!("{ANNOTATION}start = -5\nend = 28\n")),
        ("end before start", &format!("{ANNOTATION}start = 28\nend = 14\n")),
        (
            "duplicate ids",
            &format!("{ANNOTATION}start = 14\nend = 28\n{ANNOTATION}start = 14\nend = 28\n"),
        ),
        ("escape in a raw line", "bad = \"\x1b]0;title\x07\n"),
    ];
    for (what, body) in cases {
        let dir = tempfile::tempdir().unwrap();
        let doc = document(dir.path());
        let path = sidecar(dir.path(), body);
        let before = std::fs::read(&path).unwrap();
        let output = margent()
            .args(["annotate", &doc, "--quote", "why it matters"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{what}");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(
            message.contains("essay.txt.notes.toml") && message.lines().count() == 1,
            "{what}: {message}"
        );
        assert_clean(&output.stderr, what);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{what}: the sidecar was changed"
        );
    }
}

#[test]
fn an_absurdly_large_sidecar_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let doc = document(dir.path());
    let path = dir.path().join("essay.txt.notes.toml");
    // A sparse gigabyte: reading it would take seconds and a gigabyte of memory.
    std::fs::File::create(&path).unwrap().set_len(1 << 30).unwrap();
    let output = margent().args(["notes", &doc]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("essay.txt.notes.toml"));
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 1 << 30, "left untouched");
}

#[test]
fn out_of_range_offsets_are_found_again_for_review() {
    let dir = tempfile::tempdir().unwrap();
    let doc = document(dir.path());
    sidecar(
        dir.path(),
        &format!("{ANNOTATION}start = 4000000000\nend = 4000000014\n"),
    );
    let output = margent()
        .args(["notes", "--format", "json", &doc])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let notes: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    // The quote is still in the text, but a short quote without context may not move
    // by itself (DESIGN §1.5): it is found there, and waits for review.
    assert_eq!(
        notes[0]["status"], "fuzzy",
        "the quote is still in the text: {notes}"
    );
    assert_eq!(notes[0]["start"], 15);
}
