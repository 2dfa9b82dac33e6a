//! `margent merge BASE OURS THEIRS`: the git merge driver for sidecars. Merges the three
//! versions field by field (DESIGN §1.4, `sidecar::merge`) and writes the result over
//! OURS (atomically), as git expects of `merge.<driver>.driver = margent merge %O %A %B`;
//! prints one line on stderr for each value both sides changed differently, and exits 0.
//! Never leaves conflict markers: an input it cannot read, or a result past the limits
//! margent reads, fails the merge (exit 1) and OURS is left as it was.

use std::path::Path;

use super::CommandError;
use crate::sidecar::{self, Sidecar, SidecarError, limits};

pub fn merge_files(base: &Path, ours: &Path, theirs: &Path) -> Result<(), CommandError> {
    let base_sidecar = read_base(base)?;
    let ours_sidecar = read(ours)?;
    let theirs_sidecar = read(theirs)?;
    let merged = sidecar::merge(base_sidecar.as_ref(), &ours_sidecar, &theirs_sidecar);
    let count = merged.sidecar.annotations().len();
    if count > limits::MAX_ANNOTATIONS {
        return Err(CommandError::Failed(format!(
            "{}: cannot merge: together the two sides hold {count} annotations, more than {}",
            ours.display(),
            limits::MAX_ANNOTATIONS
        )));
    }
    sidecar::write_atomically(ours, merged.sidecar.to_toml_string().as_bytes()).map_err(failed)?;
    for conflict in &merged.conflicts {
        eprintln!(
            "margent merge: {}",
            crate::sanitize::inline(&conflict.to_string())
        );
    }
    Ok(())
}

/// The common ancestor. Git passes an empty file when there is none (both branches
/// added the sidecar): then every annotation is an addition.
fn read_base(path: &Path) -> Result<Option<Sidecar>, CommandError> {
    let bytes = crate::files::read_regular(path, sidecar::limits::MAX_FILE_BYTES).map_err(|err| {
        failed(SidecarError::Io {
            path: path.to_path_buf(),
            operation: "read",
            source: err,
        })
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    Ok(Some(sidecar::parse_bytes(path, &bytes).map_err(failed)?))
}

fn read(path: &Path) -> Result<Sidecar, CommandError> {
    match sidecar::read_sidecar(path).map_err(failed)? {
        Some(sidecar) => Ok(sidecar),
        None => Err(CommandError::Failed(format!(
            "{}: cannot read: no such file",
            path.display()
        ))),
    }
}

fn failed(err: SidecarError) -> CommandError {
    CommandError::Failed(err.to_string())
}
