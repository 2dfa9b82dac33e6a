//! Approximate re-anchoring of a quote that was edited: places in the folded text within
//! half the quote's length in edits (bit-parallel Myers), scored as Hypothesis does,
//! the best one's ends moved to where its prefix and suffix match. Searches near where
//! the annotation is expected first and the whole text only when nothing near is
//! confirmed by its context. Pure.

use std::ops::Range;

use super::engine::Haystack;
use super::myers::{Pattern, Search, prefix_distances};
use super::score::{self, CONFIRMING_CONTEXT, ContextFit, Selector, TOTAL_WEIGHT};

/// Chars searched on each side of an expected position before the whole text; also
/// how near an occurrence must be to wait for review when nothing agrees (`engine.rs`).
pub(super) const NEAR_CHARS: usize = 4096;

/// Error budget of the search of the whole text, whatever the quote's length (the cap
/// Hypothesis puts on its budget): the cut-off then keeps at most about ten 64-row
/// blocks busy, where a 5,000-char quote's half-length budget would keep all 79 busy
/// over every char of the text. Near the expected position the budget stays half the
/// quote's length.
const WHOLE_TEXT_MAX_ERRORS: usize = 256;

/// Candidate places kept per search, fewest errors first: the rest cannot win unless
/// their context is much better, and scoring them all would make a search of a large
/// text as slow as its number of weak matches.
const MAX_CANDIDATES: usize = 32;

/// Below this score (out of `TOTAL_WEIGHT`) a place is a coincidence, not the quote.
const MIN_SCORE: f64 = 0.6 * TOTAL_WEIGHT;

/// Prefix plus suffix agreement (out of 2) below which a place is a coincidence
/// whatever its score: at least half the context must still be there. Measured on War
/// and Peace (3.3 MB) with quotes of 20 to 150 chars from another book, the best
/// approximate match scored up to 0.58 of the total (a 20-char quote with 4 edits)
/// with context agreeing 0.5 to 0.8; a quote with a word changed keeps about 2.
const MIN_CONTEXT: f64 = 1.0;

/// Context edits allowed (per char of context) when moving the ends of a match.
const CONTEXT_ERROR_RATE: f64 = 0.25;

#[derive(Debug, Clone)]
struct Scored {
    folded: Range<usize>,
    errors: usize,
    fit: ContextFit,
    score: f64,
}

/// An approximate match: its folded byte range (ends refined), score and context.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Approximate {
    pub folded: Range<usize>,
    pub score: f64,
    pub context: ContextFit,
}

/// How far to look for approximate matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reach {
    /// Only around the `near` positions.
    Near,
    /// Around them first, then the whole text unless a near match is confirmed by its
    /// context.
    Whole,
}

/// Where to look, and what to expect there.
#[derive(Debug, Clone)]
pub(super) struct Scope<'a> {
    /// Char offsets where the annotation should be: closeness is measured to these.
    pub expected: &'a [usize],
    /// Char offsets to search around first.
    pub near: &'a [usize],
    pub reach: Reach,
    /// Folded byte ranges of the quote's exact occurrences, sorted: places that are
    /// not approximate matches (the caller has already weighed them).
    pub exclude: &'a [Range<usize>],
}

/// The best approximate match of the selector's quote, or `None` when nothing scores
/// well enough.
pub(super) fn find(haystack: &Haystack, selector: &Selector, scope: &Scope) -> Option<Approximate> {
    let matcher = Matcher::new(haystack, selector, scope)?;
    let near_best = near_regions(haystack, scope.near, matcher.quote.len_chars() + NEAR_CHARS)
        .into_iter()
        .filter_map(|region| matcher.best_in(region, matcher.max_errors))
        .reduce(better);
    let confirmed = near_best
        .as_ref()
        .is_some_and(|best| best.score >= MIN_SCORE && best.fit.sum() >= CONFIRMING_CONTEXT);
    let best = if confirmed || scope.reach == Reach::Near {
        near_best?
    } else {
        let max_errors = matcher.max_errors.min(WHOLE_TEXT_MAX_ERRORS);
        let whole = matcher.best_in(0..haystack.folded.as_str().len(), max_errors);
        near_best.into_iter().chain(whole).reduce(better)?
    };
    (best.score >= MIN_SCORE).then(|| Approximate {
        folded: matcher.refine(&best),
        score: best.score,
        context: best.fit,
    })
}

