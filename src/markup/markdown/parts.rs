//! A large Markdown document's [`Context`] found in parts, one per core: pulldown-cmark
//! reads each part on its own, and the parts' findings are joined. A part ends after a
//! blank line between two lines of plain paragraph text at the margin, where no block
//! of the document can run on (a list, a quote, a table or a paragraph ends there);
//! only a code fence or an HTML block left open could, and a part that ends inside one
//! sends the document to be parsed whole. A reference defined in one part and used in
//! another is resolved by reading the using part again with the other's definitions; a
//! label defined in two parts (the first wins) sends the document to be parsed whole.
//! The result is the same as parsing the whole document at once. Pure.

use std::collections::HashMap;
use std::ops::Range;

use super::{Context, Region, front_matter, parse_part};

/// Fewest bytes a part holds: below this, threads cost more than they save.
const MIN_PART_BYTES: usize = 1 << 20;
/// How far past its aimed-at end a part looks for a place to end.
const SEARCH_BYTES: usize = 1 << 18;

/// What one part of the document gave.
pub(super) struct Part {
    pub context: Context,
    /// Its reference definitions (label key, address), in order.
    pub definitions: Vec<(String, String)>,
    /// The label keys of its references it did not define.
    pub unresolved: Vec<String>,
}

/// The parts worth making of a document of `len` bytes.
pub(super) fn count_for(len: usize) -> usize {
    crate::par::threads().min(len / MIN_PART_BYTES).max(1)
}

/// The context of `text`, parsed in (at most) `count` parts.
pub(super) fn parse(text: &str, count: usize) -> Context {
    let ranges = part_ranges(text, count);
    if ranges.len() < 2 {
        return parse_part(text, 0..text.len(), None).context;
    }
    let mut parts = crate::par::map_chunks(ranges.clone(), |range| parse_part(text, range, None));
    let mut definitions: HashMap<String, String> = HashMap::new();
    for part in &parts {
        for (key, url) in &part.definitions {
            if definitions.insert(key.clone(), url.clone()).is_some() {
                return parse_part(text, 0..text.len(), None).context;
            }
        }
    }
    if parts
        .iter()
        .zip(&ranges)
        .any(|(part, range)| ends_open(text, range, &part.context))
    {
        return parse_part(text, 0..text.len(), None).context;
    }
    let again: Vec<(usize, Range<usize>)> = parts
        .iter()
        .zip(&ranges)
        .enumerate()
        .filter(|(_, (part, _))| part.unresolved.iter().any(|key| definitions.contains_key(key)))
        .map(|(index, (_, range))| (index, range.clone()))
        .collect();
    let reread = crate::par::map_chunks(again, |(index, range)| {
        (index, parse_part(text, range, Some(&definitions)))
    });
    for (index, part) in reread {
        parts[index] = part;
    }
    join(parts)
}

/// The parts' findings as one context, in document order.
fn join(parts: Vec<Part>) -> Context {
    let mut context = Context::default();
    for part in parts {
        let found = part.context;
        context.regions.extend(found.regions);
        context.labels.extend(found.labels);
        context.quote_markers.extend(found.quote_markers);
        context.links.extend(found.links);
        context.targets.extend(found.targets);
        context.tables.extend(found.tables);
    }
    context
}

/// Whether a code or HTML block runs to the end of the part `range`: the part ended
/// inside it, where the whole document's block goes on.
fn ends_open(text: &str, range: &Range<usize>, context: &Context) -> bool {
    if range.end == text.len() {
        return false;
    }
    let last_text = range.start + text[range.clone()].trim_end().len();
    context
        .regions
        .iter()
        .rev()
        .take_while(|(region, _)| region.end >= last_text)
        .any(|(_, kind)| matches!(kind, Region::Code | Region::Html))
}

/// Where the parts of `text` run: `count` of about equal size, each ending at a place a
/// part may end (see the module), fewer where there is none near.
fn part_ranges(text: &str, count: usize) -> Vec<Range<usize>> {
    let body_start = front_matter(text).map_or(0, |range| range.end);
    let mut starts = vec![0];
    for n in 1..count {
        let aim = (text.len() * n / count).max(body_start);
        if let Some(start) = part_start_after(text, aim)
            && start > *starts.last().expect("starts holds 0")
        {
            starts.push(start);
        }
    }
    let mut ranges: Vec<Range<usize>> = starts.windows(2).map(|pair| pair[0]..pair[1]).collect();
    ranges.push(*starts.last().expect("starts holds 0")..text.len());
    ranges
}

/// The start of the first line at or after byte `aim` (within [`SEARCH_BYTES`]) that
/// opens a paragraph at the margin after a blank line that follows paragraph text at
/// the margin.
fn part_start_after(text: &str, aim: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let limit = (aim + SEARCH_BYTES).min(text.len());
    let mut at = aim + memchr::memchr(b'\n', bytes.get(aim..limit)?)? + 1;
    // The last line seen: whether it is paragraph text at the margin, or blank.
    let mut previous_text = false;
    let mut blank_after_text = false;
    while at < limit {
        let end = memchr::memchr(b'\n', &bytes[at..limit]).map_or(limit, |i| at + i);
        let line = &text[at..end];
        if line.trim().is_empty() {
            blank_after_text = blank_after_text || previous_text;
            previous_text = false;
        } else {
            let plain = opens_plain_text(line);
            if plain && blank_after_text {
                return Some(at);
            }
            previous_text = plain;
            blank_after_text = false;
        }
        at = end + 1;
    }
    None
}

/// A line that can only be paragraph text when it opens a block or follows one at the
/// margin: it starts with a letter (never a list's digit, a marker or an indent).
fn opens_plain_text(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_alphabetic)
}

#[cfg(test)]
mod tests;
