//! Tests of `Store`: load, save, merge-on-save, refusal to overwrite damage.

use std::sync::Arc;

use super::*;
use crate::document::Source;
use crate::sidecar::test_support::annotation;

fn doc(dir: &Path) -> Document {
    Document::from_text("A short essay.\n", Source::File(dir.join("essay.txt")))
}

fn sidecar_file(dir: &Path) -> PathBuf {
    dir.join("essay.txt.notes.toml")
}

#[test]
fn a_new_store_writes_nothing_until_there_is_something_to_keep() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(sidecar_file(dir.path()), &doc(dir.path())).unwrap();
    assert_eq!(store.sidecar().document().file_name, "essay.txt");
    assert!(!store.is_dirty());
    assert_eq!(store.save().unwrap(), SaveOutcome::Unchanged);
    assert!(!sidecar_file(dir.path()).exists());

    store.sidecar_mut().upsert(annotation(1)).unwrap();
    assert!(store.is_dirty());
    assert_eq!(store.save().unwrap(), SaveOutcome::Written);
    assert!(!store.is_dirty());
    assert_eq!(store.save().unwrap(), SaveOutcome::Unchanged);
    let reopened = Store::open(sidecar_file(dir.path()), &doc(dir.path())).unwrap();
    assert_eq!(reopened.sidecar().annotations(), [annotation(1)]);
}

#[test]
fn saving_merges_what_another_store_saved_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let path = sidecar_file(dir.path());
    let mut first = Store::open(&path, &doc(dir.path())).unwrap();
    let mut second = Store::open(&path, &doc(dir.path())).unwrap();
    first.sidecar_mut().upsert(annotation(1)).unwrap();
    first.save().unwrap();
    second.sidecar_mut().upsert(annotation(2)).unwrap();
    second.sidecar_mut().set_position(42);
    second.save().unwrap();
    assert_eq!(second.sidecar().annotations(), [annotation(1), annotation(2)]);
    first.refresh().unwrap();
    assert_eq!(first.sidecar().annotations().len(), 2);
    // The reading position is always this reader's own (DESIGN: "position: ours").
    assert_eq!(first.sidecar().position(), 0);
    assert!(first.is_dirty());
    first.save().unwrap();
    second.refresh().unwrap();
    assert_eq!(second.sidecar().annotations().len(), 2);
    assert!(!first.is_dirty());
}

#[test]
fn a_damaged_file_is_reported_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = sidecar_file(dir.path());
    let damaged = "format = \"margent-notes\"\nschema_version = 1\n[document\n";
    fs::write(&path, damaged).unwrap();
    let err = Store::open(&path, &doc(dir.path())).unwrap_err();
    assert!(err.is_damaged());
    assert_eq!(err.line_column().map(|(line, _)| line), Some(3));
    let (mut store, problem) = Store::open_or_read_only(&path, &doc(dir.path()));
    assert!(problem.is_some_and(|p| p.is_damaged()));
    assert!(store.read_only_reason().is_some());
    store.sidecar_mut().upsert(annotation(1)).unwrap();
    let err = store.save().unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), damaged);
}

#[test]
fn a_file_damaged_after_opening_is_not_overwritten_either() {
    let dir = tempfile::tempdir().unwrap();
    let path = sidecar_file(dir.path());
    let mut store = Store::open(&path, &doc(dir.path())).unwrap();
    fs::write(&path, "not = [toml").unwrap();
    store.sidecar_mut().upsert(annotation(1)).unwrap();
    assert!(store.save().unwrap_err().is_damaged());
    assert_eq!(fs::read_to_string(&path).unwrap(), "not = [toml");
}

#[test]
fn invalid_utf8_is_damage_with_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = sidecar_file(dir.path());
    fs::write(&path, b"format = \"margent-notes\"\nab\xff").unwrap();
    let err = Store::open(&path, &doc(dir.path())).unwrap_err();
    assert_eq!(err.line_column(), Some((2, 3)), "{err}");
}

