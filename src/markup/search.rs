//! The text that search and quotes match (DESIGN §1.9): the document as shown, with
//! readings and notes left out (`ご機嫌ばかり` finds `ご機嫌《きげん》ばかり`), and the
//! map from its byte offsets back to the source's. For plain text it is the source.

use std::ops::Range;

use super::{Markup, MarkupOptions, Typeset, aozora, markdown};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchText {
    typeset: Option<Typeset>,
}

impl SearchText {
    pub fn new(source: &str, markup: &Markup) -> SearchText {
        let typeset = match markup {
            Markup::Plain => None,
            Markup::Aozora(context) => aozora::typeset(source, 0, context, MarkupOptions::hidden()),
            Markup::Markdown(context) => {
                let parts = crate::par::threads().min(source.len() / MIN_PART_BYTES).max(1);
                markdown_in_parts(source, context, parts)
            }
        };
        SearchText { typeset }
    }

    /// The text to search; `source` must be the document's text.
    pub fn as_str<'s>(&'s self, source: &'s str) -> &'s str {
        self.typeset.as_ref().map_or(source, Typeset::as_str)
    }

    /// Where the source byte `byte` is in the search text.
    pub fn from_source(&self, byte: usize) -> usize {
        self.typeset.as_ref().map_or(byte, |t| t.display_of(byte))
    }

    /// Whether this is the source itself (plain text).
    pub fn is_source(&self) -> bool {
        self.typeset.is_none()
    }

    /// The source bytes a range of the search text stands for.
    pub fn to_source(&self, range: Range<usize>) -> Range<usize> {
        match &self.typeset {
            Some(t) => {
                let start = t.inner_of(range.start);
                start..t.inner_end_of(range.end).max(start)
            }
            None => range,
        }
    }
}

/// Fewest bytes worth a thread of their own.
const MIN_PART_BYTES: usize = 1 << 20;

/// The Markdown search text, typeset in `parts` parts of whole lines on as many cores
/// (each line of Markdown is typeset on its own, what spans lines being in `context`).
fn markdown_in_parts(source: &str, context: &markdown::Context, parts: usize) -> Option<Typeset> {
    let mut starts = vec![0];
    for n in 1..parts {
        let aim = (source.len() * n / parts).max(*starts.last().expect("starts holds 0"));
        if let Some(end) = memchr::memchr(b'\n', &source.as_bytes()[aim..]) {
            starts.push(aim + end + 1);
        }
    }
    starts.push(source.len());
    starts.dedup();
    let ranges: Vec<Range<usize>> = starts.windows(2).map(|pair| pair[0]..pair[1]).collect();
    let typeset = |range: Range<usize>| {
        let start = range.start;
        markdown::typeset(&source[range], start, context, MarkupOptions::hidden())
    };
    if ranges.len() < 2 {
        return typeset(0..source.len());
    }
    let parts: Option<Vec<Typeset>> = crate::par::map_chunks(ranges, typeset).into_iter().collect();
    parts.map(Typeset::joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_and_notes_are_not_searched_and_matches_map_back() {
        let source = "ご機嫌《きげん》ばかり［＃「ばかり」に傍点］。";
        let search = SearchText::new(source, &Markup::detect(&format!("{source}{source}")));
        let text = search.as_str(source);
        assert_eq!(text, "ご機嫌ばかり。");
        let found = text.find("機嫌ばかり").unwrap();
        let bytes = search.to_source(found..found + "機嫌ばかり".len());
        assert_eq!(&source[bytes], "機嫌《きげん》ばかり");
    }

    /// Typeset in parts, a Markdown article's search text is the one typeset whole:
    /// the same text, the same map both ways, the same marks.
    #[test]
    fn markdown_typeset_in_parts_is_typeset_whole() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/markdown");
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let Ok(source) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Markup::Markdown(context) = Markup::detect_in(&source, Some(&path)) else {
                continue;
            };
            let whole = markdown_in_parts(&source, &context, 1).unwrap();
            for parts in 2..6 {
                let joined = markdown_in_parts(&source, &context, parts).unwrap();
                assert_eq!(joined.as_str(), whole.as_str(), "{}", path.display());
                assert_eq!(joined.inner_len(), whole.inner_len());
                for display in 0..=whole.as_str().len() {
                    assert_eq!(
                        (
                            joined.inner_of(display),
                            joined.inner_end_of(display),
                            joined.mark_at(display)
                        ),
                        (
                            whole.inner_of(display),
                            whole.inner_end_of(display),
                            whole.mark_at(display)
                        ),
                        "{} at display {display} in {parts} parts",
                        path.display()
                    );
                }
                for inner in 0..=source.len() {
                    assert_eq!(
                        joined.display_of(inner),
                        whole.display_of(inner),
                        "{}",
                        path.display()
                    );
                }
            }
        }
    }

    #[test]
    fn plain_text_is_its_own_search_text() {
        let search = SearchText::new("abc", &Markup::Plain);
        assert_eq!(search.as_str("abc"), "abc");
        assert_eq!(search.to_source(1..2), 1..2);
        assert_eq!(search.from_source(2), 2);
    }
}
