//! Keys in the annotation list, the help and the table of contents come from the
//! keymap: a config that remaps them is obeyed, and the help shows the remapped keys.

use std::sync::Arc;

use super::Reader;
use crate::config::Config;
use crate::document::{Document, Source};
use crate::tui::app::Settings;

const CHAPTERS: &str = "Title of the Essay\n\nCHAPTER I\n\nFirst words.\n\nCHAPTER II\n\nSecond words.\n\nCHAPTER III\n\nThird words.\n";

fn remapped(toml: &str) -> Settings {
    Settings::new(Config::from_toml_str(toml).unwrap())
}

fn chapters(settings: Settings, rows: u16) -> Reader {
    let doc = Arc::new(Document::from_text(CHAPTERS, Source::Stdin));
    Reader::configured(doc, settings, 40, rows)
}

#[test]
fn contents_keys_are_remappable() {
    let settings = remapped("[keys.contents]\nnext_entry = [\"n\"]\njump_to_entry = [\"o\"]\n");
    let mut reader = chapters(settings, 6);
    let after = reader.keys(&["T", "n", "n", "o"]).text();
    assert!(after.lines().next().unwrap().contains("CHAPTER II"), "{after}");
    let closed = reader.keys(&["T", "j"]).text();
    assert!(
        !closed.contains("Contents"),
        "j is no longer bound, so it closes:\n{closed}"
    );
}

#[test]
fn help_keys_are_remappable_and_shown_as_remapped() {
    let settings = remapped("[keys.help]\ngo_to_last = [\"e\"]\n");
    let mut reader = chapters(settings, 12);
    let end = reader.keys(&["h", "e"]).text();
    assert!(end.contains("save and close"), "e scrolls to the end:\n{end}");
    let start = reader.keys(&["g"]).text();
    assert!(start.contains("Reading"), "g still goes to the start:\n{start}");
    let closed = reader.keys(&["G"]).text();
    assert!(!closed.contains("Keys ("), "G closes the help now:\n{closed}");
    let help = crate::tui::components::help::lines(&reader.app.settings().keymap, 80);
    let section = help
        .split(|line| line.is_empty())
        .find(|lines| lines[0] == "In this help (h)")
        .unwrap();
    assert!(
        section
            .iter()
            .any(|line| line.contains("  e ") && line.ends_with("to the last line or entry")),
        "{section:#?}"
    );
}

#[test]
fn list_keys_are_remappable() {
    let settings =
        remapped("[keys.list]\nnext_entry = [\"n\"]\ntoggle_status = [\"s\"]\njump_to_entry = [\"o\"]\n");
    let mut reader = chapters(settings, 12);
    reader
        .app
        .update(crate::tui::app::Msg::AnnotationsReady(Vec::new()));
    reader.search("First").keys(&["v", "enter"]);
    reader.search("Second").keys(&["v", "enter"]);
    let list = reader.keys(&["g", "A"]).text();
    assert!(list.contains("└ o jump · a note"), "the hint names o:\n{list}");
    reader.keys(&["n", "s"]);
    let resolved = (*reader.saved().last().unwrap()).clone();
    assert_eq!(resolved.exact, "Second");
    assert_eq!(resolved.status, crate::annotation::Status::Resolved);
    let closed = reader.keys(&["x"]).text();
    assert!(
        !closed.contains("Annotations ("),
        "x is no longer bound in the list, so it closes:\n{closed}"
    );
}

#[test]
fn the_selecting_hint_names_the_keys_of_the_keymap() {
    let settings = remapped("[keys.select]\nhighlight = [\"h\"]\ncancel_selection = [\"q\"]\n");
    let doc = Arc::new(Document::from_text(CHAPTERS, Source::Stdin));
    let mut reader = Reader::configured(doc, settings, 100, 12);
    let status = reader.keys(&["v"]).text();
    let status = status.lines().last().unwrap();
    assert!(
        status.contains("h highlight · a note · t tag · y copy · q cancel"),
        "{status}"
    );
}
