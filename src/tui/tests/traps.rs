//! Small traps in the reader, each once seen: quitting with an annotation that could
//! not be saved, and `]` pressed while the annotations are still being anchored.

use std::sync::Arc;

use super::Reader;
use crate::document::{Document, Source};
use crate::tui::app::{Effect, Msg};

const TEXT: &str = "A Title\n\nThe first sentence of the text. The second sentence follows it.\n";

fn quits(reader: &Reader) -> bool {
    reader.effects.contains(&Effect::Quit)
}

fn status_text(reader: &Reader) -> String {
    reader
        .app
        .status()
        .message
        .as_ref()
        .map(|message| message.text.clone())
        .unwrap_or_default()
}

/// Seen: `q` quit at once, and the annotation the status line had said was not saved
/// was lost without a question.
#[test]
fn quitting_with_an_annotation_not_saved_asks_first() {
    let mut reader = Reader::annotating(TEXT, 60, 10);
    reader.search("first sentence").keys(&["v", "enter"]);
    let problem = "could not save the annotation: essay.txt.notes.toml: is read-only (mode 0444)";
    let effects = reader.app.update(Msg::PersistFailed(problem.to_string()));
    reader.effects.extend(effects);
    reader.keys(&["q"]);
    assert!(!quits(&reader), "q asks first");
    let asked = reader.text();
    assert!(
        asked.contains("Quit with an annotation not saved? y quits"),
        "{asked}"
    );
    reader.keys(&["n"]);
    assert!(!quits(&reader), "any other key stays");
    assert_eq!(status_text(&reader), "Not quitting");
    reader.keys(&["j", "q", "y"]);
    assert!(quits(&reader), "y quits");
    assert!(
        reader
            .effects
            .iter()
            .any(|effect| matches!(effect, Effect::SavePosition(_))),
        "the position is saved on the way out"
    );
}

#[test]
fn quitting_with_everything_saved_or_a_harmless_failure_does_not_ask() {
    let mut reader = Reader::annotating(TEXT, 60, 10);
    reader.search("first sentence").keys(&["v", "enter"]);
    let effects = reader.app.update(Msg::Warn(
        "the reading position was not saved: disk full".to_string(),
    ));
    reader.effects.extend(effects);
    reader.keys(&["q"]);
    assert!(quits(&reader));
}

/// Seen: `]` said "No annotation below" while the annotations were still loading.
#[test]
fn next_annotation_while_annotations_load_says_they_are_loading() {
    let doc = Arc::new(Document::from_text(TEXT, Source::Stdin));
    let mut reader = Reader::reading(doc, 60, 10);
    reader.keys(&["]"]);
    assert_eq!(status_text(&reader), "The annotations are still loading");
    reader.keys(&["["]);
    assert_eq!(status_text(&reader), "The annotations are still loading");
    let effects = reader.app.update(Msg::AnnotationsReady(Vec::new()));
    reader.effects.extend(effects);
    reader.keys(&["]"]);
    assert_eq!(status_text(&reader), "No annotation below");
}

/// The terminal shrinks between the state hearing of its size and the frame being
/// drawn (seen: `index outside of buffer` on quick resizes): nothing is drawn into the
/// smaller frame, and the resize brings the right one.
#[test]
fn a_frame_smaller_than_the_state_knows_is_left_alone_until_the_resize() {
    let doc = Arc::new(Document::from_text(TEXT, Source::Stdin));
    let mut reader = Reader::reading(doc, 40, 12);
    reader.terminal.backend_mut().resize(30, 6);
    let blank = reader.text();
    assert!(blank.trim().is_empty(), "{blank}");
    reader.app.update(Msg::Resize { cols: 30, rows: 6 });
    let screen = reader.text();
    assert!(screen.contains("The first sentence"), "{screen}");
}
