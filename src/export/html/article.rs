//! The article part of the HTML export: every block of the document as the reader shows
//! it (paragraphs reflowed, headings as headings, verbatim lines as they are), each
//! anchored annotation as `<mark>` runs in its colour, and after its last character a
//! numbered reference with its note beside it. Overlapping annotations split into runs
//! coloured by the innermost one, so tags always nest. Pure.

use std::io;

use super::super::Item;
use super::super::parts::Parts;
use super::{Page, push_escaped};
use crate::document::{Block, BlockKind};
use crate::layout::join::DisplayText;

/// One anchored annotation, in the text's char offsets. Its class and aside are made
/// when written: made first for 100,000 annotations, they are all held at once.
struct Span<'p> {
    number: usize,
    start: usize,
    end: usize,
    item: &'p Item,
}

/// Walks the blocks once, keeping the annotations that overlap the current block open.
struct ArticleWriter<'p> {
    page: &'p Page<'p>,
    spans: Vec<Span<'p>>,
    /// Indexes of spans that started before the end of the current block, not yet ended.
    open: Vec<usize>,
    anchored: Vec<bool>,
    ended: Vec<bool>,
    /// The class of the `<mark>` being written, if one is open.
    mark: Option<usize>,
}

/// Writes the article, handing it on a block at a time.
pub(super) fn write_article(page: &Page<'_>, parts: &mut Parts<'_>) -> io::Result<()> {
    let mut spans: Vec<Span> = page
        .numbered()
        .filter(|(_, item)| !item.is_orphaned())
        .map(|(number, item)| Span {
            number,
            start: item.anchoring.start,
            end: item.anchoring.end,
            item,
        })
        .collect();
    spans.sort_by_key(|span| (span.start, span.end));
    let count = spans.len();
    let mut writer = ArticleWriter {
        page,
        spans,
        open: Vec::new(),
        anchored: vec![false; count],
        ended: vec![false; count],
        mark: None,
    };
    let mut next = 0;
    parts.text().push_str("<article class=\"text\">\n");
    for (index, block) in page.input.doc.segmenter().iter().enumerate() {
        let doc = page.input.doc;
        let block_end = doc.char_at(block.bytes.end);
        let annotated = writer.spans.first().is_some_and(|span| span.start < block_end);
        if index == 0 && !annotated && is_title(page, &block) {
            continue; // the page's own heading shows it
        }
        while next < writer.spans.len() && writer.spans[next].start < block_end {
            writer.open.push(next);
            next += 1;
        }
        writer.write_block(parts.text(), &block, block_end);
        let spans = &writer.spans;
        writer.open.retain(|&index| spans[index].end > block_end);
        parts.pass()?;
    }
    parts.text().push_str("</article>\n");
    Ok(())
}

/// The block says just the title the page is headed with.
fn is_title(page: &Page<'_>, block: &Block) -> bool {
    let line = &page.input.doc.text()[block.content.clone()];
    let collapse = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    line.len() <= 4 * page.input.title.len() && collapse(line) == collapse(page.input.title)
}

impl ArticleWriter<'_> {
    fn write_block(&mut self, out: &mut String, block: &Block, block_end: usize) {
        let doc = self.page.input.doc;
        let text = doc.text();
        let content_char = doc.char_at(block.content.start);
        let tag = match block.kind {
            BlockKind::Heading(1) => "h2",
            BlockKind::Heading(_) => "h3",
            BlockKind::Verbatim => "pre",
            BlockKind::Paragraph => "p",
        };
        // Each block finds its own direction (a Hebrew or Arabic paragraph reads right to left).
        out.push_str(&format!("<{tag} dir=\"auto\">"));
        if block.kind == BlockKind::Verbatim {
            for (offset, c) in text[block.content.clone()].chars().enumerate() {
                self.write_char(out, c, content_char + offset);
            }
        } else {
            let shown = DisplayText::new(text, block.content.clone(), content_char);
            let mut cursor = shown.cursor(text, 0);
            for (byte, c) in shown.as_str(text).char_indices() {
                let (_, char_offset) = cursor.advance_to(byte);
                self.write_char(out, c, char_offset);
            }
        }
        self.end_spans(out, block_end);
        self.close_mark(out);
        out.push_str(&format!("</{tag}>\n"));
    }

    /// Writes one character of the text that sits at `char_offset` in the source.
    fn write_char(&mut self, out: &mut String, c: char, char_offset: usize) {
        self.end_spans(out, char_offset);
        let innermost = self
            .open
            .iter()
            .rev()
            .copied()
            .find(|&index| self.spans[index].start <= char_offset && char_offset < self.spans[index].end);
        if innermost != self.mark {
            self.close_mark(out);
            if let Some(index) = innermost {
                let class = self.page.class_of(&self.spans[index].item.annotation.color);
                out.push_str(&format!("<mark class=\"{class}\">"));
                self.mark = Some(index);
            }
        }
        for &index in &self.open {
            let span = &self.spans[index];
            if !self.anchored[index] && span.start <= char_offset {
                out.push_str(&format!("<span class=\"anchor\" id=\"a{}\"></span>", span.number));
                self.anchored[index] = true;
            }
        }
        push_escaped(out, c);
    }

    /// Ends every open span whose end is at or before `char_offset`: its reference and
    /// aside follow its last character.
    fn end_spans(&mut self, out: &mut String, char_offset: usize) {
        for position in 0..self.open.len() {
            let index = self.open[position];
            if self.ended[index] || self.spans[index].end > char_offset {
                continue;
            }
            self.ended[index] = true;
            let number = self.spans[index].number;
            if !self.anchored[index] {
                // Nothing of it was shown (an empty span, or only whitespace the reflow
                // dropped): the list still links here.
                out.push_str(&format!("<span class=\"anchor\" id=\"a{number}\"></span>"));
                self.anchored[index] = true;
            }
            let Some(aside) = self.page.aside(number, self.spans[index].item) else {
                continue;
            };
            self.close_mark(out);
            out.push_str(&format!(
                "<sup class=\"ref\"><a href=\"#n{number}\" id=\"r{number}\">[{number}]</a></sup>{aside}"
            ));
        }
    }

    fn close_mark(&mut self, out: &mut String) {
        if self.mark.take().is_some() {
            out.push_str("</mark>");
        }
    }
}
