//! End-to-end, as a less user types: the real binary in a pseudo-terminal
//! (`common::pty`), driven with the default keys.

mod common;

use common::pty::{Home, Session, copy_to_temp};

const SAMPLE: &str = "examples/en-news-new-development-concept-xinjiang.txt";

#[test]
fn the_search_history_is_recalled_with_up_in_a_later_run() {
    let (_dir, sample) = copy_to_temp(SAMPLE);
    let home = Home::new();
    let mut first = Session::open_at_home(&[&sample], 80, 24, &home);
    first.wait_for("the article", |s| s.contains("High-quality development"));
    first.send("/absolute pov\r");
    first.wait_for("the search done", |s| !s.contains("/absolute pov"));
    first.send("q");
    assert!(first.wait_exit().success());

    let history = home.state.path().join("margent/search-history");
    let kept = std::fs::read_to_string(&history).unwrap();
    assert_eq!(kept, "absolute pov\n");

    let mut second = Session::open_at_home(&[&sample], 80, 24, &home);
    second.wait_for("the article where it was left", |s| {
        s.contains("Development Concept")
    });
    second.send("/");
    std::thread::sleep(std::time::Duration::from_millis(200));
    second.send("\x1b[A");
    second.wait_for("the earlier search recalled", |s| {
        s.lines()
            .last()
            .is_some_and(|status| status.contains("/absolute pov"))
    });
    second.send("\r");
    second.send("q");
    assert!(second.wait_exit().success());
}

/// Cells in the text rows (not the status line) that `check` picks.
fn cells(screen: &vt100::Screen, check: impl Fn(&vt100::Cell) -> bool) -> usize {
    let (rows, cols) = screen.size();
    (0..rows.get() - 1)
        .flat_map(|row| (0..cols.get()).map(move |col| (row, col)))
        .filter(|&(row, col)| screen.cell(row, col).is_some_and(&check))
        .count()
}

#[test]
fn search_matches_stand_out_without_colour_and_escape_hides_them() {
    let (_dir, sample) = copy_to_temp(SAMPLE);
    let state = tempfile::tempdir().unwrap();
    let env = [
        ("XDG_STATE_HOME", state.path()),
        ("NO_COLOR", std::path::Path::new("1")),
    ];
    let mut session = Session::spawn(&[&sample], 80, 24, &env);
    session.wait_for("the article", |s| s.contains("High-quality development"));
    session.send("/development\r");
    let matched = |cell: &vt100::Cell| cell.inverse() && cell.underline();
    session.wait_until("every match reversed and underlined", |screen| {
        cells(screen, matched) >= 3 * "development".len()
            && cells(screen, |c| c.bgcolor() != vt100::Color::Default) == 0
    });
    session.send("\x1b");
    session.wait_until("the matches hidden", |screen| cells(screen, matched) == 0);
    session.send("n");
    session.wait_until("the matches shown again", |screen| cells(screen, matched) > 0);
    session.send("\x1bu");
    session.wait_until("less's Esc u hides them", |screen| cells(screen, matched) == 0);
    session.send("q");
    assert!(session.wait_exit().success());
}

#[test]
fn equals_tells_where_ctrl_c_does_not_quit_and_zz_does() {
    let (_dir, sample) = copy_to_temp(SAMPLE);
    let mut session = Session::open(&[&sample], 80, 24);
    session.wait_for("the article", |s| s.contains("High-quality development"));
    let name = std::path::Path::new(SAMPLE)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    session.send("=");
    session.wait_for("the file, lines, bytes and percent", |s| {
        let status = s.lines().last().unwrap_or("");
        status.contains(name) && status.contains("lines 1-") && status.contains("byte 1 of ")
    });
    session.send("50p\x07");
    session.wait_for("Ctrl-G after 50p", |s| {
        let status = s.lines().last().unwrap_or("");
        status.contains(name) && !status.contains("lines 1-") && status.contains("byte ")
    });
    session.send("\x03");
    session.wait_for("ctrl-c said to do nothing", |s| s.contains("ctrl-c does nothing"));
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        session.child.try_wait().unwrap().is_none(),
        "ctrl-c quit the reader"
    );
    session.send("ZZ");
    assert!(session.wait_exit().success());
}

