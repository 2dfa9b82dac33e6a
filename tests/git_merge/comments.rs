//! Comments people write in a sidecar survive a `git merge`, whichever side wrote them,
//! wherever they are: at the top, above a table, inside one, after a value, at the end.

use std::sync::Arc;

use margent::sidecar::Sidecar;

use super::common::{annotation, id};
use super::repo::Repo;
use super::sidecar;

/// `text` with `comment` put on the line above the first line that starts with `line`.
fn comment_above(text: &str, line: &str, comment: &str) -> String {
    let at = text
        .find(&format!("\n{line}"))
        .unwrap_or_else(|| panic!("no line {line:?} in:\n{text}"));
    format!("{}\n{comment}{}", &text[..at], &text[at..])
}

#[test]
fn comments_written_on_theirs_survive_the_merge() {
    let base = sidecar(vec![annotation(1), annotation(2)], 0);
    let mut theirs = comment_above(&base, "format = ", "# theirs: at the top");
    theirs = theirs.replace(
        &format!("\n[[annotation]]\nid = \"{}\"", id(2)),
        &format!("\n# theirs: above the second\n[[annotation]]\nid = \"{}\"", id(2)),
    );
    theirs = comment_above(&theirs, "exact = \"quote 1\"", "# theirs: inside the first");
    theirs = theirs.replace("end = 25\n", "end = 25 # theirs: after a value\n");
    theirs.push_str("\n# theirs: at the end\n");
    let mut ours = Sidecar::from_toml_str(&base).unwrap();
    ours.upsert(annotation(1).with_note("ours edits the first"))
        .unwrap();
    ours.upsert(annotation(3)).unwrap();
    let merged = Repo::with_branches(&base, &ours.to_toml_string(), &theirs).merge_both_ways();
    for comment in [
        "# theirs: at the top\n",
        "# theirs: above the second\n",
        "# theirs: inside the first\n",
        " # theirs: after a value\n",
        "# theirs: at the end\n",
    ] {
        assert!(
            merged.text.contains(comment),
            "{comment:?} lost:\n{}",
            merged.text
        );
    }
    let merged_sidecar = Sidecar::from_toml_str(&merged.text).unwrap();
    let notes: Vec<&str> = merged_sidecar
        .annotations()
        .iter()
        .map(|a| a.note.as_str())
        .collect();
    assert_eq!(notes, ["ours edits the first", "", ""]);
    assert!(merged.driver_lines().is_empty());
}

#[test]
fn comments_both_sides_wrote_in_one_place_are_both_kept() {
    let base = sidecar(vec![annotation(1), annotation(2)], 0);
    let with = |who: &str| {
        comment_above(&base, "exact = \"quote 2\"", &format!("# {who}: inside"))
            + &format!("\n# {who}: at the end\n")
    };
    let (ours, theirs) = (with("ours"), with("theirs"));
    let merged = Repo::with_branches(&base, &ours, &theirs).merge_both_ways();
    for comment in [
        "# ours: inside\n",
        "# theirs: inside\n",
        "# ours: at the end\n",
        "# theirs: at the end\n",
    ] {
        assert!(
            merged.text.contains(comment),
            "{comment:?} lost:\n{}",
            merged.text
        );
    }
    let merged_sidecar = Sidecar::from_toml_str(&merged.text).unwrap();
    assert_eq!(
        merged_sidecar.annotations(),
        [annotation(1), annotation(2)].map(Arc::new)
    );
}
