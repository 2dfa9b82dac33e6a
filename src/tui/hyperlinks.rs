//! OSC 8 hyperlinks: whether the terminal takes them, how a link's address is written
//! so that nothing in it can act on the terminal, and which cells a frame must send
//! inside a link's escapes.
//!
//! ratatui sends only the cells that changed, and a terminal keeps a cell's link until
//! the cell is written again. So the cells last sent are kept here: a link that is new
//! on screen, or one of whose cells changed, is sent again whole inside its escapes,
//! and the cells of a link that went away are sent again without them.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use ratatui::buffer::Cell;
use unicode_width::UnicodeWidthStr;

use crate::config::Hyperlinks;

/// Longest address sent, in bytes once escaped (terminals drop longer ones).
const MAX_URI_BYTES: usize = 2048;

/// Ends the current hyperlink.
pub const CLOSE: &str = "\u{1b}]8;;\u{1b}\\";

/// A run of cells on one row showing one link's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub y: u16,
    pub x: Range<u16>,
    /// The same for every run of one link (a link wrapped over two rows is one).
    pub id: usize,
    pub url: String,
}

/// Whether to send hyperlinks, by the setting and, for `auto`, by what the environment
/// says the terminal is: only terminals known to take OSC 8 (others may print it).
pub fn wanted(setting: Hyperlinks, env: impl Fn(&str) -> Option<String>) -> bool {
    match setting {
        Hyperlinks::Always => return true,
        Hyperlinks::Never => return false,
        Hyperlinks::Auto => {}
    }
    let term = env("TERM").unwrap_or_default();
    // A multiplexer passes them on only when told to; the console prints them.
    if env("TMUX").is_some() || term.starts_with("screen") || term == "linux" || term == "dumb" {
        return false;
    }
    let program = env("TERM_PROGRAM").unwrap_or_default();
    let vte = env("VTE_VERSION")
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(0);
    [
        "iTerm.app",
        "WezTerm",
        "vscode",
        "ghostty",
        "Hyper",
        "Tabby",
        "rio",
    ]
    .contains(&program.as_str())
        || vte >= 5000
        || [
            "KITTY_WINDOW_ID",
            "WT_SESSION",
            "KONSOLE_VERSION",
            "WEZTERM_EXECUTABLE",
        ]
        .iter()
        .any(|name| env(name).is_some())
        || ["kitty", "foot", "alacritty", "wezterm", "ghostty", "contour"]
            .iter()
            .any(|name| term.contains(name))
}

/// The escape that starts `link`, or `None` when its address cannot be sent.
pub fn open(link: &Link) -> Option<String> {
    let uri = uri(&link.url)?;
    Some(format!("\u{1b}]8;id=margent{};{uri}\u{1b}\\", link.id))
}

/// `url` with every byte outside printable ASCII percent-encoded (spaces, controls,
/// non-ASCII), as OSC 8 requires; `None` if empty or too long.
fn uri(url: &str) -> Option<String> {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        if (0x21..0x7f).contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    (!out.is_empty() && out.len() <= MAX_URI_BYTES).then_some(out)
}

/// Cells to send, in order: some as they are, some inside a link's escapes.
#[derive(Debug, PartialEq)]
pub enum Run {
    Plain(Vec<(u16, u16, Cell)>),
    Link(String, Vec<(u16, u16, Cell)>),
}

/// The cells on the terminal and the links they carry.
#[derive(Debug, Default)]
pub struct Hyperlinker {
    shown: HashMap<(u16, u16), Cell>,
    links: Vec<Link>,
    next: Vec<Link>,
}

impl Hyperlinker {
    /// The links of the frame about to be drawn.
    pub fn set_links(&mut self, links: Vec<Link>) {
        self.next = links;
    }

    /// The terminal was cleared: nothing on it, no links.
    pub fn clear(&mut self) {
        self.shown.clear();
        self.links.clear();
    }

