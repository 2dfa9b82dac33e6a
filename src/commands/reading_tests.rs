//! Tests of `ReadingStore`: the position goes to the state folder (an old sidecar's is
//! honoured once and never rewritten), annotations to the sidecars, and reading alone
//! writes nothing beside the document.

use std::fs;
use std::path::Path;

use super::*;
use crate::annotation::Kind;

struct Setup {
    docs: tempfile::TempDir,
    data: tempfile::TempDir,
    state: tempfile::TempDir,
    doc: Arc<Document>,
}

impl Setup {
    fn new() -> Setup {
        let docs = tempfile::tempdir().unwrap();
        let path = docs.path().join("essay.txt");
        fs::write(&path, "A Detected Title\n\nSome words to read and annotate.\n").unwrap();
        let doc = Arc::new(Document::open(&path, None).unwrap());
        Setup {
            docs,
            data: tempfile::tempdir().unwrap(),
            state: tempfile::tempdir().unwrap(),
            doc,
        }
    }

    fn store(&self, position: PositionPlace) -> ReadingStore {
        ReadingStore::new(Folders {
            location: SidecarLocation::Auto,
            position,
            data_dir: Some(self.data.path().to_path_buf()),
            positions: Some(Positions::in_folder(self.state.path())),
        })
    }

    fn sidecar(&self) -> std::path::PathBuf {
        self.docs.path().join("essay.txt.notes.toml")
    }

    fn annotation(&self) -> Annotation {
        let start = self.doc.text().find("words").unwrap();
        Annotation::in_text(Kind::Highlight, self.doc.text(), start..start + 5)
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_position_goes_to_the_state_folder_and_nothing_beside_the_document() {
    let setup = Setup::new();
    let mut store = setup.store(PositionPlace::State);
    assert_eq!(store.open(&setup.doc).position, 0);
    store.save_position(12).unwrap();
    store.mark_anchored().unwrap();
    assert_eq!(names(setup.docs.path()), ["essay.txt"]);
    assert_eq!(setup.store(PositionPlace::State).open(&setup.doc).position, 12);
}

#[test]
fn an_old_sidecar_position_is_honoured_once_and_never_rewritten() {
    let setup = Setup::new();
    let mut old = setup.store(PositionPlace::Sidecar);
    old.open(&setup.doc);
    old.save_annotation(&setup.annotation()).unwrap();
    old.save_position(20).unwrap();
    let sidecar = fs::read(setup.sidecar()).unwrap();
    assert!(String::from_utf8_lossy(&sidecar).contains("position = 20"));

    let mut store = setup.store(PositionPlace::State);
    assert_eq!(
        store.open(&setup.doc).position,
        20,
        "honoured while the state folder has none"
    );
    store.save_position(20).unwrap(); // quitting where it opened still records it
    store.save_position(7).unwrap();
    store.mark_anchored().unwrap();
    assert_eq!(
        fs::read(setup.sidecar()).unwrap(),
        sidecar,
        "never rewritten by reading"
    );
    assert_eq!(setup.store(PositionPlace::State).open(&setup.doc).position, 7);

    // Back at the start: the state folder's 0 wins over the sidecar's 20 from now on.
    let mut store = setup.store(PositionPlace::State);
    store.open(&setup.doc);
    store.save_position(0).unwrap();
    assert_eq!(setup.store(PositionPlace::State).open(&setup.doc).position, 0);
}

#[test]
fn position_sidecar_keeps_the_position_in_the_sidecar() {
    let setup = Setup::new();
    let mut store = setup.store(PositionPlace::Sidecar);
    store.open(&setup.doc);
    store.save_position(9).unwrap();
    assert!(
        fs::read_to_string(setup.sidecar())
            .unwrap()
            .contains("position = 9")
    );
    assert_eq!(names(setup.state.path()), Vec::<String>::new());
    assert_eq!(setup.store(PositionPlace::Sidecar).open(&setup.doc).position, 9);
}

#[test]
fn an_unmoved_position_is_not_saved_again() {
    let setup = Setup::new();
    let mut store = setup.store(PositionPlace::State);
    store.open(&setup.doc);
    store.save_position(5).unwrap();
    let record = fs::read_dir(setup.state.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    fs::remove_file(&record).unwrap();
    store.save_position(5).unwrap();
    assert!(!record.exists(), "the same position is not written twice");
}

#[test]
fn marking_anchored_keeps_a_title_set_by_hand_when_the_sidecar_is_written() {
    let setup = Setup::new();
    let mut store = setup.store(PositionPlace::State);
    store.open(&setup.doc);
    store.save_annotation(&setup.annotation()).unwrap();
    let text = fs::read_to_string(setup.sidecar()).unwrap();
    assert!(text.contains("title = \"A Detected Title\""), "{text}");
    fs::write(setup.sidecar(), text.replace("A Detected Title", "My Own Title")).unwrap();

    let mut store = setup.store(PositionPlace::State);
    store.open(&setup.doc);
    store
        .save_annotation(&setup.annotation().with_note("later"))
        .unwrap();
    store.mark_anchored().unwrap();
    let text = fs::read_to_string(setup.sidecar()).unwrap();
    assert!(text.contains("title = \"My Own Title\""), "{text}");
}

#[cfg(unix)]
#[test]
fn a_save_to_the_data_folder_is_told_once() {
    use std::os::unix::fs::PermissionsExt;
    let setup = Setup::new();
    let mut store = setup.store(PositionPlace::State);
    store.open(&setup.doc);
    store.save_annotation(&setup.annotation()).unwrap();
    assert_eq!(store.take_notice(), None);
    fs::set_permissions(setup.sidecar(), fs::Permissions::from_mode(0o444)).unwrap();
    store.save_annotation(&setup.annotation().with_note("a")).unwrap();
    let notice = store.take_notice().unwrap();
    assert!(notice.starts_with("saved in the data folder: "), "{notice}");
    assert!(
        notice.contains(&setup.data.path().display().to_string()),
        "{notice}"
    );
    assert!(
        notice.ends_with("(essay.txt.notes.toml is read-only (mode 0444))"),
        "{notice}"
    );
    store.save_annotation(&setup.annotation().with_note("b")).unwrap();
    assert_eq!(store.take_notice(), None, "not repeated for every change");
}

#[test]
fn a_large_files_saved_position_is_known_before_its_text_is_read() {
    let setup = Setup::new();
    let mut store = setup.store(PositionPlace::State);
    assert!(!store.has_saved_position(&setup.doc));
    store.open(&setup.doc);
    store.save_position(3).unwrap();
    assert!(setup.store(PositionPlace::State).has_saved_position(&setup.doc));
}

#[test]
fn an_old_sidecar_position_is_known_from_the_sidecars_head() {
    let setup = Setup::new();
    let store = setup.store(PositionPlace::State);
    fs::write(
        setup.sidecar(),
        "format = \"margent-notes\"\nschema_version = 1\n\n[document]\nposition = 12\n\n[[annotation]]\n",
    )
    .unwrap();
    assert!(store.has_saved_position(&setup.doc));
    fs::write(
        setup.sidecar(),
        "format = \"margent-notes\"\nschema_version = 1\n\n[document]\nposition = 0\n",
    )
    .unwrap();
    assert!(!store.has_saved_position(&setup.doc));
}
