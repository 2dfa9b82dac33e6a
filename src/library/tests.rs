//! The index against real files in temporary folders: recording, refresh after a
//! sidecar changed, rebuild, the search over CJK and Korean, a moved document finding
//! its notes, a damaged or newer index set aside, and two connections writing at once.

use std::path::{Path, PathBuf};

use super::*;
use crate::annotation::{Annotation, Kind};
use crate::document::Document;
use crate::sidecar::{Places, SidecarLocation, Sidecars};

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("docs")).unwrap();
        Setup { dir }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn library(&self) -> Library {
        Library::open(&self.data().join(INDEX_FILE), Some(&self.data())).unwrap()
    }

    fn document(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join("docs").join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Annotates `quote` in the document at `path` as `annotate` would, with a note.
    fn annotate(&self, path: &Path, quote: &str, note: &str, tags: &[&str]) {
        let doc = Document::open(path, None).unwrap();
        let places = Places::with_data_dir(&doc, SidecarLocation::Auto, Some(&self.data()));
        let mut sidecars = Sidecars::open(&doc, places).unwrap();
        let byte = doc.text().find(quote).unwrap();
        let start = doc.text()[..byte].chars().count();
        let mut annotation =
            Annotation::in_text(Kind::Note, doc.text(), start..start + quote.chars().count());
        annotation.note = note.to_string();
        annotation.tags = tags.iter().map(|t| t.to_string()).collect();
        sidecars.upsert(annotation).unwrap();
    }
}

const ESSAY: &str = "On Reading Slowly\n\nThe sentence that resists summary is the one to keep.\n\nRavens are clever birds that remember faces for years.\n\nA third paragraph with enough words to count here.\n";
const CHINESE: &str = "狂人日記\n\n　　今天晚上，很好的月光。我不見他，已是三十多年；今天見了，精神分外爽快。\n　　我怕得有理。趙家的狗，何以看我兩眼呢？\n";
const KOREAN: &str = "한국어 문서\n\n오늘은 날씨가 좋아서 공원에 산책을 갔습니다. 나무들이 푸르렀습니다.\n";

fn record(library: &mut Library, path: &Path) {
    let doc = Document::open(path, None).unwrap();
    library.record_document(&doc, true).unwrap();
}

fn search(library: &Library, query: &str) -> Vec<Hit> {
    library
        .search(&SearchRequest {
            query: query.into(),
            ..SearchRequest::default()
        })
        .unwrap()
}

#[test]
fn a_recorded_document_is_listed_with_its_counts_and_found_by_its_notes() {
    let setup = Setup::new();
    let essay = setup.document("essay.txt", ESSAY);
    setup.annotate(&essay, "Ravens are clever", "about ravens", &["birds"]);
    let mut library = setup.library();
    record(&mut library, &essay);
    let entries = library.entries(None).unwrap();
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry.title, "On Reading Slowly");
    assert_eq!(entry.annotations, 1);
    assert_eq!(entry.counts.notes, 1);
    assert_eq!(entry.state, EntryState::Present);
    assert!(entry.last_opened.is_some());
    let hits = search(&library, "RAVENS");
    assert_eq!(hits.len(), 1, "the trigram index ignores case");
    assert_eq!(hits[0].note, "about ravens");
    assert_eq!(hits[0].section.as_deref(), Some("On Reading Slowly"));
    assert!(
        hits[0].snippet.contains("Ravens are clever"),
        "{}",
        hits[0].snippet
    );
    assert_eq!(search(&library, "birds").len(), 1, "tags are searched too");
    assert!(search(&library, "eagles").is_empty());
}

#[test]
fn chinese_japanese_and_korean_are_found_without_a_word_segmenter() {
    let setup = Setup::new();
    let chinese = setup.document("kuangren.txt", CHINESE);
    let korean = setup.document("korean.txt", KOREAN);
    setup.annotate(&chinese, "很好的月光", "月色", &[]);
    setup.annotate(&korean, "공원에 산책을", "산책 메모", &[]);
    let mut library = setup.library();
    record(&mut library, &chinese);
    record(&mut library, &korean);
    assert_eq!(search(&library, "好的月").len(), 1, "three CJK characters");
    assert_eq!(search(&library, "月色").len(), 1, "two: found by a scan");
    assert_eq!(search(&library, "산책을").len(), 1);
    assert_eq!(search(&library, "산책").len(), 1);
    assert!(search(&library, "月光很").is_empty());
}