    /// What to send for a frame whose changed cells are `cells` (see the module
    /// comment).
    pub fn runs(&mut self, cells: Vec<(u16, u16, Cell)>) -> Vec<Run> {
        let changed: HashSet<(u16, u16)> = cells.iter().map(|(x, y, _)| (*x, *y)).collect();
        for (x, y, cell) in &cells {
            self.shown.insert((*x, *y), cell.clone());
            // The cells a wide glyph covers show it, whatever was sent there before.
            for covered in 1..cell.symbol().width() as u16 {
                self.shown.remove(&(x.saturating_add(covered), *y));
            }
        }
        let next = std::mem::take(&mut self.next);
        let covered = |x: u16, y: u16| next.iter().any(|l| l.y == y && l.x.contains(&x));
        let mut plain: Vec<(u16, u16, Cell)> =
            cells.into_iter().filter(|(x, y, _)| !covered(*x, *y)).collect();
        for gone in self.links.iter().filter(|l| !next.contains(l)) {
            let cells = self.cells_of(gone);
            plain.extend(cells.into_iter().filter(|(x, y, _)| !covered(*x, *y)));
        }
        let mut runs = vec![Run::Plain(plain)];
        for link in &next {
            let redrawn =
                !self.links.contains(link) || link.x.clone().any(|x| changed.contains(&(x, link.y)));
            if !redrawn {
                continue;
            }
            let cells = self.cells_of(link);
            runs.push(match open(link) {
                Some(open) => Run::Link(open, cells),
                None => Run::Plain(cells),
            });
        }
        self.links = next;
        runs
    }

