//! Document-wide layout habits measured from a sample of the text: is it hard-wrapped,
//! and at what width; is it double-spaced. Pure.
//!
//! The sample is a fixed function of the text (its start, middle and end), so every
//! part of a large document is segmented the same way whether it is reached from the
//! start or by a jump: paragraph detection can then run lazily around any position.

use super::lines::{LineInfo, is_blank};

/// Bytes read from each of the three sample windows.
const WINDOW_BYTES: usize = 128 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextStyle {
    /// The width in columns the source was hard-wrapped at, if it was.
    pub wrap_cols: Option<usize>,
    /// Every text line is followed by one blank line, so a single blank line does not
    /// end a paragraph.
    pub double_spaced: bool,
}

impl TextStyle {
    pub fn detect(text: &str) -> TextStyle {
        let mut widths = Vec::new();
        let mut single_blank_gaps = 0usize;
        let mut blank_run = 0usize;
        let mut seen_text = false;
        for window in sample_windows(text) {
            for line in window.split('\n') {
                if is_blank(line) {
                    blank_run += 1;
                    continue;
                }
                if seen_text && blank_run == 1 {
                    single_blank_gaps += 1;
                }
                blank_run = 0;
                seen_text = true;
                if let Some(info) = LineInfo::of(line)
                    && !info.tabular
                {
                    widths.push(info.cols);
                }
            }
        }
        let wrap_cols = wrap_width(&mut widths);
        let double_spaced = wrap_cols.is_some() && single_blank_gaps * 10 >= widths.len() * 8;
        TextStyle {
            wrap_cols,
            double_spaced,
        }
    }
}

/// The hard-wrap width, if most lines end close to a common right margin.
fn wrap_width(widths: &mut [usize]) -> Option<usize> {
    if widths.len() < 4 {
        return None;
    }
    widths.sort_unstable();
    let p90 = widths[widths.len() * 9 / 10];
    if !(16..=250).contains(&p90) {
        return None;
    }
    let low = p90 * 3 / 4;
    let high = p90 + p90 / 10 + 1;
    let near = widths.iter().filter(|&&w| (low..=high).contains(&w)).count();
    (near * 2 >= widths.len()).then(|| widths.iter().copied().filter(|&w| w <= high).max().unwrap_or(p90))
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

fn whole_lines(text: &str, start: usize, end: usize) -> &str {
    let bytes = text.as_bytes();
    let start = if start == 0 {
        0
    } else {
        memchr::memchr(b'\n', &bytes[start..]).map_or(text.len(), |i| start + i + 1)
    };
    let end = memchr::memrchr(b'\n', &bytes[start..end.min(text.len())]).map_or(start, |i| start + i);
    &text[start..end]
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
    fn detects_double_spacing() {
        let text = hard_wrapped(70, 100).replace('\n', "\n \n");
        let style = TextStyle::detect(&text);
        assert!(style.wrap_cols.is_some() && style.double_spaced);
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
