//! The export formats against golden files, and parsed back: a fixture article in English
//! and Chinese with seven annotations (fixed ids and dates; notes with quotes, newlines,
//! `<`, `&`, `<script>` and a leading `=`; overlapping highlights; one orphan) exported
//! in every format and compared byte for byte with `tests/fixtures/export/expected/`.
//!
//! To regenerate the golden files after an intended change, run
//! `MARGENT_BLESS=1 cargo test --test exports` and review the diff before committing;
//! blessing is refused under CI.

use std::path::{Path, PathBuf};

use margent::anchor::AnchorStatus;
use margent::config::Palette;
use margent::document::Document;
use margent::export::Format as ExportFormat;
use margent::export::{self, ExportInput, Filter, Item};
use margent::sidecar::{self, SidecarData};
use serde_json::Value;

/// A small well-formedness checker for the HTML export, kept beside its fixtures.
#[path = "fixtures/export/html_check.rs"]
mod html;

const SOURCE_URL: &str = "file:///fixtures/article.txt";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/export")
        .join(name)
}

struct Fixture {
    doc: Document,
    data: SidecarData,
    items: Vec<Item>,
    palette: Palette,
}

impl Fixture {
    fn load() -> Fixture {
        let doc = Document::open(&fixture("article.txt"), None).unwrap();
        let data = sidecar::read_sidecar(&fixture("article.txt.notes.toml"))
            .unwrap()
            .unwrap()
            .into_data();
        let items = export::items(
            &doc,
            &data.annotations,
            Some(&data.document.content_hash),
            &Filter::default(),
        );
        Fixture {
            doc,
            data,
            items,
            palette: Palette::default(),
        }
    }

    fn export(&self, format: ExportFormat) -> String {
        let input = ExportInput {
            title: &self.data.document.title,
            file_name: "article.txt",
            source_url: Some(SOURCE_URL),
            author: None,
            doc: &self.doc,
            document_info: &self.data.document,
            palette: &self.palette,
            items: &self.items,
            filter: &Filter::default(),
        };
        export::export(format, &input)
    }

    /// The text between two char offsets of the document.
    fn slice(&self, start: usize, end: usize) -> &str {
        &self.doc.text()[self.doc.byte_at(start)..self.doc.byte_at(end)]
    }
}

