//! End-to-end: the real binary in a pseudo-terminal (portable-pty), its output read by
//! a terminal emulator (vt100), driven with the default keys. Checks what a person sees
//! and that the terminal is given back on quit.

use std::io::Read;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

mod common;

use common::pty::{Home, Session, copy_to_temp, nonzero};
use common::{UnwritableFolder, names_in};

const SAMPLE: &str = "examples/en-news-new-development-concept-xinjiang.txt";
const SAMPLE_NAME: &str = "en-news-new-development-concept-xinjiang.txt";

type Child = Box<dyn portable_pty::Child + Send + Sync>;
type Master = Box<dyn portable_pty::MasterPty + Send>;

/// margent on `file` in an 80×24 pseudo-terminal, for tests that read its raw output.
fn spawn_raw(file: &str, env: &[(&str, &str)]) -> (Child, Master) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_margent"));
    command.arg(file);
    command.env("TERM", "xterm-256color");
    for (key, value) in env {
        command.env(key, value);
    }
    let child = pty.slave.spawn_command(command).unwrap();
    (child, pty.master)
}

#[test]
fn open_page_search_resize_and_quit() {
    let (_dir, sample) = copy_to_temp(SAMPLE);
    let mut session = Session::open(&[&sample], 80, 24);
    let first = session.wait_for("the article", |s| {
        s.contains("High-quality development is the primary task")
    });
    assert!(
        first.contains("New Development Concept Leads"),
        "status line shows the title:\n{first}"
    );

    session.send(" ");
    session.wait_for("the second page", |s| {
        !s.contains("High-quality development is the primary task")
    });

    session.send("/absolute poverty\r");
    session.wait_until("the match highlighted", |screen| {
        (0..24).any(|row| {
            let line = screen.contents_between(row, 0, row, 80);
            line.find("absolute poverty").is_some_and(|byte| {
                let col = line[..byte].chars().count() as u16;
                let cell = screen.cell(row, col).unwrap();
                cell.bgcolor() != vt100::Color::Default || cell.inverse()
            })
        })
    });

    session.resize(40, 20);
    // The emulator cuts the old screen to 40 columns at once; the status line shows the
    // percentage again only when margent has redrawn for the new size.
    session.wait_for("the text reflowed to 40 columns", |s| {
        s.lines().nth(19).is_some_and(|status| status.contains('%'))
            && s.lines()
                .take(19)
                .all(|line| line.trim_end().chars().count() <= 40)
    });

    session.send("q");
    let status = session.wait_exit();
    assert!(status.success(), "{status:?}");
    let parser = session.parser.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "the alternate screen was left"
    );
    assert!(!parser.screen().hide_cursor(), "the cursor is visible again");
    let raw = session.raw.lock().unwrap();
    let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(200)..]).to_string();
    assert!(
        tail.contains("\u{1b}[?1049l"),
        "left the alternate screen: {tail:?}"
    );
}

#[test]
fn chinese_text_in_a_narrow_terminal() {
    let (_dir, chinese) = copy_to_temp("examples/kuangren-riji-luxun.txt");
    let mut session = Session::open(&[&chinese], 30, 12);
    let screen = session.wait_for("the text", |s| s.contains("某君昆仲"));
    for line in screen.lines().take(11) {
        let cols: usize = line
            .chars()
            .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
            .sum();
        assert!(cols <= 30, "{line:?}");
        assert!(
            !line.trim_start().starts_with(['，', '。', '、', '；']),
            "{line:?}"
        );
    }
    session.send("G");
    session.wait_for("the end", |s| s.contains("100%") || s.contains("end"));
    session.send("q");
    assert!(session.wait_exit().success());
}

#[test]
fn a_missing_file_fails_without_taking_the_terminal() {
    let mut session = Session::open(&["no-such-file.txt"], 80, 24);
    let status = session.wait_exit();
    assert!(!status.success());
    let screen = session.screen();
    assert!(
        screen.contains("margent: no-such-file.txt: cannot read"),
        "{screen}"
    );
    assert!(!session.parser.lock().unwrap().screen().alternate_screen());
}

