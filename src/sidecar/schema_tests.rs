//! Tests of reading sidecar text: every refusal names its line and column.

use super::*;
use crate::annotation::{DEFAULT_COLOR, Status};
use crate::sidecar::read::Parsed;

fn parse(text: &str) -> Result<Parsed, SchemaError> {
    crate::sidecar::read::parse(&std::sync::Arc::new(text.to_string()))
}

const HEAD: &str =
    "format = \"margent-notes\"\nschema_version = 1\n\n[document]\nfile_name = \"essay.txt\"\n";
const ID: &str = "0193a5b2-7c1d-7e4f-8a9b-000000000001";

/// A file with one annotation whose body is `body` (after the id line).
fn with_annotation(body: &str) -> String {
    format!("{HEAD}\n[[annotation]]\nid = \"{ID}\"\n{body}")
}

const MINIMAL: &str = "kind = \"note\"\ncreated = 2026-11-26T09:26:53Z\nstart = 1\nend = 2\n";

fn error(text: &str) -> SchemaError {
    match parse(text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(err) => err,
    }
}

#[test]
fn reads_a_minimal_hand_written_annotation_with_defaults() {
    let parsed = parse(&with_annotation(MINIMAL)).unwrap();
    let annotation = &parsed.data.annotations[0];
    assert_eq!(annotation.modified, annotation.created);
    assert_eq!(annotation.color, DEFAULT_COLOR);
    assert_eq!(annotation.status, Status::Open);
    assert_eq!((annotation.start, annotation.end), (1, 2));
    assert_eq!(parsed.data.document.file_name, "essay.txt");
}

#[test]
fn a_blank_author_reads_as_none() {
    let parsed = parse(&with_annotation(&format!("{MINIMAL}author = \" \"\n"))).unwrap();
    assert_eq!(parsed.data.annotations[0].author, None);
}

#[test]
fn a_value_of_the_wrong_type_names_its_key_and_type() {
    let err = error(&with_annotation(&format!("{MINIMAL}tags = \"one\"\n")));
    assert_eq!((err.line, err.column), (13, 8), "{err}");
    assert!(
        err.message
            .contains("`tags` must be an array of strings, not string"),
        "{err}"
    );
}

#[test]
fn reads_who_resolved_it_and_when() {
    let resolution = "resolved_by = \"kim\"\nresolved_at = 2026-11-27T10:00:00Z\n";
    let parsed = parse(&with_annotation(&format!("{MINIMAL}{resolution}"))).unwrap();
    let annotation = &parsed.data.annotations[0];
    assert_eq!(annotation.resolved_by.as_deref(), Some("kim"));
    assert_eq!(
        annotation.resolved_at.map(|at| at.to_string()).as_deref(),
        Some("2026-11-27T10:00:00Z")
    );
}

#[test]
fn an_optional_datetime_of_the_wrong_type_points_at_its_value() {
    let err = error(&with_annotation(&format!(
        "{MINIMAL}resolved_at = \"yesterday\"\n"
    )));
    assert_eq!((err.line, err.column), (13, 15), "{err}");
    assert!(
        err.message.contains(
            "`resolved_at` must be a date and time with an offset, like 2026-11-26T09:26:53Z, not string"
        ),
        "{err}"
    );
}

#[test]
fn syntax_errors_give_line_and_column() {
    let err = error(&format!("{HEAD}title = \"unterminated\n"));
    assert_eq!(err.kind, SchemaErrorKind::Syntax);
    assert_eq!(err.line, 6, "{err}");
    assert!(err.to_string().starts_with("line 6, column "), "{err}");
}

#[test]
fn messages_never_carry_control_characters_from_the_file() {
    let hostile = format!("{HEAD}title = \"\u{1b}]0;pwned\u{7}\u{202e}\n");
    let err = error(&hostile).to_string();
    assert!(!err.chars().any(|c| c.is_control() || c == '\u{202e}'), "{err:?}");
    // Escaped in the TOML, so the parsed value holds a raw ESC that the message quotes.
    let err = error(&with_annotation("kind = \"\\u001b[2J\\u202e\"\n")).to_string();
    assert!(!err.chars().any(|c| c.is_control() || c == '\u{202e}'), "{err:?}");
    assert!(err.contains("unknown kind"), "{err}");
}

