//! Markdown articles typeset (DESIGN §1.9), drawn as text pictures: one per construct,
//! each with the marks the reader styles, and the map back to the source checked.

use std::path::PathBuf;

use margent::document::outline::Outline;
use margent::document::{Document, Source};
use margent::layout::{LayoutOptions, lay_out_all};
use margent::markup::Mark;

fn doc(text: &str) -> Document {
    let doc = Document::from_text(text, Source::File(PathBuf::from("article.md")));
    assert_eq!(doc.markup().name(), "markdown");
    doc
}

/// The rows at `width`, each followed by a row marking styled cells: `i` emphasis,
/// `b` strong, `c` code, `u` link, `d` dim (only when the row has marks).
fn picture(text: &str, width: usize) -> Vec<String> {
    let doc = doc(text);
    let mut rows = Vec::new();
    for layout in lay_out_all(&doc, LayoutOptions::new(width)) {
        for row in 0..layout.rows() {
            let shown = layout.row_text(doc.text(), row);
            assert!(
                unicode_width::UnicodeWidthStr::width(shown.as_str()) <= width,
                "{shown}"
            );
            rows.push(shown);
            let mut marks = " ".repeat(layout.indent_cols);
            let mut any = false;
            for placed in layout.glyphs(doc.text(), row) {
                let c = match placed.mark {
                    Mark::Emphasis => 'i',
                    Mark::Strong => 'b',
                    Mark::Code => 'c',
                    Mark::Link => 'u',
                    Mark::Dim | Mark::Reading => 'd',
                    Mark::Plain => ' ',
                };
                any |= c != ' ';
                marks.extend(std::iter::repeat_n(c, placed.glyph.cols));
            }
            if any {
                rows.push(marks.trim_end().to_string());
            }
        }
    }
    rows
}

/// The table of contents: each heading's level and title.
fn contents(doc: &Document) -> Vec<(u8, String)> {
    Outline::build(doc)
        .headings
        .iter()
        .map(|h| (h.level, h.title.clone()))
        .collect()
}

#[test]
fn headings_hide_their_hashes_and_fill_the_table_of_contents() {
    let text = "# The Title\n\nIntro words.\n\n## A *Section*\n\n```sh\n# not a heading\n```\n";
    assert_eq!(
        picture(text, 30),
        [
            "The Title",
            "",
            "Intro words.",
            "",
            "A Section",
            "  iiiiiii",
            "",
            "```sh",
            "ddddd",
            "# not a heading",
            "```",
            "ddd",
        ]
        .map(String::from)
    );
}

#[test]
fn setext_headings_hide_their_underlines_and_fill_the_table_of_contents() {
    let text = "The *Title*\n=========\n\nIntro words.\n\nA Section\n---\n\nText.\n";
    assert_eq!(
        picture(text, 30),
        [
            "The Title",
            "    iiiii",
            "",
            "Intro words.",
            "",
            "A Section",
            "",
            "Text."
        ]
        .map(String::from)
    );
    assert_eq!(
        contents(&doc(text)),
        [(1, "The Title".into()), (2, "A Section".into())]
    );
}

#[test]
fn emphasis_strong_and_code_spans_are_styles_without_markers() {
    assert_eq!(
        picture("Some *soft*, **hard** and `x + 1` words.\n", 40),
        ["Some soft, hard and x + 1 words.", "     iiii  bbbb     ccccc",].map(String::from)
    );
}

#[test]
fn a_quote_s_hard_wrapped_lines_are_one_paragraph_and_map_back_to_the_source() {
    let text = "> > deep one\n> > deep two\n\n> shallow\n";
    assert_eq!(
        picture(text, 40),
        ["    deep one deep two", "", "  shallow"].map(String::from)
    );
    let doc = doc(text);
    let search = doc.search_text();
    // The search text keeps the source's lines (a pattern's space matches a break).
    let found = search
        .as_str(doc.text())
        .find("one\ndeep")
        .expect("the markers are not searched");
    let source = search.to_source(found..found + "one\ndeep".len());
    assert_eq!(&text[source], "one\n> > deep");
}

