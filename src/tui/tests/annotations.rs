//! Annotating in the reader: highlights across wrapped lines in English and Chinese,
//! the note editor with CJK text, tags, the annotation list and its filter, undo/redo
//! and review of changed anchors.

use std::sync::Arc;

use super::Reader;
use crate::anchor::AnchorStatus;
use crate::annotation::{Annotation, Kind};
use crate::document::{Document, Source};
use crate::tui::app::{App, Effect, Msg, Settings};
use crate::tui::place;
use unicode_width::UnicodeWidthStr;

const ENGLISH: &str = "The Title\n\nIt was a bright cold day in April, and the clocks were striking thirteen. \
Winston Smith, his chin nuzzled into his breast in an effort to escape the vile wind, slipped quickly \
through the glass doors of Victory Mansions.\n\nThe hallway smelt of boiled cabbage and old rag mats.\n";

const CHINESE: &str = "狂人日記\n\n\u{3000}\u{3000}今天晚上，很好的月光。我不見他，已是三十多年；今天見了，精神分外爽快。\
纔知道以前的三十多年，全是發昏；然而須十分小心。不然，那趙家的狗，何以看我兩眼呢？\n\u{3000}\u{3000}我怕得有理。\n";

impl Reader {
    /// A reader of `text` opened with `annotations` made on another version of it:
    /// the anchoring statuses, and the reader holding the effects of that opening.
    fn reopened(
        text: &str,
        annotations: Vec<Annotation>,
        cols: u16,
        rows: u16,
    ) -> (Vec<AnchorStatus>, Reader) {
        let doc = Arc::new(Document::from_text(text, Source::Stdin));
        let placed = place(&doc, annotations.into_iter().map(Arc::new).collect(), None);
        let statuses = placed.iter().map(|p| p.status).collect();
        let mut app = App::new(doc, Settings::default(), cols, rows, 0);
        let effects = app.update(Msg::AnnotationsReady(placed));
        let mut reader = Reader::with_app(app, cols, rows);
        reader.effects = effects;
        (statuses, reader)
    }
}

#[test]
fn a_highlight_across_wrapped_english_lines_at_two_widths() {
    for width in [40, 60] {
        let mut reader = Reader::annotating(ENGLISH, width, 12);
        reader
            .search("bright cold")
            .keys(&["v", "w", "w", "w", "w", "w", "enter"]);
        assert_eq!(reader.saved().len(), 1);
        let annotation = reader.saved()[0];
        assert_eq!(annotation.kind, Kind::Highlight);
        assert_eq!(annotation.exact, "bright cold day in April, and the");
        insta::assert_snapshot!(format!("english_highlight_{width}"), reader.styled());
    }
}

#[test]
fn a_highlight_across_wrapped_chinese_lines_at_two_widths() {
    for width in [24, 34] {
        let mut reader = Reader::annotating(CHINESE, width, 12);
        reader.search("精神分外").keys(&["v", "s", "enter"]);
        let annotation = reader.saved()[0];
        assert_eq!(
            annotation.exact, "我不見他，已是三十多年；今天見了，精神分外爽快。",
            "s selects the sentence"
        );
        let marked = reader.styled();
        let (screen, _styles) = marked.split_once("\n--\n").unwrap();
        for line in screen.lines() {
            assert!(line.width() <= usize::from(width));
        }
        insta::assert_snapshot!(format!("chinese_highlight_{width}"), marked);
    }
}

#[test]
fn a_note_typed_in_chinese_is_saved_with_ctrl_s() {
    let mut reader = Reader::annotating(CHINESE, 40, 14);
    reader
        .search("月光")
        .keys(&["v", "a"])
        .typed("這一句很重要\n第二行 note");
    insta::assert_snapshot!("note_editor_cjk", reader.styled());
    reader.keys(&["ctrl-s"]);
    let note = reader.saved()[0];
    assert_eq!(
        (note.kind, note.note.as_str()),
        (Kind::Note, "這一句很重要\n第二行 note")
    );
    assert_eq!(note.exact, "月光");
}