#[test]
fn the_reading_position_is_saved_on_quit_and_restored() {
    let (dir, sample) = copy_to_temp(SAMPLE);
    let home = Home::new();
    let mut session = Session::open_at_home(&[&sample], 80, 24, &home);
    session.wait_for("the article", |s| {
        s.contains("High-quality development is the primary task")
    });
    session.send("  ");
    let paged = session.wait_for("two pages down", |s| {
        s.contains("% ·") && !s.contains("High-quality development is the primary task")
    });
    let top_line = paged
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap()
        .trim()
        .to_string();
    session.send("q");
    assert!(session.wait_exit().success());
    drop(session);

    assert!(home.saved_position() > 0);
    assert_eq!(
        names_in(dir.path()),
        [SAMPLE_NAME],
        "reading writes nothing beside the document"
    );

    let session = Session::open_at_home(&[&sample], 80, 24, &home);
    let reopened = session.wait_for("the same place", |s| s.contains(&top_line));
    assert!(
        !reopened.contains("High-quality development is the primary task"),
        "{reopened}"
    );
}

#[test]
fn annotating_with_the_default_keys_survives_quitting() {
    let (dir, sample) = copy_to_temp(SAMPLE);
    let state = tempfile::tempdir().unwrap();
    let env = [
        ("XDG_STATE_HOME", state.path()),
        ("MARGENT_AUTHOR", std::path::Path::new("reviewer-3")),
    ];
    let mut session = Session::spawn(&[&sample], 80, 24, &env);
    session.wait_for("the article", |s| {
        s.contains("High-quality development is the primary task")
    });

    session.send("/primary task\r");
    session.wait_until("the match", |screen| screen.contents().contains("primary task"));
    session.send("v\r");
    session.wait_for("the highlight", |s| s.contains("Highlighted"));

    session.send("/solid material\r");
    session.wait_for("the second match", |s| !s.contains("Highlighted"));
    session.send("va");
    session.wait_for("the note editor", |s| s.contains("ctrl-s save"));
    session.send("重要的一句 important");
    session.wait_for("the typed note", |s| s.contains("重要的一句 important"));
    session.send("\x13"); // ctrl-s
    session.wait_for("the saved note", |s| s.contains("Note saved"));

    session.send("/technological foundation\r");
    session.wait_for("the third match", |s| !s.contains("Note saved"));
    session.send("vt");
    session.wait_for("the tag prompt", |s| s.contains("Tags:"));
    session.send("review later\r");
    session.wait_for("the mark", |s| s.contains("Marked for review"));
    session.send("x");
    session.wait_for("the mark resolved", |s| s.contains("Resolved"));
    session.send("q");
    assert!(session.wait_exit().success());
    drop(session);

    let sidecar = std::fs::read_to_string(
        dir.path()
            .join("en-news-new-development-concept-xinjiang.txt.notes.toml"),
    )
    .unwrap();
    assert_eq!(sidecar.matches("[[annotation]]").count(), 3, "{sidecar}");
    for expected in [
        "kind = \"highlight\"",
        "exact = \"primary task\"",
        "kind = \"note\"",
        "note = \"重要的一句 important\"",
        "kind = \"mark\"",
        "tags = [\"review\", \"later\"]",
        "status = \"resolved\"\nauthor = \"reviewer-3\"\nresolved_by = \"reviewer-3\"\nresolved_at = ",
    ] {
        assert!(sidecar.contains(expected), "{expected} missing from:\n{sidecar}");
    }
    assert_eq!(
        sidecar.matches("author = \"reviewer-3\"").count(),
        3,
        "MARGENT_AUTHOR signs every kind:\n{sidecar}"
    );

    let mut session = Session::open(&[&sample], 80, 24);
    session.wait_for("the article again", |s| s.contains("% ·"));
    session.send("A");
    let list = session.wait_for("the annotation list", |s| s.contains("Annotations (3)"));
    assert!(list.contains("重要的一句") && list.contains("#review"), "{list}");
    // Esc alone (a following key would make it alt-key), then quit.
    session.send("\x1b");
    session.wait_for("the list closed", |s| !s.contains("Annotations (3)"));
    session.send("q");
    assert!(session.wait_exit().success());
}

