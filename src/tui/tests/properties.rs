//! Property test of the whole reader: any text (CJK, emoji, controls, long lines), any
//! terminal size and any sequence of keys, typed queries and resizes never panics,
//! and every frame fits the screen. Drives the real `App` and renderer (`TestBackend`).

use std::sync::Arc;

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::document::outline::Outline;
use crate::document::{Document, Source};
use crate::keys::{KeyName, KeySpec};
use crate::tui::app::{App, Msg, Settings};
use crate::tui::view;

/// Keys of every mode: reading, selecting, the list, prompts and the note editor.
const KEYS: &[&str] = &[
    "j",
    "k",
    "d",
    "u",
    "f",
    "b",
    "space",
    "g",
    "G",
    "5",
    "0",
    "%",
    "}",
    "{",
    ")",
    "(",
    "n",
    "N",
    "v",
    "w",
    "e",
    "l",
    "h",
    "s",
    "p",
    "o",
    "enter",
    "a",
    "t",
    "x",
    "c",
    "D",
    "y",
    "]",
    "[",
    "A",
    "T",
    "R",
    "U",
    "ctrl-r",
    "esc",
    "ctrl-s",
    "backspace",
    "ma",
    "'a",
    "/",
    "?",
    "E",
    "q",
];

#[derive(Debug, Clone)]
enum Step {
    Key(&'static str),
    Type(String),
    Resize(u16, u16),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => prop::sample::select(KEYS).prop_map(Step::Key),
        2 => "[a-z中文。，「」 ]{1,6}".prop_map(Step::Type),
        1 => (1u16..130, 1u16..50).prop_map(|(c, r)| Step::Resize(c, r)),
    ]
}

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-z ,.]{1,80}",
        "[天地玄黄宇宙洪荒。，、「」（）]{1,60}",
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("　　".to_string()),
        Just("CHAPTER IV\n\n".to_string()),
        Just("第三回　标题\n".to_string()),
        Just("\u{2764}\u{fe0f}👩🏽‍💻 🇯🇵".to_string()),
        Just("\t\u{1b}[31m\u{202e}e\u{301}".to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_keys_on_any_text_at_any_size_never_panic(
        text in text(),
        cols in 1u16..130,
        rows in 1u16..50,
        steps in prop::collection::vec(step(), 0..60),
    ) {
        let doc = Arc::new(Document::from_text(&text, Source::Stdin));
        let mut app = App::new(Arc::clone(&doc), Settings::default(), cols, rows, 0);
        app.update(Msg::OutlineReady(Arc::new(Outline::build(&doc))));
        app.update(Msg::AnnotationsReady(Vec::new()));
        let mut terminal = Terminal::new(TestBackend::new(cols, rows)).unwrap();
        for step in steps {
            match step {
                Step::Key(key) => {
                    let presses = match key {
                        "ma" => vec!["m", "a"],
                        "'a" => vec!["'", "a"],
                        key => vec![key],
                    };
                    for press in presses {
                        app.update(Msg::Key(press.parse::<KeySpec>().unwrap()));
                    }
                }
                Step::Type(typed) => {
                    for c in typed.chars() {
                        app.update(Msg::Key(KeySpec::plain(KeyName::Char(c))));
                    }
                }
                Step::Resize(c, r) => {
                    terminal.backend_mut().resize(c, r);
                    app.update(Msg::Resize { cols: c, rows: r });
                }
            }
            app.update(Msg::Settle);
            terminal.draw(|frame| view::render(&app, frame)).unwrap();
        }
    }
}
