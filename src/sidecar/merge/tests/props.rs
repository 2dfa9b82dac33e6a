//! Property tests of the merge: random edits on both sides of a random base (adds,
//! deletes, notes, tags, status, colour, times, anchors, comments anywhere) merge to the
//! same bytes in both directions, read back as merged, and lose nothing: no annotation,
//! no note text, no tag, no comment either side wrote.

use std::sync::Arc;

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;
use crate::sidecar::test_support::{any_annotation, document, hostile_text};

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Add(usize),
    Note(usize, String, bool),
    Tag(usize, String, bool),
    Resolve(usize, Option<String>),
    Color(usize, String),
    Touch(usize, i64),
    Move(usize, usize),
    Comment(usize, usize),
    TrailingComment(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let index = any::<usize>();
    let tag = prop_oneof![Just("a"), Just("b"), Just("c"), Just("d")].prop_map(str::to_string);
    prop_oneof![
        index.prop_map(Edit::Delete),
        index.prop_map(Edit::Add),
        (index, hostile_text(), any::<bool>()).prop_map(|(i, text, append)| Edit::Note(i, text, append)),
        (index, tag, any::<bool>()).prop_map(|(i, tag, add)| Edit::Tag(i, tag, add)),
        (index, prop::option::of("[a-z]{1,4}")).prop_map(|(i, who)| Edit::Resolve(i, who)),
        (index, "[a-z]{1,6}").prop_map(|(i, color)| Edit::Color(i, color)),
        (index, 0i64..3).prop_map(|(i, step)| Edit::Touch(i, step)),
        (index, 0usize..100).prop_map(|(i, start)| Edit::Move(i, start)),
        (0usize..40, 0usize..3).prop_map(|(line, salt)| Edit::Comment(line, salt)),
        (0usize..40, 0usize..3).prop_map(|(line, salt)| Edit::TrailingComment(line, salt)),
    ]
}

/// A base drawn from a pool of annotations, and each side's list of edits.
fn scenario() -> impl Strategy<Value = (Vec<Annotation>, Vec<bool>, Vec<Edit>, Vec<Edit>)> {
    (
        prop::collection::vec(any_annotation(), 1..7),
        prop::collection::vec(any::<bool>(), 7),
        prop::collection::vec(edit(), 0..8),
        prop::collection::vec(edit(), 0..8),
    )
}

fn sidecar_of(mut annotations: Vec<Annotation>) -> Sidecar {
    annotations.sort_by(|a, b| a.id.cmp(&b.id));
    annotations.dedup_by(|a, b| a.id == b.id);
    Sidecar::from_data(SidecarData {
        document: document(),
        annotations: annotations.into_iter().map(Arc::new).collect(),
    })
    .unwrap()
}

/// A side: the base with `edits` made through the sidecar (as margent makes them), and
/// comment lines (`# side n`) put into its text.
fn apply(base: &Sidecar, pool: &[Annotation], edits: &[Edit], side: &str) -> Sidecar {
    let mut sidecar = base.clone();
    for (n, edit) in edits.iter().enumerate() {
        let count = sidecar.annotations().len();
        let pick = |i: &usize| (count > 0).then(|| Annotation::clone(&sidecar.annotations()[i % count]));
        let changed = match edit {
            Edit::Delete(i) => {
                if let Some(a) = pick(i) {
                    sidecar.remove(&a.id);
                }
                None
            }
            Edit::Add(i) => Some(pool[i % pool.len()].clone()),
            Edit::Note(i, text, append) => pick(i).map(|mut a| {
                a.note = if *append {
                    format!("{}\n{text}", a.note)
                } else {
                    text.clone()
                };
                a
            }),
            Edit::Tag(i, tag, add) => pick(i).map(|mut a| {
                a.tags.retain(|t| t != tag);
                if *add {
                    a.tags.push(tag.clone());
                }
                a
            }),
            Edit::Resolve(i, who) => pick(i).map(|mut a| {
                a.status = a.status.toggled();
                a.resolved_by = who.clone();
                a
            }),
            Edit::Color(i, color) => pick(i).map(|a| a.with_color(color.clone())),
            Edit::Touch(i, step) => {
                pick(i).map(|a| a.modified_at(jiff::Timestamp::from_second(1_800_000_000 + step).unwrap()))
            }
            Edit::Move(i, start) => pick(i).map(|mut a| {
                (a.start, a.end) = (*start, start + 3);
                a
            }),
            Edit::Comment(line, salt) => {
                sidecar = with_comment(&sidecar, *line, &format!("# {side} {n} {salt}"), false);
                None
            }
            Edit::TrailingComment(line, salt) => {
                sidecar = with_comment(&sidecar, *line, &format!(" # {side} {n} {salt}"), true);
                None
            }
        };
        if let Some(annotation) = changed {
            sidecar.upsert(annotation).unwrap();
        }
    }
    sidecar
}

