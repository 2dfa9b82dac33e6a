//! Tests of the three-way merge rules, on data and on the text they produce. Property
//! tests are in `props.rs`.

use std::sync::Arc;

use super::*;
use crate::annotation::Status;
use crate::sidecar::test_support::{annotation, data};

mod props;

fn ids(data: &SidecarData) -> Vec<u32> {
    data.annotations
        .iter()
        .map(|a| u32::from_str_radix(&a.id[24..], 16).unwrap())
        .collect()
}

fn file(data: SidecarData) -> Sidecar {
    Sidecar::from_data(data).unwrap()
}

fn text(text: &str) -> Sidecar {
    Sidecar::from_toml_str(text).unwrap()
}

/// Merges both ways, checks the two results are the same bytes and that the text reads
/// back as the merged data, and gives the merged sidecar and its conflicts.
fn merged(base: &Sidecar, ours: &Sidecar, theirs: &Sidecar) -> Merged {
    let merged = merge(Some(base), ours, theirs);
    let swapped = merge(Some(base), theirs, ours);
    let text = merged.sidecar.to_toml_string();
    assert_eq!(text, swapped.sidecar.to_toml_string(), "depends on the direction");
    assert_eq!(merged.conflicts, swapped.conflicts);
    assert_eq!(
        Sidecar::from_toml_str(&text).unwrap().data(),
        merged.sidecar.data(),
        "{text}"
    );
    merged
}

fn merged_data(base: SidecarData, ours: SidecarData, theirs: SidecarData) -> Merged {
    merged(&file(base), &file(ours), &file(theirs))
}

fn edited(n: u32, note: &str, modified: &str) -> Annotation {
    annotation(n)
        .with_note(note)
        .modified_at(modified.parse().unwrap())
}

fn with(annotations: Vec<Annotation>) -> SidecarData {
    let mut data = data(&[]);
    data.annotations = annotations.into_iter().map(Arc::new).collect();
    data
}

#[test]
fn additions_on_both_sides_are_united() {
    let result = merged_data(data(&[1]), data(&[1, 2]), data(&[1, 3]));
    assert_eq!(ids(result.sidecar.data()), [1, 2, 3]);
    assert!(result.conflicts.is_empty());
}

#[test]
fn deleted_on_one_side_and_untouched_on_the_other_stays_deleted() {
    assert_eq!(
        ids(merged_data(data(&[1, 2]), data(&[1]), data(&[1, 2]))
            .sidecar
            .data()),
        [1]
    );
    assert_eq!(
        ids(merged_data(data(&[1, 2]), data(&[2]), data(&[2])).sidecar.data()),
        [2]
    );
}

#[test]
fn an_edit_survives_a_deletion_on_the_other_side_and_is_reported() {
    let ours = with(vec![edited(1, "still wanted", "2026-12-01T00:00:00Z")]);
    let result = merged_data(data(&[1]), ours.clone(), data(&[]));
    assert_eq!(result.sidecar.annotations(), ours.annotations);
    assert_eq!(result.conflicts.len(), 1);
    assert_eq!(result.conflicts[0].clash, Clash::DeletedAndEdited);
    assert_eq!(
        result.conflicts[0].to_string(),
        "annotation 0193a5b2 \"the sentence that resists summ…\": \
         deleted on one side and edited on the other; kept the edit"
    );
}

#[test]
fn a_comment_written_in_a_table_deleted_on_the_other_side_keeps_it() {
    let base = file(data(&[1, 2]));
    let commented = base
        .to_toml_string()
        .replace("kind = \"note\"\n", "# why this matters\nkind = \"note\"\n");
    let result = merged(&base, &text(&commented), &file(data(&[])));
    assert_eq!(ids(result.sidecar.data()), [1, 2]);
    assert!(result.sidecar.to_toml_string().contains("# why this matters"));
}

