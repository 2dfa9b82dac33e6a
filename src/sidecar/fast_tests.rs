//! Tests of the fast reader: it reads margent's own files, hands anything unusual to
//! toml_edit, and never reads a file differently from toml_edit.

use std::sync::Arc;

use proptest::prelude::*;

use crate::sidecar::model::SidecarData;
use crate::sidecar::read::{Parsed, parse_fast, parse_whole};
use crate::sidecar::test_support::{annotation, any_data, data};

fn file_text(data: &SidecarData) -> String {
    crate::sidecar::encode::file_text(data).unwrap()
}

fn canonical(ids: &[u32]) -> String {
    file_text(&data(ids))
}

fn same(fast: &Parsed, whole: &Parsed) -> bool {
    fast.data == whole.data
        && fast.tables == whole.tables
        && fast.tail == whole.tail
        && fast.head.to_string() == whole.head.to_string()
}

#[test]
fn reads_margents_own_files() {
    let text = canonical(&[1, 2, 3]);
    let fast = parse_fast(&text).expect("the fast path reads canonical files");
    assert!(same(&fast, &parse_whole(&text).unwrap()));
    assert_eq!(fast.data.annotations.len(), 3);
}

#[test]
fn a_header_line_inside_a_note_does_not_start_a_table() {
    let mut sneaky = data(&[1]);
    Arc::make_mut(&mut sneaky.annotations[0]).note = "x\n[[annotation]]\nid = \"y\"\n[other]".to_string();
    let text = file_text(&sneaky);
    let fast = parse_fast(&text).expect("fast path");
    assert_eq!(fast.data, sneaky);
}

#[test]
fn comments_and_blank_lines_go_with_the_table_below_them() {
    let text = canonical(&[1, 2]).replacen("\n[[annotation]]", "\n# one\n\n[[annotation]]", 2) + "\n# end\n";
    let fast = parse_fast(&text).unwrap();
    assert!(fast.tables[0].starts_with("\n# one\n\n[[annotation]]"));
    assert!(fast.tables[1].starts_with("\n# one\n\n[[annotation]]"));
    assert_eq!(fast.tail, "\n# end\n");
    assert!(same(&fast, &parse_whole(&text).unwrap()));
}

#[test]
fn anything_unusual_is_left_to_toml_edit() {
    let text = canonical(&[1]);
    let unusual = [
        text.replace("color = \"yellow\"", "color = 'yel\u{1}low'"),
        text.replace("note = \"\"\"", "note = '''x''''"),
        text.replace('\n', "\r\n"),
        text.replace("start = 249", "start = 2_49"),
        text.replace("start = 249", "start = -249"),
        text.replace("start = 249", "start = 0249"),
        text.replace("created = 2026-11-26T09:26:53Z", "created = 2026-11-26 09:26:53Z"),
        text.replace("note = \"\"\"", "note = \"\"\"\\e"),
        text.replace("tags = [\"close-reading\"]", "tags = [\n  \"close-reading\",\n]"),
        text.replace("status = \"open\"", "status = \"open\" # \u{1}"),
        text.replace("status = \"open\"", "status = \"open\"\nextra = { a = 1 }"),
        format!("{text}\n[extra]\nkept = true\n"),
        text.replace("[[annotation]]", "[[ annotation ]]"),
    ];
    for text in unusual {
        assert!(parse_fast(&text).is_none(), "fast path took:\n{text}");
    }
}

#[test]
fn literal_strings_stay_on_the_fast_path_and_read_as_toml_edit_reads_them() {
    let text = canonical(&[1, 2]);
    let literal = [
        text.replace("color = \"yellow\"", "color = 'yellow'"),
        text.replace(
            "tags = [\"close-reading\"]",
            "tags = ['close-reading', \"b\\\\\"]",
        ),
        text.replacen(
            "status = \"open\"",
            "status = 'open'\nextra = 'a \\ \"b\" \t c'",
            1,
        ),
        text.replacen(
            "status = \"open\"",
            "status = 'open'\nextra = '''\nline \\ one\n'line' two'''",
            1,
        ),
        text.replacen("status = \"open\"", "status = 'open'\nextra = '''kept\n\n'''", 1),
    ];
    for text in literal {
        let fast = parse_fast(&text).unwrap_or_else(|| panic!("fast path refused:\n{text}"));
        assert!(same(&fast, &parse_whole(&text).unwrap()), "{text}");
    }
}

