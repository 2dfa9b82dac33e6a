//! The field-level three-way merge (DESIGN §1.4) through a real `git merge`, in both
//! directions: issue 12's "Seen" cases, then the contract's other rules.

use margent::annotation::{Annotation, Kind, Status};
use margent::sidecar::Sidecar;

use super::common::{annotation, at, id};
use super::repo::{Merged, Repo};
use super::sidecar;

const EARLIER: &str = "2026-12-01T10:00:00Z";
const LATER: &str = "2026-12-02T10:00:00Z";
const MARKER: &str = "--- merged: both sides edited this note ---";

fn mark(n: u32) -> Annotation {
    let mut mark = annotation(n).with_note("check this");
    mark.kind = Kind::Mark;
    mark
}

fn merged_annotations(merged: &Merged) -> Vec<Annotation> {
    Sidecar::from_toml_str(&merged.text)
        .unwrap_or_else(|err| panic!("the merged sidecar does not read back: {err}\n{}", merged.text))
        .annotations()
        .iter()
        .map(|a| Annotation::clone(a))
        .collect()
}

fn merge(base: Vec<Annotation>, ours: Vec<Annotation>, theirs: Vec<Annotation>) -> Merged {
    Repo::with_branches(&sidecar(base, 0), &sidecar(ours, 0), &sidecar(theirs, 0)).merge_both_ways()
}

#[test]
fn resolved_on_one_side_and_tagged_later_on_the_other_stays_resolved() {
    let mut resolved = mark(1).modified_at(at(EARLIER)).with_status(Status::Resolved);
    resolved.resolved_by = Some("ana".to_string());
    resolved.resolved_at = Some(at(EARLIER));
    let tagged = mark(1).with_tags(["later"]).modified_at(at(LATER));
    let merged = merge(vec![mark(1)], vec![resolved], vec![tagged]);
    let annotation = &merged_annotations(&merged)[0];
    assert_eq!(annotation.status, Status::Resolved, "{}", merged.text);
    assert_eq!(annotation.resolved_by.as_deref(), Some("ana"));
    assert_eq!(annotation.resolved_at, Some(at(EARLIER)));
    assert_eq!(annotation.tags, ["later"]);
    assert_eq!(annotation.modified, at(LATER));
    assert_eq!(merged.driver_lines(), Vec::<String>::new(), "no conflict");
}

#[test]
fn both_sides_appending_to_one_note_keep_both_texts_and_say_so() {
    let ours = mark(1)
        .with_note("check this\nOurs: see page 4.")
        .modified_at(at(EARLIER));
    let theirs = mark(1)
        .with_note("check this\nTheirs: I disagree.")
        .modified_at(at(LATER));
    let merged = merge(vec![mark(1), mark(2)], vec![ours, mark(2)], vec![theirs, mark(2)]);
    let annotation = &merged_annotations(&merged)[0];
    assert_eq!(
        annotation.note,
        format!("check this\nOurs: see page 4.\n{MARKER}\ncheck this\nTheirs: I disagree.")
    );
    assert_eq!(annotation.tags, ["merge-conflict"]);
    let lines = merged.driver_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains(&id(1)[..13]), "{lines:?}");
    assert!(
        lines[0].contains("quote 1") && lines[0].contains("note"),
        "{lines:?}"
    );
    assert_eq!(merged.output.status.code(), Some(0));
}

#[test]
fn equal_modified_seconds_give_the_same_bytes_in_both_directions() {
    let ours = mark(1)
        .with_color("green")
        .with_note("ours")
        .modified_at(at(LATER));
    let theirs = mark(1)
        .with_color("blue")
        .with_note("theirs")
        .modified_at(at(LATER));
    let merged = merge(
        vec![mark(1)],
        vec![ours, annotation(2)],
        vec![theirs, annotation(3)],
    );
    let annotations = merged_annotations(&merged);
    assert_eq!(annotations.len(), 3);
    assert!(["green", "blue"].contains(&annotations[0].color.as_str()));
    assert!(annotations[0].note.contains("ours") && annotations[0].note.contains("theirs"));
    let lines = merged.driver_lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines.iter().any(|line| line.contains("color")), "{lines:?}");
}

#[test]
fn tags_merge_as_sets() {
    let base = annotation(1).with_tags(["a", "b"]);
    let ours = annotation(1).with_tags(["b", "c"]).modified_at(at(EARLIER));
    let theirs = annotation(1).with_tags(["a", "b", "d"]).modified_at(at(LATER));
    let merged = merge(vec![base], vec![ours], vec![theirs]);
    let mut tags = merged_annotations(&merged)[0].tags.clone();
    tags.sort();
    assert_eq!(tags, ["b", "c", "d"]);
    assert!(merged.driver_lines().is_empty());
}

#[test]
fn a_field_changed_on_one_side_only_takes_that_change() {
    let ours = annotation(1).with_color("green").modified_at(at(LATER));
    let theirs = annotation(1).with_note("a thought").modified_at(at(EARLIER));
    let merged = merge(vec![annotation(1)], vec![ours], vec![theirs]);
    let annotation = &merged_annotations(&merged)[0];
    assert_eq!(
        (annotation.color.as_str(), annotation.note.as_str()),
        ("green", "a thought")
    );
    assert_eq!(annotation.modified, at(LATER));
    assert!(merged.driver_lines().is_empty());
}

#[test]
fn deleted_against_edited_keeps_the_edit_and_says_so() {
    let merged = merge(
        vec![annotation(1), annotation(2)],
        vec![annotation(2)],
        vec![annotation(1).with_note("still wanted"), annotation(2)],
    );
    let annotations = merged_annotations(&merged);
    assert_eq!(annotations.len(), 2);
    assert_eq!(annotations[0].note, "still wanted");
    let lines = merged.driver_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("deleted"), "{lines:?}");
}

#[test]
fn unknown_keys_merge_field_by_field() {
    let base = sidecar(vec![annotation(1)], 0);
    let ours = sidecar(vec![annotation(1).with_note("ours")], 0);
    let theirs = base.replace("end = 15\n", "end = 15\nreviewed = true\n");
    assert_ne!(theirs, base);
    let merged = Repo::with_branches(&base, &ours, &theirs).merge_both_ways();
    assert!(merged.text.contains("reviewed = true"), "{}", merged.text);
    assert_eq!(merged_annotations(&merged)[0].note, "ours");
}

#[test]
fn a_title_set_by_hand_on_one_side_wins_over_the_untouched_other() {
    let base = sidecar(vec![annotation(1)], 0);
    let ours = base.replace("title = \"Essay\"", "title = \"On Essays\"");
    assert_ne!(ours, base);
    let theirs = sidecar(vec![annotation(1), annotation(2)], 0);
    let merged = Repo::with_branches(&base, &ours, &theirs).merge_both_ways();
    let merged_sidecar = Sidecar::from_toml_str(&merged.text).unwrap();
    assert_eq!(merged_sidecar.document().title, "On Essays");
    assert_eq!(merged_sidecar.annotations().len(), 2);
}