/// Compares `actual` with the golden file, or rewrites it when blessing.
fn assert_golden(name: &str, actual: &str) {
    let path = fixture("expected").join(name);
    if std::env::var_os("MARGENT_BLESS").is_some() {
        assert!(
            std::env::var_os("CI").is_none(),
            "golden files are never blessed under CI"
        );
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{}: {err} (bless with MARGENT_BLESS=1)", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .map_or(expected.lines().count().min(actual.lines().count()), |i| i);
        panic!(
            "{name} differs from its golden file at line {}:\n  expected: {:?}\n  actual:   {:?}",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn the_fixture_has_every_status_it_is_meant_to_test() {
    let fixture = Fixture::load();
    assert_eq!(fixture.items.len(), 7);
    let orphans: Vec<&Item> = fixture.items.iter().filter(|i| i.is_orphaned()).collect();
    assert_eq!(orphans.len(), 1);
    assert_eq!(
        orphans[0].annotation.exact,
        "a passage that was deleted from the text"
    );
    assert!(
        fixture
            .items
            .iter()
            .filter(|i| !i.is_orphaned())
            .all(|i| i.anchoring.status == AnchorStatus::Exact)
    );
}

#[test]
fn markdown_matches_its_golden_file() {
    let text = Fixture::load().export(ExportFormat::Md);
    assert!(text.starts_with("# The Quiet Art of Annotation\n"));
    assert!(text.contains("Source: article.txt"));
    assert!(text.contains("(orphaned)"));
    assert!(text.contains("> A note beside a sentence is a conversation with the author\n"));
    assert!(text.contains("He said \"yes\" \\& \\<no\\>  \nsecond line"));
    assert_golden("article.md", &text);
}

#[test]
fn org_matches_its_golden_file() {
    let text = Fixture::load().export(ExportFormat::Org);
    assert!(text.starts_with("#+TITLE: The Quiet Art of Annotation\n"));
    assert_eq!(text.matches("#+begin_quote").count(), 7);
    assert_eq!(text.matches("#+end_quote").count(), 7);
    assert!(text.contains(":ID: 0193a5b2-7c1d-7e4f-8a9b-000000000007"));
    assert_golden("article.org", &text);
}

#[test]
fn json_matches_its_golden_file_and_carries_status_and_location() {
    let fixture = Fixture::load();
    let text = fixture.export(ExportFormat::Json);
    assert_golden("article.json", &text);
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["title"], "The Quiet Art of Annotation");
    assert_eq!(value["file_name"], "article.txt");
    assert_eq!(
        value["document"]["content_hash"],
        fixture.data.document.content_hash
    );
    let annotations = value["annotations"].as_array().unwrap();
    assert_eq!(annotations.len(), 7);
    for (json, item) in annotations.iter().zip(&fixture.items) {
        let a = &item.annotation;
        assert_eq!(json["id"], a.id.as_str());
        assert_eq!(json["exact"], a.exact.as_str());
        assert_eq!(json["note"], a.note.as_str());
        assert_eq!(json["status"], item.anchoring.status.as_str());
        assert_eq!(json["review"], a.status.as_str());
        if item.is_orphaned() {
            assert!(
                json["start"].is_null() && json["end"].is_null() && json["location"].is_null(),
                "an orphan is nowhere now"
            );
            assert_eq!(json["stored_start"], a.start);
        } else {
            assert_eq!(json["start"], item.anchoring.start);
            assert_eq!(json["end"], item.anchoring.end);
            let location = item.location.as_ref().expect("where a placed item is");
            assert_eq!(json["location"]["paragraph"], location.paragraph);
        }
    }
    let chinese = annotations
        .iter()
        .find(|a| a["exact"] == "金圣叹批《水浒》，脂砚斋评《红楼》")
        .unwrap();
    assert_eq!(chinese["location"]["section"], "第二章 批注");
}

#[test]
fn readwise_csv_matches_its_golden_file_and_parses_back() {
    let fixture = Fixture::load();
    let text = fixture.export(ExportFormat::Csv);
    assert_golden("article.csv", &text);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        ["Highlight", "Title", "Author", "URL", "Note", "Location", "Date"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 7);
    for (row, item) in rows.iter().zip(&fixture.items) {
        assert_eq!(&row[1], "The Quiet Art of Annotation");
        assert_eq!(&row[3], SOURCE_URL);
        match &item.location {
            Some(location) => assert_eq!(row[5].parse::<usize>().unwrap(), location.paragraph),
            None => assert_eq!(&row[5], "", "an orphan has no location"),
        }
        let created = item.annotation.created.strftime("%Y-%m-%d %H:%M:%S").to_string();
        assert_eq!(&row[6], created);
        for cell in row.iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
        }
    }
    let quoted = rows.iter().find(|r| r[0].starts_with("\"important\"")).unwrap();
    assert_eq!(&quoted[4], "He said \"yes\" & <no>\nsecond line");
    let formula = rows.iter().find(|r| r[0].starts_with("金圣叹")).unwrap();
    assert_eq!(
        &formula[4], " =HYPERLINK(\"http://example.com\")",
        "a leading space, not a quote mark"
    );
    let tagged = rows.iter().find(|r| r[0].starts_with("argue")).unwrap();
    assert_eq!(
        &tagged[4],
        ".follow-up .question (by reviewer-2) (resolved by reviewer-1 on 2026-11-27 10:00 UTC)"
    );
    let orphan = rows
        .iter()
        .find(|r| r[0].starts_with("a passage that was deleted"))
        .unwrap();
    assert!(orphan[4].contains("orphaned"), "{:?}", &orphan[4]);
    let across_lines = rows.iter().find(|r| r[0].starts_with("A note beside")).unwrap();
    assert_eq!(
        &across_lines[0],
        "A note beside a sentence is a conversation with the author"
    );
}

#[test]
fn w3c_collection_matches_its_golden_file_and_has_the_models_required_fields() {
    let fixture = Fixture::load();
    let text = fixture.export(ExportFormat::W3c);
    assert_golden("article.jsonld", &text);
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(value["type"], "AnnotationCollection");
    assert_eq!(value["label"], "The Quiet Art of Annotation");
    assert_eq!(value["total"], 7);
    assert!(value["id"].as_str().unwrap().starts_with("urn:uuid:"));
    let page = &value["first"];
    assert_eq!(page["type"], "AnnotationPage");
    assert!(page["id"].as_str().unwrap().starts_with("urn:uuid:"));
    assert_ne!(page["id"], value["id"]);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 7);
    for (json, item) in items.iter().zip(&fixture.items) {
        check_w3c_annotation(&fixture, json, item);
    }
}

