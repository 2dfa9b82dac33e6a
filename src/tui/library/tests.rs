//! The library view drawn into ratatui's `TestBackend`: reviewed snapshots of the
//! listing (CJK titles, a missing file, a damaged sidecar), and its update: filtering,
//! selection, opening, forgetting, documents arriving from a folder.

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::keys::{KeyName, KeySpec};
use crate::library::{Counts, EntryState};
use crate::tui::app::Settings;
use crate::tui::view::Theme;

fn entry(path: &str, title: &str, progress: u8, annotations: u64, open: u64) -> Entry {
    let mut entry = Entry::unknown(PathBuf::from(path));
    entry.title = title.to_string();
    entry.progress = progress;
    entry.annotations = annotations;
    entry.counts = Counts {
        notes: annotations,
        open,
        ..Counts::default()
    };
    entry.known = true;
    // 2026-12-05 07:03 UTC
    entry.last_opened = Some(1_796_454_180);
    entry
}

fn sample() -> Vec<Entry> {
    let mut missing = entry("/home/me/old/gone.txt", "A Document That Moved Away", 10, 3, 0);
    missing.state = EntryState::Missing;
    let mut damaged = entry("/home/me/notes/broken.md", "Broken sidecar", 0, 0, 0);
    damaged.sidecar_error = Some("broken.md.notes.toml: line 3, column 1: expected a value".into());
    damaged.last_opened = None;
    vec![
        entry("/home/me/essays/slow.txt", "On Reading Slowly", 42, 7, 2),
        entry("/home/me/zh/kuangren.txt", "狂人日記 — 魯迅", 100, 12, 0),
        missing,
        damaged,
    ]
}

struct Screen {
    view: LibraryView,
    settings: Settings,
    terminal: Terminal<TestBackend>,
    effects: Vec<Effect>,
}

impl Screen {
    fn new(entries: Vec<Entry>, cols: u16, rows: u16) -> Screen {
        Screen {
            view: LibraryView::new("Library".into(), entries, false, cols, rows),
            settings: Settings::default(),
            terminal: Terminal::new(TestBackend::new(cols, rows)).unwrap(),
            effects: Vec::new(),
        }
    }

    fn keys(&mut self, keys: &[&str]) -> &mut Self {
        for key in keys {
            let spec: KeySpec = key.parse().unwrap();
            self.effects
                .extend(self.view.update(Msg::Key(spec), &self.settings.keymap));
        }
        self
    }

    fn typed(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            let spec = KeySpec::plain(KeyName::Char(c));
            self.effects
                .extend(self.view.update(Msg::Key(spec), &self.settings.keymap));
        }
        self
    }

    fn text(&mut self) -> String {
        let (view, keymap) = (&self.view, &self.settings.keymap);
        let theme = Theme::new(false);
        self.terminal
            .draw(|frame| render(view, keymap, &theme, frame))
            .unwrap();
        crate::tui::tests::rows_of(self.terminal.backend().buffer()).join("\n")
    }
}

#[test]
fn the_library_at_80_by_10() {
    let mut screen = Screen::new(sample(), 80, 10);
    insta::assert_snapshot!(screen.text());
}

#[test]
fn the_library_filtered_at_60_by_8() {
    let mut screen = Screen::new(sample(), 60, 8);
    screen.keys(&["/"]).typed("kuang");
    insta::assert_snapshot!(screen.text());
}

#[test]
fn the_filter_matches_every_word_in_title_or_path_and_esc_clears_it() {
    let mut screen = Screen::new(sample(), 80, 10);
    screen.keys(&["/"]).typed("READING essays");
    assert_eq!(screen.view.visible, [0]);
    screen.keys(&["enter"]);
    assert!(!screen.view.filtering);
    screen.keys(&["/", "esc"]);
    assert_eq!(screen.view.visible.len(), 4);
    screen.keys(&["/"]).typed("zzz");
    assert!(screen.text().contains("nothing matches the filter"));
}

#[test]
fn enter_opens_the_selected_document_and_q_quits() {
    let mut screen = Screen::new(sample(), 80, 10);
    screen.keys(&["j", "enter"]);
    assert_eq!(
        screen.effects,
        [Effect::Open(PathBuf::from("/home/me/zh/kuangren.txt"))]
    );
    screen.keys(&["G", "k", "q"]);
    assert_eq!(screen.view.selected, 2);
    assert_eq!(screen.effects.last(), Some(&Effect::Quit));
}

