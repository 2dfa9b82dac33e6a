//! Readwise CSV: the corpus export (tests/fixtures/import/readwise) and damaged files.

use super::*;

#[test]
fn a_reader_era_export_with_notes_and_markdown() {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/import/readwise/readwise-data.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let parsed = parse(&text);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.item_count(), 3);
    let lines: Vec<usize> = parsed.books.iter().map(|book| book.items[0].line).collect();
    assert_eq!(lines, [2, 3, 4], "the lines of a CRLF file's records");
    let first = &parsed.books[0];
    assert!(
        first
            .book
            .title
            .ends_with("BREAKING: Temperatures are now set to reach up to...")
    );
    assert_eq!(first.book.author.as_deref(), Some("Politics UK"));
    let item = &first.items[0];
    assert_eq!(
        (item.quote.as_str(), item.note.as_str(), item.kind),
        ("nd Thursday", "beware", Kind::Note)
    );
    assert_eq!(item.created, Some("2026-06-22T10:34:42.964038Z".parse().unwrap()));
    assert!(parsed.books[2].items[0].quote.contains("**Tap the bu**"));
}

#[test]
fn margents_own_csv_comes_back_with_tags_and_its_cells_as_written() {
    let csv = "Highlight,Title,Author,URL,Note,Location,Date\r\n'-band of brothers,Essay,,,.close_reading .q why?,3,2026-11-26 09:00:00\r\n";
    let parsed = parse(csv);
    let item = &parsed.books[0].items[0];
    assert_eq!(item.quote, "-band of brothers");
    assert_eq!(item.tags, ["close_reading", "q"]);
    assert_eq!(item.note, "why?");
    assert_eq!(item.created, Some("2026-11-26T09:00:00Z".parse().unwrap()));
}

#[test]
fn a_damaged_record_is_reported_and_the_rest_read() {
    let csv = "Highlight,Title,Note\nfirst,A,\nlost comma A,\nstray,comma,A,x\n\"unterminated,A,\nnever,A,n\nlast,A,\n";
    let parsed = parse(csv);
    assert_eq!(
        parse(&csv.replace('\n', "\r\n")),
        parsed,
        "CRLF lines are counted alike"
    );
    let quotes: Vec<&str> = parsed.books[0]
        .items
        .iter()
        .map(|item| item.quote.as_str())
        .collect();
    // The never-closed quote took in the lines after it: they are read again as rows.
    assert_eq!(quotes, ["first", "unterminated", "never", "last"]);
    let lines: Vec<usize> = parsed.books[0].items.iter().map(|item| item.line).collect();
    assert_eq!(lines, [2, 5, 6, 7]);
    assert_eq!(parsed.books[0].items[2].note, "n");
    let problems: Vec<(usize, &str)> = parsed
        .problems
        .iter()
        .map(|problem| (problem.line, &problem.message[..10]))
        .collect();
    assert_eq!(
        problems,
        [(3, "2 cells wh"), (4, "4 cells wh"), (5, "a quote op")]
    );
    let without_highlight = parse("Title,Note\nA,b\n");
    assert_eq!(without_highlight.problems.len(), 1);
    assert_eq!(without_highlight.item_count(), 0);
}

#[test]
fn a_cell_lost_or_added_anywhere_is_reported_not_read_under_shifted_columns() {
    let header = "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags\n";
    let good = "good,T,A,,n,yellow,t1,offset,1,2024-01-02 10:00:00+00:00,\n";
    let lost = "lost,T,A,n,yellow,t1,offset,2,2024-01-02 10:00:00+00:00,\n";
    let added = "added,T,A,,n,,yellow,t1,offset,3,2024-01-02 10:00:00+00:00,\n";
    let parsed = parse(&format!("{header}{good}{lost}{added}"));
    assert_eq!(parsed.item_count(), 1);
    let lines: Vec<usize> = parsed.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [3, 4]);
}

#[test]
fn a_quote_never_closed_mid_file_gives_back_the_rows_it_took_in() {
    let header = "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags\n";
    let rows = [
        "one,T,A,,\"note 1, with comma,yellow,,offset,1,2024-01-02 10:00:00+00:00,",
        "two,T,A,,,yellow,,offset,2,2024-01-03 10:00:00+00:00,",
        "three,T,A,,,yellow,,offset,3,2024-01-04 10:00:00+00:00,",
        "four,T,A,,\"a \"\"quoted\"\" note\",yellow,,offset,4,2024-01-05 10:00:00+00:00,",
    ];
    let parsed = parse(&format!("{header}{}\n", rows.join("\n")));
    let quotes: Vec<&str> = parsed.books[0]
        .items
        .iter()
        .map(|item| item.quote.as_str())
        .collect();
    assert!(
        quotes.starts_with(&["two", "three"]),
        "{quotes:?} {:?}",
        parsed.problems
    );
    assert_eq!(parsed.problems[0].line, 2, "{:?}", parsed.problems);
    assert!(parsed.problems[0].message.contains("never closed"));
    // A note over several lines is no damage.
    let note = "a,T,A,,\"first line, of a note\nsecond, line\",yellow,,offset,1,2024-01-02 10:00:00+00:00,\n";
    let parsed = parse(&format!("{header}{note}"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(
        parsed.books[0].items[0].note,
        "first line, of a note\nsecond, line"
    );
}

#[test]
fn bytes_that_are_not_utf8_are_read_and_reported_on_their_line() {
    let csv = b"Highlight,Title,Note\nfine,A,\n\"two\nlines\",A,\"a note \xff\nover two\"\n";
    let parsed = parse_reader(&csv[..]);
    assert_eq!(parsed.item_count(), 2);
    assert_eq!(parsed.books[0].items[1].note, "a note \u{fffd}\nover two");
    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    assert_eq!(parsed.problems[0].line, 4);
    assert!(parsed.problems[0].message.contains("not UTF-8"));
}

/// Read a record at a time (as `margent import` reads a file), the export gives what it
/// gives read whole, with a BOM and bytes that are not UTF-8 too.
#[test]
fn read_a_record_at_a_time_the_export_gives_the_same() {
    use crate::import::{Format, parse_stream};
    let path = format!(
        "{}/tests/fixtures/import/readwise/readwise-data.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(&std::fs::read(path).unwrap());
    bytes.extend_from_slice(b"\"Caf\xe9 au lait\",Title \xff,Author,,,,,,,,\n");
    let whole = crate::import::parse_bytes(Format::Readwise, &bytes);
    let streamed = parse_stream(Format::Readwise, std::io::BufReader::with_capacity(5, &bytes[..])).unwrap();
    assert_eq!(streamed, whole);
    assert_eq!(whole.item_count(), 4, "{whole:?}");
    assert_eq!(whole.problems.len(), 1, "{:?}", whole.problems);
}
