//! Screens of the reader: what each mode shows at sizes from a single cell to a wide
//! screen, in English and Chinese.

use std::sync::Arc;

use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

use super::{Reader, rows_of};
use crate::document::{Document, Source};
use crate::text::class::{is_no_end, is_no_start};
use crate::tui::app::{App, Settings};

fn sample() -> Arc<Document> {
    let path = format!(
        "{}/examples/en-news-new-development-concept-xinjiang.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    Arc::new(Document::open(path.as_ref(), None).unwrap())
}

fn chinese() -> Arc<Document> {
    let path = format!("{}/examples/kuangren-riji-luxun.txt", env!("CARGO_MANIFEST_DIR"));
    Arc::new(Document::open(path.as_ref(), None).unwrap())
}

#[test]
fn sample_article_at_80_by_24() {
    insta::assert_snapshot!(Reader::reading(sample(), 80, 24).styled());
}

#[test]
fn paging_down_shows_the_next_screen() {
    let mut screen = Reader::reading(sample(), 80, 24);
    let first = screen.text();
    let last_body_row = first.lines().nth(22).unwrap().trim().to_string();
    let second = screen.keys(&["space"]).text();
    assert!(!second.contains(&last_body_row) || last_body_row.is_empty());
    insta::assert_snapshot!(screen.styled());
}

#[test]
fn chinese_article_at_40_by_15_keeps_every_character_whole() {
    let doc = chinese();
    let mut screen = Reader::reading(Arc::clone(&doc), 40, 15);
    let text = screen.text();
    insta::assert_snapshot!(screen.styled());
    let body: Vec<&str> = text.lines().take(14).collect();
    // Every character on screen, in order, is the document's text from the start.
    let shown: String = body.concat().chars().filter(|c| !c.is_whitespace()).collect();
    let source: String = doc.text().chars().filter(|c| !c.is_whitespace()).collect();
    assert!(source.starts_with(&shown), "on screen: {shown}");
    for line in body {
        let line = line.trim();
        assert!(
            !line.chars().next().is_some_and(is_no_start),
            "{line:?} starts with closing punctuation"
        );
        assert!(
            !line.chars().next_back().is_some_and(is_no_end),
            "{line:?} ends with opening punctuation"
        );
        assert!(line.width() <= 38, "{line:?}");
    }
}

#[test]
fn search_highlights_every_match_and_the_current_one() {
    let mut screen = Reader::reading(sample(), 80, 24);
    screen.keys(&["/"]).typed("xinjiang").keys(&["enter"]);
    let buffer = screen.buffer();
    insta::assert_snapshot!(super::styled(&buffer));
    let mut highlighted = 0;
    let mut current = 0;
    for y in 0..23 {
        for x in 0..80 {
            let cell = &buffer[(x, y)];
            if cell.modifier.contains(Modifier::REVERSED | Modifier::UNDERLINED) {
                highlighted += 1;
            }
            if cell.modifier.contains(Modifier::REVERSED | Modifier::ITALIC) {
                current += 1;
            }
        }
    }
    assert_eq!(current, "Xinjiang".len(), "one current match");
    assert!(
        highlighted >= "Xinjiang".len() * 3 && highlighted > current,
        "{highlighted} highlighted cells"
    );
}

#[test]
fn help_overlay_lists_the_keymap() {
    let mut screen = Reader::reading(sample(), 80, 24);
    let text = screen.keys(&["h"]).text();
    insta::assert_snapshot!(screen.styled());
    assert!(text.contains("page down") && text.contains("space"));
    let closed = screen.keys(&["esc"]).text();
    assert!(!closed.contains("page down"));
}

#[test]
fn table_of_contents_jumps_to_a_heading() {
    let text = "Title of the Essay\n\nCHAPTER I\n\nFirst words.\n\nCHAPTER II\n\nSecond words.\n\nCHAPTER III\n\nThird words.\n";
    let doc = Arc::new(Document::from_text(text, Source::Stdin));
    let mut screen = Reader::reading(doc, 40, 6);
    screen.keys(&["T"]);
    insta::assert_snapshot!(screen.styled());
    let after = screen.keys(&["j", "j", "enter"]).text();
    assert!(after.lines().next().unwrap().contains("CHAPTER II"), "{after}");
}

#[test]
fn heading_jumps_walk_indented_headings_and_the_status_names_the_section() {
    let body = "\u{3000}\u{3000}今天天气很好，我们一起去公园散步，看见很多人在湖边钓鱼。\n";
    let mut text = String::from("故事集\n");
    for numeral in ["一", "二", "三"] {
        text.push_str(&format!("\u{3000}\u{3000}{numeral}\n{body}{body}"));
    }
    let doc = Arc::new(Document::from_text(&text, Source::Stdin));
    let mut screen = Reader::reading(doc, 40, 6);
    for numeral in ["一", "二", "三"] {
        let shown = screen.keys(&[")"]).text();
        let top = shown.lines().next().unwrap();
        assert_eq!(top.trim(), numeral, "{shown}");
        let status = shown.lines().last().unwrap();
        assert!(status.contains(&format!("› {numeral}")), "{shown}");
    }
    let shown = screen.keys(&["("]).text();
    assert_eq!(shown.lines().next().unwrap().trim(), "二", "{shown}");
}

#[test]
fn parts_hold_their_chapters_in_the_contents_and_the_status() {
    let body = "\u{3000}\u{3000}今天天气很好，我们一起去公园散步，看见很多人在湖边钓鱼。\n";
    let mut text = String::from("故事集\n\n");
    for part in ["上　先生と私", "下　先生と遺書"] {
        text.push_str(&format!("\n{part}\n\n"));
        for numeral in ["一", "二"] {
            text.push_str(&format!("\u{3000}\u{3000}{numeral}\n{}", body.repeat(6)));
        }
    }
    let doc = Arc::new(Document::from_text(&text, Source::Stdin));
    let mut screen = Reader::reading(doc, 60, 12);
    let contents = screen.keys(&["T"]).text();
    let indent = |title: &str| {
        let line = contents.lines().find(|l| l.contains(title));
        line.and_then(|l| l.find(title))
            .unwrap_or_else(|| panic!("{title}: {contents}"))
    };
    assert!(indent("二") > indent("下"), "{contents}");
    screen.keys(&["esc"]);
    // Heading by heading: 上, 一, 二, 下, 一, 二.
    let mut shown = String::new();
    for _ in 0..6 {
        shown = screen.keys(&[")"]).text();
    }
    assert_eq!(shown.lines().next().unwrap().trim(), "二", "{shown}");
    let status = shown.lines().last().unwrap();
    assert!(status.contains("下 先生と遺書 › 二"), "{shown}");
    // On a narrow screen the title gives way, not the chapter.
    let doc = Arc::new(Document::from_text(&text, Source::Stdin));
    let mut narrow = Reader::reading(doc, 30, 12);
    for _ in 0..6 {
        shown = narrow.keys(&[")"]).text();
    }
    let status = shown.lines().last().unwrap();
    assert!(status.starts_with(" … › 下 先生と遺書 › 二"), "{shown}");
}

#[test]
fn the_contents_list_an_articles_links_after_its_headings() {
    let mut text = String::from("# Notes\n\nFirst words.\n\n## Sources\n\n");
    for (i, word) in ["alpha", "beta", "gamma"].iter().enumerate() {
        text.push_str(&format!(
            "Line {i} cites [{word}](https://{word}.example/page).\n\n"
        ));
        text.push_str(&"More words that fill the page.\n\n".repeat(8));
    }
    let path = std::path::PathBuf::from("article.md");
    let doc = Arc::new(Document::from_text(&text, Source::File(path)));
    let mut screen = Reader::reading(doc, 50, 10);
    let shown = screen.text();
    assert!(shown.contains("cites alpha[1]."), "{shown}");
    let contents = screen.keys(&["T"]).text();
    for (n, word) in ["alpha", "beta", "gamma"].iter().enumerate() {
        let entry = format!("[{}] https://{word}.example/page", n + 1);
        assert!(contents.contains(&entry), "{contents}");
    }
    // Headings first, then the links: the fourth entry is the second link.
    let after = screen.keys(&["g", "j", "j", "j", "enter"]).text();
    assert!(after.lines().next().unwrap().contains("cites beta[2]"), "{after}");
}

#[test]
fn a_first_search_that_wraps_says_so() {
    let mut screen = Reader::reading(sample(), 60, 10);
    let shown = screen
        .keys(&["G", "/"])
        .typed("High-quality")
        .keys(&["enter"])
        .text();
    assert!(shown.contains("Search wrapped to the top"), "{shown}");
    let shown = screen.keys(&["g", "?"]).typed("Xinjiang").keys(&["enter"]).text();
    assert!(shown.contains("Search wrapped to the end"), "{shown}");
}

#[test]
fn an_overlay_border_is_not_hidden_by_a_wide_character_beside_it() {
    let line = "a中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文中文";
    let text: String = format!("第一章\n\n{}\n", [line; 30].join("\n"));
    for cols in [40, 61, 80] {
        let doc = Arc::new(Document::from_text(&text, Source::Stdin));
        let mut screen = Reader::reading(doc, cols, 20);
        for overlay in ["T", "h"] {
            let buffer = screen.keys(&[overlay]).buffer();
            let border_x = (0..cols)
                .find(|&x| buffer[(x, 0)].symbol() == "┌")
                .expect("the overlay's corner");
            for y in 1..10 {
                assert_eq!(buffer[(border_x, y)].symbol(), "│", "{cols} {overlay} row {y}");
                if border_x > 0 {
                    let left = buffer[(border_x - 1, y)].symbol();
                    assert!(
                        left.width() <= 1,
                        "{left:?} covers the border ({cols} {overlay} row {y})"
                    );
                }
            }
            screen.keys(&["esc"]);
        }
    }
}

#[test]
fn overlays_in_a_tiny_terminal_show_their_lines() {
    let help = Reader::reading(sample(), 24, 12).keys(&["h"]).text();
    assert!(help.contains("line down"), "descriptions under the keys:\n{help}");
    let contents = Reader::reading(chinese(), 24, 4).keys(&["T"]).text();
    assert!(
        contents
            .lines()
            .any(|line| line.contains("狂人日記") || line.contains('一')),
        "{contents}"
    );
    let mut screen = Reader::reading(sample(), 24, 4);
    screen
        .keys(&["/"])
        .typed("primary")
        .keys(&["enter", "v", "enter", "A"]);
    let list = screen.text();
    assert!(list.contains("highlight “pr"), "{list}");
}

#[test]
fn trailing_blank_lines_are_not_left_to_read() {
    let text = format!("A short text.\n{}", "\n".repeat(100_000));
    let doc = Arc::new(Document::from_text(&text, Source::Stdin));
    let shown = Reader::reading(doc, 40, 6).keys(&["G"]).text();
    let status = shown.lines().last().unwrap();
    assert!(status.contains("100%") && status.contains("end"), "{shown}");
}

#[test]
fn resizing_keeps_the_first_visible_character_at_the_top() {
    let mut screen = Reader::reading(sample(), 80, 24);
    screen.keys(&["space", "j", "j"]);
    let top_before = screen.app.position();
    let wide = screen.text();
    let narrow = screen.resize(40, 30).text();
    let narrow_styled = screen.styled();
    assert_eq!(screen.app.position(), top_before);
    // The character that was first on screen is on the top row at the new width (which
    // may begin a little before it).
    let first_word = wide.split_whitespace().next().unwrap();
    assert!(
        narrow.lines().next().unwrap().contains(first_word),
        "{first_word:?} not on top of {narrow}"
    );
    let back = screen.resize(80, 24).text();
    assert_eq!(back, wide, "resizing back restores the same screen");
    insta::assert_snapshot!(narrow_styled);
}

/// Every overlay at terminal sizes from a single cell to a wide screen: nothing panics,
/// no glyph runs past the right edge, and where there is room the mode shows itself.
#[test]
fn every_mode_draws_at_tiny_and_huge_sizes() {
    for (cols, rows) in [
        (1, 1),
        (2, 1),
        (5, 2),
        (10, 3),
        (24, 5),
        (24, 40),
        (120, 50),
        (300, 80),
    ] {
        for (keys, shown) in [
            (&[][..], "%"),
            (&["h"][..], "Keys ("),
            (&["T"][..], "Contents ("),
            (&["A"][..], "Annotations ("),
            (&["/", "x"][..], "/x"),
            (&["v", "w", "a"][..], "Note on"),
            (&["v", "t"][..], "Tags:"),
            (&["G", "k", "v", "enter", "A", "/"][..], "Filter: ▏"),
        ] {
            let mut screen = Reader::reading(chinese(), cols, rows);
            screen.keys(keys);
            let at = format!("{keys:?} at {cols}×{rows}");
            assert_fits(&screen.buffer(), &at);
            if cols >= 24 && rows >= 6 {
                let text = screen.text();
                assert!(text.contains(shown), "{at} shows no {shown:?}:\n{text}");
            }
            screen.resize(cols.saturating_add(7), rows.saturating_add(3));
            assert_fits(&screen.buffer(), &at);
            screen.resize(cols, rows);
            assert_fits(&screen.buffer(), &at);
        }
    }
}

/// No cell holds a glyph wider than the columns left to the right edge (a terminal
/// would wrap it onto the next row), nor a control character.
fn assert_fits(buffer: &ratatui::buffer::Buffer, at: &str) {
    let area = buffer.area;
    for y in 0..area.height {
        for x in 0..area.width {
            let symbol = buffer[(x, y)].symbol();
            assert!(
                usize::from(x) + symbol.width() <= usize::from(area.width),
                "{symbol:?} at column {x} of {} runs past the edge ({at})",
                area.width
            );
            assert!(!symbol.contains(char::is_control), "{symbol:?} ({at})");
        }
    }
}

#[test]
fn growing_the_terminal_at_the_end_fills_the_screen() {
    let text: String = (1..=20)
        .map(|n| format!("Line number {n} of the text.\n\n"))
        .collect();
    let doc = Arc::new(Document::from_text(&text, Source::Stdin));
    let mut screen = Reader::reading(Arc::clone(&doc), 40, 8);
    screen.keys(&["G"]);
    let tall = screen.resize(40, 30).text();
    let rows: Vec<&str> = tall.lines().collect();
    assert!(rows[0].contains("Line number"), "{tall}");
    assert!(rows[..28].iter().filter(|r| r.is_empty()).count() < 16, "{tall}");
    assert!(tall.contains("Line number 20"), "{tall}");
    // Opening at a saved position near the end does the same.
    let app = App::new(doc, Settings::default(), 40, 30, text.chars().count() - 5);
    let mut reopened = Reader::with_app(app, 40, 30);
    let shown = reopened.text();
    assert!(shown.lines().next().unwrap().contains("Line number"), "{shown}");
}

#[test]
fn a_long_query_scrolls_to_keep_its_end_in_view() {
    let mut screen = Reader::reading(sample(), 40, 8);
    let query = "寂".repeat(29) + "end";
    let shown = screen.keys(&["/"]).typed(&query).text();
    let status = shown.lines().last().unwrap();
    assert!(status.starts_with('…') && status.ends_with("寂end"), "{status:?}");
    assert!(status.width() <= 40);
    let short = Reader::reading(sample(), 37, 8).text();
    assert!(
        short.lines().last().unwrap().contains('%'),
        "the position stays at 37 columns"
    );
}

#[test]
fn the_help_scrolls_to_its_end_and_back() {
    let mut screen = Reader::reading(sample(), 60, 10);
    let end = screen.keys(&["h", "G"]).text();
    assert!(
        end.contains("Keys"),
        "G scrolls the help instead of closing it:\n{end}"
    );
    assert!(
        end.contains("ctrl-s") && end.contains("save and close"),
        "the note editor's keys too:\n{end}"
    );
    let start = screen.keys(&["g"]).text();
    assert!(start.contains("Reading"), "{start}");
    assert_ne!(start, end);
}

#[test]
fn line_and_paragraph_separators_break_lines_and_never_reach_the_terminal() {
    let doc = Arc::new(Document::from_text(
        "foo 中文。\u{2029}bar\u{2028}baz\n",
        Source::Stdin,
    ));
    let mut screen = Reader::reading(doc, 40, 6);
    let buffer = screen.buffer();
    let area = buffer.area;
    let symbols: String = (0..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .map(|(x, y)| buffer[(x, y)].symbol().to_string())
        .collect();
    assert!(!symbols.contains(['\u{2028}', '\u{2029}']));
    let rows = rows_of(&buffer);
    assert_eq!(
        rows[..3].iter().map(|r| r.trim()).collect::<Vec<_>>(),
        ["foo 中文。", "bar", "baz"]
    );
}

/// Seen: U+0085 (NEL) drawn as `�`. It is a line break like LF, drawn as nothing.
#[test]
fn next_line_breaks_the_line_and_is_never_drawn() {
    let doc = Arc::new(Document::from_text(
        "first line\u{85}second line\u{85}\u{85}after a blank row\n",
        Source::Stdin,
    ));
    let mut screen = Reader::reading(doc, 40, 6);
    let buffer = screen.buffer();
    let area = buffer.area;
    let symbols: String = (0..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .map(|(x, y)| buffer[(x, y)].symbol().to_string())
        .collect();
    assert!(!symbols.contains(['\u{85}', '\u{fffd}', '␤']), "{symbols}");
    let rows = rows_of(&buffer);
    assert_eq!(
        rows[..4].iter().map(|r| r.trim()).collect::<Vec<_>>(),
        ["first line", "second line", "", "after a blank row"]
    );
}

/// Seen: a text with a block a crash zeroed was refused as binary. It opens, and the
/// run of NULs is one placeholder.
#[test]
fn a_zeroed_block_is_one_placeholder() {
    let text = "The article goes on for a while before the damage. ".repeat(40);
    let cut = text.len() / 2;
    let damaged = format!("{}{}{}", &text[..cut], "\0".repeat(4096), &text[cut..]);
    let doc = Document::from_bytes(damaged.into_bytes(), None, Source::Stdin).unwrap();
    let mut screen = Reader::reading(Arc::new(doc), 60, 60);
    let shown = screen.text();
    assert_eq!(shown.matches('␀').count(), 1, "{shown}");
    assert!(shown.contains("the damage"), "{shown}");
}

#[test]
fn an_ideographic_space_is_drawn_as_itself() {
    let doc = Arc::new(Document::from_text(
        "\u{3000}\u{3000}今天晚上，很好的月光。\n",
        Source::Stdin,
    ));
    let shown = Reader::reading(doc, 40, 4).text();
    let first = shown.lines().next().unwrap().trim_start_matches(' ');
    assert!(
        first.starts_with("\u{3000}\u{3000}今天晚上"),
        "copying the screen gives the file's text: {first:?}"
    );
}
