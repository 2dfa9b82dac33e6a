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
/// Fewest lines that can show a wrap width.
const MIN_LINES: usize = 3;

/// The width the lines around `a` (a non-blank line) were wrapped at, or `None` when
/// they show none. With a few lines beside it, the width most of them (and `a`) are
/// consistent with ([`common_width`], so that a line or two left unwrapped among wrapped
/// ones do not widen it); with one or two, the longest of them (a lower bound of the
/// width). Only lines at `a`'s indent count; lines that mostly start with capitals
/// (verse) show none, and so does a width below `floor_cols` (short lines such as an
/// address).
pub fn local_wrap_cols(text: &str, a: &Range<usize>, a_info: &LineInfo, floor_cols: usize) -> Option<usize> {
    let mut before: Vec<LineInfo> = Vec::with_capacity(REACH);
    let mut line = a.clone();
    for _ in 0..REACH {
        match prev_line(text, &line) {
            Some(prev) if !is_blank(&text[prev.clone()]) => {
                before.extend(LineInfo::of(&text[prev.clone()]));
                line = prev;
            }
            _ => break,
        }
    }
    let a_at = before.len();
    let mut run: Vec<LineInfo> = before.into_iter().rev().chain([*a_info]).collect();
    let mut line = a.clone();
    let mut ends_run = false;
    for _ in 0..REACH {
        let Some(next) = next_line(text, &line).filter(|next| !is_blank(&text[next.clone()])) else {
            ends_run = true;
            break;
        };
        run.extend(LineInfo::of(&text[next.clone()]));
        line = next;
    }
    // The first line is not counted: a paragraph opens with a capital.
    let capitals = run[1..].iter().filter(|line| line.first.is_uppercase()).count();
    if capitals * 3 > (run.len() - 1) * 2 {
        return None;
    }
    // Each line but the run's last, with the first word of the line after it.
    let wrapped: Vec<(usize, usize)> = run
        .windows(2)
        .filter(|pair| !pair[0].tabular && pair[0].indent_cols == a_info.indent_cols)
        .map(|pair| (pair[0].cols, pair[1].first_unit_cols))
        .collect();
    let cols = if wrapped.len() >= MIN_LINES {
        match common_width(&wrapped)? {
            (cols, fitting) if fitting >= 2 && fitting * 2 >= wrapped.len() => cols,
            _ => return None,
        }
    } else {
        // Too few lines to tell which ran long: the longest of the others but the
        // paragraph's last is a lower bound.
        let shown = run.len() - usize::from(ends_run);
        run[..shown]
            .iter()
            .enumerate()
            .filter(|&(at, _)| at != a_at)
            .map(|(_, line)| line.cols)
            .max()?
    };
    (cols >= floor_cols).then_some(cols)
}

/// The width a paragraph's lines were wrapped at, from `(cols, next)` for each of its
/// lines but the last: its width and the width of the first word of the line after
/// it. A line wrapped at `w` columns fits in them and the next word, after a space,
/// would not have: `cols <= w <= cols + next`, and one column more for wrappers that
/// count otherwise.
///
/// The narrowest width the most lines fit, with how many; lines left long (joined in
/// the source) or ended short do not fit it.
pub fn common_width(lines: &[(usize, usize)]) -> Option<(usize, usize)> {
    // +1 where a line's widths open, -1 just past where they close.
    let mut edges: Vec<(usize, isize)> = Vec::with_capacity(2 * lines.len());
    for &(cols, next) in lines {
        edges.push((cols, 1));
        edges.push((cols + next + 2, -1));
    }
    edges.sort_unstable();
    let (mut fitting, mut best) = (0isize, None);
    for (cols, change) in edges {
        fitting += change;
        if change > 0 && best.is_none_or(|(most, _)| fitting > most) {
            best = Some((fitting, cols));
        }
    }
    best.map(|(most, cols)| (cols, most as usize))
}

/// A line that stops mid-sentence before the line `b` (`b_text`), in a hard-wrapped
/// text: a wrap, even when the paragraph has too few lines to show its width. Lines
/// shorter than `floor_cols` (lists, addresses, short verse) are left alone.
pub fn continues_sentence(a: &LineInfo, a_text: &str, b: &LineInfo, b_text: &str, floor_cols: usize) -> bool {
    a.cols >= floor_cols && b.indent_cols == a.indent_cols && goes_on(a, a_text, b_text)
}

