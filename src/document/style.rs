//! Document-wide layout habits measured from a sample of the text: is it hard-wrapped,
//! and at what width; is it double-spaced. Pure.
//!
//! The sample is a fixed function of the text (its start, middle and end), so every
//! part of a large document is segmented the same way whether it is reached from the
//! start or by a jump: paragraph detection can then run lazily around any position.

use super::lines::{LineInfo, is_blank};

/// Bytes read from each of the three sample windows.
const WINDOW_BYTES: usize = 128 * 1024;
const MIN_DOUBLE_SPACED_LINES: usize = 20;
/// Hard-wrap widths we recognise: narrower columns are lists or tables of contents,
/// wider ones are unwrapped paragraphs.
pub const MIN_WRAP_COLS: usize = 30;
const MAX_WRAP_COLS: usize = 250;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextStyle {
    /// The width in columns the source was hard-wrapped at, if it was.
    pub wrap_cols: Option<usize>,
    /// Lines narrower than this are not wrapped prose (lists, addresses, short verse):
    /// half the narrowest width paragraphs were wrapped at.
    pub short_line_cols: usize,
    /// Every text line is followed by one blank line, so a single blank line does not
    /// end a paragraph.
    pub double_spaced: bool,
    /// The indent paragraphs open with, their other lines standing at the margin
    /// (`　　` in much Chinese text): a one-line paragraph has it too.
    pub first_line_indent: Option<usize>,
    /// The indent most lines have (every line of some texts stands two or four columns
    /// in): a paragraph at it is not set off from the rest.
    pub margin_cols: usize,
}

/// Paragraphs seen opening with one indent before it is taken for the text's habit.
const MIN_INDENTED_OPENINGS: usize = 5;

impl TextStyle {
    pub fn detect(text: &str) -> TextStyle {
        let mut widths = Vec::new();
        let mut single_blank_gaps = 0usize;
        let mut blank_run = 0usize;
        let mut seen_text = false;
        // How often a line at each indent is followed by one at the margin.
        let mut openings: Vec<(usize, usize)> = Vec::new();
        // Text lines at each indent.
        let mut indents: Vec<(usize, usize)> = Vec::new();
        let mut previous_indent = None;
        // Runs of non-blank lines (paragraphs, where blank lines part them).
        let mut runs = Runs::default();
        for window in sample_windows(text) {
            runs.end();
            for line in window.split('\n') {
                if is_blank(line) {
                    blank_run += 1;
                    previous_indent = None;
                    runs.end();
                    continue;
                }
                if seen_text && blank_run == 1 {
                    single_blank_gaps += 1;
                }
                blank_run = 0;
                seen_text = true;
                let info = LineInfo::of(line);
                if let (Some(indent), Some(info)) = (previous_indent, &info)
                    && indent > 0
                    && info.indent_cols == 0
                {
                    match openings.iter_mut().find(|(seen, _)| *seen == indent) {
                        Some((_, count)) => *count += 1,
                        None => openings.push((indent, 1)),
                    }
                }
                previous_indent = info.as_ref().map(|info| info.indent_cols);
                if let Some(info) = &info {
                    match indents.iter_mut().find(|(seen, _)| *seen == info.indent_cols) {
                        Some((_, count)) => *count += 1,
                        None => indents.push((info.indent_cols, 1)),
                    }
                }
                if let Some(info) = info
                    && !info.tabular
                {
                    widths.push((info.cols, ends_sentence(info.last)));
                    runs.push(&info);
                } else {
                    runs.end();
                }
            }
        }
        runs.end();
        let (wrap_cols, narrowest) = match wrap_width(&mut widths) {
            Some(cols) => (Some(cols), cols),
            None => runs
                .wrap_width()
                .map_or((None, 0), |(cols, narrowest)| (Some(cols), narrowest)),
        };
        // Many lines are needed before a blank line between every two is a habit rather
        // than a handful of one-line paragraphs.
        let double_spaced = wrap_cols.is_some()
            && widths.len() >= MIN_DOUBLE_SPACED_LINES
            && single_blank_gaps * 10 >= widths.len() * 8;
        let first_line_indent = openings
            .into_iter()
            .filter(|&(_, count)| count >= MIN_INDENTED_OPENINGS)
            .max_by_key(|&(_, count)| count)
            .map(|(indent, _)| indent);
        let lines: usize = indents.iter().map(|&(_, count)| count).sum();
        let margin_cols = indents
            .into_iter()
            .find(|&(_, count)| count * 5 > lines * 3)
            .map_or(0, |(indent, _)| indent);
        TextStyle {
            wrap_cols,
            short_line_cols: narrowest / 2,
            double_spaced,
            first_line_indent,
            margin_cols,
        }
    }
}

/// Sentence-final punctuation (closing quotes included): a line ending here may well be
/// a whole paragraph; a hard-wrapped line usually ends mid-sentence.
fn ends_sentence(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '"' | '\'' | '”' | '’' | '。' | '！' | '？' | '」' | '』' | '…' | ':' | ';'
    )
}

