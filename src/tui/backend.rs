//! The terminal backend: crossterm's, with every cell sanitised on its way out and emoji
//! sequences drawn so that every terminal shows the same screen.
//!
//! Every cell's symbol passes through `sanitized` here, whatever drew it: a control
//! character becomes its visible placeholder, a bidi control or a line/paragraph
//! separator is never sent, and a storm of combining marks is cut short. A drawing call
//! cannot forget it. Joiners (ZWJ, ZWNJ) and emoji tag characters stay: they are part of
//! what the cell shows.
//!
//! margent measures a grapheme such as `❤️` (heart + VS16) or `👍🏽` as two columns, as
//! modern terminals draw it. Others (tmux, many emulators' test screens) draw it one
//! column wide, and ratatui never writes the cell it covers: whatever was there before
//! would stay visible beside it. So before such a glyph is drawn, both of its cells are
//! blanked; a two-column terminal then covers both with the glyph, a one-column one
//! keeps the second blank.

use std::borrow::Cow;
use std::io;

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use unicode_width::UnicodeWidthStr;

use super::hyperlinks::{self, Hyperlinker, Link, Run};
use crate::sanitize;

/// Longest cluster (in bytes) sent to the terminal as one cell: a storm of combining
/// marks is cut so that it cannot flood the terminal.
const MAX_CLUSTER_BYTES: usize = 64;

pub struct Screen<W: io::Write> {
    inner: CrosstermBackend<W>,
    /// Where the cursor was last put. ratatui asks for the cursor's position when it
    /// clears the screen (Ctrl-L, back from `$EDITOR`); crossterm would ask the terminal
    /// and wait up to two seconds for an answer some terminals never give. The reader
    /// places the cursor itself on every frame, so the last place set is the answer.
    cursor: Position,
    /// Set when links are sent as OSC 8 hyperlinks.
    linker: Option<Hyperlinker>,
}

impl<W: io::Write> Screen<W> {
    pub fn new(writer: W) -> Self {
        Screen {
            inner: CrosstermBackend::new(writer),
            cursor: Position::ORIGIN,
            linker: None,
        }
    }

    /// Sends the links set by `set_links` as OSC 8 hyperlinks.
    pub fn with_hyperlinks(mut self, on: bool) -> Self {
        self.linker = on.then(Hyperlinker::default);
        self
    }

    pub fn sends_links(&self) -> bool {
        self.linker.is_some()
    }

    /// The links of the frame about to be drawn (ignored without hyperlinks).
    pub fn set_links(&mut self, links: Vec<Link>) {
        if let Some(linker) = &mut self.linker {
            linker.set_links(links);
        }
    }

    fn forget_links(&mut self) {
        if let Some(linker) = &mut self.linker {
            linker.clear();
        }
    }
}

/// A glyph of several code points that is two columns wide: terminals disagree on it.
fn is_uncertain_wide(symbol: &str) -> bool {
    symbol.chars().nth(1).is_some() && symbol.width() == 2
}

/// What a cell may send to the terminal in place of `symbol` (see the module comment).
pub fn sanitized(symbol: &str) -> Cow<'_, str> {
    let symbol = cut(symbol);
    let unsafe_char = |c: char| {
        sanitize::control_picture(c).is_some()
            || sanitize::is_bidi_control(c)
            || matches!(c, '\u{2028}' | '\u{2029}')
    };
    if !symbol.chars().any(unsafe_char) {
        return Cow::Borrowed(symbol);
    }
    let shown: String = symbol
        .chars()
        .filter_map(|c| match sanitize::control_picture(c) {
            Some(picture) => Some(picture),
            None if unsafe_char(c) => None,
            None => Some(c),
        })
        .collect();
    Cow::Owned(if shown.is_empty() { " ".to_string() } else { shown })
}

fn cut(cluster: &str) -> &str {
    if cluster.len() <= MAX_CLUSTER_BYTES {
        return cluster;
    }
    let mut end = MAX_CLUSTER_BYTES;
    while !cluster.is_char_boundary(end) {
        end -= 1;
    }
    &cluster[..end]
}