#[test]
fn a_changed_sidecar_is_read_again_by_a_refresh() {
    let setup = Setup::new();
    let essay = setup.document("essay.txt", ESSAY);
    setup.annotate(&essay, "Ravens are clever", "about ravens", &[]);
    let mut library = setup.library();
    record(&mut library, &essay);
    assert_eq!(library.refresh(Refresh::Folders).unwrap(), 0, "nothing changed");
    // Another process (or git) changes the sidecar behind the index's back.
    setup.annotate(&essay, "The sentence that resists", "keep it", &["todo"]);
    assert_eq!(library.refresh(Refresh::Folders).unwrap(), 1);
    assert_eq!(search(&library, "keep it").len(), 1);
    assert_eq!(library.entries(None).unwrap()[0].annotations, 2);
    assert_eq!(library.refresh(Refresh::Thorough).unwrap(), 0);
    // An in-place rewrite that leaves the folder's time alone is seen by a thorough one.
    let sidecar = crate::sidecar::beside(&essay);
    let text = std::fs::read_to_string(&sidecar)
        .unwrap()
        .replace("keep it", "keep this");
    let folder_time = std::fs::metadata(essay.parent().unwrap())
        .unwrap()
        .modified()
        .unwrap();
    std::fs::write(&sidecar, text).unwrap();
    std::fs::File::options()
        .write(true)
        .open(essay.parent().unwrap())
        .map(|f| f.set_modified(folder_time))
        .ok();
    assert_eq!(library.refresh(Refresh::Thorough).unwrap(), 1);
    assert_eq!(search(&library, "keep this").len(), 1);
}

#[test]
fn a_missing_document_stays_listed_and_searchable_and_forget_removes_only_the_entry() {
    let setup = Setup::new();
    let essay = setup.document("essay.txt", ESSAY);
    setup.annotate(&essay, "Ravens are clever", "about ravens", &[]);
    let mut library = setup.library();
    record(&mut library, &essay);
    std::fs::remove_file(&essay).unwrap();
    let entries = library.entries(None).unwrap();
    assert_eq!(entries[0].state, EntryState::Missing);
    assert_eq!(search(&library, "ravens").len(), 1);
    std::fs::create_dir(&essay).unwrap();
    assert_eq!(library.entries(None).unwrap()[0].state, EntryState::NotAFile);
    assert!(library.forget(&essay).unwrap());
    assert!(library.entries(None).unwrap().is_empty());
    assert!(
        crate::sidecar::beside(&essay).exists(),
        "forgetting deletes no file"
    );
}

#[test]
fn rebuild_recreates_the_index_from_sidecars_and_folders() {
    let setup = Setup::new();
    let essay = setup.document("essay.txt", ESSAY);
    let other = setup.document("shelf/other.txt", CHINESE);
    let bare = setup.document("shelf/bare.txt", "no notes here\n");
    setup.annotate(&essay, "Ravens are clever", "about ravens", &[]);
    setup.annotate(&other, "很好的月光", "月色", &[]);
    let mut library = setup.library();
    record(&mut library, &essay);
    let count = library.rebuild(&[other.parent().unwrap().to_path_buf()]).unwrap();
    assert_eq!(
        count, 2,
        "the known one and the annotated one found in the folder"
    );
    assert_eq!(search(&library, "ravens").len(), 1);
    assert_eq!(search(&library, "月色").len(), 1);
    let paths: Vec<PathBuf> = library
        .entries(None)
        .unwrap()
        .into_iter()
        .map(|e| e.path)
        .collect();
    assert!(!paths.contains(&canonical(&bare)));
    let under = library.entries(Some(other.parent().unwrap())).unwrap();
    assert_eq!(under.len(), 1);
}

