//! The sidecar store against a real file system: damage is never overwritten, symlinks
//! are never written through, hand edits survive, concurrent writers lose nothing, and a
//! writer killed at any instant leaves a whole file with every acknowledged annotation.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

use margent::annotation::{Annotation, Kind, Status};
use margent::document::Document;
use margent::sidecar::{SaveOutcome, Sidecar, SidecarError, Store};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sidecar");
const SIDECAR: &str = "essay.txt.notes.toml";

/// A folder with `essay.txt` and, optionally, a fixture as its sidecar.
fn folder_with(fixture: Option<&str>) -> (tempfile::TempDir, Document, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join("essay.txt");
    fs::write(
        &document,
        "On Reading Slowly\n\nA short essay about reading slowly.\n",
    )
    .unwrap();
    let sidecar = dir.path().join(SIDECAR);
    if let Some(fixture) = fixture {
        fs::copy(Path::new(FIXTURES).join(fixture), &sidecar).unwrap();
    }
    let doc = Document::open(&document, None).unwrap();
    (dir, doc, sidecar)
}

fn new_annotation(note: &str) -> Annotation {
    Annotation::new(Kind::Note, "reading", 33..40)
        .with_context("about ", " slowly")
        .with_note(note)
}

fn ids_on_disk(path: &Path) -> BTreeSet<String> {
    let text = fs::read_to_string(path).unwrap();
    let sidecar = Sidecar::from_toml_str(&text).unwrap_or_else(|err| panic!("{err}\n{text}"));
    sidecar.annotations().iter().map(|a| a.id.clone()).collect()
}

#[test]
fn a_corrupt_sidecar_is_reported_with_line_and_column_and_never_overwritten() {
    let (_dir, doc, path) = folder_with(Some("corrupt.notes.toml"));
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path, &doc).unwrap_err();
    assert!(err.is_damaged());
    assert_eq!(err.line_column(), Some((12, 31)), "{err}");
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("{}: line 12, column 31: ", path.display())),
        "{message}"
    );

    let (mut store, problem) = Store::open_or_read_only(&path, &doc);
    assert_eq!(problem.map(|p| p.to_string()), Some(message));
    assert!(store.sidecar().annotations().is_empty());
    store.sidecar_mut().upsert(new_annotation("lost?")).unwrap();
    store.sidecar_mut().set_position(7);
    assert!(matches!(store.save(), Err(SidecarError::ReadOnly { .. })));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_newer_schema_version_is_refused_and_left_untouched() {
    let (_dir, doc, path) = folder_with(Some("newer-schema.notes.toml"));
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path, &doc).unwrap_err();
    assert!(err.is_newer_schema(), "{err}");
    assert!(err.to_string().contains("schema_version 2 is newer"), "{err}");
    let (mut store, _) = Store::open_or_read_only(&path, &doc);
    store.sidecar_mut().set_position(99);
    let err = store.save().unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_symlinked_sidecar_is_read_but_never_written_through() {
    let (dir, doc, path) = folder_with(None);
    let target = dir.path().join("elsewhere.toml");
    fs::copy(Path::new(FIXTURES).join("hand-edited.notes.toml"), &target).unwrap();
    std::os::unix::fs::symlink(&target, &path).unwrap();
    let before = fs::read(&target).unwrap();

    let (mut store, problem) = Store::open_or_read_only(&path, &doc);
    assert!(matches!(problem, Some(SidecarError::Symlink { .. })));
    assert_eq!(store.sidecar().annotations().len(), 2);
    store.sidecar_mut().upsert(new_annotation("no")).unwrap();
    let err = store.save().unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(fs::read(&target).unwrap(), before);
    assert!(fs::symlink_metadata(&path).unwrap().file_type().is_symlink());
}

#[test]
fn an_unchanged_store_saves_no_byte_and_an_edit_changes_only_its_values() {
    let (_dir, doc, path) = folder_with(Some("hand-edited.notes.toml"));
    let before = fs::read_to_string(&path).unwrap();
    let mut store = Store::open(&path, &doc).unwrap();
    assert_eq!(store.save().unwrap(), SaveOutcome::Unchanged);
    assert_eq!(fs::read_to_string(&path).unwrap(), before);

    store.sidecar_mut().set_position(4321);
    let mut second = Annotation::clone(&store.sidecar().annotations()[1]);
    second.status = Status::Open;
    store.sidecar_mut().upsert(second).unwrap();
    assert_eq!(store.save().unwrap(), SaveOutcome::Written);
    let expected = before
        .replace("position = 120   #", "position = 4321   #")
        .replace("status = \"resolved\"", "status = \"open\"");
    assert_eq!(fs::read_to_string(&path).unwrap(), expected);
}