/// `comment` put on its own line before line `line` (modulo), or at the end of that line
/// (`trailing`), unless that puts it inside a string (then the text would not read back
/// the same).
fn with_comment(sidecar: &Sidecar, line: usize, comment: &str, trailing: bool) -> Sidecar {
    let text = sidecar.to_toml_string();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = line % (lines.len() + 1);
    let commented = match lines.get(at) {
        Some(line) if trailing => {
            let end = line.trim_end_matches('\n');
            [
                &lines[..at],
                &[end, comment, &line[end.len()..]],
                &lines[at + 1..],
            ]
            .concat()
            .concat()
        }
        _ => [&lines[..at], &[comment, "\n"], &lines[at..]].concat().concat(),
    };
    match Sidecar::from_toml_str(&commented) {
        Ok(read) if read.data() == sidecar.data() => read,
        _ => sidecar.clone(),
    }
}

/// The comments the edits wrote (`# ours 3 1`), wherever they are.
fn comments(text: &str) -> BTreeSet<String> {
    let written = regex::Regex::new(r"# (ours|theirs) [0-9]+ [0-9]+").unwrap();
    written
        .find_iter(text)
        .map(|found| found.as_str().to_string())
        .collect()
}

fn tag_set(tags: &[String]) -> BTreeSet<&str> {
    tags.iter().map(String::as_str).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn merges_are_symmetric_and_lose_nothing((pool, in_base, ours_edits, theirs_edits) in scenario()) {
        let base_list = pool.iter().zip(&in_base).filter(|(_, kept)| **kept).map(|(a, _)| a.clone()).collect();
        let base = sidecar_of(base_list);
        let ours = apply(&base, &pool, &ours_edits, "ours");
        let theirs = apply(&base, &pool, &theirs_edits, "theirs");
        let merged = merge(Some(&base), &ours, &theirs);
        let text = merged.sidecar.to_toml_string();
        let swapped = merge(Some(&base), &theirs, &ours);
        prop_assert_eq!(&text, &swapped.sidecar.to_toml_string());
        prop_assert_eq!(&merged.conflicts, &swapped.conflicts);
        let reread = Sidecar::from_toml_str(&text).unwrap();
        prop_assert_eq!(reread.data(), merged.sidecar.data());

        let written = comments(&ours.to_toml_string()).into_iter().chain(comments(&theirs.to_toml_string()));
        let kept = comments(&text);
        for comment in written {
            prop_assert!(kept.contains(&comment), "{comment:?} lost:\n{text}");
        }
        let table = |side: &Sidecar, id: &str| {
            let index = side.data().index_of(id).ok()?;
            Some((Annotation::clone(&side.annotations()[index]), side.tables[index].to_string()))
        };
        let ids: BTreeSet<&str> = ours.annotations().iter().chain(theirs.annotations()).map(|a| a.id.as_str()).collect();
        for id in ids {
            let in_merged = merged.sidecar.annotation(id);
            let (b, o, t) = (table(&base, id), table(&ours, id), table(&theirs, id));
            let deleted_untouched = b.is_some() && (o.is_none() && t == b || t.is_none() && o == b);
            prop_assert_eq!(in_merged.is_none(), deleted_untouched, "{}", id);
            let Some(m) = in_merged else { continue };
            let base_note = b.as_ref().map(|(a, _)| a.note.as_str());
            for (side, _) in o.iter().chain(&t) {
                if Some(side.note.as_str()) != base_note {
                    prop_assert!(m.note.contains(&side.note), "{:?} lost from {:?}", side.note, m.note);
                }
            }
            if let (Some((o, _)), Some((t, _))) = (&o, &t) {
                let base_tags = b.as_ref().map_or(BTreeSet::new(), |(a, _)| tag_set(&a.tags));
                let (ours_tags, theirs_tags) = (tag_set(&o.tags), tag_set(&t.tags));
                let mut expected: BTreeSet<&str> = ours_tags
                    .union(&theirs_tags)
                    .filter(|tag| (ours_tags.contains(*tag) && theirs_tags.contains(*tag)) || !base_tags.contains(*tag))
                    .copied()
                    .collect();
                if m.note.contains(NOTE_SEPARATOR) && o.note != t.note {
                    expected.insert(CONFLICT_TAG);
                }
                prop_assert_eq!(tag_set(&m.tags), expected);
            }
        }
    }

    #[test]
    fn a_side_that_changed_nothing_yields_the_other((pool, in_base, edits, _) in scenario()) {
        let base_list = pool.iter().zip(&in_base).filter(|(_, kept)| **kept).map(|(a, _)| a.clone()).collect();
        let base = sidecar_of(base_list);
        let changed = apply(&base, &pool, &edits, "ours");
        let merged = merge(Some(&base), &base, &changed);
        prop_assert_eq!(merged.sidecar.to_toml_string(), changed.to_toml_string());
        prop_assert!(merged.conflicts.is_empty());
    }
}
