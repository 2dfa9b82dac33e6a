//! JSON sources: Hypothesis's own test baselines and the W3C model's examples
//! (tests/fixtures/import/w3c), and damaged JSON.

use super::*;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/import/w3c/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

fn items(parsed: &Parsed) -> Vec<&Item> {
    parsed.books.iter().flat_map(|group| &group.items).collect()
}

#[test]
fn hypothesis_rows_give_quote_context_position_note_and_user() {
    let parsed = parse(&fixture("wikipedia-regression-testing.json"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.item_count(), 5);
    let book = &parsed.books[0].book;
    assert_eq!(book.title, "Regression testing - Wikipedia");
    assert_eq!(
        book.url.as_deref(),
        Some("https://en.wikipedia.org/wiki/Regression_testing")
    );
    let footer = items(&parsed)
        .into_iter()
        .find(|item| item.note == "Footer")
        .unwrap();
    assert_eq!(footer.quote, "11 November 2016");
    assert_eq!(footer.kind, Kind::Note);
    assert_eq!(footer.author.as_deref(), Some("mark"));
    assert!(footer.position.is_some() && footer.prefix.is_some());
    assert_eq!(
        footer.created,
        Some(
            "2016-12-16T11:24:14Z"
                .parse::<Timestamp>()
                .unwrap()
                .checked_add(jiff::SignedDuration::from_micros(673_557))
                .unwrap()
        )
    );
    let minimal = parse(&fixture("minimal.json"));
    let only = items(&minimal)[0].clone();
    assert_eq!((only.quote.as_str(), only.position.clone()), ("Two", Some(4..7)));
    assert_eq!(only.suffix.as_deref(), Some(" Three\n"));
    assert_eq!(only.margent_id, None, "\"test\" is no UUID");
}

#[test]
fn w3c_examples_with_plain_and_refined_selectors() {
    let anno26 = parse(&fixture("anno26.json"));
    let item = items(&anno26)[0].clone();
    assert_eq!(
        (item.quote.as_str(), item.prefix.as_deref()),
        ("anotation", Some("this is an "))
    );
    assert_eq!(
        anno26.books[0].book.url.as_deref(),
        Some("http://example.org/page1")
    );
    let anno32 = parse(&fixture("anno32.json"));
    assert_eq!(items(&anno32)[0].quote, "Selected Text");
    // Example 27 has only a position and a body (a link): no quote to anchor by, so
    // it is kept as a note to be placed as an orphan, never dropped.
    let anno27 = parse(&fixture("anno27.json"));
    assert!(anno27.problems.is_empty(), "{:?}", anno27.problems);
    assert_eq!(
        (items(&anno27)[0].quote.as_str(), items(&anno27)[0].note.as_str()),
        ("", "http://example.org/review1")
    );
    // With no quote and no note, nothing is kept, and that is said (an empty quote too).
    let empty = parse(
        r#"[{"id": "e", "target": {"selector": {"type": "TextQuoteSelector", "exact": ""}}}, {"id": "n", "target": {"selector": {"type": "TextQuoteSelector", "exact": 12345}}}]"#,
    );
    assert_eq!((empty.item_count(), empty.problems.len()), (0, 2));
    // A page note (no quote, a note) is kept with its note, to be placed as an orphan;
    // so is margent's own export of a note with no quote.
    let page_note = parse(
        r#"[{"id": "p", "text": "a page note", "target": [{"source": "http://example.org/a", "selector": [{"type": "TextPositionSelector", "start": 3, "end": 9}]}]},
            {"id": "q", "type": "Annotation", "motivation": "commenting", "body": [{"type": "TextualBody", "value": "my note", "purpose": "commenting"}], "target": {"source": "file:///a.txt", "selector": [{"type": "TextQuoteSelector", "exact": ""}]}}]"#,
    );
    assert!(page_note.problems.is_empty(), "{:?}", page_note.problems);
    let kept: Vec<(&str, &str, Kind, bool)> = items(&page_note)
        .iter()
        .map(|item| {
            (
                item.quote.as_str(),
                item.note.as_str(),
                item.kind,
                item.position.is_none(),
            )
        })
        .collect();
    assert_eq!(
        kept,
        [
            ("", "a page note", Kind::Note, true),
            ("", "my note", Kind::Note, true)
        ]
    );
}

