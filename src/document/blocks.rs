//! Paragraph detection: splits the normalised text into blocks (paragraphs, headings,
//! verbatim lines) that partition it, lazily from any position. Pure.
//!
//! Whether two neighbouring lines belong to one paragraph depends only on the two lines,
//! the blank lines between them and the document's [`TextStyle`], so the block around
//! any byte can be found by looking at a few lines either side: a 50 MB article never
//! has to be segmented in full before its first screen is shown.

use std::cell::Cell;
use std::ops::Range;

use super::heading::{heading_level, is_caps_heading, is_caps_line};
use super::lines::{LineInfo, is_blank, line_at, next_line, prev_line};
use super::style::{MIN_WRAP_COLS, TextStyle};
use crate::markup::markdown;
use crate::text::class::is_blank_char;

/// Two lines in capitals, flush with each other: a heading that runs over lines
/// (checked as a whole when the block is made).
fn joins_caps(a: &str, b: &str) -> bool {
    let indent = |line: &str| line.len() - line.trim_start().len();
    indent(a) == indent(b) && is_caps_line(a.trim()) && is_caps_line(b.trim())
}

/// A standalone block of up to this many lines, all in capitals, is a heading.
const MAX_CAPS_HEADING_LINES: usize = 3;

/// An indent this deep (columns) sets a line off on purpose, unless the line is too
/// long for it: see `stray_indent`.
const MIN_STRAY_INDENT_COLS: usize = 8;

/// The page plain text is set for (columns): an indent centres or aligns a line in it,
/// so a line of prose (over half the page) that its indent pushes past the page was
/// not placed by it. Names and titles are short, and may be aligned to a wider page.
const MAX_SET_OFF_LINE_COLS: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// Prose: hard-wrapped source lines are joined and re-wrapped.
    Paragraph,
    /// A one-line heading; level 1 is chapter-like, 2 is a short title-like line.
    Heading(u8),
    /// A column-aligned line (table row, box drawing): shown as it is.
    Verbatim,
}

/// A paragraph-level unit of the text. Blocks partition the text: each block's bytes
/// run from the end of the previous block's last line (its `\n`, and any blank lines)
/// to the end of its own last line; the last block also takes the text's tail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub bytes: Range<usize>,
    /// From the start of the first line (indent included) to the end of the last line.
    pub content: Range<usize>,
    pub kind: BlockKind,
    /// Blank lines separate this block from the previous one in the source.
    pub gap_before: bool,
}

/// A non-blank line and the number of blank lines between it and the previous (or
/// next) non-blank line it was reached from.
type ContentLine = (Range<usize>, usize);

/// Finds blocks in one text; cheap to create.
#[derive(Debug, Clone)]
pub struct Segmenter<'t> {
    text: &'t str,
    style: TextStyle,
    /// A Markdown document's regions: its lines join as Markdown says, not as prose.
    markdown: Option<&'t markdown::Context>,
    /// The two most recently measured lines (keyed by start byte): walking through the
    /// text measures each line twice, once with each neighbour.
    measured: Cell<[(usize, Option<LineInfo>); 2]>,
}

impl<'t> Segmenter<'t> {
    pub fn new(text: &'t str, style: TextStyle) -> Self {
        Segmenter {
            text,
            style,
            markdown: None,
            measured: Cell::new([(usize::MAX, None); 2]),
        }
    }

    /// Segments as Markdown: a paragraph's lines are one block, every other line its own.
    pub fn with_markdown(mut self, context: &'t markdown::Context) -> Self {
        self.markdown = Some(context);
        self
    }

    fn info(&self, line: &Range<usize>) -> Option<LineInfo> {
        let mut measured = self.measured.get();
        if let Some((_, info)) = measured.iter().find(|(start, _)| *start == line.start) {
            return *info;
        }
        let info = LineInfo::of(&self.text[line.clone()]);
        measured[1] = measured[0];
        measured[0] = (line.start, info);
        self.measured.set(measured);
        info
    }

    /// The first block, if the text has any non-blank line.
    pub fn first(&self) -> Option<Block> {
        let line = line_at(self.text, 0);
        let (first, _) = if is_blank(&self.text[line.clone()]) {
            self.next_content_line(&line)?
        } else {
            (line, 0)
        };
        Some(self.block_from(first, 0, None))
    }

