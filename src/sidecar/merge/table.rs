//! The three-way merge of one TOML table's text (an `[[annotation]]`, `[document]`, the
//! file's top level, a table of a person's own), key by key with toml_edit. Pure.
//!
//! Known keys get the merged data's values (`fields.rs` decided them), written as a side
//! wrote them when that side holds the merged value; keys margent does not know merge
//! three-way on their text, a change on both sides going to the later edit. The text
//! around keys (comment lines above them, comments after values, the comments above the
//! table's header) merges three-way too (`lines.rs`), so comments from both sides stay;
//! a comment above a key the merge drops, or after its value, moves down to the next key.
//! Keys are in the order of one side (the "layout" side, chosen by a symmetric rule), with
//! the other side's new keys after the key they followed there.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use toml_edit::{Decor, Item, Key, Table, Value};

use super::fields::{Clash, Later};
use super::lines::{merge_block, merge_trailing, three_way};
use crate::sidecar::ser::Field;

/// The canonical text of each known key's value: merged, and each side's.
pub(super) struct Known {
    pub merged: Vec<Field>,
    pub ours: Vec<Field>,
    pub theirs: Vec<Field>,
}

impl Known {
    fn text<'f>(fields: &'f [Field], key: &str) -> Option<Option<&'f str>> {
        fields
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, text)| text.as_deref())
    }
}

/// One table in its three versions, and what decides among them.
pub(super) struct TableMerge<'a> {
    pub base: Option<&'a Table>,
    pub ours: &'a Table,
    pub theirs: &'a Table,
    /// The known keys of this table (`None`: margent knows none of its keys).
    pub known: Option<&'a Known>,
    /// A child table whose keys margent knows (`[document]` in the top level).
    pub child: Option<(&'a str, &'a Known)>,
    pub later: Later,
    /// Write a known key's value from its canonical text even where a side left the key
    /// out (the second try, when leaving it out did not read back as merged).
    pub spell_out: bool,
}

/// The merged table, and comment lines left over after its last key (a comment above a
/// key the merge dropped) for the caller to put after the table.
pub(super) fn merge_table(merge: &TableMerge<'_>, clashes: &mut Vec<Clash>) -> (Table, String) {
    let layout = layout_side(merge.base, merge.ours, merge.theirs);
    let (first, second) = match layout {
        Ordering::Greater | Ordering::Equal => (merge.ours, merge.theirs),
        Ordering::Less => (merge.theirs, merge.ours),
    };
    let mut out = Table::new();
    out.set_implicit(first.is_implicit());
    out.set_dotted(first.is_dotted());
    out.set_position(first.position());
    let [base, ours, theirs] =
        [merge.base, Some(merge.ours), Some(merge.theirs)].map(|t| t.map(Table::decor));
    *out.decor_mut() = merge_decor(base, ours, theirs, merge_trailing);
    let mut orphans = String::new();
    for key in key_order(first, second, merge.known) {
        let prefix = merged_key_prefix(merge, &key);
        let Some(mut item) = merged_item(merge, &key, clashes, &mut orphans) else {
            orphans.push_str(&comment_lines(prefix.as_deref().unwrap_or_default()));
            orphans.push_str(&trailing_comment_line(&merge_value_decor(merge, &key)));
            continue;
        };
        if let Item::Value(value) = &mut item {
            *value.decor_mut() = merge_value_decor(merge, &key);
        }
        let mut formatted = first
            .key(&key)
            .or_else(|| second.key(&key))
            .cloned()
            .unwrap_or_else(|| Key::new(key.as_str()));
        let key_decor = formatted.leaf_decor_mut();
        let prefix = std::mem::take(&mut orphans) + prefix.as_deref().unwrap_or_default();
        if !prefix.is_empty() || key_decor.prefix().is_some() {
            key_decor.set_prefix(prefix);
        }
        out.insert_formatted(&formatted, item);
    }
    (out, orphans)
}

/// Whose key order and spacing the merged table takes: the side that changed the table
/// if only one did, else the side whose text sorts last. `Greater`: ours.
fn layout_side(base: Option<&Table>, ours: &Table, theirs: &Table) -> Ordering {
    let (ours_text, theirs_text) = (ours.to_string(), theirs.to_string());
    match base.map(Table::to_string) {
        Some(base) if base == ours_text && base != theirs_text => Ordering::Less,
        Some(base) if base == theirs_text => Ordering::Greater,
        _ => ours_text.cmp(&theirs_text),
    }
}