#[test]
fn esc_on_a_changed_note_asks_before_discarding() {
    let mut reader = Reader::annotating(ENGLISH, 60, 12);
    reader.search("April").keys(&["v", "a"]).typed("draft");
    reader.keys(&["esc"]);
    assert!(reader.styled().contains("Discard the changes"));
    reader.keys(&["n"]).typed(" kept").keys(&["ctrl-s"]);
    assert_eq!(reader.saved()[0].note, "draft kept");
    reader.keys(&["a"]).typed(" more").keys(&["esc", "y"]);
    assert_eq!(reader.saved().len(), 1, "discarding saves nothing");
}

#[test]
fn tags_make_a_review_mark_whose_status_toggles() {
    let mut reader = Reader::annotating(ENGLISH, 60, 12);
    reader
        .search("vile wind")
        .keys(&["v", "t", "alt-1"])
        .typed("question")
        .keys(&["enter"]);
    let mark = reader.saved()[0].clone();
    assert_eq!(mark.kind, Kind::Mark);
    assert_eq!(
        mark.tags,
        ["todo", "question"],
        "the quick key alt-1 types \"todo \""
    );
    reader.keys(&["x"]);
    let resolved = (*reader.saved().last().unwrap()).clone();
    assert_eq!(resolved.status, crate::annotation::Status::Resolved);
    reader.keys(&["U"]);
    assert_eq!(
        reader.saved().last().unwrap().status,
        crate::annotation::Status::Open,
        "undo reopens"
    );
    reader.keys(&["ctrl-r"]);
    assert_eq!(
        reader.saved().last().unwrap().status,
        crate::annotation::Status::Resolved,
        "redo"
    );
}

#[test]
fn the_list_panel_filters_and_jumps() {
    let mut reader = Reader::annotating(ENGLISH, 70, 14);
    reader.search("bright").keys(&["v", "enter"]);
    reader
        .search("vile")
        .keys(&["v", "t"])
        .typed("question")
        .keys(&["enter"]);
    reader
        .search("cabbage")
        .keys(&["v", "a"])
        .typed("smells")
        .keys(&["ctrl-s"]);
    reader.keys(&["A"]);
    let all = reader.styled();
    assert!(all.contains("Annotations (3)"), "{all}");
    reader.keys(&["/"]).typed("tag:question").keys(&["enter"]);
    let filtered = reader.styled();
    assert!(
        filtered.contains("Annotations (1)") && filtered.contains("vile"),
        "{filtered}"
    );
    insta::assert_snapshot!("list_filtered", filtered);
    reader.keys(&["enter"]);
    assert!(
        !reader.styled().contains("Annotations ("),
        "enter jumps and closes the list"
    );
}

#[test]
fn changed_text_puts_fuzzy_and_orphaned_annotations_up_for_review() {
    let mut original = Reader::annotating(ENGLISH, 60, 12);
    original.search("boiled cabbage").keys(&["v", "enter"]);
    original
        .search("glass doors")
        .keys(&["v", "a"])
        .typed("door note")
        .keys(&["ctrl-s"]);
    let annotations: Vec<_> = original.saved().into_iter().cloned().collect();
    let edited = ENGLISH
        .replace("boiled cabbage", "boiled cabbages")
        .replace("through the glass doors of Victory Mansions.", "");
    let (statuses, mut reader) = Reader::reopened(&edited, annotations, 60, 12);
    assert!(statuses.contains(&AnchorStatus::Orphaned), "{statuses:?}");
    assert!(
        !reader.effects.contains(&Effect::MarkAnchored),
        "the old hash stays until review is done"
    );
    let list = reader.keys(&["A"]).styled();
    assert!(
        list.contains("Needs review") && list.contains("[orphaned]"),
        "{list}"
    );
    reader.keys(&["y"]);
    assert!(
        !reader.effects.contains(&Effect::MarkAnchored),
        "one still needs review"
    );
    reader.keys(&["D", "y"]);
    assert!(
        reader.effects.contains(&Effect::MarkAnchored),
        "reviewed: the sidecar takes the new text's hash"
    );
}