#[test]
fn sigterm_saves_the_position_and_restores_the_terminal() {
    let (dir, sample) = copy_to_temp(SAMPLE);
    let home = Home::new();
    let mut session = Session::open_at_home(&[&sample], 80, 24, &home);
    session.wait_for("the article", |s| {
        s.contains("High-quality development is the primary task")
    });
    session.send(" ");
    session.wait_for("the second page", |s| {
        !s.contains("High-quality development is the primary task")
    });
    let pid = session.child.process_id().expect("a pid");
    std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    let status = session.wait_exit();
    assert_eq!(status.exit_code(), 128 + 15, "the exit status tells of SIGTERM");
    let parser = session.parser.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "the alternate screen was left"
    );
    assert!(!parser.screen().hide_cursor(), "the cursor is visible again");
    drop(parser);
    assert!(home.saved_position() > 0);
    assert_eq!(names_in(dir.path()), [SAMPLE_NAME]);
}

#[test]
fn closing_the_terminal_ends_the_reader() {
    let (_dir, sample) = copy_to_temp(SAMPLE);
    let (mut child, master) = spawn_raw(&sample, &[]);
    let mut reader = master.try_clone_reader().unwrap();
    let mut seen = Vec::new();
    let mut chunk = [0u8; 4096];
    // Words are drawn one by one (the spaces between them are already blank).
    while !String::from_utf8_lossy(&seen).contains("rejuvenation") {
        let n = reader.read(&mut chunk).unwrap();
        assert!(n > 0, "the reader never drew");
        seen.extend_from_slice(&chunk[..n]);
    }
    // Close the terminal: the reader must exit (not spin on end-of-file) and quickly.
    drop(reader);
    drop(master);
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "margent kept running after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn escape_sequences_in_a_file_are_never_sent_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("escapes.txt");
    let hostile = "Escapes\n\nset title \x1b]0;PWNED\x07 copy \x1b]52;c;cHduZWQ=\x07 link \x1b]8;;http://evil\x1b\\here\x1b]8;;\x1b\\ \
                   csi \u{9b}2J c1 \u{90}1$r\u{9c} bidi \u{202e}txt.exe end of line.\n";
    std::fs::write(&path, hostile).unwrap();
    let mut session = Session::open(&[path.to_str().unwrap()], 80, 24);
    let screen = session.wait_for("the text", |s| s.contains("end of line"));
    assert!(
        screen.contains("␛]0;PWNED␇") && screen.contains("␛]52;c;cHduZWQ=␇"),
        "shown as placeholders:\n{screen}"
    );
    session.send("q");
    assert!(session.wait_exit().success());
    let raw = session.raw.lock().unwrap().clone();
    for needle in [
        &b"\x1b]0;PWNED"[..],
        b"\x1b]52;c;cHduZWQ",
        b"\x1b]8;;http",
        "\u{9b}".as_bytes(),
        "\u{90}".as_bytes(),
        "\u{202e}".as_bytes(),
    ] {
        assert!(
            !raw.windows(needle.len()).any(|w| w == needle),
            "{:?} reached the terminal",
            String::from_utf8_lossy(needle)
        );
    }
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the panic is injected only into debug builds (`cargo test`)"
)]
fn a_panic_gives_the_terminal_back_with_a_one_line_message() {
    let (_dir, sample) = copy_to_temp(SAMPLE);
    let (mut child, master) = spawn_raw(&sample, &[("MARGENT_TEST_PANIC", "1")]);
    // Read on a thread: a read may block after the child has gone while another test's
    // child still holds this terminal open.
    let mut reader = master.try_clone_reader().unwrap();
    let (bytes_out, bytes_in) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = reader.read(&mut chunk)
            && n > 0
            && bytes_out.send(chunk[..n].to_vec()).is_ok()
        {}
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "margent did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut parser = vt100::Parser::new(nonzero(24), nonzero(80), 0);
    let mut raw = Vec::new();
    while let Ok(chunk) = bytes_in.recv_timeout(Duration::from_millis(300)) {
        parser.process(&chunk);
        raw.extend_from_slice(&chunk);
    }
    assert_eq!(status.exit_code(), 1);
    assert!(
        !parser.screen().alternate_screen(),
        "the alternate screen was left"
    );
    assert!(!parser.screen().hide_cursor(), "the cursor is visible");
    let text = String::from_utf8_lossy(&raw);
    assert!(
        text.contains("margent: internal error: a panic injected by MARGENT_TEST_PANIC"),
        "{text}"
    );
    assert!(!text.contains("panicked at"), "no raw panic message: {text}");
}

