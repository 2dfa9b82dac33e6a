//! Specifications of the annotation model: its names, its keys and their order, the
//! builder, and the rules applied after reading.

use super::*;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

#[test]
fn kind_and_status_names_round_trip() {
    for kind in Kind::ALL {
        assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
    }
    assert_eq!("resolved".parse::<Status>(), Ok(Status::Resolved));
    assert!("Highlight".parse::<Kind>().is_err());
}

#[test]
fn kind_and_status_are_stored_under_their_names() {
    for kind in Kind::ALL {
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
    }
    for status in [Status::Open, Status::Resolved] {
        assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
    }
}

#[test]
fn new_ids_are_time_ordered_uuid_v7() {
    let first = new_id();
    let second = new_id();
    assert!(first < second, "{first} !< {second}");
    assert_eq!(uuid::Uuid::parse_str(&first).unwrap().get_version_num(), 7);
}

#[test]
fn now_has_whole_seconds() {
    assert_eq!(now().subsec_nanosecond(), 0);
}

#[test]
fn the_keys_are_those_of_design_section_1_4_in_its_order() {
    assert_eq!(
        Annotation::keys(),
        [
            "id",
            "kind",
            "created",
            "modified",
            "color",
            "exact",
            "prefix",
            "suffix",
            "start",
            "end",
            "tags",
            "note",
            "status",
            "author",
            "resolved_by",
            "resolved_at",
        ]
    );
}

#[test]
fn the_id_key_is_the_first() {
    assert_eq!(Annotation::keys()[0], Annotation::ID_KEY);
}

#[test]
fn a_new_annotation_has_what_a_fresh_one_has() {
    let annotation = Annotation::new(Kind::Highlight, "quoted", 3..9);
    assert_eq!((annotation.start, annotation.end), (3, 9));
    assert_eq!(annotation.exact, "quoted");
    assert_eq!(annotation.created, annotation.modified);
    assert_eq!(annotation.color, DEFAULT_COLOR);
    assert_eq!(annotation.status, Status::Open);
    assert!(annotation.tags.is_empty() && annotation.note.is_empty());
    assert_eq!(
        (annotation.author, annotation.resolved_by, annotation.resolved_at),
        (None, None, None)
    );
}

#[test]
fn in_text_takes_the_quote_and_up_to_32_code_points_either_side() {
    let text = format!("{}《引文》{}", "前".repeat(40), "後".repeat(40));
    let annotation = Annotation::in_text(Kind::Note, &text, 40..44);
    assert_eq!(annotation.exact, "《引文》");
    assert_eq!(annotation.prefix, "前".repeat(32));
    assert_eq!(annotation.suffix, "後".repeat(32));
    let near_the_end = Annotation::in_text(Kind::Note, "short", 2..99);
    assert_eq!(
        (near_the_end.exact.as_str(), near_the_end.prefix.as_str()),
        ("ort", "sh")
    );
}

#[test]
fn setters_chain() {
    let annotation = Annotation::new(Kind::Mark, "x", 0..1)
        .with_id("0193a5b2-7c1d-7e4f-8a9b-000000000001")
        .with_color("pink")
        .with_tags(["a", "b"])
        .with_note("why")
        .with_status(Status::Resolved)
        .with_author(Some("Ada".to_string()))
        .created_at(at("2026-11-26T09:00:00Z"))
        .modified_at(at("2026-11-27T09:00:00Z"));
    assert_eq!(annotation.id, "0193a5b2-7c1d-7e4f-8a9b-000000000001");
    assert_eq!(
        (annotation.color.as_str(), annotation.note.as_str()),
        ("pink", "why")
    );
    assert_eq!(annotation.tags, ["a", "b"]);
    assert_eq!(annotation.status, Status::Resolved);
    assert_eq!(annotation.author.as_deref(), Some("Ada"));
    assert!(annotation.created < annotation.modified);
}

#[test]
fn a_blank_author_is_no_author() {
    for blank in ["", "   ", "\t\n"] {
        let annotation = Annotation::new(Kind::Mark, "x", 0..1).with_author(Some(blank.to_string()));
        assert_eq!(annotation.author, None, "{blank:?}");
    }
    let spaced = Annotation::new(Kind::Mark, "x", 0..1).with_author(Some(" Ada ".to_string()));
    assert_eq!(
        spaced.author.as_deref(),
        Some(" Ada "),
        "a name is kept as written"
    );
    let mut made_by_hand = Annotation::new(Kind::Mark, "x", 0..1);
    made_by_hand.author = Some(" ".to_string());
    made_by_hand.resolved_by = Some(String::new());
    let normalised = made_by_hand.normalised();
    assert_eq!((normalised.author, normalised.resolved_by), (None, None));
}

#[test]
fn json_holds_every_key_with_plain_strings_and_reads_back() {
    let annotation = Annotation::new(Kind::Note, "a\nb", 1..4)
        .with_id("0193a5b2-7c1d-7e4f-8a9b-000000000001")
        .created_at(at("2026-11-26T09:26:53Z"));
    let json = serde_json::to_value(&annotation).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, Annotation::keys());
    assert_eq!(json["created"], "2026-11-26T09:26:53Z");
    assert_eq!(json["exact"], "a\nb");
    assert!(json["resolved_at"].is_null());
    let back: Annotation = serde_json::from_value(json).unwrap();
    assert_eq!(back, annotation);
}

#[test]
fn read_without_modified_it_was_never_modified() {
    let json = serde_json::json!({
        "id": "0193a5b2-7c1d-7e4f-8a9b-000000000001",
        "kind": "highlight",
        "created": "2026-11-26T10:26:53.5+01:00",
        "start": 0,
        "end": 1,
        "author": " ",
        "resolved_at": "2026-11-27T10:00:00Z",
    });
    let annotation: Annotation = serde_json::from_value(json).unwrap();
    assert_eq!(annotation.created, at("2026-11-26T09:26:53Z"));
    assert_eq!(annotation.modified, annotation.created);
    assert_eq!(annotation.author, None);
    assert_eq!(annotation.resolved_at, Some(at("2026-11-27T10:00:00Z")));
}

#[test]
fn datetimes_are_written_in_utc_with_whole_seconds() {
    let written = stored::Rfc3339(at("2026-11-26T10:26:53.9+01:00")).to_string();
    assert_eq!(written, "2026-11-26T09:26:53Z");
}

#[test]
fn resolving_records_who_and_when_and_opening_forgets_both() {
    let mut annotation = Annotation::new(Kind::Highlight, "x", 0..1);
    let when = at("2026-11-27T10:00:00Z");
    annotation.set_status(Status::Resolved, Some("kim".to_string()), when);
    assert_eq!(
        (
            annotation.status,
            annotation.resolved_by.as_deref(),
            annotation.resolved_at
        ),
        (Status::Resolved, Some("kim"), Some(when))
    );
    annotation.set_status(Status::Resolved, Some("  ".to_string()), when);
    assert_eq!(annotation.resolved_by, None, "a blank name names nobody");
    annotation.set_status(Status::Open, Some("kim".to_string()), when);
    assert_eq!(
        (annotation.status, annotation.resolved_by, annotation.resolved_at),
        (Status::Open, None, None)
    );
}
