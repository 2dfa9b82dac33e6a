//! Where notes live (DESIGN §1.4, issue 12 item 3): a sidecar beside the document is
//! always read; what cannot be written beside it goes to the data folder, is shown with
//! it, and the command says where it went. No probe files, no read-only file replaced,
//! no temporary file named in an error.

use std::time::{Duration, SystemTime};

use super::common::{UnwritableFolder, names_in};
use super::*;

/// The sample in its own folder (`shelf/`), with a home, config and data folder
/// elsewhere, so that the shelf can be made read-only while the data folder is not.
struct Shelf {
    root: tempfile::TempDir,
    document: PathBuf,
}

impl Shelf {
    fn with_name(name: &str) -> Shelf {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("shelf")).unwrap();
        std::fs::create_dir(root.path().join("home")).unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(SAMPLE);
        let document = root.path().join("shelf").join(name);
        std::fs::copy(sample, &document).unwrap();
        let shelf = Shelf { root, document };
        shelf.configure("");
        shelf
    }

    fn new() -> Shelf {
        Shelf::with_name(SAMPLE)
    }

    fn folder(&self) -> PathBuf {
        self.root.path().join("shelf")
    }

    fn sidecar(&self) -> PathBuf {
        let name = format!(
            "{}.notes.toml",
            self.document.file_name().unwrap().to_str().unwrap()
        );
        self.folder().join(name)
    }

    fn data_sidecars(&self) -> PathBuf {
        self.root.path().join("home/data/margent/sidecars")
    }

    fn configure(&self, config: &str) {
        std::fs::write(self.root.path().join("home/config.toml"), config).unwrap();
    }

    fn margent(&self) -> Command {
        self.command(Command::cargo_bin("margent").unwrap())
    }

    /// `command` with this shelf's home, config and folders.
    fn command(&self, mut command: Command) -> Command {
        let home = self.root.path().join("home");
        command
            .current_dir(&home)
            .env("MARGENT_CONFIG", home.join("config.toml"))
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CONFIG_HOME", home.join("config"));
        command
    }

    fn doc(&self) -> &str {
        self.document.to_str().unwrap()
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.margent().args(args).output().unwrap()
    }

    /// `annotate --quote QUOTE`: its output (success is the caller's to check).
    fn annotate(&self, quote: &str) -> std::process::Output {
        self.run(&["annotate", self.doc(), "--quote", quote])
    }

    /// The quotes `notes --format json` lists.
    fn quotes(&self) -> Vec<String> {
        let output = self.run(&["notes", self.doc(), "--format", "json"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let notes: Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut quotes: Vec<String> = notes
            .as_array()
            .unwrap()
            .iter()
            .map(|note| note["exact"].as_str().unwrap().to_string())
            .collect();
        quotes.sort();
        quotes
    }
}

const FIRST: &str = "Innovation is the first driving force.";
const SECOND: &str = "Fifth, promote shared development";
const THIRD: &str = "absolute poverty";

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_read_only_folder_keeps_showing_its_sidecar_and_new_notes_go_to_the_data_folder() {
    let shelf = Shelf::new();
    assert!(shelf.annotate(FIRST).status.success());
    let sidecar_before = std::fs::read(shelf.sidecar()).unwrap();
    let names_before = names_in(&shelf.folder());

    let folder = match UnwritableFolder::make(&shelf.folder()) {
        Ok(folder) => folder,
        Err(why) => {
            // The sidecar is read the same way whatever the folder's permissions:
            // a_read_only_sidecar_... covers the write to the data folder.
            eprintln!("skipped the read-only folder itself: {why}");
            assert_eq!(shelf.quotes(), [FIRST]);
            return;
        }
    };
    // Seen: "no annotations" (exit 0), empty exports.
    assert_eq!(shelf.quotes(), [FIRST]);
    let listing = shelf.run(&["notes", shelf.doc()]);
    assert!(String::from_utf8_lossy(&listing.stdout).contains("1 annotation\n"));
    for format in ["md", "json", "csv"] {
        let export = shelf.run(&["export", shelf.doc(), "--format", format]);
        assert!(export.status.success(), "{format}: {}", stderr(&export));
        assert!(
            String::from_utf8_lossy(&export.stdout).contains(FIRST),
            "{format}"
        );
    }

    // Seen: new notes went to the data folder unannounced, and the two sets split.
    let added = shelf.annotate(SECOND);
    assert!(added.status.success(), "{}", stderr(&added));
    let data = shelf.data_sidecars();
    let message = stderr(&added);
    assert!(
        message.starts_with(&format!("margent: saved in the data folder: {}/", data.display()))
            && message.ends_with(".notes.toml (the document's folder is not writable)\n")
            && message.lines().count() == 1,
        "{message}"
    );
    assert_eq!(shelf.quotes(), [SECOND, FIRST]);
    assert_eq!(std::fs::read(shelf.sidecar()).unwrap(), sidecar_before);
    assert_eq!(
        names_in(&shelf.folder()),
        names_before,
        "no probe, lock or temporary file left"
    );

    // Writable again: new notes go beside the document; both sets still show.
    drop(folder);
    let beside = shelf.annotate(THIRD);
    assert!(
        beside.status.success() && beside.stderr.is_empty(),
        "{}",
        stderr(&beside)
    );
    assert_eq!(shelf.quotes(), [SECOND, FIRST, THIRD]);
    assert_eq!(names_in(&data).len(), 1);
}

#[cfg(unix)]
#[test]
fn a_read_only_sidecar_is_never_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let shelf = Shelf::new();
    assert!(shelf.annotate(FIRST).status.success());
    std::fs::set_permissions(shelf.sidecar(), std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(shelf.sidecar()).unwrap();

    // "auto": the note is kept, in the data folder, and the line says why.
    let added = shelf.annotate(SECOND);
    assert!(added.status.success(), "{}", stderr(&added));
    let message = stderr(&added);
    let name = shelf.sidecar().file_name().unwrap().to_str().unwrap().to_string();
    assert!(
        message.starts_with("margent: saved in the data folder: ")
            && message.ends_with(&format!("({name} is read-only (mode 0444))\n")),
        "{message}"
    );
    assert_eq!(shelf.quotes(), [SECOND, FIRST]);

    // "beside": refused with one line naming the sidecar (not its temporary file).
    shelf.configure("[sidecar]\nlocation = \"beside\"\n");
    let refused = shelf.annotate(THIRD);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        stderr(&refused),
        format!(
            "margent: {}: is read-only (mode 0444): not changed; make it writable (chmod u+w) to save annotations in it\n",
            shelf.sidecar().display()
        )
    );
    assert_eq!(std::fs::read(shelf.sidecar()).unwrap(), before);
    let mode = std::fs::metadata(shelf.sidecar()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
    assert_eq!(shelf.quotes(), [SECOND, FIRST]);
}

#[test]
fn a_sidecar_name_past_name_max_goes_to_the_data_folder() {
    // 233 bytes (77 CJK characters and "ab.txt" less one) and 240 bytes of CJK: the
    // sidecar's temporary file would pass the 255-byte NAME_MAX.
    for name in [
        format!("{}a.txt", "論".repeat(76)),
        format!("{}.txt", "論".repeat(80)),
    ] {
        let shelf = Shelf::with_name(&name);
        let added = shelf.annotate(FIRST);
        assert!(added.status.success(), "{} bytes: {}", name.len(), stderr(&added));
        assert!(
            stderr(&added).contains("(the sidecar's name would be too long for the file system)"),
            "{}",
            stderr(&added)
        );
        assert_eq!(shelf.quotes(), [FIRST], "{} bytes", name.len());
        assert_eq!(names_in(&shelf.folder()), [name]);
    }
}

/// The folder's modification time: it changes when any file is created or deleted
/// in it, even one deleted at once (a probe file).
fn modified(folder: &Path) -> SystemTime {
    std::fs::metadata(folder).unwrap().modified().unwrap()
}

#[test]
fn reading_commands_create_no_file_not_even_for_a_moment() {
    let shelf = Shelf::new();
    assert!(shelf.annotate(FIRST).status.success());
    let before = modified(&shelf.folder());
    // Past the file system's timestamp granularity, so a change cannot hide in it.
    std::thread::sleep(Duration::from_millis(50));
    for args in [
        vec!["notes", shelf.doc()],
        vec!["export", shelf.doc(), "--format", "json"],
        vec!["annotate", shelf.doc(), "--quote", "not in the text at all"],
    ] {
        shelf.run(&args);
        assert_eq!(
            modified(&shelf.folder()),
            before,
            "{args:?} made or deleted a file"
        );
    }
    assert!(
        !names_in(&shelf.folder())
            .iter()
            .any(|name| name.starts_with(".margent-probe"))
    );
}

#[test]
fn an_error_names_the_sidecar_not_its_temporary_file() {
    let shelf = Shelf::new();
    // A file-size limit makes writing the temporary file fail (EFBIG): the error must
    // name the sidecar the user knows, not ".….notes.toml.x1Y2z3.tmp".
    let note = "a long note ".repeat(2000);
    let script =
        format!("trap '' XFSZ; ulimit -f 8; exec \"$0\" annotate \"$1\" --quote '{FIRST}' --note \"$2\"");
    let output = shelf
        .command(Command::new("sh"))
        .args(["-c", &script, env!("CARGO_BIN_EXE_margent"), shelf.doc(), &note])
        .output()
        .expect("sh runs");
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    let reason = message
        .strip_prefix(&format!("margent: {}: cannot write: ", shelf.sidecar().display()))
        .unwrap_or_else(|| panic!("names the sidecar: {message}"));
    assert!(
        !reason.contains(".tmp") && !reason.contains("at path"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
    assert_eq!(
        names_in(&shelf.folder()),
        [SAMPLE],
        "nothing left behind: {message}"
    );
}