#[test]
fn a_file_truncated_while_open_does_not_break_the_reader() {
    let (_dir, sample) = copy_to_temp(SAMPLE);
    let mut session = Session::open(&[&sample], 80, 24);
    session.wait_for("the article", |s| {
        s.contains("High-quality development is the primary task")
    });
    std::fs::write(&sample, "").unwrap();
    session.send("G/poverty\rgq");
    assert!(session.wait_exit().success());
}

#[test]
fn a_large_file_shows_its_start_at_once_and_all_of_it_after() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.txt");
    let paragraph = "A paragraph of a large article, repeated many times to make megabytes of text.\n\n";
    let mut text = paragraph.repeat(6 << 20 >> 7);
    text.push_str("The very last words: zyzzogeton.\n");
    std::fs::write(&path, &text).unwrap();
    let mut session = Session::open(&[path.to_str().unwrap()], 80, 24);
    session.wait_for("the start", |s| s.contains("A paragraph of a large article"));
    // G while the rest loads shows the end of the file, read ahead; `=` waits for the
    // whole file and finds the screen at its end.
    session.send("G");
    session.wait_for("the end of the whole file", |s| s.contains("zyzzogeton"));
    session.send("=");
    let lines = text.lines().count();
    session.wait_for("the position in the whole file", |s| {
        s.contains(&format!(" of {lines}, byte")) && s.contains("zyzzogeton")
    });
    let screen = session.screen();
    let first = screen
        .split("lines ")
        .nth(1)
        .and_then(|said| said.split('-').next())
        .and_then(|first| first.parse::<usize>().ok())
        .expect("`=` says the lines shown");
    assert!(
        first > lines - 30,
        "the screen is at the end of the whole file: {screen}"
    );
    session.send("q");
    assert!(session.wait_exit().success());
}

