//! Aozora Bunko notation typeset: ruby as readings that never leave their base, notes
//! as indents, headings and emphasis, gaiji as the characters they name, the legend and
//! colophon dimmed. Pure; works on one block's joined text at a time, with a small
//! document-wide [`Context`] for what spans blocks (indent regions, legend, colophon).
//!
//! We parse the notation ourselves rather than through the `aozora` crate: that crate
//! parses a whole document into a snapshot, while margent lays out only the paragraphs
//! around the viewport of a 50 MB text, and needs source offsets of the normalised text
//! in every piece; our scanner is small, linear and maps every byte back.

pub mod gaiji;
pub mod note;
pub mod scan;

use std::ops::Range;

use super::map::{Builder, Typeset};
use super::pages::Pages;
use super::{Mark, MarkupOptions, Reading};
use note::Note;
use scan::{Script, Token};

/// Bytes at the start of a text looked at to detect the notation.
const DETECT_BYTES: usize = 64 * 1024;
/// Bytes of text before an emphasis note searched for the phrase it names.
const FIND_WINDOW: usize = 4096;
/// A line of at least this many hyphens frames the legend.
const RULE_MIN: usize = 10;

/// Whether `text` is written in Aozora Bunko notation: it has the legend's heading, or
/// notes, or several readings in kana (Chinese uses `《…》` for book titles).
pub fn detect(text: &str) -> bool {
    let sample = &text[..crate::text::floor_char_boundary(text, text.len().min(DETECT_BYTES))];
    if sample.contains("【テキスト中に現れる記号について】") {
        return true;
    }
    let notes = sample.matches("［＃").count();
    let readings = sample
        .match_indices('《')
        .filter(|(at, _)| {
            let rest = &sample[at + '《'.len_utf8()..];
            rest.find('》')
                .is_some_and(|end| end > 0 && end <= 60 && rest[..end].chars().all(is_kana))
        })
        .count();
    notes >= 2 || readings >= 3 || (notes >= 1 && readings >= 1)
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309f}' | '\u{30a0}'..='\u{30ff}')
}

/// What spans blocks: indent regions, the legend and the colophon.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// From each byte on (the end of a region note), blocks are indented by this many
    /// characters (0: no region).
    regions: Vec<(usize, usize)>,
    /// From each byte on, blocks are set flush against the line's end, so many
    /// characters short of it (`None`: no region).
    flush_regions: Vec<(usize, Option<usize>)>,
    /// The header legend, from its first rule to the end of its second.
    legend: Option<Range<usize>>,
    /// From `底本：` to the end.
    colophon: Option<usize>,
    /// Where `regions` and `flush_regions` start, by page.
    pages: (Pages, Pages),
}

impl Context {
    pub fn new(text: &str) -> Context {
        let (mut regions, mut flush_regions) = (Vec::new(), Vec::new());
        for (at, _) in text.match_indices("［＃ここ") {
            let content_start = at + "［＃".len();
            let Some(end) = text[content_start..].find('］').filter(|&end| end < 200) else {
                continue;
            };
            let content = &text[content_start..content_start + end];
            if let Some(indent) = note::region_indent(content) {
                regions.push((content_start + end, indent));
            }
            if let Some(margin) = note::region_flush_end(content) {
                flush_regions.push((content_start + end, margin));
            }
        }
        let pages = (
            Pages::new(regions.iter().map(|(at, _)| *at), text.len()),
            Pages::new(flush_regions.iter().map(|(at, _)| *at), text.len()),
        );
        Context {
            regions,
            flush_regions,
            pages,
            legend: legend(text),
            colophon: text.rfind("\n底本：").map(|at| at + 1),
        }
    }

    fn region_indent(&self, byte: usize) -> usize {
        let index = self.pages.0.last_at_or_before(&self.regions, |(at, _)| *at, byte);
        index.map_or(0, |i| self.regions[i].1)
    }

    fn region_flush_end(&self, byte: usize) -> Option<usize> {
        let index = self
            .pages
            .1
            .last_at_or_before(&self.flush_regions, |(at, _)| *at, byte);
        index.and_then(|i| self.flush_regions[i].1)
    }

    fn in_legend(&self, byte: usize) -> bool {
        self.legend.as_ref().is_some_and(|l| l.contains(&byte))
    }

    fn dimmed(&self, byte: usize) -> bool {
        self.in_legend(byte) || self.colophon.is_some_and(|c| byte >= c)
    }
}

