//! `margent library`, `margent search` and `notes`/`export` with several documents,
//! through the real binary with the workspace's own data folder (where the index lives).

use super::common::names_in;
use super::*;

const RAVENS: &str = "Ravens\n\nRavens are clever birds that remember faces for years.\n\nThey talk to each other about people they have met.\n";
const MOON: &str = "狂人日記\n\n　　今天晚上，很好的月光。我不見他，已是三十多年；今天見了，精神分外爽快。\n";

impl Workspace {
    /// A second document beside the sample, annotated with `quote` and `note`.
    fn another(&self, name: &str, text: &str, quote: &str, note: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, text).unwrap();
        let output = self
            .margent()
            .args([
                "annotate",
                path.to_str().unwrap(),
                "--quote",
                quote,
                "--note",
                note,
            ])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        path
    }

    fn json(&self, args: &[&str]) -> Value {
        let output = self.margent().args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    }

    fn stdout(&self, args: &[&str]) -> String {
        let output = self.margent().args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }
}

#[test]
fn annotated_documents_are_in_the_library_with_their_counts() {
    let ws = Workspace::sample();
    ws.annotate(&[
        "--quote",
        "Innovation is the first driving force.",
        "--tag",
        "todo",
    ]);
    ws.another("birds/ravens.txt", RAVENS, "remember faces", "they do");
    let library = ws.json(&["library", "--format", "json"]);
    let entries = library.as_array().unwrap();
    assert_eq!(entries.len(), 2, "{library}");
    let sample = entries.iter().find(|e| e["title"] == TITLE).unwrap();
    assert_eq!(sample["annotations"], 1);
    assert_eq!(sample["counts"]["open"], 1, "an open mark is an open review item");
    assert_eq!(sample["state"], "present");
    let text = ws.stdout(&["library"]);
    assert!(text.contains(TITLE) && text.contains("ravens.txt"), "{text}");

    std::fs::remove_file(ws.dir.path().join("birds/ravens.txt")).unwrap();
    let library = ws.json(&["library", "--format", "json"]);
    let ravens = library
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "Ravens")
        .unwrap()
        .clone();
    assert_eq!(
        ravens["state"], "missing",
        "a deleted document is shown as missing, not forgotten"
    );
    assert!(ws.stdout(&["library"]).contains("(missing)"));
    let hits = ws.json(&["search", "faces", "--format", "json"]);
    assert_eq!(hits.as_array().unwrap().len(), 1, "its notes stay searchable");
}