    /// The cells last sent over `link`, a wide glyph's second cell left out.
    fn cells_of(&self, link: &Link) -> Vec<(u16, u16, Cell)> {
        let mut cells = Vec::new();
        let mut x = link.x.start;
        while x < link.x.end {
            let Some(cell) = self.shown.get(&(x, link.y)) else {
                x += 1;
                continue;
            };
            cells.push((x, link.y, cell.clone()));
            x += cell.symbol().width().max(1) as u16;
        }
        cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn known_terminals_get_hyperlinks_and_others_do_not() {
        let auto = Hyperlinks::Auto;
        assert!(wanted(auto, env(&[("TERM", "xterm-kitty")])));
        assert!(wanted(
            auto,
            env(&[("TERM", "xterm-256color"), ("VTE_VERSION", "7600")])
        ));
        assert!(wanted(auto, env(&[("TERM_PROGRAM", "WezTerm")])));
        assert!(!wanted(auto, env(&[("TERM", "xterm-256color")])));
        assert!(!wanted(auto, env(&[("TERM", "linux")])));
        assert!(!wanted(
            auto,
            env(&[
                ("TERM", "tmux-256color"),
                ("TMUX", "/tmp/x"),
                ("VTE_VERSION", "7600")
            ])
        ));
        assert!(wanted(Hyperlinks::Always, env(&[("TERM", "linux")])));
        assert!(!wanted(Hyperlinks::Never, env(&[("TERM", "xterm-kitty")])));
    }

    #[test]
    fn addresses_are_sent_with_nothing_that_acts_on_the_terminal() {
        let link = |url: &str| Link {
            y: 0,
            x: 0..1,
            id: 3,
            url: url.to_string(),
        };
        assert_eq!(
            open(&link("https://example.org/a b?q=ü")).unwrap(),
            "\u{1b}]8;id=margent3;https://example.org/a%20b?q=%C3%BC\u{1b}\\"
        );
        let hostile = open(&link("https://x/\u{1b}]8;;evil\u{7}\u{9b}")).unwrap();
        let payload = &hostile[2..hostile.len() - 2];
        assert!(!payload.chars().any(|c| c.is_control()), "{hostile:?}");
        assert_eq!(
            open(&link("https://x.example/\u{202e}gnp.exe")).unwrap(),
            "\u{1b}]8;id=margent3;https://x.example/%E2%80%AEgnp.exe\u{1b}\\"
        );
        assert_eq!(open(&link("")), None);
        assert_eq!(open(&link(&"a".repeat(MAX_URI_BYTES + 1))), None);
    }

    fn row(text: &str, y: u16) -> Vec<(u16, u16, Cell)> {
        let cell = |c: char| {
            let mut cell = Cell::default();
            cell.set_char(c);
            cell
        };
        text.chars()
            .enumerate()
            .map(|(x, c)| (x as u16, y, cell(c)))
            .collect()
    }

    fn symbols(cells: &[(u16, u16, Cell)]) -> String {
        cells.iter().map(|(_, _, c)| c.symbol()).collect()
    }

    #[test]
    fn a_link_is_sent_again_when_it_appears_or_changes_and_plain_when_it_goes() {
        let mut linker = Hyperlinker::default();
        let link = Link {
            y: 0,
            x: 4..8,
            id: 0,
            url: "https://example.org".to_string(),
        };
        // First frame: the link's cells go inside the escapes, the rest plain.
        linker.set_links(vec![link.clone()]);
        let runs = linker.runs(row("see docs here", 0));
        let [Run::Plain(plain), Run::Link(open, linked)] = &runs[..] else {
            panic!("{runs:?}")
        };
        assert_eq!(symbols(plain), "see  here");
        assert_eq!(symbols(linked), "docs");
        assert!(open.contains("https://example.org"));
        // Nothing changed: nothing sent again.
        linker.set_links(vec![link.clone()]);
        assert_eq!(linker.runs(Vec::new()), [Run::Plain(Vec::new())]);
        // The same text now somewhere else on screen (scrolled): the link moved, its
        // old cells are sent again without it though ratatui saw no change there.
        let moved = Link { y: 1, ..link.clone() };
        linker.set_links(vec![moved]);
        let runs = linker.runs(row("see docs here", 1));
        let [Run::Plain(plain), Run::Link(_, linked)] = &runs[..] else {
            panic!("{runs:?}")
        };
        assert_eq!(symbols(plain), "see  heredocs");
        assert!(plain[plain.len() - 4..].iter().all(|(_, y, _)| *y == 0));
        assert!(linked.iter().all(|(_, y, _)| *y == 1));
        // A cleared screen sends every link again.
        linker.clear();
        linker.set_links(vec![Link { y: 1, ..link }]);
        let runs = linker.runs(row("see docs here", 1));
        assert!(matches!(&runs[1], Run::Link(..)), "{runs:?}");
    }

    #[test]
    fn a_link_gone_from_under_a_wide_glyph_is_not_sent_over_its_second_half() {
        let mut linker = Hyperlinker::default();
        let link = Link {
            y: 0,
            x: 2..3,
            id: 0,
            url: "https://example.org".to_string(),
        };
        linker.set_links(vec![link]);
        linker.runs(row("ab r", 0));
        // Scrolled: a wide glyph now starts at column 1, covering the link's old cell,
        // which ratatui does not send again.
        linker.set_links(Vec::new());
        let runs = linker.runs(vec![(1, 0, Cell::new("一"))]);
        let [Run::Plain(plain)] = &runs[..] else {
            panic!("{runs:?}")
        };
        assert_eq!(symbols(plain), "一", "the old `r` is not drawn over 一");
    }

    #[test]
    fn a_wide_glyph_is_sent_once_for_its_two_cells() {
        let mut linker = Hyperlinker::default();
        let cells = vec![
            (0, 0, Cell::new("文")),
            (1, 0, Cell::new(" ")),
            (2, 0, Cell::new("書")),
        ];
        linker.set_links(vec![Link {
            y: 0,
            x: 0..4,
            id: 1,
            url: "https://example.org".to_string(),
        }]);
        let runs = linker.runs(cells);
        let Run::Link(_, linked) = &runs[1] else {
            panic!("{runs:?}")
        };
        assert_eq!(symbols(linked), "文書");
    }
}
