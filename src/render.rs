//! `margent render`: the reflowed text as plain lines, streamed to a writer. No TUI.
//! Adds only whitespace and line breaks; control characters become placeholders.

use std::io::{self, Write};

use crate::document::Document;
use crate::layout::{LayoutOptions, LineKind, lay_out_all};

/// Writes `doc` reflowed to `options.width_cols` columns.
pub fn render(doc: &Document, options: LayoutOptions, out: &mut impl Write) -> io::Result<()> {
    let source = doc.text();
    let mut line = String::new();
    for layout in lay_out_all(doc, options) {
        for (row, visual) in layout.lines.iter().enumerate() {
            line.clear();
            if visual.kind == LineKind::Text {
                line.push_str(&layout.row_text(source, row));
            }
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
    }
    Ok(())
}
