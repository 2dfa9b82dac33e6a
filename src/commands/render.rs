//! `margent render [--width N] FILE|-`: the reflowed text on stdout.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::{CommandError, open_document};
use crate::cli::GlobalArgs;
use crate::layout::LayoutOptions;

/// Width used when none is given and stdout is not a terminal.
pub const DEFAULT_WIDTH: u16 = 80;

pub fn render_file(path: &Path, width: Option<u16>, global: &GlobalArgs) -> Result<(), CommandError> {
    let config = super::load_config(global)?;
    let doc = open_document(path, global)?;
    let mut options = LayoutOptions::new(usize::from(width.unwrap_or(DEFAULT_WIDTH)));
    options.glyphs.ambiguous = config.reader.ambiguous_width;
    options.reading = config.reader.reading;
    options.bidi = config.reader.bidi;
    let stdout = io::stdout().lock();
    let mut out = BufWriter::with_capacity(1 << 16, stdout);
    crate::render::render(&doc, options, &mut out).map_err(CommandError::stdout)?;
    out.flush().map_err(CommandError::stdout)
}
