//! Markdown articles typeset (DESIGN §1.9): markers hidden, headings, emphasis, code
//! spans, links as their text, list bullets, quotes indented; code blocks kept as
//! written and clipped, front matter and HTML blocks dimmed. Pure. A paragraph's or list
//! item's lines are one block, joined as prose is (`paragraph`); every other line is a
//! block of its own. A small document-wide [`Context`] holds what spans lines: front
//! matter, code and HTML blocks, found once by pulldown-cmark.

pub mod detect;
mod line;
pub mod meta;
pub mod paragraph;
mod parts;
mod table;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use self::parts::Part;
use super::map::{Builder, Typeset};
use super::pages::Pages;
use super::{Mark, MarkupOptions};
use crate::sanitize;

/// Longest link address kept, in chars.
const MAX_URL_CHARS: usize = 2000;
/// Most links numbered: those after show their text only.
const MAX_LINKS: usize = 10_000;
pub use detect::{detect, front_matter};

/// What a source line belongs to, beyond inline Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Region {
    FrontMatter,
    Code,
    Html,
    /// A table's rows: kept as written, clipped at the width like code.
    Table,
    /// The text of a setext heading (of this level), its underline below it.
    Setext(u8),
    /// A setext heading's underline of `=` or `-`: not shown.
    Underline,
}

/// Regions of the document that span lines, sorted and disjoint; and the labels of its
/// reference definitions (`[label]: url`), so that a line's `[text][label]` is a link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    regions: Vec<(Range<usize>, Region)>,
    labels: HashSet<String>,
    /// The `>` markers of quote lines after a quote's first: hidden when its lines are
    /// joined into one paragraph.
    quote_markers: Vec<Range<usize>>,
    /// Each link to elsewhere (not an autolink, whose text is its address, nor a link
    /// within the page): where it starts in the source, and its address. The reader
    /// numbers them in this order.
    links: Vec<(usize, String)>,
    /// Every link to elsewhere (numbered or not, autolinks too): the source span of its
    /// text (an image in it included) and its address as written, in order.
    targets: Vec<(Range<usize>, String)>,
    /// Where each table starts in the source, and the widths of its columns.
    tables: Vec<(usize, Vec<usize>)>,
    /// The regions' starts by page: a region is looked for among its page's.
    region_pages: Pages,
}

impl Context {
    /// What spans lines in `text`; a large document is parsed in parts on all cores.
    pub fn new(text: &str) -> Context {
        let mut context = parts::parse(text, parts::count_for(text.len()));
        context.index_regions(text.len());
        context
    }

    /// Counts the regions before each page of a source of `len` bytes.
    fn index_regions(&mut self, len: usize) {
        self.region_pages = Pages::new(self.regions.iter().map(|(r, _)| r.start), len);
    }

    /// The links to elsewhere, in order: where each starts in the source, its address.
    pub fn links(&self) -> &[(usize, String)] {
        &self.links
    }

    /// The link whose source span holds `byte`: its index among all links, its address.
    pub(crate) fn link_at(&self, byte: usize) -> Option<(usize, &str)> {
        let index = self
            .targets
            .partition_point(|(span, _)| span.start <= byte)
            .checked_sub(1)?;
        let (span, url) = &self.targets[index];
        span.contains(&byte).then_some((index, url.as_str()))
    }

    /// The number (from 1) of the link that starts at source byte `byte`.
    pub(crate) fn link_number(&self, byte: usize) -> Option<usize> {
        self.links
            .binary_search_by_key(&byte, |(at, _)| *at)
            .ok()
            .map(|i| i + 1)
    }

    /// The quote markers (see the field) within `range` of a block that starts at
    /// source byte `base`, as offsets into the block like `range`'s.
    fn quote_markers_in(&self, base: usize, range: Range<usize>) -> Vec<Range<usize>> {
        let (Some(start), Some(end)) = (base.checked_add(range.start), base.checked_add(range.end)) else {
            return Vec::new();
        };
        let first = self.quote_markers.partition_point(|m| m.start < start);
        self.quote_markers[first..]
            .iter()
            .take_while(|m| m.end <= end)
            .map(|m| m.start - base..m.end - base)
            .collect()
    }

    /// Whether `[label]: url` is defined somewhere in the document.
    pub(crate) fn defines(&self, label: &str) -> bool {
        self.labels.contains(&label_key(label))
    }

    /// The column widths of the table starting at source byte `start`.
    fn table_widths(&self, start: usize) -> &[usize] {
        self.tables
            .binary_search_by_key(&start, |(at, _)| *at)
            .map_or(&[], |index| &self.tables[index].1)
    }

    pub(crate) fn region_at(&self, byte: usize) -> Option<(&Range<usize>, Region)> {
        let index = self
            .region_pages
            .last_at_or_before(&self.regions, |(r, _)| r.start, byte)?;
        let (range, region) = &self.regions[index];
        range.contains(&byte).then_some((range, *region))
    }
}