#[test]
fn no_file_opens_the_library_where_a_filtered_document_opens_and_q_comes_back() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let documents = [
        (
            "ravens.txt",
            "Ravens\n\nRavens are clever birds that remember faces.\n",
            "clever birds",
        ),
        (
            "moon.txt",
            "The Moon\n\nThe moon was bright over the quiet town.\n",
            "bright",
        ),
    ];
    for (name, text, quote) in documents {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_margent"))
            .args([
                "annotate",
                path.to_str().unwrap(),
                "--quote",
                quote,
                "--note",
                "a note",
            ])
            .env("HOME", std::env::temp_dir())
            .env("XDG_STATE_HOME", home.state.path())
            .env("XDG_DATA_HOME", home.data.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
    let mut session = Session::open_at_home(&[], 80, 24, &home);
    session.wait_for("the library", |s| {
        s.contains("Library · 2 documents") && s.contains("Ravens")
    });
    session.send("/raven\r");
    session.wait_for("the filtered library", |s| {
        s.contains("1 of 2 documents") && !s.contains("The Moon")
    });
    session.send("\r");
    session.wait_for("the reader", |s| s.contains("Ravens are clever birds"));
    session.send("q");
    session.wait_for("the library again", |s| {
        s.contains("Library · ") && s.contains("filter: raven")
    });
    session.send("q");
    assert!(session.wait_exit().success());
    assert!(!session.parser.lock().unwrap().screen().alternate_screen());
}

#[test]
fn a_renamed_document_opens_with_its_notes_and_says_so() {
    let home = Home::new();
    let dir = tempfile::tempdir().unwrap();
    let before = dir.path().join("essay.txt");
    std::fs::write(
        &before,
        "Essay\n\nRavens are clever birds that remember faces for years.\n",
    )
    .unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_margent"))
        .args([
            "annotate",
            before.to_str().unwrap(),
            "--quote",
            "clever birds",
            "--note",
            "n",
        ])
        .env("HOME", std::env::temp_dir())
        .env("XDG_STATE_HOME", home.state.path())
        .env("XDG_DATA_HOME", home.data.path())
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::create_dir(dir.path().join("moved")).unwrap();
    let after = dir.path().join("moved/renamed.txt");
    std::fs::rename(&before, &after).unwrap();
    let mut session = Session::open_at_home(&[after.to_str().unwrap()], 100, 24, &home);
    session.wait_for("the notice", |s| {
        s.contains("Notes found from") && s.contains("essay.txt")
    });
    session.send("q");
    assert!(session.wait_exit().success());
    assert!(dir.path().join("moved/renamed.txt.notes.toml").exists());
    assert!(!dir.path().join("essay.txt.notes.toml").exists());
}

/// `margent annotate` on `document` with `home`'s folders; the annotation's id.
fn annotate(document: &str, quote: &str, home: &Home) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_margent"))
        .args(["annotate", document, "--quote", quote])
        .env("HOME", std::env::temp_dir())
        .env("XDG_STATE_HOME", home.state.path())
        .env("XDG_DATA_HOME", home.data.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

/// git in `dir`, with an identity of its own; fails (never skips) without git.
fn git(dir: &std::path::Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=margent-test",
            "-c",
            "user.email=test@margent.invalid",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git is installed (CI installs it)");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn reading_a_git_tracked_document_to_the_end_leaves_git_status_clean() {
    let (dir, sample) = copy_to_temp(SAMPLE);
    let home = Home::new();
    annotate(&sample, "absolute poverty", &home);
    // A sidecar written by an older margent, with the reading position in it.
    let sidecar = dir.path().join(format!("{SAMPLE_NAME}.notes.toml"));
    let text = std::fs::read_to_string(&sidecar).unwrap();
    assert!(text.contains("\nposition = 0\n"), "{text}");
    std::fs::write(&sidecar, text.replace("\nposition = 0\n", "\nposition = 3000\n")).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "an article and its notes"]);
    let committed = std::fs::read(&sidecar).unwrap();
    let folder_modified = || std::fs::metadata(dir.path()).unwrap().modified().unwrap();
    let before = folder_modified();
    std::thread::sleep(Duration::from_millis(50));

    let mut session = Session::open_at_home(&[&sample], 80, 24, &home);
    // The old sidecar's position is honoured (once: the state folder has none yet).
    let opened = session.wait_for("the saved place", |s| s.contains("% ·"));
    assert!(
        !opened.contains("High-quality development is the primary task"),
        "opened at the sidecar's position, not the top:\n{opened}"
    );
    session.send("G");
    session.wait_for("the end", |s| s.contains("100%"));
    session.send("q");
    assert!(session.wait_exit().success());
    drop(session);

    assert_eq!(
        git(dir.path(), &["status", "--porcelain"]),
        "",
        "reading dirtied the tree"
    );
    assert_eq!(std::fs::read(&sidecar).unwrap(), committed);
    assert_eq!(
        folder_modified(),
        before,
        "no file was made or deleted beside the document"
    );
    assert!(home.saved_position() > 3000);

    // From now on the personal position wins over the sidecar's.
    let mut session = Session::open_at_home(&[&sample], 80, 24, &home);
    session.wait_for("the end again", |s| s.contains("100%"));
    session.send("q");
    assert!(session.wait_exit().success());
}