#[test]
fn a_renamed_document_gets_its_notes_and_position_back() {
    let setup = Setup::new();
    let essay = setup.document("essay.txt", ESSAY);
    setup.annotate(&essay, "Ravens are clever", "about ravens", &[]);
    let mut library = setup.library();
    record(&mut library, &essay);
    library.record_position(&essay, 40).unwrap();
    let renamed = setup.dir.path().join("docs/moved/renamed.txt");
    std::fs::create_dir_all(renamed.parent().unwrap()).unwrap();
    std::fs::rename(&essay, &renamed).unwrap();
    let doc = Document::open(&renamed, None).unwrap();
    let adopted = adopt_moved(&mut library, &doc)
        .unwrap()
        .expect("found by its text");
    library.record_document(&doc, true).unwrap();
    assert_eq!(
        adopted.from,
        canonical(&setup.dir.path().join("docs")).join("essay.txt")
    );
    assert_eq!(adopted.position, 40);
    assert!(crate::sidecar::beside(&renamed).exists());
    assert!(!crate::sidecar::beside(&essay).exists());
    let entries = library.entries(None).unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].annotations, 1);
    assert!(
        adopt_moved(&mut library, &doc).unwrap().is_none(),
        "it has its own notes now"
    );
}

#[test]
fn a_moved_and_edited_document_is_found_by_its_paragraphs_but_a_copy_is_not() {
    let setup = Setup::new();
    let long: String = (1..=10)
        .map(|n| format!("Paragraph number {n} of the essay, long enough to count.\n\n"))
        .collect::<String>()
        + ESSAY;
    let essay = setup.document("essay.txt", &long);
    setup.annotate(&essay, "Ravens are clever", "about ravens", &[]);
    let mut library = setup.library();
    record(&mut library, &essay);
    let copy = setup.document("copy.txt", &long);
    let doc = Document::open(&copy, None).unwrap();
    assert!(
        adopt_moved(&mut library, &doc).unwrap().is_none(),
        "the original is still there"
    );
    std::fs::remove_file(&copy).unwrap();
    // Two paragraphs of thirteen edited, one added.
    let edited = long
        .replace("number 3 of", "number three of")
        .replace("here.", "here, and more.")
        + "A new closing paragraph, added after the move.\n";
    std::fs::remove_file(&essay).unwrap();
    let moved = setup.document("elsewhere.txt", &edited);
    let doc = Document::open(&moved, None).unwrap();
    let adopted = adopt_moved(&mut library, &doc).unwrap().expect("near match");
    assert!(adopted.message().contains("essay.txt"));
    let unrelated = setup.document("unrelated.txt", KOREAN);
    let doc = Document::open(&unrelated, None).unwrap();
    assert!(adopt_moved(&mut library, &doc).unwrap().is_none());
}

#[test]
fn a_damaged_or_newer_index_is_set_aside_and_a_new_one_started() {
    let setup = Setup::new();
    let index = setup.data().join(INDEX_FILE);
    std::fs::create_dir_all(setup.data()).unwrap();
    std::fs::write(
        &index,
        b"this is not a database, it is not even close to one at all......",
    )
    .unwrap();
    let mut library = setup.library();
    let message = library.take_set_aside().expect("set aside");
    assert!(message.contains("renamed to"), "{message}");
    assert!(library.entries(None).unwrap().is_empty());
    drop(library);

    let essay = setup.document("essay.txt", ESSAY);
    let mut library = setup.library();
    record(&mut library, &essay);
    library.conn.pragma_update(None, "user_version", 99).unwrap();
    drop(library);
    let mut library = setup.library();
    let message = library.take_set_aside().expect("set aside");
    assert!(message.contains("newer"), "{message}");
    assert_eq!(
        library.entries(None).unwrap().len(),
        1,
        "what it knew is recorded again"
    );
    let aside = std::fs::read_dir(setup.data()).unwrap().count();
    assert!(aside >= 3, "both old files are kept");
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let setup = Setup::new();
    let paths: Vec<PathBuf> = (0..20)
        .map(|n| setup.document(&format!("doc{n}.txt"), &format!("Document number {n}.\n")))
        .collect();
    drop(setup.library());
    std::thread::scope(|scope| {
        for half in paths.chunks(10) {
            let setup = &setup;
            scope.spawn(move || {
                let mut library = setup.library();
                for path in half {
                    record(&mut library, path);
                }
            });
        }
    });
    assert_eq!(setup.library().entries(None).unwrap().len(), 20);
}

