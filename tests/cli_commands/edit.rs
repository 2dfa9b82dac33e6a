//! `margent edit` and `margent delete`: id prefixes, what each option changes, who
//! resolved a mark and when, refusals, and saving through the sidecar store.

use margent::annotation::Status;
use margent::document::Document;
use margent::sidecar::{DocumentInfo, Sidecar};

use super::*;

/// Ids that share their first 24 characters, so that prefixes can be ambiguous, and
/// differ in the next two.
fn fixed_id(n: u32) -> String {
    format!("0193a5b2-7c1d-7e4f-8a9b-{:012x}", u64::from(n) << 40)
}

impl Workspace {
    /// Writes a sidecar holding a highlight on each quote, with ids `fixed_id(1..)`.
    fn with_fixed_annotations(&self, quotes: &[&str]) {
        let doc = Document::open(&self.document, None).unwrap();
        let mut sidecar = Sidecar::new(DocumentInfo::from_document(&doc)).unwrap();
        for (n, quote) in quotes.iter().enumerate() {
            let start = char_offset_of(doc.text(), quote, 1);
            let range = start..start + quote.chars().count();
            let annotation = Annotation::in_text(Kind::Highlight, doc.text(), range)
                .with_id(fixed_id(n as u32 + 1))
                .with_tags(["todo"]);
            sidecar.upsert(annotation).unwrap();
        }
        std::fs::write(self.sidecar_path(), sidecar.to_toml_string()).unwrap();
    }

    fn edit(&self, args: &[&str]) -> std::process::Output {
        self.margent()
            .arg("edit")
            .arg(self.doc())
            .args(args)
            .output()
            .unwrap()
    }

    fn annotation(&self, id: &str) -> Annotation {
        self.annotations()
            .into_iter()
            .find(|a| a.id == id)
            .unwrap_or_else(|| panic!("{id} is gone"))
    }
}

