//! `annotate`, `edit`, `delete`, `meta`, `notes`, `export`, `completions` and `man` through the
//! real binary: what they print, what they store, and their exit codes (0 success, 1
//! failure naming the file, 2 usage). Every test works on copies of the fixtures in its own temporary
//! folder, with its own config and data folder, so nothing is written into the
//! repository or the user's home.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use assert_cmd::prelude::*;
use margent::annotation::{Annotation, Kind};
use predicates::prelude::*;
use serde_json::Value;

const SAMPLE: &str = "en-news-new-development-concept-xinjiang.txt";
const TITLE: &str = "New Development Concept Leads High-quality Development In Xinjiang";

/// A temporary workspace: a copy of a document, a config file and a data folder.
struct Workspace {
    dir: tempfile::TempDir,
    document: PathBuf,
}

impl Workspace {
    fn with_text(name: &str, text: &str) -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let document = dir.path().join(name);
        std::fs::write(&document, text).unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "[reader]\nauthor = \"reviewer-2\"\n",
        )
        .unwrap();
        Workspace { dir, document }
    }

    fn sample() -> Workspace {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(SAMPLE);
        Workspace::with_text(SAMPLE, &std::fs::read_to_string(path).unwrap())
    }

    fn margent(&self) -> Command {
        let mut command = Command::cargo_bin("margent").unwrap();
        command
            .current_dir(self.dir.path())
            .env("MARGENT_CONFIG", self.dir.path().join("config.toml"))
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env_remove("MARGENT_AUTHOR");
        command
    }

    fn doc(&self) -> &str {
        self.document.to_str().unwrap()
    }

    fn sidecar_path(&self) -> PathBuf {
        self.dir.path().join(format!(
            "{}.notes.toml",
            self.document.file_name().unwrap().to_str().unwrap()
        ))
    }

    fn annotations(&self) -> Vec<Annotation> {
        margent::sidecar::read_sidecar(&self.sidecar_path())
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

    /// Runs `annotate` with `args`, expects success, and returns the printed id.
    fn annotate(&self, args: &[&str]) -> String {
        let output = self
            .margent()
            .arg("annotate")
            .arg(self.doc())
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    }

    fn notes_json(&self, extra: &[&str]) -> Vec<Value> {
        let output = self
            .margent()
            .args(["notes", self.doc(), "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice::<Value>(&output.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }
}

/// Char offset of the `n`th (1-based) occurrence of `needle`.
fn char_offset_of(text: &str, needle: &str, n: usize) -> usize {
    let (byte, _) = text.match_indices(needle).nth(n - 1).unwrap();
    text[..byte].chars().count()
}

#[path = "cli_commands/annotate.rs"]
mod annotate;
mod common;
#[path = "cli_commands/edit.rs"]
mod edit;
#[path = "cli_commands/export.rs"]
mod export;
#[path = "cli_commands/generate.rs"]
mod generate;
#[path = "cli_commands/library.rs"]
mod library;
#[path = "cli_commands/location.rs"]
mod location;
#[path = "cli_commands/meta.rs"]
mod meta;
#[path = "cli_commands/notes.rs"]
mod notes;
