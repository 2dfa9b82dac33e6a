//! `margent export FILE [--format …] [filters] [-o OUT]`: the annotations in one of the
//! export formats (default: the config's `export.format`), written to OUT (see `output`:
//! a regular file atomically, a device or FIFO directly) or to stdout.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::CommandError;
use super::loaded::Loaded;
use crate::cli::{FilterArgs, FormatArg, GlobalArgs};
use crate::document::{Document, Source};
use crate::export::{self, ExportInput};
use crate::sidecar;

pub struct ExportRequest<'a> {
    pub file: &'a Path,
    pub format: Option<FormatArg>,
    pub filter: &'a FilterArgs,
    pub output: Option<&'a Path>,
    /// CSV: give the document's local path as its URL.
    pub url: bool,
    /// CSV: begin with a UTF-8 byte order mark (else as the config says).
    pub bom: bool,
}

pub fn export_file(request: &ExportRequest<'_>, global: &GlobalArgs) -> Result<(), CommandError> {
    let loaded = Loaded::load(request.file, request.filter, global)?;
    let format = request
        .format
        .map_or(loaded.config.export.format, export::Format::from);
    let title = loaded.title();
    let filter = super::loaded::filter_of(request.filter);
    let file_name = loaded.doc.file_name();
    let source_url = match loaded.doc.source() {
        Source::File(_) if format == export::Format::Csv && !request.url => None,
        Source::File(path) => Some(file_url(path)),
        Source::Stdin => None,
    };
    let input = ExportInput {
        title: &title,
        file_name: &file_name,
        source_url: source_url.as_deref(),
        author: loaded.author(),
        doc: &loaded.doc,
        document_info: &loaded.document_info,
        palette: &loaded.config.palette,
        items: &loaded.items,
        filter: &filter,
    };
    let mut text = export::export(format, &input);
    if format == export::Format::Csv && (request.bom || loaded.config.export.csv_bom) {
        text.insert(0, '\u{feff}');
    }
    match request.output.filter(|output| *output != Path::new("-")) {
        Some(output) => {
            refuse_to_overwrite_the_source(output, &loaded.doc)?;
            super::output::write_output(output, text.as_bytes())
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(CommandError::stdout)
        }
    }
}

/// `-o` must never name the document itself (margent never modifies a source file) or
/// its sidecar beside it.
fn refuse_to_overwrite_the_source(output: &Path, doc: &Document) -> Result<(), CommandError> {
    let Source::File(source) = doc.source() else {
        return Ok(());
    };
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same(output, source) || same(output, &sidecar::beside(source)) {
        return Err(CommandError::Failed(format!(
            "{}: refusing to write the export over the document or its sidecar",
            output.display()
        )));
    }
    Ok(())
}

/// The `file:` URL of a document: its canonical absolute path, percent-encoded.
fn file_url(path: &Path) -> String {
    let absolute: PathBuf = path
        .canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut url = String::from("file://");
    for byte in path_bytes(&absolute) {
        let keep = byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte);
        if keep {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    // Windows: C:\a\b -> /C:/a/b
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn file_urls_percent_encode_everything_but_unreserved_characters() {
        assert_eq!(
            file_url(Path::new("/no/such dir/红.txt")),
            "file:///no/such%20dir/%E7%BA%A2.txt"
        );
    }
}
