//! `margent merge BASE OURS THEIRS`: the git merge driver for sidecars. Merges the three
//! versions by annotation id and writes the result over OURS (atomically), as git expects
//! of `merge.<driver>.driver = margent merge %O %A %B`. Never leaves conflict markers: an
//! input it cannot read fails the merge (exit 1) and OURS is left as it was.

use std::path::Path;

use super::CommandError;
use crate::sidecar::{self, Carrier, Sidecar, SidecarData, SidecarError};

pub fn merge_files(base: &Path, ours: &Path, theirs: &Path) -> Result<(), CommandError> {
    let base_data = read_base(base)?;
    let ours_sidecar = read(ours)?;
    let theirs_sidecar = read(theirs)?;
    let merged = sidecar::merge(&base_data, ours_sidecar, theirs_sidecar, Carrier::Ours);
    sidecar::write_atomically(ours, merged.to_toml_string().as_bytes()).map_err(failed)
}

/// The common ancestor. Git passes an empty file when there is none (both branches
/// added the sidecar): then every annotation is an addition.
fn read_base(path: &Path) -> Result<SidecarData, CommandError> {
    let bytes = crate::files::read_regular(path, sidecar::limits::MAX_FILE_BYTES).map_err(|err| {
        failed(SidecarError::Io {
            path: path.to_path_buf(),
            operation: "read",
            source: err,
        })
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(SidecarData::default());
    }
    Ok(sidecar::parse_bytes(path, &bytes).map_err(failed)?.into_data())
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