#[test]
fn invalid_or_duplicate_annotations_are_left_to_toml_edit() {
    let text = canonical(&[1]);
    assert!(parse_fast(&text.replace("start = 249", "start = 999")).is_none());
    assert!(parse_fast(&text.replace("kind = \"note\"", "kind = \"scribble\"")).is_none());
    assert!(parse_fast(&text.replace("status = \"open\"", "status = \"open\"\nstatus = \"open\"")).is_none());
    let mut twice = text.clone();
    let table = &text[text.find("\n[[annotation]]").unwrap()..];
    twice.push_str(table);
    assert!(parse_fast(&twice).is_none());
    assert!(parse_whole(&twice).is_err());
}

#[test]
fn unknown_keys_with_simple_values_stay_on_the_fast_path() {
    let text = canonical(&[1]).replace(
        "status = \"open\"",
        "status = \"open\"\nmood = \"ok\"\nlevel = 3\nseen = true",
    );
    let fast = parse_fast(&text).expect("fast path");
    assert_eq!(fast.data.annotations, [annotation(1)]);
}

/// Characters that matter to TOML's syntax, for mutating files.
fn interesting_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        '"', '\'', '\\', '#', '[', ']', '=', ',', '\n', '\r', ' ', '\t', '\u{1}', 'x', '0', '-', 'Z', 'u',
        'e',
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn canonical_files_take_the_fast_path_and_read_as_toml_edit_reads_them(data in any_data()) {
        let text = file_text(&data);
        let fast = parse_fast(&text);
        prop_assert!(fast.is_some(), "fast path refused:\n{}", text);
        let fast = fast.unwrap();
        prop_assert!(same(&fast, &parse_whole(&text).unwrap()));
        prop_assert_eq!(fast.data, data);
    }

    /// The safety net: whatever damage or hand edit a file has, the fast path either
    /// declines or reads exactly what toml_edit reads.
    #[test]
    fn the_fast_path_never_disagrees_with_toml_edit(
        data in any_data(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, interesting_char()), 1..4),
    ) {
        let mut text = file_text(&data);
        for (at, action, c) in edits {
            let mut at = at.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match action {
                0 => text.insert(at, c),
                1 if at < text.len() => {
                    text.remove(at);
                }
                _ if at < text.len() => {
                    text.remove(at);
                    text.insert(at, c);
                }
                _ => {}
            }
        }
        if let Some(fast) = parse_fast(&text) {
            let whole = parse_whole(&text);
            prop_assert!(whole.is_ok(), "fast path accepted what toml_edit refuses:\n{}", text);
            // toml_edit may lay a table out anew (a missing final line break); the data
            // must agree, and the fast path's parts must be the text itself.
            prop_assert_eq!(&fast.data, &whole.unwrap().data, "the paths disagree on:\n{}", text);
            let in_file_order = fast.data.annotations.windows(2).all(|pair| {
                text.find(&format!("id = \"{}\"", pair[0].id)) < text.find(&format!("id = \"{}\"", pair[1].id))
            });
            if in_file_order {
                // (the head is toml_edit's to print, with its own small normalisations)
                let tables = fast.tables.iter().collect::<String>() + &fast.tail;
                prop_assert!(text.ends_with(&tables), "tables are not the text's end:\n{}", text);
            }
        }
    }
}

/// A file of `count` annotations over a few megabytes: comments between some tables,
/// and notes that hold header lines (so that cuts fall inside multi-line strings).
fn large_file(count: u32, sneaky_every: u32) -> String {
    let mut big = data(&(1..=count).collect::<Vec<_>>());
    for (n, a) in big.annotations.iter_mut().enumerate() {
        let a = Arc::make_mut(a);
        a.note = format!("{} {n}", "a note long enough to make the file large. ".repeat(6));
        if sneaky_every > 0 && (n as u32).is_multiple_of(sneaky_every) {
            a.note.push_str("\n[[annotation]]\nid = \"not a table\"\n");
        }
    }
    let text = file_text(&big);
    text.replacen("\n[[annotation]]", "\n# a comment\n\n[[annotation]]", 500)
}

#[test]
fn a_large_file_read_in_parts_is_read_as_in_one() {
    for sneaky_every in [0, 3] {
        let text = large_file(12_000, sneaky_every);
        assert!(
            text.len() > 4 << 20,
            "{} bytes: too few for several parts",
            text.len()
        );
        let whole = parse_whole(&text).unwrap();
        let one = crate::sidecar::fast::read_on(&text, 0, 1).unwrap();
        for threads in [2, 3, 8] {
            let parts = crate::sidecar::fast::read_on(&text, 0, threads).expect("the fast path reads it");
            assert_eq!(parts.tables, one.tables, "{threads} threads");
            assert_eq!(parts.tail, one.tail);
            assert_eq!(parts.annotations, one.annotations);
        }
        assert_eq!(one.annotations, whole.data.annotations);
        let parsed = crate::sidecar::read::parse(&Arc::new(text.clone())).unwrap();
        assert!(same(&parsed, &whole), "sneaky every {sneaky_every}");
    }
}