/// The cells to draw, sanitised: each uncertain wide glyph preceded by blanks over its
/// two cells.
fn prepared<'a>(content: impl Iterator<Item = (u16, u16, &'a Cell)>) -> Vec<(u16, u16, Cell)> {
    let mut cells = Vec::new();
    for (x, y, cell) in content {
        let mut cell = cell.clone();
        if let Cow::Owned(symbol) = sanitized(cell.symbol()) {
            cell.set_symbol(&symbol);
        }
        if is_uncertain_wide(cell.symbol()) {
            let mut blank = cell.clone();
            blank.set_symbol(" ");
            cells.push((x, y, blank.clone()));
            cells.push((x.saturating_add(1), y, blank));
        }
        cells.push((x, y, cell));
    }
    cells
}

impl<W: io::Write> Backend for Screen<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let Some(linker) = &mut self.linker else {
            let cells = prepared(content);
            return self.inner.draw(cells.iter().map(|(x, y, cell)| (*x, *y, cell)));
        };
        let changed = content.map(|(x, y, cell)| (x, y, cell.clone())).collect();
        let mut cells = Vec::new();
        for run in linker.runs(changed) {
            match run {
                Run::Plain(plain) => cells.extend(prepared(plain.iter().map(|(x, y, c)| (*x, *y, c)))),
                Run::Link(open, linked) => {
                    let mut linked = prepared(linked.iter().map(|(x, y, c)| (*x, *y, c)));
                    // The escapes ride on the first and last cells: the backend prints
                    // symbols as they are and moves by cells.
                    if let Some((_, _, first)) = linked.first_mut() {
                        let symbol = format!("{open}{}", first.symbol());
                        first.set_symbol(&symbol);
                    }
                    if let Some((_, _, last)) = linked.last_mut() {
                        let symbol = format!("{}{}", last.symbol(), hyperlinks::CLOSE);
                        last.set_symbol(&symbol);
                    }
                    cells.extend(linked);
                }
            }
        }
        self.inner.draw(cells.iter().map(|(x, y, cell)| (*x, *y, cell)))
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.cursor = position.into();
        self.inner.set_cursor_position(self.cursor)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.forget_links();
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.forget_links();
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
        let drawn = prepared([(4, 1, &heart), (6, 1, &cjk)].into_iter());
        let symbols: Vec<(u16, &str)> = drawn.iter().map(|(x, _, c)| (*x, c.symbol())).collect();
        assert_eq!(symbols, [(4, " "), (5, " "), (4, "❤\u{fe0f}"), (6, "中")]);
    }

    #[test]
    fn every_cell_is_sanitised_on_its_way_to_the_terminal() {
        let cells = [
            Cell::new("\u{1b}"),
            Cell::new("\u{202e}"),
            Cell::new("a\u{2066}"),
            Cell::new("\u{2028}"),
            Cell::new("\u{9b}"),
        ];
        let drawn = prepared(cells.iter().enumerate().map(|(x, c)| (x as u16, 0, c)));
        let symbols: Vec<&str> = drawn.iter().map(|(_, _, c)| c.symbol()).collect();
        assert_eq!(symbols, ["␛", " ", "a", " ", "\u{fffd}"]);
    }

    #[test]
    fn joiners_and_emoji_tags_reach_the_terminal_whole() {
        for symbol in [
            "👩\u{200d}💻",
            "ی\u{200c}",
            "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}",
        ] {
            assert_eq!(sanitized(symbol), symbol);
        }
    }

    #[test]
    fn a_storm_of_combining_marks_is_cut_on_a_character_boundary() {
        let storm = format!("e{}", "\u{301}".repeat(100));
        let shown = sanitized(&storm);
        assert!(
            shown.len() <= MAX_CLUSTER_BYTES && shown.starts_with('e'),
            "{shown:?}"
        );
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
    fn the_cursor_position_is_known_without_asking_the_terminal() {
        let out = Shared::default();
        let mut screen = Screen::new(out.clone());
        screen.set_cursor_position(Position::new(3, 4)).unwrap();
        Backend::flush(&mut screen).unwrap();
        let sent = out.0.borrow().len();
        assert_eq!(screen.get_cursor_position().unwrap(), Position::new(3, 4));
        assert_eq!(
            out.0.borrow().len(),
            sent,
            "nothing more was sent to the terminal"
        );
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
