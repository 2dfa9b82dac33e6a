//! What a less user expects of the reader: search history in the prompt, less's keys.

use std::sync::Arc;

use super::Reader;
use crate::document::{Document, Source};
use crate::keys::{KeyName, KeySpec};
use crate::tui::app::{App, Effect, Mode, Msg, Settings};

fn with_history(text: &str, history: &[&str]) -> Reader {
    let doc = Arc::new(Document::from_text(text, Source::Stdin));
    let history = history.iter().map(|q| q.to_string()).collect();
    let app = App::new(doc, Settings::default(), 60, 10, 0).with_search_history(history);
    Reader::with_app(app, 60, 10)
}

fn prompt_text(reader: &Reader) -> String {
    match reader.app.mode() {
        Mode::Search(prompt) => prompt.input.text.clone(),
        other => panic!("not in the search prompt: {other:?}"),
    }
}

#[test]
fn up_and_down_in_the_search_prompt_walk_the_history_and_give_back_the_draft() {
    let mut reader = with_history("alpha beta gamma\n", &["alpha", "beta"]);
    reader.keys(&["/"]).typed("gam");
    reader.keys(&["up"]);
    assert_eq!(prompt_text(&reader), "beta");
    reader.keys(&["up", "up"]);
    assert_eq!(prompt_text(&reader), "alpha", "the oldest stays");
    reader.keys(&["down"]);
    assert_eq!(prompt_text(&reader), "beta");
    reader.keys(&["down"]);
    assert_eq!(prompt_text(&reader), "gam", "past the newest: what was typed");
    reader.keys(&["down"]);
    assert_eq!(prompt_text(&reader), "gam");
}

#[test]
fn a_confirmed_search_is_remembered_and_recalled_first() {
    let mut reader = with_history("alpha beta gamma\n", &["alpha"]);
    reader.search("gamma");
    assert!(
        reader.effects.contains(&Effect::RememberSearch("gamma".into())),
        "{:?}",
        reader.effects
    );
    reader.keys(&["/", "up"]);
    assert_eq!(prompt_text(&reader), "gamma");
    reader.keys(&["esc"]);
    let before = reader.effects.len();
    reader.keys(&["/", "enter"]);
    assert_eq!(
        reader.effects.len(),
        before,
        "an empty pattern repeats, remembers nothing"
    );
}

#[test]
fn escape_hides_the_search_matches_and_n_shows_them_again() {
    let mut reader = with_history("alpha beta alpha beta alpha\n", &[]);
    reader.search("beta");
    assert_eq!(reader.app.search().visible_matches.len(), 2);
    assert!(reader.app.search().current_chars(reader.app.reader()).is_some());
    reader.keys(&["esc"]);
    assert!(reader.app.search().visible_matches.is_empty());
    assert!(reader.app.search().current_chars(reader.app.reader()).is_none());
    reader.keys(&["n"]);
    assert_eq!(reader.app.search().visible_matches.len(), 2);
    reader.keys(&["alt-u"]);
    assert!(reader.app.search().visible_matches.is_empty(), "less's Esc u");
}

fn lines(n: usize) -> String {
    (1..=n).map(|i| format!("line {i}\n\n")).collect()
}

#[test]
fn equals_and_ctrl_g_say_the_file_lines_bytes_and_percent() {
    let mut reader = with_history(&lines(100), &[]);
    reader.keys(&["="]);
    let said = said_by(&reader);
    assert!(said.starts_with("- lines 1-"), "{said}");
    assert!(said.contains(" of 200, byte 1 of "), "{said}");
    reader.keys(&["5", "0", "p", "ctrl-g"]);
    let said = said_by(&reader);
    assert!(!said.contains("lines 1-"), "50p moved: {said}");
    assert!(said.ends_with('%'), "{said}");
}

#[test]
fn zz_quits_ctrl_c_does_not_and_z_then_another_key_cancels() {
    let mut reader = with_history(&lines(10), &[]);
    reader.keys(&["ctrl-c"]);
    assert!(!reader.effects.contains(&Effect::Quit));
    reader.keys(&["Z", "j"]);
    assert!(!reader.effects.contains(&Effect::Quit));
    reader.keys(&["Z", "Z"]);
    assert!(reader.effects.contains(&Effect::Quit));
}

fn said_by(reader: &Reader) -> String {
    reader
        .app
        .status()
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

/// `G` pressed before a large file is read shows the end of the file, read ahead
/// (`Msg::TailLoaded`); scrolling moves over it; once the whole file is there the same
/// lines stay on screen, and `''` goes back to where `G` was pressed.
#[test]
fn g_before_the_whole_file_is_read_shows_its_end_and_the_whole_file_keeps_it() {
    let whole = lines(400);
    let head = &whole[..whole.len() / 4];
    let head = &head[..head.rfind('\n').unwrap() + 1];
    let preview = Document::from_text(head, Source::Stdin).preview_of(head.len(), whole.len() as u64);
    let preview = Arc::new(preview);
    let tail = &whole[whole.len() - 500..];
    let tail = Document::from_text(&tail[tail.find('\n').unwrap() + 1..], Source::Stdin).tail_of(&preview);
    let mut reader = Reader::reading(Arc::clone(&preview), 40, 8);
    let key = |c| Msg::Key(KeySpec::plain(KeyName::Char(c)));
    assert_eq!(reader.app.acts_before_loaded(&key('G')), Some(true));
    assert_eq!(reader.app.acts_before_loaded(&key('j')), Some(false));
    assert_eq!(
        reader.app.acts_before_loaded(&key('/')),
        None,
        "a search waits for the whole file"
    );
    assert_eq!(reader.app.acts_before_loaded(&key('g')), None);

    reader.app.update(Msg::TailLoaded(Arc::new(tail)));
    let body = |reader: &mut Reader| {
        let text = reader.text();
        let rows: Vec<&str> = text.lines().collect();
        rows[..rows.len() - 1].join("\n")
    };
    assert!(body(&mut reader).contains("line 400"), "{}", body(&mut reader));
    assert_eq!(
        reader.app.acts_before_loaded(&key('G')),
        Some(false),
        "the end is there"
    );
    reader.keys(&["k", "k"]);
    let shown = body(&mut reader);
    assert!(
        !shown.contains("line 400") && shown.contains("line 399"),
        "{shown}"
    );

    reader
        .app
        .update(Msg::DocumentLoaded(Arc::new(Document::from_text(
            &whole,
            Source::Stdin,
        ))));
    assert_eq!(body(&mut reader), shown);
    reader.keys(&["'", "'"]);
    assert!(body(&mut reader).contains("line 1\n"), "{}", body(&mut reader));
}
