//! Which documents `notes` and `export` read (DESIGN §1.2: `FILE...`, `DIR`, `--all`): a
//! file as given; a folder as every plain-text document under it that has notes (a
//! sidecar beside it or in the data folder); `--all` as every annotated document in the
//! library, those whose file is gone named on stderr (their notes wait in the index,
//! for `margent search`, until the document is found again).

use std::path::{Path, PathBuf};

use super::CommandError;
use crate::cli::DocumentsArgs;
use crate::library::{EntryState, Refresh, shelf};
use crate::sanitize;
use crate::sidecar::{self, DATA_SUBDIR, SUFFIX};

/// The documents asked for, and whether they are several (the output then names each).
pub struct Chosen {
    pub paths: Vec<PathBuf>,
    pub several: bool,
}

pub fn choose(args: &DocumentsArgs) -> Result<Chosen, CommandError> {
    if args.all {
        return Ok(Chosen {
            paths: library_documents()?,
            several: true,
        });
    }
    let mut paths = Vec::new();
    let mut several = args.files.len() > 1;
    for file in &args.files {
        if file.is_dir() {
            several = true;
            paths.extend(shelf::walk(file, has_notes));
        } else {
            paths.push(file.clone());
        }
    }
    Ok(Chosen { paths, several })
}

/// Whether a document has a sidecar, beside it or in the data folder.
pub fn has_notes(document: &Path) -> bool {
    if sidecar::beside(document).exists() {
        return true;
    }
    let Some(data) = sidecar::default_data_dir() else {
        return false;
    };
    let hash = sidecar::path_hash(document);
    data.join(DATA_SUBDIR)
        .join(format!("{}{SUFFIX}", hash.to_hex()))
        .exists()
}

fn library_documents() -> Result<Vec<PathBuf>, CommandError> {
    let mut library = super::library::open_library()?;
    library
        .refresh(Refresh::Folders)
        .map_err(|err| CommandError::Failed(err.to_string()))?;
    let entries = library
        .entries(None)
        .map_err(|err| CommandError::Failed(err.to_string()))?;
    let mut paths = Vec::new();
    let mut missing = Vec::new();
    for entry in entries.into_iter().filter(|e| e.annotations > 0) {
        match entry.state {
            EntryState::Present => paths.push(entry.path),
            _ => missing.push(format!(
                "{} ({})",
                sanitize::inline(&entry.path.display().to_string()),
                entry.state.label()
            )),
        }
    }
    if !missing.is_empty() {
        eprintln!(
            "margent: left out, not readable now: {} (see margent library)",
            missing.join(", ")
        );
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_stands_for_its_annotated_documents() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "a").unwrap();
        std::fs::write(dir.path().join("a.txt.notes.toml"), "").unwrap();
        std::fs::write(dir.path().join("b.txt"), "b").unwrap();
        let chosen = choose(&DocumentsArgs {
            files: vec![dir.path().to_path_buf()],
            all: false,
        })
        .unwrap();
        assert!(chosen.several);
        assert_eq!(chosen.paths, [dir.path().join("a.txt")]);
    }
}
