//! The reading flow: the visual rows of a whole document at one width, laid out lazily
//! block by block around wherever the reader is, and cached. Pure: no terminal.
//!
//! A position in the flow is a row of a block layout ([`RowRef`]); the reader keeps its
//! place as a char offset and finds the row for it, so a resize (which drops the cache)
//! keeps the same text at the top. Nothing here costs more than the blocks it touches.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::block::{BlockLayout, LayoutOptions, VisualLine};
use crate::document::{Block, Document};

/// Block layouts kept before the cache is emptied (a few screens' worth many times).
const CACHE_BLOCKS: usize = 4096;

/// One row of the flow.
#[derive(Debug, Clone)]
pub struct RowRef {
    pub layout: Arc<BlockLayout>,
    pub row: usize,
}

impl RowRef {
    pub fn line(&self) -> &VisualLine {
        &self.layout.lines[self.row]
    }

    pub fn chars(&self) -> Range<usize> {
        self.line().chars.clone()
    }

    /// Same row of the same block (layouts compare by their block's position).
    pub fn same_as(&self, other: &RowRef) -> bool {
        self.row == other.row && self.layout.block.bytes.start == other.layout.block.bytes.start
    }
}

#[derive(Debug)]
pub struct Flow {
    options: LayoutOptions,
    cache: HashMap<usize, Arc<BlockLayout>>,
}

impl Flow {
    pub fn new(options: LayoutOptions) -> Flow {
        Flow {
            options,
            cache: HashMap::new(),
        }
    }

    pub fn options(&self) -> LayoutOptions {
        self.options
    }

    /// Changes width or glyph options; layouts made for the old ones are dropped.
    pub fn set_options(&mut self, options: LayoutOptions) {
        if options != self.options {
            self.options = options;
            self.cache.clear();
        }
    }

    fn layout(&mut self, doc: &Document, block: Block) -> Arc<BlockLayout> {
        if let Some(layout) = self.cache.get(&block.bytes.start) {
            return Arc::clone(layout);
        }
        if self.cache.len() >= CACHE_BLOCKS {
            self.cache.clear();
        }
        let block_char = doc.char_at(block.bytes.start);
        let layout = Arc::new(BlockLayout::of(doc, block, block_char, self.options));
        self.cache.insert(layout.block.bytes.start, Arc::clone(&layout));
        layout
    }

    /// The row showing `char_offset` (clamped to the document), or `None` for a
    /// document without text.
    pub fn row_at(&mut self, doc: &Document, char_offset: usize) -> Option<RowRef> {
        let byte = doc.byte_at(char_offset);
        let block = doc.segmenter().block_at(byte)?;
        let layout = self.layout(doc, block);
        let row = layout.row_of_char(char_offset);
        Some(RowRef { layout, row })
    }

    pub fn first_row(&mut self, doc: &Document) -> Option<RowRef> {
        let block = doc.segmenter().first()?;
        Some(RowRef {
            layout: self.layout(doc, block),
            row: 0,
        })
    }

    pub fn last_row(&mut self, doc: &Document) -> Option<RowRef> {
        let block = doc.segmenter().last()?;
        let layout = self.layout(doc, block);
        let row = layout.rows() - 1;
        Some(RowRef { layout, row })
    }

    pub fn next_row(&mut self, doc: &Document, at: &RowRef) -> Option<RowRef> {
        if at.row + 1 < at.layout.rows() {
            return Some(RowRef {
                layout: Arc::clone(&at.layout),
                row: at.row + 1,
            });
        }
        let block = doc.segmenter().next(&at.layout.block)?;
        Some(RowRef {
            layout: self.layout(doc, block),
            row: 0,
        })
    }

    pub fn prev_row(&mut self, doc: &Document, at: &RowRef) -> Option<RowRef> {
        if at.row > 0 {
            return Some(RowRef {
                layout: Arc::clone(&at.layout),
                row: at.row - 1,
            });
        }
        let block = doc.segmenter().prev(&at.layout.block)?;
        let layout = self.layout(doc, block);
        let row = layout.rows() - 1;
        Some(RowRef { layout, row })
    }