/// The hard-wrap width, if most lines end close to a common right margin, and mid-sentence
/// (so that a list of one-line paragraphs of similar length is not taken for prose).
fn wrap_width(lines: &mut [(usize, bool)]) -> Option<usize> {
    if lines.len() < 4 {
        return None;
    }
    lines.sort_unstable();
    let widths: Vec<usize> = lines.iter().map(|&(cols, _)| cols).collect();
    let p90 = widths[widths.len() * 9 / 10];
    if !(MIN_WRAP_COLS..=MAX_WRAP_COLS).contains(&p90) {
        return None;
    }
    let low = p90 * 3 / 4;
    let high = p90 + p90 / 10 + 1;
    let near: Vec<&(usize, bool)> = lines.iter().filter(|(w, _)| (low..=high).contains(w)).collect();
    let near_sentence_ends = near.iter().filter(|(_, ends)| *ends).count();
    let wrapped = near.len() * 2 >= widths.len() && near_sentence_ends * 2 < near.len();
    wrapped.then(|| widths.iter().copied().filter(|&w| w <= high).max().unwrap_or(p90))
}

/// A line of a run as the run-wise wrap guess needs it.
#[derive(Debug, Clone, Copy)]
struct RunLine {
    cols: usize,
    first_unit_cols: usize,
    ends_sentence: bool,
    capital: bool,
}

/// What one run of lines shows about wrapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunWrap {
    /// Prose wrapped at this width.
    At(usize),
    /// Prose going on from line to line, but with too many long lines to show a width.
    Prose,
    /// Lines that each stand alone: verse, a list, an address.
    Kept,
}

/// The sample's runs of prose lines, for texts whose paragraphs were each wrapped at
/// a width of their own (one file-wide width then shows none).
#[derive(Debug, Default)]
struct Runs {
    /// What each run shows, with its line count.
    done: Vec<(RunWrap, usize)>,
    current: Vec<RunLine>,
}

/// Fewest lines of a run that can show it was wrapped.
const MIN_RUN_LINES: usize = 3;

impl Runs {
    fn push(&mut self, info: &LineInfo) {
        self.current.push(RunLine {
            cols: info.cols,
            first_unit_cols: info.first_unit_cols,
            ends_sentence: super::wrap_guess::ends_sentence(info.last),
            capital: info.first.is_uppercase(),
        });
    }

    fn end(&mut self) {
        if self.current.len() >= MIN_RUN_LINES {
            self.done.push((run_wrap(&self.current), self.current.len()));
        }
        self.current.clear();
    }

    /// The median and the narrowest width of the runs that show one, if runs of prose
    /// hold most of the lines of the runs long enough to tell.
    fn wrap_width(&self) -> Option<(usize, usize)> {
        let lines_of = |wanted: fn(&RunWrap) -> bool| -> usize {
            self.done
                .iter()
                .filter(|(run, _)| wanted(run))
                .map(|&(_, lines)| lines)
                .sum()
        };
        let wrapped = lines_of(|run| matches!(run, RunWrap::At(_)));
        let prose = wrapped + lines_of(|run| *run == RunWrap::Prose);
        let kept = lines_of(|run| *run == RunWrap::Kept);
        if wrapped < MIN_RUN_LINES + 1 || prose < kept * 2 {
            return None;
        }
        let mut widths: Vec<usize> = self
            .done
            .iter()
            .filter_map(|(run, _)| match run {
                RunWrap::At(cols) => Some(*cols),
                _ => None,
            })
            .collect();
        widths.sort_unstable();
        Some((*widths.get((widths.len() - 1) / 2)?, widths[0]))
    }
}

/// What one run shows: prose if fewer than two in three of its lines but the last end
/// a sentence and no more than two in three of the lines after the first open with a
/// capital (verse);
/// wrapped at a width if at least half of those lines fit it (`common_width`: the rest
/// ran long, or short).
fn run_wrap(run: &[RunLine]) -> RunWrap {
    let (body, _) = run.split_at(run.len() - 1);
    let sentence_ends = body.iter().filter(|line| line.ends_sentence).count();
    let capitals = run[1..].iter().filter(|line| line.capital).count();
    if sentence_ends * 3 >= body.len() * 2 || capitals * 3 > (run.len() - 1) * 2 {
        return RunWrap::Kept;
    }
    let lines: Vec<(usize, usize)> = run
        .windows(2)
        .map(|pair| (pair[0].cols, pair[1].first_unit_cols))
        .collect();
    match super::wrap_guess::common_width(&lines) {
        Some((cols, fitting))
            if fitting * 2 >= body.len() && (MIN_WRAP_COLS..=MAX_WRAP_COLS).contains(&cols) =>
        {
            // Lines that fill the width and mostly end a sentence are paragraphs of one line.
            let full_stops = run
                .windows(2)
                .filter(|pair| {
                    pair[0].ends_sentence
                        && (pair[0].cols..=pair[0].cols + pair[1].first_unit_cols + 1).contains(&cols)
                })
                .count();
            if full_stops * 3 >= fitting * 2 {
                RunWrap::Kept
            } else {
                RunWrap::At(cols)
            }
        }
        _ => RunWrap::Prose,
    }
}