#[test]
fn the_reader_shows_a_read_only_folders_sidecar_and_says_where_it_saves() {
    let (dir, sample) = copy_to_temp(SAMPLE);
    let home = Home::new();
    annotate(&sample, "absolute poverty", &home);
    let sidecar = dir.path().join(format!("{SAMPLE_NAME}.notes.toml"));
    let before = std::fs::read(&sidecar).unwrap();
    let _folder = match UnwritableFolder::make(dir.path()) {
        Ok(folder) => Some(folder),
        Err(why) => {
            // The same path through the reader: a sidecar that cannot be written.
            eprintln!("a read-only sidecar instead of a read-only folder: {why}");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&sidecar, std::fs::Permissions::from_mode(0o444)).unwrap();
            }
            None
        }
    };

    let mut session = Session::open_at_home(&[&sample], 80, 24, &home);
    session.wait_for("the article", |s| s.contains("% ·"));
    session.send("A");
    let list = session.wait_for("the annotation list", |s| s.contains("Annotations ("));
    assert!(
        list.contains("Annotations (1)") && list.contains("absolute poverty"),
        "{list}"
    );
    session.send("\x1b");
    session.wait_for("the list closed", |s| !s.contains("Annotations ("));
    session.send("/primary task\r");
    session.wait_until("the match", |screen| screen.contents().contains("primary task"));
    session.send("v\r");
    session.wait_for("where it was saved", |s| s.contains("Saved in the data folder: "));
    session.send("q");
    assert!(session.wait_exit().success());

    assert_eq!(std::fs::read(&sidecar).unwrap(), before);
    let data = home.data.path().join("margent/sidecars");
    let saved = names_in(&data);
    assert_eq!(saved.len(), 1, "{saved:?}");
    let text = std::fs::read_to_string(data.join(&saved[0])).unwrap();
    assert!(text.contains("exact = \"primary task\""), "{text}");
}

#[test]
fn search_patterns_are_regular_expressions_and_straight_quotes_find_curly_ones() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("quotes.txt");
    let mut text = String::from("The first line.\n\n");
    for n in 0..60 {
        text.push_str(&format!("Filler paragraph number {n} of the story.\n\n"));
    }
    text.push_str("At last he read my father\u{2019}s dying words, chapter 42.\n");
    std::fs::write(&file, text).unwrap();
    let mut session = Session::open(&[file.to_str().unwrap()], 60, 12);
    session.wait_for("the first screen", |s| s.contains("The first line."));

    session.send("/my father's dying\r");
    session.wait_for("the curly apostrophe found", |s| {
        s.contains("father\u{2019}s dying")
    });

    session.send("g/chapter [0-9]+\\.\r");
    session.wait_for("a regex found", |s| s.contains("chapter 42."));

    session.send("/(unclosed\r");
    session.wait_for("a clear message for a bad pattern", |s| {
        s.contains("Invalid pattern")
    });

    session.send("q");
    assert!(session.wait_exit().success());
}

