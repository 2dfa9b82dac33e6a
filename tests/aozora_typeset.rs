//! Aozora Bunko notation typeset (DESIGN §1.9), drawn as text pictures at many widths:
//! readings never leave their base, notes become indents, headings and emphasis, gaiji
//! become characters.

use margent::document::outline::Outline;
use margent::document::{Document, Source};
use margent::layout::{LayoutOptions, lay_out_all};
use margent::markup::aozora::{Context, detect, typeset};
use margent::markup::{Mark, MarkupOptions, Reading};

fn options(reading: Reading) -> MarkupOptions {
    MarkupOptions {
        reading,
        reveal_notes: false,
        width_cols: 80,
    }
}

fn shown(text: &str, reading: Reading) -> String {
    let context = Context::new(text);
    typeset(text, 0, &context, options(reading)).map_or(text.to_string(), |t| t.as_str().to_string())
}

fn picture(text: &str, width: usize) -> Vec<String> {
    let doc = Document::from_text(text, Source::Stdin);
    assert_eq!(doc.markup().name(), "aozora");
    let mut rows = Vec::new();
    for layout in lay_out_all(&doc, LayoutOptions::new(width)) {
        for row in 0..layout.rows() {
            rows.push(layout.row_text(doc.text(), row));
        }
    }
    rows
}

const RUBY: &str = "　隴西《ろうさい》の李徴《りちょう》は博学｜才穎《さいえい》、天宝の末年、若くして名を虎榜《こぼう》に連ね、ついで江南尉《こうなんい》に補せられたが、性、狷介《けんかい》、自《みずか》ら恃《たの》むところ頗《すこぶ》る厚く、げっそり痩《や》せて";

#[test]
fn readings_follow_their_base_as_configured() {
    let text = "博学｜才穎《さいえい》、痩《や》せて、カタカナ《かたかな》";
    assert_eq!(
        shown(text, Reading::Inline),
        "博学才穎（さいえい）、痩（や）せて、カタカナ（かたかな）"
    );
    assert_eq!(shown(text, Reading::Hide), "博学才穎、痩せて、カタカナ");
    assert_eq!(shown(text, Reading::Raw), text);
}

#[test]
fn a_reading_never_leaves_its_base_at_any_width() {
    let text = format!("{RUBY}\n\n{RUBY}");
    for width in 6..=80 {
        let rows = picture(&text, width);
        let joined: String = rows.concat().replace([' ', '\u{3000}'], "");
        let expected = shown(&text, Reading::Inline).replace(['\n', '\u{3000}'], "");
        assert_eq!(joined, expected, "nothing lost at width {width}");
        for row in &rows {
            assert!(
                unicode_width::UnicodeWidthStr::width(row.as_str()) <= width,
                "{row} is wider than {width}"
            );
            // The widest unit, 江南尉（こうなんい）, takes 20 columns: narrower lines
            // must split it.
            if width < 20 {
                continue;
            }
            assert!(
                !row.trim_start().starts_with('（'),
                "a row starts with a reading at {width}: {row}"
            );
            assert!(!row.ends_with('（'), "a row ends inside a unit at {width}: {row}");
            for base in ["痩", "頗", "才穎", "江南尉"] {
                assert!(
                    !row.ends_with(base),
                    "{base} split from its reading at {width}: {row}"
                );
            }
        }
    }
}

#[test]
fn notes_hide_indent_head_and_emphasise() {
    let text = "［＃ここから２字下げ］\n一行目の文章です。\n［＃ここで字下げ終わり］\n第一章［＃「第一章」は大見出し］\n［＃３字下げ］三字下げの行\nそれは嘘［＃「嘘」に傍点］だ。\n";
    let rows = picture(text, 40);
    assert_eq!(
        rows,
        [
            "",
            "    一行目の文章です。",
            "",
            "第一章",
            "      三字下げの行",
            "それは嘘だ。"
        ]
    );
    let doc = Document::from_text(text, Source::Stdin);
    let outline = Outline::build(&doc);
    assert_eq!(outline.headings.len(), 1);
    assert_eq!(outline.headings[0].title, "第一章");
    assert_eq!(outline.headings[0].level, 1);
    let context = Context::new("それは嘘［＃「嘘」に傍点］だ。");
    let t = typeset(
        "それは嘘［＃「嘘」に傍点］だ。",
        0,
        &context,
        options(Reading::Inline),
    )
    .unwrap();
    let at = t.as_str().find('嘘').unwrap();
    assert_eq!(t.mark_at(at), Mark::Emphasis);
    assert_eq!(t.mark_at(0), Mark::Plain);
}

