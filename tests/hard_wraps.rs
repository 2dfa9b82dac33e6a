//! Property test of hard-wrap joining on real prose: paragraphs of War and Peace (the
//! unwrapped Project Gutenberg edition; long paragraphs in `tests/fixtures/corpus`) wrapped each at its own
//! width of 60–100 columns, with at most one line each left long, render back to the unwrapped
//! paragraphs; and text pictures of what stays kept (verse, lists).

use margent::document::{Document, Source};
use margent::layout::LayoutOptions;
use proptest::prelude::*;

fn render(text: &str) -> String {
    render_at(text, u16::MAX as usize)
}

fn render_at(text: &str, width: usize) -> String {
    let doc = Document::from_text(text, Source::Stdin);
    let mut out = Vec::new();
    margent::render::render(&doc, LayoutOptions::new(width), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Long paragraphs of plain prose from the fixture, whitespace collapsed.
fn paragraphs() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corpus/en-war-and-peace-long-paragraphs.txt"
    );
    let text = std::fs::read_to_string(path).unwrap();
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| {
            p.len() >= 300
                && p.chars()
                    .all(|c| c.is_ascii_graphic() || c == ' ' || "“”‘’—".contains(c))
        })
        .collect()
}

/// Greedy wrap at `width` columns; the line numbered `long`, if there is one, is
/// joined to the next, leaving one line longer than the rest.
fn wrap(paragraph: &str, width: usize, long: Option<usize>) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    for word in paragraph.split(' ') {
        let line = lines.last_mut().unwrap();
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        if i + 1 < lines.len() {
            out.push(if long == Some(i) { ' ' } else { '\n' });
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn irregularly_wrapped_prose_reflows_to_its_paragraphs(
        picks in prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                60usize..=100,
                prop::option::weighted(0.5, 0usize..12),
            ),
            3..8,
        ),
    ) {
        let all = paragraphs();
        prop_assert!(all.len() >= 20, "the fixture has long paragraphs");
        let chosen: Vec<&String> = picks.iter().map(|(index, _, _)| index.get(&all)).collect();
        let source = chosen
            .iter()
            .zip(&picks)
            .map(|(p, (_, width, long))| wrap(p, *width, *long))
            .collect::<Vec<_>>()
            .join("\n\n");
        let expected = chosen.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("\n\n") + "\n";
        prop_assert_eq!(render(&source), expected, "source:\n{}", source);
    }
}

/// `kept` between two hard-wrapped paragraphs of prose, blank lines around it.
fn between_prose(kept: &str) -> String {
    let prose = paragraphs();
    format!(
        "{}\n\n{kept}\n\n{}\n",
        wrap(&prose[0], 70, None),
        wrap(&prose[1], 72, None)
    )
}

#[test]
fn verse_and_lists_in_a_wrapped_text_stay_kept() {
    let text = between_prose(
        "We rest; a dream has power to poison sleep;\nWe rise; one wandering thought pollutes the day;\nWe feel, conceive, or reason, laugh or weep,\nEmbrace fond woe, or cast our cares away.",
    ) + "\n1. The first point of the list here.\n2. The second one, which is a bit longer.\n3. The third.\n"
        + "\nthe rain falls soft upon the hill\nand all the little streams run still\nwhile under every dripping tree\nthe blackbird sings his song to me\n";
    let shown = render(&text);
    for kept in [
        "\nWe rest; a dream has power to poison sleep;\nWe rise;",
        "laugh or weep,\nEmbrace fond woe",
        "\n1. The first point of the list here.\n2. The second",
        // Verse going on in lower case from line to line, at about half the prose's width.
        "upon the hill\nand all the little streams run still\nwhile under every dripping tree\nthe blackbird",
    ] {
        assert!(shown.contains(kept), "{kept:?} in\n{shown}");
    }
}

#[test]
fn dialogue_broken_before_a_quote_or_after_a_joining_word_is_joined() {
    let dialogue = [
        "“I shall not stay long,” said the traveller,\n“for the road is long and the night is coming.”",
        "“Let go of me at once, you brute,” she cried out in anger;\n‘you are hurting my arm, and I will call my father.’",
        "“Nobody here knows,” said the woman, “what the habit of the\nNorthern towns may be, but we keep ours.”",
        "The note on the table read only—“_I will come back on the\nevening of the fair!_” and nothing else at all, which was odd.",
    ];
    let text = between_prose(&dialogue.join("\n\n"));
    let shown = render(&text);
    for paragraph in dialogue {
        let joined = paragraph.replace('\n', " ");
        assert!(shown.contains(&format!("\n{joined}\n")), "{joined:?} in\n{shown}");
    }
    // A sentence that ended, or a line going on in capitals after anything but a
    // joining word, is not joined.
    let kept = "“Stay,” he said;\n“Nobody leaves before the bell.”\n\nThe bell rang out over the whole valley\nNobody moved.";
    let shown = render(&between_prose(kept));
    assert!(
        shown.contains("he said;\n“Nobody leaves") && shown.contains("valley\nNobody moved."),
        "{shown}"
    );
}

