//! Where a char offset lies in a document, in the terms people cite passages by: its
//! section (the last heading at or before it), its paragraph number (1-based, counting
//! every block — headings and verbatim lines too, as the reader's paragraph motions do)
//! and how far through the document it is. One pass over the blocks builds a
//! [`Locator`]; each lookup is a binary search. Pure: no IO, no terminal.
//!
//! The document's title line starts a section too, where it stands, even when the
//! segmenter does not take it for a heading: a news article's title is a long line that
//! reads like prose, and without this its passages would all sit under the site-section
//! word above it ("News").

use super::{BlockKind, Document};
use crate::sanitize;

/// Longest section title kept (in chars), as the outline keeps them.
const MAX_SECTION_CHARS: usize = 120;

/// Where one char offset is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Title of the last heading at or before the offset (whitespace collapsed, safe to
    /// show); `None` before the first heading or in a text without headings.
    pub section: Option<String>,
    /// 1-based number of the block holding the offset (1 for a text without blocks).
    pub paragraph: usize,
    /// How far through the text the offset is, in whole percent (0 to 100, rounded down).
    pub percent: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct SectionStart {
    char_offset: usize,
    title: String,
}

/// Answers `locate` for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locator {
    /// Char offset where each block's bytes start (blocks partition the text).
    block_starts: Vec<usize>,
    /// Headings in text order, at the char offset of their first visible character.
    sections: Vec<SectionStart>,
    len_chars: usize,
}

impl Locator {
    /// One pass over the document's blocks.
    pub fn build(doc: &Document) -> Locator {
        let text = doc.text();
        let mut title = Some(section_title(&doc.title()));
        let mut block_starts = Vec::new();
        let mut sections = Vec::new();
        for block in doc.segmenter().iter() {
            block_starts.push(doc.char_at(block.bytes.start));
            let line = &text[block.content.clone()];
            let is_heading = matches!(block.kind, BlockKind::Heading(_));
            let is_title = !is_heading && is_title_line(title.as_deref(), line);
            if !(is_heading || is_title) {
                continue;
            }
            if is_title {
                title = None; // only its first occurrence starts a section
            }
            let first_visible = block.content.start + (line.len() - line.trim_start().len());
            sections.push(SectionStart {
                char_offset: doc.char_at(first_visible),
                title: section_title(line),
            });
        }
        Locator {
            block_starts,
            sections,
            len_chars: doc.len_chars(),
        }
    }

    /// The location of `char_offset` (offsets past the end count as the end).
    pub fn locate(&self, char_offset: usize) -> Location {
        let char_offset = char_offset.min(self.len_chars);
        let section = self
            .sections
            .partition_point(|s| s.char_offset <= char_offset)
            .checked_sub(1)
            .map(|index| self.sections[index].title.clone());
        let paragraph = self
            .block_starts
            .partition_point(|&start| start <= char_offset)
            .max(1);
        Location {
            section,
            paragraph,
            percent: percent_of(char_offset, self.len_chars),
        }
    }

    /// Number of blocks in the document.
    pub fn paragraph_count(&self) -> usize {
        self.block_starts.len()
    }
}

/// Whether `line` is the document's title (a title is short: long blocks are not
/// compared at all).
fn is_title_line(title: Option<&str>, line: &str) -> bool {
    const MAX_TITLE_BYTES: usize = 1024;
    title.is_some_and(|title| line.len() <= MAX_TITLE_BYTES && section_title(line) == title)
}

fn section_title(line: &str) -> String {
    let collapsed = line.split_whitespace().collect::<Vec<_>>().join(" ");
    sanitize::inline(&collapsed)
        .chars()
        .take(MAX_SECTION_CHARS)
        .collect()
}

fn percent_of(char_offset: usize, len_chars: usize) -> u8 {
    if len_chars == 0 {
        return 0;
    }
    let percent = (char_offset as u128 * 100) / len_chars as u128;
    u8::try_from(percent.min(100)).unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;

    fn locator(text: &str) -> (Document, Locator) {
        let doc = Document::from_text(text, Source::Stdin);
        let locator = Locator::build(&doc);
        (doc, locator)
    }

    fn char_of(doc: &Document, needle: &str) -> usize {
        doc.char_at(doc.text().find(needle).unwrap())
    }

    #[test]
    fn names_the_last_heading_and_counts_every_block() {
        let text = "Title Here\n\nCHAPTER I\n\nSome text.\n\n第二章　天下\n\nMore text here.\n";
        let (doc, locator) = locator(text);
        assert_eq!(locator.paragraph_count(), 5);
        let more = locator.locate(char_of(&doc, "text here"));
        assert_eq!(more.section.as_deref(), Some("第二章 天下"));
        assert_eq!(more.paragraph, 5);
        let some = locator.locate(char_of(&doc, "Some"));
        assert_eq!((some.section.as_deref(), some.paragraph), (Some("CHAPTER I"), 3));
        assert_eq!(locator.locate(0).section.as_deref(), Some("Title Here"));
    }

    #[test]
    fn the_blank_lines_before_a_block_belong_to_it() {
        let text = "Title Here\n\nCHAPTER I\n\n\n\nSome text.\n";
        let (doc, locator) = locator(text);
        let blank = char_of(&doc, "\n\n\n") + 2;
        assert_eq!(locator.locate(blank).paragraph, 3);
        assert_eq!(locator.locate(blank).section.as_deref(), Some("CHAPTER I"));
    }

    #[test]
    fn text_before_the_first_heading_has_no_section() {
        let text = "A first paragraph that is long enough to read as prose, and ends with a stop.\n\nCHAPTER I\n\nMore.\n";
        let (doc, locator) = locator(text);
        assert_eq!(locator.locate(5).section, None);
        assert_eq!(
            locator.locate(char_of(&doc, "More")).section.as_deref(),
            Some("CHAPTER I")
        );
    }

    #[test]
    fn percent_counts_code_points_and_clamps() {
        let (doc, locator) = locator("一二三四五六七八九十");
        assert_eq!(doc.len_chars(), 10);
        assert_eq!(locator.locate(0).percent, 0);
        assert_eq!(locator.locate(5).percent, 50);
        assert_eq!(locator.locate(9).percent, 90);
        assert_eq!(locator.locate(99).percent, 100);
    }

    #[test]
    fn an_empty_text_is_paragraph_one_at_zero_percent() {
        let (_, locator) = locator("");
        assert_eq!(
            locator.locate(3),
            Location {
                section: None,
                paragraph: 1,
                percent: 0
            }
        );
    }

    #[test]
    fn the_sample_articles_section_is_its_title() {
        let text = include_str!("../../examples/en-news-new-development-concept-xinjiang.txt");
        let (doc, locator) = locator(text);
        let location = locator.locate(char_of(&doc, "Second, promote coordinated"));
        assert_eq!(
            location.section.as_deref(),
            Some("New Development Concept Leads High-quality Development In Xinjiang")
        );
        assert!(location.paragraph > 5, "{location:?}");
        assert!((30..70).contains(&location.percent), "{location:?}");
    }
}
