//! The terminal backend: crossterm's, with emoji sequences drawn so that every terminal
//! shows the same screen.
//!
//! margent measures a grapheme such as `❤️` (heart + VS16) or `👍🏽` as two columns, as
//! modern terminals draw it. Others (tmux, many emulators' test screens) draw it one
//! column wide, and ratatui never writes the cell it covers: whatever was there before
//! would stay visible beside it. So before such a glyph is drawn, both of its cells are
//! blanked; a two-column terminal then covers both with the glyph, a one-column one
//! keeps the second blank.

use std::io;

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use unicode_width::UnicodeWidthStr;

pub struct Screen<W: io::Write> {
    inner: CrosstermBackend<W>,
}

impl<W: io::Write> Screen<W> {
    pub fn new(writer: W) -> Self {
        Screen {
            inner: CrosstermBackend::new(writer),
        }
    }
}

/// A glyph of several code points that is two columns wide: terminals disagree on it.
fn is_uncertain_wide(symbol: &str) -> bool {
    symbol.chars().nth(1).is_some() && symbol.width() == 2
}

/// The cells to draw: each uncertain wide glyph preceded by blanks over its two cells.
fn with_blanks<'a>(content: impl Iterator<Item = (u16, u16, &'a Cell)>) -> Vec<(u16, u16, Cell)> {
    let mut cells = Vec::new();
    for (x, y, cell) in content {
        if is_uncertain_wide(cell.symbol()) {
            let mut blank = cell.clone();
            blank.set_symbol(" ");
            cells.push((x, y, blank.clone()));
            cells.push((x.saturating_add(1), y, blank));
        }
        cells.push((x, y, cell.clone()));
    }
    cells
}

impl<W: io::Write> Backend for Screen<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells = with_blanks(content);
        self.inner.draw(cells.iter().map(|(x, y, cell)| (*x, *y, cell)))
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_sequences_get_their_two_cells_blanked_first() {
        let (heart, cjk) = (Cell::new("❤\u{fe0f}"), Cell::new("中"));
        let drawn = with_blanks([(4, 1, &heart), (6, 1, &cjk)].into_iter());
        let symbols: Vec<(u16, &str)> = drawn.iter().map(|(x, _, c)| (*x, c.symbol())).collect();
        assert_eq!(symbols, [(4, " "), (5, " "), (4, "❤\u{fe0f}"), (6, "中")]);
    }

    /// A writer whose bytes the test can read afterwards.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl io::Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_bytes_written_blank_then_draw_the_glyph() {
        let out = Shared::default();
        let mut screen = Screen::new(out.clone());
        let heart = Cell::new("❤\u{fe0f}");
        screen.draw([(0, 0, &heart)].into_iter()).unwrap();
        Backend::flush(&mut screen).unwrap();
        let written = String::from_utf8_lossy(&out.0.borrow()).into_owned();
        let blanks = written.find("  ").expect("two blanks");
        let glyph = written.find('❤').expect("the glyph");
        assert!(blanks < glyph, "{written:?}");
    }
}