#[test]
fn read_only_annotations_refuse_changes_and_say_why() {
    let mut reader = Reader::annotating(ENGLISH, 60, 12);
    reader.app.update(Msg::ReadOnly(
        "notes.toml: line 3, column 1: not valid TOML".into(),
    ));
    reader.search("April").keys(&["v", "enter"]);
    assert!(reader.saved().is_empty());
    assert!(reader.styled().contains("read-only"));
}

#[test]
fn mouse_drag_selects_and_enter_highlights() {
    use crate::tui::app::MouseKind;
    let mut reader = Reader::annotating(ENGLISH, 60, 12);
    let screen = reader.text();
    let row = screen
        .lines()
        .position(|l| l.contains("It was a bright"))
        .unwrap() as u16;
    let col = screen.lines().nth(row as usize).unwrap().find("bright").unwrap() as u16;
    reader.app.update(Msg::Mouse {
        kind: MouseKind::Down,
        col,
        row,
    });
    reader.app.update(Msg::Mouse {
        kind: MouseKind::Drag,
        col: col + 10,
        row,
    });
    reader.app.update(Msg::Mouse {
        kind: MouseKind::Up,
        col: col + 10,
        row,
    });
    reader.keys(&["enter"]);
    assert_eq!(reader.saved()[0].exact, "bright cold");
}

#[test]
fn notes_can_be_written_in_an_external_editor() {
    let mut reader = Reader::annotating(ENGLISH, 60, 12);
    reader.search("April").keys(&["v", "enter", "E"]);
    let id = reader.saved()[0].id.clone();
    assert!(
        reader
            .effects
            .iter()
            .any(|e| matches!(e, Effect::EditExternally { id: i, .. } if *i == id))
    );
    let effects = reader.app.update(Msg::ExternalNote {
        id: id.clone(),
        note: Some("from $EDITOR\n".into()),
    });
    assert!(matches!(&effects[..], [Effect::SaveAnnotation(a)] if a.note == "from $EDITOR"));
}

#[test]
fn colours_cycle_through_the_palette_and_copying_uses_the_clipboard_effect() {
    let mut reader = Reader::annotating(ENGLISH, 60, 12);
    reader.search("cabbage").keys(&["v", "enter", "c", "c"]);
    let colours: Vec<&str> = reader.saved().iter().map(|a| a.color.as_str()).collect();
    assert_eq!(colours, ["yellow", "green", "blue"]);
    reader.search("clocks").keys(&["v", "y"]);
    assert!(reader.effects.contains(&Effect::Copy("clocks".into())));
}

#[test]
fn next_annotation_starts_from_the_screen_not_from_an_annotation_left_behind() {
    let paragraphs: Vec<String> = (1..=40)
        .map(|n| format!("Paragraph {n} says something about topic{n} at some length."))
        .collect();
    let text = paragraphs.join("\n\n") + "\n";
    let mut reader = Reader::annotating(&text, 40, 6);
    reader.search("topic30").keys(&["v", "enter"]);
    reader.search("topic20").keys(&["v", "enter"]);
    reader.keys(&["g", "]"]);
    let screen = reader.styled();
    assert!(screen.contains("topic20"), "the nearer one, made last:\n{screen}");
    reader.keys(&["]"]);
    let screen = reader.styled();
    assert!(screen.contains("topic30"), "then the next one:\n{screen}");
    reader.keys(&["g", "["]);
    assert!(
        reader.styled().contains("No annotation above"),
        "nothing above the start"
    );
}

