//! Random edits of real texts for the anchoring property (`properties.rs`), and the
//! ground truth they leave: where each annotated quote, and each copy of it, really is
//! afterwards. Quotes are picked as a reader would select them: a word, a phrase, a
//! sentence.

use std::ops::Range;

use proptest::prelude::*;

/// What a quote spans.
#[derive(Debug, Clone, Copy)]
pub enum Span {
    /// A word (one to three chars of CJK).
    Word,
    /// 8 to 48 chars.
    Phrase,
    Sentence,
}

pub fn span() -> impl Strategy<Value = Span> {
    prop_oneof![Just(Span::Word), Just(Span::Phrase), Just(Span::Sentence)]
}

/// An edit of the text around the first annotated quote, or anywhere; places are
/// given as seeds that pick among the places the text offers.
#[derive(Debug, Clone, Copy)]
pub enum Edit {
    /// The sentence holding the quote.
    DeleteSentence,
    /// The 32 chars and `before` / `after` more on each side of the quote, replaced by
    /// as many chars of another text, and `delta` more before it.
    RewriteContext {
        before: usize,
        after: usize,
        delta: usize,
        donor: usize,
    },
    /// The quote with `before` / `after` chars of its context, pasted as a paragraph.
    Duplicate {
        before: usize,
        after: usize,
        to: usize,
    },
    InsertParagraph {
        at: usize,
        donor: usize,
    },
    DeleteParagraph {
        at: usize,
    },
}

pub fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        Just(Edit::DeleteSentence),
        (0usize..16, 0usize..16, 0usize..4, any::<usize>()).prop_map(|(before, after, delta, donor)| {
            Edit::RewriteContext {
                before,
                after,
                delta,
                donor,
            }
        }),
        (0usize..48, 0usize..48, any::<usize>()).prop_map(|(before, after, to)| Edit::Duplicate {
            before,
            after,
            to
        }),
        (any::<usize>(), any::<usize>()).prop_map(|(at, donor)| Edit::InsertParagraph { at, donor }),
        any::<usize>().prop_map(|at| Edit::DeleteParagraph { at }),
    ];
    proptest::collection::vec(edit, 1..4)
}

/// A text being edited, and where each annotated quote is in it.
pub struct Edited<'c> {
    pub chars: Vec<char>,
    /// Each quote's own place; `None` once an edit went through it.
    pub own: Vec<Option<Range<usize>>>,
    /// Copies of each quote that `Duplicate` made (of a quote inside the pasted span).
    pub copies: Vec<Vec<Range<usize>>>,
    /// Other texts, to take inserted and rewritten text from.
    donors: &'c [Vec<char>],
}

impl<'c> Edited<'c> {
    pub fn new(chars: &[char], quotes: &[Range<usize>], donors: &'c [Vec<char>]) -> Self {
        Edited {
            chars: chars.to_vec(),
            own: quotes.iter().cloned().map(Some).collect(),
            copies: vec![Vec::new(); quotes.len()],
            donors,
        }
    }

    /// Every place where quote `i` really is: its own and its copies.
    pub fn places(&self, i: usize) -> Vec<Range<usize>> {
        self.own[i].iter().chain(&self.copies[i]).cloned().collect()
    }

    /// Replaces `range` by `with`: quotes after it move, quotes it touches are lost.
    fn replace(&mut self, range: Range<usize>, with: &[char]) {
        let moved = |r: Range<usize>| -> Option<Range<usize>> {
            let grown = with.len() as isize - range.len() as isize;
            if range.start < r.end && r.start < range.end {
                None
            } else if range.end <= r.start {
                Some(r.start.saturating_add_signed(grown)..r.end.saturating_add_signed(grown))
            } else {
                Some(r)
            }
        };
        for own in &mut self.own {
            *own = own.take().and_then(moved);
        }
        for copies in &mut self.copies {
            *copies = copies.drain(..).filter_map(moved).collect();
        }
        self.chars.splice(range, with.iter().copied());
    }