/// `text[part]` parsed on its own (front matter only at the document's start): what
/// spans its lines, the reference definitions it holds, and the labels of the references
/// it could not resolve. A reference is resolved from `known` where the part defines
/// none (definitions elsewhere in the document).
fn parse_part(text: &str, part: Range<usize>, known: Option<&HashMap<String, String>>) -> Part {
    let mut regions = Vec::new();
    let body_start = match front_matter(text).filter(|_| part.start == 0) {
        Some(range) => {
            let end = range.end;
            regions.push((range, Region::FrontMatter));
            end
        }
        None => part.start,
    };
    let body = &text[body_start..part.end];
    let mut push = |range: Range<usize>, region| {
        if regions
            .last()
            .is_none_or(|(last, _): &(Range<usize>, Region)| last.end <= range.start)
        {
            regions.push((range, region));
        }
    };
    let mut quote_markers = Vec::new();
    let mut links = Vec::new();
    let mut targets: Vec<(Range<usize>, String)> = Vec::new();
    let mut tables = Vec::new();
    // Links in a heading are not numbered: its text is also its title.
    let mut in_heading = false;
    let mut quote_depth = 0;
    // Tables are found here only: a line alone is never one.
    let options = line::options() | Options::ENABLE_TABLES;
    let mut unresolved = Vec::new();
    let resolve = |link: BrokenLink| {
        let key = label_key(&link.reference);
        let url = known.and_then(|known| known.get(&key));
        unresolved.push(key);
        url.map(|url| (CowStr::from(url.clone()), CowStr::from("")))
    };
    let mut events = Parser::new_with_broken_link_callback(body, options, Some(resolve)).into_offset_iter();
    // The link being read: its index in `targets` and where its text ends so far.
    let mut link_text: Option<(usize, usize)> = None;
    for (event, range) in events.by_ref() {
        if let Some((index, end)) = link_text.as_mut() {
            if matches!(event, Event::End(TagEnd::Link)) {
                let span = &mut targets[*index].0;
                span.end = *end;
                link_text = None;
            } else {
                *end = (*end).max(body_start + range.end);
            }
        }
        let region = match event {
            Event::Start(Tag::BlockQuote(_)) => {
                if quote_depth == 0 {
                    let mut at = body_start + range.start;
                    for line in body[range.clone()].split_inclusive('\n') {
                        let (depth, len) = paragraph::quote_markers(line);
                        if depth > 0 && at > body_start + range.start {
                            quote_markers.push(at..at + len);
                        }
                        at += line.len();
                    }
                }
                quote_depth += 1;
                continue;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                quote_depth -= 1;
                continue;
            }
            Event::Start(Tag::Link {
                link_type, dest_url, ..
            }) => {
                let shown = matches!(link_type, LinkType::Autolink | LinkType::Email);
                let elsewhere = !dest_url.starts_with('#') && !dest_url.is_empty();
                if !elsewhere || targets.len() >= MAX_LINKS {
                    continue;
                }
                // The address as written (the terminal gets it percent-encoded);
                // as listed on screen, with nothing in it that acts on the terminal.
                let url: String = dest_url.chars().take(MAX_URL_CHARS).collect();
                let url = match link_type {
                    LinkType::Email if !url.starts_with("mailto:") => format!("mailto:{url}"),
                    _ => url,
                };
                if !shown && !in_heading {
                    links.push((body_start + range.start, sanitize::inline(&url).into_owned()));
                }
                let start = body_start + range.start;
                link_text = Some((targets.len(), start + 1));
                targets.push((start..start + 1, url));
                continue;
            }
            Event::Start(Tag::CodeBlock(_)) => Region::Code,
            Event::Start(Tag::Table(_)) => {
                tables.push((body_start + range.start, table::widths(&body[range.clone()])));
                Region::Table
            }
            Event::Start(Tag::HtmlBlock) => Region::Html,
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                continue;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = true;
                if let Some(underline) = setext_underline(&body[range.clone()]) {
                    let (start, end) = (body_start + range.start, body_start + range.end);
                    push(start..start + underline, Region::Setext(level as u8));
                    push(start + underline..end, Region::Underline);
                }
                continue;
            }
            _ => continue,
        };
        push(body_start + range.start..body_start + range.end, region);
    }
    let definitions: Vec<(String, String)> = events
        .reference_definitions()
        .iter()
        .map(|(label, definition)| (label_key(label), definition.dest.to_string()))
        .collect();
    drop(events);
    let labels = definitions.iter().map(|(key, _)| key.clone()).collect();
    Part {
        context: Context {
            regions,
            labels,
            quote_markers,
            links,
            targets,
            tables,
            region_pages: Pages::default(),
        },
        definitions,
        unresolved,
    }
}

