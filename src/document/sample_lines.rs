//! Lines to test the hand-told line matchers on (tests only): every line of the
//! project's text fixtures, in whatever encoding they are, and lines made to sit at
//! the edges of what the matchers tell.

use std::path::Path;

/// Lines at the edges: labels and chapter words in every case, with and without
/// what must follow them, numerals, domains, and text in several scripts.
const MADE: &[&str] = &[
    "CHAPTER I",
    "Chapter 12",
    "chapters",
    "Chapter_1",
    "BOOK ONE: 1805",
    "Vol. II",
    "Volume the First",
    "Prologueé",
    "I",
    "Ill",
    "XIV.",
    "civil",
    "12",
    "１２",
    "十二、",
    "== Heading ==",
    "## Heading",
    "제3장 바다",
    "제 12 화",
    "第一回　甄士隐梦幻识通灵",
    "上卷 第三回",
    "Title: War and Peace",
    "  Title :  A Title  ",
    "Title:",
    "Title:   ",
    "Titles: many",
    "Author: Leo Tolstoy",
    "作者：鲁迅",
    "书名 ： 红楼梦",
    "Release Date: April, 2001 [EBook #2600]",
    "Release date : later",
    "A very long label that goes on and on: value",
    "Posting Date: 1",
    "Note:no space",
    "www.gutenberg.org",
    "https://example.com/x",
    "HTTP://EXAMPLE",
    "https://localhost/page",
    "see example.COM.",
    "example.common",
    "example.com_x",
    "a.com",
    "-.org",
    ".org",
    "银河.cn下载",
    "café.jp",
    "Visit ebooks.info today",
    "abc.tw.",
    "",
    " ",
];

/// The made lines, then every line of every text file under `tests/fixtures`.
pub fn sample_lines() -> Vec<String> {
    let mut lines: Vec<String> = MADE.iter().map(|line| (*line).to_owned()).collect();
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("the fixtures folder is readable") {
            let path = entry.expect("a fixture entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(doc) = super::Document::open(&path, None) {
                lines.extend(doc.text().lines().map(str::to_owned));
            }
        }
    }
    lines
}