#[cfg(unix)]
#[test]
fn a_read_only_sidecar_is_refused_rather_than_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = sidecar_file(dir.path());
    let mut store = Store::open(&path, &doc(dir.path())).unwrap();
    store.sidecar_mut().upsert(annotation(1)).unwrap();
    store.save().unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&path).unwrap();
    store.sidecar_mut().upsert(annotation(2)).unwrap();
    let err = store.save().unwrap_err();
    assert!(
        matches!(err, SidecarError::ReadOnlyFile { mode: 0o444, .. }),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        [std::ffi::OsString::from("essay.txt.notes.toml")],
        "no lock left"
    );
}

#[test]
fn the_count_check_allows_the_limit_and_refuses_one_more() {
    assert!(limits::check_count(3, 3).is_ok());
    let err = limits::check_count(4, 3).unwrap_err();
    assert!(err.to_string().contains("at most 3 annotations"), "{err}");
}

/// A sidecar at the limit (a small stand-in for `MAX_ANNOTATIONS`) on disk: the store
/// reads it, refuses to add one more (naming the sidecar), still edits and deletes, and
/// what it writes reads back.
#[test]
fn a_full_sidecar_refuses_one_more_annotation_and_stays_readable() {
    const MAX: u32 = 5;
    limits::with_max_annotations(MAX as usize, || {
        let dir = tempfile::tempdir().unwrap();
        let path = sidecar_file(dir.path());
        let ids: Vec<u32> = (0..MAX).collect();
        let text = super::super::encode::file_text(&crate::sidecar::test_support::data(&ids)).unwrap();
        fs::write(&path, &text).unwrap();
        let mut store = Store::open(&path, &doc(dir.path())).unwrap();
        assert_eq!(store.sidecar().annotations().len(), MAX as usize);

        let err = store.sidecar_mut().upsert(annotation(MAX)).unwrap_err();
        assert!(err.to_string().contains("at most 5 annotations"), "{err}");
        assert!(!store.is_dirty());

        let mut edited = annotation(3);
        edited.note = "edited at the limit".to_string();
        store.sidecar_mut().upsert(edited.clone()).unwrap();
        assert_eq!(store.save().unwrap(), SaveOutcome::Written);
        assert_eq!(
            read_sidecar(&path).unwrap().unwrap().annotation(&edited.id),
            Some(&edited)
        );

        // Both processes freed the same place and filled it: the merged file would hold
        // one too many, so the save is refused, naming the sidecar, and the file stays
        // whole and readable.
        store.sidecar_mut().remove(&annotation(1).id).unwrap();
        let mut other = Store::open(&path, &doc(dir.path())).unwrap();
        other.sidecar_mut().remove(&annotation(1).id).unwrap();
        other.sidecar_mut().upsert(annotation(MAX)).unwrap();
        other.save().unwrap();
        store.sidecar_mut().upsert(annotation(MAX + 1)).unwrap();
        let err = store.save().unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with(&path.display().to_string()), "{message}");
        assert!(message.contains("at most 5 annotations"), "{message}");
        let on_disk = read_sidecar(&path).unwrap().unwrap();
        assert_eq!(on_disk.annotations().len(), MAX as usize);
    });
}

/// The same at the true limit, without IO: 200,000 annotations read, one more refused.
#[test]
fn the_true_limit_is_reached_and_not_passed() {
    let mut data = crate::sidecar::test_support::data(&[]);
    data.annotations = (0..limits::MAX_ANNOTATIONS as u32)
        .map(|n| Arc::new(annotation(n)))
        .collect();
    let text = super::super::encode::file_text(&data).unwrap();
    drop(data);
    let mut sidecar = Sidecar::from_toml_str(&text).unwrap();
    assert_eq!(sidecar.annotations().len(), limits::MAX_ANNOTATIONS);
    let err = sidecar
        .upsert(annotation(limits::MAX_ANNOTATIONS as u32))
        .unwrap_err();
    assert!(err.to_string().contains("at most 200000 annotations"), "{err}");
    assert_eq!(sidecar.annotations().len(), limits::MAX_ANNOTATIONS);
}

