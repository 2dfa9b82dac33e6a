//! `margent render` over excerpts of real articles (tests/fixtures/corpus, copied byte
//! for byte from the shared corpus): every encoding and paragraph style, at terminal
//! widths from 24 to 120.

use std::path::{Path, PathBuf};

use margent::document::Document;
use margent::layout::LayoutOptions;
use margent::layout::width::{AmbiguousWidth, grapheme_cols};
use margent::sanitize;
use margent::text::class::{is_no_end, is_no_start};
use unicode_segmentation::UnicodeSegmentation;

const WIDTHS: [usize; 5] = [24, 33, 40, 80, 120];

/// Fixture file, the encoding it must be detected as, and its title.
const FIXTURES: &[(&str, &str, &str)] = &[
    (
        "ar-al-kindi-first-philosophy-wikisource-rtl.txt",
        "UTF-8",
        "ar-al-kindi-first-philosophy-wikisource-rtl",
    ),
    (
        "en-common-sense-paine-gutenberg-utf8bom-crlf.txt",
        "UTF-8",
        "Common Sense",
    ),
    (
        "en-moby-dick-gutenberg-cp1252-crlf.txt",
        "windows-1252",
        "CHAPTER 1. Loomings.",
    ),
    (
        "en-news-voa-2024-space-exploration.txt",
        "UTF-8",
        "2024 Another Big Year for Space Exploration",
    ),
    (
        "en-news-voa-virtual-fences-cows.txt",
        "UTF-8",
        "Virtual Fences for Cows Show Benefits",
    ),
    (
        "en-war-and-peace-gutenberg-utf8-unwrapped.txt",
        "UTF-8",
        "CHAPTER II",
    ),
    (
        "en-war-and-peace-gutenberg-utf8bom-hardwrapped.txt",
        "UTF-8",
        "War and Peace",
    ),
    (
        "ja-aozora-kokuyaku-shiki-rousou-kanbun-sjis.txt",
        "Shift_JIS",
        "國譯史記列傳",
    ),
    ("ja-aozora-tsumi-to-batsu-sjis.txt", "Shift_JIS", "罪と罰"),
    (
        "ja-aozora-wagahai-wa-neko-utf8bom-noruby.txt",
        "UTF-8",
        "吾輩は猫である",
    ),
    (
        "ko-gwangyeom-sonata-kim-dongin-utf8-crlf.txt",
        "UTF-8",
        "광염 소나타",
    ),
    (
        "ko-readymade-insaeng-chae-mansik-cp949-crlf.txt",
        "EUC-KR",
        "레디메이드 인생",
    ),
    (
        "ko-unsu-joeun-nal-hyeon-jingeon-utf8-crlf.txt",
        "UTF-8",
        "운수 좋은 날",
    ),
    (
        "mixed-utf8-demo-kuhn.txt",
        "UTF-8",
        "UTF-8 encoded sample plain-text file",
    ),
    (
        "zh-hant-kuangren-riji-luxun-fwindent-crlf.txt",
        "UTF-8",
        "zh-hant-kuangren-riji-luxun-fwindent-crlf",
    ),
    (
        "zh-hant-nahan-luxun-hardwrapped-crlf.txt",
        "UTF-8",
        "zh-hant-nahan-luxun-hardwrapped-crlf",
    ),
    (
        "zh-hant-zhaohua-xishi-luxun-single-line.txt",
        "UTF-8",
        "zh-hant-zhaohua-xishi-luxun-single-line",
    ),
    (
        "zh-hongloumeng-utf8-cr-only-hardwrapped.txt",
        "UTF-8",
        "第一回甄士隐梦幻识通灵贾雨村风尘怀闺秀",
    ),
    (
        "zh-hongloumeng-utf8-fwindent.txt",
        "UTF-8",
        "[红楼梦 / 曹雪芹 著 ]",
    ),
    (
        "zh-news-voa-uspacom-name-restored.txt",
        "UTF-8",
        "美军恢复美国太平洋司令部名称",
    ),
    (
        "zh-news-wikinews-traveller-kathmandu-library.txt",
        "UTF-8",
        "旅行家维克多在加德满都的《流浪的浪漫》",
    ),
    (
        "zh-sanguoyanyi-gbk-hardwrapped.txt",
        "GBK",
        "第一回 宴桃园豪杰三结义 斩黄巾英雄首立功",
    ),
    ("zh-xiyouji-gbk.txt", "GBK", "《西游记》"),
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(name)
}

fn open(name: &str) -> Document {
    Document::open(&fixture(name), None).unwrap_or_else(|err| panic!("{err}"))
}

/// The document with its markup shown as written (`--plain`): what reflow alone does.
fn open_plain(name: &str) -> Document {
    let mut doc = open(name);
    doc.set_plain();
    doc
}