#[test]
fn list_keys_act_on_the_highlighted_entry_and_status_keeps_the_kind() {
    let paragraphs: Vec<String> = (1..=40)
        .map(|n| format!("Paragraph {n} says something about topic{n} at some length."))
        .collect();
    let text = paragraphs.join("\n\n") + "\n";
    let mut reader = Reader::annotating(&text, 40, 8);
    for n in [2, 20, 30] {
        reader
            .search(&format!("topic{n}"))
            .keys(&["v", "a"])
            .typed(&format!("note {n}"))
            .keys(&["ctrl-s"]);
    }
    // Back at the top with the first note on screen, the list's third entry is chosen.
    reader.keys(&["g", "A", "j", "j", "x"]);
    let resolved = (*reader.saved().last().unwrap()).clone();
    assert_eq!(resolved.note, "note 30");
    assert_eq!(resolved.kind, Kind::Note, "x changes the status, not the kind");
    assert_eq!(resolved.status, crate::annotation::Status::Resolved);
    reader.keys(&["k", "D", "y"]);
    let deleted: Vec<&String> = reader
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::DeleteAnnotation(id) => Some(id),
            _ => None,
        })
        .collect();
    let second = reader
        .saved()
        .iter()
        .find(|a| a.note == "note 20")
        .unwrap()
        .id
        .clone();
    assert_eq!(deleted, [&second]);
}

#[test]
fn after_a_search_the_annotation_under_the_match_is_the_one_acted_on() {
    let mut reader = Reader::annotating(ENGLISH, 60, 12);
    reader.search("bright cold day").keys(&["v", "enter"]);
    reader
        .search("vile wind")
        .keys(&["v", "a"])
        .typed("wind note")
        .keys(&["ctrl-s"]);
    // The note has the focus and is on screen; a search lands on the highlight.
    reader.search("bright cold").keys(&["c"]);
    let recoloured = (*reader.saved().last().unwrap()).clone();
    assert_eq!(recoloured.exact, "bright cold day");
    assert_ne!(recoloured.color, "yellow");
}

#[test]
fn a_selection_ending_in_a_space_is_stored_without_it() {
    let mut reader = Reader::annotating(ENGLISH, 60, 12);
    reader.search("bright cold").keys(&["v", "w", "w", "b", "enter"]);
    let exact = reader.saved()[0].exact.clone();
    assert!(!exact.ends_with(' ') && exact.starts_with("bright"), "{exact:?}");
}

#[test]
fn an_orphan_is_reattached_to_a_place_found_by_searching() {
    let mut original = Reader::annotating(ENGLISH, 60, 12);
    original
        .search("glass doors")
        .keys(&["v", "a"])
        .typed("door note")
        .keys(&["ctrl-s"]);
    let annotations: Vec<_> = original.saved().into_iter().cloned().collect();
    let edited = ENGLISH.replace("through the glass doors of Victory Mansions.", "");
    let (statuses, mut reader) = Reader::reopened(&edited, annotations, 60, 12);
    assert_eq!(statuses, [AnchorStatus::Orphaned]);
    reader.keys(&["A", "r"]);
    assert!(reader.styled().contains("Find the new place"));
    reader.search("boiled cabbage").keys(&["v", "enter"]);
    let reattached = (*reader.saved().last().unwrap()).clone();
    assert_eq!(reattached.exact, "boiled cabbage");
    assert_eq!(reattached.note, "door note", "the note comes along");
    assert!(!reader.styled().contains("Needs review"));
}

#[test]
fn new_annotations_take_their_time_and_id_from_the_injected_stamps() {
    let mut reader = Reader::annotating(ENGLISH, 60, 12);
    reader.search("April").keys(&["v", "enter"]);
    reader.search("cabbage").keys(&["v", "enter", "c"]);
    let saved = reader.saved();
    let ids: Vec<&str> = saved.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "00000000-0000-7000-8000-000000000001",
            "00000000-0000-7000-8000-000000000002",
            "00000000-0000-7000-8000-000000000002"
        ]
    );
    let times: Vec<String> = saved
        .iter()
        .map(|a| format!("{} {}", a.created, a.modified))
        .collect();
    assert_eq!(
        times,
        [
            "2026-01-01T00:00:00Z 2026-01-01T00:00:00Z",
            "2026-01-01T00:00:01Z 2026-01-01T00:00:01Z",
            "2026-01-01T00:00:01Z 2026-01-01T00:00:02Z"
        ],
        "the colour change stamps `modified` only"
    );
}

