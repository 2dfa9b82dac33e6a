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
    // Readwise's CSV has no room to say it is filtered: stderr does.
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "margent: the CSV holds only the annotations with tag \"keep\"\n"
    );
    let whole = ws
        .margent()
        .args(["export", ws.doc(), "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        whole.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&whole.stderr)
    );
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

/// `-o OUT` by what OUT is (DESIGN §1.2), on Unix where FIFOs and devices exist.
#[cfg(unix)]
mod output {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    use std::time::{Duration, Instant};

    use super::*;

    /// The sample with one annotation, to export.
    fn annotated() -> Workspace {
        let ws = Workspace::sample();
        ws.annotate(&["--quote", "Innovation is the first driving force."]);
        ws
    }

    fn export_to(ws: &Workspace, out: &Path) -> std::process::Output {
        ws.margent()
            .args(["export", ws.doc(), "--format", "md", "-o"])
            .arg(out)
            .output()
            .unwrap()
    }

    fn mkfifo(path: &Path) {
        let status = Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo is needed to test writing to a FIFO");
        assert!(status.success(), "mkfifo {}", path.display());
    }

    /// Seen: `export -o FIFO` renamed its temporary file over the FIFO and exited 0.
    #[test]
    fn a_fifo_is_written_to_and_stays_a_fifo() {
        let ws = annotated();
        let fifo = ws.dir.path().join("notes.fifo");
        mkfifo(&fifo);
        // `cat` is the FIFO's reader; it ends when the writer closes its end.
        let mut reader = Command::new("cat")
            .arg(&fifo)
            .stdout(Stdio::piped())
            .spawn()
            .expect("cat");
        let output = export_to(&ws, &fifo);
        let deadline = Instant::now() + Duration::from_secs(20);
        while reader.try_wait().unwrap().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        if reader.try_wait().unwrap().is_none() {
            let _ = reader.kill();
        }
        let read = reader.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(),
            "the FIFO was replaced"
        );
        let text = String::from_utf8(read.stdout).unwrap();
        assert!(text.starts_with(&format!("# {TITLE}")), "{text}");
    }

    /// Seen: as root, `export -o /dev/null` replaced the system's /dev/null with a file.
    /// Writing to /dev/null itself is harmless; it must stay the same character device.
    #[test]
    fn a_device_is_written_to_and_never_replaced() {
        let ws = annotated();
        let null = Path::new("/dev/null");
        let before = std::fs::symlink_metadata(null).unwrap();
        assert!(before.file_type().is_char_device());
        let link = ws.dir.path().join("to-null.md");
        std::os::unix::fs::symlink(null, &link).unwrap();
        for out in [null, link.as_path()] {
            let output = export_to(&ws, out);
            assert!(
                output.status.success(),
                "{}: {}",
                out.display(),
                String::from_utf8_lossy(&output.stderr)
            );
            assert_eq!(output.stdout, b"");
            let after = std::fs::symlink_metadata(null).unwrap();
            assert!(after.file_type().is_char_device(), "{}", out.display());
            assert_eq!((after.ino(), after.rdev()), (before.ino(), before.rdev()));
        }
        assert!(
            std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(),
            "the link is left as it was"
        );
        // Written to directly: a device that refuses the bytes is an error, named.
        #[cfg(target_os = "linux")]
        {
            let full = Path::new("/dev/full");
            let output = export_to(&ws, full);
            assert_eq!(output.status.code(), Some(1));
            assert!(String::from_utf8_lossy(&output.stderr).contains("/dev/full: cannot write"));
            assert!(
                std::fs::symlink_metadata(full)
                    .unwrap()
                    .file_type()
                    .is_char_device()
            );
        }
    }

    #[test]
    fn a_folder_is_refused() {
        let ws = annotated();
        let folder = ws.dir.path().join("out");
        std::fs::create_dir(&folder).unwrap();
        let output = export_to(&ws, &folder);
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("out: is a folder"), "{stderr}");
        assert!(folder.is_dir());
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
    }

    #[test]
    fn a_regular_file_is_replaced_whole_keeping_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let ws = annotated();
        let out = ws.dir.path().join("notes.md");
        std::fs::write(&out, "old contents that are longer than nothing").unwrap();
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
        let inode = std::fs::metadata(&out).unwrap().ino();
        assert!(export_to(&ws, &out).status.success());
        let metadata = std::fs::metadata(&out).unwrap();
        assert_ne!(metadata.ino(), inode, "a new file renamed over the old one");
        assert_eq!(metadata.permissions().mode() & 0o777, 0o640);
        assert!(
            std::fs::read_to_string(&out)
                .unwrap()
                .starts_with(&format!("# {TITLE}"))
        );
        let temporaries = std::fs::read_dir(ws.dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(temporaries, 0);
    }

    /// A link to a regular file: the file it points to is replaced, the link stays (as
    /// the shell's `>` would write through it); a link to nothing is refused.
    #[test]
    fn a_link_is_followed_to_its_file_and_a_dangling_link_refused() {
        let ws = annotated();
        let vault = ws.dir.path().join("vault");
        std::fs::create_dir(&vault).unwrap();
        let target = vault.join("notes.md");
        std::fs::write(&target, "old").unwrap();
        let link = ws.dir.path().join("notes.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(export_to(&ws, &link).status.success());
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_link(&link).unwrap(), target);
        assert!(
            std::fs::read_to_string(&target)
                .unwrap()
                .starts_with(&format!("# {TITLE}"))
        );
        let dangling = ws.dir.path().join("dangling.md");
        std::os::unix::fs::symlink(vault.join("missing.md"), &dangling).unwrap();
        let output = export_to(&ws, &dangling);
        assert_eq!(output.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&output.stderr).contains("dangling.md"));
        assert!(!vault.join("missing.md").exists());
    }
}

#[test]
fn csv_gives_the_local_path_as_url_only_when_asked() {
    let ws = Workspace::sample();
    ws.annotate(&["--quote", "Innovation is the first driving force."]);
    let url_cell = |extra: &[&str]| {
        let output = ws
            .margent()
            .args(["export", ws.doc(), "--format", "csv"])
            .args(extra)
            .output()
            .unwrap();
        assert!(output.status.success());
        let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
        reader.records().next().unwrap().unwrap()[3].to_string()
    };
    assert_eq!(url_cell(&[]), "");
    assert!(url_cell(&["--url"]).starts_with("file:///"));
}

#[test]
fn csv_begins_with_a_byte_order_mark_only_when_asked_by_flag_or_config() {
    let ws = Workspace::sample();
    ws.annotate(&["--quote", "Innovation is the first driving force."]);
    let csv = |extra: &[&str]| {
        let output = ws
            .margent()
            .args(["export", ws.doc(), "--format", "csv"])
            .args(extra)
            .output()
            .unwrap();
        assert!(output.status.success());
        output.stdout
    };
    const BOM: &[u8] = b"\xef\xbb\xbfHighlight,";
    assert!(csv(&[]).starts_with(b"Highlight,"));
    assert!(csv(&["--bom"]).starts_with(BOM));
    let md = ws
        .margent()
        .args(["export", ws.doc(), "--format", "md", "--bom"])
        .output()
        .unwrap();
    assert!(md.stdout.starts_with(b"# "), "only CSV gets one");
    let config = ws.dir.path().join("config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[export]\ncsv_bom = true\n");
    std::fs::write(&config, text).unwrap();
    assert!(csv(&[]).starts_with(BOM));
}