/// The rows that follow the row holding `start`, up to the row holding `end`.
fn continuation_rows<'s>(shown: &'s str, start: &str, end: &str) -> Vec<&'s str> {
    let rows: Vec<&str> = shown.lines().collect();
    let first = rows.iter().position(|row| row.contains(start)).expect(start);
    let last = first + rows[first..].iter().position(|row| row.contains(end)).expect(end);
    rows[first + 1..=last].to_vec()
}

#[test]
fn kept_lines_too_wide_hang_deeper_than_their_indent_and_prose_does_not() {
    let prose = paragraphs();
    let text = between_prose(
        "We rest; a dream has power to poison sleep;\n    We rise; one wandering thought pollutes the day;\nWe feel, conceive, or reason, laugh or weep,\n    Embrace fond woe, or cast our cares away.",
    );
    let shown = render_at(&text, 24);
    for row in continuation_rows(&shown, "We rest;", "sleep;") {
        assert!(
            row.starts_with("  ") && !row.starts_with("   "),
            "{row:?} in\n{shown}"
        );
    }
    for row in continuation_rows(&shown, "We rise;", "the day;") {
        assert!(
            row.starts_with("      ") && !row.starts_with("       "),
            "{row:?} in\n{shown}"
        );
    }
    let opening: String = prose[1].split(' ').take(2).collect::<Vec<_>>().join(" ");
    let prose_rows = continuation_rows(&shown, &opening, &opening);
    assert!(prose_rows.len() <= 1);
    let after = shown
        .lines()
        .skip_while(|row| !row.contains(&opening))
        .nth(1)
        .unwrap();
    assert!(
        !after.starts_with(' '),
        "prose rows stand at the margin: {after:?}"
    );
    // Wide enough, the lines are as written.
    let wide = render_at(&text, 80);
    assert!(
        wide.contains("\n    We rise; one wandering thought pollutes the day;\n"),
        "{wide}"
    );
}

#[test]
fn one_line_paragraphs_opening_with_the_text_s_indent_do_not_hang() {
    let prose = paragraphs();
    let mut text = String::new();
    for paragraph in prose.iter().take(8) {
        text.push_str("    ");
        text.push_str(&wrap(paragraph, 66, None));
        text.push('\n');
    }
    text.push_str(
        "    A short paragraph of one line that ends here.\n    Another one of a single line, also short.\n",
    );
    text.push_str("    ");
    text.push_str(&wrap(&prose[9], 66, None));
    text.push('\n');
    let shown = render_at(&text, 24);
    let after = shown
        .lines()
        .skip_while(|row| !row.contains("A short"))
        .nth(1)
        .unwrap();
    assert!(
        !after.starts_with(' '),
        "a paragraph's second row at the margin: {after:?}\n{shown}"
    );
}

#[test]
fn an_indented_block_is_reflowed_inside_its_indent_unless_every_line_stands_there() {
    let prose = paragraphs();
    let quoted: String = wrap(&prose[1], 66, None)
        .lines()
        .map(|line| format!("    {line}\n"))
        .collect();
    let text = format!(
        "{}\n\n{quoted}\n{}\n",
        wrap(&prose[0], 70, None),
        wrap(&prose[2], 70, None)
    );
    let shown = render_at(&text, 40);
    let opening: String = prose[1].split(' ').take(2).collect::<Vec<_>>().join(" ");
    let rows: Vec<&str> = shown
        .lines()
        .skip_while(|row| !row.contains(&opening))
        .take_while(|row| !row.is_empty())
        .collect();
    assert!(rows.len() > 3, "{shown}");
    for row in &rows {
        assert!(
            row.starts_with("    ") && !row.starts_with("     "),
            "{row:?} in\n{shown}"
        );
    }
    // A text whose every line stands two columns in has that as its margin: its
    // paragraphs are not set off.
    let margin: String = text.lines().map(|line| format!("  {line}\n")).collect();
    let shown = render_at(&margin, 40);
    let opening: String = prose[0].split(' ').take(2).collect::<Vec<_>>().join(" ");
    let second = shown
        .lines()
        .skip_while(|row| !row.contains(&opening))
        .nth(1)
        .unwrap();
    assert!(!second.starts_with(' '), "{second:?} in\n{shown}");
}
