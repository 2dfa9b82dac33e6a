//! Tests of `Sidecars`: both places read as one set, each change written beside the
//! document when it can be and in the data folder when it cannot, and said so. (A
//! read-only folder is tested through the binary, in tests/cli_commands/location.rs.)

use std::fs;

use super::*;
use crate::annotation::Kind;
use crate::document::Source;
use crate::sidecar::location::SidecarLocation;
use crate::sidecar::test_support::annotation;

struct Folders {
    docs: tempfile::TempDir,
    data: tempfile::TempDir,
}

impl Folders {
    fn new() -> Folders {
        Folders {
            docs: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
        }
    }

    fn doc_named(&self, name: &str) -> Document {
        let path = self.docs.path().join(name);
        fs::write(&path, "A short essay about reading slowly.\n").unwrap();
        Document::open(&path, None).unwrap()
    }

    fn doc(&self) -> Document {
        self.doc_named("essay.txt")
    }

    fn places(&self, doc: &Document, setting: SidecarLocation) -> Places {
        Places::with_data_dir(doc, setting, Some(self.data.path()))
    }

    fn open(&self, setting: SidecarLocation) -> Sidecars {
        let doc = self.doc();
        Sidecars::open(&doc, self.places(&doc, setting)).unwrap()
    }

    fn beside(&self) -> PathBuf {
        self.docs.path().join("essay.txt.notes.toml")
    }

    fn data_file(&self) -> PathBuf {
        let doc = self.doc();
        self.places(&doc, SidecarLocation::Auto).data.unwrap()
    }