#[test]
fn gaiji_become_characters_or_dim_descriptions() {
    let text = "故山、※［＃「埒のつくり＋虎」、第3水準1-91-48］略と※［＃「てへん＋劣」、ページ数-行数］";
    assert_eq!(shown(text, Reading::Inline), "故山、虢略と〔てへん＋劣〕");
}

#[test]
fn the_legend_rule_never_wraps_into_two_lines() {
    let rule = "-".repeat(55);
    let text = format!(
        "題名\n\n{rule}\n【テキスト中に現れる記号について】\n\n《》：ルビ\n{rule}\n\n本文《ほんぶん》。\n\n底本：「全集」\n"
    );
    let rows = picture(&text, 40);
    assert!(rows.contains(&"-".repeat(40)), "{rows:?}");
    assert!(!rows.iter().any(|r| r == &"-".repeat(15)), "{rows:?}");
}

#[test]
fn malformed_notation_is_shown_not_lost() {
    for text in [
        "痩《や",
        "［＃［＃］",
        "｜｜《》",
        "※［＃",
        "《》《》",
        "a［＃」は大見出し］",
    ] {
        let doubled = format!("{text}［＃x］［＃y］");
        let context = Context::new(&doubled);
        let t = typeset(&doubled, 0, &context, options(Reading::Inline));
        let shown = t.map_or(doubled.clone(), |t| t.as_str().to_string());
        assert!(!shown.is_empty() || text.is_empty());
    }
    assert_eq!(shown("痩《や", Reading::Inline), "痩《や");
}

#[test]
fn detects_the_notation_not_plain_japanese() {
    assert!(detect(RUBY));
    assert!(!detect("吾輩は猫である。名前はまだ無い。《》"));
    assert!(!detect("Plain text with no notation."));
    assert!(
        !detect("魯迅《吶喊》，《彷徨》，《朝花夕拾》與《故事新編》。"),
        "Chinese book titles are not readings"
    );
}

#[test]
fn hostile_notation_neither_panics_nor_overflows_nor_takes_long() {
    // Runs of punctuation with no letter at all are left out: finding a break in them
    // is quadratic in layout/breaks.rs for plain text too.
    const N: usize = 20_000;
    let cases = [
        "痩《や".repeat(N),
        "［＃注".repeat(N),
        format!("{}《よみ》", "｜".repeat(N)),
        format!("{}《{}》", "漢".repeat(N), "か".repeat(300)),
        format!("冒頭［＃{}］", "［＃字".repeat(N)),
        "※［＃「x」、第3水準1-1-1］《》｜".repeat(N / 10),
    ];
    for text in &cases {
        let started = std::time::Instant::now();
        let doc = Document::from_text(&format!("［＃x］［＃y］{text}"), Source::Stdin);
        for layout in lay_out_all(&doc, LayoutOptions::new(6)) {
            for row in 0..layout.rows() {
                let shown = layout.row_text(doc.text(), row);
                assert!(
                    unicode_width::UnicodeWidthStr::width(shown.as_str()) <= 6,
                    "{shown}"
                );
                assert!(!shown.chars().any(char::is_control));
            }
        }
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }
}

