//! `margent notes`: text and JSON listings, statuses after edits, missing and damaged sidecars.

use super::*;

#[test]
fn notes_json_lists_annotations_in_document_order_with_their_fields() {
    let ws = Workspace::sample();
    let later = ws.annotate(&["--quote", "Fifth, promote shared development", "--tag", "q"]);
    let earlier = ws.annotate(&[
        "--quote",
        "Innovation is the first driving force.",
        "--note",
        "a \"note\"\n<2>",
    ]);
    let notes = ws.notes_json(&[]);
    assert_eq!(notes.len(), 2);
    assert_eq!(
        notes[0]["id"],
        earlier.as_str(),
        "document order, not creation order"
    );
    assert_eq!(notes[1]["id"], later.as_str());
    let first = &notes[0];
    for key in [
        "id", "kind", "status", "exact", "note", "tags", "color", "start", "end", "review", "location",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["kind"], "note");
    assert_eq!(first["status"], "exact");
    assert_eq!(first["review"], "open");
    assert_eq!(first["note"], "a \"note\"\n<2>");
    assert_eq!(first["location"]["section"], TITLE);
    assert_eq!(notes[1]["kind"], "mark");
    assert_eq!(notes[1]["tags"], serde_json::json!(["q"]));
    let filtered = ws.notes_json(&["--tag", "q"]);
    assert_eq!(filtered.len(), 1);
    assert_eq!(ws.notes_json(&["--kind", "note"]).len(), 1);
    assert_eq!(ws.notes_json(&["--color", "green"]).len(), 0);
    assert_eq!(ws.notes_json(&["--status", "open"]).len(), 2);
}

#[test]
fn editing_the_document_moves_one_note_and_orphans_another() {
    let ws = Workspace::sample();
    ws.annotate(&["--quote", "Innovation is the first driving force."]);
    ws.annotate(&[
        "--quote",
        "Green development is the background color of high-quality development.",
    ]);
    let text = std::fs::read_to_string(&ws.document).unwrap();
    let edited = text
        .replace(
            "Green development is the background color of high-quality development. ",
            "",
        )
        .replacen("High-quality development", "Development of high quality", 1);
    std::fs::write(&ws.document, edited).unwrap();
    let notes = ws.notes_json(&[]);
    let statuses: Vec<&str> = notes.iter().map(|n| n["status"].as_str().unwrap()).collect();
    assert!(["exact", "relocated"].contains(&statuses[0]), "{statuses:?}");
    assert_eq!(statuses[1], "orphaned");
    let now = std::fs::read_to_string(&ws.document).unwrap();
    assert_eq!(
        notes[0]["start"],
        char_offset_of(&now, "Innovation is the first", 1)
    );
    ws.margent().args(["notes", ws.doc()]).assert().success().stdout(
        predicate::str::contains("[orphaned]").and(predicate::str::contains("no longer in the text")),
    );
}

#[test]
fn notes_text_is_readable_and_sanitised() {
    let ws = Workspace::sample();
    ws.annotate(&[
        "--quote",
        "Innovation is the first driving force.",
        "--note",
        "bell\u{7}\nsecond line",
    ]);
    let output = ws.margent().args(["notes", ws.doc()]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with(&format!("{TITLE} — {SAMPLE}\n1 annotation\n")),
        "{text}"
    );
    assert!(text.contains("1. note, yellow, by reviewer-2  [exact]"), "{text}");
    assert!(text.contains("“Innovation is the first driving force.”"));
    assert!(text.contains("bell␇\n"), "controls shown as pictures: {text}");
    assert!(!text.contains('\u{7}'));
}

#[test]
fn a_missing_sidecar_means_no_annotations() {
    let ws = Workspace::sample();
    assert!(ws.notes_json(&[]).is_empty());
    ws.margent()
        .args(["notes", ws.doc()])
        .assert()
        .success()
        .stdout(predicate::str::contains("no annotations"));
    assert!(!ws.sidecar_path().exists(), "reading never creates a sidecar");
}

#[test]
fn a_damaged_sidecar_fails_naming_it_with_line_and_column() {
    let ws = Workspace::sample();
    std::fs::write(
        ws.sidecar_path(),
        "format = \"margent-notes\"\nschema_version = [1\n",
    )
    .unwrap();
    for command in [
        vec!["notes", ws.doc()],
        vec!["export", ws.doc()],
        vec!["annotate", ws.doc(), "--quote", "Innovation"],
    ] {
        ws.margent()
            .args(&command)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(".notes.toml").and(predicate::str::contains("line 2")));
    }
    let after = std::fs::read_to_string(ws.sidecar_path()).unwrap();
    assert!(after.contains("[1\n"), "never overwritten");
}

#[test]
fn notes_text_sets_each_annotation_off_under_its_number() {
    let ws = Workspace::sample();
    let note = ws.annotate(&[
        "--quote",
        "Innovation is the first driving force.",
        "--note",
        "重要的一句\n\n  second line",
        "--tag",
        "q",
    ]);
    let mark = ws.annotate(&[
        "--quote",
        "Fifth, promote shared development",
        "--tag",
        "review later",
    ]);
    let output = ws.margent().args(["notes", ws.doc()]).output().unwrap();
    assert!(output.status.success());
    // A blank line in a note would look like the end of the annotation: it is left out.
    let expected = format!(
        "\
{TITLE} — {SAMPLE}
2 annotations

1. note, yellow, by reviewer-2  [exact]
   {TITLE}, paragraph 8 (22%)
   “Innovation is the first driving force.”
   重要的一句
     second line
   tags: q
   id {note}

2. mark, yellow, by reviewer-2, open  [exact]
   {TITLE}, paragraph 12 (82%)
   “Fifth, promote shared development”
   tags: review later
   id {mark}
"
    );
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
}