/// The text of `buffer`'s row `y` as sent to the terminal: each cell's symbol through
/// the backend's sanitising, the cells a wide glyph covers skipped.
fn sent_row(buffer: &ratatui::buffer::Buffer, y: u16) -> String {
    let mut row = String::new();
    let mut x = 0;
    while x < buffer.area.width {
        let symbol = buffer[(x, y)].symbol();
        row.push_str(&crate::tui::backend::sanitized(symbol));
        x += symbol.width().max(1) as u16;
    }
    row
}

#[test]
fn joiners_in_a_title_and_in_tags_reach_the_terminal_whole() {
    let (coder, persian) = ("👩\u{200d}💻", "می\u{200c}خواهم");
    let text = format!("{coder} {persian}\n\nA body of text to read and to tag here.\n");
    let mut reader = Reader::annotating(&text, 60, 8);
    let status = sent_row(&reader.buffer(), 7);
    assert!(status.contains(&format!("{coder} {persian}")), "{status:?}");
    reader
        .search("body")
        .keys(&["v", "t"])
        .typed(&format!("{persian} {coder}"))
        .keys(&["enter"]);
    assert_eq!(reader.saved()[0].tags, [persian, coder]);
    let buffer = reader.keys(&["A"]).buffer();
    let entry = (0..8)
        .map(|y| sent_row(&buffer, y))
        .find(|row| row.contains("mark:open"));
    let entry = entry.expect("the list shows the mark");
    assert!(entry.contains(&format!("#{persian} #{coder}")), "{entry:?}");
}

#[test]
fn digits_type_themselves_in_the_tag_prompt() {
    let mut reader = Reader::annotating(ENGLISH, 60, 12);
    reader
        .search("vile wind")
        .keys(&["v", "t"])
        .typed("2024 第二章")
        .keys(&["alt-2", "enter"]);
    assert_eq!(reader.saved()[0].tags, ["2024", "第二章", "question"]);
}

#[test]
fn the_innermost_annotation_under_the_match_is_the_one_acted_on() {
    let mut reader = Reader::annotating(ENGLISH, 60, 12);
    reader
        .search("escape the vile wind")
        .keys(&["v", "a"])
        .typed("outer")
        .keys(&["ctrl-s"]);
    reader.search("vile").keys(&["v", "enter"]);
    let inner = reader.saved().last().unwrap().id.clone();
    let outer = reader.saved()[0].id.clone();
    assert_ne!(inner, outer);
    reader.search("vile").keys(&["D"]);
    assert_eq!(
        reader.effects.last(),
        Some(&crate::tui::app::Effect::DeleteAnnotation(inner)),
        "{:?}",
        reader.effects
    );
}

#[test]
fn messages_name_the_annotation_changed() {
    let mut reader = Reader::annotating(ENGLISH, 80, 12);
    reader
        .search("escape the vile wind")
        .keys(&["v", "a"])
        .typed("outer")
        .keys(&["ctrl-s"]);
    let last_row = |reader: &mut Reader| reader.text().lines().last().unwrap_or("").to_string();
    reader.search("escape").keys(&["x"]);
    assert!(
        last_row(&mut reader).contains("Resolved note “escape the vile wind”"),
        "{}",
        last_row(&mut reader)
    );
    reader.search("escape").keys(&["x"]);
    assert!(last_row(&mut reader).contains("Reopened note “escape the vile wind”"));
    reader.search("escape").keys(&["c"]);
    let colour = reader.saved().last().unwrap().color.clone();
    assert!(last_row(&mut reader).contains(&format!("Coloured note “escape the vile wind” {colour}")));
    reader
        .search("escape")
        .keys(&["t"])
        .typed("later")
        .keys(&["enter"]);
    assert!(last_row(&mut reader).contains("Tagged note “escape the vile wind”: later"));
}

