//! `margent export`: every format through the binary, `-o`, filters and closed pipes.

use super::*;

#[test]
fn export_writes_every_format_with_the_real_title() {
    let ws = Workspace::sample();
    ws.annotate(&[
        "--quote",
        "Innovation is the first driving force.",
        "--note",
        "=1+1 & <b>",
    ]);
    for (format, marker) in [
        ("md", "# New Development Concept"),
        ("org", "#+TITLE: New Development Concept"),
        ("json", "\"title\": \"New Development Concept"),
        ("csv", "Highlight,Title,Author,URL,Note,Location,Date"),
        ("w3c", "\"AnnotationCollection\""),
        ("html", "<h1>New Development Concept"),
    ] {
        let output = ws
            .margent()
            .args(["export", ws.doc(), "--format", format])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains(marker), "{format}: {text}");
        assert!(text.contains(TITLE), "{format}");
        assert!(
            !text.contains("News —") && !text.contains("# News"),
            "{format}: the title is not the section word"
        );
        assert!(
            text.contains("Innovation is the first driving force."),
            "{format}"
        );
    }
}

#[test]
fn export_to_a_file_and_default_format_from_the_config() {
    let ws = Workspace::sample();
    ws.annotate(&["--quote", "Innovation is the first driving force."]);
    std::fs::write(ws.dir.path().join("config.toml"), "[export]\nformat = \"org\"\n").unwrap();
    let out = ws.dir.path().join("notes.org");
    ws.margent()
        .args(["export", ws.doc(), "-o", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout("");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with(&format!("#+TITLE: {TITLE}")));
    let leftovers: Vec<_> = std::fs::read_dir(ws.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "atomic write leaves no temporary file");
    ws.margent()
        .args(["export", ws.doc(), "-o", "/no/such/folder/notes.md"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("/no/such/folder/notes.md: cannot write")
                .and(predicate::str::contains(".tmp").not()),
        );
    ws.margent()
        .args(["export", ws.doc(), "--format", "json", "-o", "-"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"annotations\""));
    assert!(
        !ws.dir.path().join("-").exists(),
        "-o - is stdout, not a file named -"
    );
}

#[test]
fn export_filters_by_tag() {
    let ws = Workspace::sample();
    ws.annotate(&[
        "--quote",
        "Innovation is the first driving force.",
        "--tag",
        "keep",
    ]);
    ws.annotate(&["--quote", "Fifth, promote shared development", "--tag", "drop"]);
    let output = ws
        .margent()
        .args(["export", ws.doc(), "--format", "csv", "--tag", "keep"])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "Innovation is the first driving force.");
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let ws = Workspace::sample();
    let text = std::fs::read_to_string(&ws.document).unwrap();
    std::fs::write(&ws.document, text.repeat(40)).unwrap();
    for args in [
        vec!["export", ws.doc(), "--format", "html"],
        vec!["render", ws.doc()],
    ] {
        let mut child = ws
            .margent()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let status = child.wait().unwrap();
        assert!(status.success(), "{args:?}: {status:?} {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn export_never_overwrites_the_document_or_its_sidecar() {
    let ws = Workspace::sample();
    ws.annotate(&["--quote", "Innovation is the first driving force."]);
    let before = std::fs::read(&ws.document).unwrap();
    let sidecar_before = std::fs::read(ws.sidecar_path()).unwrap();
    for target in [
        ws.doc().to_string(),
        ws.sidecar_path().to_str().unwrap().to_string(),
    ] {
        ws.margent()
            .args(["export", ws.doc(), "-o", &target])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("refusing"));
    }
    assert_eq!(std::fs::read(&ws.document).unwrap(), before);
    assert_eq!(std::fs::read(ws.sidecar_path()).unwrap(), sidecar_before);
}