    /// Up to `count` rows starting with `start`.
    pub fn rows_from(&mut self, doc: &Document, start: &RowRef, count: usize) -> Vec<RowRef> {
        let mut rows = Vec::with_capacity(count);
        let mut next = Some(start.clone());
        while rows.len() < count
            && let Some(row) = next
        {
            next = self.next_row(doc, &row);
            rows.push(row);
        }
        rows
    }

    /// The row `delta` rows away from `from`, stopping at either end of the document.
    pub fn step(&mut self, doc: &Document, from: &RowRef, delta: isize) -> RowRef {
        let mut at = from.clone();
        for _ in 0..delta.unsigned_abs() {
            let next = if delta > 0 {
                self.next_row(doc, &at)
            } else {
                self.prev_row(doc, &at)
            };
            match next {
                Some(row) => at = row,
                None => break,
            }
        }
        at
    }

    /// The top row that shows the document's last row at the bottom of `height` rows
    /// (the first row if the document is shorter than that).
    pub fn last_page_top(&mut self, doc: &Document, height: usize) -> Option<RowRef> {
        let last = self.last_row(doc)?;
        Some(self.step(doc, &last, -(height.saturating_sub(1) as isize)))
    }

    /// Number of cached block layouts (for tests and benchmarks).
    pub fn cached_blocks(&self) -> usize {
        self.cache.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;

    fn doc(paragraphs: usize) -> Document {
        let text: String = (0..paragraphs)
            .map(|i| format!("Paragraph {i} has a few words that wrap at narrow widths.\n\n"))
            .collect();
        Document::from_text(&text, Source::Stdin)
    }

    #[test]
    fn steps_across_blocks_both_ways_and_stops_at_the_ends() {
        let doc = doc(10);
        let mut flow = Flow::new(LayoutOptions::new(20));
        let first = flow.first_row(&doc).unwrap();
        let far = flow.step(&doc, &first, 1000);
        assert!(far.same_as(&flow.last_row(&doc).unwrap()));
        let back = flow.step(&doc, &far, -1000);
        assert!(back.same_as(&first));
        let mut count = 1;
        let mut at = first.clone();
        while let Some(next) = flow.next_row(&doc, &at) {
            assert_eq!(
                next.chars().start,
                at.chars().end,
                "rows are contiguous in the text"
            );
            at = next;
            count += 1;
        }
        assert_eq!(flow.step(&doc, &first, count as isize - 1).chars(), at.chars());
    }

    #[test]
    fn a_char_offset_finds_its_row_at_any_width() {
        let doc = doc(50);
        let target = doc.text().find("Paragraph 31").unwrap();
        let target_char = doc.char_at(target);
        for width in [8, 20, 33, 80] {
            let mut flow = Flow::new(LayoutOptions::new(width));
            let row = flow.row_at(&doc, target_char).unwrap();
            assert_eq!(row.chars().start, target_char, "width {width}");
        }
    }

    #[test]
    fn the_last_page_ends_with_the_last_row() {
        let doc = doc(30);
        let mut flow = Flow::new(LayoutOptions::new(30));
        let top = flow.last_page_top(&doc, 10).unwrap();
        let rows = flow.rows_from(&doc, &top, 10);
        assert_eq!(rows.len(), 10);
        assert!(rows[9].same_as(&flow.last_row(&doc).unwrap()));
    }

    #[test]
    fn only_blocks_near_the_position_are_laid_out() {
        let doc = doc(5000);
        let mut flow = Flow::new(LayoutOptions::new(40));
        let middle = flow.row_at(&doc, doc.len_chars() / 2).unwrap();
        flow.rows_from(&doc, &middle, 50);
        assert!(flow.cached_blocks() < 40, "{}", flow.cached_blocks());
    }

    #[test]
    fn an_empty_document_has_no_rows() {
        let doc = Document::from_text("\n\n", Source::Stdin);
        let mut flow = Flow::new(LayoutOptions::new(40));
        assert!(flow.row_at(&doc, 0).is_none());
        assert!(flow.first_row(&doc).is_none());
        assert!(flow.last_page_top(&doc, 10).is_none());
    }
}