#[test]
fn tables_that_fit_are_drawn_in_columns_with_their_cells_typeset() {
    let text = "| Name | Size |\n|:---|---:|\n| `中文` | 1 |\n| *x* | 12345 |\n| only |\n\nText after.\n";
    assert_eq!(
        picture(text, 30),
        [
            "Name   │ Size",
            "bbbb  dddbbbb",
            "───────┼──────",
            "dddddddddddddd",
            "中文   │ 1",
            "cccc  ddd",
            "x      │ 12345",
            "i     ddd",
            "only",
            "",
            "Text after.",
        ]
        .map(String::from)
    );
    // The shown text maps back to the source: searching and selecting work on cells.
    let doc = doc(text);
    let search = doc.search_text();
    let found = search.as_str(doc.text()).find("中文").expect("a typeset cell");
    assert_eq!(&text[search.to_source(found..found + "中文".len())], "中文");
    let found = search.as_str(doc.text()).find("12345").unwrap();
    assert_eq!(&text[search.to_source(found..found + 5)], "12345");
}

#[test]
fn table_rows_are_kept_as_written_and_clipped_not_wrapped() {
    let text = "| a very long cell here | another |\n|---|---|\n| 1 | 2 |\n\nText after.\n";
    assert_eq!(
        picture(text, 20),
        [
            "| a very long cell →",
            "                   d",
            "|---|---|",
            "| 1 | 2 |",
            "",
            "Text after.",
        ]
        .map(String::from)
    );
}

#[test]
fn a_list_item_that_wraps_hangs_under_its_text() {
    let text = "- one two three four five six
  - seven eight nine ten eleven

10. twelve thirteen fourteen
";
    assert_eq!(
        picture(text, 20),
        [
            "• one two three",
            "  four five six",
            "  • seven eight",
            "    nine ten eleven",
            "",
            "10. twelve",
            "    thirteen",
            "    fourteen",
        ]
        .map(String::from)
    );
    // The map back to the text follows the rows where they are drawn.
    let doc = doc(text);
    let layout = lay_out_all(&doc, LayoutOptions::new(20)).next().expect("a block");
    let four = doc.text().find("four").expect("four");
    assert_eq!(
        layout.col_of_char(doc.text(), 1, doc.chars().char_at(doc.text(), four)),
        2
    );
}

#[test]
fn lists_get_bullets_and_nested_indents_and_quotes_are_indented() {
    let text = "- one\n  - two *deep*\n3. three\n\n> quoted **text**\n> > twice\n";
    assert_eq!(
        picture(text, 40),
        [
            "• one",
            "  • two deep",
            "        iiii",
            "3. three",
            "",
            "  quoted text",
            "         bbbb",
            "    twice",
        ]
        .map(String::from)
    );
}

#[test]
fn code_blocks_keep_their_lines_and_are_clipped_not_wrapped() {
    let text = "Text.\n\n```\nlet long_name = compute(alpha, beta);\n    indented();\n```\n";
    assert_eq!(
        picture(text, 20),
        [
            "Text.",
            "",
            "```",
            "ddd",
            "let long_name = com→",
            "                   d",
            "    indented();",
            "```",
            "ddd",
        ]
        .map(String::from)
    );
}

#[test]
fn reference_links_show_their_text_when_their_label_is_defined() {
    let text = "See [the docs][Ref] and [docs][] or [docs], not [this][none].\n\n[ref]: https://example.com\n[Docs]: https://example.org\n";
    let rows = picture(text, 80);
    assert_eq!(
        rows[0],
        "See the docs[1] and docs[2] or docs[3], not [this][none]."
    );
    assert_eq!(rows[1], "    uuuuuuuuddd     uuuuddd    uuuuddd");
}

#[test]
fn links_show_their_text_and_number_and_images_their_alt() {
    assert_eq!(
        picture(
            "See [the docs](https://example.com/x) and ![a cat](cat.png).\n",
            40
        ),
        [
            "See the docs[1] and [image: a cat].",
            "    uuuuuuuuddd     dddddddddddddd"
        ]
        .map(String::from)
    );
}