/// Up to three windows of whole lines: the start, the middle and the end of the text.
fn sample_windows(text: &str) -> Vec<&str> {
    if text.len() <= 3 * WINDOW_BYTES {
        return vec![text];
    }
    [0, text.len() / 2 - WINDOW_BYTES / 2, text.len() - WINDOW_BYTES]
        .into_iter()
        .map(|start| whole_lines(text, start, start + WINDOW_BYTES))
        .collect()
}

/// The lines inside `text[start..end]`, or the window itself (on char boundaries) when
/// it lies inside one long line.
fn whole_lines(text: &str, start: usize, end: usize) -> &str {
    let bytes = text.as_bytes();
    let end = end.min(text.len());
    let first = if start == 0 {
        0
    } else {
        memchr::memchr(b'\n', &bytes[start..end]).map_or(start, |i| start + i + 1)
    };
    let last = memchr::memrchr(b'\n', &bytes[first..end]).map_or(end, |i| first + i);
    let first = crate::text::floor_char_boundary(text, first);
    &text[first..crate::text::floor_char_boundary(text, last).max(first)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hard_wrapped(width: usize, lines: usize) -> String {
        let words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod";
        let mut text = String::new();
        let mut line = String::new();
        for word in words.split(' ').cycle().take(lines * 12) {
            if line.len() + 1 + word.len() > width {
                text.push_str(&line);
                text.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        text
    }

    #[test]
    fn detects_hard_wrapped_prose() {
        let style = TextStyle::detect(&hard_wrapped(70, 200));
        let cols = style.wrap_cols.expect("hard-wrapped");
        assert!((62..=70).contains(&cols), "{cols}");
        assert!(!style.double_spaced);
    }

    #[test]
    fn one_paragraph_per_line_is_not_hard_wrapped() {
        let text: String = (1..60)
            .map(|n| "A sentence of some length. ".repeat(n % 17 + 1) + "\n\n")
            .collect();
        assert_eq!(TextStyle::detect(&text).wrap_cols, None);
    }

    #[test]
    fn one_line_paragraphs_of_similar_length_are_not_hard_wrapped() {
        let text: String = (0..50)
            .map(|i| format!("Paragraph {i} has a few words that wrap at narrow widths.\n\n"))
            .collect();
        assert_eq!(TextStyle::detect(&text), TextStyle::default());
        let list: String = (0..50)
            .map(|i| format!("Item {i} is a sentence of about the same length.\n"))
            .collect();
        assert_eq!(TextStyle::detect(&list).wrap_cols, None);
    }

    #[test]
    fn a_few_paragraphs_each_wrapped_at_its_own_width_are_hard_wrapped() {
        // No one width holds most lines: the file-wide guess finds none.
        let text = [55, 60, 100].map(|width| hard_wrapped(width, 6)).join("\n");
        let mut widths: Vec<(usize, bool)> = text.lines().map(|l| (l.len(), false)).collect();
        assert_eq!(wrap_width(&mut widths), None);
        let style = TextStyle::detect(&text);
        let cols = style.wrap_cols.expect("hard-wrapped");
        assert!((50..=60).contains(&cols), "{cols}");
        assert!(
            (25..=30).contains(&style.short_line_cols),
            "{}",
            style.short_line_cols
        );
    }

    #[test]
    fn runs_of_whole_sentences_are_not_hard_wrapped() {
        let text: String = (0..12)
            .map(|i| format!("第{i}段是一个完整的句子，它在这一行里结束了。\n"))
            .collect();
        assert_eq!(TextStyle::detect(&text).wrap_cols, None);
        let lines: String = (0..12)
            .map(|i| format!("Line {i} of the list ends its own sentence here.\n"))
            .collect();
        assert_eq!(TextStyle::detect(&lines).wrap_cols, None);
    }

    #[test]
    fn detects_double_spacing() {
        let text = hard_wrapped(70, 100).replace('\n', "\n \n");
        let style = TextStyle::detect(&text);
        assert!(style.wrap_cols.is_some() && style.double_spaced);
    }

    #[test]
    fn samples_a_single_huge_line() {
        let text = "中文".repeat(300_000);
        assert_eq!(TextStyle::detect(&text).wrap_cols, None);
    }

    #[test]
    fn samples_whole_lines_of_large_texts() {
        let text = "x".repeat(99) + "\n";
        let big = text.repeat(5000);
        let windows = sample_windows(&big);
        assert_eq!(windows.len(), 3);
        assert!(windows.iter().all(|w| w.split('\n').all(|l| l.len() == 99)));
    }
}
