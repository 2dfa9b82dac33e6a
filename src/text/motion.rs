//! Boundaries a selection moves by: grapheme clusters, words (UAX #29) and sentences
//! (ending in `. ! ?` and in the CJK `。！？`), within a piece of text. Byte offsets in,
//! byte offsets out; pure.
//!
//! Sentences are found by hand rather than by UAX #29's sentence rules because those end
//! a sentence at every line break, and hard-wrapped text breaks mid-sentence.

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// The next grapheme boundary after `byte` (or the end).
pub fn next_grapheme(text: &str, byte: usize) -> usize {
    let mut cursor = GraphemeCursor::new(byte.min(text.len()), text.len(), true);
    cursor.next_boundary(text, 0).ok().flatten().unwrap_or(text.len())
}

/// The previous grapheme boundary before `byte` (or 0).
pub fn prev_grapheme(text: &str, byte: usize) -> usize {
    let mut cursor = GraphemeCursor::new(byte.min(text.len()), text.len(), true);
    cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(0)
}

/// The end of the word at or after `byte` (skipping whitespace and punctuation first).
pub fn next_word_end(text: &str, byte: usize) -> usize {
    text.split_word_bound_indices()
        .map(|(start, word)| (start, start + word.len(), is_wordlike(word)))
        .find(|&(_, end, wordlike)| wordlike && end > byte)
        .map_or(text.len(), |(_, end, _)| end)
}

/// The start of the word before `byte`.
pub fn prev_word_start(text: &str, byte: usize) -> usize {
    text.split_word_bound_indices()
        .rfind(|&(start, word)| is_wordlike(word) && start < byte)
        .map_or(0, |(start, _)| start)
}

/// A word in UAX #29's sense that is not whitespace or punctuation. Each CJK ideograph
/// is a word of its own (there is no dictionary), so word moves step by character there.
fn is_wordlike(word: &str) -> bool {
    word.chars().any(char::is_alphanumeric)
}

fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '。' | '！' | '？' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '｡'
    )
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | ')' | ']' | '」' | '』' | '）' | '》' | '〉' | '】'
    )
}

/// Byte offsets where sentences end in `text`: after a terminal mark and any closing
/// quotes or brackets, when whitespace follows, or at once after a CJK terminal mark.
/// The end of the text always ends a sentence.
pub fn sentence_ends(text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((byte, c)) = chars.next() {
        if !is_terminal(c) {
            continue;
        }
        let cjk = matches!(c, '。' | '！' | '？' | '｡');
        let mut end = byte + c.len_utf8();
        while let Some(&(next_byte, next)) = chars.peek() {
            if is_terminal(next) || is_closing(next) {
                end = next_byte + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let followed_by_space = chars.peek().is_none_or(|&(_, next)| next.is_whitespace());
        // "e.g. the", "“Stop!” and left": a lowercase word after the mark continues.
        let continues = text[end..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        if (cjk || followed_by_space) && !continues && ends.last() != Some(&end) {
            ends.push(end);
        }
    }
    if ends.last() != Some(&text.len()) {
        ends.push(text.len());
    }
    ends
}

/// The sentence containing `byte`: from the end of the previous sentence (after its
/// whitespace) to the end of this one.
pub fn sentence_around(text: &str, byte: usize) -> std::ops::Range<usize> {
    let ends = sentence_ends(text);
    let index = ends.partition_point(|&end| end <= byte).min(ends.len() - 1);
    let start = if index == 0 { 0 } else { ends[index - 1] };
    let start = start + (text[start..].len() - text[start..].trim_start().len());
    start.min(ends[index])..ends[index]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        for end in sentence_ends(text) {
            out.push(text[start..end].trim());
            start = end;
        }
        out
    }

    #[test]
    fn english_sentences_end_at_terminal_marks_before_whitespace() {
        assert_eq!(
            sentences("He said “Stop!” and left. It was 3.5 miles.\nThen home?"),
            ["He said “Stop!” and left.", "It was 3.5 miles.", "Then home?"]
        );
    }

    #[test]
    fn chinese_and_japanese_sentences_end_at_cjk_marks() {
        assert_eq!(
            sentences("我怕得有理。今天全沒月光，我知道不妙！"),
            ["我怕得有理。", "今天全沒月光，我知道不妙！"]
        );
        assert_eq!(
            sentences("「おい、こら」と言った。名前はまだ無い。"),
            ["「おい、こら」と言った。", "名前はまだ無い。"]
        );
        assert_eq!(
            sentences("他說：「走吧。」我們就走了。"),
            ["他說：「走吧。」", "我們就走了。"]
        );
    }

    #[test]
    fn hard_line_breaks_do_not_end_sentences() {
        assert_eq!(
            sentences("It was a bright cold day in April, and the\nclocks were striking thirteen."),
            ["It was a bright cold day in April, and the\nclocks were striking thirteen."]
        );
    }

    #[test]
    fn the_sentence_around_a_position() {
        let text = "First one. Second one here. Third.";
        let second = text.find("one here").unwrap();
        assert_eq!(&text[sentence_around(text, second)], "Second one here.");
        assert_eq!(&text[sentence_around(text, 0)], "First one.");
    }

    #[test]
    fn words_in_english_and_cjk() {
        let text = "The clocks, striking";
        assert_eq!(&text[..next_word_end(text, 0)], "The");
        assert_eq!(&text[..next_word_end(text, 3)], "The clocks");
        assert_eq!(&text[prev_word_start(text, text.len())..], "striking");
        let chinese = "我們走了";
        assert_eq!(
            &chinese[..next_word_end(chinese, 0)],
            "我",
            "one ideograph per word"
        );
        let japanese = "カタカナです";
        assert_eq!(
            &japanese[..next_word_end(japanese, 0)],
            "カタカナ",
            "a katakana run is one word"
        );
    }

    #[test]
    fn graphemes_step_over_clusters() {
        let text = "e\u{301}👨\u{200d}👩\u{200d}👧x";
        assert_eq!(next_grapheme(text, 0), 3);
        assert_eq!(next_grapheme(text, 3), text.len() - 1);
        assert_eq!(prev_grapheme(text, text.len() - 1), 3);
    }
}