fn check_w3c_annotation(fixture: &Fixture, json: &Value, item: &Item) {
    let a = &item.annotation;
    assert_eq!(json["id"], format!("urn:uuid:{}", a.id));
    assert_eq!(json["type"], "Annotation");
    let created: jiff::Timestamp = json["created"].as_str().unwrap().parse().unwrap();
    assert_eq!(created, a.created);
    let modified: jiff::Timestamp = json["modified"].as_str().unwrap().parse().unwrap();
    assert_eq!(modified, a.modified);
    let motivation = json["motivation"].as_str().unwrap();
    assert!(["highlighting", "commenting", "tagging"].contains(&motivation));
    let bodies = json["body"].as_array().cloned().unwrap_or_default();
    for body in &bodies {
        assert_eq!(body["type"], "TextualBody");
        assert!(body["value"].is_string());
    }
    let purpose = |p: &str| {
        bodies
            .iter()
            .filter(|b| b["purpose"] == p)
            .map(|b| b["value"].clone())
            .collect::<Vec<_>>()
    };
    let expected_comments: Vec<Value> = Some(a.note.as_str())
        .filter(|n| !n.is_empty())
        .map(Value::from)
        .into_iter()
        .collect();
    assert_eq!(purpose("commenting"), expected_comments);
    let expected_tags: Vec<Value> = a.tags.iter().map(|t| Value::from(t.as_str())).collect();
    assert_eq!(purpose("tagging"), expected_tags);
    assert_eq!(!purpose("describing").is_empty(), item.is_orphaned());
    let resolved = a.status == margent::annotation::Status::Resolved;
    assert_eq!(
        purpose("assessing"),
        if resolved {
            vec![Value::from("resolved")]
        } else {
            vec![]
        }
    );
    let target = &json["target"];
    assert_eq!(target["source"], SOURCE_URL);
    let selectors = target["selector"].as_array().unwrap();
    assert_eq!(selectors[0]["type"], "TextQuoteSelector");
    let exact = selectors[0]["exact"].as_str().unwrap();
    if item.is_orphaned() {
        // An orphan's stored offsets point at other text now: no position is given.
        assert_eq!(selectors.len(), 1, "{selectors:?}");
        assert_eq!(exact, a.exact);
    } else {
        assert_eq!(selectors[1]["type"], "TextPositionSelector");
        let start = selectors[1]["start"].as_u64().unwrap() as usize;
        let end = selectors[1]["end"].as_u64().unwrap() as usize;
        assert_eq!(
            exact,
            fixture.slice(start, end),
            "both selectors select the same text"
        );
        let prefix = selectors[0]["prefix"].as_str().unwrap();
        assert!(fixture.slice(0, start).ends_with(prefix));
        let suffix = selectors[0]["suffix"].as_str().unwrap();
        assert!(fixture.slice(end, fixture.doc.len_chars()).starts_with(suffix));
    }
}

