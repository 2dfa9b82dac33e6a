//! Kindle clippings against excerpts of real files (tests/fixtures/import/kindle, from
//! the corpus MANIFEST) and hostile variants.

use super::*;
use crate::import::Parsed;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/import/kindle/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    String::from_utf8(std::fs::read(&path).unwrap()).unwrap()
}

fn all_items(parsed: &Parsed) -> Vec<&Item> {
    parsed.books.iter().flat_map(|group| &group.items).collect()
}

#[test]
fn english_2015_file_with_boms_before_titles_and_crlf() {
    let parsed = parse(&fixture("en-2015.txt"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let first = &parsed.books[0];
    assert_eq!(
        first.book.title,
        "Better Than Before: Mastering the Habits of Our Everyday Lives"
    );
    assert_eq!(first.book.author.as_deref(), Some("Rubin, Gretchen"));
    let item = &first.items[0];
    assert!(
        item.quote
            .starts_with("Outer disorder may act as a broken window."),
        "{}",
        item.quote
    );
    assert!(!item.quote.contains('\r') && !item.quote.contains('\u{feff}'));
    assert_eq!(item.created, Some("2015-07-11T16:27:48Z".parse().unwrap()));
    // 14 entries: two bookmarks skipped, the note at 842 joins the highlight 841-842.
    assert_eq!(parsed.item_count() + parsed.skipped, 13);
    assert_eq!(parsed.skipped, 2);
    let noted: Vec<&Item> = all_items(&parsed)
        .into_iter()
        .filter(|item| !item.note.is_empty())
        .collect();
    assert!(
        noted
            .iter()
            .any(|item| item.source_id.contains("loc 841-842") && item.kind == Kind::Note)
    );
    // No title keeps a BOM, so the same book is one book.
    assert!(
        parsed
            .books
            .iter()
            .all(|group| !group.book.title.contains('\u{feff}'))
    );
}

#[test]
fn kindle_3_file_skips_bookmarks_and_spells_out_short_locations() {
    let parsed = parse(&fixture("en-kindle3.txt"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert!(parsed.skipped >= 2, "bookmarks are skipped");
    let items = all_items(&parsed);
    assert!(
        items[0].source_id.contains("loc 242-243"),
        "{:?}",
        items[0].source_id
    );
    assert_eq!(items[0].created, Some("2012-12-03T19:00:12Z".parse().unwrap()));
}

#[test]
fn italian_note_joins_its_highlight_and_a_repeated_highlight_collapses() {
    let parsed = parse(&fixture("it.txt"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let pcm = &parsed.books[0];
    assert_eq!(pcm.book.author.as_deref(), Some("Collignon, Gérard"));
    assert_eq!(pcm.book.title, "Process Communication model® (Italian Edition)");
    let crescita = pcm.items.iter().find(|item| item.quote == "crescita").unwrap();
    assert_eq!((crescita.kind, crescita.note.as_str()), (Kind::Note, "jukieb"));
    let fiabe = parsed
        .books
        .iter()
        .find(|group| group.book.title == "Fiabe Italiane")
        .unwrap();
    assert_eq!(fiabe.items.len(), 1, "the same highlight twice is one");
    assert_eq!(
        fiabe.items[0].created,
        Some("2024-08-29T22:50:01Z".parse().unwrap())
    );
    assert_eq!(
        parsed.item_count() + parsed.skipped,
        12 - 2,
        "both notes went to their highlights"
    );
    let molti = pcm
        .items
        .iter()
        .find(|item| item.quote.starts_with("molti dipendenti"))
        .unwrap();
    assert_eq!(molti.note, "co");
}

#[test]
fn spanish_file_without_final_newline() {
    let parsed = parse(&fixture("es.txt"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.books.len(), 2);
    assert_eq!(parsed.books[0].book.title, "The adventures of Sherlock Holmes");
    assert_eq!(
        parsed.books[1].items[0].created,
        Some("2022-08-29T03:41:15Z".parse().unwrap())
    );
}

#[test]
fn chinese_files_and_a_ui_switched_to_german_mid_file() {
    let parsed = parse(&fixture("zh.txt"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.item_count(), 4);
    assert_eq!(parsed.books[0].book.author.as_deref(), Some("刘瑜"));
    let parsed = parse(&fixture("de.txt"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert!(parsed.skipped >= 1, "the Lesezeichen is skipped");
    assert!(
        all_items(&parsed)
            .iter()
            .any(|item| item.quote.starts_with("Atsumi"))
    );
    assert!(all_items(&parsed).len() >= 2);
}

#[test]
fn japanese_limit_notices_and_bookmarks_are_skipped_and_a_retyped_note_is_the_latest() {
    let parsed = parse(&fixture("ja.txt"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let items = all_items(&parsed);
    assert!(items.iter().all(|item| !item.quote.contains("上限に達しました")));
    // The highlight at 783 is only a limit notice: its note stands alone, last version.
    let note = items.iter().find(|item| item.note.contains("共同編集")).unwrap();
    assert_eq!(note.kind, Kind::Note);
    assert!(note.note.ends_with("専用アプリでひらくもの"), "{}", note.note);
    assert_eq!(
        items.iter().filter(|item| item.note.contains("共同編集")).count(),
        1
    );
    let quoted = items
        .iter()
        .find(|item| item.source_id.contains("loc 227-229"))
        .unwrap();
    assert!(quoted.quote.starts_with("公正な社会とは"), "{}", quoted.quote);
    assert_eq!(quoted.created, Some("2023-04-20T12:03:20Z".parse().unwrap()));
    let book = &parsed
        .books
        .iter()
        .find(|group| group.items.iter().any(|i| i.source_id == quoted.source_id))
        .unwrap()
        .book;
    assert_eq!(book.author.as_deref(), Some("マイケル・サンデル"));
    assert!(book.title.ends_with("(ハヤカワ・ノンフィクション文庫)"));
}

#[test]
fn a_cut_or_damaged_file_gives_what_it_can_and_names_the_lines() {
    let text = fixture("en-2015.txt");
    let cut = &text[..text.len() / 2];
    let cut = &cut[..cut.char_indices().last().unwrap().0];
    let parsed = parse(cut);
    assert!(parsed.item_count() >= 5);
    let damaged = "Book (A)\r\n- Your Highlight on Location 5-6 | Added on Monday, May 4, 2020 1:00:00 AM\r\n\r\ngood\r\n==========\r\nBook (A)\r\n- garbage line\r\n\r\nbad\r\n==========\r\nBook (A)\r\n";
    let parsed = parse(damaged);
    assert_eq!(parsed.item_count(), 1);
    assert_eq!(parsed.problems.len(), 2, "{:?}", parsed.problems);
    assert_eq!(parsed.problems[0].line, 6);
    assert_eq!(parsed.problems[1].line, 11);
}

#[test]
fn an_edited_highlight_keeps_the_latest_even_when_shorter() {
    let text = "B (A)\n- Your Highlight on Location 10-14 | Added on Monday, May 4, 2020 1:00:00 AM\n\nthe long first version of it\n==========\nB (A)\n- Your Highlight on Location 10-12 | Added on Monday, May 4, 2020 1:05:00 AM\n\nlong first version\n==========\nB (A)\n- Your Highlight on Location 30-31 | Added on Monday, May 4, 2020 1:06:00 AM\n\nlong first version\n==========\n";
    let parsed = parse(text);
    let quotes: Vec<&str> = all_items(&parsed)
        .iter()
        .map(|item| item.quote.as_str())
        .collect();
    assert_eq!(quotes, ["long first version", "long first version"]);
    assert_eq!(parsed.skipped, 1);
}

/// The version kept carries the ids the versions it replaces are imported under when
/// read alone (an earlier import of the file before the edit), through a chain of
/// edits too; a clipping nothing replaced carries none.
#[test]
fn the_latest_version_names_the_ids_of_the_versions_it_replaces() {
    let entry = |loc: &str, minute: u32, text: &str| {
        format!(
            "B (A)\n- Your Highlight on Location {loc} | Added on Monday, May 4, 2020 1:{minute:02}:00 AM\n\n{text}\n==========\n"
        )
    };
    let first = entry("10-12", 0, "the river was");
    let second = entry("10-14", 5, "the river was wide and");
    let third = entry("10-16", 9, "the river was wide and slow");
    let other = entry("40-41", 7, "another passage");
    let id_alone = |text: &str| crate::import::place::id_of(all_items(&parse(text))[0]);
    let parsed = parse(&format!("{first}{other}{second}{third}"));
    let items = all_items(&parsed);
    assert_eq!(items.len(), 2);
    let latest = items.iter().find(|item| item.quote.ends_with("slow")).unwrap();
    let mut earlier = latest.earlier_ids.clone();
    earlier.sort();
    let mut expected = vec![id_alone(&first), id_alone(&second)];
    expected.sort();
    assert_eq!(earlier, expected);
    assert!(!expected.contains(&crate::import::place::id_of(latest)));
    let alone = items.iter().find(|item| item.quote == "another passage").unwrap();
    assert!(alone.earlier_ids.is_empty());
}

/// Read a line at a time from a file (as `margent import` reads it), every sample gives
/// what it gives read whole: BOMs, CRLF, a cut last entry and bytes that are not UTF-8
/// (U+FFFD, reported by line, as the whole-file reading decodes them) included.
#[test]
fn read_a_line_at_a_time_every_sample_gives_the_same() {
    use crate::import::{Format, parse_stream};
    let folder = format!("{}/tests/fixtures/import/kindle", env!("CARGO_MANIFEST_DIR"));
    let mut samples: Vec<Vec<u8>> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
        .collect();
    let first = samples[0].clone();
    let mut damaged = b"\xef\xbb\xbf".to_vec();
    damaged.extend_from_slice(&first[..first.len() * 2 / 3]);
    damaged.extend_from_slice(b"\r\nBad \xff\xfe title (Someone)\r\n- Your Highlight on Location 10-12 | Added on Monday, 3 June 2019 10:00:00\r\n\r\nbroken \xc3 text");
    samples.push(damaged);
    assert!(samples.len() >= 4);
    for bytes in samples {
        let whole = crate::import::parse_bytes(Format::Kindle, &bytes);
        let streamed =
            parse_stream(Format::Kindle, std::io::BufReader::with_capacity(7, &bytes[..])).unwrap();
        assert_eq!(streamed, whole);
        assert!(whole.item_count() > 0);
    }
}

#[test]
fn a_file_cut_inside_its_last_entry_says_so() {
    let entry = "Book (A)\r\n- Your Highlight on Location 5-6 | Added on Monday, May 4, 2020 1:00:00 AM\r\n\r\ngood\r\n==========\r\n";
    let cut_in_metadata = format!("{entry}Book (A)\r\n- Your Highlight on Loc");
    let parsed = parse(&cut_in_metadata);
    assert_eq!((parsed.item_count(), parsed.skipped), (1, 0));
    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    assert_eq!(parsed.problems[0].line, 6);
    let cut_in_text = format!(
        "{entry}Book (A)\r\n- Your Highlight on Location 9-12 | Added on Monday, May 4, 2020 1:02:00 AM\r\n\r\nhalf a sen"
    );
    let parsed = parse(&cut_in_text);
    assert_eq!(parsed.item_count(), 2);
    assert!(
        parsed.problems[0].message.contains("cut short"),
        "{:?}",
        parsed.problems
    );
    // A file whose last separator is there (with or without its line break) is whole.
    assert!(parse(entry.trim_end()).problems.is_empty());

    // The cut entry is marked so, and named by its place and date alone: the same
    // entry read whole names its cut copy by that.
    let cut = all_items(&parsed)[1].clone();
    assert!(cut.cut && !all_items(&parsed)[0].cut);
    let cut_in_a_character = parse(&format!("{cut_in_text}\u{fffd}"));
    assert_eq!(all_items(&cut_in_a_character)[1].quote, "half a sen");
    let whole = parse(&cut_in_text.replace("half a sen", "half a sentence.\r\n==========\r\n"));
    assert!(whole.problems.is_empty(), "{:?}", whole.problems);
    let whole = all_items(&whole)[1].clone();
    assert!(!whole.cut);
    assert_eq!(whole.cut_source_id.as_ref(), Some(&cut.source_id));
    assert_ne!(whole.source_id, cut.source_id);
}

#[test]
fn bytes_that_are_not_utf8_are_reported_by_line_and_counted_past_a_few() {
    let mut bytes = Vec::new();
    for n in 0..30 {
        bytes.extend_from_slice(
            format!("B (A)\n- Your Highlight on Location {n} | Added on Monday, May 4, 2020 1:00:00 AM\n\nt")
                .as_bytes(),
        );
        bytes.extend_from_slice(b"\xe9\xe9 text\n==========\n");
    }
    let with_ends = |end: &[u8]| -> Vec<u8> {
        let mut out = Vec::new();
        for &byte in &bytes {
            match byte {
                b'\n' => out.extend_from_slice(end),
                byte => out.push(byte),
            }
        }
        out
    };
    // The same lines whatever ends them, read whole or a line at a time.
    for end in [&b"\n"[..], b"\r\n", b"\r"] {
        let bytes = with_ends(end);
        let streamed = crate::import::parse_stream(
            crate::import::Format::Kindle,
            std::io::BufReader::with_capacity(5, &bytes[..]),
        )
        .unwrap();
        for parsed in [
            crate::import::parse_bytes(crate::import::Format::Kindle, &bytes),
            streamed,
        ] {
            assert_eq!(parsed.item_count(), 30);
            let lines: Vec<usize> = parsed.problems.iter().map(|problem| problem.line).collect();
            assert_eq!(lines, [4, 9, 14, 19, 24, 29, 34, 39, 44, 49, 49], "ends {end:?}");
            assert!(parsed.problems[10].message.starts_with("and 20 more lines"));
        }
    }
}

#[test]
fn a_missing_separator_reads_two_entries_not_one_quote_holding_the_next() {
    let text = "Book (A)\r\n- Your Highlight on Location 5-6 | Added on Monday, May 4, 2020 1:00:00 AM\r\n\r\nthe highlighted words\r\nBook (A)\r\n- Your Note on Location 6 | Added on Monday, May 4, 2020 1:01:00 AM\r\n\r\nmy note\r\n==========\r\n";
    let parsed = parse(text);
    let items = all_items(&parsed);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(
        (items[0].quote.as_str(), items[0].note.as_str()),
        ("the highlighted words", "my note")
    );
    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    assert_eq!(parsed.problems[0].line, 1);
    // A note whose text has a dash and a bar but no date is text.
    let dashes = "Book (A)\r\n- Your Note on Location 6 | Added on Monday, May 4, 2020 1:01:00 AM\r\n\r\nfirst\r\n- a | b\r\n==========\r\n";
    let parsed = parse(dashes);
    assert!(parsed.problems.is_empty());
    assert_eq!(all_items(&parsed)[0].note, "first\n- a | b");
}

#[test]
fn a_file_cut_inside_its_last_separator_keeps_its_last_entry_whole() {
    let text = "Book (A)\r\n- Your Highlight on Location 5-6 | Added on Monday, May 4, 2020 1:00:00 AM\r\n\r\nthe words\r\n=====";
    let parsed = parse(text);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(all_items(&parsed)[0].quote, "the words");
}

/// A file whose lines end in CR alone (as old Mac editors save) reads as the same file
/// with CRLF, whole or a line at a time.
#[test]
fn cr_only_line_ends_read_as_lines() {
    use crate::import::{Format, parse_bytes, parse_stream};
    let crlf = fixture("en-2015.txt");
    assert!(crlf.contains("\r\n"));
    let cr_only = crlf.replace("\r\n", "\r").replace('\n', "\r");
    let expected = parse(&crlf);
    assert!(expected.item_count() > 0);
    assert_eq!(parse(&cr_only), expected);
    assert_eq!(
        parse_bytes(Format::Kindle, cr_only.as_bytes()),
        parse_bytes(Format::Kindle, crlf.as_bytes())
    );
    let streamed = parse_stream(
        Format::Kindle,
        std::io::BufReader::with_capacity(7, cr_only.as_bytes()),
    )
    .unwrap();
    assert_eq!(streamed, expected);
}

/// A note inside a highlight's locations (not at its end) joins that highlight, one
/// outside every highlight stays a note of its own.
#[test]
fn notes_inside_highlights_find_them() {
    let entry = |kind: &str, place: &str, second: u32, text: &str| {
        format!(
            "Book (A)\r\n- Your {kind} on {place} | Added on Monday, May 4, 2020 1:00:{second:02} AM\r\n\r\n{text}\r\n==========\r\n"
        )
    };
    let mut text = String::new();
    for n in 0..50 {
        let start = n * 10 + 1;
        text += &entry(
            "Highlight",
            &format!("Location {start}-{}", start + 4),
            0,
            &format!("passage {n}"),
        );
        text += &entry(
            "Note",
            &format!("Location {}", start + 2),
            1,
            &format!("note {n}"),
        );
    }
    text += &entry("Note", "Location 9000", 2, "far away");
    let parsed = parse(&text);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let items = all_items(&parsed);
    for n in 0..50 {
        let passage = items
            .iter()
            .find(|item| item.quote == format!("passage {n}"))
            .unwrap();
        assert_eq!(passage.note, format!("note {n}"));
    }
    assert_eq!(items.len(), 51);
    assert!(
        items
            .iter()
            .any(|item| item.quote.is_empty() && item.note == "far away")
    );
}
