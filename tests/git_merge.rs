//! `margent merge` as git's merge driver, configured exactly as the README says
//! (`*.notes.toml merge=margent`, `git config merge.margent.driver 'margent merge %O %A %B'`),
//! in a real repository; plus the driver's own exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::{annotation, at, id};
use margent::annotation::Annotation;
use margent::sidecar::{DocumentInfo, Sidecar, SidecarData};

const SIDECAR: &str = "essay.txt.notes.toml";

fn edited(n: u32, note: &str, modified: &str) -> Annotation {
    annotation(n).with_note(note).modified_at(at(modified))
}

fn sidecar(annotations: Vec<Annotation>, position: usize) -> String {
    let document = DocumentInfo {
        file_name: "essay.txt".to_string(),
        title: "Essay".to_string(),
        encoding: "UTF-8".to_string(),
        content_hash: "blake3:00".to_string(),
        char_count: 1000,
        position,
    };
    Sidecar::from_data(SidecarData {
        document,
        annotations,
    })
    .unwrap()
    .to_toml_string()
}

struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q"]);
        repo.git(&["config", "merge.margent.driver", "margent merge %O %A %B"]);
        repo.write(".gitattributes", "*.notes.toml merge=margent\n");
        repo
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).unwrap();
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Runs git isolated from the user's configuration, with the built margent on PATH.
    fn try_git(&self, args: &[&str]) -> Output {
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_margent")).parent().unwrap();
        let path = std::env::join_paths(
            std::iter::once(bin_dir.to_path_buf()).chain(std::env::split_paths(
                &std::env::var_os("PATH").unwrap_or_default(),
            )),
        )
        .unwrap();
        Command::new("git")
            .args(args)
            .current_dir(self.dir.path())
            .env("PATH", path)
            .env("HOME", self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap()
    }

    fn git(&self, args: &[&str]) -> Output {
        let output = self.try_git(args);
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            describe(&output)
        );
        output
    }
}

fn describe(output: &Output) -> String {
    format!(
        "{}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The merge driver is only proved in a real repository: without git this fails, it
/// never skips (`.ci/run` installs git where it is missing).
fn require_git() {
    match Command::new("git").arg("--version").output() {
        Ok(output) if output.status.success() => {}
        Ok(output) => panic!("`git --version` failed: {}", describe(&output)),
        Err(err) => panic!(
            "git is needed to test margent as git's merge driver, and running it failed: {err}\n\
             install git (e.g. `apt-get install git`)"
        ),
    }
}

#[test]
fn git_merges_two_branches_of_annotations_without_conflict() {
    require_git();
    let repo = Repo::new();
    let base = vec![annotation(1), annotation(2), annotation(3), annotation(4)];
    repo.write(SIDECAR, &sidecar(base.clone(), 0));
    repo.commit("base");
    repo.git(&["branch", "theirs"]);

    // Ours: edit 1 (later) and 4 (earlier), delete 2, add 5, move the reading position.
    let ours = vec![
        edited(1, "ours wins", "2026-12-03T00:00:00Z"),
        annotation(3),
        edited(4, "ours loses", "2026-12-01T00:00:00Z"),
        annotation(5),
    ];
    repo.write(SIDECAR, &sidecar(ours.clone(), 100));
    repo.commit("ours");

    // Theirs: edit 1 (earlier), 3 and 4 (later), add 6.
    repo.git(&["checkout", "-q", "theirs"]);
    let theirs = vec![
        edited(1, "theirs loses", "2026-12-02T00:00:00Z"),
        annotation(2),
        edited(3, "theirs only", "2026-12-02T00:00:00Z"),
        edited(4, "theirs wins", "2026-12-05T00:00:00Z"),
        annotation(6),
    ];
    repo.write(SIDECAR, &sidecar(theirs.clone(), 200));
    repo.commit("theirs");
    repo.git(&["checkout", "-q", "-"]);

    assert_textual_merge_conflicts(&repo, &base, &ours, &theirs);

    let merge = repo.try_git(&["merge", "--no-edit", "theirs"]);
    assert!(merge.status.success(), "merge failed: {}", describe(&merge));
    let status = repo.git(&["status", "--porcelain"]);
    assert!(
        status.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );

    let merged = Sidecar::from_toml_str(&std::fs::read_to_string(repo.path(SIDECAR)).unwrap()).unwrap();
    let notes: Vec<(String, &str)> = merged
        .annotations()
        .iter()
        .map(|a| (a.id.clone(), a.note.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (id(1), "ours wins"),
            (id(3), "theirs only"),
            (id(4), "theirs wins"),
            (id(5), ""),
            (id(6), ""),
        ]
    );
    assert_eq!(merged.position(), 100, "the reading position is ours");
}

/// Without the driver this scenario conflicts: the test proves the driver did the work.
fn assert_textual_merge_conflicts(
    repo: &Repo,
    base: &[Annotation],
    ours: &[Annotation],
    theirs: &[Annotation],
) {
    for (name, annotations) in [("b", base), ("o", ours), ("t", theirs)] {
        repo.write(name, &sidecar(annotations.to_vec(), 0));
    }
    // merge-file exits with the number of conflicts, or negative (255) when it fails.
    let plain = repo.try_git(&["merge-file", "-p", "o", "b", "t"]);
    assert!(
        matches!(plain.status.code(), Some(1..=127)),
        "a line-based merge would not have conflicted: {}",
        describe(&plain)
    );
    assert!(
        String::from_utf8_lossy(&plain.stdout).contains("<<<<<<< o\n"),
        "{}",
        describe(&plain)
    );
    for name in ["b", "o", "t"] {
        std::fs::remove_file(repo.path(name)).unwrap();
    }
}

fn margent(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_margent"))
        .arg("merge")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn driver_treats_an_empty_base_as_no_common_ancestor() {
    let dir = tempfile::tempdir().unwrap();
    let (base, ours, theirs) = (dir.path().join("O"), dir.path().join("A"), dir.path().join("B"));
    std::fs::write(&base, "").unwrap();
    std::fs::write(&ours, sidecar(vec![annotation(1)], 7)).unwrap();
    std::fs::write(&theirs, sidecar(vec![annotation(2)], 9)).unwrap();
    let output = margent(&[&base, &ours, &theirs]);
    assert!(output.status.success(), "{}", describe(&output));
    let merged = Sidecar::from_toml_str(&std::fs::read_to_string(&ours).unwrap()).unwrap();
    assert_eq!(merged.annotations(), [annotation(1), annotation(2)]);
}

#[test]
fn driver_fails_naming_an_unreadable_input_and_leaves_ours_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (base, ours, theirs) = (dir.path().join("O"), dir.path().join("A"), dir.path().join("B"));
    let ours_text = sidecar(vec![annotation(1)], 7);
    std::fs::write(&base, sidecar(vec![], 0)).unwrap();
    std::fs::write(&ours, &ours_text).unwrap();
    std::fs::write(&theirs, "<<<<<<< HEAD\n\u{1b}[31m").unwrap();
    let output = margent(&[&base, &ours, &theirs]);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&theirs.display().to_string()), "{stderr}");
    assert!(stderr.contains("line 1, column"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert_eq!(std::fs::read_to_string(&ours).unwrap(), ours_text);

    let missing = dir.path().join("missing");
    let output = margent(&[&base, &ours, &missing]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing"));
}
