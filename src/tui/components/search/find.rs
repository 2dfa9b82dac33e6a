//! Searching the document: the current query and match, and finding matches forward,
//! backward (with wrap-around, like less) and on screen. Works on byte offsets of the
//! normalised text; callers convert to chars. Pure apart from the time it takes.

use std::ops::Range;

use regex::Regex;

/// Bytes searched backward at first; doubled until a match or the start is reached.
const BACKWARD_WINDOW: usize = 64 * 1024;
/// How far a match may run past the window it starts in.
const MATCH_SLACK: usize = 4 * 1024;

#[derive(Debug, Clone)]
pub struct Search {
    pub query: String,
    pub regex: Regex,
    pub backward: bool,
    /// Byte range of the match last jumped to.
    pub current: Option<Range<usize>>,
}

/// Where a search ended up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub bytes: Range<usize>,
    /// The search passed the end (or start) and continued from the other end.
    pub wrapped: bool,
}

/// The first match starting at or after `from`, else (wrapping) the first in the text.
pub fn forward(text: &str, regex: &Regex, from: usize) -> Option<Found> {
    let from = crate::text::floor_char_boundary(text, from.min(text.len()));
    if let Some(m) = regex.find_at(text, from) {
        return Some(Found {
            bytes: m.range(),
            wrapped: false,
        });
    }
    let end = crate::text::floor_char_boundary(text, (from + MATCH_SLACK).min(text.len()));
    regex.find(&text[..end]).map(|m| Found {
        bytes: m.range(),
        wrapped: true,
    })
}

/// The last match starting before `before`, else (wrapping) the last in the text.
pub fn backward(text: &str, regex: &Regex, before: usize) -> Option<Found> {
    if let Some(bytes) = last_before(text, regex, before.min(text.len())) {
        return Some(Found {
            bytes,
            wrapped: false,
        });
    }
    last_before(text, regex, text.len()).map(|bytes| Found { bytes, wrapped: true })
}

fn last_before(text: &str, regex: &Regex, before: usize) -> Option<Range<usize>> {
    let mut window = BACKWARD_WINDOW;
    loop {
        let start = crate::text::floor_char_boundary(text, before.saturating_sub(window));
        let end = crate::text::floor_char_boundary(text, (before + MATCH_SLACK).min(text.len()));
        let last = regex
            .find_iter(&text[start..end])
            .map(|m| start + m.start()..start + m.end())
            .take_while(|m| m.start < before)
            .last();
        if last.is_some() || start == 0 {
            return last;
        }
        window *= 2;
    }
}

/// Matches overlapping `bytes` (a screenful), found with some context either side so
/// that matches crossing the edges are complete.
pub fn matches_in(text: &str, regex: &Regex, bytes: Range<usize>) -> Vec<Range<usize>> {
    let start = crate::text::floor_char_boundary(text, bytes.start.saturating_sub(MATCH_SLACK));
    let end = crate::text::floor_char_boundary(text, (bytes.end + MATCH_SLACK).min(text.len()));
    regex
        .find_iter(&text[start..end])
        .map(|m| start + m.start()..start + m.end())
        .filter(|m| m.end > bytes.start && m.start < bytes.end && !m.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_never_cuts_a_character() {
        let regex = Regex::new("xyzq").unwrap();
        for lead in 0..3 {
            let text = format!("{}{}", "a".repeat(lead), "红楼梦".repeat(2000));
            for from in [0, 1, 2, 100, text.len() / 2, text.len()] {
                assert_eq!(forward(&text, &regex, from), None);
                assert_eq!(backward(&text, &regex, from), None);
            }
        }
    }
    use crate::text::pattern::{CaseMode, compile};

    #[test]
    fn forward_search_wraps_to_the_start() {
        let text = "whale one, whale two";
        let re = compile("whale", CaseMode::Smart).unwrap();
        assert_eq!(
            forward(text, &re, 1).unwrap(),
            Found {
                bytes: 11..16,
                wrapped: false
            }
        );
        assert_eq!(
            forward(text, &re, 12).unwrap(),
            Found {
                bytes: 0..5,
                wrapped: true
            }
        );
        assert!(forward(text, &compile("shark", CaseMode::Smart).unwrap(), 0).is_none());
    }

    #[test]
    fn backward_search_finds_the_previous_match_far_back_and_wraps() {
        let text = format!("whale {} end", "x".repeat(300_000));
        let re = compile("whale", CaseMode::Smart).unwrap();
        assert_eq!(
            backward(&text, &re, text.len()).unwrap(),
            Found {
                bytes: 0..5,
                wrapped: false
            }
        );
        assert_eq!(
            backward(&text, &re, 0).unwrap(),
            Found {
                bytes: 0..5,
                wrapped: true
            }
        );
    }

    #[test]
    fn screen_matches_include_ones_crossing_the_edges() {
        let text = "the whale, the whale";
        let re = compile("the whale", CaseMode::Smart).unwrap();
        assert_eq!(matches_in(text, &re, 6..12), vec![0..9, 11..20]);
    }
}