#[test]
fn fields_changed_on_one_side_only_take_each_change() {
    let ours = annotation(1)
        .with_color("green")
        .modified_at("2026-12-02T00:00:00Z".parse().unwrap());
    let mut theirs = annotation(1).modified_at("2026-12-01T00:00:00Z".parse().unwrap());
    theirs.status = Status::Resolved;
    theirs.resolved_by = Some("kim".to_string());
    let result = merged_data(data(&[1]), with(vec![ours]), with(vec![theirs]));
    let merged = &result.sidecar.annotations()[0];
    assert_eq!(merged.color, "green");
    assert_eq!(
        (merged.status, merged.resolved_by.as_deref()),
        (Status::Resolved, Some("kim"))
    );
    assert_eq!(merged.modified, "2026-12-02T00:00:00Z".parse().unwrap());
    assert!(result.conflicts.is_empty());
}

#[test]
fn a_field_changed_on_both_sides_takes_the_later_edit_and_a_tie_the_greater_value() {
    let at = |time: &str| time.parse().unwrap();
    let ours = annotation(1)
        .with_color("green")
        .modified_at(at("2026-12-01T00:00:00Z"));
    let theirs = annotation(1)
        .with_color("blue")
        .modified_at(at("2026-12-02T00:00:00Z"));
    let result = merged_data(data(&[1]), with(vec![ours.clone()]), with(vec![theirs]));
    assert_eq!(result.sidecar.annotations()[0].color, "blue");
    assert_eq!(result.conflicts[0].clash, Clash::Field("color"));
    let tied = annotation(1)
        .with_color("blue")
        .modified_at(at("2026-12-01T00:00:00Z"));
    let result = merged_data(data(&[1]), with(vec![ours]), with(vec![tied]));
    assert_eq!(result.sidecar.annotations()[0].color, "green");
}

#[test]
fn notes_edited_on_both_sides_are_both_kept_the_earlier_first_and_tagged() {
    let ours = edited(1, "ours", "2026-12-02T00:00:00Z");
    let theirs = edited(1, "theirs", "2026-12-01T00:00:00Z");
    let result = merged_data(data(&[1]), with(vec![ours]), with(vec![theirs]));
    let merged = &result.sidecar.annotations()[0];
    assert_eq!(merged.note, format!("theirs\n{NOTE_SEPARATOR}\nours"));
    assert_eq!(merged.tags, ["close-reading", CONFLICT_TAG]);
    assert_eq!(result.conflicts.len(), 1);
    assert!(
        result.conflicts[0]
            .to_string()
            .contains("note edited on both sides")
    );
}

#[test]
fn tags_merge_as_sets_with_both_sides_additions_and_removals() {
    let tagged = |tags: &[&str], time: &str| {
        annotation(1)
            .with_tags(tags.iter().copied())
            .modified_at(time.parse().unwrap())
    };
    let base = with(vec![tagged(&["a", "b", "c"], "2026-11-26T09:31:10Z")]);
    let ours = with(vec![tagged(&["b", "c", "x"], "2026-12-01T00:00:00Z")]);
    let theirs = with(vec![tagged(&["a", "b", "y"], "2026-12-02T00:00:00Z")]);
    let result = merged_data(base, ours, theirs);
    assert_eq!(result.sidecar.annotations()[0].tags, ["b", "y", "x"]);
    assert!(result.conflicts.is_empty());
}

#[test]
fn an_author_set_on_one_side_is_kept_and_one_removed_on_one_side_stays_removed() {
    let (base, mut ours, theirs) = (data(&[1]), data(&[1]), data(&[1]));
    ours.document.author = Some("A. Reader".to_string());
    let result = merged_data(base, ours.clone(), theirs.clone());
    assert_eq!(result.sidecar.document().author.as_deref(), Some("A. Reader"));
    assert!(result.conflicts.is_empty());
    let result = merged_data(ours.clone(), theirs, ours);
    assert_eq!(result.sidecar.document().author, None);
}

#[test]
fn document_values_merge_field_by_field_the_later_side_winning_a_clash() {
    let (base, mut ours, mut theirs) = (data(&[1]), data(&[1]), data(&[1]));
    ours.document.position = 10;
    theirs.document.position = 20;
    theirs.document.title = "Retitled".to_string();
    theirs.annotations[0] = Arc::new(edited(1, "later", "2027-01-01T00:00:00Z"));
    let result = merged_data(base, ours, theirs);
    assert_eq!(result.sidecar.document().position, 20);
    assert_eq!(result.sidecar.document().title, "Retitled");
    assert_eq!(result.conflicts.len(), 1);
    assert_eq!(
        result.conflicts[0].to_string(),
        "[document]: position changed on both sides; kept the later edit"
    );
}

