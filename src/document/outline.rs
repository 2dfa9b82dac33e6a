//! The document's outline: every heading with its position, for the table of contents,
//! heading jumps and the section shown in the status line. Built by one pass over the
//! blocks, which the reader runs in the background. Pure.

use crate::sanitize;

use super::{BlockKind, Document};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Byte and char offset of the heading's first character.
    pub byte: usize,
    pub char_offset: usize,
    pub level: u8,
    /// The heading's text, trimmed, whitespace collapsed, safe to show.
    pub title: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub headings: Vec<Heading>,
}

/// Longest heading title kept (in chars).
const MAX_TITLE_CHARS: usize = 120;

impl Outline {
    pub fn build(doc: &Document) -> Outline {
        let text = doc.text();
        let chars = doc.chars();
        let headings = doc
            .segmenter()
            .iter()
            .filter_map(|block| {
                let line = &text[block.content.clone()];
                let (level, title) = match (doc.markup().heading(line, block.content.start), block.kind) {
                    (Some(heading), _) => heading,
                    (None, BlockKind::Heading(level)) if !doc.markup().owns_headings() => {
                        (level, line.to_string())
                    }
                    (None, _) => return None,
                };
                let title: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
                let title: String = sanitize::inline(&title).chars().take(MAX_TITLE_CHARS).collect();
                let byte = block.content.start + (line.len() - line.trim_start().len());
                Some(Heading {
                    byte,
                    char_offset: chars.char_at(text, byte),
                    level,
                    title,
                })
            })
            .collect();
        Outline {
            headings: without_labels_above_title(headings, &doc.title()),
        }
    }

    /// Index of the last heading at or before `char_offset`.
    pub fn section_at(&self, char_offset: usize) -> Option<usize> {
        self.headings
            .partition_point(|h| h.char_offset <= char_offset)
            .checked_sub(1)
    }

    /// The first heading after `char_offset`.
    pub fn next_after(&self, char_offset: usize) -> Option<&Heading> {
        self.headings.iter().find(|h| h.char_offset > char_offset)
    }

    /// The last heading before `char_offset`.
    pub fn previous_before(&self, char_offset: usize) -> Option<&Heading> {
        self.headings.iter().rev().find(|h| h.char_offset < char_offset)
    }
}

/// Drops short title-like lines above the document's title (a site-section word such as
/// "News"): they are not sections of the text.
fn without_labels_above_title(mut headings: Vec<Heading>, title: &str) -> Vec<Heading> {
    if let Some(at) = headings.iter().position(|h| h.title == title)
        && headings[..at].iter().all(|h| h.level == 2)
    {
        headings.drain(..at);
    }
    headings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;

    #[test]
    fn a_site_section_word_above_the_title_is_no_section() {
        let text = "News\n\nHistoric private moon landing opens a new era\n\nBody text here.\n";
        let outline = Outline::build(&Document::from_text(text, Source::Stdin));
        let titles: Vec<&str> = outline.headings.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(titles, ["Historic private moon landing opens a new era"]);
    }

    #[test]
    fn lists_headings_in_order_with_positions() {
        let text = "Title Here\n\nCHAPTER I\n\nSome text.\n\n第二章　天下\n\nMore text here.\n";
        let doc = Document::from_text(text, Source::Stdin);
        let outline = Outline::build(&doc);
        let titles: Vec<&str> = outline.headings.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(titles, ["Title Here", "CHAPTER I", "第二章 天下"]);
        let chapter = &outline.headings[1];
        assert_eq!(&text[chapter.byte..chapter.byte + 7], "CHAPTER");
        let more = doc.char_at(text.find("More").unwrap());
        assert_eq!(outline.section_at(more), Some(2));
        assert_eq!(outline.section_at(0), Some(0));
        assert_eq!(
            outline.next_after(chapter.char_offset).unwrap().title,
            "第二章 天下"
        );
        assert_eq!(
            outline.previous_before(chapter.char_offset).unwrap().title,
            "Title Here"
        );
    }
}
