//! Where the links on screen are: runs of cells showing a Markdown link's text, each
//! with its address, for the backend to send as OSC 8 hyperlinks. Reads the state.

use crate::markup::Markup;
use crate::tui::app::{App, Mode};
use crate::tui::hyperlinks::Link;

/// The links on screen, row by row; none while a panel covers the text.
pub fn on_screen(app: &App) -> Vec<Link> {
    let panel = matches!(
        app.mode(),
        Mode::Help(_) | Mode::Contents(_) | Mode::List(_) | Mode::Note(_)
    );
    let reader = app.reader();
    let markup = reader.doc.markup();
    // Only Markdown has links.
    if panel || !matches!(markup, Markup::Markdown(_)) {
        return Vec::new();
    }
    let geometry = reader.geometry;
    let source = reader.doc.text();
    let mut links: Vec<Link> = Vec::new();
    for (y, row) in reader.text_rows() {
        for placed in row.layout.glyphs(source, row.row) {
            // A link's text, whatever its style (an image, a code span in it).
            if placed.glyph.cols == 0 {
                continue;
            }
            let Some((id, url)) = markup.link_at(placed.source_byte) else {
                continue;
            };
            let end = placed.col + placed.glyph.cols;
            if end > usize::from(geometry.text_cols) {
                break;
            }
            let (x, y) = (geometry.text_x + placed.col as u16, y);
            match links.last_mut() {
                Some(last) if last.y == y && last.id == id && last.x.end == x => {
                    last.x.end = x + placed.glyph.cols as u16
                }
                _ => links.push(Link {
                    y,
                    x: x..x + placed.glyph.cols as u16,
                    id,
                    url: url.to_string(),
                }),
            }
        }
    }
    links
}