#[test]
fn html_matches_its_golden_file_is_well_formed_and_escapes_everything() {
    let fixture = Fixture::load();
    let page = fixture.export(ExportFormat::Html);
    assert_golden("article.html", &page);
    let elements = html::check_well_formed(&page).unwrap_or_else(|err| panic!("{err}"));
    for forbidden in ["script", "img", "link", "iframe", "object", "embed"] {
        assert!(
            !elements.contains(&forbidden.to_string()),
            "<{forbidden}> in the page"
        );
    }
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("He said &quot;yes&quot; &amp; &lt;no&gt;\nsecond line"));
    assert!(page.contains("argue &lt;loudly&gt;"));
    assert!(page.contains("<title>The Quiet Art of Annotation</title>"));
    assert!(page.contains("article.txt"));
    assert!(
        !page.contains("http://")
            || page.matches("http://").count() == page.matches("http://example.com").count()
    );
    assert!(!page.contains("https://"), "no external resources");
    // Every anchored annotation is marked and has its anchor; the orphan is only listed.
    for (number, item) in fixture.items.iter().enumerate() {
        let anchor = format!("id=\"a{}\"", number + 1);
        assert_eq!(page.contains(&anchor), !item.is_orphaned(), "{anchor}");
        assert!(page.contains(&format!("id=\"i{}\"", number + 1)));
    }
    assert!(page.contains("Orphaned: no longer found in the text"));
    let text = html::text_of(&html::between(&page, "<article", "</article>"));
    assert!(
        text.contains("A note beside a sentence is a conversation with the author"),
        "reflowed"
    );
    assert!(
        text.contains("金圣叹批《水浒》，脂砚斋评《红楼》，都是这样的传统。"),
        "CJK joined without spaces"
    );
}

#[test]
fn overlapping_highlights_nest_and_cover_both_passages() {
    let page = Fixture::load().export(ExportFormat::Html);
    let article = html::between(&page, "<article", "</article>");
    let marked = html::marked_text(&article);
    assert!(
        marked
            .contains("A note beside a sentence is a conversation with the author, carried on across years"),
        "{marked}"
    );
    assert!(article.contains("<mark class=\"c-pink\">"));
}

/// Seen: a filtered export said nothing of its filter. Every format with room for it
/// says which (Readwise's CSV has fixed columns: the command says it on stderr).
#[test]
fn filters_and_an_empty_list_still_export_the_title() {
    let fixture = Fixture::load();
    let filter = Filter {
        tags: vec!["has space".into()],
        status: Some(margent::annotation::Status::Resolved),
        ..Filter::default()
    };
    let input = ExportInput {
        title: &fixture.data.document.title,
        file_name: "article.txt",
        source_url: None,
        author: None,
        doc: &fixture.doc,
        document_info: &fixture.data.document,
        palette: &fixture.palette,
        items: &[],
        filter: &filter,
    };
    for format in [
        ExportFormat::Md,
        ExportFormat::Org,
        ExportFormat::Html,
        ExportFormat::W3c,
        ExportFormat::Json,
        ExportFormat::Anki,
    ] {
        let text = export::export(format, &input);
        assert!(text.contains("The Quiet Art of Annotation"), "{format:?}");
        let said = match format {
            ExportFormat::Html => "only those with tag &quot;has space&quot;; status resolved",
            ExportFormat::W3c | ExportFormat::Json => {
                "only those with tag \\\"has space\\\"; status resolved"
            }
            _ => "only those with tag \"has space\"; status resolved",
        };
        let said = said.replace(
            "only those with ",
            if format == ExportFormat::Json {
                ""
            } else {
                "only those with "
            },
        );
        assert!(text.contains(&said), "{format:?}: {text}");
    }
    let unfiltered = ExportInput {
        filter: &Filter::default(),
        ..input
    };
    for format in [
        ExportFormat::Md,
        ExportFormat::Org,
        ExportFormat::Html,
        ExportFormat::W3c,
    ] {
        assert!(
            !export::export(format, &unfiltered).contains("filtered"),
            "{format:?}"
        );
    }
    assert!(!export::export(ExportFormat::Anki, &unfiltered).contains("#margent filter"));
    let csv = export::export(ExportFormat::Csv, &input);
    assert_eq!(csv, "Highlight,Title,Author,URL,Note,Location,Date\r\n");
}