/// The layout side's keys; each key only the other side has goes after the key it
/// followed there; known keys neither has (a value the merge made) after the known key
/// before them.
fn key_order<'t>(first: &'t Table, second: &'t Table, known: Option<&'t Known>) -> Vec<String> {
    let mut present: HashSet<&str> = first.iter().map(|(key, _)| key).collect();
    let mut after: HashMap<Option<&'t str>, Vec<&'t str>> = HashMap::new();
    let mut anchor = None;
    for (key, _) in second.iter() {
        if !present.contains(key) {
            after.entry(anchor).or_default().push(key);
        }
        anchor = Some(key);
    }
    present.extend(second.iter().map(|(key, _)| key));
    let mut previous = None;
    for (key, text) in known.map_or(&[][..], |known| known.merged.as_slice()) {
        let added = text.is_some() && !present.contains(key);
        if added {
            after.entry(previous).or_default().push(key);
        }
        if added || present.contains(key) {
            previous = Some(key);
        }
    }
    let mut order = Vec::with_capacity(first.len() + after.values().map(Vec::len).sum::<usize>());
    emit_after(None, &mut after, &mut order);
    for (key, _) in first.iter() {
        order.push(key.to_string());
        emit_after(Some(key), &mut after, &mut order);
    }
    order
}

/// Appends the keys that go after `anchor`, each followed by those that go after it.
fn emit_after<'t>(
    anchor: Option<&'t str>,
    after: &mut HashMap<Option<&'t str>, Vec<&'t str>>,
    order: &mut Vec<String>,
) {
    let mut stack: Vec<&str> = after.remove(&anchor).unwrap_or_default();
    stack.reverse();
    while let Some(key) = stack.pop() {
        order.push(key.to_string());
        if let Some(keys) = after.remove(&Some(key)) {
            stack.extend(keys.into_iter().rev());
        }
    }
}

/// The merged item for `key`; `None`: the key is left out.
fn merged_item(
    merge: &TableMerge<'_>,
    key: &str,
    clashes: &mut Vec<Clash>,
    orphans: &mut String,
) -> Option<Item> {
    let [base, ours, theirs] =
        [merge.base, Some(merge.ours), Some(merge.theirs)].map(|t| t.and_then(|t| t.get(key)));
    if let Some(known) = merge.known
        && let Some(merged) = Known::text(&known.merged, key)
    {
        return known_item(merge, [base, ours, theirs], merged?, known, key);
    }
    if let (Some(Item::Table(ours)), Some(Item::Table(theirs))) = (ours, theirs) {
        let child = TableMerge {
            base: base.and_then(Item::as_table),
            ours,
            theirs,
            known: merge
                .child
                .filter(|(name, _)| *name == key)
                .map(|(_, known)| known),
            child: None,
            later: merge.later,
            spell_out: merge.spell_out,
        };
        let (table, left_over) = merge_table(&child, clashes);
        orphans.push_str(&left_over);
        return Some(Item::Table(table));
    }
    // A child whose keys margent knows but that is not written as a table (an inline
    // `document = { … }`): its values' clashes are reported by the data merge.
    let mut unreported = Vec::new();
    let known_child = merge.child.is_some_and(|(name, _)| name == key);
    let report = if known_child { &mut unreported } else { clashes };
    unknown_item(merge.later, key, [base, ours, theirs], report)
}

/// A key margent does not know: three-way on its text; changed differently on both
/// sides, the later edit's (the greater text on a tie).
fn unknown_item(
    later: Later,
    key: &str,
    items: [Option<&Item>; 3],
    clashes: &mut Vec<Clash>,
) -> Option<Item> {
    let [_, ours, theirs] = items;
    let [base_text, ours_text, theirs_text] = items.map(|item| item.map(item_text));
    let chosen = if ours_text == theirs_text || base_text == theirs_text {
        ours
    } else if base_text == ours_text {
        theirs
    } else {
        clashes.push(Clash::UnknownKey(key.to_string()));
        match later {
            Ordering::Greater => ours,
            Ordering::Less => theirs,
            Ordering::Equal if ours_text >= theirs_text => ours,
            Ordering::Equal => theirs,
        }
    };
    chosen.cloned()
}

