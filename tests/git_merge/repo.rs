//! A real git repository in a temp folder with margent as its merge driver, configured
//! exactly as the README says, and git run isolated from the user's configuration.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const SIDECAR: &str = "essay.txt.notes.toml";

pub struct Repo {
    dir: tempfile::TempDir,
}

/// What one `git merge` left: its output and the merged sidecar's bytes.
pub struct Merged {
    pub output: Output,
    pub text: String,
}

impl Merged {
    /// The lines margent's merge driver wrote (git adds its own lines to stderr).
    pub fn driver_lines(&self) -> Vec<String> {
        String::from_utf8_lossy(&self.output.stderr)
            .lines()
            .filter(|line| line.starts_with("margent merge:"))
            .map(str::to_string)
            .collect()
    }
}

impl Repo {
    pub fn new() -> Repo {
        require_git();
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q"]);
        repo.git(&["config", "merge.margent.driver", "margent merge %O %A %B"]);
        repo.write(".gitattributes", "*.notes.toml merge=margent\n");
        repo
    }

    /// A repository whose sidecar is `base` on a first commit, with branch `ours` and
    /// branch `theirs` each changing it in one commit (tags `o` and `t` mark them).
    pub fn with_branches(base: &str, ours: &str, theirs: &str) -> Repo {
        let repo = Repo::new();
        repo.write(SIDECAR, base);
        repo.commit("base");
        repo.git(&["branch", "-q", "theirs"]);
        repo.git(&["checkout", "-q", "-b", "ours"]);
        repo.write(SIDECAR, ours);
        repo.commit("ours");
        repo.git(&["tag", "o"]);
        repo.git(&["checkout", "-q", "theirs"]);
        repo.write(SIDECAR, theirs);
        repo.commit("theirs");
        repo.git(&["tag", "t"]);
        repo
    }

    /// Checks out a new branch at `from` and merges `other` into it, as a person on
    /// `from` would; the merge must succeed and leave nothing to resolve.
    pub fn merge(&self, from: &str, other: &str) -> Merged {
        self.git(&[
            "checkout",
            "-q",
            "-b",
            &format!("merge-{other}-into-{from}"),
            from,
        ]);
        let output = self.try_git(&["merge", "--no-edit", other]);
        assert!(output.status.success(), "merge failed: {}", describe(&output));
        let status = self.git(&["status", "--porcelain"]);
        assert!(
            status.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&status.stdout)
        );
        let text = std::fs::read_to_string(self.path(SIDECAR)).unwrap();
        Merged { output, text }
    }

    /// Merges `t` into `o` and `o` into `t`: the two results must be the same bytes.
    pub fn merge_both_ways(&self) -> Merged {
        let into_ours = self.merge("o", "t");
        let into_theirs = self.merge("t", "o");
        assert_eq!(
            into_ours.text, into_theirs.text,
            "the merged sidecar depends on the direction of the merge"
        );
        assert_eq!(into_ours.driver_lines(), into_theirs.driver_lines());
        into_ours
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).unwrap();
    }

    pub fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Runs git isolated from the user's configuration, with the built margent on PATH.
    pub fn try_git(&self, args: &[&str]) -> Output {
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

    pub fn git(&self, args: &[&str]) -> Output {
        let output = self.try_git(args);
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            describe(&output)
        );
        output
    }
}

pub fn describe(output: &Output) -> String {
    format!(
        "{}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The merge driver is only proved in a real repository: without git this fails, it
/// never skips (`.ci/run` installs git where it is missing).
pub fn require_git() {
    match Command::new("git").arg("--version").output() {
        Ok(output) if output.status.success() => {}
        Ok(output) => panic!("`git --version` failed: {}", describe(&output)),
        Err(err) => panic!(
            "git is needed to test margent as git's merge driver, and running it failed: {err}\n\
             install git (e.g. `apt-get install git`)"
        ),
    }
}