/// The legend: a rule of hyphens near the start and the next rule after it.
fn legend(text: &str) -> Option<Range<usize>> {
    let head = &text[..crate::text::floor_char_boundary(text, text.len().min(16 * 1024))];
    let mut rules = head
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .filter(|(_, line)| is_rule(line));
    let (first, _) = rules.next()?;
    let (second, line) = rules.next()?;
    Some(first..second + line.len())
}

/// A line that is only hyphens (at least `RULE_MIN`).
pub fn is_rule(line: &str) -> bool {
    let line = line.trim_end();
    line.len() >= RULE_MIN && line.bytes().all(|b| b == b'-')
}

/// One block typeset: `inner` is its joined text, `source_byte` where it starts in the
/// source. `None` when nothing in it needs typesetting.
pub fn typeset(
    inner: &str,
    source_byte: usize,
    context: &Context,
    options: MarkupOptions,
) -> Option<Typeset> {
    let region = context.region_indent(source_byte);
    let flush_region = context.region_flush_end(source_byte);
    let dimmed = context.dimmed(source_byte);
    let special = ['《', '｜', '［', '※'].iter().any(|c| inner.contains(*c));
    let rule = is_rule(inner) && inner.len() > options.width_cols;
    if !special && region == 0 && flush_region.is_none() && !dimmed && !rule {
        return None;
    }
    let mut typesetter = Typesetter {
        builder: Builder::new(inner),
        inner,
        options,
        base: String::new(),
        base_map: Vec::new(),
        indent: 0,
    };
    if let Some(margin) = flush_region {
        typesetter.builder.set_flush_end(0, margin * 2);
    }
    if rule {
        // A rule is never wrapped into two lines of hyphens.
        typesetter.builder.copy(0..options.width_cols);
    } else if context.in_legend(source_byte) {
        // The legend explains the notation with examples of it: shown as written.
        typesetter.builder.copy(0..inner.len());
    } else {
        typesetter.run(&scan::scan(inner));
    }
    let mut builder = typesetter.builder;
    let indent = typesetter.indent.max(region);
    builder.set_indent(indent * 2);
    if dimmed {
        let len = builder.len();
        builder.mark(0..len, Mark::Dim);
    }
    Some(builder.finish())
}

struct Typesetter<'i> {
    builder: Builder<'i>,
    inner: &'i str,
    options: MarkupOptions,
    /// The text shown so far without readings (what emphasis notes name), and for each
    /// chunk of it, where it starts in the base text and in the display text.
    base: String,
    base_map: Vec<(usize, usize)>,
    indent: usize,
}