#[test]
fn d_on_a_note_with_text_asks_first() {
    let mut reader = Reader::annotating(ENGLISH, 80, 12);
    reader
        .search("escape the vile wind")
        .keys(&["v", "a"])
        .typed("outer")
        .keys(&["ctrl-s"]);
    let deletes = |reader: &Reader| {
        reader
            .effects
            .iter()
            .filter(|e| matches!(e, Effect::DeleteAnnotation(_)))
            .count()
    };
    reader.search("escape").keys(&["D"]);
    assert!(
        reader
            .text()
            .contains("Delete note “escape the vile wind” and its note?")
    );
    reader.keys(&["n"]);
    assert_eq!(deletes(&reader), 0, "another key keeps it");
    assert!(reader.text().contains("Kept the note"));
    reader.search("escape").keys(&["D", "y"]);
    assert_eq!(deletes(&reader), 1);
    assert!(
        reader
            .text()
            .contains("Deleted note “escape the vile wind” — U undoes")
    );
    reader.search("bright cold").keys(&["v", "enter"]);
    reader.search("bright cold").keys(&["D"]);
    assert_eq!(deletes(&reader), 2, "a highlight goes at once");
}

#[test]
fn bracket_onto_a_highlight_tells_what_it_is() {
    let mut reader = Reader::annotating(ENGLISH, 80, 12);
    reader.search("bright cold").keys(&["v", "enter"]);
    reader.keys(&["g", "]"]);
    let status = reader.text().lines().last().unwrap_or("").to_string();
    assert!(status.contains("highlight · yellow · open"), "{status}");
}

/// An Aozora text: ruby and a note the typesetting hides.
const AOZORA: &str = "羅生門\n\n-------------------------------------------------------\n【テキスト中に現れる記号について】\n\n《》：ルビ\n（例）下人《げにん》\n\n［＃］：入力者注　主に外字の説明や、傍点の位置の指定\n-------------------------------------------------------\n\n\u{3000}ある日の暮方の事である。一人の下人《げにん》が、羅生門《らしょうもん》の下で雨やみを待っていた。［＃「待っていた」に傍点］広い門の下には、この男のほかに誰もいない。\n";

/// What a quote shows: its source without the notes the typesetting hides.
fn shown(exact: &str) -> String {
    let mut out = String::new();
    let mut rest = exact;
    while let Some(at) = rest.find("［＃") {
        out.push_str(&rest[..at]);
        rest = rest[at..]
            .find('］')
            .map_or("", |end| &rest[at + end + '］'.len_utf8()..]);
    }
    out + rest
}

#[test]
fn stepping_a_selection_passes_over_hidden_notes_whole_and_never_ends_inside_one() {
    let quote = |presses: &[&str]| {
        let mut reader = Reader::annotating(AOZORA, 30, 14);
        reader
            .search("一人の")
            .keys(&["v"])
            .keys(presses)
            .keys(&["enter"]);
        reader.saved()[0].exact.clone()
    };
    let mut last = quote(&[]);
    for steps in 1..40 {
        let exact = quote(&vec!["l"; steps]);
        let (opened, closed) = (exact.matches('［').count(), exact.matches('］').count());
        assert_eq!(opened, closed, "{steps} steps end inside a note: {exact}");
        assert!(
            shown(&exact).chars().count() > shown(&last).chars().count(),
            "step {steps} showed nothing more: {exact}"
        );
        last = exact;
    }
    assert!(last.contains("［＃「待っていた」に傍点］広"), "{last}");
    let mut back = vec!["l"; 30];
    back.extend(["h"; 4]);
    assert_eq!(quote(&back), quote(&vec!["l"; 26]));
}