/// The higher score; the first on a tie.
fn better(a: Scored, b: Scored) -> Scored {
    if b.score > a.score { b } else { a }
}

/// Folded byte regions around each position, merged where they overlap.
fn near_regions(haystack: &Haystack, near: &[usize], span_chars: usize) -> Vec<Range<usize>> {
    let folded = haystack.folded.as_str();
    let mut regions: Vec<Range<usize>> = near
        .iter()
        .map(|&char_offset| {
            let center = haystack.folded_of_char(char_offset);
            let start = folded[..center]
                .char_indices()
                .rev()
                .nth(span_chars)
                .map_or(0, |(byte, _)| byte);
            let end = folded[center..]
                .char_indices()
                .nth(span_chars)
                .map_or(folded.len(), |(byte, _)| center + byte);
            start..end
        })
        .collect();
    regions.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for region in regions {
        match merged.last_mut() {
            Some(last) if region.start <= last.end => last.end = last.end.max(region.end),
            _ => merged.push(region),
        }
    }
    merged
}

struct Matcher<'a, 't> {
    haystack: &'a Haystack<'t>,
    selector: &'a Selector,
    scope: &'a Scope<'a>,
    quote: Pattern,
    quote_reversed: Pattern,
    max_errors: usize,
}

impl<'a, 't> Matcher<'a, 't> {
    fn new(haystack: &'a Haystack<'t>, selector: &'a Selector, scope: &'a Scope<'a>) -> Option<Self> {
        let quote: Vec<char> = selector.quote.chars().collect();
        if quote.is_empty() {
            return None;
        }
        let reversed: Vec<char> = quote.iter().rev().copied().collect();
        Some(Matcher {
            haystack,
            selector,
            scope,
            max_errors: quote.len() / 2,
            quote: Pattern::new(&quote),
            quote_reversed: Pattern::new(&reversed),
        })
    }

    fn best_in(&self, region: Range<usize>, max_errors: usize) -> Option<Scored> {
        let mut best: Option<Scored> = None;
        for (errors, end) in self.candidate_ends(region, max_errors) {
            // Candidates come fewest errors first: stop once even a perfect context at
            // the expected position could not beat the best so far.
            let bound = score::score(self.quote_similarity(errors), ContextFit::PERFECT, 1.0);
            if best.as_ref().is_some_and(|b| bound < b.score) {
                break;
            }
            if let Some(scored) = self.score_at(errors, end)
                && scored.fit.sum() >= MIN_CONTEXT
                && !self.excluded(&scored.folded)
                && best.as_ref().is_none_or(|b| scored.score > b.score)
            {
                best = Some(scored);
            }
        }
        best
    }

    fn excluded(&self, folded: &Range<usize>) -> bool {
        let exclude = self.scope.exclude;
        let after = exclude.partition_point(|e| e.start < folded.end);
        exclude[..after].iter().rev().any(|e| e.end > folded.start)
    }

    fn quote_similarity(&self, errors: usize) -> f64 {
        1.0 - errors as f64 / self.quote.len_chars() as f64
    }

    /// Ends (folded bytes) of the best local matches in the region, as (errors, end),
    /// fewest errors first: one per valley of the error curve, so a good match is not
    /// crowded out by its own slightly worse neighbours.
    fn candidate_ends(&self, region: Range<usize>, max_errors: usize) -> Vec<(usize, usize)> {
        let mut search = Search::new(&self.quote, max_errors);
        let mut kept: Vec<(usize, usize)> = Vec::new();
        let mut valley = Valley::default();
        let text = &self.haystack.folded.as_str()[region.clone()];
        search.scan(text, |end_byte, errors| {
            let minimum = valley.step(errors, region.start + end_byte)?;
            if self.excluded(&(minimum.1 - 1..minimum.1)) {
                return None;
            }
            kept.push(minimum);
            if kept.len() < 2 * MAX_CANDIDATES {
                return None;
            }
            kept.sort_unstable();
            kept.truncate(MAX_CANDIDATES);
            Some(kept[MAX_CANDIDATES - 1].0)
        });
        kept.extend(
            valley
                .finish()
                .filter(|&(_, end)| !self.excluded(&(end - 1..end))),
        );
        kept.sort_unstable();
        kept.truncate(MAX_CANDIDATES);
        kept
    }