/// A script for `$EDITOR` that replaces the note with `text`.
#[cfg(unix)]
fn editor_script(dir: &std::path::Path, text: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("editor.sh");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s' '{text}' > \"$1\"\n")).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// Seen: `VISUAL=` (set, empty) ran the note's temporary file as a command.
#[cfg(unix)]
#[test]
fn an_empty_visual_falls_back_to_editor() {
    let (dir, sample) = copy_to_temp(SAMPLE);
    let home = Home::new();
    annotate(&sample, "Since the 18th National Congress", &home);
    let tools = tempfile::tempdir().unwrap();
    let script = editor_script(tools.path(), "from the editor");
    let env = [
        ("XDG_STATE_HOME", home.state.path()),
        ("XDG_DATA_HOME", home.data.path()),
        ("VISUAL", std::path::Path::new("")),
        ("EDITOR", script.as_path()),
    ];
    let mut session = Session::spawn(&[&sample], 80, 24, &env);
    session.wait_for("the article", |s| s.contains("% ·"));
    session.go_to_the_annotation();
    session.send("E");
    session.wait_for("the note saved", |s| s.contains("Note saved"));
    session.send("q");
    assert!(session.wait_exit().success());
    let sidecar = std::fs::read_to_string(dir.path().join(format!("{SAMPLE_NAME}.notes.toml"))).unwrap();
    assert!(sidecar.contains("note = \"from the editor\""), "{sidecar}");
}

/// Seen: a failing `$EDITOR` said nothing.
#[test]
fn a_failing_editor_says_so() {
    let (_dir, sample) = copy_to_temp(SAMPLE);
    let home = Home::new();
    annotate(&sample, "Since the 18th National Congress", &home);
    let env = [
        ("XDG_STATE_HOME", home.state.path()),
        ("XDG_DATA_HOME", home.data.path()),
        ("VISUAL", std::path::Path::new("")),
        ("EDITOR", std::path::Path::new("false")),
    ];
    let mut session = Session::spawn(&[&sample], 80, 24, &env);
    session.wait_for("the article", |s| s.contains("% ·"));
    session.go_to_the_annotation();
    session.send("E");
    let said = session.wait_for("the failure", |s| s.contains("failed"));
    assert!(said.contains("The editor \"false\" failed"), "{said}");
    session.send("q");
    assert!(session.wait_exit().success(), "nothing was left unsaved");
}

/// Seen: a `0444` sidecar was replaced without a word, and `q` then quit without
/// asking about the annotation that could not be saved. With `location = "beside"`
/// (nowhere else to write) the reader names the sidecar, keeps it as it was, and asks
/// before quitting.
#[cfg(unix)]
#[test]
fn a_read_only_sidecar_is_kept_and_quitting_asks_about_the_unsaved_annotation() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, sample) = copy_to_temp(SAMPLE);
    let home = Home::new();
    annotate(&sample, "absolute poverty", &home);
    let sidecar = dir.path().join(format!("{SAMPLE_NAME}.notes.toml"));
    std::fs::set_permissions(&sidecar, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&sidecar).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[sidecar]\nlocation = \"beside\"\n").unwrap();
    let env = [
        ("XDG_STATE_HOME", home.state.path()),
        ("XDG_DATA_HOME", home.data.path()),
        ("MARGENT_CONFIG", config.as_path()),
    ];
    let mut session = Session::spawn(&[&sample], 80, 24, &env);
    session.wait_for("the article", |s| s.contains("% ·"));
    session.send("/primary task\r");
    session.wait_until("the match", |screen| screen.contents().contains("primary task"));
    session.send("v\r");
    let refused = session.wait_for("the refusal", |s| s.contains("could not save"));
    assert!(
        refused.contains("could not save the annotation: en-news-new-development"),
        "names the sidecar:\n{refused}"
    );
    assert!(!refused.contains(".tmp"), "{refused}");
    session.send("q");
    session.wait_for("the question", |s| {
        s.contains("Quit with an annotation not saved?")
    });
    session.send("n");
    session.wait_for("still reading", |s| s.contains("Not quitting"));
    session.send("qy");
    assert!(session.wait_exit().success());
    assert_eq!(std::fs::read(&sidecar).unwrap(), before, "never replaced");
    let mode = std::fs::metadata(&sidecar).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
    let data = home.data.path().join("margent/sidecars");
    assert!(
        !data.exists() || names_in(&data).is_empty(),
        "nothing went elsewhere"
    );
}