#[test]
fn comments_and_unknown_keys_from_both_sides_are_kept_in_place() {
    let base = text(BASE);
    let ours = text(&BASE.replace("color = \"yellow\"\n", "# ours: colour\ncolor = \"green\"\n"));
    let theirs = text(
        &BASE
            .replace("note = \"n\"\n", "note = \"n\" # theirs: trailing\nmine = 1\n")
            .replace("[[annotation]]", "# theirs: above\n[[annotation]]"),
    );
    let result = merged(&base, &ours, &theirs);
    assert_eq!(
        result.sidecar.to_toml_string(),
        BASE.replace("color = \"yellow\"\n", "# ours: colour\ncolor = \"green\"\n")
            .replace("note = \"n\"\n", "note = \"n\" # theirs: trailing\nmine = 1\n")
            .replace("[[annotation]]", "# theirs: above\n[[annotation]]")
    );
}

#[test]
fn comments_both_sides_added_in_one_place_are_kept_in_content_order() {
    let base = text(BASE);
    let add = |comment: &str| {
        text(&(BASE.replace("kind = ", &format!("{comment}\nkind = ")) + &format!("\n{comment}\n")))
    };
    let result = merged(&base, &add("# zeta"), &add("# alpha"));
    let merged = result.sidecar.to_toml_string();
    assert!(merged.contains("# alpha\n# zeta\nkind = "), "{merged}");
    assert!(merged.ends_with("\n# alpha\n# zeta\n"), "{merged}");
}

#[test]
fn a_comment_above_a_key_the_merge_drops_moves_to_the_next_key() {
    let resolved = BASE.replace(
        "status = \"open\"\n",
        "status = \"resolved\"\nresolved_by = \"kim\"\n",
    );
    let base = text(&resolved);
    let ours = text(
        &resolved
            .replace("resolved_by = ", "# done by kim\nresolved_by = ")
            .replace("note = \"n\"", "note = \"ours\""),
    );
    let reopened = resolved
        .replace("status = \"resolved\"", "status = \"open\"")
        .replace("resolved_by = \"kim\"\n", "extra = true\n")
        .replace(
            "modified = 2026-11-26T09:31:10Z",
            "modified = 2026-12-01T00:00:00Z",
        );
    let result = merged(&base, &ours, &text(&reopened));
    let merged = result.sidecar.to_toml_string();
    assert!(merged.contains("# done by kim\nextra = true\n"), "{merged}");
    assert!(!merged.contains("resolved_by"), "{merged}");
    assert_eq!(result.sidecar.annotations()[0].note, "ours");
    assert_eq!(result.sidecar.annotations()[0].status, Status::Open);
}

#[test]
fn a_comment_after_a_value_the_merge_drops_stays_as_a_line() {
    let resolved = BASE.replace(
        "status = \"open\"\n",
        "status = \"resolved\"\nresolved_by = \"kim\"\n",
    );
    let base = text(&resolved);
    let ours = text(&resolved.replace(
        "resolved_by = \"kim\"\n",
        "resolved_by = \"kim\" # checked twice\n",
    ));
    let reopened = resolved
        .replace("status = \"resolved\"", "status = \"open\"")
        .replace("resolved_by = \"kim\"\n", "")
        .replace(
            "modified = 2026-11-26T09:31:10Z",
            "modified = 2026-12-01T00:00:00Z",
        );
    let result = merged(&base, &ours, &text(&reopened));
    let merged = result.sidecar.to_toml_string();
    assert!(!merged.contains("resolved_by"), "{merged}");
    assert!(merged.contains("\n# checked twice\n"), "{merged}");
}

#[test]
fn comments_both_sides_wrote_after_one_table_header_are_both_kept() {
    let base = text(BASE);
    let ours = text(&BASE.replacen("[[annotation]]\n", "[[annotation]] # ours\n", 1));
    let theirs = text(&BASE.replacen("[[annotation]]\n", "[[annotation]] # theirs\n", 1));
    let merged = merged(&base, &ours, &theirs).sidecar.to_toml_string();
    assert!(merged.contains("# ours"), "{merged}");
    assert!(merged.contains("# theirs"), "{merged}");
}

