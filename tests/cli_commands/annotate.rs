//! `margent annotate`: ids, stored selectors, quote matching and refusals.

use super::*;

#[test]
fn annotate_prints_a_uuid_v7_and_the_sidecar_then_holds_it() {
    let ws = Workspace::sample();
    let id = ws.annotate(&["--quote", "Innovation is the first driving force."]);
    let uuid = uuid::Uuid::parse_str(&id).unwrap();
    assert_eq!(uuid.get_version_num(), 7);
    let annotations = ws.annotations();
    assert_eq!(annotations.len(), 1);
    let a = &annotations[0];
    assert_eq!(a.id, id);
    assert_eq!(a.kind, Kind::Highlight);
    assert_eq!(a.color, "yellow");
    assert_eq!(a.exact, "Innovation is the first driving force.");
    let text = std::fs::read_to_string(&ws.document).unwrap();
    assert_eq!(a.start, char_offset_of(&text, "Innovation is the first", 1));
    assert_eq!(a.end - a.start, a.exact.chars().count());
    assert!(text.contains(&format!("{}{}{}", a.prefix, a.exact, a.suffix)));
    assert_eq!(
        a.author.as_deref(),
        Some("reviewer-2"),
        "every kind carries the configured author"
    );
}

#[test]
fn an_absent_quote_fails_with_exit_1_naming_the_file_and_writes_nothing() {
    let ws = Workspace::sample();
    ws.margent()
        .args(["annotate", ws.doc(), "--quote", "words that are not there"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(SAMPLE).and(predicate::str::contains("does not occur")));
    assert!(!ws.sidecar_path().exists());
}

#[test]
fn an_ambiguous_quote_fails_with_the_number_of_occurrences() {
    let ws = Workspace::sample();
    ws.margent()
        .args(["annotate", ws.doc(), "--quote", "primary task"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains(SAMPLE)
                .and(predicate::str::contains("occurs 2 times"))
                .and(predicate::str::contains("--occurrence")),
        );
    ws.margent()
        .args(["annotate", ws.doc(), "--quote", TITLE])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("occurs 3 times"));
    ws.margent()
        .args([
            "annotate",
            ws.doc(),
            "--quote",
            "primary task",
            "--occurrence",
            "3",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no occurrence 3").and(predicate::str::contains("2 times")));
    assert!(!ws.sidecar_path().exists());
}

#[test]
fn occurrence_picks_the_nth_place() {
    let ws = Workspace::sample();
    ws.annotate(&["--quote", "primary task", "--occurrence", "2"]);
    let text = std::fs::read_to_string(&ws.document).unwrap();
    let a = &ws.annotations()[0];
    assert_eq!(a.start, char_offset_of(&text, "primary task", 2));
    assert_ne!(a.start, char_offset_of(&text, "primary task", 1));
}

#[test]
fn quotes_match_across_hard_line_breaks() {
    let ws = Workspace::with_text(
        "1984.txt",
        "It was a bright cold day in April, and the clocks were striking\nthirteen. Winston Smith\n",
    );
    ws.annotate(&["--quote", "clocks were   striking thirteen"]);
    let a = &ws.annotations()[0];
    assert_eq!(a.exact, "clocks were striking\nthirteen");
    assert_eq!((a.start, a.end), (43, 72));
}

#[test]
fn cjk_quotes_match_including_across_a_joined_line_break() {
    let ws = Workspace::with_text(
        "三国.txt",
        "话说天下大势，分久必合，合久必分。及秦灭之后，楚、汉\n分争，又并入于汉。\n",
    );
    ws.annotate(&["--quote", "楚、汉分争", "--note", "楚汉相争"]);
    ws.annotate(&["--quote", "分久必合"]);
    let annotations = ws.annotations();
    assert_eq!(annotations[0].exact, "楚、汉\n分争");
    assert_eq!(annotations[0].kind, Kind::Note);
    assert_eq!((annotations[1].start, annotations[1].end), (7, 11));
}

#[test]
fn kind_colour_and_author_follow_the_options() {
    let ws = Workspace::sample();
    ws.annotate(&[
        "--quote",
        "Second, promote coordinated",
        "--tag",
        "todo",
        "--tag",
        "todo",
    ]);
    ws.annotate(&[
        "--quote",
        "Third, promote green",
        "--note",
        "why green?",
        "--color",
        "green",
    ]);
    ws.annotate(&[
        "--quote",
        "Fourth, promote open",
        "--tag",
        "x",
        "--kind",
        "highlight",
    ]);
    let annotations = ws.annotations();
    assert_eq!(annotations[0].kind, Kind::Mark);
    assert_eq!(annotations[0].tags, ["todo"]);
    assert_eq!(annotations[0].author.as_deref(), Some("reviewer-2"));
    assert_eq!(
        (annotations[1].kind, annotations[1].color.as_str()),
        (Kind::Note, "green")
    );
    assert_eq!(annotations[1].note, "why green?");
    let signed: Vec<(Kind, Option<&str>)> = annotations
        .iter()
        .map(|a| (a.kind, a.author.as_deref()))
        .collect();
    assert_eq!(
        signed,
        [
            (Kind::Mark, Some("reviewer-2")),
            (Kind::Note, Some("reviewer-2")),
            (Kind::Highlight, Some("reviewer-2")),
        ],
        "seen: only marks were signed"
    );
}

#[test]
fn margent_author_signs_before_the_config() {
    let ws = Workspace::sample();
    ws.margent()
        .env("MARGENT_AUTHOR", "reviewer-3")
        .args([
            "annotate",
            ws.doc(),
            "--quote",
            "Third, promote green",
            "--note",
            "why?",
        ])
        .assert()
        .success();
    ws.margent()
        .env("MARGENT_AUTHOR", "")
        .args(["annotate", ws.doc(), "--quote", "Fourth, promote open"])
        .assert()
        .success();
    let signed: Vec<Option<String>> = ws.annotations().into_iter().map(|a| a.author).collect();
    assert_eq!(
        signed,
        [Some("reviewer-3".to_string()), Some("reviewer-2".to_string())],
        "an empty MARGENT_AUTHOR counts as unset"
    );
    ws.margent()
        .env("MARGENT_AUTHOR", "two\nlines")
        .args(["annotate", ws.doc(), "--quote", "Second, promote coordinated"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("MARGENT_AUTHOR"));
    assert_eq!(ws.annotations().len(), 2, "nothing saved");
}

#[test]
fn a_blank_configured_author_signs_nothing() {
    let ws = Workspace::sample();
    std::fs::write(ws.dir.path().join("config.toml"), "[reader]\nauthor = \"   \"\n").unwrap();
    ws.annotate(&["--quote", "Second, promote coordinated", "--tag", "todo"]);
    let annotations = ws.annotations();
    assert_eq!(
        (annotations[0].kind, annotations[0].author.as_deref()),
        (Kind::Mark, None)
    );
    let sidecar = std::fs::read_to_string(ws.sidecar_path()).unwrap();
    assert!(!sidecar.contains("\nauthor ="), "{sidecar}");
}

#[test]
fn an_unknown_colour_fails_listing_the_palette() {
    let ws = Workspace::sample();
    ws.margent()
        .args(["annotate", ws.doc(), "--quote", "Innovation", "--color", "mauve"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("mauve")
                .and(predicate::str::contains("yellow, green, blue, pink, purple")),
        );
}

#[test]
fn quotes_and_notes_may_start_with_a_hyphen() {
    let ws = Workspace::with_text("dash.txt", "It was -5 degrees outside, and --- so it goes.\n");
    ws.annotate(&["--quote", "-5 degrees", "--note", "- first point"]);
    ws.annotate(&["--quote", "--- so it goes"]);
    let notes: Vec<String> = ws.annotations().into_iter().map(|a| a.note).collect();
    assert!(notes.contains(&"- first point".to_string()), "{notes:?}");
}

#[test]
fn a_quote_copied_from_a_double_spaced_cjk_text_matches() {
    let text = "\r \r  此开卷第一回也．作者自云：因曾历过一番梦幻之后，故将真事隐去，\r \r  而借\"通灵\"之说，撰此《石头记》一书也．\r \r";
    let ws = Workspace::with_text("cr.txt", text);
    ws.annotate(&["--quote", "故将真事隐去，而借\"通灵\""]);
    assert_eq!(ws.annotations()[0].exact, "故将真事隐去，\n \n  而借\"通灵\"");
}

#[test]
fn loose_matches_quote_styles_case_and_line_end_hyphens_and_still_counts_occurrences() {
    let ws = Workspace::with_text(
        "tale.txt",
        "He said \u{201c}Don\u{2019}t go\u{201d} to the well-\nknown inn.\nIt was late. it was LATE.\n",
    );
    let strict = ws
        .margent()
        .args(["annotate", ws.doc(), "--quote", "\"don't go\" to the wellknown"])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let id = ws.annotate(&["--loose", "--quote", "\"don't go\" to the wellknown"]);
    let stored = ws.annotations();
    let a = stored.iter().find(|a| a.id == id).unwrap();
    assert_eq!(a.exact, "\u{201c}Don\u{2019}t go\u{201d} to the well-\nknown");
    let twice = ws
        .margent()
        .args(["annotate", ws.doc(), "--loose", "--quote", "it was late"])
        .output()
        .unwrap();
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("occurs 2 times"));
    let second = ws.annotate(&["--loose", "--quote", "it was late", "--occurrence", "2"]);
    let stored = ws.annotations();
    assert_eq!(
        stored.iter().find(|a| a.id == second).unwrap().exact,
        "it was LATE"
    );
}