fn stdout_of(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

const QUOTES: [&str; 2] = [
    "Innovation is the first driving force.",
    "Fifth, promote shared development",
];

#[test]
fn resolving_records_who_and_when_and_opening_again_clears_both() {
    let ws = Workspace::sample();
    let id = ws.annotate(&["--quote", QUOTES[0], "--tag", "todo"]);
    let before = ws.annotation(&id);
    let started = jiff::Timestamp::now().as_second();
    let output = ws
        .margent()
        .env("MARGENT_AUTHOR", "kim")
        .args(["edit", ws.doc(), &id[..13], "--status", "resolved"])
        .output()
        .unwrap();
    assert_eq!(stdout_of(&output), format!("edited {id}: resolved by kim\n"));
    let resolved = ws.annotation(&id);
    assert_eq!(resolved.status, Status::Resolved);
    assert_eq!(
        resolved.resolved_by.as_deref(),
        Some("kim"),
        "MARGENT_AUTHOR before the config's author"
    );
    let at = resolved.resolved_at.expect("resolved_at").as_second();
    assert!(at >= started - 1 && at <= jiff::Timestamp::now().as_second());
    assert_eq!(resolved.modified.as_second(), at);
    assert_eq!(
        (resolved.exact.as_str(), resolved.created),
        (before.exact.as_str(), before.created)
    );
    let listing = stdout_of(&ws.margent().args(["notes", ws.doc()]).output().unwrap());
    let day = resolved.resolved_at.unwrap().strftime("%Y-%m-%d").to_string();
    assert!(
        listing.contains(&format!("resolved by kim on {day}")),
        "{listing}"
    );
    let output = ws.edit(&[&id, "--status", "open"]);
    assert_eq!(stdout_of(&output), format!("edited {id}: open again\n"));
    let open = ws.annotation(&id);
    assert_eq!(
        (open.status, open.resolved_by, open.resolved_at),
        (Status::Open, None, None)
    );
    // Without the variable, the config's author resolves it.
    stdout_of(&ws.edit(&[&id, "--status", "resolved"]));
    assert_eq!(ws.annotation(&id).resolved_by.as_deref(), Some("reviewer-2"));
}

#[test]
fn note_tags_and_colour_change_as_asked_and_a_repeat_changes_nothing() {
    let ws = Workspace::sample();
    let id = ws.annotate(&["--quote", QUOTES[0], "--tag", "todo", "--tag", "keep"]);
    let args = [
        &id[..8],
        "--note",
        "-first line\nsecond",
        "--tag",
        "urgent",
        "--untag",
        "todo",
        "--color",
        "green",
    ];
    let said = stdout_of(&ws.edit(&args));
    assert_eq!(
        said,
        format!("edited {id}: note added; tagged urgent; untagged todo; colour green\n")
    );
    let edited = ws.annotation(&id);
    assert_eq!(edited.note, "-first line\nsecond");
    assert_eq!(edited.kind, Kind::Mark, "a mark with a note stays a mark");
    assert_eq!(edited.tags, ["keep", "urgent"]);
    assert_eq!(edited.color, "green");
    let sidecar = std::fs::read(ws.sidecar_path()).unwrap();
    let again = stdout_of(&ws.edit(&args));
    assert_eq!(again, format!("unchanged {id}: it already is as asked\n"));
    assert_eq!(
        std::fs::read(ws.sidecar_path()).unwrap(),
        sidecar,
        "nothing written"
    );
    stdout_of(&ws.edit(&[&id, "--note", ""]));
    assert_eq!(ws.annotation(&id).note, "");
}

#[test]
fn an_unknown_colour_is_refused_listing_the_palette() {
    let ws = Workspace::sample();
    let id = ws.annotate(&["--quote", QUOTES[0]]);
    let sidecar = std::fs::read(ws.sidecar_path()).unwrap();
    ws.margent()
        .args(["edit", ws.doc(), &id, "--color", "mauve"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("mauve")
                .and(predicate::str::contains("yellow, green, blue, pink, purple")),
        );
    assert_eq!(std::fs::read(ws.sidecar_path()).unwrap(), sidecar);
}

#[test]
fn an_ambiguous_prefix_is_refused_listing_the_ids_it_matches() {
    let ws = Workspace::sample();
    ws.with_fixed_annotations(&QUOTES);
    let sidecar = std::fs::read(ws.sidecar_path()).unwrap();
    let output = ws.edit(&["0193a5b2", "--status", "resolved"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(ws.sidecar_path().file_name().unwrap().to_str().unwrap())
            && stderr.contains(&fixed_id(1))
            && stderr.contains(&fixed_id(2))
            && stderr.lines().count() == 1,
        "{stderr}"
    );
    ws.margent()
        .args(["delete", ws.doc(), "0193a5b2-7c1d"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("matches 2 annotations"));
    assert_eq!(std::fs::read(ws.sidecar_path()).unwrap(), sidecar);
    // Enough of the id (in any case) names one.
    let unique = fixed_id(2).to_uppercase();
    stdout_of(&ws.edit(&[&unique, "--status", "resolved"]));
    assert_eq!(ws.annotation(&fixed_id(2)).status, Status::Resolved);
    assert_eq!(ws.annotation(&fixed_id(1)).status, Status::Open);
}

#[test]
fn an_unknown_id_fails_naming_the_sidecar_and_writes_nothing() {
    let ws = Workspace::sample();
    let output = ws.edit(&["0193a5b2", "--note", "x"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains(".notes.toml"));
    assert!(!ws.sidecar_path().exists(), "no sidecar made for nothing");
    ws.with_fixed_annotations(&QUOTES);
    for command in ["edit", "delete"] {
        let mut args = vec![command, ws.doc(), "ffffffff"];
        if command == "edit" {
            args.extend(["--tag", "x"]);
        }
        ws.margent().args(&args).assert().code(1).stderr(
            predicate::str::contains(format!("{SAMPLE}.notes.toml"))
                .and(predicate::str::contains("no annotation has the id ffffffff")),
        );
    }
}

#[test]
fn short_prefixes_missing_changes_and_contradictions_are_usage_errors() {
    let ws = Workspace::sample();
    ws.with_fixed_annotations(&QUOTES);
    for args in [
        vec!["edit", ws.doc(), "0193a", "--note", "x"],
        vec!["delete", ws.doc(), "01"],
        vec!["edit", ws.doc(), "0193a5b2"],
        vec!["edit", ws.doc(), "0193a5b2", "--tag", "x", "--untag", "x"],
        vec!["edit", ws.doc(), "0193a5b2", "--status", "done"],
    ] {
        ws.margent().args(&args).assert().code(2);
    }
}

#[test]
fn delete_removes_exactly_one_and_says_which() {
    let ws = Workspace::sample();
    ws.with_fixed_annotations(&QUOTES);
    let output = ws
        .margent()
        .args(["delete", ws.doc(), &fixed_id(1)[..26]])
        .output()
        .unwrap();
    assert_eq!(
        stdout_of(&output),
        format!("deleted {}: highlight “{}”\n", fixed_id(1), QUOTES[0])
    );
    let left: Vec<String> = ws.annotations().into_iter().map(|a| a.id).collect();
    assert_eq!(left, [fixed_id(2)]);
    ws.margent()
        .args(["delete", ws.doc(), &fixed_id(1)])
        .assert()
        .code(1);
}

#[test]
fn edits_keep_hand_written_comments_and_refuse_a_damaged_or_linked_sidecar() {
    let ws = Workspace::sample();
    ws.with_fixed_annotations(&QUOTES);
    let path = ws.sidecar_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let commented = text.replacen("[[annotation]]", "# kept by hand\n[[annotation]]", 1);
    std::fs::write(&path, &commented).unwrap();
    stdout_of(&ws.edit(&[&fixed_id(2), "--status", "resolved"]));
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("# kept by hand\n")
    );

    std::fs::write(&path, "format = \"margent-notes\"\nschema_version = [\n").unwrap();
    for args in [
        vec!["edit", ws.doc(), "0193a5b2", "--note", "x"],
        vec!["delete", ws.doc(), "0193a5b2"],
    ] {
        ws.margent()
            .args(&args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(".notes.toml"));
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "format = \"margent-notes\"\nschema_version = [\n"
    );

    #[cfg(unix)]
    {
        let target = ws.dir.path().join("elsewhere.toml");
        std::fs::write(&target, &commented).unwrap();
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&target, &path).unwrap();
        ws.margent()
            .args(["delete", ws.doc(), &fixed_id(1)])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("symbolic link"));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), commented);
    }
}

/// Edits go through the locked read-merge-write: margents editing different annotations
/// of one document at once lose none of the edits.
#[test]
fn concurrent_edits_of_different_annotations_all_survive() {
    let ws = Workspace::sample();
    let quotes = [
        QUOTES[0],
        QUOTES[1],
        "Green development is the background color of high-quality development.",
        "Fourth, promote open development",
    ];
    ws.with_fixed_annotations(&quotes);
    let children: Vec<_> = (1..=quotes.len() as u32)
        .map(|n| {
            ws.margent()
                .args(["edit", ws.doc(), &fixed_id(n), "--note", &format!("note {n}")])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    for n in 1..=quotes.len() as u32 {
        assert_eq!(ws.annotation(&fixed_id(n)).note, format!("note {n}"));
    }
}

#[test]
fn completions_and_the_man_page_know_edit_and_delete() {
    let ws = Workspace::sample();
    ws.margent()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("edit").and(predicate::str::contains("--untag")));
    ws.margent().arg("man").assert().success().stdout(
        predicate::str::contains("margent edit")
            .and(predicate::str::contains("margent delete"))
            .and(predicate::str::contains("untag")),
    );
}