    pub fn apply(&mut self, edit: &Edit) {
        let len = self.chars.len();
        let quote = self.own[0].clone();
        match (*edit, quote) {
            (Edit::DeleteSentence, Some(quote)) => {
                let sentence = sentence_around(&self.chars, quote);
                self.replace(sentence, &[]);
            }
            (
                Edit::RewriteContext {
                    before,
                    after,
                    delta,
                    donor,
                },
                Some(quote),
            ) => {
                let start = quote.start.saturating_sub(32 + before);
                let end = (quote.end + 32 + after).min(len);
                let filler = self.donor_chars(donor, quote.start - start + end - quote.end + delta);
                let (head, tail) = filler.split_at(quote.start - start + delta);
                self.replace(quote.end..end, tail);
                self.replace(start..quote.start, head);
            }
            (Edit::Duplicate { before, after, to }, Some(quote)) => {
                let span = quote.start.saturating_sub(before)..(quote.end + after).min(len);
                let inside: Vec<(usize, Range<usize>)> = (0..self.own.len())
                    .filter_map(|i| Some((i, self.own[i].clone()?)))
                    .filter(|(_, own)| span.start <= own.start && own.end <= span.end)
                    .map(|(i, own)| (i, own.start - span.start..own.end - span.start))
                    .collect();
                let at = paragraph_start(&self.chars, to);
                let pasted: Vec<char> = self.chars[span].iter().copied().chain(['\n', '\n']).collect();
                self.replace(at..at, &pasted);
                for (i, offsets) in inside {
                    self.copies[i].push(at + offsets.start..at + offsets.end);
                }
            }
            (Edit::InsertParagraph { at, donor }, _) => {
                let at = paragraph_start(&self.chars, at);
                let paragraph: Vec<char> = self
                    .donor_chars(donor, 40 + donor % 200)
                    .into_iter()
                    .chain(['\n', '\n'])
                    .collect();
                self.replace(at..at, &paragraph);
            }
            (Edit::DeleteParagraph { at }, _) => {
                let start = paragraph_start(&self.chars, at);
                let end = paragraph_starts(&self.chars)
                    .into_iter()
                    .find(|&s| s > start)
                    .unwrap_or(len);
                self.replace(start..end, &[]);
            }
            // Edits of the first quote's surroundings once it is gone.
            _ => {}
        }
    }

    /// `count` chars from one of the donor texts, from a place the seed picks.
    fn donor_chars(&self, seed: usize, count: usize) -> Vec<char> {
        let text = &self.donors[seed % self.donors.len()];
        let start = (seed / self.donors.len()) % text.len().saturating_sub(count).max(1);
        text.iter().copied().cycle().skip(start).take(count).collect()
    }
}

/// Where paragraphs start: the text's start, the first line after blank lines, and a
/// line that is indented (ASCII or full-width spaces, as in most CJK texts).
fn paragraph_starts(chars: &[char]) -> Vec<usize> {
    let after_break = (2..chars.len()).filter(|&i| {
        chars[i - 1] == '\n'
            && chars[i] != '\n'
            && (chars[i - 2] == '\n' || matches!(chars[i], ' ' | '\u{3000}'))
    });
    std::iter::once(0).chain(after_break).collect()
}

/// The start of a paragraph the seed picks.
fn paragraph_start(chars: &[char], seed: usize) -> usize {
    let starts = paragraph_starts(chars);
    starts[seed % starts.len()]
}

const SENTENCE_ENDS: &[char] = &['.', '!', '?', '。', '！', '？', '．'];
const CLOSING: &[char] = &['”', '’', '"', '」', '』', ')', '）', ' ', '\u{3000}'];

fn ends_sentence(chars: &[char], i: usize) -> bool {
    SENTENCE_ENDS.contains(&chars[i]) || chars[i] == '\n' && i > 0 && chars[i - 1] == '\n'
}

/// The sentence around a range: from after the previous sentence end (or blank line)
/// to past the next one, with the closing quotes and spaces that follow it.
fn sentence_around(chars: &[char], range: Range<usize>) -> Range<usize> {
    let mut start = (0..range.start)
        .rev()
        .find(|&i| ends_sentence(chars, i))
        .map_or(0, |i| i + 1);
    while start < range.start && (chars[start].is_whitespace() || CLOSING.contains(&chars[start])) {
        start += 1;
    }
    let mut end = (range.end..chars.len())
        .find(|&i| ends_sentence(chars, i))
        .map_or(chars.len(), |i| i + 1);
    while end < chars.len() && CLOSING.contains(&chars[end]) {
        end += 1;
    }
    start..end.max(range.end)
}

/// The quote of `span` at or after `seed`: it starts with a letter or digit (a
/// sentence: at its start) and ends with no whitespace.
pub fn pick_quote(chars: &[char], span: Span, seed: usize) -> Option<Range<usize>> {
    let from = seed % chars.len();
    let first = (from..chars.len()).find(|&i| chars[i].is_alphanumeric())?;
    let length_seed = seed / chars.len();
    let range = match span {
        Span::Word if margent::text::class::is_cjk_wide(chars[first]) => first..first + 1 + length_seed % 3,
        Span::Word => {
            first
                ..(first..chars.len())
                    .find(|&i| !chars[i].is_alphanumeric())
                    .unwrap_or(chars.len())
        }
        Span::Phrase => first..first + 8 + length_seed % 40,
        Span::Sentence => sentence_around(chars, first..first + 1),
    };
    let end = (range.start..range.end.min(chars.len()))
        .rev()
        .find(|&i| !chars[i].is_whitespace())?
        + 1;
    (!chars[range.start].is_whitespace()).then_some(range.start..end)
}
