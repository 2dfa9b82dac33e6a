//! Tests of the three-way merge rules, on data and on the TOML they produce.

use super::*;
use crate::sidecar::test_support::{annotation, data};

fn ids(data: &SidecarData) -> Vec<u32> {
    data.annotations
        .iter()
        .map(|a| u32::from_str_radix(&a.id[24..], 16).unwrap())
        .collect()
}

fn edited(n: u32, note: &str, modified: &str) -> Annotation {
    Annotation {
        note: note.to_string(),
        modified: modified.parse().unwrap(),
        ..annotation(n)
    }
}

#[test]
fn additions_on_both_sides_are_united() {
    let merged = merge_data(&data(&[1]), &data(&[1, 2]), &data(&[1, 3]));
    assert_eq!(ids(&merged), [1, 2, 3]);
}

#[test]
fn deleted_on_one_side_and_untouched_on_the_other_stays_deleted() {
    assert_eq!(ids(&merge_data(&data(&[1, 2]), &data(&[1]), &data(&[1, 2]))), [1]);
    assert_eq!(ids(&merge_data(&data(&[1, 2]), &data(&[1, 2]), &data(&[2]))), [2]);
    assert_eq!(ids(&merge_data(&data(&[1, 2]), &data(&[2]), &data(&[2]))), [2]);
}

#[test]
fn an_edit_survives_a_deletion_on_the_other_side() {
    let mut ours = data(&[1]);
    ours.annotations[0] = edited(1, "still wanted", "2026-12-01T00:00:00Z");
    let merged = merge_data(&data(&[1]), &ours, &data(&[]));
    assert_eq!(merged.annotations, ours.annotations);
    let merged = merge_data(&data(&[1]), &data(&[]), &ours);
    assert_eq!(merged.annotations, ours.annotations);
}

#[test]
fn an_edit_on_one_side_wins_over_the_untouched_other() {
    let mut theirs = data(&[1, 2]);
    theirs.annotations[1] = edited(2, "theirs", "2020-01-01T00:00:00Z");
    let merged = merge_data(&data(&[1, 2]), &data(&[1, 2]), &theirs);
    assert_eq!(merged.annotations[1].note, "theirs");
}

#[test]
fn edited_on_both_sides_keeps_the_later_modified() {
    let mut ours = data(&[1]);
    let mut theirs = data(&[1]);
    ours.annotations[0] = edited(1, "ours", "2026-12-01T00:00:00Z");
    theirs.annotations[0] = edited(1, "theirs", "2026-12-02T00:00:00Z");
    assert_eq!(
        merge_data(&data(&[1]), &ours, &theirs).annotations[0].note,
        "theirs"
    );
    assert_eq!(
        merge_data(&data(&[1]), &theirs, &ours).annotations[0].note,
        "theirs"
    );
    theirs.annotations[0].modified = ours.annotations[0].modified;
    assert_eq!(
        merge_data(&data(&[1]), &ours, &theirs).annotations[0].note,
        "ours"
    );
}

#[test]
fn position_is_ours_and_other_document_values_are_three_way() {
    let base = data(&[]);
    let mut ours = data(&[]);
    let mut theirs = data(&[]);
    ours.document.position = 10;
    theirs.document.position = 20;
    theirs.document.title = "Retitled".to_string();
    let merged = merge_data(&base, &ours, &theirs);
    assert_eq!(merged.document.position, 10);
    assert_eq!(merged.document.title, "Retitled");
}

#[test]
fn merged_toml_keeps_the_carriers_comments_and_the_others_tables() {
    let base = Sidecar::from_data(data(&[1])).unwrap();
    let ours_text = base
        .to_toml_string()
        .replace("[document]", "# our comment\n[document]");
    let ours = Sidecar::from_toml_str(&ours_text).unwrap();
    let mut theirs_data = data(&[1, 2]);
    theirs_data.annotations[1].tags = vec!["theirs".to_string()];
    let theirs_text = Sidecar::from_data(theirs_data)
        .unwrap()
        .to_toml_string()
        .replace("tags = [\"theirs\"]", "tags = [\"theirs\"]\nextra = \"kept\"");
    let theirs = Sidecar::from_toml_str(&theirs_text).unwrap();
    let merged = merge(base.data(), ours, theirs, Carrier::Ours);
    let text = merged.to_toml_string();
    assert!(text.contains("# our comment"), "{text}");
    assert!(text.contains("extra = \"kept\""), "{text}");
    assert_eq!(ids(merged.data()), [1, 2]);
    assert_eq!(Sidecar::from_toml_str(&text).unwrap().data(), merged.data());
}

