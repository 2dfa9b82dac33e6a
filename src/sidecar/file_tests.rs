//! Tests of `Sidecar`: the canonical layout, in-place edits that keep what people wrote,
//! and round trips (including property tests over hostile text).

use std::sync::Arc;

use proptest::prelude::*;

use super::*;
use crate::annotation::Status;
use crate::sidecar::test_support::{annotation, any_annotation, any_data, data};

const CANONICAL: &str = r#"# Annotations made with margent for the document of the same name (minus
# ".notes.toml"). Hand edits are welcome: margent keeps comments and keys it does
# not know. Offsets (start, end, position, char_count) count Unicode code points.
format = "margent-notes"
schema_version = 1

[document]
file_name = "essay.txt"
title = "On Reading Slowly"
encoding = "UTF-8"
content_hash = "blake3:00ff"
char_count = 582
position = 1234

[[annotation]]
id = "0193a5b2-7c1d-7e4f-8a9b-000000000001"
kind = "note"
created = 2026-11-26T09:26:53Z
modified = 2026-11-26T09:31:10Z
color = "yellow"
exact = "the sentence that\nresists summary"
prefix = "before "
suffix = " after"
start = 249
end = 282
tags = ["close-reading"]
note = """
multi-line
note"""
status = "open"
"#;

#[test]
fn writes_the_layout_of_design_section_1_4() {
    let sidecar = Sidecar::from_data(data(&[1])).unwrap();
    assert_eq!(sidecar.to_toml_string(), CANONICAL);
}

#[test]
fn an_untouched_hand_edited_file_prints_back_byte_for_byte() {
    let text = CANONICAL
        .replace("[document]", "[extra]\nkept = true\n\n[document]")
        .replace(
            "status = \"open\"\n",
            "status   =  'open'   # still thinking\nmood = 3\n",
        )
        + "\n# my own trailing comment\n";
    let sidecar = Sidecar::from_toml_str(&text).unwrap();
    assert_eq!(sidecar.to_toml_string(), text);
}

#[test]
fn tables_after_the_annotations_are_kept_but_move_before_them() {
    let text = format!("{CANONICAL}\n# about extra\n[extra]\nkept = true\n");
    let sidecar = Sidecar::from_toml_str(&text).unwrap();
    let printed = sidecar.to_toml_string();
    let extra = printed.find("[extra]\nkept = true").unwrap();
    assert!(extra < printed.find("[[annotation]]").unwrap(), "{printed}");
    assert_eq!(Sidecar::from_toml_str(&printed).unwrap().data(), sidecar.data());
}

#[test]
fn editing_a_value_keeps_comments_unknown_keys_and_other_values() {
    let text = CANONICAL
        .replace(
            "position = 1234\n",
            "position = 1234 # where I stopped\nshelf = \"B\"\n",
        )
        .replace("[[annotation]]\n", "# a favourite\n[[annotation]]\n")
        .replace("note = \"\"\"", "# about the note\nnote = \"\"\"")
        .replace(
            "status = \"open\"\n",
            "status = \"open\"\nreviewer_mood = \"sunny\"\n",
        );
    let mut sidecar = Sidecar::from_toml_str(&text).unwrap();
    sidecar.set_position(99);
    let mut edited = Annotation::clone(&sidecar.annotations()[0]);
    edited.note = "rewritten".to_string();
    edited.status = Status::Resolved;
    sidecar.upsert(edited).unwrap();
    let expected = text
        .replace("position = 1234 #", "position = 99 #")
        .replace("note = \"\"\"\nmulti-line\nnote\"\"\"", "note = \"rewritten\"")
        .replace("status = \"open\"", "status = \"resolved\"");
    assert_eq!(sidecar.to_toml_string(), expected);
}