/// Right-to-left rows in logical order (`bidi = "terminal"`): the order reflow keeps.
fn render_logical(doc: &Document, width: usize) -> String {
    let mut options = LayoutOptions::new(width);
    options.bidi = margent::layout::bidi::Bidi::Terminal;
    let mut out = Vec::new();
    margent::render::render(doc, options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn render(doc: &Document, width: usize) -> String {
    let mut out = Vec::new();
    margent::render::render(doc, LayoutOptions::new(width), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Non-whitespace chars as they must appear on screen: controls as their pictures,
/// bidi controls and invisible characters gone.
fn visible_chars(text: &str) -> String {
    text.chars()
        .filter(|&c| !c.is_whitespace() && !sanitize::is_bidi_control(c) && !sanitize::is_invisible(c))
        .map(|c| sanitize::control_picture(c).unwrap_or(c))
        .collect()
}

#[test]
fn detects_each_encoding_and_title() {
    for &(name, encoding, title) in FIXTURES {
        let doc = open(name);
        assert_eq!(doc.encoding(), encoding, "{name}");
        assert!(
            !doc.had_decode_errors(),
            "{name} decoded with replacement characters"
        );
        assert_eq!(doc.title(), title, "{name}");
    }
}

#[test]
fn sample_article_title_skips_the_site_section_word() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/en-news-new-development-concept-xinjiang.txt");
    let doc = Document::open(&path, None).unwrap();
    assert_eq!(
        doc.title(),
        "New Development Concept Leads High-quality Development In Xinjiang"
    );
}

#[test]
fn every_line_fits_and_nothing_visible_is_lost_or_reordered() {
    for &(name, ..) in FIXTURES {
        // Typeset markup shows other characters (readings in brackets, no notes): its
        // own tests check what it shows.
        let doc = open_plain(name);
        let expected = visible_chars(doc.text());
        for width in WIDTHS {
            let out = render_logical(&doc, width);
            for line in out.lines() {
                let cols: usize = line
                    .graphemes(true)
                    .map(|g| grapheme_cols(g, AmbiguousWidth::Narrow))
                    .sum();
                assert!(cols <= width, "{name} at {width}: {line:?} is {cols} columns");
            }
            assert!(
                visible_chars(&out) == expected,
                "{name} at {width}: visible text changed"
            );
        }
    }
}

#[test]
fn no_line_starts_with_closing_or_ends_with_opening_cjk_punctuation() {
    for (name, doc) in FIXTURES
        .iter()
        .filter(|(name, ..)| name.starts_with(['z', 'j']))
        .flat_map(|&(name, ..)| [(name, open(name)), (name, open_plain(name))])
    {
        let source_lines: Vec<&str> = doc.text().lines().map(str::trim).collect();
        for width in WIDTHS {
            for line in render(&doc, width).lines() {
                let shown = line.trim();
                // A source line may itself start with closing punctuation (Aozora notes).
                if source_lines.iter().any(|source| source.starts_with(shown)) {
                    continue;
                }
                let first = shown.chars().next();
                let last = shown.chars().next_back();
                assert!(!first.is_some_and(is_no_start), "{name} at {width}: {shown:?}");
                assert!(!last.is_some_and(is_no_end), "{name} at {width}: {shown:?}");
            }
        }
    }
}

#[test]
fn hard_wrapped_cjk_is_joined_without_spaces() {
    let doc = open("zh-sanguoyanyi-gbk-hardwrapped.txt");
    let out = render(&doc, 120);
    // "楚、汉" ends a source line and "分争" starts the next one.
    assert!(out.contains("楚、汉分争"), "{out}");
    let doc = open("zh-hant-nahan-luxun-hardwrapped-crlf.txt");
    assert!(render(&doc, 200).contains("使精神的絲縷還牽著己逝的寂寞的時光"));
}

#[test]
fn hard_wrapped_english_is_joined_with_spaces() {
    let doc = open("en-moby-dick-gutenberg-cp1252-crlf.txt");
    let out = render(&doc, 200);
    assert!(out.contains("Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse"), "{out}");
}

/// The first rows of a few articles, as a person would see them at 40 columns.
#[test]
fn snapshots_at_40_columns() {
    for name in [
        "en-moby-dick-gutenberg-cp1252-crlf.txt",
        "zh-hant-kuangren-riji-luxun-fwindent-crlf.txt",
        "zh-sanguoyanyi-gbk-hardwrapped.txt",
        "ja-aozora-tsumi-to-batsu-sjis.txt",
        "ko-readymade-insaeng-chae-mansik-cp949-crlf.txt",
    ] {
        let out = render(&open(name), 40);
        let head: Vec<&str> = out.lines().take(30).collect();
        insta::assert_snapshot!(name, head.join("\n"));
    }
}