    /// The names in the documents' folder, sorted.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.docs.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

fn ids(sidecars: &Sidecars) -> Vec<String> {
    sidecars.annotations().iter().map(|a| a.id.clone()).collect()
}

#[cfg(unix)]
/// `SidecarsData` reads what `Sidecars` reads: the same annotations, `[document]` and
/// anchored hash (or the same failure).
fn assert_read_alike(folders: &Folders, setting: SidecarLocation) {
    let doc = folders.doc();
    let places = folders.places(&doc, setting);
    let data = SidecarsData::read(&doc, &places);
    let sidecars = match Sidecars::open(&doc, places) {
        Ok(sidecars) => sidecars,
        Err(err) => {
            let other = data.expect_err("both fail");
            assert_eq!(other.to_string(), err.to_string());
            return;
        }
    };
    let data = data.unwrap();
    assert_eq!(data.document(), sidecars.document(), "{setting:?}");
    assert_eq!(data.anchored_hash(), sidecars.anchored_hash(), "{setting:?}");
    assert_eq!(
        data.into_annotations(),
        sidecars.annotations().as_ref(),
        "{setting:?}"
    );
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn annotations_are_written_beside_the_document_when_it_can_be() {
    let folders = Folders::new();
    let mut sidecars = folders.open(SidecarLocation::Auto);
    let saved = sidecars.upsert(annotation(1)).unwrap();
    assert_eq!(
        (saved.path.as_path(), saved.detour.as_ref()),
        (folders.beside().as_path(), None)
    );
    assert_eq!(saved.notice(), None);
    assert_eq!(folders.names(), ["essay.txt", "essay.txt.notes.toml"]);
    assert!(!folders.data_file().exists());
}

#[test]
fn both_sidecars_are_read_as_one_set() {
    let folders = Folders::new();
    folders
        .open(SidecarLocation::Beside)
        .upsert(annotation(1))
        .unwrap();
    folders
        .open(SidecarLocation::DataDir)
        .upsert(annotation(2))
        .unwrap();
    folders
        .open(SidecarLocation::Beside)
        .upsert(annotation(3))
        .unwrap();
    for setting in [
        SidecarLocation::Auto,
        SidecarLocation::Beside,
        SidecarLocation::DataDir,
    ] {
        let sidecars = folders.open(setting);
        assert_eq!(ids(&sidecars), [1, 2, 3].map(|n| annotation(n).id), "{setting:?}");
        assert_eq!(sidecars.files(), [folders.beside(), folders.data_file()]);
        assert_read_alike(&folders, setting);
    }
}

#[test]
fn an_annotation_in_both_is_the_later_edit_and_on_a_tie_the_data_folders() {
    let folders = Folders::new();
    let first = annotation(1);
    let later = first
        .clone()
        .with_note("edited")
        .modified_at("2027-01-01T00:00:00Z".parse().unwrap());
    let tie = first.clone().with_note("same second");
    folders
        .open(SidecarLocation::Beside)
        .upsert(first.clone())
        .unwrap();
    folders
        .open(SidecarLocation::DataDir)
        .upsert(later.clone())
        .unwrap();
    let sidecars = folders.open(SidecarLocation::Auto);
    assert_eq!(sidecars.annotations().as_ref(), std::slice::from_ref(&later));
    assert_eq!(sidecars.annotation(&first.id), Some(&later));
    assert_read_alike(&folders, SidecarLocation::Auto);

    folders
        .open(SidecarLocation::DataDir)
        .upsert(tie.clone())
        .unwrap();
    folders
        .open(SidecarLocation::Beside)
        .upsert(first.clone())
        .unwrap();
    // `Beside` wrote `first` beside and took the older copy out of the data folder.
    assert_eq!(
        folders.open(SidecarLocation::Auto).annotations().as_ref(),
        std::slice::from_ref(&first)
    );
    folders
        .open(SidecarLocation::DataDir)
        .upsert(tie.clone())
        .unwrap();
    assert_eq!(folders.open(SidecarLocation::Auto).annotations().as_ref(), [tie]);
    assert_read_alike(&folders, SidecarLocation::Auto);
}

#[cfg(unix)]
#[test]
fn a_read_only_sidecar_is_never_replaced_and_auto_writes_to_the_data_folder() {
    let folders = Folders::new();
    folders.open(SidecarLocation::Auto).upsert(annotation(1)).unwrap();
    chmod(&folders.beside(), 0o444);
    let before = fs::read(folders.beside()).unwrap();

    let mut sidecars = folders.open(SidecarLocation::Auto);
    let saved = sidecars.upsert(annotation(2)).unwrap();
    assert_eq!(saved.path, folders.data_file());
    let notice = saved.notice().unwrap();
    assert!(
        notice.starts_with("saved in the data folder: ")
            && notice.ends_with("(essay.txt.notes.toml is read-only (mode 0444))"),
        "{notice}"
    );
    assert_eq!(fs::read(folders.beside()).unwrap(), before);
    assert_eq!(
        ids(&folders.open(SidecarLocation::Auto)),
        [1, 2].map(|n| annotation(n).id)
    );
    assert_eq!(folders.names(), ["essay.txt", "essay.txt.notes.toml"]);
}

#[cfg(unix)]
#[test]
fn beside_refuses_a_read_only_sidecar_naming_it() {
    let folders = Folders::new();
    folders.open(SidecarLocation::Auto).upsert(annotation(1)).unwrap();
    chmod(&folders.beside(), 0o444);
    let before = fs::read(folders.beside()).unwrap();
    let err = folders
        .open(SidecarLocation::Beside)
        .upsert(annotation(2))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: is read-only (mode 0444): not changed; make it writable (chmod u+w) to save annotations in it",
            folders.beside().display()
        )
    );
    assert_eq!(fs::read(folders.beside()).unwrap(), before);
    assert!(!folders.data_file().exists());
    // Taken back in memory too: what is shown is what is on disk.
    let mut sidecars = folders.open(SidecarLocation::Beside);
    assert!(sidecars.upsert(annotation(2)).is_err());
    assert_eq!(ids(&sidecars), [annotation(1).id]);
}

#[test]
fn a_name_too_long_for_the_file_system_goes_to_the_data_folder() {
    // Around the limit, in bytes of the document's name: CJK (3 bytes each) and ASCII.
    for name_bytes in [225, 232, 233, 234, 240, 244] {
        let folders = Folders::new();
        let cjk = "語".repeat((name_bytes - 4) / 3);
        let name = format!("{cjk}{}.txt", "a".repeat(name_bytes - 4 - cjk.len()));
        assert_eq!(name.len(), name_bytes);
        let doc = folders.doc_named(&name);
        let mut sidecars = Sidecars::open(&doc, folders.places(&doc, SidecarLocation::Auto)).unwrap();
        let saved = sidecars
            .upsert(annotation(1))
            .unwrap_or_else(|err| panic!("{name_bytes}: {err}"));
        let sidecar_name = name_bytes + SUFFIX_LEN;
        if sidecar_name + 12 > 255 {
            assert_eq!(saved.detour, Some(Unwritable::NameTooLong), "{name_bytes}");
            assert!(saved.notice().unwrap().contains("too long"));
        } else {
            assert_eq!(saved.detour, None, "{name_bytes}");
            assert_eq!(saved.path.file_name().unwrap().len(), sidecar_name);
        }
        let reopened = Sidecars::open(&doc, folders.places(&doc, SidecarLocation::Auto)).unwrap();
        assert_eq!(ids(&reopened), [annotation(1).id], "{name_bytes}");
        assert_eq!(folders.names().len(), if saved.detour.is_some() { 1 } else { 2 });
    }
}

