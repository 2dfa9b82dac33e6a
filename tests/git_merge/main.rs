//! `margent merge` as git's merge driver, configured exactly as the README says
//! (`*.notes.toml merge=margent`, `git config merge.margent.driver 'margent merge %O %A %B'`),
//! in a real repository (`repo`): merging by id here, field by field (`fields`), keeping
//! comments (`comments`); plus the driver's own exit codes.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

mod comments;
#[path = "../common/mod.rs"]
mod common;
mod fields;
mod repo;

use common::{annotation, at, id};
use margent::annotation::Annotation;
use margent::sidecar::{DocumentInfo, Sidecar, SidecarData};
use repo::{Repo, describe};

fn edited(n: u32, note: &str, modified: &str) -> Annotation {
    annotation(n).with_note(note).modified_at(at(modified))
}

fn sidecar(annotations: Vec<Annotation>, position: usize) -> String {
    let document = DocumentInfo {
        file_name: "essay.txt".to_string(),
        title: "Essay".to_string(),
        author: None,
        encoding: "UTF-8".to_string(),
        content_hash: "blake3:00".to_string(),
        char_count: 1000,
        position,
    };
    Sidecar::from_data(SidecarData {
        document,
        annotations: annotations.into_iter().map(Arc::new).collect(),
    })
    .unwrap()
    .to_toml_string()
}

#[test]
fn git_merges_two_branches_of_annotations_without_conflict() {
    let base = vec![annotation(1), annotation(2), annotation(3), annotation(4)];
    // Ours: edit 1 (later) and 4 (earlier), delete 2, add 5, move the reading position.
    let ours = vec![
        edited(1, "ours wins", "2026-12-03T00:00:00Z"),
        annotation(3),
        edited(4, "ours loses", "2026-12-01T00:00:00Z"),
        annotation(5),
    ];
    // Theirs: edit 1 (earlier), 3 and 4 (later), add 6, move the reading position.
    let theirs = vec![
        edited(1, "theirs loses", "2026-12-02T00:00:00Z"),
        annotation(2),
        edited(3, "theirs only", "2026-12-02T00:00:00Z"),
        edited(4, "theirs wins", "2026-12-05T00:00:00Z"),
        annotation(6),
    ];
    let repo = Repo::with_branches(
        &sidecar(base.clone(), 0),
        &sidecar(ours.clone(), 100),
        &sidecar(theirs.clone(), 200),
    );
    assert_textual_merge_conflicts(&repo, &base, &ours, &theirs);

    let merged = repo.merge_both_ways();
    let merged = Sidecar::from_toml_str(&merged.text).unwrap();
    let notes: Vec<(String, &str)> = merged
        .annotations()
        .iter()
        .map(|a| (a.id.clone(), a.note.as_str()))
        .collect();
    let both =
        |ours: &str, theirs: &str| format!("{ours}\n--- merged: both sides edited this note ---\n{theirs}");
    assert_eq!(
        notes,
        [
            (id(1), both("theirs loses", "ours wins").as_str()),
            (id(3), "theirs only"),
            (id(4), both("ours loses", "theirs wins").as_str()),
            (id(5), ""),
            (id(6), ""),
        ]
    );
    // Both sides moved it: the side edited last (theirs, on 5 December) wins.
    assert_eq!(merged.position(), 200);
}

/// Without the driver this scenario conflicts: the test proves the driver did the work.
fn assert_textual_merge_conflicts(
    repo: &Repo,
    base: &[Annotation],
    ours: &[Annotation],
    theirs: &[Annotation],
) {
    for (name, annotations) in [("b", base), ("o", ours), ("t", theirs)] {
        repo.write(name, &sidecar(annotations.to_vec(), 0));
    }
    // merge-file exits with the number of conflicts, or negative (255) when it fails.
    let plain = repo.try_git(&["merge-file", "-p", "o", "b", "t"]);
    assert!(
        matches!(plain.status.code(), Some(1..=127)),
        "a line-based merge would not have conflicted: {}",
        describe(&plain)
    );
    assert!(
        String::from_utf8_lossy(&plain.stdout).contains("<<<<<<< o\n"),
        "{}",
        describe(&plain)
    );
    for name in ["b", "o", "t"] {
        std::fs::remove_file(repo.path(name)).unwrap();
    }
}

fn margent(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_margent"))
        .arg("merge")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn driver_treats_an_empty_base_as_no_common_ancestor() {
    let dir = tempfile::tempdir().unwrap();
    let (base, ours, theirs) = (dir.path().join("O"), dir.path().join("A"), dir.path().join("B"));
    std::fs::write(&base, "").unwrap();
    std::fs::write(&ours, sidecar(vec![annotation(1)], 7)).unwrap();
    std::fs::write(&theirs, sidecar(vec![annotation(2)], 9)).unwrap();
    let output = margent(&[&base, &ours, &theirs]);
    assert!(output.status.success(), "{}", describe(&output));
    let merged = Sidecar::from_toml_str(&std::fs::read_to_string(&ours).unwrap()).unwrap();
    assert_eq!(merged.annotations(), [annotation(1), annotation(2)].map(Arc::new));
}

#[test]
fn driver_fails_naming_an_unreadable_input_and_leaves_ours_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (base, ours, theirs) = (dir.path().join("O"), dir.path().join("A"), dir.path().join("B"));
    let ours_text = sidecar(vec![annotation(1)], 7);
    std::fs::write(&base, sidecar(vec![], 0)).unwrap();
    std::fs::write(&ours, &ours_text).unwrap();
    std::fs::write(&theirs, "<<<<<<< HEAD\n\u{1b}[31m").unwrap();
    let output = margent(&[&base, &ours, &theirs]);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&theirs.display().to_string()), "{stderr}");
    assert!(stderr.contains("line 1, column"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert_eq!(std::fs::read_to_string(&ours).unwrap(), ours_text);

    let missing = dir.path().join("missing");
    let output = margent(&[&base, &ours, &missing]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing"));
}