#[test]
fn search_finds_quotes_notes_and_tags_in_every_document_and_cjk_too() {
    let ws = Workspace::sample();
    ws.annotate(&[
        "--quote",
        "Innovation is the first driving force.",
        "--tag",
        "todo",
    ]);
    ws.another("ravens.txt", RAVENS, "remember faces", "crows too?");
    ws.another("zh/kuangren.txt", MOON, "很好的月光", "月色");
    let hits = ws.json(&["search", "CROWS", "--format", "json"]);
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["title"], "Ravens");
    assert_eq!(hits[0]["review"], "open");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("crows too?"));
    assert_eq!(
        ws.json(&["search", "好的月光", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        ws.json(&["search", "月色", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let tagged = ws.json(&["search", "", "--tag", "todo", "--format", "json"]);
    assert_eq!(tagged.as_array().unwrap().len(), 1);
    assert_eq!(tagged[0]["title"], TITLE);
    let zh = ws.dir.path().join("zh");
    let under = ws.json(&["search", "月", "--format", "json", zh.to_str().unwrap()]);
    assert_eq!(under.as_array().unwrap().len(), 1);
    let text = ws.stdout(&["search", "faces"]);
    assert!(text.starts_with("Ravens — "), "{text}");
    assert!(text.contains("note, open"), "{text}");
    assert_eq!(ws.stdout(&["search", "nowhere to be found"]), "no matches\n");
}

#[test]
fn search_sees_a_sidecar_changed_behind_its_back() {
    let ws = Workspace::sample();
    let ravens = ws.another("ravens.txt", RAVENS, "remember faces", "first thought");
    let sidecar = ws.dir.path().join("ravens.txt.notes.toml");
    let edited = std::fs::read_to_string(&sidecar)
        .unwrap()
        .replace("first thought", "second thought");
    // As git or an editor does: a new file renamed over the old one.
    std::fs::write(ws.dir.path().join("tmp"), edited).unwrap();
    std::fs::rename(ws.dir.path().join("tmp"), &sidecar).unwrap();
    assert_eq!(
        ws.json(&["search", "second thought", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(
        ws.json(&["search", "first thought", "--format", "json"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    drop(ravens);
}

#[test]
fn rebuild_recreates_a_deleted_index_from_the_folder() {
    let ws = Workspace::sample();
    ws.another("shelf/ravens.txt", RAVENS, "remember faces", "they do");
    let index = ws.dir.path().join("data/margent/library.sqlite3");
    assert!(index.exists());
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", index.display()));
    }
    let shelf = ws.dir.path().join("shelf");
    let output = ws
        .margent()
        .args(["library", "--rebuild", shelf.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("rebuilt: 1 document"));
    assert_eq!(
        ws.json(&["search", "they do", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_damaged_index_is_set_aside_and_never_fatal() {
    let ws = Workspace::sample();
    let index = ws.dir.path().join("data/margent/library.sqlite3");
    std::fs::create_dir_all(index.parent().unwrap()).unwrap();
    std::fs::write(&index, vec![b'x'; 4096]).unwrap();
    ws.annotate(&["--quote", "Innovation is the first driving force."]);
    let output = ws
        .margent()
        .args(["library", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let aside: Vec<String> = names_in(index.parent().unwrap())
        .into_iter()
        .filter(|name| name.contains(".damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept aside");
}

#[test]
fn library_dir_shows_plain_text_documents_known_or_not() {
    let ws = Workspace::sample();
    ws.another("shelf/ravens.txt", RAVENS, "remember faces", "they do");
    std::fs::write(ws.dir.path().join("shelf/unread.md"), "# Unread\n").unwrap();
    std::fs::write(ws.dir.path().join("shelf/picture.png"), "png").unwrap();
    let shelf = ws.dir.path().join("shelf");
    let entries = ws.json(&["library", "--format", "json", shelf.to_str().unwrap()]);
    let mut titles: Vec<String> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_string())
        .collect();
    titles.sort();
    assert_eq!(titles, ["Ravens", "unread.md"]);
}

#[test]
fn notes_of_several_documents_are_grouped_and_name_their_document() {
    let ws = Workspace::sample();
    ws.annotate(&[
        "--quote",
        "Innovation is the first driving force.",
        "--note",
        "n1",
    ]);
    let ravens = ws.another("more/ravens.txt", RAVENS, "remember faces", "n2");
    let json = ws.json(&["notes", ws.doc(), ravens.to_str().unwrap(), "--format", "json"]);
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items[0]["document"].as_str().unwrap().ends_with(SAMPLE));
    assert!(items[1]["document"].as_str().unwrap().ends_with("ravens.txt"));
    let single = ws.json(&["notes", ws.doc(), "--format", "json"]);
    assert!(single[0].get("document").is_none(), "one document: as before");
    let all = ws.stdout(&["notes", "--all"]);
    assert!(
        all.contains(&format!("{TITLE} — {SAMPLE}")) && all.contains("Ravens — ravens.txt"),
        "{all}"
    );
    let dir = ws.stdout(&["notes", ws.dir.path().join("more").to_str().unwrap()]);
    assert!(dir.contains("Ravens") && !dir.contains(TITLE), "{dir}");
}

#[test]
fn one_export_holds_every_document_in_every_format() {
    let ws = Workspace::sample();
    ws.annotate(&[
        "--quote",
        "Innovation is the first driving force.",
        "--note",
        "n1",
    ]);
    ws.another("ravens.txt", RAVENS, "remember faces", "n2");
    let csv = ws.stdout(&["export", "--all", "--format", "csv"]);
    assert_eq!(csv.matches("Highlight,Title,Author").count(), 1, "{csv}");
    assert!(
        csv.contains(&format!(",{TITLE},")) && csv.contains(",Ravens,"),
        "{csv}"
    );
    let w3c = ws.json(&["export", "--all", "--format", "w3c"]);
    assert_eq!(w3c["type"], "AnnotationCollection");
    let items = w3c["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let sources: Vec<&str> = items
        .iter()
        .map(|i| i["target"]["source"].as_str().unwrap())
        .collect();
    assert!(
        sources[0] != sources[1],
        "each target keeps its own document: {sources:?}"
    );
    let json = ws.json(&["export", "--all", "--format", "json"]);
    assert_eq!(json.as_array().unwrap().len(), 2);
    let md = ws.stdout(&["export", "--all", "--format", "md"]);
    assert!(
        md.contains(&format!("# {TITLE}")) && md.contains("# Ravens"),
        "{md}"
    );
    let org = ws.stdout(&["export", "--all", "--format", "org"]);
    assert_eq!(org.matches("#+TITLE").count(), 1, "{org}");
    assert!(org.contains("\n* Ravens\n") && org.contains("\n** "), "{org}");
    let html = ws.stdout(&["export", "--all", "--format", "html"]);
    assert_eq!(html.matches("<html").count(), 1);
    assert_eq!(html.matches("<section class=\"document\"").count(), 2);
    assert!(
        html.contains("id=\"d2-a1\"") && html.contains("id=\"d1-a1\""),
        "ids are unique per section"
    );
    let anki = ws.stdout(&["export", "--all", "--format", "anki"]);
    assert_eq!(anki.matches("#notetype:Cloze").count(), 1, "{anki}");
    assert!(
        anki.contains("#deck column:4\n") && !anki.contains("#deck:"),
        "{anki}"
    );
    let filtered = ws.stdout(&["export", "--all", "--format", "anki", "--status", "open"]);
    assert_eq!(
        filtered
            .matches("#margent filter:only those with status open\n")
            .count(),
        1,
        "the filter said once in the head: {filtered}"
    );
    let decks: Vec<&str> = anki
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|card| card.rsplit('\t').next().unwrap())
        .collect();
    assert_eq!(decks.len(), 2, "{anki}");
    assert!(
        decks.contains(&TITLE) && decks.contains(&"Ravens"),
        "one deck each: {decks:?}"
    );
}

#[test]
fn a_sidecar_that_does_not_parse_is_listed_with_its_error_and_its_notes_stay_searchable() {
    let ws = Workspace::sample();
    ws.another("ravens.txt", RAVENS, "remember faces", "they do");
    let sidecar = ws.dir.path().join("ravens.txt.notes.toml");
    std::fs::write(&sidecar, "format = [\n").unwrap();
    let library = ws.json(&["library", "--format", "json"]);
    let ravens = library
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"].as_str().unwrap().ends_with("ravens.txt"))
        .unwrap()
        .clone();
    let error = ravens["sidecar_error"].as_str().unwrap();
    assert!(error.contains("ravens.txt.notes.toml"), "{error}");
    assert!(ws.stdout(&["library"]).contains("[sidecar: "));
    assert_eq!(
        ws.json(&["search", "they do", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