const SUFFIX_LEN: usize = ".notes.toml".len();

#[test]
fn beside_never_falls_back_and_says_the_name_is_too_long() {
    let folders = Folders::new();
    let doc = folders.doc_named(&format!("{}.txt", "語".repeat(80)));
    let places = folders.places(&doc, SidecarLocation::Beside);
    let data = places.data.clone().unwrap();
    let mut sidecars = Sidecars::open(&doc, places).unwrap();
    let err = sidecars.upsert(annotation(1)).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains(".txt.notes.toml: cannot write: the name is too long"),
        "{message}"
    );
    assert!(!data.exists());
    assert_eq!(folders.names().len(), 1);
}

#[test]
fn data_writes_only_to_the_data_folder_and_still_reads_beside() {
    let folders = Folders::new();
    folders
        .open(SidecarLocation::Beside)
        .upsert(annotation(1))
        .unwrap();
    let before = fs::read(folders.beside()).unwrap();
    let mut sidecars = folders.open(SidecarLocation::DataDir);
    let saved = sidecars.upsert(annotation(2)).unwrap();
    assert_eq!((saved.path, saved.detour), (folders.data_file(), None));
    let edited = annotation(1)
        .with_note("edited")
        .modified_at("2027-01-01T00:00:00Z".parse().unwrap());
    sidecars.upsert(edited.clone()).unwrap();
    assert_eq!(fs::read(folders.beside()).unwrap(), before);
    let sidecars = folders.open(SidecarLocation::Auto);
    assert_eq!(sidecars.annotations().as_ref(), [edited, annotation(2)]);
}

#[test]
fn deleting_takes_an_annotation_out_of_every_sidecar() {
    let folders = Folders::new();
    let edited = annotation(1)
        .with_note("edited")
        .modified_at("2027-01-01T00:00:00Z".parse().unwrap());
    folders
        .open(SidecarLocation::Beside)
        .upsert(annotation(1))
        .unwrap();
    folders.open(SidecarLocation::DataDir).upsert(edited).unwrap();
    let mut sidecars = folders.open(SidecarLocation::Auto);
    assert!(sidecars.remove(&annotation(1).id).unwrap().is_some());
    assert!(ids(&folders.open(SidecarLocation::Auto)).is_empty());
    assert_eq!(sidecars.remove(&annotation(1).id).unwrap(), None);
}

#[test]
fn data_refuses_to_delete_an_annotation_kept_beside_the_document() {
    let folders = Folders::new();
    folders
        .open(SidecarLocation::Beside)
        .upsert(annotation(1))
        .unwrap();
    let mut sidecars = folders.open(SidecarLocation::DataDir);
    let err = sidecars.remove(&annotation(1).id).unwrap_err();
    assert!(
        err.to_string()
            .contains("essay.txt.notes.toml: cannot delete the annotation"),
        "{err}"
    );
    assert_eq!(ids(&sidecars), [annotation(1).id]);
}

#[cfg(unix)]
#[test]
fn an_annotation_kept_in_a_read_only_sidecar_is_not_deleted() {
    let folders = Folders::new();
    folders.open(SidecarLocation::Auto).upsert(annotation(1)).unwrap();
    chmod(&folders.beside(), 0o444);
    let mut sidecars = folders.open(SidecarLocation::Auto);
    let err = sidecars.remove(&annotation(1).id).unwrap_err();
    assert!(
        err.to_string()
            .contains("essay.txt.notes.toml is read-only (mode 0444); it is kept"),
        "{err}"
    );
    assert_eq!(ids(&sidecars), [annotation(1).id]);
    assert_eq!(ids(&folders.open(SidecarLocation::Auto)), [annotation(1).id]);
}

