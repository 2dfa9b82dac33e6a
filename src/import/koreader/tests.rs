//! KOReader sidecars from the corpus (tests/fixtures/import/koreader) and hostile ones.

use super::*;
use crate::import::Parsed;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/import/koreader/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

fn items(parsed: &Parsed) -> Vec<&Item> {
    parsed.books.iter().flat_map(|group| &group.items).collect()
}

#[test]
fn the_new_layout_gives_highlights_with_notes_and_colours_and_skips_the_bookmark() {
    let parsed = parse(&fixture("basic.metadata.md.lua"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.skipped, 1);
    let items = items(&parsed);
    assert_eq!(items.len(), 3);
    assert_eq!(
        parsed.books[0].book.url.as_deref(),
        Some("/mnt/onboard/koreader-v2026.07-basic/source.md")
    );
    let noted = items
        .iter()
        .find(|item| item.quote == "kalme noorderwind")
        .unwrap();
    assert_eq!(noted.kind, Kind::Note);
    assert!(noted.note.starts_with("Dit is een notitie"));
    assert_eq!(noted.created, Some("2026-08-14T12:08:17Z".parse().unwrap()));
    assert_eq!(noted.modified, Some("2026-08-14T12:08:58Z".parse().unwrap()));
    let green = items.iter().find(|item| item.quote == "donkere horizon").unwrap();
    assert_eq!(green.color.as_deref(), Some("green"));
    // The exported annotations file holds the same items, with the same ids.
    let exported = parse(&fixture("basic.source.md.annotations.lua"));
    let ids = |p: &Parsed| items_ids(p);
    assert_eq!(ids(&exported).len(), 3);
}

fn items_ids(parsed: &Parsed) -> Vec<String> {
    items(parsed)
        .iter()
        .map(|item| format!("{}|{}", item.quote, item.note))
        .collect()
}

#[test]
fn unicode_quotes_and_notes_survive() {
    let parsed = parse(&fixture("unicode.metadata.md.lua"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let quotes: Vec<&str> = items(&parsed).iter().map(|item| item.quote.as_str()).collect();
    assert!(quotes.contains(&"“smart quotes”") && quotes.contains(&"日本語") && quotes.contains(&"emoji 🧠"));
    assert!(
        items(&parsed)
            .iter()
            .any(|item| item.note == "العربية blijft ook bewaard.")
    );
}

#[test]
fn the_legacy_layout_reads_highlights_by_page_and_skips_plain_bookmarks() {
    let parsed = parse(&fixture("legacy.metadata.epub.lua"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let book = &parsed.books[0].book;
    assert!(book.title.starts_with("Blue Mind"));
    assert_eq!(
        book.author.as_deref(),
        Some("Céline Cousteau, Wallace J. Nichols")
    );
    assert_eq!(items(&parsed).len(), 3);
    assert!(
        items(&parsed).iter().all(|item| item.note.is_empty()),
        "a bookmark repeating the text is no note"
    );
    assert!(parsed.skipped >= 1);
    let kobo = parse(&fixture("kobo.metadata.epub.lua"));
    assert!(kobo.problems.is_empty(), "{:?}", kobo.problems);
    assert_eq!(kobo.item_count(), 2);
}

#[test]
fn a_sidecar_with_code_is_refused_and_a_cut_one_gives_what_it_can() {
    let hostile = "return {\n  [\"annotations\"] = { [1] = { [\"pos0\"] = os.execute(\"touch /tmp/pwned\"), [\"text\"] = \"x\" } },\n}";
    let parsed = parse(hostile);
    assert_eq!(parsed.item_count(), 0);
    assert!(
        parsed.problems[0].message.starts_with("refused"),
        "{:?}",
        parsed.problems
    );
    assert_eq!(parsed.problems[0].line, 2);
    let whole = fixture("basic.metadata.md.lua");
    let cut = &whole[..whole.find("[4] = {").unwrap() + 60];
    let parsed = parse(cut);
    assert_eq!(parsed.item_count(), 2, "the two highlights before the cut");
    assert_eq!(parsed.problems.len(), 1);
}

#[test]
fn the_exporter_json_is_read() {
    let json = r#"{"title":"Source","author":"Me","entries":[{"page":3,"time":1700000000,"text":"a passage","note":"mine","chapter":"One","color":"blue"},{"page":4,"time":1700000001,"text":""}]}"#;
    let parsed = parse(json);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let items = items(&parsed);
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].quote.as_str(), items[0].note.as_str(), items[0].kind),
        ("a passage", "mine", Kind::Note)
    );
    assert_eq!(
        items[0].created,
        Some(Timestamp::from_second(1_700_000_000).unwrap())
    );
    assert_eq!(parsed.skipped, 1);
}

/// Books listed under `documents` or as an array are each their own book, whatever the
/// order of their keys; a file cut short gives the entries read before the cut.
#[test]
fn the_exporter_json_of_several_books_and_cut_short() {
    let books = r#"{"version":"x","documents":[{"entries":[{"text":"one","page":1}],"title":"A"},{"title":"B","author":7,"entries":[{"text":"two"},{"text":5},"odd"]}]}"#;
    let parsed = parse(books);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let titles: Vec<(&str, usize)> = parsed
        .books
        .iter()
        .map(|group| (group.book.title.as_str(), group.items.len()))
        .collect();
    assert_eq!(titles, [("A", 1), ("B", 1)]);
    assert_eq!(parsed.books[1].book.author, None, "a number is not an author");
    assert_eq!(
        parsed.skipped, 2,
        "a number and a string are not entries with text"
    );

    let whole = r#"[{"title":"A","entries":[{"text":"one"},{"text":"two"}]},{"title":"B","entries":[{"text":"three"},{"text":"fo"#;
    let cut = parse(whole);
    let quotes: Vec<&str> = items(&cut).iter().map(|item| item.quote.as_str()).collect();
    assert_eq!(quotes, ["one", "two", "three"]);
    assert_eq!(cut.problems.len(), 1);
    assert!(
        cut.problems[0].message.contains("3 entries before it read"),
        "{:?}",
        cut.problems
    );
}

/// A reader that gives one to three bytes at a time, as a pipe may.
struct Trickle<'b>(&'b [u8], usize);

impl io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.1 += 1;
        let n = (1 + self.1 % 3).min(self.0.len()).min(buf.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

/// Read a few bytes at a time (as `margent import` reads a file, a piece at a time),
/// every sample and damaged variant gives what it gives read whole: lookahead across
/// the pieces' ends, a cut file, bytes that are not UTF-8 and the exporter's JSON.
#[test]
fn read_a_few_bytes_at_a_time_every_sample_gives_the_same() {
    let folder = format!("{}/tests/fixtures/import/koreader", env!("CARGO_MANIFEST_DIR"));
    let mut samples: Vec<Vec<u8>> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "lua"))
        .map(|path| std::fs::read(path).unwrap())
        .collect();
    let first = samples[0].clone();
    samples.push(first[..first.len() * 2 / 3].to_vec());
    let mut damaged = b"\n\n  ".to_vec();
    damaged.extend_from_slice(&first);
    damaged.splice(first.len() / 2..first.len() / 2, *b"\xff\xfe");
    samples.push(damaged);
    samples.push(
        br#"  {"title":"Source","entries":[{"page":3,"time":1700000000,"text":"a passage","note":"mine"}]}"#
            .to_vec(),
    );
    samples.push(
        br#"[{"title":"A","entries":[{"text":"one"}]},{"title":"B","entries":[{"text":"two"}]}]"#.to_vec(),
    );
    for bytes in &samples {
        let whole = crate::import::parse_bytes(crate::import::Format::Koreader, bytes);
        let trickled = parse_reader(io::BufReader::with_capacity(5, Trickle(bytes, 0))).unwrap();
        let mut expected = whole.clone();
        expected.problems.sort_by_key(|problem| problem.line);
        let mut got = trickled;
        got.problems.sort_by_key(|problem| problem.line);
        assert_eq!(got, expected);
        assert!(whole.item_count() > 0, "{whole:?}");
    }
}

/// The entries a sidecar lists are taken as they are read: the tree the reader keeps
/// holds none of them (a 100 MB sidecar is never held as a tree).
#[test]
fn entries_are_taken_out_of_the_tree_as_they_are_read() {
    let source = fixture("basic.metadata.md.lua");
    let mut taken = Taken::default();
    let read = lua::parse_reader(source.as_bytes(), |path, key, value| taken.take(path, key, value)).unwrap();
    let Some(Value::Table(root)) = read.value else {
        panic!("no table")
    };
    assert_eq!(root.table("annotations").map(|list| list.entries.len()), Some(0));
    assert!(root.table("doc_props").is_some());
    assert!(taken.annotations.len() >= 3);
}