#[test]
fn recording_again_rewrites_only_the_rows_that_changed() {
    let setup = Setup::new();
    let essay = setup.document("essay.txt", ESSAY);
    setup.annotate(&essay, "Ravens are clever", "about ravens", &["birds"]);
    setup.annotate(&essay, "The sentence that resists", "keep it", &[]);
    setup.annotate(&essay, "A third paragraph", "counting", &[]);
    // Another document recorded after it: rows written anew would get new ids.
    let chinese = setup.document("kuangren.txt", CHINESE);
    setup.annotate(&chinese, "很好的月光", "月色", &[]);
    let mut library = setup.library();
    record(&mut library, &essay);
    record(&mut library, &chinese);
    let rows = |library: &Library| -> Vec<(i64, String)> {
        let mut statement = library
            .conn
            .prepare(
                "SELECT a.id, a.note FROM annotations a JOIN documents d ON d.id = a.document_id
                 WHERE d.path LIKE '%essay.txt' ORDER BY a.id",
            )
            .unwrap();
        statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let before = rows(&library);
    assert_eq!(before.len(), 3);

    // One note rewritten, one annotation deleted, one new: the third row stays as it was.
    let doc = Document::open(&essay, None).unwrap();
    let places = Places::with_data_dir(&doc, SidecarLocation::Auto, Some(&setup.data()));
    let mut sidecars = Sidecars::open(&doc, places).unwrap();
    let annotations = sidecars.annotations().into_owned();
    let by_note = |note: &str| Annotation::clone(annotations.iter().find(|a| a.note == note).unwrap());
    let mut ravens = by_note("about ravens");
    ravens.note = "about crows".into();
    sidecars.upsert(ravens).unwrap();
    sidecars.remove(&by_note("counting").id).unwrap();
    drop(sidecars);
    setup.annotate(&essay, "remember faces", "memory", &[]);
    record(&mut library, &essay);

    let after = rows(&library);
    let notes: Vec<&str> = after.iter().map(|(_, note)| note.as_str()).collect();
    assert_eq!(after.len(), 3, "{notes:?}");
    let kept = before.iter().find(|(_, note)| note == "keep it").unwrap();
    assert!(after.contains(kept), "the unchanged row keeps its id: {after:?}");
    assert!(
        notes.contains(&"about crows") && notes.contains(&"memory"),
        "{notes:?}"
    );
    assert!(
        search(&library, "ravens")
            .iter()
            .all(|hit| hit.note != "about ravens")
    );
    assert_eq!(
        search(&library, "crows").len(),
        1,
        "the full-text index follows the edit"
    );
    assert!(
        search(&library, "counting").is_empty(),
        "nor keeps the deleted one"
    );
    assert_eq!(search(&library, "memory").len(), 1);
}

#[test]
fn opening_a_document_whose_sidecars_did_not_change_reads_none_of_them() {
    let setup = Setup::new();
    let essay = setup.document("essay.txt", ESSAY);
    setup.annotate(&essay, "Ravens are clever", "about ravens", &["birds"]);
    let sidecar = crate::sidecar::beside(&essay);
    let text = std::fs::read_to_string(&sidecar).unwrap();
    let retitled = text.replace("title = \"On Reading Slowly\"", "title = \"Set By Hand\"");
    assert_ne!(retitled, text);
    std::fs::write(&sidecar, retitled).unwrap();
    let mut library = setup.library();
    record(&mut library, &essay);
    assert_eq!(library.entries(None).unwrap()[0].title, "Set By Hand");

    // Same size, same time, other bytes: a sidecar read again would be damaged.
    let stamp = std::fs::metadata(&sidecar).unwrap().modified().unwrap();
    let bytes = std::fs::read(&sidecar).unwrap();
    std::fs::write(&sidecar, vec![b'['; bytes.len()]).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&sidecar)
        .unwrap()
        .set_modified(stamp)
        .unwrap();
    record(&mut library, &essay);
    let entry = &library.entries(None).unwrap()[0];
    assert_eq!(entry.sidecar_error, None, "not read again");
    assert_eq!(entry.title, "Set By Hand", "its title kept");
    assert_eq!(entry.annotations, 1);
    assert_eq!(search(&library, "ravens").len(), 1);

    // A changed time: read again, and the damage is seen.
    std::fs::File::options()
        .write(true)
        .open(&sidecar)
        .unwrap()
        .set_modified(stamp + std::time::Duration::from_secs(5))
        .unwrap();
    record(&mut library, &essay);
    assert!(library.entries(None).unwrap()[0].sidecar_error.is_some());
}