/// Seen: exports said nothing of who resolved a mark, or of a resolved note at all. Every
/// format shows the review status of every kind: resolved by whom and when, as known.
#[test]
fn every_format_shows_what_is_resolved_by_whom_and_when() {
    let fixture = Fixture::load();
    let resolved: Vec<&Item> = fixture
        .items
        .iter()
        .filter(|item| item.annotation.status == margent::annotation::Status::Resolved)
        .collect();
    let kinds: Vec<_> = resolved.iter().map(|item| item.annotation.kind).collect();
    assert!(
        kinds.contains(&margent::annotation::Kind::Mark) && kinds.contains(&margent::annotation::Kind::Note),
        "the fixture resolves a mark (with who and when) and a note (without): {kinds:?}"
    );
    let said = "resolved by reviewer-1 on 2026-11-27 10:00 UTC";
    let md = fixture.export(ExportFormat::Md);
    assert_eq!(md.matches(said).count(), 1, "{md}");
    assert_eq!(md.matches("· resolved").count(), 2, "{md}");
    let html = fixture.export(ExportFormat::Html);
    assert_eq!(html.matches(said).count(), 1);
    assert_eq!(html.matches("· resolved").count(), 2);
    let org = fixture.export(ExportFormat::Org);
    assert_eq!(org.matches("\n* DONE ").count(), 2, "{org}");
    assert_eq!(org.matches("\n* TODO ").count(), 0, "the only mark is resolved");
    assert!(
        org.contains("\nCLOSED: [2026-11-27 Fri 10:00]\n:PROPERTIES:\n"),
        "{org}"
    );
    assert_eq!(org.matches(":RESOLVED_BY: reviewer-1\n").count(), 1);
    let csv = fixture.export(ExportFormat::Csv);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let notes: Vec<String> = reader.records().map(|row| row.unwrap()[4].to_string()).collect();
    assert_eq!(
        notes.iter().filter(|n| n.ends_with(&format!("({said})"))).count(),
        1
    );
    assert_eq!(notes.iter().filter(|n| n.ends_with("(resolved)")).count(), 1);
    let json: Value = serde_json::from_str(&fixture.export(ExportFormat::Json)).unwrap();
    let by: Vec<&Value> = json["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["review"] == "resolved")
        .map(|a| &a["resolved_by"])
        .collect();
    assert_eq!(by, [&Value::from("reviewer-1"), &Value::Null]);
    let w3c: Value = serde_json::from_str(&fixture.export(ExportFormat::W3c)).unwrap();
    let assessing: Vec<Value> = w3c["first"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["body"].as_array().cloned())
        .flatten()
        .filter(|body| body["purpose"] == "assessing")
        .collect();
    assert_eq!(assessing.len(), 2);
    assert!(
        assessing
            .iter()
            .any(|b| b["creator"]["name"] == "reviewer-1" && b["created"] == "2026-11-27T10:00:00Z")
    );
}

/// Seen: the Readwise CSV did not say who made an annotation. Every format names the
/// annotation's author (the fixture's one signed annotation) beside who resolved it.
#[test]
fn every_format_names_who_made_each_annotation() {
    let fixture = Fixture::load();
    let signed = fixture
        .items
        .iter()
        .filter(|item| item.annotation.author.is_some())
        .count();
    assert_eq!(signed, 1, "the fixture signs one annotation");
    for format in [ExportFormat::Md, ExportFormat::Org, ExportFormat::Html] {
        let text = fixture.export(format);
        assert_eq!(
            text.matches("· by reviewer-2 ·").count(),
            1,
            "{format:?}:\n{text}"
        );
    }
    let csv = fixture.export(ExportFormat::Csv);
    assert_eq!(csv.matches("(by reviewer-2)").count(), 1, "{csv}");
    let json: Value = serde_json::from_str(&fixture.export(ExportFormat::Json)).unwrap();
    let authors: Vec<&Value> = json["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["author"])
        .filter(|author| !author.is_null())
        .collect();
    assert_eq!(authors, [&Value::from("reviewer-2")]);
    let w3c: Value = serde_json::from_str(&fixture.export(ExportFormat::W3c)).unwrap();
    let creators: Vec<&Value> = w3c["first"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a.get("creator"))
        .collect();
    assert_eq!(
        creators,
        [&serde_json::json!({ "type": "Person", "name": "reviewer-2" })]
    );
}

/// Anki's documented text-import format (docs.ankiweb.net, "Importing › Text files":
/// file headers `#separator:`, `#html:`, `#notetype:`, `#deck:`, `#tags column:`), checked
/// line by line: the headers first and exactly, then one note per line with as many
/// fields as the Cloze note type has (Text, Back Extra) plus the tags column, a cloze
/// in the text field whose content is the highlighted passage, HTML-escaped fields,
/// and tags without spaces.
#[test]
fn anki_matches_its_golden_file_and_anki_s_documented_text_format() {
    let fixture = Fixture::load();
    let out = fixture.export(ExportFormat::Anki);
    assert_golden("article.anki.txt", &out);
    let mut lines = out.lines();
    let headers: Vec<&str> = lines.by_ref().take(5).collect();
    assert_eq!(
        headers,
        [
            "#separator:tab",
            "#html:true",
            "#notetype:Cloze",
            &format!("#deck:{}", fixture.data.document.title),
            "#tags column:3",
        ]
    );
    let cards: Vec<&str> = lines.collect();
    assert_eq!(cards.len(), fixture.items.len());
    let unescape = |s: &str| {
        s.replace("<br>", "\n")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    };
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (card, item) in cards.iter().zip(&fixture.items) {
        assert!(
            !card.starts_with('#'),
            "a card line would be read as a header: {card}"
        );
        let fields: Vec<&str> = card.split('\t').collect();
        assert_eq!(fields.len(), 3, "{card}");
        let text = fields[0];
        assert_eq!(text.matches("{{c1::").count(), 1, "{text}");
        let cloze = &text[text.find("{{c1::").unwrap() + 6..text.find("}}").unwrap()];
        let expected = if item.is_orphaned() {
            item.annotation.exact.clone()
        } else {
            fixture
                .slice(item.anchoring.start, item.anchoring.end)
                .to_string()
        };
        assert_eq!(words(&unescape(cloze)), words(&expected));
        if !item.is_orphaned() {
            let sentence = unescape(&text.replace("{{c1::", "").replace("}}", ""));
            // Spaces kept where words meet (a joined CJK line break has none).
            let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            let found = if sentence.is_ascii() {
                words(fixture.doc.text()).contains(&words(&sentence))
            } else {
                squeeze(fixture.doc.text()).contains(&squeeze(&sentence))
            };
            assert!(found, "the card's sentence is the text's: {sentence}");
        }
        assert!(!unescape(text).contains("<script"), "fields are escaped: {text}");
        let tags: Vec<&str> = fields[2].split(' ').filter(|t| !t.is_empty()).collect();
        assert_eq!(tags.len(), item.annotation.tags.len());
        if item.is_orphaned() {
            assert!(fields[1].contains("orphaned"), "{}", fields[1]);
        }
    }
}
