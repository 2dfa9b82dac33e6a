//! The width one paragraph was hard-wrapped at, guessed from its own lines: files wrapped
//! at irregular widths (each paragraph at its own, a few lines longer) are judged per
//! paragraph, not by one width for the whole file. Pure.
//!
//! Only consulted where the file-wide rule would keep a line break that has no blank line
//! after it, so prose wrapped regularly never pays for it.

use std::ops::Range;

use super::lines::{LineInfo, is_blank, next_line, prev_line};

/// Lines looked at on each side of a break (within its run of non-blank lines).
const REACH: usize = 8;
/// Fewest lines (besides the one before the break) that can show a wrap width.
const MIN_LINES: usize = 3;

/// The width the lines around `a` (a non-blank line, not counted itself) were wrapped
/// at, or `None` when they show none. With a few lines beside it, the band most of them
/// end in near their common width (so that one unwrapped line among wrapped ones does
/// not widen it); with one or two, the longest (a lower bound of the width). Only lines
/// at `a`'s indent count; lines that mostly start with capitals (verse) show none, and
/// so does a width below `floor_cols` (short lines such as an address).
pub fn local_wrap_cols(text: &str, a: &Range<usize>, a_info: &LineInfo, floor_cols: usize) -> Option<usize> {
    let mut widths: Vec<(usize, bool)> = Vec::with_capacity(2 * REACH);
    let (mut lines, mut capitals) = (1, usize::from(a_info.first.is_uppercase()));
    let mut measure = |line: &Range<usize>, last_of_run: bool| {
        let Some(info) = LineInfo::of(&text[line.clone()]) else {
            return;
        };
        lines += 1;
        capitals += usize::from(info.first.is_uppercase());
        if !info.tabular && info.indent_cols == a_info.indent_cols {
            widths.push((info.cols, last_of_run));
        }
    };
    let mut line = a.clone();
    for _ in 0..REACH {
        match prev_line(text, &line) {
            Some(prev) if !is_blank(&text[prev.clone()]) => {
                measure(&prev, false);
                line = prev;
            }
            _ => break,
        }
    }
    let mut line = a.clone();
    for _ in 0..REACH {
        let Some(next) = next_line(text, &line).filter(|next| !is_blank(&text[next.clone()])) else {
            break;
        };
        let last_of_run = next_line(text, &next).is_none_or(|after| is_blank(&text[after]));
        measure(&next, last_of_run);
        line = next;
    }
    if capitals * 2 > lines {
        return None;
    }
    let mut full: Vec<usize> = widths.iter().filter(|(_, last)| !last).map(|&(w, _)| w).collect();
    let cols = if full.len() >= MIN_LINES {
        full.sort_unstable();
        let median = full[full.len() / 2];
        let band = median * 85 / 100..=median + median / 10 + 1;
        let in_band: Vec<usize> = full.iter().copied().filter(|w| band.contains(w)).collect();
        if in_band.len() < MIN_LINES || in_band.len() * 3 < full.len() * 2 {
            return None;
        }
        in_band.into_iter().max()?
    } else {
        widths.iter().map(|&(w, _)| w).max()?
    };
    (cols >= floor_cols).then_some(cols)
}

/// A line that stops mid-sentence (no sentence punctuation at its end) before a line
/// that goes on in lower case, in a hard-wrapped text: a wrap, even when the paragraph
/// has too few lines to show its width. Lines shorter than `floor_cols` (lists,
/// addresses, short verse) are left alone.
pub fn continues_sentence(a: &LineInfo, b: &LineInfo, floor_cols: usize) -> bool {
    let ends = matches!(
        a.last,
        '.' | '!' | '?' | ':' | ';' | '"' | '”' | '’' | '\'' | ')' | '。' | '！' | '？' | '」' | '』'
    );
    a.cols >= floor_cols && !ends && b.first.is_lowercase() && b.indent_cols == a.indent_cols
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(text: &str, line_no: usize) -> Option<usize> {
        let start: usize = text.split('\n').take(line_no).map(|l| l.len() + 1).sum();
        let line = super::super::lines::line_at(text, start);
        let info = LineInfo::of(&text[line.clone()]).unwrap();
        local_wrap_cols(text, &line, &info, 40)
    }

    #[test]
    fn a_paragraph_wrapped_narrower_than_the_file_shows_its_own_width() {
        let text = [
            "his face, the work of muscles and arteries beneath; his hair was of",
            "a lustrous black, and flowing; his teeth of a pearly whiteness; but",
            "these luxuriances only formed a more horrid contrast with his watery",
            "eyes, that seemed almost of the same colour as the dun-white sockets",
            "in which they were set, his shrivelled complexion and straight black lips; and this line is far longer than the others were",
            "and the end.",
        ]
        .join("\n");
        assert_eq!(guess(&text, 1), Some(68));
    }

    #[test]
    fn a_sentence_going_on_in_lower_case_continues() {
        let info = |line: &str| LineInfo::of(line).unwrap();
        let a = info("He said no more, but expressed his resignation to cruel fate by");
        assert!(continues_sentence(&a, &info("a gesture."), 36));
        assert!(!continues_sentence(&a, &info("A gesture."), 36));
        assert!(!continues_sentence(
            &info("He said no more."),
            &info("and left."),
            36
        ));
        assert!(!continues_sentence(
            &info("short line by"),
            &info("a gesture."),
            36
        ));
    }

    #[test]
    fn verse_and_short_runs_show_no_width() {
        let verse = "We rest; a dream has power to poison sleep;\nWe rise; one wandering thought pollutes the day;\nWe feel, conceive, or reason, laugh or weep,\nEmbrace fond woe, or cast our cares away;\n";
        assert_eq!(guess(verse, 1), None);
        assert_eq!(guess("one\ntwo\nthree", 1), None, "shorter than the floor");
    }
}
