//! `margent library [--format text|json] [--rebuild] [DIR]` and `margent search QUERY
//! [--format text|json] [--tag T]... [DIR]`: the library index (`crate::library`) for
//! people and scripts. `library` looks at every document and sidecar (a thorough
//! refresh); `search` looks only at folders changed since the last look, so it starts
//! at once. Text is sanitised; JSON escapes what a terminal could act on.

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::CommandError;
use crate::cli::NotesFormat;
use crate::export::to_json_string;
use crate::library::{Entry, Hit, Library, Refresh, SearchRequest, shelf};
use crate::sanitize;
use crate::text::excerpt::excerpt;

/// The per-user index; says on stderr when an unusable one was set aside.
pub fn open_library() -> Result<Library, CommandError> {
    let mut library = Library::open_default().map_err(|err| CommandError::Failed(err.to_string()))?;
    if let Some(message) = library.take_set_aside() {
        eprintln!("margent: {}", sanitize::inline(&message));
    }
    Ok(library)
}

fn failed(err: crate::library::LibraryError) -> CommandError {
    CommandError::Failed(err.to_string())
}

pub fn library(format: NotesFormat, rebuild: bool, folder: Option<&Path>) -> Result<(), CommandError> {
    if let Some(folder) = folder
        && !folder.is_dir()
    {
        return Err(CommandError::Failed(format!(
            "{}: not a folder",
            folder.display()
        )));
    }
    let mut library = open_library()?;
    if rebuild {
        let folders: Vec<PathBuf> = folder.map(Path::to_path_buf).into_iter().collect();
        let count = library.rebuild(&folders).map_err(failed)?;
        eprintln!(
            "margent: the library index was rebuilt: {count} document{}",
            if count == 1 { "" } else { "s" }
        );
    } else {
        library.refresh(Refresh::Thorough).map_err(failed)?;
    }
    let entries = shelf_entries(&library, folder).map_err(failed)?;
    let text = match format {
        NotesFormat::Json => json_text(&entries),
        NotesFormat::Text => listing(&entries),
    };
    print(&text)
}

/// The known documents (under `folder`), and with a folder the plain-text documents
/// under it that the index does not know yet.
pub fn shelf_entries(
    library: &Library,
    folder: Option<&Path>,
) -> Result<Vec<Entry>, crate::library::LibraryError> {
    let mut entries = library.entries(folder)?;
    if let Some(folder) = folder {
        let known: std::collections::HashSet<PathBuf> = entries.iter().map(|e| e.path.clone()).collect();
        for path in shelf::walk(folder, |_| true) {
            let path = crate::library::canonical(&path);
            if !known.contains(&path) {
                entries.push(Entry::unknown(path));
            }
        }
    }
    Ok(entries)
}

pub fn search(
    query: &str,
    format: NotesFormat,
    tags: &[String],
    folder: Option<&Path>,
) -> Result<(), CommandError> {
    let mut library = open_library()?;
    library.refresh(Refresh::Folders).map_err(failed)?;
    let hits = library
        .search(&SearchRequest {
            query: query.to_string(),
            tags: tags.to_vec(),
            folder: folder.map(Path::to_path_buf),
            limit: None,
        })
        .map_err(failed)?;
    let text = match format {
        NotesFormat::Json => to_json_string(&serde_json::to_value(&hits).unwrap_or_default()),
        NotesFormat::Text => hits_text(&hits),
    };
    print(&text)
}

/// Pretty JSON as `export::to_json_string` writes it (what a terminal could act on
/// escaped), serialised straight from the entries: a library of 10,000 documents
/// would spend as long again building a `serde_json::Value` first.
fn json_text(entries: &[Entry]) -> String {
    let text = serde_json::to_string_pretty(entries).unwrap_or_else(|_| "null".to_string());
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if matches!(c, '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}') || sanitize::is_bidi_control(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

fn print(text: &str) -> Result<(), CommandError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(CommandError::stdout)
}

/// One line per document: progress, annotations (open review items), last opened,
/// title, and the path with what became of the file.
pub fn listing(entries: &[Entry]) -> String {
    let mut out = String::new();
    if entries.is_empty() {
        out.push_str("no documents yet: open one with `margent FILE`\n");
        return out;
    }
    let _ = writeln!(
        out,
        "{:>4}  {:>5}  {:>4}  {:<16}  title — path",
        "read", "notes", "open", "last opened"
    );
    for entry in entries {
        let mut path = sanitize::inline(&entry.path.display().to_string()).into_owned();
        match entry.state.label() {
            "" => {}
            state => path.push_str(&format!(" ({state})")),
        }
        if let Some(error) = &entry.sidecar_error {
            path.push_str(&format!(" [sidecar: {}]", sanitize::inline(error)));
        }
        let _ = writeln!(
            out,
            "{:>3}%  {:>5}  {:>4}  {:<16}  {} — {}",
            entry.progress,
            entry.annotations,
            entry.counts.open,
            entry.last_opened_text(),
            sanitize::inline(&entry.title),
            path
        );
    }
    out
}

/// Matches grouped by document: a heading per document, then per match its section,
/// kind and review status, and the snippet.
fn hits_text(hits: &[Hit]) -> String {
    let mut out = String::new();
    if hits.is_empty() {
        out.push_str("no matches\n");
        return out;
    }
    let mut current: Option<&Path> = None;
    for hit in hits {
        if current != Some(hit.document.as_path()) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "{} — {}",
                sanitize::inline(&hit.title),
                sanitize::inline(&hit.document.display().to_string())
            );
            current = Some(&hit.document);
        }
        let section = hit
            .section
            .as_deref()
            .map_or_else(String::new, |s| format!("{} · ", sanitize::inline(s)));
        let _ = writeln!(
            out,
            "  {section}{}, {} · id {}",
            hit.kind,
            hit.review,
            short_id(&hit.id)
        );
        let _ = writeln!(out, "    {}", sanitize::inline(&excerpt(&hit.snippet, 120)));
    }
    out
}

fn short_id(id: &str) -> String {
    sanitize::inline(id).chars().take(13).collect()
}