#[test]
fn marking_anchored_rewrites_only_a_sidecar_this_process_wrote() {
    let folders = Folders::new();
    folders.open(SidecarLocation::Auto).upsert(annotation(1)).unwrap();
    let text = fs::read_to_string(folders.beside()).unwrap();
    let stale = text.replace("content_hash = \"blake3:", "content_hash = \"blake3:00");
    fs::write(folders.beside(), &stale).unwrap();

    let doc = folders.doc();
    let mut reading = Sidecars::open(&doc, folders.places(&doc, SidecarLocation::Auto)).unwrap();
    reading.mark_anchored(&doc).unwrap();
    assert_eq!(
        fs::read_to_string(folders.beside()).unwrap(),
        stale,
        "reading writes nothing"
    );

    reading.upsert(annotation(2)).unwrap();
    reading.mark_anchored(&doc).unwrap();
    let text = fs::read_to_string(folders.beside()).unwrap();
    assert!(
        text.contains(&format!("content_hash = \"{}\"", doc.content_hash())),
        "{text}"
    );
}

#[test]
fn the_anchored_hash_is_known_only_when_every_sidecar_agrees() {
    let folders = Folders::new();
    let doc = folders.doc();
    let mut sidecars = folders.open(SidecarLocation::Beside);
    sidecars.upsert(annotation(1)).unwrap();
    assert_eq!(
        folders.open(SidecarLocation::Auto).anchored_hash(),
        Some(doc.content_hash())
    );
    let data = folders.data_file();
    fs::create_dir_all(data.parent().unwrap()).unwrap();
    let other = fs::read_to_string(folders.beside())
        .unwrap()
        .replace(&doc.content_hash(), "blake3:00");
    fs::write(&data, other.replace(&annotation(1).id, &annotation(2).id)).unwrap();
    assert_eq!(folders.open(SidecarLocation::Auto).anchored_hash(), None);
    assert_read_alike(&folders, SidecarLocation::Auto);
}

#[test]
fn a_sidecar_position_is_the_data_folders_when_set_there() {
    let folders = Folders::new();
    folders.open(SidecarLocation::Beside).set_position(10).unwrap();
    assert_eq!(folders.open(SidecarLocation::Auto).sidecar_position(), 10);
    folders.open(SidecarLocation::DataDir).set_position(20).unwrap();
    assert_eq!(folders.open(SidecarLocation::Auto).sidecar_position(), 20);
    // Saved beside again: the data folder's is taken back, not left to win.
    folders.open(SidecarLocation::Auto).set_position(30).unwrap();
    assert_eq!(folders.open(SidecarLocation::Auto).sidecar_position(), 30);
}

#[test]
fn standard_input_is_kept_in_the_data_folder_without_a_notice() {
    let folders = Folders::new();
    let doc = Document::from_text("piped text\n", Source::Stdin);
    let mut sidecars = Sidecars::open(&doc, folders.places(&doc, SidecarLocation::Beside)).unwrap();
    let saved = sidecars
        .upsert(Annotation::new(Kind::Highlight, "piped", 0..5))
        .unwrap();
    assert!(saved.path.starts_with(folders.data.path()));
    assert_eq!(saved.notice(), None);
}

#[test]
fn a_damaged_sidecar_makes_both_read_only_but_the_other_is_still_shown() {
    let folders = Folders::new();
    folders
        .open(SidecarLocation::DataDir)
        .upsert(annotation(2))
        .unwrap();
    fs::write(folders.beside(), "format = [\n").unwrap();
    assert_read_alike(&folders, SidecarLocation::Auto);
    let doc = folders.doc();
    assert!(Sidecars::open(&doc, folders.places(&doc, SidecarLocation::Auto)).is_err());
    let (mut sidecars, problem) =
        Sidecars::open_or_read_only(&doc, folders.places(&doc, SidecarLocation::Auto));
    assert!(problem.unwrap().is_damaged());
    assert_eq!(ids(&sidecars), [annotation(2).id]);
    assert!(sidecars.read_only_reason().is_some());
    let err = sidecars.upsert(annotation(3)).unwrap_err();
    assert!(
        err.to_string().contains("essay.txt.notes.toml: not saved"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(folders.beside()).unwrap(), "format = [\n");
}