#[test]
fn the_position_is_read_from_the_head_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = sidecar_file(dir.path());
    assert_eq!(head_position(&path), 0);
    let text = super::super::encode::file_text(&crate::sidecar::test_support::data(&[1, 2])).unwrap();
    fs::write(&path, &text).unwrap();
    assert_eq!(head_position(&path), 1234);
    // The annotations after the head are not read: damage there does not matter.
    fs::write(&path, format!("{text}\n[[annotation]]\nid = ")).unwrap();
    assert_eq!(head_position(&path), 1234);
    fs::write(&path, text.replace("position = 1234", "position = -1")).unwrap();
    assert_eq!(head_position(&path), 0);
    fs::write(&path, "not toml [").unwrap();
    assert_eq!(head_position(&path), 0);
}

/// The longest note margent writes, all control characters (each spelled `\u0001`),
/// reads back: the pre-parse length check allows every spelling margent uses.
#[test]
fn a_note_at_the_limit_spelled_with_escapes_reads_back() {
    let mut data = crate::sidecar::test_support::data(&[1]);
    Arc::make_mut(&mut data.annotations[0]).note = "\u{1}".repeat(limits::MAX_TEXT_BYTES);
    let sidecar = Sidecar::from_data(data.clone()).unwrap();
    let text = sidecar.to_toml_string();
    assert!(text.len() > 6 * limits::MAX_TEXT_BYTES);
    assert_eq!(Sidecar::from_toml_str(&text).unwrap().data(), &data);
}

/// A sidecar of `count` annotations, some with comments above, some (every
/// `sneaky_every`-th) with a note quoting a header line.
fn many_text(count: u32, sneaky_every: u32) -> String {
    let mut data = crate::sidecar::test_support::data(&(1..=count).collect::<Vec<_>>());
    for (n, a) in data.annotations.iter_mut().enumerate() {
        let a = Arc::make_mut(a);
        if sneaky_every > 0 && (n as u32).is_multiple_of(sneaky_every) {
            a.note = "quoting\n[[annotation]]\nid = \"not a table\"\n".to_string();
        }
    }
    let text = crate::sidecar::encode::file_text(&data).unwrap();
    text.replacen("\n[[annotation]]", "\n# a comment\n\n[[annotation]]", 40)
}

#[test]
fn a_large_sidecar_read_in_parts_has_the_data_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.notes.toml");
    for (sneaky_every, part_bytes) in [(0, 700), (0, 5_000), (0, 1 << 20), (7, 700), (2, 3_000)] {
        let text = many_text(300, sneaky_every);
        fs::write(&path, &text).unwrap();
        let whole = read_data_whole(&path).unwrap().unwrap();
        assert_eq!(whole.annotations.len(), 300);
        match read_data_in_parts(&path, 0, part_bytes) {
            Some(data) => assert_eq!(data, whole, "{sneaky_every} {part_bytes}"),
            None => assert!(
                sneaky_every > 0,
                "margent's own layout reads in parts: {part_bytes}"
            ),
        }
        assert_eq!(read_data(&path).unwrap().unwrap(), whole);
    }
}

#[test]
fn anything_a_part_cannot_vouch_for_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.notes.toml");
    let text = many_text(60, 0);
    let first = annotation(1).id;
    let last = annotation(60).id;
    // Out of order across parts: sorted as the whole read sorts them.
    let swapped = text
        .replace(&first, "SWAP")
        .replace(&last, &first)
        .replace("SWAP", &last);
    // The same id in two parts: the whole read names the error.
    let twice = text.replace(&last, &first);
    for (name, changed, parts_read) in [
        ("swapped", swapped, true),
        ("twice", twice, false),
        ("crlf", text.replace('\n', "\r\n"), false),
        ("not ours", text.replace("margent-notes", "other"), false),
    ] {
        fs::write(&path, &changed).unwrap();
        let in_parts = read_data_in_parts(&path, 0, 900);
        assert_eq!(in_parts.is_some(), parts_read, "{name}");
        match (in_parts, read_data_whole(&path)) {
            (Some(data), whole) => assert_eq!(Some(data), whole.unwrap(), "{name}"),
            (None, whole) => assert_eq!(
                read_data(&path).map_err(|e| e.to_string()),
                whole.map_err(|e| e.to_string()),
                "{name}"
            ),
        }
    }
}