#[test]
fn wrong_types_point_at_the_value() {
    let err = error(&with_annotation(&MINIMAL.replace("start = 1", "start = \"one\"")));
    assert_eq!((err.line, err.column), (11, 9), "{err}");
    assert!(err.message.contains("`start` must be a whole number"), "{err}");
    let err = error(&with_annotation(&format!("{MINIMAL}tags = [\"a\", 2]\n")));
    assert!(
        err.message.contains("`tags` must be an array of strings"),
        "{err}"
    );
}

#[test]
fn negative_and_out_of_range_offsets_are_refused() {
    let err = error(&with_annotation(&MINIMAL.replace("end = 2", "end = -2")));
    assert_eq!((err.line, err.column), (12, 7), "{err}");
    let err = error(&with_annotation(&MINIMAL.replace("end = 2", "end = 99999999999")));
    assert!(err.message.contains("must be from 0 to"), "{err}");
    let err = error(&with_annotation(&MINIMAL.replace("start = 1", "start = 5")));
    assert!(err.message.contains("before start"), "{err}");
}

#[test]
fn unknown_kind_and_status_are_refused() {
    let err = error(&with_annotation(&MINIMAL.replace("\"note\"", "\"scribble\"")));
    assert!(err.message.contains("unknown kind \"scribble\""), "{err}");
    let err = error(&with_annotation(&format!("{MINIMAL}status = \"done\"\n")));
    assert!(err.message.contains("unknown status \"done\""), "{err}");
}

#[test]
fn duplicate_ids_name_both_lines() {
    let text = format!(
        "{}\n[[annotation]]\nid = \"{ID}\"\n{MINIMAL}",
        with_annotation(MINIMAL)
    );
    let err = error(&text);
    assert_eq!(err.line, 15, "{err}");
    assert!(err.message.contains("duplicate id (also on line 8)"), "{err}");
}

#[test]
fn a_newer_schema_is_its_own_kind_of_error() {
    let err = error("format = \"margent-notes\"\nschema_version = 2\n[document]\n");
    assert_eq!(err.kind, SchemaErrorKind::NewerSchema { found: 2 });
    assert_eq!((err.line, err.column), (2, 18));
}

#[test]
fn other_toml_files_are_not_sidecars() {
    let err = error("[package]\nname = \"x\"\n");
    assert!(err.message.contains("not a margent sidecar"), "{err}");
    let err = error("format = \"margent-notes\"\nschema_version = 1\n");
    assert!(err.message.contains("[document]"), "{err}");
}

#[test]
fn datetimes_need_an_offset() {
    let err = error(&with_annotation(&MINIMAL.replace("09:26:53Z", "09:26:53")));
    assert!(err.message.contains("with an offset"), "{err}");
    let parsed = parse(&with_annotation(
        &MINIMAL.replace("09:26:53Z", "10:26:53.75+01:00"),
    ))
    .unwrap();
    assert_eq!(
        parsed.data.annotations[0].created.to_string(),
        "2026-11-26T09:26:53Z"
    );
}

#[test]
fn missing_required_keys_point_at_the_table() {
    let err = error(&with_annotation(&MINIMAL.replace("start = 1\n", "")));
    assert_eq!(err.line, 7, "{err}");
    assert!(err.message.contains("without `start`"), "{err}");
}

#[test]
fn ids_must_be_canonical_uuids() {
    let text = with_annotation(MINIMAL).replace(ID, "my-note");
    let err = error(&text);
    assert_eq!((err.line, err.column), (8, 6), "{err}");
}

#[test]
fn line_column_counts_characters_not_bytes() {
    assert_eq!(line_column("ab\n中文x", 9), (2, 3));
    assert_eq!(line_column("", 0), (1, 1));
}