#[test]
fn a_store_keeps_the_comments_a_hand_edit_added_on_disk() {
    let base = text(BASE);
    let mut memory = base.clone();
    memory
        .upsert(Annotation::clone(&base.annotations()[0]).with_note("from memory"))
        .unwrap();
    let mut disk = text(&BASE.replace("kind = ", "# by hand\nkind = "));
    merge_into(base.data(), &mut disk, &memory, Carrier::Theirs);
    let text = disk.to_toml_string();
    assert!(text.contains("# by hand\nkind = "), "{text}");
    assert_eq!(disk.annotations()[0].note, "from memory");
    assert_eq!(Sidecar::from_toml_str(&text).unwrap().data(), disk.data());
}

#[test]
fn a_store_deletion_is_not_undone_by_a_change_elsewhere_on_disk() {
    let base = file(data(&[1, 2]));
    let mut memory = base.clone();
    memory.remove(&annotation(1).id);
    let mut disk = base.clone();
    disk.upsert(edited(2, "changed on disk", "2027-01-01T00:00:00Z"))
        .unwrap();
    merge_into(base.data(), &mut disk, &memory, Carrier::Theirs);
    assert_eq!(ids(disk.data()), [2]);
    assert_eq!(disk.annotations()[0].note, "changed on disk");
}

#[test]
fn conflict_lines_name_the_shortest_unique_id_prefix() {
    let mut other = annotation(1);
    other.id = "0193a5b2-7c1d-7e4f-8a9b-100000000001".to_string();
    let (mut base, mut ours, mut theirs) = (data(&[1]), data(&[1]), data(&[1]));
    for side in [&mut base, &mut ours, &mut theirs] {
        side.annotations.push(Arc::new(other.clone()));
    }
    ours.annotations[0] = Arc::new(edited(1, "ours", "2026-12-01T00:00:00Z"));
    theirs.annotations[0] = Arc::new(edited(1, "theirs", "2026-12-02T00:00:00Z"));
    let result = merged_data(base, ours, theirs);
    assert!(
        result.conflicts[0]
            .to_string()
            .starts_with("annotation 0193a5b2-7c1d-7e4f-8a9b-0 \"the sentence"),
        "{}",
        result.conflicts[0]
    );
}

#[test]
fn hand_written_layouts_merge_too() {
    let base = r#"format = "margent-notes"
schema_version = 1
document = { file_name = "essay.txt", title = "T" }

[[annotation]]
id = "0193a5b2-7c1d-7e4f-8a9b-000000000001"
kind = "mark"
created = 2026-11-26T09:26:53Z
exact = "the quote"
start = 1
end = 6
note = 'literal'
meta.who = "x"
[annotation.sub]
a = 1
"#;
    let ours = base
        .replace("title = \"T\"", "title = \"Ours\"")
        .replace("note = 'literal'", "note = 'ours'")
        .replace("a = 1", "a = 2\nb = 1");
    let theirs = base
        .replace("title = \"T\"", "title = \"Theirs\"")
        .replace("note = 'literal'", "note = 'theirs' # why")
        .replace("meta.who = \"x\"", "meta.who = \"y\"");
    let result = merged(&text(base), &text(&ours), &text(&theirs));
    let merged = result.sidecar.to_toml_string();
    for expected in [
        "meta.who = \"y\"",
        "a = 2\nb = 1",
        "\"\"\" # why",
        "title = \"Theirs\"",
    ] {
        assert!(merged.contains(expected), "{expected:?} missing from:\n{merged}");
    }
    let clashes: Vec<&Clash> = result.conflicts.iter().map(|c| &c.clash).collect();
    assert_eq!(clashes, [&Clash::Note, &Clash::Field("title")]);
}

/// A hand-written sidecar with one annotation.
const BASE: &str = r#"format = "margent-notes"
schema_version = 1

[document]
file_name = "essay.txt"
title = "T"

[[annotation]]
id = "0193a5b2-7c1d-7e4f-8a9b-000000000001"
kind = "note"
created = 2026-11-26T09:26:53Z
modified = 2026-11-26T09:31:10Z
color = "yellow"
exact = "quote"
start = 1
end = 6
note = "n"
status = "open"
"#;