#[test]
fn unknown_keys_and_comments_survive_adding_and_deleting() {
    let (_dir, doc, path) = folder_with(Some("hand-edited.notes.toml"));
    let mut store = Store::open(&path, &doc).unwrap();
    let second_id = store.sidecar().annotations()[1].id.clone();
    store.sidecar_mut().remove(&second_id);
    store.sidecar_mut().upsert(new_annotation("added")).unwrap();
    store.save().unwrap();
    let text = fs::read_to_string(&path).unwrap();
    for kept in [
        "synced_by = \"my-own-script\"   # a key margent does not know",
        "position = 120   # where I stopped on the train",
        "# My favourite passage.\n[[annotation]]",
        "mood = \"curious\"            # unknown key, kept",
        "Compare with \"Slow Reading\" (Miedema), p. 4.\"\"\"",
        "# trailing comment, kept too",
    ] {
        assert!(text.contains(kept), "lost {kept:?}:\n{text}");
    }
    assert!(!text.contains(&second_id));
    assert_eq!(ids_on_disk(&path).len(), 2);
}

#[test]
fn hand_edits_made_while_the_store_is_open_are_kept() {
    let (_dir, doc, path) = folder_with(Some("hand-edited.notes.toml"));
    let mut store = Store::open(&path, &doc).unwrap();
    let hand_edited = fs::read_to_string(&path)
        .unwrap()
        .replace("Why does it resist?", "Why does it resist? (edited by hand)")
        .replace("[document]", "# added by hand\n[document]");
    fs::write(&path, &hand_edited).unwrap();
    let added = new_annotation("from the reader");
    store.sidecar_mut().upsert(added.clone()).unwrap();
    store.save().unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("(edited by hand)"), "{text}");
    assert!(text.contains("# added by hand\n[document]"), "{text}");
    assert!(text.contains(&added.id));
    assert!(store.sidecar().annotations()[0].note.contains("(edited by hand)"));
}

#[test]
fn concurrent_writer_threads_lose_nothing() {
    let (_dir, doc, path) = folder_with(None);
    let written: Vec<Vec<String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    let mut store = Store::open(&path, &doc).unwrap();
                    (0..15)
                        .map(|n| {
                            let annotation = new_annotation(&format!("note {n}"));
                            store.sidecar_mut().upsert(annotation.clone()).unwrap();
                            store.save().unwrap();
                            annotation.id
                        })
                        .collect()
                })
            })
            .collect();
        workers.into_iter().map(|worker| worker.join().unwrap()).collect()
    });
    let expected: BTreeSet<String> = written.into_iter().flatten().collect();
    assert_eq!(expected.len(), 60);
    assert_eq!(ids_on_disk(&path), expected);
}

// ---- writer processes ----------------------------------------------------------------
//
// The test binary re-runs itself as a writer: `writer_process` is ignored in an ordinary
// run and does nothing unless MARGENT_TEST_WRITER names a folder; then it adds annotations
// one save at a time and prints `ACK <id>` after each save returns, until it has written
// MARGENT_TEST_WRITES of them (or forever, until killed).
//
// A writer that misbehaves fails the test that ran it: one asked for a number of writes
// must exit successfully, silent on stderr, having acknowledged exactly that many
// annotations; one that writes forever must end by the test's SIGKILL and nothing else
// (not by exiting, panicking or another signal), also silent on stderr.

const WRITER_ENV: &str = "MARGENT_TEST_WRITER";
const WRITES_ENV: &str = "MARGENT_TEST_WRITES";

#[test]
#[ignore = "a helper process, run by the writer-process tests below"]
fn writer_process() {
    let Some(folder) = std::env::var_os(WRITER_ENV) else {
        return; // run by hand without a folder: nothing to do
    };
    let folder = PathBuf::from(folder);
    let writes: usize = match std::env::var(WRITES_ENV) {
        Ok(n) => n
            .parse()
            .unwrap_or_else(|_| panic!("{WRITES_ENV}={n:?} is not a count")),
        Err(_) => usize::MAX,
    };
    let doc = Document::open(&folder.join("essay.txt"), None).unwrap();
    let mut store = Store::open(folder.join(SIDECAR), &doc).unwrap();
    let mut stdout = std::io::stdout().lock();
    for n in 0..writes {
        let annotation = new_annotation(&format!("line one\nline \"two\" {n}"));
        store.sidecar_mut().upsert(annotation.clone()).unwrap();
        store.sidecar_mut().set_position(n);
        assert_eq!(store.save().unwrap(), SaveOutcome::Written, "save {n}");
        writeln!(stdout, "ACK {}", annotation.id).unwrap();
        stdout.flush().unwrap();
    }
}

