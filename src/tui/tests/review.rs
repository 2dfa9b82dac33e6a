//! Who made and who resolved what, in the reader: the configured author signs every
//! annotation made (highlights, notes and marks alike), and resolving any of them
//! records who and when; opening it again forgets both.

use std::sync::Arc;

use super::Reader;
use crate::annotation::{Kind, Status};
use crate::config::Config;
use crate::document::{Document, Source};
use crate::tui::app::{App, Msg, Settings};

const TEXT: &str = "A Title\n\nThe first sentence of the text. The second sentence follows it. \
A third sentence ends the paragraph.\n";

/// A reader ready to annotate, signed by `author` (as the config or MARGENT_AUTHOR says).
fn signed_by(author: Option<&str>) -> Reader {
    let mut config = Config::default();
    config.reader.author = author.map(str::to_string);
    let doc = Arc::new(Document::from_text(TEXT, Source::Stdin));
    let mut app = App::new(doc, Settings::new(config), 60, 12, 0);
    app.update(Msg::AnnotationsReady(Vec::new()));
    Reader::with_app(app, 60, 12)
}

#[test]
fn every_kind_made_in_the_reader_carries_the_author() {
    let mut reader = signed_by(Some("reviewer-2"));
    reader.search("first sentence").keys(&["v", "enter"]);
    reader
        .search("second sentence")
        .keys(&["v", "a"])
        .typed("why?")
        .keys(&["ctrl-s"]);
    reader
        .search("third sentence")
        .keys(&["v", "t"])
        .typed("todo")
        .keys(&["enter"]);
    let made: Vec<(Kind, Option<&str>)> = reader
        .saved()
        .iter()
        .map(|a| (a.kind, a.author.as_deref()))
        .collect();
    assert_eq!(
        made,
        [
            (Kind::Highlight, Some("reviewer-2")),
            (Kind::Note, Some("reviewer-2")),
            (Kind::Mark, Some("reviewer-2")),
        ]
    );
}

#[test]
fn without_an_author_nothing_is_signed() {
    let mut reader = signed_by(None);
    reader.search("first sentence").keys(&["v", "enter", "x"]);
    let saved = reader.saved();
    assert!(
        saved
            .iter()
            .all(|a| a.author.is_none() && a.resolved_by.is_none())
    );
    let resolved = saved.last().unwrap();
    assert_eq!(resolved.status, Status::Resolved);
    assert_eq!(resolved.resolved_at, Some(resolved.modified), "when, still");
}

#[test]
fn resolving_any_kind_records_who_and_when_and_reopening_forgets_both() {
    let mut reader = signed_by(Some("reviewer-1"));
    reader
        .search("second sentence")
        .keys(&["v", "a"])
        .typed("a note")
        .keys(&["ctrl-s"]);
    reader.keys(&["x"]);
    let resolved = (*reader.saved().last().unwrap()).clone();
    assert_eq!(
        (resolved.kind, resolved.status, resolved.resolved_by.as_deref()),
        (Kind::Note, Status::Resolved, Some("reviewer-1"))
    );
    assert_eq!(resolved.resolved_at, Some(resolved.modified));
    assert!(resolved.resolved_at > Some(resolved.created));
    reader.keys(&["x"]);
    let reopened = (*reader.saved().last().unwrap()).clone();
    assert_eq!(
        (reopened.status, reopened.resolved_by, reopened.resolved_at),
        (Status::Open, None, None)
    );
    reader.keys(&["U"]);
    let undone = (*reader.saved().last().unwrap()).clone();
    assert_eq!(
        (undone.status, undone.resolved_by.as_deref()),
        (Status::Resolved, Some("reviewer-1")),
        "undo brings back who resolved it"
    );
}