#[test]
fn new_annotations_go_in_id_order_and_removal_takes_the_table_with_its_comment() {
    let mut sidecar = Sidecar::from_data(data(&[1, 3])).unwrap();
    sidecar.upsert(annotation(2)).unwrap();
    let ids: Vec<&str> = sidecar.annotations().iter().map(|a| a.id.as_str()).collect();
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "{ids:?}");
    assert_eq!(
        sidecar.to_toml_string(),
        Sidecar::from_data(data(&[1, 2, 3])).unwrap().to_toml_string()
    );

    let text = sidecar
        .to_toml_string()
        .replacen("\n[[annotation]]", "\n# doomed\n[[annotation]]", 2);
    let mut sidecar = Sidecar::from_toml_str(&text).unwrap();
    assert!(sidecar.remove(&annotation(2).id).is_some());
    assert_eq!(sidecar.to_toml_string().matches("# doomed").count(), 1);
    assert_eq!(sidecar.annotations().len(), 2);
    assert!(sidecar.remove(&annotation(2).id).is_none());
}

#[test]
fn removing_every_annotation_leaves_a_valid_file() {
    let mut sidecar = Sidecar::from_data(data(&[1])).unwrap();
    sidecar.remove(&annotation(1).id);
    let reread = Sidecar::from_toml_str(&sidecar.to_toml_string()).unwrap();
    assert!(reread.annotations().is_empty());
    assert!(!sidecar.to_toml_string().contains("[[annotation]]"));
}

#[test]
fn tables_out_of_id_order_are_sorted_on_load() {
    let one = Sidecar::from_data(data(&[1])).unwrap().to_toml_string();
    let mut table_two = String::new();
    super::encode::annotation_table_text(&annotation(2), &mut table_two).unwrap();
    let (head, table_one) = one.split_at(one.find("[[annotation]]").unwrap());
    let shuffled = format!("{head}{table_two}\n{table_one}");
    let sidecar = Sidecar::from_toml_str(&shuffled).unwrap();
    assert_eq!(sidecar.annotations()[0].id, annotation(1).id);
    assert_eq!(
        sidecar.to_toml_string(),
        Sidecar::from_data(data(&[1, 2])).unwrap().to_toml_string()
    );
}

#[test]
fn author_is_written_only_when_there_is_one() {
    let mut sidecar = Sidecar::from_data(data(&[1])).unwrap();
    let mut signed = annotation(1);
    signed.author = Some("reviewer-2".to_string());
    sidecar.upsert(signed.clone()).unwrap();
    assert!(
        sidecar
            .to_toml_string()
            .ends_with("status = \"open\"\nauthor = \"reviewer-2\"\n")
    );
    signed.author = None;
    sidecar.upsert(signed).unwrap();
    assert_eq!(sidecar.to_toml_string(), CANONICAL);
}

#[test]
fn resolution_is_written_after_the_author_and_only_when_there_is_one() {
    let mut sidecar = Sidecar::from_data(data(&[1])).unwrap();
    let mut resolved = annotation(1);
    resolved.author = Some("reviewer-2".to_string());
    resolved.resolved_by = Some("reviewer-1".to_string());
    resolved.resolved_at = Some("2026-11-27T10:00:00Z".parse().unwrap());
    sidecar.upsert(resolved.clone()).unwrap();
    let text = sidecar.to_toml_string();
    assert!(
        text.ends_with(
            "status = \"open\"\nauthor = \"reviewer-2\"\nresolved_by = \"reviewer-1\"\n\
             resolved_at = 2026-11-27T10:00:00Z\n"
        ),
        "{text}"
    );
    assert_eq!(Sidecar::from_toml_str(&text).unwrap().annotations(), [resolved]);
    sidecar.upsert(annotation(1)).unwrap();
    assert_eq!(sidecar.to_toml_string(), CANONICAL);
}