impl Typesetter<'_> {
    fn run(&mut self, tokens: &[Token]) {
        let starts = base_starts(self.inner, tokens);
        let mut starts = starts.iter().peekable();
        let raw = self.options.reading == Reading::Raw;
        let mut group_start = None;
        for (index, token) in tokens.iter().enumerate() {
            // Sorted: the next start is the first not passed.
            while starts.next_if(|&&start| start < index).is_some() {}
            if starts.next_if(|&&start| start == index).is_some() {
                group_start = Some(self.builder.len());
            }
            match token {
                Token::Char(range) => self.show_base(range.clone()),
                Token::Bar(range) if raw || !bar_used(tokens, index) => self.show_base(range.clone()),
                Token::Bar(range) => self.builder.hide(range.clone()),
                Token::Ruby { span, reading } => {
                    let start = group_start.take().unwrap_or(self.builder.len());
                    self.ruby(span.clone(), reading.clone());
                    let end = self.builder.len();
                    self.builder.group(start..end);
                }
                Token::Gaiji { span, content } => self.gaiji(span.clone(), content.clone()),
                Token::Note { span, content } => self.note(span.clone(), content.clone()),
            }
        }
    }

    fn show_base(&mut self, range: Range<usize>) {
        self.base_map.push((self.base.len(), self.builder.len()));
        self.base.push_str(&self.inner[range.clone()]);
        self.builder.copy(range);
    }

    fn ruby(&mut self, span: Range<usize>, reading: Range<usize>) {
        match self.options.reading {
            Reading::Hide => self.builder.hide(span),
            Reading::Raw => self.builder.copy(span),
            Reading::Inline => {
                let start = self.builder.len();
                self.builder.replace("（", span.start..reading.start);
                self.builder.copy(reading.clone());
                self.builder.replace("）", reading.end..span.end);
                let end = self.builder.len();
                self.builder.mark(start..end, Mark::Reading);
            }
        }
    }

    fn gaiji(&mut self, span: Range<usize>, content: Range<usize>) {
        let content = &self.inner[content];
        if let Some(resolved) = gaiji::resolve(content).filter(|_| !self.options.reveal_notes) {
            self.base_map.push((self.base.len(), self.builder.len()));
            self.base.push_str(&resolved);
            self.builder.replace(&resolved, span);
            return;
        }
        let start = self.builder.len();
        if self.options.reveal_notes {
            self.builder.copy(span);
        } else {
            self.builder
                .replace(&format!("〔{}〕", gaiji::description(content)), span);
        }
        let end = self.builder.len();
        self.builder.mark(start..end, Mark::Dim);
    }

    fn note(&mut self, span: Range<usize>, content: Range<usize>) {
        let at_line_start = self.builder.shown().trim_start().is_empty();
        match note::parse(&self.inner[content]) {
            Note::Emphasis { target, mark } => {
                if let Some(display) = self.find_base(target) {
                    self.builder.mark(display, mark);
                }
            }
            Note::HeadingOf { level, .. } | Note::Heading(level) => self.builder.set_heading(level),
            Note::Indent(count) if at_line_start => self.indent = count,
            Note::FlushEnd(margin) => {
                let from = self.builder.len();
                self.builder.set_flush_end(from, margin * 2);
            }
            Note::Break if !self.options.reveal_notes => {
                let start = self.builder.len();
                self.builder.replace("＊　＊　＊", span);
                let end = self.builder.len();
                self.builder.mark(start..end, Mark::Dim);
                return;
            }
            _ => {}
        }
        if self.options.reveal_notes {
            let start = self.builder.len();
            self.builder.copy(span);
            let end = self.builder.len();
            self.builder.mark(start..end, Mark::Dim);
        } else {
            self.builder.hide(span);
        }
    }

    /// Display range of the last occurrence of `target` in the base text shown so far.
    fn find_base(&self, target: &str) -> Option<Range<usize>> {
        if target.is_empty() {
            return None;
        }
        // Only the recent text is looked at: the phrase is just before its note, and a
        // whole document typeset at once must not be searched once per note.
        let window =
            crate::text::floor_char_boundary(&self.base, self.base.len().saturating_sub(FIND_WINDOW));
        let start = window + self.base[window..].rfind(target)?;
        let to_display = |base: usize| {
            let index = self
                .base_map
                .partition_point(|(b, _)| *b <= base)
                .checked_sub(1)?;
            let (chunk_base, chunk_display) = self.base_map[index];
            Some(chunk_display + (base - chunk_base))
        };
        let display_start = to_display(start)?;
        let last = start + target.len() - target.chars().next_back()?.len_utf8();
        let display_last = to_display(last)?;
        let last_len = target.chars().next_back()?.len_utf8();
        // Readings inside the phrase are emphasised with it.
        Some(display_start..display_last + last_len)
    }
}

/// Whether the bar at `index` starts the base of a reading (no other bar or reading
/// comes first).
fn bar_used(tokens: &[Token], index: usize) -> bool {
    tokens[index + 1..]
        .iter()
        .find(|t| matches!(t, Token::Bar(_) | Token::Ruby { .. }))
        .is_some_and(|t| matches!(t, Token::Ruby { .. }))
}

/// Sorted token indices where the base of some reading starts: after a `｜`, else the
/// run of characters of one script (kanji, gaiji counting as kanji) before the reading.
fn base_starts(inner: &str, tokens: &[Token]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut bar: Option<usize> = None;
    for (index, token) in tokens.iter().enumerate() {
        match token {
            Token::Bar(_) => bar = Some(index),
            Token::Ruby { .. } => {
                if let Some(bar) = bar.take() {
                    starts.push(bar + 1);
                    continue;
                }
                let Some(script) = index.checked_sub(1).and_then(|i| script_of(inner, &tokens[i])) else {
                    continue;
                };
                let mut start = index;
                while start > 0 && script_of(inner, &tokens[start - 1]) == Some(script) {
                    start -= 1;
                }
                starts.push(start);
            }
            _ => {}
        }
    }
    starts.sort_unstable();
    starts
}

fn script_of(inner: &str, token: &Token) -> Option<Script> {
    match token {
        Token::Gaiji { .. } => Some(Script::Kanji),
        Token::Char(range) => {
            Some(scan::script(inner[range.clone()].chars().next()?)).filter(|script| *script != Script::Other)
        }
        _ => None,
    }
}