/// Whether the sentence of line `a` goes on in the next line `b_text`: `a` has no
/// sentence punctuation at its end (a closing quote aside; a semicolon counts as none)
/// and `b` goes on in lower case, its opening quotes aside (`said he,` / `“will you…`);
/// or `a` ends with a word no English sentence ends with (`the`, `of`, `or`…).
pub fn goes_on(a: &LineInfo, a_text: &str, b_text: &str) -> bool {
    let lower = first_letter(b_text).is_some_and(char::is_lowercase);
    (lower && (!ends_sentence(a.last) || a.last == ';')) || ends_with_joining_word(a_text)
}

/// The first character of `line` past its indent and opening quotes or emphasis marks.
fn first_letter(line: &str) -> Option<char> {
    line.trim_start().chars().find(|&c| {
        !matches!(
            c,
            '“' | '‘' | '"' | '\'' | '_' | '*' | '«' | '„' | '‚' | '¿' | '¡'
        )
    })
}

/// English words that join what comes after them: articles, prepositions, conjunctions
/// and possessives a sentence or a verse line does not end with.
fn ends_with_joining_word(line: &str) -> bool {
    const WORDS: &[&str] = &[
        "the", "a", "an", "of", "to", "in", "into", "on", "upon", "at", "by", "for", "with", "from", "and",
        "or", "nor", "but", "my", "your", "his", "her", "its", "our", "their",
    ];
    let word = line
        .trim_end()
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    !word.is_empty() && line.trim_end().ends_with(word) && WORDS.contains(&word)
}

/// Punctuation a sentence ends with. A closing quote is not an end: `…love…”` /
/// `said Prince Andrew` goes on.
pub fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | ':' | ';' | ')' | '。' | '！' | '？' | '」' | '』'
    )
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
    fn the_common_width_is_the_narrowest_most_lines_fit() {
        // 72 columns fits the first three: each is that wide or narrower, and its next
        // word would have gone past. The long line and the short one fit no such width.
        let lines = [(70, 5), (72, 4), (69, 6), (90, 3), (40, 5)];
        assert_eq!(common_width(&lines), Some((72, 3)));
        assert_eq!(common_width(&[(60, 2), (80, 2)]), Some((60, 1)));
        assert_eq!(common_width(&[]), None);
    }

    #[test]
    fn a_sentence_going_on_in_lower_case_continues() {
        let info = |line: &str| LineInfo::of(line).unwrap();
        let goes = |a: &str, b: &str| continues_sentence(&info(a), a, &info(b), b, 36);
        let a = "He said no more, but expressed his resignation to cruel fate in";
        assert!(goes(a, "a gesture."));
        assert!(goes(a, "A gesture."), "no sentence ends with `in`");
        assert!(!goes(
            "He said no more, but expressed his resignation to cruel fate",
            "A gesture."
        ));
        assert!(!goes("He said no more.", "and left."));
        assert!(!goes("short line by", "a gesture."));
        // Opening quotes aside; a semicolon does not end the sentence going on.
        assert!(goes(
            "foreign accent. “Before I come on board your vessel,” said he,",
            "“will you have the kindness to inform me whither you are bound?”"
        ));
        assert!(goes(
            "“He struggled violently. ‘Let me go,’ he cried;",
            "‘monster! Ugly wretch!"
        ));
        assert!(!goes(
            "“He struggled violently. ‘Let me go,’ he cried;",
            "‘Monster! Ugly wretch!"
        ));
        assert!(goes(
            "“I do not know,” said the man, “what the custom of the",
            "English may be, but it is the custom of the Irish"
        ));
        // A word merely ending like one does not join.
        assert!(!goes(
            "it was the last thing we saw of the great theatre",
            "Nothing more."
        ));
    }

    #[test]
    fn verse_and_short_runs_show_no_width() {
        let verse = "We rest; a dream has power to poison sleep;\nWe rise; one wandering thought pollutes the day;\nWe feel, conceive, or reason, laugh or weep,\nEmbrace fond woe, or cast our cares away;\n";
        assert_eq!(guess(verse, 1), None);
        assert_eq!(guess("one\ntwo\nthree", 1), None, "shorter than the floor");
    }
}