    /// Scores the match that ends at `end`, starting where the whole quote aligns with
    /// the fewest errors (the longest such alignment).
    fn score_at(&self, errors: usize, end: usize) -> Option<Scored> {
        let folded = self.haystack.folded.as_str();
        let back: Vec<(usize, char)> = folded[..end]
            .char_indices()
            .rev()
            .take(self.quote.len_chars() + errors)
            .collect();
        let distances = prefix_distances(&self.quote_reversed, back.iter().map(|&(_, c)| c));
        let fewest = distances.iter().copied().min()?;
        let taken = distances.iter().rposition(|&d| d == fewest)?;
        let start = back.get(taken.checked_sub(1)?)?.0;
        let range = trim_spaces(folded, start..end);
        if range.is_empty() {
            return None;
        }
        let fit = self.selector.context_fit(folded, range.clone());
        let char_offset = self.haystack.char_of_folded(range.start);
        let closeness = score::closeness(char_offset, self.scope.expected, self.haystack.chars.len_chars());
        Some(Scored {
            score: score::score(self.quote_similarity(errors), fit, closeness),
            folded: range,
            errors,
            fit,
        })
    }

    /// Moves the ends of a match to where its prefix ends and its suffix starts, when
    /// the context is found there with few edits.
    fn refine(&self, scored: &Scored) -> Range<usize> {
        let folded = self.haystack.folded.as_str();
        let Range { mut start, mut end } = scored.folded.clone();
        let slack = scored.errors + 8;
        let prefix_len = self.selector.prefix.len_chars();
        if prefix_len > 0 {
            let window = chars_before(folded, start, prefix_len + slack)..chars_after(folded, start, slack);
            let steps = folded[window.clone()]
                .char_indices()
                .map(|(offset, c)| (window.start + offset + c.len_utf8(), c));
            if let Some(boundary) = best_boundary(&self.selector.prefix, steps, start) {
                start = boundary;
            }
        }
        let suffix_len = self.selector.suffix.len_chars();
        if suffix_len > 0 {
            let window = chars_before(folded, end, slack)..chars_after(folded, end, suffix_len + slack);
            let steps = folded[window.clone()]
                .char_indices()
                .rev()
                .map(|(offset, c)| (window.start + offset, c));
            if let Some(boundary) = best_boundary(&self.selector.suffix_reversed, steps, end) {
                end = boundary;
            }
        }
        // Context found on the wrong side of the match (a prefix that recurs inside it)
        // crosses the ends: then keep the match as aligned.
        let refined = trim_spaces(folded, start..end);
        let refined = if refined.is_empty() {
            scored.folded.clone()
        } else {
            refined
        };
        let mut widened = whole_words(folded, refined.clone());
        // Only where the person's own selection did not cut a word.
        if self.selector.starts_mid_word {
            widened.start = refined.start;
        }
        if self.selector.ends_mid_word {
            widened.end = refined.end;
        }
        widened
    }
}

/// Tracks the error curve along the text and reports the first end of each valley.
#[derive(Debug, Default)]
struct Valley {
    /// The lowest (errors, end) since the curve last rose, if it is within budget.
    lowest: Option<(usize, usize)>,
    /// Errors at the previous end while the curve is rising.
    rising_from: Option<usize>,
}

impl Valley {
    fn step(&mut self, errors: Option<usize>, end: usize) -> Option<(usize, usize)> {
        let Some(errors) = errors else {
            self.rising_from = None;
            return self.lowest.take();
        };
        match (self.lowest, self.rising_from) {
            (Some((lowest, _)), _) if errors < lowest => self.lowest = Some((errors, end)),
            (Some((lowest, _)), _) if errors == lowest => {}
            (Some(_), _) => {
                self.rising_from = Some(errors);
                return self.lowest.take();
            }
            (None, Some(previous)) if errors >= previous => self.rising_from = Some(errors),
            (None, _) => {
                self.rising_from = None;
                self.lowest = Some((errors, end));
            }
        }
        None
    }