#[test]
fn links_are_numbered_in_order_and_listed_with_their_addresses() {
    let text = "# [Linked](https://h.example) title\n\nSee [one](https://a.example), <https://b.example>, \
                [within](#title) and [two][r].\n\n[r]: https://c.example\n";
    let doc = doc(text);
    let rows = picture(text, 80);
    assert!(rows.iter().any(|r| r == "Linked title"), "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r == "See one[1], https://b.example, within and two[2]."),
        "{rows:?}"
    );
    let links: Vec<(&str, &str)> = (doc.markup().links().iter())
        .map(|(at, url)| (&text[*at..*at + 4], url.as_str()))
        .collect();
    assert_eq!(
        links,
        [("[one", "https://a.example"), ("[two", "https://c.example")]
    );
    // Every link to elsewhere has an address for a hyperlink, the same over all of
    // its text; links within the page and plain words have none.
    let link_at = |needle: &str| doc.markup().link_at(text.find(needle).unwrap());
    assert_eq!(link_at("inked"), Some((0, "https://h.example")));
    assert_eq!(link_at("one"), Some((1, "https://a.example")));
    assert_eq!(link_at("ne]"), Some((1, "https://a.example")));
    assert_eq!(link_at("b.example"), Some((2, "https://b.example")));
    assert_eq!(link_at("wo]"), Some((3, "https://c.example")));
    assert_eq!(link_at("within"), None);
    assert_eq!(link_at("See"), None);
    // Only the text is the link: its number stands for the hidden address after it.
    assert_eq!(link_at("](https://a"), None);
}

#[test]
fn an_image_in_a_link_is_the_links_text_and_an_address_is_kept_as_written() {
    let text = "Go [![the logo](logo.png)](https://example.org/home) now, or                 [there](https://x.example/\u{202e}gnp.exe).\n";
    let doc = doc(text);
    let rows = picture(text, 80);
    assert!(rows[0].starts_with("Go [image: the logo][1] now"), "{rows:?}");
    let link_at = |needle: &str| doc.markup().link_at(text.find(needle).unwrap());
    assert_eq!(link_at("![the"), Some((0, "https://example.org/home")));
    assert_eq!(link_at("logo]"), Some((0, "https://example.org/home")));
    assert_eq!(link_at("](https://example"), None);
    // A bidi control in an address goes to the terminal (percent-encoded there); the
    // list on screen shows it harmless.
    assert_eq!(link_at("there"), Some((1, "https://x.example/\u{202e}gnp.exe")));
    let listed = &doc.markup().links()[1].1;
    assert!(!listed.contains('\u{202e}'), "{listed:?}");
}

#[test]
fn front_matter_and_html_blocks_are_dimmed_as_written() {
    let text = "---\ntitle: T\n---\n\n<div>\nraw\n</div>\n\nBody.\n";
    let doc = Document::from_text(text, Source::Stdin);
    assert_eq!(doc.markup().name(), "markdown", "front matter alone is Markdown");
    assert_eq!(
        picture(text, 20),
        [
            "---", "ddd", "title: T", "dddddddd", "---", "ddd", "", "<div>", "ddddd", "raw", "ddd", "</div>",
            "dddddd", "", "Body."
        ]
        .map(String::from)
    );
}

#[test]
fn plain_shows_the_source_and_offsets_stay_in_the_source() {
    let text = "# Head\n\nA **bold** word.\n";
    let mut doc = doc(text);
    assert_eq!(contents(&doc), [(1, "Head".into())]);
    let found = doc
        .search_text()
        .as_str(doc.text())
        .find("bold word")
        .expect("found");
    let source = doc.search_text().to_source(found..found + "bold word".len());
    assert_eq!(
        &text[source], "bold** word",
        "a match maps back to the source span"
    );
    doc.set_plain();
    let rows: Vec<String> = lay_out_all(&doc, LayoutOptions::new(40))
        .flat_map(|l| (0..l.rows()).map(move |r| (l.clone(), r)).collect::<Vec<_>>())
        .map(|(l, r)| l.row_text(doc.text(), r))
        .collect();
    assert_eq!(rows, ["# Head", "", "A **bold** word."]);
}

#[test]
fn text_files_are_markdown_only_with_clear_structure() {
    let prose = "A story.\n\n# not really\n\nIt was *very* cold.\n";
    assert_eq!(
        Document::from_text(prose, Source::File(PathBuf::from("a.txt")))
            .markup()
            .name(),
        "plain"
    );
    let article = "# One\n\nSee [a](https://a.example) and [b](https://b.example).\n\n## Two\n";
    assert_eq!(
        Document::from_text(article, Source::File(PathBuf::from("a.txt")))
            .markup()
            .name(),
        "markdown"
    );
}