fn spawn_writer(folder: &Path, writes: Option<usize>) -> Child {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "writer_process",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WRITER_ENV, folder)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(writes) = writes {
        command.env(WRITES_ENV, writes.to_string());
    }
    command.spawn().unwrap()
}

/// How a writer ended and what it printed.
struct WriterRun {
    status: ExitStatus,
    acked: Vec<String>,
    stdout: String,
    stderr: String,
}

impl WriterRun {
    fn wait(child: Child) -> WriterRun {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let acked = stdout
            .lines()
            // libtest prints "test writer_process ... " on the first line before it.
            .filter_map(|line| line.split_once("ACK ").map(|(_, id)| id.to_string()))
            .collect();
        let run = WriterRun {
            status: output.status,
            acked,
            stdout,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        let distinct: BTreeSet<&String> = run.acked.iter().collect();
        assert_eq!(distinct.len(), run.acked.len(), "an id acknowledged twice: {run}");
        run
    }
}

impl std::fmt::Display for WriterRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "writer {}\nstdout:\n{}\nstderr:\n{}",
            self.status, self.stdout, self.stderr
        )
    }
}

/// The ids acknowledged by a writer asked for `writes` saves, which must have made
/// exactly that many and exited successfully without a word on stderr.
fn finished_writer(child: Child, writes: usize) -> Vec<String> {
    let run = WriterRun::wait(child);
    assert!(run.status.success(), "the writer failed: {run}");
    assert!(run.stderr.is_empty(), "the writer complained: {run}");
    assert_eq!(run.acked.len(), writes, "acknowledged saves: {run}");
    run.acked
}

/// The ids acknowledged by an endless writer, which must have ended by the test's
/// SIGKILL: exiting by itself, panicking or dying of another signal is a failure.
#[cfg(unix)]
fn killed_writer(child: Child) -> Vec<String> {
    use std::os::unix::process::ExitStatusExt;
    const SIGKILL: i32 = 9;
    let run = WriterRun::wait(child);
    assert_eq!(run.status.signal(), Some(SIGKILL), "not ended by the kill: {run}");
    assert!(
        run.stderr.is_empty(),
        "the writer complained before the kill: {run}"
    );
    run.acked
}

#[test]
fn concurrent_writer_processes_lose_nothing() {
    let (dir, _doc, path) = folder_with(None);
    let writers: Vec<Child> = (0..2).map(|_| spawn_writer(dir.path(), Some(20))).collect();
    let acked: BTreeSet<String> = writers
        .into_iter()
        .flat_map(|writer| finished_writer(writer, 20))
        .collect();
    assert_eq!(acked.len(), 40);
    assert_eq!(ids_on_disk(&path), acked);
}

/// A small xorshift generator: the test needs varied delays, not good randomness.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[cfg(unix)]
#[test]
fn writers_killed_at_random_instants_leave_a_whole_file_with_every_acknowledged_note() {
    const ROUNDS: usize = 150;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("fault injection seed: {seed}");
    let mut rng = Rng(seed);
    let (dir, doc, path) = folder_with(None);
    let mut acked = BTreeSet::new();
    for round in 0..ROUNDS {
        // Two writers at once, so kills also land while one waits for the lock or merges.
        let mut writers: Vec<Child> = (0..2).map(|_| spawn_writer(dir.path(), None)).collect();
        for writer in &mut writers {
            std::thread::sleep(Duration::from_micros(rng.below(40_000)));
            writer.kill().unwrap(); // SIGKILL
        }
        acked.extend(writers.into_iter().flat_map(killed_writer));
        if path.exists() {
            let on_disk = ids_on_disk(&path);
            let lost: Vec<_> = acked.difference(&on_disk).collect();
            assert!(lost.is_empty(), "round {round} (seed {seed}): lost {lost:?}");
        } else {
            assert!(acked.is_empty(), "round {round}: saves acknowledged, no sidecar");
        }
    }
    // The kills must land while writers are saving, not before they start: on a quiet
    // machine each round acknowledges a few saves. A loaded machine starts writers
    // slowly, so the floor only asks that saves were acknowledged in many rounds.
    assert!(
        acked.len() >= ROUNDS / 4,
        "writers were killed before saving anything: {} acknowledged saves in {ROUNDS} rounds",
        acked.len()
    );

    // A later save still works, and cleans up what killed writers left behind.
    let mut store = Store::open(&path, &doc).unwrap();
    store
        .sidecar_mut()
        .upsert(new_annotation("after the storm"))
        .unwrap();
    store.save().unwrap();
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp") || name.ends_with(".lock"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let on_disk = ids_on_disk(&path);
    assert!(on_disk.is_superset(&acked));
    // Killed between saving and acknowledging, a writer may have saved one more.
    let kills = 2 * ROUNDS;
    assert!(on_disk.len() <= acked.len() + kills + 1);
}