#[test]
fn unknown_keys_from_the_other_side_are_kept() {
    let base = Sidecar::from_data(data(&[1, 2])).unwrap();
    let ours = base.clone();
    let theirs_text = base
        .to_toml_string()
        .replace("[document]\n", "[document]\nreviewed_by = \"kim\"\n");
    let mut theirs = Sidecar::from_toml_str(&theirs_text).unwrap();
    theirs
        .upsert(edited(2, "theirs", "2027-01-01T00:00:00Z"))
        .unwrap();
    let theirs_text = theirs
        .to_toml_string()
        .replace("note = \"theirs\"", "note = \"theirs\"\ncustom = \"x\"");
    let theirs = Sidecar::from_toml_str(&theirs_text).unwrap();
    for carrier in [Carrier::Ours, Carrier::Theirs] {
        let merged = merge(base.data(), ours.clone(), theirs.clone(), carrier);
        let text = merged.to_toml_string();
        assert!(text.contains("custom = \"x\""), "{carrier:?}:\n{text}");
        assert!(text.contains("reviewed_by = \"kim\""), "{carrier:?}:\n{text}");
        assert_eq!(merged.data().annotations[1].note, "theirs");
        assert_eq!(Sidecar::from_toml_str(&text).unwrap().data(), merged.data());
    }
}

#[test]
fn merge_matches_merge_data() {
    let base = Sidecar::from_data(data(&[1, 2, 3])).unwrap();
    let mut ours = base.clone();
    ours.remove(&annotation(1).id);
    ours.upsert(edited(2, "ours", "2027-01-01T00:00:00Z")).unwrap();
    ours.upsert(annotation(4)).unwrap();
    let mut theirs = base.clone();
    theirs
        .upsert(edited(2, "theirs", "2026-01-01T00:00:00Z"))
        .unwrap();
    theirs
        .upsert(edited(3, "theirs", "2026-01-01T00:00:00Z"))
        .unwrap();
    theirs.upsert(annotation(5)).unwrap();
    let expected = merge_data(base.data(), ours.data(), theirs.data());
    for carrier in [Carrier::Ours, Carrier::Theirs] {
        let merged = merge(base.data(), ours.clone(), theirs.clone(), carrier);
        assert_eq!(merged.data(), &expected);
        assert_eq!(
            Sidecar::from_toml_str(&merged.to_toml_string()).unwrap().data(),
            &expected
        );
    }
    assert_eq!(ids(&expected), [2, 3, 4, 5]);
    assert_eq!(expected.annotations[0].note, "ours");
    assert_eq!(expected.annotations[1].note, "theirs");
}

// ---- property tests -------------------------------------------------------------

use proptest::prelude::*;

use crate::sidecar::test_support::{any_annotation, document};

/// Three related versions drawn from one pool: each annotation is, on each side,
/// absent (0), as in the pool (1), or edited (2: another note, a random `modified`).
fn related_versions() -> impl Strategy<Value = (SidecarData, SidecarData, SidecarData)> {
    (prop::collection::vec(any_annotation(), 0..10), any::<u64>()).prop_map(|(pool, seed)| {
        let mut choices = seed;
        let mut version = || -> SidecarData {
            let mut annotations: Vec<Annotation> = pool
                .iter()
                .enumerate()
                .filter_map(|(n, original)| {
                    let choice = choices % 3;
                    choices = choices.rotate_right(2) ^ (n as u64 + 1).wrapping_mul(0x9e37_79b9);
                    match choice {
                        0 => None,
                        1 => Some(original.clone()),
                        _ => Some(Annotation {
                            note: format!("edited {choices}"),
                            modified: jiff::Timestamp::from_second((choices % 2_000_000_000) as i64).unwrap(),
                            ..original.clone()
                        }),
                    }
                })
                .collect();
            annotations.sort_by(|a, b| a.id.cmp(&b.id));
            annotations.dedup_by(|a, b| a.id == b.id);
            SidecarData {
                document: document(),
                annotations,
            }
        };
        (version(), version(), version())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn merged_files_hold_exactly_the_merged_data((base, ours, theirs) in related_versions()) {
        let expected = merge_data(&base, &ours, &theirs);
        let ours_file = Sidecar::from_data(ours.clone()).unwrap();
        let theirs_file = Sidecar::from_data(theirs.clone()).unwrap();
        for carrier in [Carrier::Ours, Carrier::Theirs] {
            let merged = merge(&base, ours_file.clone(), theirs_file.clone(), carrier);
            prop_assert_eq!(merged.data(), &expected);
            let reread = Sidecar::from_toml_str(&merged.to_toml_string()).unwrap();
            prop_assert_eq!(reread.data(), &expected);
        }
    }

    #[test]
    fn a_side_that_changed_nothing_yields_the_other((base, ours, _) in related_versions()) {
        prop_assert_eq!(merge_data(&base, &base, &ours).annotations, ours.annotations.clone());
        prop_assert_eq!(merge_data(&base, &ours, &base).annotations, ours.annotations);
    }
}