    fn finish(self) -> Option<(usize, usize)> {
        self.lowest
    }
}

/// Where a context pattern, scanned over `steps` (each a char and the boundary just
/// past it in scanning order), matches with fewest edits, nearest to `near`.
fn best_boundary(
    pattern: &Pattern,
    steps: impl Iterator<Item = (usize, char)>,
    near: usize,
) -> Option<usize> {
    let max_errors = (pattern.len_chars() as f64 * CONTEXT_ERROR_RATE) as usize;
    let mut search = Search::new(pattern, max_errors);
    let mut best: Option<(usize, usize, usize)> = None;
    for (boundary, c) in steps {
        if let Some(errors) = search.step(c) {
            let key = (errors, boundary.abs_diff(near), boundary);
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
    }
    best.map(|(_, _, boundary)| boundary)
}

fn chars_before(text: &str, byte: usize, count: usize) -> usize {
    text[..byte]
        .char_indices()
        .rev()
        .nth(count.saturating_sub(1))
        .map_or(0, |(b, _)| b)
}

fn chars_after(text: &str, byte: usize, count: usize) -> usize {
    text[byte..]
        .char_indices()
        .nth(count)
        .map_or(text.len(), |(b, _)| byte + b)
}

/// The range widened so that neither end cuts a word in two ("zebras crossing s" →
/// "zebras crossing streets"). Words of scripts written without spaces (CJK) are not
/// words here: their ends are left where the match put them.
fn whole_words(text: &str, range: Range<usize>) -> Range<usize> {
    const MAX_WIDENING: usize = 32;
    let is_word = score::is_word_char;
    let mut start = range.start;
    for (steps, c) in text[..start].chars().rev().enumerate() {
        let starts_word = text[start..].chars().next().is_some_and(is_word);
        if steps >= MAX_WIDENING || !(is_word(c) && starts_word) {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = range.end;
    for (steps, c) in text[end..].chars().enumerate() {
        let ends_word = text[..end].chars().next_back().is_some_and(is_word);
        if steps >= MAX_WIDENING || !(is_word(c) && ends_word) {
            break;
        }
        end += c.len_utf8();
    }
    start..end
}

/// The range without the folded spaces at its edges; empty if the ends cross.
fn trim_spaces(text: &str, range: Range<usize>) -> Range<usize> {
    if range.start >= range.end {
        return range.start..range.start;
    }
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start_matches(' ').len());
    let end = range.end - (slice.len() - slice.trim_end_matches(' ').len());
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valleys(curve: &[Option<usize>]) -> Vec<(usize, usize)> {
        let mut valley = Valley::default();
        let mut found: Vec<(usize, usize)> = curve
            .iter()
            .enumerate()
            .filter_map(|(end, &errors)| valley.step(errors, end))
            .collect();
        found.extend(valley.finish());
        found
    }

    #[test]
    fn reports_the_first_end_of_each_valley() {
        assert_eq!(
            valleys(&[Some(3), Some(1), Some(1), Some(2), Some(0)]),
            [(1, 1), (0, 4)]
        );
        assert_eq!(
            valleys(&[Some(0), Some(1), Some(2), Some(3)]),
            [(0, 0)],
            "a rise is no valley"
        );
        assert_eq!(
            valleys(&[Some(2), Some(3), Some(3), Some(1), None, Some(2)]),
            [(2, 0), (1, 3), (2, 5)]
        );
    }

    #[test]
    fn ends_never_cut_a_word() {
        let text = "the zebras crossing streets. 中文字";
        let cut = text.find("s crossing").unwrap()..text.find("treets").unwrap();
        assert_eq!(&text[whole_words(text, cut)], "zebras crossing streets");
        let cjk = text.find("文").unwrap()..text.find("字").unwrap();
        assert_eq!(&text[whole_words(text, cjk)], "文");
    }

    #[test]
    fn trims_folded_spaces() {
        assert_eq!(trim_spaces(" ab ", 0..4), 1..3);
        assert!(trim_spaces("   ", 0..3).is_empty());
        let (start, end) = (2, 1);
        assert!(trim_spaces("abc", start..end).is_empty(), "crossed ends");
    }
}