#[test]
fn d_forgets_a_known_entry_but_not_a_file_only_found_in_the_folder() {
    let mut screen = Screen::new(sample(), 80, 10);
    screen.keys(&["j", "j", "d"]);
    assert_eq!(
        screen.effects,
        [Effect::Forget(PathBuf::from("/home/me/old/gone.txt"))]
    );
    assert_eq!(screen.view.entries.len(), 3);
    assert_eq!(screen.view.selected_entry().unwrap().title, "Broken sidecar");
    let mut shelf = Screen::new(vec![Entry::unknown(PathBuf::from("/shelf/new.txt"))], 80, 10);
    shelf.keys(&["d"]);
    assert!(shelf.effects.is_empty());
    assert!(shelf.text().contains("Not in the library"));
}

#[test]
fn keys_come_from_the_config() {
    let config = crate::config::Config::from_toml_str("[keys.library]\nopen_document = \"o\"\n").unwrap();
    let mut screen = Screen::new(sample(), 80, 10);
    screen.settings = Settings::new(config);
    screen.keys(&["enter"]);
    assert!(screen.effects.is_empty());
    screen.keys(&["o"]);
    assert_eq!(screen.effects.len(), 1);
    assert!(screen.text().contains("o open"));
}

#[test]
fn documents_found_in_a_folder_arrive_while_the_view_is_open() {
    let mut view = LibraryView::new("Shelf /s".into(), Vec::new(), true, 80, 6);
    let keymap = Settings::default().keymap;
    let batch: Vec<Entry> = (0..1000)
        .map(|n| Entry::unknown(PathBuf::from(format!("/s/{n:04}.txt"))))
        .collect();
    view.update(Msg::Found(batch), &keymap);
    view.update(Msg::Key("G".parse().unwrap()), &keymap);
    assert_eq!(view.selected, 999);
    assert_eq!(view.top, 997, "the selection stays on screen");
    view.update(Msg::Listed, &keymap);
    assert!(!view.listing);
    view.update(Msg::Resize { cols: 40, rows: 3 }, &keymap);
    assert_eq!(view.top, 999);
}

fn hit(title: &str, path: &str, start: u64, snippet: &str) -> crate::library::Hit {
    crate::library::Hit {
        document: PathBuf::from(path),
        title: title.into(),
        id: "0193a5b2-7c1d-7e4f-8a9b-000000000001".into(),
        kind: "note".into(),
        review: "open".into(),
        section: Some("Chapter One".into()),
        exact: snippet.into(),
        note: String::new(),
        tags: Vec::new(),
        start,
        snippet: snippet.into(),
    }
}

#[test]
fn s_searches_the_library_as_you_type_and_enter_opens_the_match_at_its_passage() {
    let mut screen = Screen::new(sample(), 70, 8);
    screen.keys(&["s"]).typed("月光");
    assert_eq!(
        screen.effects,
        [Effect::Search("月".into()), Effect::Search("月光".into())]
    );
    let hits = vec![
        hit(
            "狂人日記",
            "/home/me/zh/kuangren.txt",
            17,
            "今天晚上，很好的月光。",
        ),
        hit(
            "On Reading Slowly",
            "/home/me/essays/slow.txt",
            300,
            "the moonlight (月光) was…",
        ),
    ];
    screen.view.update(Msg::Hits(hits), &screen.settings.keymap);
    insta::assert_snapshot!(screen.text());
    screen.effects.clear();
    screen.keys(&["enter", "j", "enter"]);
    assert_eq!(
        screen.effects,
        [Effect::OpenAt(PathBuf::from("/home/me/essays/slow.txt"), 300)]
    );
    screen.keys(&["q"]);
    assert!(screen.view.search.is_none(), "q goes back to the documents");
    assert!(screen.text().contains("Library · 4 documents"));
}

#[test]
fn l_in_the_reader_leaves_for_the_library_search_saving_the_position() {
    use crate::document::{Document, Source};
    use crate::tui::app::Effect as ReaderEffect;
    let doc = std::sync::Arc::new(Document::from_text("Some words.\n", Source::Stdin));
    let mut reader = crate::tui::tests::Reader::reading(doc, 40, 10);
    reader.keys(&["L"]);
    assert!(matches!(
        reader.effects.as_slice(),
        [
            ReaderEffect::SavePosition(0),
            ReaderEffect::SearchLibrary,
            ReaderEffect::Quit
        ]
    ));
}