#[test]
fn dash_on_a_terminal_with_nothing_piped_says_what_is_wrong() {
    let mut session = Session::open(&["-"], 80, 24);
    let status = session.wait_exit();
    assert_eq!(status.exit_code(), 2, "{}", session.screen());
    let screen = session.screen();
    assert!(
        screen.contains("margent: `-` reads standard input, but it is the terminal"),
        "{screen}"
    );
}

#[test]
fn a_tag_may_begin_with_a_digit_and_alt_types_a_quick_tag() {
    let (dir, sample) = copy_to_temp(SAMPLE);
    let mut session = Session::open(&[&sample], 80, 24);
    session.wait_for("the article", |s| s.contains("High-quality development"));
    session.send("/absolute poverty\r");
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send("vt");
    std::thread::sleep(std::time::Duration::from_millis(200));
    session.send("2024 第二章");
    session.send("\x1b2");
    session.wait_for("the quick tag typed", |s| s.contains("2024 第二章 question"));
    session.send("\r");
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send("q");
    assert!(session.wait_exit().success());
    let name = std::path::Path::new(&sample)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    let sidecar = std::fs::read_to_string(dir.path().join(format!("{name}.notes.toml"))).unwrap();
    assert!(
        sidecar.contains(r#"tags = ["2024", "第二章", "question"]"#),
        "{sidecar}"
    );
}

/// `margent annotate` on `document` with `home`'s folders and `extra` arguments.
fn annotate(document: &str, quote: &str, extra: &[&str], home: &Home) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_margent"))
        .args(["annotate", document, "--quote", quote])
        .args(extra)
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

#[test]
fn d_on_a_match_deletes_the_innermost_annotation_under_it() {
    let (dir, sample) = copy_to_temp(SAMPLE);
    let home = Home::new();
    let outer = annotate(
        &sample,
        "the primary task",
        &["--kind", "note", "--note", "outer", "--occurrence", "1"],
        &home,
    );
    let inner = annotate(&sample, "primary", &["--occurrence", "1"], &home);
    let mut session = Session::open_at_home(&[&sample], 80, 24, &home);
    session.wait_for("the article", |s| s.contains("High-quality development"));
    std::thread::sleep(std::time::Duration::from_millis(500));
    session.send("/primary\r");
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send("D");
    std::thread::sleep(std::time::Duration::from_millis(300));
    session.send("q");
    assert!(session.wait_exit().success());
    let name = std::path::Path::new(&sample)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    let sidecar = std::fs::read_to_string(dir.path().join(format!("{name}.notes.toml"))).unwrap();
    assert!(sidecar.contains(&outer), "the outer note stays:\n{sidecar}");
    assert!(
        !sidecar.contains(&inner),
        "the inner highlight is deleted:\n{sidecar}"
    );
}

#[test]
fn colon_n_and_colon_p_move_between_the_files_each_at_its_own_place() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, title: &str| {
        let text: String = std::iter::once(format!("{title}\n\n"))
            .chain((1..=120).map(|n| format!("{title} paragraph number {n} of this file.\n\n")))
            .collect();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    };
    let first = write("first.txt", "Alpha");
    let second = write("second.txt", "Bravo");
    let missing = dir.path().join("gone.txt").to_string_lossy().into_owned();
    let home = Home::new();
    let mut session = Session::open_at_home(&[&first, &second, &missing], 80, 24, &home);
    session.wait_for("the first file", |s| s.contains("Alpha paragraph number 1 "));
    session.send(":p");
    session.wait_for("no file before the first", |s| s.contains("No previous file"));
    // Away from the top of the first file, then on to the second.
    session.send("50%");
    session.wait_for("the middle of the first", |s| {
        s.contains("Alpha paragraph number 6")
    });
    session.send(":n");
    session.wait_for("the second file from its top", |s| {
        s.contains("Bravo paragraph number 1 ") && !s.contains("Alpha")
    });
    // The third cannot be opened: the reader stays on the second and says why.
    session.send(":n");
    session.wait_for("the second again, with the reason", |s| {
        s.contains("Bravo paragraph number 1 ") && s.contains("Not opened") && s.contains("gone.txt")
    });
    session.send(":p");
    session.wait_for("the first where it was left", |s| {
        s.contains("Alpha paragraph number 6") && !s.contains("Alpha paragraph number 1 ")
    });
    session.send(":x");
    session.wait_for("anything else after the colon cancels", |s| {
        s.contains("Cancelled")
    });
    session.send("q");
    assert!(session.wait_exit().success());
}

