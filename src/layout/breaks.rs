//! Line-break opportunities of a display text: UAX #14 (via unicode-linebreak) refined
//! by kinsoku shori for CJK punctuation and by Korean keep-all. Pure.
//!
//! UAX #14 already forbids most breaks before closing punctuation; the kinsoku sets
//! below also cover characters it lets through (small kana, the prolonged sound mark,
//! iteration marks) so that no line starts with `，。」` or ends with `「（`.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::width::is_hangul;

/// A place where a line may (or must) end: the next line starts at `byte`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    pub byte: usize,
    pub mandatory: bool,
}

/// Characters that must not start a line.
pub fn is_no_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '：'
            | '；'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '〕'
            | '］'
            | '｝'
            | '〗'
            | '〙'
            | '〛'
            | '”'
            | '’'
            | '…'
            | '‥'
            | '・'
            | '·'
            | 'ー'
            | '々'
            | '〻'
            | 'ゝ'
            | 'ゞ'
            | 'ヽ'
            | 'ヾ'
            | '゛'
            | '゜'
            | '〜'
            | '～'
            | '％'
            | '‰'
            | '℃'
            | '°'
            | '︰'
            | '｡'
            | '､'
            | '｣'
            | '･'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '﹐'
            | '﹑'
            | '﹒'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ゕ'
            | 'ゖ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | 'ㇰ'..='ㇿ'
    )
}

/// Characters that must not end a line.
pub fn is_no_end(c: char) -> bool {
    matches!(
        c,
        '（' | '「'
            | '『'
            | '【'
            | '《'
            | '〈'
            | '〔'
            | '［'
            | '｛'
            | '〖'
            | '〘'
            | '〚'
            | '“'
            | '‘'
            | '｢'
            | '('
            | '['
            | '{'
    )
}

/// All break opportunities of `text`, in order. The end of the text is always the last
/// (mandatory) one.
pub fn breaks(text: &str) -> Vec<Break> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    for (byte, kind) in linebreaks(text) {
        let mandatory = kind == BreakOpportunity::Mandatory;
        if mandatory || byte == text.len() || allowed(text, byte) {
            out.push(Break { byte, mandatory });
        }
    }
    if let Some(last) = out.last_mut()
        && last.byte == text.len()
    {
        last.mandatory = true;
    }
    out
}

/// Refines an opportunity that UAX #14 allows between `text[..byte]` and `text[byte..]`.
fn allowed(text: &str, byte: usize) -> bool {
    let (Some(before), Some(after)) = (text[..byte].chars().next_back(), text[byte..].chars().next()) else {
        return true;
    };
    if is_no_start(after) || is_no_end(before) {
        return false;
    }
    // Korean keeps words whole: break only where there is whitespace.
    let hangul_word = is_hangul(before) || is_hangul(after);
    !hangul_word || before.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws the text with `|` at each allowed break (mandatory end not drawn).
    fn picture(text: &str) -> String {
        let breaks = breaks(text);
        let mut out = String::new();
        for (byte, c) in text.char_indices() {
            if byte > 0 && breaks.iter().any(|b| b.byte == byte) {
                out.push('|');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn english_breaks_after_spaces_and_hyphens() {
        assert_eq!(picture("a well-known word"), "a |well-|known |word");
    }

    #[test]
    fn chinese_breaks_between_ideographs_but_not_before_closing_punctuation() {
        assert_eq!(picture("我们，你好。"), "我|们，|你|好。");
        assert_eq!(picture("他说：“好”"), "他|说：“好”");
    }

    #[test]
    fn no_break_after_opening_brackets() {
        assert_eq!(picture("看「书」了"), "看|「书」|了");
        assert_eq!(picture("《红楼梦》"), "《红|楼|梦》");
    }

    #[test]
    fn korean_breaks_only_at_spaces() {
        assert_eq!(picture("한국어 문장(文章)입니다"), "한국어 |문장(文|章)입니다");
    }

    #[test]
    fn japanese_small_kana_and_long_vowel_never_start_a_line() {
        assert_eq!(picture("ちょっとコーヒー"), "ちょっ|と|コー|ヒー");
    }

    #[test]
    fn newline_is_mandatory() {
        let got = breaks("ab\ncd");
        assert_eq!(
            got,
            [
                Break {
                    byte: 3,
                    mandatory: true
                },
                Break {
                    byte: 5,
                    mandatory: true
                }
            ]
        );
    }
}