    /// The last block, if any.
    pub fn last(&self) -> Option<Block> {
        self.block_at(self.text.len())
    }

    /// The block whose bytes contain `byte` (past-the-end bytes give the last block).
    pub fn block_at(&self, byte: usize) -> Option<Block> {
        let byte = byte.min(self.text.len());
        let line = line_at(self.text, byte);
        if is_blank(&self.text[line.clone()]) {
            return match self.next_content_line(&line) {
                Some((next, _)) => Some(self.block_containing(next)),
                None => self
                    .prev_content_line(&line)
                    .map(|(prev, _)| self.block_containing(prev)),
            };
        }
        let block = self.block_containing(line);
        if byte >= block.bytes.end {
            // `byte` is the `\n` ending this block: it belongs to the next block.
            return Some(self.next(&block).unwrap_or(block));
        }
        Some(block)
    }

    pub fn next(&self, block: &Block) -> Option<Block> {
        let last_line = line_at(self.text, block.content.end);
        let (line, blanks) = self.next_content_line(&last_line)?;
        Some(self.block_from(line, blanks, Some(block.content.end)))
    }

    pub fn prev(&self, block: &Block) -> Option<Block> {
        let first_line = line_at(self.text, block.content.start);
        let (line, _) = self.prev_content_line(&first_line)?;
        Some(self.block_containing(line))
    }