#[test]
fn a_collection_with_bodies_ids_and_resolution() {
    let json = r#"{"type":"AnnotationCollection","label":"Essay","first":{"type":"AnnotationPage","items":[
      {"id":"urn:uuid:0193A5B2-7C1D-7E4F-8A9B-000000000001","type":"Annotation","motivation":"commenting",
       "created":"2026-11-26T09:00:00Z","creator":{"type":"Person","name":"ana"},
       "body":[{"type":"TextualBody","value":"why?","purpose":"commenting"},
               {"type":"TextualBody","value":"q","purpose":"tagging"},
               {"type":"TextualBody","value":"resolved","purpose":"assessing","creator":{"name":"bo"},"created":"2026-11-27T10:00:00Z"},
               {"type":"TextualBody","value":"orphaned: …","purpose":"describing"}],
       "target":{"source":"file:///essay.txt","styleClass":"green","selector":[{"type":"TextQuoteSelector","exact":"slow"}]}}]}}"#;
    let parsed = parse(json);
    let item = items(&parsed)[0].clone();
    assert_eq!(parsed.books[0].book.title, "Essay");
    assert_eq!(
        item.margent_id.as_deref(),
        Some("0193a5b2-7c1d-7e4f-8a9b-000000000001")
    );
    assert_eq!(
        (item.note.as_str(), item.tags.clone(), item.kind),
        ("why?", vec!["q".to_string()], Kind::Note)
    );
    assert_eq!(
        (item.status, item.resolved_by.as_deref()),
        (Status::Resolved, Some("bo"))
    );
    assert_eq!(
        (item.author.as_deref(), item.color.as_deref()),
        (Some("ana"), Some("green"))
    );
}

#[test]
fn damaged_json_names_its_line() {
    let whole = fixture("wikipedia-regression-testing.json");
    let all = parse(&whole);
    let parsed = parse(&whole[..whole.len() / 2]);
    // The rows before the cut are whole: they are read; the rest is reported.
    let read = parsed.item_count();
    assert!(
        read >= 1 && read < all.item_count(),
        "{read} of {}",
        all.item_count()
    );
    for (cut, full) in items(&parsed).into_iter().zip(items(&all)) {
        assert_eq!(cut, full);
    }
    assert_eq!(parsed.problems.len(), 1);
    assert!(parsed.problems[0].line > 1);
    assert!(parsed.problems[0].message.contains("annotations before it read"));
    let garbage = parse("{\"rows\": [}");
    assert_eq!((garbage.item_count(), garbage.problems.len()), (0, 1));
}

/// Read a piece at a time from a file (as `margent import` reads it), every sample gives
/// what it gives read whole, bytes that are not UTF-8 and a cut file included.
#[test]
fn read_a_piece_at_a_time_every_sample_gives_the_same() {
    use crate::import::{Format, parse_bytes, parse_stream};
    let folder = format!("{}/tests/fixtures/import/w3c", env!("CARGO_MANIFEST_DIR"));
    let mut samples: Vec<Vec<u8>> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
        .collect();
    let rows = fixture("wikipedia-regression-testing.json").into_bytes();
    let at = rows.windows(5).position(|w| w == b"exact").unwrap() + 12;
    let mut damaged = b"\xef\xbb\xbf".to_vec();
    damaged.extend_from_slice(&rows[..at]);
    damaged.extend_from_slice(b"\xff\xe4\xb8");
    damaged.extend_from_slice(&rows[at..rows.len() * 3 / 4]);
    samples.push(damaged);
    for bytes in &samples {
        let whole = parse_bytes(Format::Hypothesis, bytes);
        let streamed = parse_stream(
            Format::Hypothesis,
            std::io::BufReader::with_capacity(7, &bytes[..]),
        )
        .unwrap();
        assert_eq!(streamed, whole);
        assert!(whole.item_count() + whole.problems.len() > 0);
    }
    let damaged = parse_bytes(Format::Hypothesis, samples.last().unwrap());
    assert!(damaged.item_count() > 0);
    let messages: Vec<&str> = damaged.problems.iter().map(|p| &p.message[..12]).collect();
    assert_eq!(messages, ["bytes that a", "not valid JS"]);
}

/// A container's keys may come in any order: its title or label applies to the
/// annotations read before it.
#[test]
fn a_title_after_the_annotations_still_names_their_book() {
    let annotation =
        r#"{"id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "kind": "note", "exact": "quoted", "note": "why"}"#;
    let first = parse(&format!(
        r#"{{"format": "margent-export", "title": "Essay", "annotations": [{annotation}]}}"#
    ));
    let last = parse(&format!(
        r#"{{"annotations": [{annotation}], "title": "Essay", "format": "margent-export"}}"#
    ));
    assert_eq!(first, last);
    assert_eq!(first.books[0].book.title, "Essay");
    assert_eq!(items(&first)[0].note, "why");
    let w3c = r#"{"first": {"items": [{"target": {"selector": {"type": "TextQuoteSelector", "exact": "q"}}}]}, "label": "Book", "type": "AnnotationCollection"}"#;
    assert_eq!(parse(w3c).books[0].book.title, "Book");
    // A page named only by its address is nothing to read, not damage.
    let elsewhere = parse(
        r#"{"type": "AnnotationCollection", "label": "B", "first": "https://example.org/p1", "total": 3}"#,
    );
    assert_eq!((elsewhere.item_count(), elsewhere.problems.len()), (0, 0));
}