/// The reader builds its annotations itself, with the configured name as it is: the
/// sidecar applies the one rule to whatever it stores.
#[test]
fn a_blank_author_is_no_author_however_the_annotation_was_made() {
    let mut sidecar = Sidecar::from_data(data(&[])).unwrap();
    let mut made_by_hand = annotation(1);
    made_by_hand.author = Some(" \t".to_string());
    sidecar.upsert(made_by_hand).unwrap();
    assert_eq!(sidecar.annotations()[0].author, None);
    assert_eq!(sidecar.to_toml_string(), CANONICAL);
}

#[test]
fn upsert_cuts_times_to_seconds_and_refuses_what_the_file_cannot_hold() {
    let mut sidecar = Sidecar::from_data(data(&[])).unwrap();
    let mut precise = annotation(1);
    precise.modified = "2026-11-26T09:31:10.999Z".parse().unwrap();
    sidecar.upsert(precise).unwrap();
    assert_eq!(sidecar.annotations()[0].modified, annotation(1).modified);
    let mut bad = annotation(2);
    bad.start = 300;
    assert_eq!(sidecar.upsert(bad).unwrap_err().key, "end");
    assert_eq!(sidecar.annotations().len(), 1);
}

#[test]
fn from_data_refuses_duplicate_ids() {
    let mut twice = data(&[1]);
    twice.annotations.push(Arc::new(annotation(1)));
    assert_eq!(Sidecar::from_data(twice).unwrap_err().key, "id");
}

#[test]
fn blank_sidecar_reads_back() {
    let blank = Sidecar::blank();
    let reread = Sidecar::from_toml_str(&blank.to_toml_string()).unwrap();
    assert_eq!(reread.data(), blank.data());
}

// ---- property tests -------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn text_round_trips_byte_for_byte_and_data_round_trips(data in any_data()) {
        let text = Sidecar::from_data(data.clone()).unwrap().to_toml_string();
        let reread = Sidecar::from_toml_str(&text).unwrap();
        prop_assert_eq!(reread.to_toml_string(), text.clone());
        prop_assert_eq!(reread.data(), &data);
        // And another TOML parser reads the same strings.
        let value: toml::Table = toml::from_str(&text).unwrap();
        let notes = value.get("annotation").and_then(|a| a.as_array()).map_or(0, Vec::len);
        prop_assert_eq!(notes, data.annotations.len());
    }

    #[test]
    fn edits_in_place_read_back_as_the_edited_data(
        data in any_data(),
        replacement in any_annotation(),
        position in 0usize..1000,
    ) {
        let mut sidecar = Sidecar::from_data(data.clone()).unwrap();
        let mut expected = data;
        if let Some(first) = expected.annotations.first().cloned() {
            let edited = Annotation { id: first.id.clone(), ..replacement.clone() };
            sidecar.upsert(edited.clone()).unwrap();
            expected.annotations[0] = Arc::new(edited);
        }
        sidecar.upsert(replacement.clone()).unwrap();
        match expected.index_of(&replacement.id) {
            Ok(index) => expected.annotations[index] = Arc::new(replacement),
            Err(index) => expected.annotations.insert(index, Arc::new(replacement)),
        }
        sidecar.set_position(position);
        expected.document.position = position;
        prop_assert_eq!(sidecar.data(), &expected);
        let reread = Sidecar::from_toml_str(&sidecar.to_toml_string()).unwrap();
        prop_assert_eq!(reread.data(), &expected);
    }
}

#[test]
fn crlf_files_stay_crlf_and_unchanged_ones_print_back_byte_for_byte() {
    let crlf = CANONICAL.replace('\n', "\r\n");
    let mut sidecar = Sidecar::from_toml_str(&crlf).unwrap();
    assert_eq!(sidecar.to_toml_string(), crlf);
    assert_eq!(
        sidecar.annotations()[0].exact,
        "the sentence that\nresists summary"
    );
    assert_eq!(sidecar.annotations()[0].note, "multi-line\nnote");
    sidecar.set_position(99);
    let edited = sidecar.to_toml_string();
    assert_eq!(edited, crlf.replace("position = 1234", "position = 99"));
}