/// `margent render` of the fixture at `width`, typeset or `--plain`.
fn render_fixture(width: usize, plain: bool) -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/markdown/rust-blog-check-cfg.md"
    );
    let mut cmd = assert_cmd::Command::cargo_bin("margent").expect("binary");
    cmd.args(["render", "--width", &width.to_string()]);
    if plain {
        cmd.arg("--plain");
    }
    let out = cmd.arg(path).assert().success().get_output().stdout.clone();
    String::from_utf8(out)
        .expect("UTF-8")
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn a_real_article_renders_typeset_and_plain_shows_its_source() {
    for width in [24, 60] {
        let rows = render_fixture(width, false);
        for row in &rows {
            assert!(
                unicode_width::UnicodeWidthStr::width(row.as_str()) <= width,
                "{row:?} at {width}"
            );
            assert!(
                !row.starts_with("## ") && !row.contains("*`") && !row.contains("]("),
                "{row:?}"
            );
        }
        assert!(
            rows.iter().any(|r| r == "A look at the feature"),
            "the heading, without ##"
        );
        assert!(rows.iter().any(|r| r == "[image: cargo-check]"));
        let code = "#[cfg(feature = \"lasers\")]  // This condition is expected";
        if width == 60 {
            assert!(
                rows.iter().any(|r| r == code),
                "a code line kept whole at {width}"
            );
        } else {
            let clipped = rows
                .iter()
                .find(|r| r.starts_with("#[cfg(feature = \"lasers"))
                .expect("clipped");
            assert!(clipped.ends_with('→'), "{clipped:?}");
        }
    }
    let plain = render_fixture(60, true);
    assert!(plain.iter().any(|r| r == "## A look at the feature"));
    assert!(plain.iter().any(|r| r.starts_with("*`Cargo.toml`*")));
}

#[test]
fn hard_wrapped_paragraphs_and_list_items_are_reflowed_and_other_blocks_keep_their_lines() {
    let text = "A paragraph hard\nwrapped *at a narrow\nwidth* in the source.\n\n\
                - an item that\n  goes on\n- next\n\n\
                日本語の段落が\n続きます。\n\n\
                > a quote\n> on two lines\n\n\
                A hard break  \nkept.\n\n\
                ```\ncode line\nmore code\n```\n";
    assert_eq!(
        picture(text, 40),
        [
            "A paragraph hard wrapped at a narrow",
            // The soft break inside the emphasis is an emphasised space, ending the row.
            "                         iiiiiiiiiiii",
            "width in the source.",
            "iiiii",
            "",
            "• an item that goes on",
            "• next",
            "",
            "日本語の段落が続きます。",
            "",
            "  a quote on two lines",
            "",
            "A hard break",
            "kept.",
            "",
            "```",
            "ddd",
            "code line",
            "more code",
            "```",
            "ddd",
        ]
        .map(String::from)
    );
}

#[test]
fn an_annotation_in_a_reflowed_paragraph_keeps_its_source_offsets() {
    // The joined paragraph shows each source word once, at its own code points.
    let text = "First line of a\nwrapped paragraph.\n";
    let doc = doc(text);
    let layouts: Vec<_> = lay_out_all(&doc, LayoutOptions::new(60)).collect();
    assert_eq!(layouts.len(), 1, "one paragraph, one block");
    let layout = &layouts[0];
    assert_eq!(
        layout.row_text(doc.text(), 0),
        "First line of a wrapped paragraph."
    );
    let wrapped = text.find("wrapped").unwrap();
    let glyph = layout
        .glyphs(doc.text(), 0)
        .into_iter()
        .find(|placed| placed.col == "First line of a ".len())
        .unwrap();
    assert_eq!(glyph.char_offset, text[..wrapped].chars().count());
}

#[test]
fn a_control_an_entity_spells_is_shown_as_its_picture_as_in_plain_text() {
    let text = "An escape &#27; here, a bell &#7; there, &amp; an ampersand.\n";
    let rows = picture(text, 80);
    assert_eq!(
        rows[0],
        "An escape \u{241b} here, a bell \u{2407} there, & an ampersand."
    );
}

#[test]
fn a_backslash_hard_break_keeps_its_break_and_hides_its_backslash() {
    let text = "One line ends here\\\nthe next goes on, and a \\\\ stays.\n\nAn escaped one\\\\\nis text.\n";
    let rows = picture(text, 60);
    assert_eq!(
        rows,
        [
            "One line ends here",
            "the next goes on, and a \\ stays.",
            "",
            "An escaped one\\ is text."
        ]
    );
}