    /// All blocks from the first, in order.
    pub fn iter(self) -> impl Iterator<Item = Block> + 't {
        let first = self.first();
        std::iter::successors(first, move |block| self.next(block))
    }

    /// The block containing the non-blank `line`.
    fn block_containing(&self, line: Range<usize>) -> Block {
        let mut first = line;
        loop {
            match self.prev_content_line(&first) {
                Some((prev, blanks)) if self.joins(&prev, &first, blanks) => first = prev,
                Some((prev, blanks)) => return self.block_from(first, blanks, Some(prev.end)),
                None => return self.block_from(first, 0, None),
            }
        }
    }

    /// The block whose first line is `first`, reached across `blanks_before` blank lines
    /// from the previous block, whose last line ends at `prev_end`.
    fn block_from(&self, first: Range<usize>, blanks_before: usize, prev_end: Option<usize>) -> Block {
        let has_prev = prev_end.is_some();
        let start = prev_end.unwrap_or(0);
        let mut last = first.clone();
        let mut line_count = 1;
        let blanks_after = loop {
            match self.next_content_line(&last) {
                Some((next, blanks)) if self.joins(&last, &next, blanks) => {
                    last = next;
                    line_count += 1;
                }
                Some((_, blanks)) => break Some(blanks),
                None => break None,
            }
        };
        let end = if blanks_after.is_some() {
            last.end
        } else {
            self.text.len()
        };
        let standalone = (!has_prev || blanks_before > 0) && blanks_after.is_none_or(|blanks| blanks > 0);
        let kind = if line_count == 1 {
            self.one_line_kind(&first, standalone)
        } else if line_count <= MAX_CAPS_HEADING_LINES
            && standalone
            && is_caps_heading(&self.text[first.start..last.end])
        {
            // "OF THE ORIGIN AND DESIGN OF GOVERNMENT IN GENERAL, / WITH CONCISE REMARKS…"
            BlockKind::Heading(1)
        } else {
            BlockKind::Paragraph
        };
        let content_start = match kind {
            BlockKind::Paragraph => first.start + self.stray_indent(&first),
            _ => first.start,
        };
        Block {
            bytes: start..end,
            content: content_start..last.end,
            kind,
            gap_before: has_prev && blanks_before > 0,
        }
    }

    /// Bytes of leading whitespace on a paragraph's first line that set nothing off: a
    /// deep indent, not the text's habit, before prose it pushes past the page it would
    /// centre or align it in (a scraper's spaces before an article's lead).
    fn stray_indent(&self, first: &Range<usize>) -> usize {
        let Some(info) = self.info(first) else {
            return 0;
        };
        let stray = info.indent_cols >= MIN_STRAY_INDENT_COLS
            && info.indent_cols > self.style.margin_cols
            && self.style.first_line_indent != Some(info.indent_cols)
            && info.cols > MAX_SET_OFF_LINE_COLS
            && info.cols - info.indent_cols > MAX_SET_OFF_LINE_COLS / 2;
        if !stray {
            return 0;
        }
        let line = &self.text[first.clone()];
        line.len() - line.trim_start_matches(is_blank_char).len()
    }

    /// What a block of one line is; `standalone`: blank lines (or the text's ends) are
    /// around it.
    fn one_line_kind(&self, line: &Range<usize>, standalone: bool) -> BlockKind {
        let text = &self.text[line.clone()];
        let Some(info) = self.info(line) else {
            return BlockKind::Paragraph;
        };
        match heading_level(text, &info, standalone) {
            Some(level) => BlockKind::Heading(level),
            None if info.tabular => BlockKind::Verbatim,
            None => BlockKind::Paragraph,
        }
    }

    /// Whether the non-blank lines `a` and `b` (in this order, `blanks` blank lines
    /// apart) belong to one paragraph.
    fn joins(&self, a: &Range<usize>, b: &Range<usize>, blanks: usize) -> bool {
        let paragraph_gap = if self.style.double_spaced {
            blanks > 1
        } else {
            blanks > 0
        };
        if paragraph_gap {
            return false;
        }
        if let Some(context) = self.markdown {
            return blanks == 0 && markdown::paragraph::continues(context, self.text, a.clone(), b.clone());
        }
        let (a_range, b_range) = (a, b);
        let (a_text, b_text) = (&self.text[a.clone()], &self.text[b.clone()]);
        let Some(wrap_cols) = self.style.wrap_cols else {
            return blanks == 0 && joins_caps(a_text, b_text);
        };
        let (Some(a), Some(b)) = (self.info(a), self.info(b)) else {
            return false;
        };
        if a.tabular || b.tabular || b.indent_cols > a.indent_cols {
            return false;
        }
        if self.style.first_line_indent == Some(b.indent_cols) && b.indent_cols > self.style.margin_cols {
            // Paragraphs open indented, their other lines at the margin: `b` opens one.
            return false;
        }
        if joins_caps(a_text, b_text) {
            return true;
        }
        if is_cjk_opening(b.first) && is_cjk_closing(a.last) {
            return false;
        }
        // `a` ends a paragraph if the first word of `b` would have fitted after it:
        // within the file's wrap width, and within the width of `a`'s own paragraph
        // where its lines show one (files wrapped at irregular widths).
        let slack = (wrap_cols / 8).max(4);
        let needed = a.cols + 1 + b.first_unit_cols;
        if needed + slack > wrap_cols {
            return true;
        }
        // The width of `a`'s own paragraph, where its lines show one near the file's
        // (more than half of it: files wrapped at irregular widths). Lines far shorter
        // than the file's that look wrapped at their own width are a stanza of verse.
        let near = |cols: usize| cols * 20 >= wrap_cols * 11;
        let local = super::wrap_guess::local_wrap_cols(
            self.text,
            a_range,
            &a,
            self.style.short_line_cols.min(MIN_WRAP_COLS),
        )
        .filter(|&local| near(local));
        if local.is_some_and(|local| needed > local) {
            return true;
        }
        // Three lines in a row far shorter than the file's: a stanza, whatever their
        // sentences do (verse goes on in lower case from line to line).
        let short_line = |line: Option<Range<usize>>| {
            line.and_then(|line| LineInfo::of(&self.text[line]))
                .is_some_and(|info| !near(info.cols))
        };
        if !near(a.cols)
            && !near(b.cols)
            && (short_line(prev_line(self.text, a_range)) || short_line(next_line(self.text, b_range)))
        {
            return false;
        }
        if super::wrap_guess::continues_sentence(&a, a_text, &b, b_text, self.style.short_line_cols) {
            return true;
        }
        // A short line between lines of prose, its sentence going on in the next (a
        // transcriber's break in dialogue: `…“Come` / `here,” said he,` / `“and sit…`).
        let floor = self.style.short_line_cols;
        let prose_before = || {
            prev_line(self.text, a_range)
                .and_then(|prev| LineInfo::of(&self.text[prev]))
                .is_some_and(|prev| prev.cols >= floor && prev.indent_cols == a.indent_cols)
        };
        let goes_on = b.indent_cols == a.indent_cols && super::wrap_guess::goes_on(&a, a_text, b_text);
        if goes_on && b.cols >= floor && prose_before() {
            return true;
        }
        // In a paragraph of wrapped prose, a sentence going on is wrapped whatever the
        // length of the line it stops in.
        local.is_some() && goes_on
    }

    fn next_content_line(&self, line: &Range<usize>) -> Option<ContentLine> {
        let mut blanks = 0;
        let mut cur = next_line(self.text, line)?;
        while is_blank(&self.text[cur.clone()]) {
            blanks += 1;
            cur = next_line(self.text, &cur)?;
        }
        Some((cur, blanks))
    }

    fn prev_content_line(&self, line: &Range<usize>) -> Option<ContentLine> {
        let mut blanks = 0;
        let mut cur = prev_line(self.text, line)?;
        while is_blank(&self.text[cur.clone()]) {
            blanks += 1;
            cur = prev_line(self.text, &cur)?;
        }
        Some((cur, blanks))
    }
}