#[test]
fn annotations_added_by_another_process_appear_in_the_open_reader() {
    let (_dir, sample) = copy_to_temp(SAMPLE);
    let home = Home::new();
    let mut session = Session::open_at_home(&[&sample], 80, 24, &home);
    session.wait_for("the article", |s| s.contains("High-quality development"));
    // Made here first: the later outside change must not undo it.
    session.send("/the primary task\rv\r");
    session.wait_for("the highlight made here", |s| s.contains("Highlighted"));
    annotate(
        &sample,
        "High-quality development",
        &[
            "--kind",
            "note",
            "--note",
            "written from a script",
            "--occurrence",
            "1",
        ],
        &home,
    );
    std::thread::sleep(std::time::Duration::from_millis(1200));
    session.send("A");
    session.wait_for("both in the annotation list", |s| {
        s.contains("written from a script") && s.contains("the primary task")
    });
    session.send("q");
    session.send("q");
    assert!(session.wait_exit().success());
}

#[test]
fn an_edited_document_is_read_again_and_a_note_whose_passage_went_is_listed_for_review() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("essay.txt");
    let text = "On Reading\n\nThe first paragraph stays as it is.\n\nA sentence about ravens that will be deleted.\n\nThe last paragraph stays too.\n";
    std::fs::write(&path, text).unwrap();
    let document = path.to_string_lossy().into_owned();
    let home = Home::new();
    annotate(
        &document,
        "about ravens",
        &["--kind", "note", "--note", "birds"],
        &home,
    );
    let mut session = Session::open_at_home(&[&document], 80, 24, &home);
    session.wait_for("the essay", |s| s.contains("A sentence about ravens"));
    std::fs::write(
        &path,
        text.replace("A sentence about ravens that will be deleted.\n\n", ""),
    )
    .unwrap();
    session.wait_for("the text read again, the note listed for review", |s| {
        !s.contains("about ravens") && s.contains("The last paragraph") && s.contains("need review")
    });
    session.send("q");
    assert!(session.wait_exit().success());
}

#[test]
fn capital_m_sets_the_title_exports_and_the_library_use() {
    let (_dir, sample) = copy_to_temp(SAMPLE);
    let home = Home::new();
    let mut session = Session::open_at_home(&[&sample], 80, 24, &home);
    session.wait_for("the article", |s| s.contains("High-quality development"));
    session.send("M");
    session.wait_for("the prompt with the title found", |s| {
        s.lines()
            .last()
            .is_some_and(|status| status.starts_with("Title: New Development Concept"))
    });
    session.send("\x15Xinjiang, a Report");
    session.send("\r");
    session.wait_for("the title set", |s| s.contains("Title set: Xinjiang, a Report"));
    session.send("q");
    assert!(session.wait_exit().success());
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_margent"))
        .args(["meta", &sample])
        .env("XDG_STATE_HOME", home.state.path())
        .env("XDG_DATA_HOME", home.data.path())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("Xinjiang, a Report"),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
