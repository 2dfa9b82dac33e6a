//! `margent export (FILE...|DIR|--all) [--format …] [filters] [-o OUT]`: the annotations
//! in one of the export formats (several documents: one export grouped by document) (default: the config's `export.format`), written to OUT (see `output`:
//! a regular file atomically, a device or FIFO directly) or to stdout.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::CommandError;
use super::loaded::Loaded;
use crate::cli::{DocumentsArgs, FilterArgs, FormatArg, GlobalArgs};
use crate::document::{Document, Source};
use crate::export::{self, ExportInput, Filter};
use crate::sanitize;
use crate::sidecar;

pub struct ExportRequest<'a> {
    pub documents: &'a DocumentsArgs,
    pub format: Option<FormatArg>,
    pub filter: &'a FilterArgs,
    pub output: Option<&'a Path>,
    /// CSV: give the document's local path as its URL.
    pub url: bool,
    /// CSV: begin with a UTF-8 byte order mark (else as the config says).
    pub bom: bool,
}

pub fn export_file(request: &ExportRequest<'_>, global: &GlobalArgs) -> Result<(), CommandError> {
    let chosen = super::documents::choose(request.documents)?;
    let mut loaded = Vec::new();
    for path in &chosen.paths {
        match Loaded::load(path, request.filter, global) {
            Ok(one) => loaded.push(one),
            // One document alone fails as before; among several the others are exported.
            Err(err) if chosen.several => eprintln!("margent: {}", sanitize::inline(&err.to_string())),
            Err(err) => return Err(err),
        }
    }
    let failures = chosen.paths.len() - loaded.len();
    if chosen.several {
        // A document with nothing to export is left out of a grouped export.
        loaded.retain(|one| !one.items.is_empty());
    }
    let format = match (request.format, loaded.first()) {
        (Some(format), _) => export::Format::from(format),
        (None, Some(first)) => first.config.export.format,
        (None, None) => super::load_config(global)?.export.format,
    };
    // The CSV URL column is a local path: filled only when asked (`--url`).
    let url = format != export::Format::Csv || request.url;
    let filter = super::loaded::filter_of(request.filter);
    let texts: Vec<Texts> = loaded.iter().map(|one| Texts::of(one, url, &filter)).collect();
    let inputs: Vec<ExportInput<'_>> = loaded
        .iter()
        .zip(&texts)
        .map(|(one, texts)| texts.input(one))
        .collect();
    let bom_configured = loaded.first().is_some_and(|one| one.config.export.csv_bom);
    let bom = format == export::Format::Csv && (request.bom || bom_configured);
    // One document is written as it is made (the JSON formats an annotation at a time).
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        if bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        match (chosen.several, inputs.as_slice()) {
            (false, [input]) => {
                export::write(format, input, &mut |part: &str| out.write_all(part.as_bytes()))
            }
            _ => out.write_all(export::export_many(format, &inputs).as_bytes()),
        }
    };
    match request.output.filter(|output| *output != Path::new("-")) {
        Some(output) => {
            for one in &loaded {
                refuse_to_overwrite_the_source(output, &one.doc)?;
            }
            super::output::write_output_with(output, write)?;
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut stdout)
                .and_then(|()| stdout.flush())
                .map_err(CommandError::stdout)?;
        }
    }
    if format == export::Format::Csv
        && let Some(filter) = filter.describe()
    {
        // Readwise's columns leave no room to say so in the file.
        eprintln!("margent: the CSV holds only the annotations with {filter}");
    }
    if failures > 0 {
        return Err(CommandError::Failed(format!(
            "{failures} of {} documents could not be read (see above); the export holds the others",
            chosen.paths.len()
        )));
    }
    Ok(())
}

/// What an export input borrows beside the loaded document.
struct Texts {
    title: String,
    file_name: String,
    source_url: Option<String>,
    filter: Filter,
}

impl Texts {
    fn of(loaded: &Loaded, url: bool, filter: &Filter) -> Texts {
        Texts {
            filter: filter.clone(),
            title: loaded.title(),
            file_name: loaded.doc.file_name(),
            source_url: match loaded.doc.source() {
                Source::File(path) if url => Some(file_url(path)),
                Source::File(_) | Source::Stdin => None,
            },
        }
    }

    fn input<'a>(&'a self, loaded: &'a Loaded) -> ExportInput<'a> {
        ExportInput {
            title: &self.title,
            file_name: &self.file_name,
            source_url: self.source_url.as_deref(),
            author: loaded.author(),
            doc: &loaded.doc,
            document_info: &loaded.document_info,
            palette: &loaded.config.palette,
            items: &loaded.items,
            filter: &self.filter,
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
