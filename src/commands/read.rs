//! `margent [FILE|-]` on a terminal: opens the document in the full-screen reader.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use super::{CommandError, Context, load_config, open_document};
use crate::tui::{self, RunOptions, Settings};

pub fn read_file(path: &Path, context: &Context) -> Result<(), CommandError> {
    if !std::io::stdout().is_terminal() {
        return super::render_file(path, context.terminal_cols, &context.global);
    }
    let config = load_config(&context.global)?;
    let doc = Arc::new(open_document(path, &context.global)?);
    let options = RunOptions {
        start_char: 0,
        capture_mouse: config.reader.mouse,
    };
    let settings = Settings::new(config);
    tui::run(doc, settings, options, &mut |_position| {})
        .map_err(|err| CommandError::Failed(format!("{}: terminal: {err}", path.display())))
}
