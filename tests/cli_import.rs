//! `margent import` through the real binary, on real exports (tests/fixtures/import):
//! each source's notes land on their document with an honest status, a second import
//! adds nothing, `--dry-run` writes nothing, and hostile sources are refused or read as
//! far as they can be. Each test works in its own temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::prelude::*;
use margent::annotation::Annotation;

struct Workspace {
    dir: tempfile::TempDir,
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(path)
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "").unwrap();
        Workspace { dir }
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn margent(&self, args: &[&str]) -> Output {
        Command::cargo_bin("margent")
            .unwrap()
            .current_dir(self.dir.path())
            .env("MARGENT_CONFIG", self.dir.path().join("config.toml"))
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env_remove("MARGENT_AUTHOR")
            .args(args)
            .output()
            .unwrap()
    }

    fn annotations(&self, doc: &str) -> Vec<Annotation> {
        margent::sidecar::read_sidecar(&self.dir.path().join(format!("{doc}.notes.toml")))
            .unwrap()
            .map(|sidecar| {
                sidecar
                    .annotations()
                    .iter()
                    .map(|a| Annotation::clone(a))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Workspace {
    /// `margent import SOURCE --into DOC`, which must succeed.
    fn import_into(&self, source: &Path, doc: &str) -> Output {
        let out = self.margent(&["import", source.to_str().unwrap(), "--into", doc]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out
    }
}

/// One entry of a Kindle clippings file for "An Essay (Someone)": `kind` is `Highlight`
/// or `Note`, `place` as Kindle writes it (`Location 10-12`), added `seconds` after
/// 10:00 on 1 May 2023.
fn clipping(kind: &str, place: &str, seconds: u32, text: &str) -> String {
    format!("{}{text}\r\n==========\r\n", clipping_head(kind, place, seconds))
}

/// A clipping's lines before its text.
fn clipping_head(kind: &str, place: &str, seconds: u32) -> String {
    format!(
        "An Essay (Someone)\r\n- Your {kind} on page 1 | {place} | Added on Monday, May 1, 2023 10:{:02}:{:02} AM\r\n\r\n",
        seconds / 60,
        seconds % 60
    )
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn last_line(output: &Output) -> String {
    stdout(output).lines().last().unwrap_or("").to_string()
}

#[test]
fn koreader_sidecar_lands_on_its_markdown_source_and_a_second_import_adds_nothing() {
    let ws = Workspace::new();
    ws.write(
        "source.md",
        &std::fs::read_to_string(fixture("koreader/basic.source.md")).unwrap(),
    );
    let lua = fixture("koreader/basic.metadata.md.lua");
    let lua = lua.to_str().unwrap();
    let dry = ws.margent(&["import", lua, "--into", "source.md", "--dry-run"]);
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    assert_eq!(
        last_line(&dry),
        "3 imported, 0 need review, 0 orphaned, 1 skipped (dry run: nothing written)"
    );
    assert!(
        !ws.dir.path().join("source.md.notes.toml").exists(),
        "a dry run writes nothing"
    );
    let first = ws.margent(&["import", lua, "--into", "source.md"]);
    assert_eq!(
        last_line(&first),
        "3 imported, 0 need review, 0 orphaned, 1 skipped"
    );
    let stored = ws.annotations("source.md");
    assert_eq!(stored.len(), 3);
    let noted = stored.iter().find(|a| a.exact == "kalme noorderwind").unwrap();
    assert!(noted.note.starts_with("Dit is een notitie"));
    assert!(
        stored
            .iter()
            .any(|a| a.exact == "donkere horizon" && a.color == "green")
    );
    let again = ws.margent(&["import", lua, "--into", "source.md"]);
    assert_eq!(
        last_line(&again),
        "0 imported, 0 need review, 0 orphaned, 4 skipped"
    );
    assert_eq!(ws.annotations("source.md"), stored);
    // The file KOReader exports on closing holds the same notes: nothing new either.
    let exported = fixture("koreader/basic.source.md.annotations.lua");
    let same = ws.margent(&["import", exported.to_str().unwrap(), "--into", "source.md"]);
    assert_eq!(
        last_line(&same),
        "0 imported, 0 need review, 0 orphaned, 4 skipped"
    );
}

/// A document the Spanish Kindle clipping names (its quote runs across a line break).
const HOLMES: &str = "The Adventures of Sherlock Holmes\n\nArthur Conan Doyle (1859-1930) was a Scottish\nauthor most \
     noted for his stories about the detective Sherlock Holmes, which are generally considered a \
     major innovation in the field of crime fiction, and the adventures of Professor Challenger.\n";

#[test]
fn kindle_clippings_find_their_book_in_a_folder() {
    let ws = Workspace::new();
    // The Sherlock Holmes clipping is found (across a line break); the other book has
    // no document here.
    ws.write("holmes.txt", HOLMES);
    ws.write(
        "unrelated.txt",
        "A Treatise on Something Else\n\nNothing to see.\n",
    );
    let source = fixture("kindle/es.txt");
    let out = ws.margent(&["import", source.to_str().unwrap(), "--into", "."]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        last_line(&out).starts_with("1 imported, 0 need review, 0 orphaned, 0 skipped, 1 book not matched"),
        "{}",
        stdout(&out)
    );
    let stored = ws.annotations("holmes.txt");
    assert_eq!(stored.len(), 1);
    assert!(
        stored[0].exact.contains("Scottish\nauthor"),
        "{:?}",
        stored[0].exact
    );
    assert_eq!(stored[0].created, "2023-08-12T16:11:03Z".parse().unwrap());
    assert!(!ws.dir.path().join("unrelated.txt.notes.toml").exists());
}

#[test]
fn an_absent_quote_is_orphaned_never_placed() {
    let ws = Workspace::new();
    ws.write(
        "holmes.txt",
        "The adventures of Sherlock Holmes\n\nA text without the clipped passage.\n",
    );
    let source = fixture("kindle/es.txt");
    let out = ws.margent(&[
        "import",
        source.to_str().unwrap(),
        "--into",
        "holmes.txt",
        "--book",
        "sherlock",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        last_line(&out),
        "0 imported, 0 need review, 1 orphaned, 1 skipped"
    );
    let notes = ws.margent(&["notes", "holmes.txt", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&notes.stdout).unwrap();
    assert_eq!(json[0]["status"], "orphaned");
    let kept = json[0]["exact"].as_str().unwrap();
    assert!(
        kept.starts_with("was a Scottish author most noted"),
        "the clipping is kept: {kept}"
    );
}

#[test]
fn lua_with_code_is_refused_and_nothing_is_written() {
    let ws = Workspace::new();
    ws.write("doc.txt", "some text\n");
    let evil = ws.write(
        "metadata.txt.lua",
        "return {\n  [\"annotations\"] = { [1] = { [\"text\"] = io.open(\"/etc/passwd\"):read(\"*a\") } },\n}\n",
    );
    let out = ws.margent(&["import", evil.to_str().unwrap(), "--into", "doc.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 2") && stderr.contains("code, not data"),
        "{stderr}"
    );
    assert!(!ws.dir.path().join("doc.txt.notes.toml").exists());
}

#[test]
fn a_damaged_csv_imports_what_it_can_and_names_each_bad_line() {
    let ws = Workspace::new();
    ws.write(
        "doc.txt",
        "Essay\n\nThe first sentence is here. The second one is there. The third closes it.\n",
    );
    let mut csv = b"Highlight,Title,Note\r\nThe first sentence,Essay,\r\nThe second one,\r\n".to_vec();
    csv.extend_from_slice(b"\"The third,Essay,\r\nis here,Essay,caf\xe9\r\n");
    let source = ws.dir.path().join("export.csv");
    std::fs::write(&source, csv).unwrap();
    let out = ws.margent(&["import", source.to_str().unwrap(), "--into", "doc.txt"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let problems: Vec<&str> = stderr.lines().collect();
    assert_eq!(problems.len(), 3, "{stderr}");
    assert!(
        problems[0].contains("export.csv: line 3: 2 cells where the header has 3"),
        "{stderr}"
    );
    assert!(
        problems[1].contains("export.csv: line 4: a quote opened here is never closed"),
        "{stderr}"
    );
    assert!(
        problems[2].contains("export.csv: line 5: bytes that are not UTF-8"),
        "{stderr}"
    );
    assert_eq!(
        last_line(&out),
        "3 imported, 0 need review, 0 orphaned, 0 skipped"
    );
    let quotes: Vec<String> = ws.annotations("doc.txt").into_iter().map(|a| a.exact).collect();
    assert_eq!(quotes.len(), 3, "{quotes:?}");
}

#[test]
fn an_unknown_format_is_a_usage_error_and_no_target_too() {
    let ws = Workspace::new();
    let junk = ws.write("junk.txt", "nothing recognisable\n");
    let out = ws.margent(&["import", junk.to_str().unwrap(), "--into", "junk.txt"]);
    assert_eq!(out.status.code(), Some(2));
    // An empty file is no question of format: there is nothing in it.
    let empty = ws.write("empty.txt", "\u{feff}\n");
    let out = ws.margent(&["import", empty.to_str().unwrap(), "--into", "junk.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.txt: the file is empty"));
    let source = fixture("kindle/es.txt");
    // A dry run makes no library index where there was none.
    let out = ws.margent(&["import", source.to_str().unwrap(), "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!ws.dir.path().join("data/margent/library.sqlite3").exists());
    let out = ws.margent(&["import", source.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--into"));
}

/// Exports `article.txt`'s annotations as FORMAT, imports them onto a fresh copy, and
/// returns (original, imported) annotations.
fn round_trip(format: &str) -> (Vec<Annotation>, Vec<Annotation>, Output) {
    let export = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export");
    let ws = Workspace::new();
    std::fs::create_dir(ws.dir.path().join("fresh")).unwrap();
    for name in ["article.txt", "fresh/article.txt"] {
        std::fs::copy(export.join("article.txt"), ws.dir.path().join(name)).unwrap();
    }
    std::fs::copy(
        export.join("article.txt.notes.toml"),
        ws.dir.path().join("article.txt.notes.toml"),
    )
    .unwrap();
    let out = ws.margent(&["export", "article.txt", "--format", format, "-o", "out.export"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let imported = ws.margent(&["import", "out.export", "--into", "fresh/article.txt"]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    (
        ws.annotations("article.txt"),
        ws.annotations("fresh/article.txt"),
        imported,
    )
}

#[test]
fn json_export_then_import_onto_a_fresh_copy_gives_the_same_annotations() {
    let (original, imported, out) = round_trip("json");
    assert_eq!(original.len(), 7);
    assert_eq!(imported, original, "{}", stdout(&out));
    assert_eq!(
        last_line(&out),
        "6 imported, 0 need review, 1 orphaned, 0 skipped"
    );
}

#[test]
fn w3c_export_then_import_gives_the_same_annotations_but_an_orphans_old_offsets() {
    let (original, imported, out) = round_trip("w3c");
    assert_eq!(imported.len(), original.len(), "{}", stdout(&out));
    for (before, after) in original.iter().zip(&imported) {
        if after.exact == "a passage that was deleted from the text" {
            // W3C gives an orphan no position (it would point at other text).
            assert_eq!((after.start, after.end), (0, 0));
            let moved = Annotation {
                start: before.start,
                end: before.end,
                ..after.clone()
            };
            assert_eq!(&moved, before);
        } else {
            assert_eq!(after, before);
        }
    }
}

#[test]
fn without_into_each_book_goes_to_the_library_document_it_names() {
    let ws = Workspace::new();
    ws.write("holmes.txt", HOLMES);
    ws.write(
        "unrelated.txt",
        "A Treatise on Something Else\n\nNothing to see here at all.\n",
    );
    // The library learns of both documents as they are annotated.
    for (doc, quote) in [
        ("holmes.txt", "Professor Challenger"),
        ("unrelated.txt", "Nothing to see"),
    ] {
        let out = ws.margent(&["annotate", doc, "--quote", quote]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let source = fixture("kindle/es.txt");
    // A sidecar changed since the index looked: a real import refreshes the index, a dry
    // run leaves it (and everything else) as it was.
    let sidecar = std::fs::File::options()
        .append(true)
        .open(ws.dir.path().join("holmes.txt.notes.toml"))
        .unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    sidecar.set_modified(later).unwrap();
    let index = |ws: &Workspace| -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(ws.dir.path().join("data/margent"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.is_file())
            .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
            .collect();
        files.sort();
        files
    };
    let before = index(&ws);
    assert!(before.iter().any(|(name, _)| name.ends_with("library.sqlite3")));
    let out = ws.margent(&["import", source.to_str().unwrap(), "--dry-run"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(ws.annotations("holmes.txt").len(), 1, "a dry run writes nothing");
    assert!(
        index(&ws) == before,
        "a dry run leaves the library index as it was"
    );
    let out = ws.margent(&["import", source.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        last_line(&out).starts_with("1 imported, 0 need review, 0 orphaned, 0 skipped, 1 book not matched"),
        "{}",
        stdout(&out)
    );
    assert_eq!(ws.annotations("holmes.txt").len(), 2);
    assert_eq!(ws.annotations("unrelated.txt").len(), 1, "no book names it");
}

/// A device or a FIFO given as the source is refused at once, naming it: `/dev/zero`
/// was read until memory ran out, and a FIFO blocked the command.
#[cfg(unix)]
#[test]
fn a_device_or_fifo_source_is_refused_not_read() {
    let ws = Workspace::new();
    ws.write("doc.txt", "Call me Ishmael.\n");
    let fifo = ws.dir.path().join("clippings.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo");
    for source in ["/dev/zero", fifo.to_str().unwrap()] {
        let out = ws.margent(&["import", source, "--into", "doc.txt"]);
        assert_eq!(out.status.code(), Some(1), "{source}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            stderr,
            format!("margent: {source}: cannot read: not a regular file (a device, pipe or socket)\n")
        );
    }
    assert!(!ws.dir.path().join("doc.txt.notes.toml").exists());
}

/// A clippings file cut inside its last entry: that entry's quote may be short, so it
/// is placed for review; the whole file imported later completes it (one annotation,
/// the whole passage, the reader's note kept), and the cut copy imported again adds
/// nothing.
#[test]
fn a_clipping_cut_short_is_reviewed_then_completed_by_the_whole_file() {
    let ws = Workspace::new();
    ws.write(
        "essay.txt",
        "An Essay\n\nThe first thing to say is that the river was wide and slow in the summer months.\nOther words follow here.\n",
    );
    let head = clipping_head("Highlight", "Location 10-12", 0);
    let note = clipping("Note", "Location 12", 60, "from the device");
    let whole = ws.write(
        "whole.txt",
        &format!("{head}the river was wide and slow in the summer months.\r\n==========\r\n{note}"),
    );
    let cut = ws.write("cut.txt", &format!("{head}the river was wide and sl"));
    let import = |source: &Path| ws.import_into(source, "essay.txt");

    let out = import(&cut);
    assert_eq!(
        last_line(&out),
        "0 imported, 1 need review, 0 orphaned, 0 skipped"
    );
    let stored = ws.annotations("essay.txt");
    assert_eq!(stored.len(), 1);
    assert!(
        stored[0].tags.contains(&"needs-review".to_string()),
        "{:?}",
        stored[0].tags
    );
    assert_eq!(stored[0].exact, "the river was wide and sl");
    let copy_id = stored[0].id.clone();
    let edit = ws.margent(&["edit", "essay.txt", &copy_id, "--note", "mine"]);
    assert!(edit.status.success(), "{}", String::from_utf8_lossy(&edit.stderr));

    let out = import(&whole);
    assert_eq!(
        last_line(&out),
        "1 imported, 0 need review, 0 orphaned, 0 skipped"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("1 note imported before from a copy cut short was completed"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stored = ws.annotations("essay.txt");
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].id, copy_id, "completed in place");
    assert_eq!(
        stored[0].exact,
        "the river was wide and slow in the summer months."
    );
    assert_eq!(stored[0].note, "mine\n\nfrom the device", "both notes are kept");
    assert_eq!(stored[0].kind, margent::annotation::Kind::Note);
    assert!(
        stored[0].modified > "2024-01-01T00:00:00Z".parse().unwrap(),
        "changed now"
    );
    assert!(stored[0].tags.is_empty(), "{:?}", stored[0].tags);

    for source in [&cut, &whole] {
        let out = import(source);
        assert_eq!(
            last_line(&out),
            "0 imported, 0 need review, 0 orphaned, 1 skipped"
        );
        assert_eq!(ws.annotations("essay.txt").len(), 1);
    }
}

/// A clippings file imported again after a note was typed on the device beside a
/// highlight imported before: the note joins the annotation, never counted as skipped
/// and lost; importing it once more changes nothing. Once the reader has changed the
/// annotation here, a note changed at the source is reported and left alone (the
/// reader's edit, or a note they cleared, is never undone).
#[test]
fn a_note_added_at_the_source_after_an_import_joins_its_annotation() {
    let ws = Workspace::new();
    ws.write(
        "essay.txt",
        "An Essay\n\nThe first thing to say is that the river was wide and slow in the summer months.\n",
    );
    let entry = clipping;
    let highlight = entry("Highlight", "Location 10-12", 0, "the river was wide and slow");
    let before = ws.write("before.txt", &highlight);
    let after = ws.write(
        "after.txt",
        &format!("{highlight}{}", entry("Note", "Location 12", 30, "typed later")),
    );
    let later = ws.write(
        "later.txt",
        &format!(
            "{highlight}{}",
            entry("Note", "Location 12", 50, "typed later still")
        ),
    );
    let import = |source: &Path| {
        let out = ws.import_into(source, "essay.txt");
        (last_line(&out), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    assert_eq!(
        import(&before).0,
        "1 imported, 0 need review, 0 orphaned, 0 skipped"
    );
    let id = ws.annotations("essay.txt")[0].id.clone();

    let dry = ws.margent(&[
        "import",
        after.to_str().unwrap(),
        "--into",
        "essay.txt",
        "--dry-run",
    ]);
    assert!(
        stdout(&dry).starts_with("update  essay.txt: + typed later"),
        "{}",
        stdout(&dry)
    );
    assert_eq!(
        ws.annotations("essay.txt")[0].note,
        "",
        "a dry run writes nothing"
    );

    assert_eq!(
        import(&after).0,
        "0 imported, 0 need review, 0 orphaned, 0 skipped, 1 with a new note"
    );
    let stored = ws.annotations("essay.txt");
    assert_eq!(stored.len(), 1);
    assert_eq!(
        (stored[0].id.as_str(), stored[0].note.as_str()),
        (id.as_str(), "typed later")
    );
    assert_eq!(
        import(&after).0,
        "0 imported, 0 need review, 0 orphaned, 1 skipped"
    );

    // The note typed on at the device (which keeps both versions): the annotation the
    // last import changed takes it, as nothing of the reader's is lost.
    let typed_on = ws.write(
        "typed-on.txt",
        &format!(
            "{highlight}{}{}",
            entry("Note", "Location 12", 30, "typed later"),
            entry("Note", "Location 12", 70, "typed later, and on")
        ),
    );
    assert_eq!(
        import(&typed_on).0,
        "0 imported, 0 need review, 0 orphaned, 1 skipped, 1 with a new note"
    );
    assert_eq!(ws.annotations("essay.txt")[0].note, "typed later, and on");

    let edit = ws.margent(&["edit", "essay.txt", &id, "--note", "mine"]);
    assert!(edit.status.success(), "{}", String::from_utf8_lossy(&edit.stderr));
    for source in [&after, &later] {
        let (last, stderr) = import(source);
        assert_eq!(last, "0 imported, 0 need review, 0 orphaned, 1 skipped");
        if source == &later {
            assert!(
                stderr.contains("changed here since they were imported"),
                "{stderr}"
            );
        }
        assert_eq!(ws.annotations("essay.txt")[0].note, "mine");
    }
}

/// A file cut inside a note typed beside a highlight: the highlight is placed for
/// review (its note may be short), and the whole file completes the note.
#[test]
fn a_note_cut_short_is_reviewed_then_completed() {
    let ws = Workspace::new();
    ws.write(
        "essay.txt",
        "An Essay\n\nThe first thing to say is that the river was wide and slow in the summer months.\n",
    );
    let whole_text = format!(
        "{}{}",
        clipping("Highlight", "Location 10-12", 0, "the river was wide and slow"),
        clipping(
            "Note",
            "Location 12",
            30,
            "a long note that was cut in the middle"
        )
    );
    let whole = ws.write("whole.txt", &whole_text);
    let cut = ws.write("cut.txt", &whole_text[..whole_text.find("cut in").unwrap()]);
    let import = |source: &Path| last_line(&ws.import_into(source, "essay.txt"));
    assert_eq!(import(&cut), "0 imported, 1 need review, 0 orphaned, 0 skipped");
    assert_eq!(ws.annotations("essay.txt")[0].note, "a long note that was");
    assert_eq!(import(&whole), "1 imported, 0 need review, 0 orphaned, 0 skipped");
    let stored = ws.annotations("essay.txt");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].note, "a long note that was cut in the middle");
    assert!(stored[0].tags.is_empty(), "{:?}", stored[0].tags);
}

/// Two documents that match a book equally well (one text in two folders): neither is
/// chosen by chance; both are named.
#[test]
fn a_book_matching_two_documents_equally_goes_to_neither() {
    let ws = Workspace::new();
    let text = "An Essay\n\nThe first thing to say is that the river was wide and slow.\n";
    std::fs::create_dir(ws.dir.path().join("a")).unwrap();
    std::fs::create_dir(ws.dir.path().join("b")).unwrap();
    ws.write("a/essay.txt", text);
    ws.write("b/essay.txt", text);
    let source = ws.write(
        "clips.txt",
        &clipping("Highlight", "Location 10-12", 0, "the river was wide"),
    );
    let out = ws.margent(&[
        "import",
        source.to_str().unwrap(),
        "--into",
        "a/essay.txt",
        "--into",
        "b/essay.txt",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("matches 2 documents equally"), "{stderr}");
    assert!(
        stderr.contains("a/essay.txt") && stderr.contains("b/essay.txt"),
        "{stderr}"
    );
    assert!(
        last_line(&out).ends_with("1 book not matched"),
        "{}",
        stdout(&out)
    );
    assert!(ws.annotations("a/essay.txt").is_empty() && ws.annotations("b/essay.txt").is_empty());
}

/// A document given notes by an import is on the shelf, and its notes are found by
/// `search`, as after `annotate`.
#[test]
fn an_imported_document_is_in_the_library() {
    let ws = Workspace::new();
    ws.write(
        "essay.txt",
        "An Essay\n\nThe river was wide and slow in the summer months.\n",
    );
    let source = ws.write(
        "clips.txt",
        &clipping("Highlight", "Location 10-12", 0, "The river was wide"),
    );
    let out = ws.margent(&["import", source.to_str().unwrap(), "--into", "essay.txt"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let found = ws.margent(&["search", "river"]);
    assert!(
        found.status.success(),
        "{}",
        String::from_utf8_lossy(&found.stderr)
    );
    assert!(stdout(&found).contains("essay.txt"), "{}", stdout(&found));
}

/// An imported annotation the reader deleted stays deleted when the source is imported
/// again, the document moved (with its sidecar) too; another text still gets it. A
/// deletion the list cannot take is said.
#[test]
fn an_imported_annotation_deleted_here_is_not_brought_back() {
    let ws = Workspace::new();
    let text = "An Essay\n\nThe river was wide and slow in the summer months. The hills were green.\n";
    ws.write("essay.txt", text);
    std::fs::create_dir(ws.dir.path().join("other")).unwrap();
    ws.write("other/essay.txt", &format!("{text}\nA paragraph more.\n"));
    let source = ws.write(
        "clips.txt",
        &format!(
            "{}{}",
            clipping("Highlight", "Location 10-12", 0, "The river was wide"),
            clipping("Highlight", "Location 14-15", 60, "The hills were green.")
        ),
    );
    let import = |into: &str| ws.import_into(&source, into);
    import("essay.txt");
    let river = ws
        .annotations("essay.txt")
        .into_iter()
        .find(|a| a.exact == "The river was wide")
        .unwrap();
    let out = ws.margent(&["delete", "essay.txt", &river.id]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let again = import("essay.txt");
    assert_eq!(
        last_line(&again),
        "0 imported, 0 need review, 0 orphaned, 2 skipped"
    );
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains("1 annotation deleted here since it was imported: not brought back"),
        "{said}"
    );
    let kept: Vec<String> = ws.annotations("essay.txt").into_iter().map(|a| a.exact).collect();
    assert_eq!(kept, ["The hills were green."]);
    let other = import("other/essay.txt");
    assert_eq!(
        last_line(&other),
        "2 imported, 0 need review, 0 orphaned, 0 skipped"
    );
    assert_eq!(ws.annotations("other/essay.txt").len(), 2);

    std::fs::create_dir(ws.dir.path().join("moved")).unwrap();
    for name in ["essay.txt", "essay.txt.notes.toml"] {
        std::fs::rename(ws.dir.path().join(name), ws.dir.path().join("moved").join(name)).unwrap();
    }
    let moved = import("moved/essay.txt");
    assert_eq!(
        last_line(&moved),
        "0 imported, 0 need review, 0 orphaned, 2 skipped"
    );

    // The list made a folder: the deletion is done, and said to be unlisted.
    let list = ws.dir.path().join("data/margent/deleted-ids");
    std::fs::remove_file(&list).unwrap();
    std::fs::create_dir(&list).unwrap();
    let hills = ws.annotations("other/essay.txt")[1].id.clone();
    let out = ws.margent(&["delete", "other/essay.txt", &hills]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("not listed as deleted"), "{said}");
    assert_eq!(ws.annotations("other/essay.txt").len(), 1);
}

/// `essay.txt` with two Kindle highlights (`first`, `second`) imported onto it from
/// `clips.txt`, and the highlight that the device makes at `place` when the first is
/// extended to "The river was wide and slow in the summer".
fn two_highlights_imported(first: &str, second: &str, place: &str) -> (Workspace, PathBuf, String) {
    let ws = Workspace::new();
    ws.write(
        "essay.txt",
        "An Essay\n\nThe river was wide and slow in the summer months. The hills were green.\n",
    );
    let longer = clipping(
        "Highlight",
        place,
        300,
        "The river was wide and slow in the summer",
    );
    let source = ws.write("clips.txt", &format!("{first}{second}"));
    assert_eq!(
        last_line(&ws.import_into(&source, "essay.txt")),
        "2 imported, 0 need review, 0 orphaned, 0 skipped"
    );
    (ws, source, longer)
}

/// A highlight imported, then extended on the Kindle (which appends the new version and
/// keeps the old) and imported again, is one annotation: the first, under its id, with
/// the longer quote and the reader's tag kept; a third import changes nothing.
#[test]
fn a_highlight_extended_at_the_source_updates_the_one_imported_before() {
    let short = clipping("Highlight", "Location 10-11", 0, "The river was wide");
    let hills = clipping("Highlight", "Location 14-15", 60, "The hills were green.");
    let (ws, source, longer) = two_highlights_imported(&short, &hills, "Location 10-12");
    let import = || ws.import_into(&source, "essay.txt");
    let first = ws
        .annotations("essay.txt")
        .into_iter()
        .find(|a| a.exact == "The river was wide")
        .unwrap();
    let out = ws.margent(&["edit", "essay.txt", &first.id, "--tag", "mine"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    std::fs::write(&source, format!("{short}{hills}{longer}")).unwrap();
    let again = import();
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains("1 note imported before in an older version"),
        "{said}"
    );
    let annotations = ws.annotations("essay.txt");
    assert_eq!(annotations.len(), 2, "{annotations:?}");
    let river = annotations
        .iter()
        .find(|a| a.exact.starts_with("The river"))
        .unwrap();
    assert_eq!(river.id, first.id);
    assert_eq!(river.exact, "The river was wide and slow in the summer");
    assert_eq!(river.tags, ["mine"]);

    let third = import();
    assert_eq!(
        last_line(&third),
        "0 imported, 0 need review, 0 orphaned, 3 skipped"
    );
    assert_eq!(ws.annotations("essay.txt"), annotations);
}

/// A highlight of 200,000 characters of one letter (hostile, or a Kindle file damaged)
/// is placed as fast as any: building the automaton that finds quotes took more than a
/// minute for it, growing with the square of its length.
#[test]
fn a_highlight_of_one_letter_repeated_is_orphaned_at_once() {
    let ws = Workspace::new();
    ws.write("essay.txt", "An Essay\n\naaaa bbbb aaaa\n");
    let source = ws.write(
        "clips.txt",
        &clipping("Highlight", "Location 10-12", 0, &"a".repeat(200_000)),
    );
    let out = ws.import_into(&source, "essay.txt");
    assert_eq!(
        last_line(&out),
        "0 imported, 0 need review, 1 orphaned, 0 skipped"
    );
}

/// A highlight extended on the Kindle over two highlighted and imported before: one
/// annotation, as one import of the whole file gives; the first keeps its id, the
/// second's tags and note join it; importing again changes nothing.
#[test]
fn a_highlight_extended_over_two_imported_before_joins_them() {
    let first = clipping("Highlight", "Location 10-11", 0, "The river was wide");
    let second = clipping("Highlight", "Location 12-13", 60, "slow in the summer");
    let (ws, source, both) = two_highlights_imported(&first, &second, "Location 10-13");
    let import = || ws.import_into(&source, "essay.txt");
    let stored = ws.annotations("essay.txt");
    let id_of = |quote: &str| stored.iter().find(|a| a.exact == quote).unwrap().id.clone();
    let (river, slow) = (id_of("The river was wide"), id_of("slow in the summer"));
    for (id, args) in [(&river, ["--note", "mine"]), (&slow, ["--tag", "later"])] {
        let out = ws.margent(&["edit", "essay.txt", id, args[0], args[1]]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }

    std::fs::write(&source, format!("{first}{second}{both}")).unwrap();
    let out = import();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("1 annotation of older versions joined"), "{said}");
    let annotations = ws.annotations("essay.txt");
    assert_eq!(annotations.len(), 1, "{annotations:?}");
    let joined = &annotations[0];
    assert_eq!(joined.id, river);
    assert_eq!(joined.exact, "The river was wide and slow in the summer");
    assert_eq!(
        (joined.note.as_str(), joined.tags.as_slice()),
        ("mine", &["later".to_string()][..])
    );
    assert!(
        !ws.dir.path().join("data/margent/deleted-ids").exists(),
        "joined, not deleted by the reader"
    );

    assert_eq!(
        last_line(&import()),
        "0 imported, 0 need review, 0 orphaned, 3 skipped"
    );
    assert_eq!(ws.annotations("essay.txt"), annotations);
}
