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
            Markup::Markdown(context) => markdown::typeset(source, 0, context, MarkupOptions::hidden()),
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

    #[test]
    fn plain_text_is_its_own_search_text() {
        let search = SearchText::new("abc", &Markup::Plain);
        assert_eq!(search.as_str("abc"), "abc");
        assert_eq!(search.to_source(1..2), 1..2);
        assert_eq!(search.from_source(2), 2);
    }
}
