//! Tests of the reader through the real `App` and renderer drawn into ratatui's
//! `TestBackend`: screens compared with reviewed snapshots (never accepted automatically
//! in CI), annotating, and a property test of any keys on any text at any size.

mod annotations;
mod keymap;
mod less;
mod properties;
mod review;
mod screens;
mod traps;

use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Style};
use unicode_width::UnicodeWidthStr;

use crate::annotation::Annotation;
use crate::document::outline::Outline;
use crate::document::{Document, Source};
use crate::keys::{KeyName, KeySpec};
use crate::tui::app::{App, Effect, Msg, Settings, Stamps};
use crate::tui::view;

/// Time stamps from a fixed moment, one second apart, and ids counted from 1: what an
/// annotation made in a test holds is the same on every run.
#[derive(Debug, Default)]
pub struct CountingStamps {
    ticks: i64,
    ids: u32,
}

/// The moment `CountingStamps` starts from.
pub const EPOCH: &str = "2026-01-01T00:00:00Z";

impl Stamps for CountingStamps {
    fn now(&mut self) -> jiff::Timestamp {
        self.ticks += 1;
        let epoch: jiff::Timestamp = EPOCH.parse().unwrap();
        epoch + jiff::SignedDuration::from_secs(self.ticks - 1)
    }

    fn new_id(&mut self) -> String {
        self.ids += 1;
        format!("00000000-0000-7000-8000-{:012}", self.ids)
    }
}

/// A reader on a test terminal, with every effect its updates asked for.
pub struct Reader {
    pub app: App,
    terminal: Terminal<TestBackend>,
    pub effects: Vec<Effect>,
}

impl Reader {
    /// A reader of `doc` at the top, with its outline built (contents, sections).
    pub fn reading(doc: Arc<Document>, cols: u16, rows: u16) -> Reader {
        Reader::configured(doc, Settings::default(), cols, rows)
    }

    /// `reading` with `settings` (a config's keymap).
    pub fn configured(doc: Arc<Document>, settings: Settings, cols: u16, rows: u16) -> Reader {
        let outline = Arc::new(Outline::build(&doc));
        let mut app = App::new(doc, settings, cols, rows, 0);
        app.update(Msg::OutlineReady(outline));
        Reader::with_app(app, cols, rows)
    }

    /// A reader of `text` at the top, its (no) annotations anchored: ready to annotate.
    pub fn annotating(text: &str, cols: u16, rows: u16) -> Reader {
        let doc = Arc::new(Document::from_text(text, Source::Stdin));
        let mut app = App::new(doc, Settings::default(), cols, rows, 0);
        app.update(Msg::AnnotationsReady(Vec::new()));
        Reader::with_app(app, cols, rows)
    }

    /// `app` on a test terminal, stamping annotations with `CountingStamps`.
    pub fn with_app(app: App, cols: u16, rows: u16) -> Reader {
        Reader {
            app: app.with_stamps(Box::<CountingStamps>::default()),
            terminal: Terminal::new(TestBackend::new(cols, rows)).unwrap(),
            effects: Vec::new(),
        }
    }

    pub fn keys(&mut self, keys: &[&str]) -> &mut Self {
        for key in keys {
            let spec: KeySpec = key.parse().unwrap();
            let effects = self.app.update(Msg::Key(spec));
            self.effects.extend(effects);
        }
        self
    }

    /// Types `text`, a newline as enter.
    pub fn typed(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            let name = if c == '\n' {
                KeyName::Enter
            } else {
                KeyName::Char(c)
            };
            let effects = self.app.update(Msg::Key(KeySpec::plain(name)));
            self.effects.extend(effects);
        }
        self
    }

    pub fn search(&mut self, query: &str) -> &mut Self {
        self.keys(&["/"]).typed(query).keys(&["enter"])
    }

    pub fn resize(&mut self, cols: u16, rows: u16) -> &mut Self {
        self.terminal.backend_mut().resize(cols, rows);
        self.app.update(Msg::Resize { cols, rows });
        self
    }

    pub fn buffer(&mut self) -> Buffer {
        let app = &self.app;
        self.terminal.draw(|frame| view::render(app, frame)).unwrap();
        self.terminal.backend().buffer().clone()
    }

    /// The screen as text: one line per row, wide characters counted once.
    pub fn text(&mut self) -> String {
        rows_of(&self.buffer()).join("\n")
    }

    /// The screen with its styles, exactly (see `styled`).
    pub fn styled(&mut self) -> String {
        styled(&self.buffer())
    }

    /// The annotations saved so far, in order.
    pub fn saved(&self) -> Vec<&Annotation> {
        self.effects
            .iter()
            .filter_map(|e| match e {
                Effect::SaveAnnotation(a) => Some(a.as_ref()),
                _ => None,
            })
            .collect()
    }
}

/// The rows of `buffer` as text, wide characters counted once, trailing blanks cut.
pub fn rows_of(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            let mut row = String::new();
            let mut x = 0;
            while x < area.width {
                let symbol = buffer[(x, y)].symbol();
                row.push_str(symbol);
                x += symbol.width().max(1) as u16;
            }
            row.trim_end().to_string()
        })
        .collect()
}

/// The screen as text with its styles, exactly: under each row whose cells are not all
/// plain, a line with a letter under each styled column, and at the end what each
/// letter stands for (colours and modifiers), in order of first appearance.
pub fn styled(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut styles: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for y in 0..area.height {
        let (mut text, mut marks) = (String::new(), String::new());
        let mut x = 0;
        while x < area.width {
            let cell = &buffer[(x, y)];
            let width = cell.symbol().width().max(1);
            text.push_str(cell.symbol());
            let style = describe(cell.style());
            let mark = if style.is_empty() {
                ' '
            } else {
                let index = styles.iter().position(|s| *s == style).unwrap_or_else(|| {
                    styles.push(style);
                    styles.len() - 1
                });
                char::from(b'a' + u8::try_from(index).unwrap())
            };
            marks.extend(std::iter::repeat_n(mark, width));
            x += width as u16;
        }
        out.push(text.trim_end().to_string());
        if !marks.trim().is_empty() {
            out.push(marks.trim_end().to_string());
        }
    }
    out.push("--".to_string());
    for (index, style) in styles.iter().enumerate() {
        out.push(format!("{}: {style}", char::from(b'a' + index as u8)));
    }
    out.join("\n")
}

/// A style in words: `fg=Black bg=Yellow +BOLD`; nothing for a plain cell.
fn describe(style: Style) -> String {
    let mut words = Vec::new();
    for (name, color) in [
        ("fg", style.fg),
        ("bg", style.bg),
        ("underline", style.underline_color),
    ] {
        if let Some(color) = color.filter(|c| *c != Color::Reset) {
            words.push(format!("{name}={color:?}"));
        }
    }
    for (flag, _) in style.add_modifier.iter_names() {
        words.push(format!("+{flag}"));
    }
    for (flag, _) in style.sub_modifier.iter_names() {
        words.push(format!("-{flag}"));
    }
    words.join(" ")
}