/// `inner` typeset, line by line; `source_byte` is where it starts in the source
/// (`usize::MAX`: unknown, no regions apply). `None` when it is shown as it is.
pub fn typeset(
    inner: &str,
    source_byte: usize,
    context: &Context,
    options: MarkupOptions,
) -> Option<Typeset> {
    let mut builder = Builder::new(inner);
    let mut indent = None;
    let mut hang = 0;
    let mut heading = None;
    let mut start = 0;
    for piece in inner.split_inclusive('\n') {
        let body = piece.strip_suffix('\n').unwrap_or(piece);
        let body = body.strip_suffix('\r').unwrap_or(body);
        let range = start..start + body.len();
        let region = source_byte
            .checked_add(start)
            .and_then(|at| context.region_at(at).map(|(r, region)| (r.clone(), region, at)));
        match region {
            Some((_, Region::FrontMatter | Region::Html, _)) => dim_copy(&mut builder, range),
            Some((table, Region::Table, at)) => {
                let widths = context.table_widths(table.start);
                let header = at == table.start;
                // A cell with nothing that could be Markdown in it is shown as it is.
                let cell = |builder: &mut Builder, cell: Range<usize>| {
                    let plain = !inner[cell.clone()].contains(['*', '_', '`', '[', '<', '&', '\\', '~', '!']);
                    if plain {
                        builder.copy(cell);
                    } else {
                        line::inline(builder, inner, cell, context, &[], source_byte);
                    }
                };
                if !table::row(
                    &mut builder,
                    inner,
                    range.clone(),
                    widths,
                    options.width_cols,
                    header,
                    cell,
                ) {
                    line::clipped(&mut builder, inner, range, options.width_cols);
                }
            }
            Some((code, Region::Code, at)) => {
                let fence = body.trim_start();
                let is_fence = (fence.starts_with("```") || fence.starts_with("~~~"))
                    && (at == code.start || at + body.len() + 1 >= code.end);
                if is_fence {
                    dim_copy(&mut builder, range);
                } else {
                    line::clipped(&mut builder, inner, range, options.width_cols);
                }
            }
            Some((_, Region::Underline, _)) => builder.hide(range),
            Some((text, Region::Setext(level), _)) => {
                // Its lines joined into one (see `paragraph`), the underline follows
                // the text in this line.
                let text_end = (text.end - source_byte).clamp(range.start, range.end);
                let shown_end = range.start + inner[range.start..text_end].trim_end().len();
                let shape = line::inline(
                    &mut builder,
                    inner,
                    range.start..shown_end,
                    context,
                    &[],
                    source_byte,
                );
                builder.hide(shown_end..range.end);
                indent.get_or_insert(shape.indent_cols);
                heading = Some(level);
            }
            None => {
                let mut markers = context.quote_markers_in(source_byte, range.clone());
                // Only those of lines joined to one above: the first line's own
                // markers make its quote.
                markers.retain(|m| !inner[range.start..m.start].trim().is_empty());
                // A block's last line ending in a backslash ended it with a hard line
                // break (`paragraph`): the break is kept, the backslash hidden.
                let last = !piece.ends_with('\n');
                let range = if last && paragraph::ends_with_backslash_break(body) {
                    range.start..range.end - 1
                } else {
                    range
                };
                let shape = line::inline(&mut builder, inner, range, context, &markers, source_byte);
                if indent.is_none() {
                    hang = shape.hang_cols;
                }
                indent.get_or_insert(shape.indent_cols);
                if heading.is_none() {
                    heading = shape.heading;
                }
            }
        }
        builder.copy(start + body.len()..start + piece.len());
        start += piece.len();
    }
    builder.set_indent(indent.unwrap_or(0));
    builder.set_hang(hang);
    if let Some(level) = heading {
        builder.set_heading(level);
    }
    Some(builder.finish())
}

/// A reference label as Markdown matches it: case and runs of whitespace aside.
fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Where the underline of a setext heading's source starts (its last line, all `=` or
/// all `-`); `None` for a heading of `#`.
fn setext_underline(source: &str) -> Option<usize> {
    let source = source.trim_end_matches(['\n', '\r']);
    let start = source.rfind('\n')? + 1;
    let underline = source[start..].trim();
    let made_of = |c: char| !underline.is_empty() && underline.chars().all(|u| u == c);
    (made_of('=') || made_of('-')).then_some(start)
}

fn dim_copy(builder: &mut Builder, range: Range<usize>) {
    let start = builder.len();
    builder.copy(range);
    let end = builder.len();
    builder.mark(start..end, Mark::Dim);
}

/// The heading a line of Markdown makes (level, title), unless it is in a code block.
pub fn heading(line: &str, source_byte: usize, context: &Context) -> Option<(u8, String)> {
    let trimmed = line.trim_start();
    let setext = matches!(context.region_at(source_byte), Some((_, Region::Setext(_))));
    if !setext && (!trimmed.starts_with('#') || line.len() - trimmed.len() > 3) {
        return None;
    }
    let typeset = typeset(line, source_byte, context, MarkupOptions::hidden())?;
    Some((typeset.heading?, typeset.as_str().trim().to_string()))
}