/// A known key's item: as a side wrote it when that side holds the merged value, else
/// the canonical text of the merged value.
fn known_item(
    merge: &TableMerge<'_>,
    items: [Option<&Item>; 3],
    merged: &str,
    known: &Known,
    key: &str,
) -> Option<Item> {
    let [base, ours, theirs] = items;
    let holds = |fields: &[Field]| Known::text(fields, key) == Some(Some(merged));
    let chosen = match (holds(&known.ours), holds(&known.theirs)) {
        (true, true) => {
            let [base_text, ours_text, theirs_text] = [base, ours, theirs].map(|item| item.map(item_text));
            if three_way(Some(&base_text), &ours_text, &theirs_text) == ours_text {
                ours
            } else {
                theirs
            }
        }
        (true, false) => ours,
        (false, true) => theirs,
        (false, false) => None,
    };
    match chosen {
        Some(item) => Some(item.clone()),
        None if !merge.spell_out && (holds(&known.ours) || holds(&known.theirs)) => None,
        None => merged.parse::<Value>().ok().map(Item::Value),
    }
}

/// An item's text without the spaces and comments around it.
fn item_text(item: &Item) -> String {
    match item {
        Item::Value(value) => {
            let mut value = value.clone();
            value.decor_mut().clear();
            value.to_string()
        }
        other => other.to_string(),
    }
}

fn merged_key_prefix(merge: &TableMerge<'_>, key: &str) -> Option<String> {
    let [base, ours, theirs] = [merge.base, Some(merge.ours), Some(merge.theirs)].map(|t| {
        t.and_then(|t| t.key(key))
            .and_then(|key| raw(key.leaf_decor().prefix()))
    });
    merge_optional(merge.base.map(|_| base), ours, theirs, merge_block)
}

fn merge_value_decor(merge: &TableMerge<'_>, key: &str) -> Decor {
    let [base, ours, theirs] = [merge.base, Some(merge.ours), Some(merge.theirs)].map(|t| {
        t.and_then(|t| t.get(key))
            .and_then(Item::as_value)
            .map(Value::decor)
    });
    merge_decor(base, ours, theirs, merge_trailing)
}

/// Merges decor: the prefix as a block of lines, the suffix with `merge_suffix`.
fn merge_decor(
    base: Option<&Decor>,
    ours: Option<&Decor>,
    theirs: Option<&Decor>,
    merge_suffix: fn(Option<&str>, &str, &str) -> String,
) -> Decor {
    fn prefix(decor: Option<&Decor>) -> Option<&str> {
        decor.and_then(|decor| raw(decor.prefix()))
    }
    fn suffix(decor: Option<&Decor>) -> Option<&str> {
        decor.and_then(|decor| raw(decor.suffix()))
    }
    let mut decor = Decor::default();
    if let Some(text) = merge_optional(Some(prefix(base)), prefix(ours), prefix(theirs), merge_block) {
        decor.set_prefix(text);
    }
    if let Some(text) = merge_optional(Some(suffix(base)), suffix(ours), suffix(theirs), merge_suffix) {
        decor.set_suffix(text);
    }
    decor
}

/// A three-way merge of texts that may be absent (a key one side lacks, default decor).
fn merge_optional(
    base: Option<Option<&str>>,
    ours: Option<&str>,
    theirs: Option<&str>,
    merge_texts: fn(Option<&str>, &str, &str) -> String,
) -> Option<String> {
    let chosen = if ours == theirs || base == Some(theirs) {
        ours
    } else if base == Some(ours) {
        theirs
    } else {
        return match (ours, theirs) {
            (Some(ours), Some(theirs)) => Some(merge_texts(base.flatten(), ours, theirs)),
            (text, None) | (None, text) => text.map(str::to_string),
        };
    };
    chosen.map(str::to_string)
}

fn raw(text: Option<&toml_edit::RawString>) -> Option<&str> {
    text.and_then(toml_edit::RawString::as_str)
}

/// The comment lines of a key's prefix (its indentation and blank lines go with it).
fn comment_lines(prefix: &str) -> String {
    prefix
        .split_inclusive('\n')
        .filter(|line| line.trim_start().starts_with('#'))
        .map(|line| line.trim_start())
        .collect()
}

/// The comment after a dropped key's value (`key = 1 # why`) as a line of its own, so
/// that dropping the key does not drop what a person wrote beside it.
fn trailing_comment_line(decor: &Decor) -> String {
    let suffix = raw(decor.suffix()).unwrap_or_default();
    match suffix.find('#') {
        Some(at) => format!("{}\n", suffix[at..].trim_end()),
        None => String::new(),
    }
}