#[test]
fn flush_end_notes_set_text_against_the_line_end_at_any_width() {
    let text = "［＃地付き］署名\n本文の最後。［＃地から２字上げ］（一九〇一年）\n［＃ここから地付き］\n日付\nところ\n［＃ここで地付き終わり］\n［＃ここから１字下げ］\n記す［＃地から１字上げ］筆者\n［＃ここで字下げ終わり］\n普通の行\n";
    let rows = picture(text, 30);
    let width = |row: &str| unicode_width::UnicodeWidthStr::width(row);
    let row = |needle: &str| rows.iter().find(|r| r.contains(needle)).unwrap().clone();
    assert_eq!(width(&row("署名")), 30, "{rows:?}");
    assert!(row("署名").starts_with(&" ".repeat(26)));
    // The text before the note keeps its row; what follows stands two characters short.
    assert_eq!(row("本文の最後。"), "本文の最後。");
    assert_eq!(row("（一九〇一年）"), format!("{}（一九〇一年）", " ".repeat(12)));
    assert_eq!(width(&row("日付")), 30);
    assert_eq!(width(&row("ところ")), 30);
    // Inside an indent region the head keeps the indent, the tail ends short of the end.
    assert_eq!(row("記す"), "  記す");
    assert_eq!(width(&row("筆者")), 28);
    assert_eq!(row("普通の行"), "普通の行");
    // Wrapped at every width: nothing lost, nothing wider than the screen, and every
    // row of a flush tail ends where the line ends.
    let long =
        "［＃地から３字上げ］とても長い署名がここにあって一行には収まらないほどの長さ［＃「長さ」に傍点］\n";
    for width in 6..=60 {
        let rows = picture(long, width);
        let joined: String = rows.concat().replace(' ', "");
        assert_eq!(joined, "とても長い署名がここにあって一行には収まらないほどの長さ");
        let margin = 6.min(width / 2);
        for row in &rows {
            let cols = unicode_width::UnicodeWidthStr::width(row.as_str());
            assert!(cols <= width, "{row} wider than {width}");
            assert!(cols + margin >= width - 1, "{row} not flush at {width}");
        }
    }
}

const PIECES: &[&str] = &[
    "漢",
    "字",
    "か",
    "な",
    "｜",
    "《よみ》",
    "［＃地付き］",
    "［＃地から２字上げ］",
    "［＃３字下げ］",
    "［＃ここから地付き］\n",
    "［＃ここで地付き終わり］\n",
    "［＃ここから２字下げ］\n",
    "［＃ここで字下げ終わり］\n",
    "a",
    " ",
    "\n",
    "\u{3000}",
    "、",
    "。",
    "［＃ここから地から１字上げ］\n",
    "［＃ここで字上げ終わり］\n",
    "\u{3000}\u{3000}\u{3000}",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Whatever the notes ask, every glyph stands inside the screen, none overlaps the
    /// one before it, and the column of each glyph's text leads back to it.
    #[test]
    fn placed_glyphs_stay_on_screen_and_map_back(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..50),
        width in 6usize..=80,
    ) {
        let text = format!("［＃ここから地付き］\n［＃ここで地付き終わり］\n{}", pieces.concat());
        let doc = Document::from_text(&text, Source::Stdin);
        proptest::prop_assume!(doc.markup().name() == "aozora");
        for layout in lay_out_all(&doc, LayoutOptions::new(width)) {
            for row in 0..layout.rows() {
                let mut end = 0;
                for placed in layout.glyphs(doc.text(), row).filter(|p| p.glyph.cols > 0) {
                    proptest::prop_assert!(placed.col >= end, "overlap on row {row} at {width}");
                    end = placed.col + placed.glyph.cols;
                    proptest::prop_assert!(end <= width, "past the screen at {width}");
                    if let Some((first, margin)) = layout.flush_end.filter(|(first, _)| row >= *first) {
                        proptest::prop_assert!(end + margin <= width, "into the margin at {width}, row {row} of {first}");
                    }
                    let found = layout.char_at_col(doc.text(), row, placed.col);
                    proptest::prop_assert_eq!(found, placed.char_offset);
                    proptest::prop_assert_eq!(layout.col_of_char(doc.text(), row, placed.char_offset), placed.col);
                }
            }
        }
    }
}
