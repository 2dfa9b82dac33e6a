//! Keys margent does not know (a person's own, or a newer tool's), carried from the other
//! side of a merge into the merged file so that none is lost. No IO.
//!
//! Unknown keys have no `modified` time, so the rule is a union: a key only the other
//! side has is added; where both have it, the side whose annotation won keeps its value.

use toml_edit::{DocumentMut, Item, TableLike};

use super::model::DocumentInfo;
use crate::annotation::Annotation;

const IDENTITY: [&str; 4] = ["format", "schema_version", "document", "annotation"];

/// Adds to the head (root and `[document]`) the unknown keys only `other` has.
pub fn carry_head_keys(head: &mut DocumentMut, other: &DocumentMut) {
    for (key, item) in other.iter() {
        if !IDENTITY.contains(&key) && !head.contains_key(key) {
            head.insert(key, item.clone());
        }
    }
    let (Some(ours), Some(theirs)) = (
        head.get_mut("document").and_then(Item::as_table_like_mut),
        other.get("document").and_then(Item::as_table_like),
    ) else {
        return;
    };
    let unknown = |key: &str| !DocumentInfo::keys().contains(&key);
    carry(ours, theirs, unknown, false);
}

/// The unknown keys of `other`'s annotation table put into `table`: added where it
/// lacks them, and replacing its values when `other_won`.
pub fn carry_annotation_keys(table: &mut dyn TableLike, other: &dyn TableLike, other_won: bool) {
    let unknown = |key: &str| !Annotation::keys().contains(&key);
    carry(table, other, unknown, other_won);
}

/// The first `[[annotation]]` table of a table's text.
pub fn first_annotation(toml: &DocumentMut) -> Option<&dyn TableLike> {
    let tables = toml.get("annotation")?.as_array_of_tables()?;
    tables.get(0).map(|table| table as &dyn TableLike)
}

fn carry(table: &mut dyn TableLike, other: &dyn TableLike, unknown: impl Fn(&str) -> bool, replace: bool) {
    for (key, item) in other.iter() {
        if unknown(key) && (replace || !table.contains_key(key)) {
            table.insert(key, item.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_keys_only_the_other_side_has_are_added() {
        let mut ours: DocumentMut =
            "format = \"margent-notes\"\nmine = 1\n\n[document]\ntitle = \"T\"\nlocal = \"a\"\n"
                .parse()
                .unwrap();
        let theirs: DocumentMut = "format = \"margent-notes\"\nmine = 2\nextra = true\n\n[document]\ntitle = \"U\"\nlocal = \"b\"\nreviewed_by = \"kim\"\n"
            .parse()
            .unwrap();
        carry_head_keys(&mut ours, &theirs);
        let text = ours.to_string();
        for expected in [
            "mine = 1",
            "extra = true",
            "title = \"T\"",
            "local = \"a\"",
            "reviewed_by = \"kim\"",
        ] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
        assert!(
            !text.contains("mine = 2") && !text.contains("title = \"U\""),
            "{text}"
        );
    }

    #[test]
    fn annotation_keys_follow_the_winning_side() {
        let theirs: DocumentMut = "[[annotation]]\nnote = \"x\"\ncustom = \"theirs\"\nsecond = 2\n"
            .parse()
            .unwrap();
        let other = first_annotation(&theirs).unwrap();
        for (other_won, custom) in [(false, "ours"), (true, "theirs")] {
            let mut ours: DocumentMut = "[[annotation]]\nnote = \"y\"\ncustom = \"ours\"\n"
                .parse()
                .unwrap();
            let tables = ours["annotation"].as_array_of_tables_mut().unwrap();
            carry_annotation_keys(tables.get_mut(0).unwrap(), other, other_won);
            let text = ours.to_string();
            assert!(text.contains(&format!("custom = \"{custom}\"")), "{text}");
            assert!(
                text.contains("second = 2") && text.contains("note = \"y\""),
                "{text}"
            );
        }
    }
}
