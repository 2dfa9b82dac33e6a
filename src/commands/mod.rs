//! Runs the non-interactive commands of the command line against the core. Reads and
//! writes files and stdout; never touches the terminal's modes (that is `tui`).

mod annotate;
mod documents;
mod edit;
mod export;
mod generate;
mod import;
mod indexing;
pub mod library;
mod loaded;
mod merge;
mod meta;
#[cfg(feature = "tui")]
mod moved;
mod notes;
mod output;
#[cfg(feature = "tui")]
pub(crate) mod read;
pub mod reading;
mod reimport;
mod render;
#[cfg(feature = "tui")]
mod shelf;
mod stored;

use std::io;
use std::path::Path;

use crate::cli::{Command, GlobalArgs};
use crate::config::Config;
use crate::document::{Document, OpenError};
use crate::sidecar::{Saved, SidecarError};

pub use annotate::annotate;
pub use edit::{delete, edit};
pub use export::{ExportRequest, export_file};
pub use import::import;
pub use merge::merge_files;
pub use meta::meta;
pub use notes::{listing, notes};
#[cfg(feature = "tui")]
pub use read::{read_file, read_files};
pub use render::render_file;
#[cfg(feature = "tui")]
pub use shelf::open_library_view;

/// Why a command failed. Displays as one line that names the file involved.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error("{0}")]
    Failed(String),
    /// The command line asks for something impossible (exit status 2).
    #[error("{0}")]
    Usage(String),
    /// The reader of our stdout went away (`margent render x | head`): not an error.
    #[error("broken pipe")]
    BrokenPipe,
}

impl CommandError {
    /// Maps a failed write to stdout: a closed pipe ends quietly.
    pub fn stdout(err: io::Error) -> CommandError {
        if err.kind() == io::ErrorKind::BrokenPipe {
            CommandError::BrokenPipe
        } else {
            CommandError::Failed(format!("standard output: cannot write: {err}"))
        }
    }
}

/// Context every command gets from `main`.
#[derive(Debug, Clone)]
pub struct Context {
    pub global: GlobalArgs,
    /// The terminal's width in columns, if stdout is a terminal.
    pub terminal_cols: Option<u16>,
}

pub fn run(command: Command, context: &Context) -> Result<(), CommandError> {
    match command {
        Command::Render { width, file } => {
            render_file(&file, width.or(context.terminal_cols), &context.global)
        }
        Command::Annotate(args) => annotate(&args, &context.global),
        Command::Edit(args) => edit(&args, &context.global),
        Command::Delete { file, id } => delete(&file, &id, &context.global),
        Command::Meta { file, title, author } => {
            meta(&file, title.as_deref(), author.as_deref(), &context.global)
        }
        Command::Notes {
            documents,
            format,
            filter,
        } => notes(&documents, format, &filter, &context.global),
        Command::Search {
            query,
            format,
            tags,
            folder,
        } => library::search(&query, format, &tags, folder.as_deref()),
        Command::Library {
            format,
            rebuild,
            folder,
        } => library::library(format, rebuild, folder.as_deref()),
        Command::Export {
            documents,
            format,
            filter,
            output,
            url,
            bom,
        } => export_file(
            &ExportRequest {
                documents: &documents,
                format,
                filter: &filter,
                output: output.as_deref(),
                url,
                bom,
            },
            &context.global,
        ),
        Command::Import(args) => import(&args, &context.global),
        Command::Merge { base, ours, theirs } => merge_files(&base, &ours, &theirs),
        Command::Completions { shell } => generate::completions(shell),
        Command::Man => generate::man(),
    }
}

/// Says on stderr where a change went when that is not where the user would look
/// (the data folder, and why); stdout stays the command's own output.
pub(crate) fn tell_where_saved(saved: &Saved) {
    if let Some(notice) = saved.notice() {
        eprintln!("margent: {}", crate::sanitize::inline(&notice));
    }
}

/// A sidecar problem as a command failure (its message names the file).
pub(crate) fn sidecar_failure(err: SidecarError) -> CommandError {
    CommandError::Failed(err.to_string())
}

/// The config named by `--config`/`MARGENT_CONFIG`, else the user's config file, else
/// the defaults; `NO_COLOR` applied. A bad config fails with its one-line message.
pub fn load_config(global: &GlobalArgs) -> Result<Config, CommandError> {
    Config::load(global.config.as_deref()).map_err(|err| CommandError::Failed(err.to_string()))
}

/// Who is making a change: `MARGENT_AUTHOR` when set and not empty, else the config's
/// `[reader] author`; `None` when neither says. The variable must be one line of text.
pub(crate) fn author(config: &Config) -> Result<Option<String>, CommandError> {
    match std::env::var_os("MARGENT_AUTHOR") {
        Some(value) if !value.is_empty() => {
            let name = value.to_string_lossy();
            let name = name.trim();
            if name.chars().any(char::is_control) {
                return Err(CommandError::Failed(
                    "MARGENT_AUTHOR: must be one line of text without control characters".into(),
                ));
            }
            Ok(Some(name.to_string()).filter(|name| !name.is_empty()))
        }
        _ => Ok(config.reader.author.clone()),
    }
}

/// Opens a document from a path, or from stdin for `-`.
pub fn open_document(path: &Path, global: &GlobalArgs) -> Result<Document, OpenError> {
    let mut doc = if path == Path::new("-") {
        Document::read_stdin(global.encoding)
    } else {
        Document::open(path, global.encoding)
    }?;
    if global.plain {
        doc.set_plain();
    }
    Ok(doc)
}