/// Opening brackets and quotes that start Japanese and Chinese dialogue lines.
fn is_cjk_opening(c: char) -> bool {
    matches!(c, '「' | '『' | '（' | '【' | '《' | '〈' | '“')
}

fn is_cjk_closing(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '」' | '』' | '）' | '】' | '》' | '〉' | '”' | '…'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each block drawn as `kind|content` with its lines joined by `/`, `+` marking a gap.
    fn picture(text: &str) -> Vec<String> {
        let segmenter = Segmenter::new(text, TextStyle::detect(text));
        segmenter
            .iter()
            .map(|block| {
                let kind = match block.kind {
                    BlockKind::Paragraph => "P".to_string(),
                    BlockKind::Heading(level) => format!("H{level}"),
                    BlockKind::Verbatim => "V".to_string(),
                };
                let gap = if block.gap_before { "+" } else { "" };
                format!("{gap}{kind}|{}", text[block.content].replace('\n', "/"))
            })
            .collect()
    }

    #[test]
    fn a_heading_in_capitals_over_two_lines_is_one_heading() {
        let text = "Philadelphia, 1776\n\nOF THE ORIGIN AND DESIGN OF GOVERNMENT,\nWITH CONCISE REMARKS.\n\nSome writers have so confounded society with government.\n";
        assert_eq!(
            picture(text),
            [
                "H2|Philadelphia, 1776",
                "+H1|OF THE ORIGIN AND DESIGN OF GOVERNMENT,/WITH CONCISE REMARKS.",
                "+P|Some writers have so confounded society with government.",
            ]
        );
    }

    #[test]
    fn chapter_lines_in_capitals_are_one_heading_whatever_their_length() {
        for last in ["THE END", "THE MIDDLE"] {
            let text = format!("CHAPTER 7.\nTHE BEGINNING OF\n{last}\n\nOnce upon a time.\n");
            assert_eq!(
                picture(&text)[0],
                format!("H1|CHAPTER 7./THE BEGINNING OF/{last}")
            );
        }
    }

    fn wrapped_english() -> String {
        [
            "CHAPTER I",
            "",
            "It was a bright cold day in April, and the clocks were striking",
            "thirteen. Winston Smith, his chin nuzzled into his breast in an",
            "effort to escape the vile wind, slipped quickly through the glass",
            "doors of Victory Mansions.",
            "",
            "The hallway smelt of boiled cabbage and old rag mats. At one end of",
            "it a coloured poster, too large for indoor display, had been tacked",
            "to the wall.",
            "",
            "    Oranges and lemons,",
            "    Say the bells of St. Clement's.",
            "",
            "Name       Age",
            "Winston    39",
            "",
            "It depicted simply an enormous face, more than a metre wide: the",
            "face of a man of about forty-five, with a heavy black moustache and",
            "ruggedly handsome features.",
        ]
        .join("\n")
    }

    #[test]
    fn joins_hard_wrapped_english_and_keeps_verse_and_tables() {
        assert_eq!(
            picture(&wrapped_english()),
            [
                "H1|CHAPTER I",
                "+P|It was a bright cold day in April, and the clocks were striking/thirteen. Winston Smith, his chin nuzzled into his breast in an/effort to escape the vile wind, slipped quickly through the glass/doors of Victory Mansions.",
                "+P|The hallway smelt of boiled cabbage and old rag mats. At one end of/it a coloured poster, too large for indoor display, had been tacked/to the wall.",
                "+P|    Oranges and lemons,",
                "P|    Say the bells of St. Clement's.",
                "+V|Name       Age",
                "V|Winston    39",
                "+P|It depicted simply an enormous face, more than a metre wide: the/face of a man of about forty-five, with a heavy black moustache and/ruggedly handsome features.",
            ]
        );
    }

    #[test]
    fn full_width_indent_marks_paragraphs_without_blank_lines() {
        let text = "　　一\n　　今天晚上，很好的月光。\n　　我不見他，已是三十多年；今天見了，精神分外爽快。\n　　我怕得有理。";
        assert_eq!(
            picture(text),
            [
                "H1|　　一",
                "P|　　今天晚上，很好的月光。",
                "P|　　我不見他，已是三十多年；今天見了，精神分外爽快。",
                "P|　　我怕得有理。"
            ]
        );
    }

    #[test]
    fn a_deep_indent_before_a_line_too_long_to_centre_is_not_kept() {
        let lead = "美国战争部宣布将美国印太司令部的名称恢复为之前的美国太平洋司令部，五角大楼说。";
        let name = " ".repeat(80) + "채 만 식";
        let text = format!(
            "标题\n\n            {lead}\n{lead}\n\n{name}\n\n{}\n",
            " ".repeat(30) + "*** END ***"
        );
        let blocks = picture(&text);
        assert_eq!(blocks[1], format!("+P|{lead}"), "{blocks:?}");
        assert_eq!(blocks[3], format!("+P|{name}"), "aligned right on a wider page");
        assert_eq!(
            blocks[4],
            format!("+P|{}", " ".repeat(30) + "*** END ***"),
            "centred"
        );
        let quoted = format!("Prose.\n\n        {}\n", "a quoted line ".repeat(4));
        assert!(picture(&quoted)[1].starts_with("+P|        a quoted"), "set off");
    }

    #[test]
    fn joins_hard_wrapped_chinese_with_indented_first_lines() {
        let line = "话说天下大势分久必合合久必分周末七国分争并入于秦及秦灭之后楚汉分争";
        let mut text = String::new();
        for _ in 0..3 {
            text.push_str(&format!("    {line}\n{line}汉\n{line}汉\n尾。\n\n"));
        }
        let blocks = picture(&text);
        assert_eq!(blocks.len(), 3, "{blocks:#?}");
        assert!(blocks.iter().all(|b| b.matches('/').count() == 3));
    }

    #[test]
    fn japanese_dialogue_lines_are_paragraphs() {
        let text = "　吾輩は猫である。名前はまだ無い。\n「おい、こら」\n　と言った。";
        assert_eq!(
            picture(text),
            [
                "P|　吾輩は猫である。名前はまだ無い。",
                "P|「おい、こら」",
                "P|　と言った。"
            ]
        );
    }

    #[test]
    fn blocks_partition_the_text() {
        let text = format!("\n\n{}\n\n\n", wrapped_english());
        let segmenter = Segmenter::new(&text, TextStyle::detect(&text));
        let blocks: Vec<Block> = segmenter.clone().iter().collect();
        assert_eq!(blocks.first().unwrap().bytes.start, 0);
        assert_eq!(blocks.last().unwrap().bytes.end, text.len());
        for pair in blocks.windows(2) {
            assert_eq!(pair[0].bytes.end, pair[1].bytes.start);
        }
    }

    #[test]
    fn block_at_any_byte_agrees_with_sequential_segmentation() {
        let text = format!("\n{}\n\n", wrapped_english());
        let segmenter = Segmenter::new(&text, TextStyle::detect(&text));
        let blocks: Vec<Block> = segmenter.clone().iter().collect();
        for byte in 0..=text.len() {
            let expected = blocks
                .iter()
                .find(|b| b.bytes.contains(&byte))
                .unwrap_or_else(|| blocks.last().unwrap());
            assert_eq!(segmenter.block_at(byte).as_ref(), Some(expected), "byte {byte}");
        }
        for pair in blocks.windows(2) {
            assert_eq!(segmenter.next(&pair[0]).as_ref(), Some(&pair[1]));
            assert_eq!(segmenter.prev(&pair[1]).as_ref(), Some(&pair[0]));
        }
    }

    #[test]
    fn blank_and_empty_texts_have_no_blocks() {
        for text in ["", "\n\n", "  \n\t\n\u{3000}"] {
            let segmenter = Segmenter::new(text, TextStyle::default());
            assert_eq!(segmenter.first(), None);
            assert_eq!(segmenter.block_at(0), None);
        }
    }
}
