//! Line-break opportunities of a display text: UAX #14 (via unicode-linebreak) refined
//! by kinsoku shori for CJK punctuation and by Korean keep-all. Pure.
//!
//! UAX #14 already forbids most breaks before closing punctuation; the kinsoku sets
//! below also cover characters it lets through (small kana, the prolonged sound mark,
//! iteration marks) so that no line starts with `，。」` or ends with `「（`.

use unicode_linebreak::{BreakClass, BreakOpportunity, break_property, linebreaks};

use crate::text::class::{is_hangul, is_no_end, is_no_start};

/// A place where a line may (or must) end: the next line starts at `byte`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Break {
    pub byte: usize,
    pub mandatory: bool,
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

/// The last opportunity in `(line_start, limit]`, or `None`. Runs UAX #14 only on the
/// few characters before `limit`, stepping back from one safe restart point (where
/// breaking no longer depends on earlier text) to the previous one, so wrapping a long
/// text costs about the length of each line's last word, not the whole text.
pub fn last_break(text: &str, line_start: usize, limit: usize) -> Option<usize> {
    let mut upto = limit;
    loop {
        // The window includes the char at `upto`, which decides the opportunity before it.
        let end = upto + text[upto..].chars().next().map_or(0, char::len_utf8);
        let safe = safe_start(text, upto);
        let mut found = None;
        for (offset, kind) in linebreaks(&text[safe..end]) {
            let at = safe + offset;
            if at > upto {
                break;
            }
            if at > line_start && (kind == BreakOpportunity::Mandatory || allowed(text, at)) {
                found = Some(at);
            }
        }
        if found.is_some() || safe <= line_start {
            return found;
        }
        upto = safe;
    }
}

/// A position before `upto` from which UAX #14 can be run without earlier context:
/// the last letter, digit or ideograph before it. After such a character the break
/// state no longer depends on what came before it (rules that look back further, like
/// `OP SP* ×`, pass through spaces and punctuation, never through a letter).
/// unicode-linebreak's own `split_at_safe` can stop inside those spans, so we do not use it.
fn safe_start(text: &str, upto: usize) -> usize {
    text[..upto]
        .char_indices()
        .rev()
        .find(|&(_, c)| {
            matches!(
                break_property(c as u32),
                BreakClass::Alphabetic
                    | BreakClass::HebrewLetter
                    | BreakClass::Numeric
                    | BreakClass::Ideographic
                    | BreakClass::HangulLvSyllable
                    | BreakClass::HangulLvtSyllable
                    | BreakClass::ConditionalJapaneseStarter
            )
        })
        .map_or(0, |(byte, _)| byte)
}

/// Positions after characters that force a line break inside display text (vertical
/// tab, form feed, NEL, line and paragraph separators; newlines never reach here).
pub fn mandatory_breaks(text: &str) -> Vec<usize> {
    static SEPARATORS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        std::sync::LazyLock::new(|| {
            ["\u{85}", "\u{2028}", "\u{2029}"]
                .map(|separator| memchr::memmem::Finder::new(separator.as_bytes()))
        });
    let bytes = text.as_bytes();
    let maybe = memchr::memchr2(0x0b, 0x0c, bytes).is_some()
        || (!bytes.is_ascii() && SEPARATORS.iter().any(|finder| finder.find(bytes).is_some()));
    if !maybe {
        return Vec::new();
    }
    text.char_indices()
        .filter(|&(_, c)| matches!(c, '\x0b' | '\x0c' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        .map(|(byte, c)| byte + c.len_utf8())
        .filter(|&at| at < text.len())
        .collect()
}

/// Refines an opportunity that UAX #14 allows between `text[..byte]` and `text[byte..]`.
fn allowed(text: &str, byte: usize) -> bool {
    let (Some(before), Some(after)) = (text[..byte].chars().next_back(), text[byte..].chars().next()) else {
        return true;
    };
    // Never start a line with whitespace (a tab or U+3000 may be a break opportunity
    // after, but what follows it should hang at the line end, not begin the next).
    if is_no_start(after) || is_no_end(before) || after.is_whitespace() {
        return false;
    }
    // Korean keeps words whole: break only where there is whitespace, also inside a
    // word that mixes Hangul with hanja or brackets ("거름집(堆肥舍)과").
    before.is_whitespace() || !in_hangul_word(text, byte, before, after)
}

/// How far to look either way for Hangul in the word around a break: Korean words,
/// hanja glosses included, are shorter; Chinese text (no spaces) stops here.
const KEEP_ALL_REACH: usize = 24;

/// Whether the run of non-whitespace around `byte` holds Hangul (looked for within
/// [`KEEP_ALL_REACH`] chars each way, so a long run of ideographs costs little).
fn in_hangul_word(text: &str, byte: usize, before: char, after: char) -> bool {
    if is_hangul(before) || is_hangul(after) {
        return true;
    }
    if before.is_ascii() && after.is_ascii() {
        return false;
    }
    // A word ends at whitespace, and at the full stops and commas of Chinese and
    // Japanese, which no Korean word holds.
    let hangul_within = |chars: &mut dyn Iterator<Item = char>| {
        chars
            .take(KEEP_ALL_REACH)
            .take_while(|&c| {
                !c.is_whitespace() && !matches!(c, '、' | '。' | '，' | '！' | '？' | '；' | '：')
            })
            .any(is_hangul)
    };
    hangul_within(&mut text[..byte].chars().rev()) || hangul_within(&mut text[byte..].chars())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn separators_and_page_breaks_force_a_break_after_them() {
        assert_eq!(mandatory_breaks("plain ascii words"), Vec::<usize>::new());
        assert_eq!(mandatory_breaks("non-ascii “quoted” words"), Vec::<usize>::new());
        assert_eq!(mandatory_breaks("a\x0cb"), [2]);
        assert_eq!(mandatory_breaks("é\u{2028}b\u{85}c\u{2029}"), [5, 8]);
        assert_eq!(mandatory_breaks("line\u{2029}next"), [7]);
    }

    proptest! {
        #[test]
        fn lazy_lookup_finds_the_same_break_as_a_full_pass(
            text in "[a-z 0-9.,;:!?()\\[\\]\"'/%$+-]{2,40}|[中文，。「」（）ー っ한국 어a-z]{2,30}|(\\PC){2,30}",
            a in 0usize..1000,
            b in 0usize..1000,
        ) {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let n = boundaries.len();
            prop_assume!(n >= 2);
            let lo = a % (n - 1);
            let hi = lo + 1 + b % (n - 1 - lo);
            let (line_start, limit) = (boundaries[lo], boundaries[hi]);
            let eager = breaks(&text)
                .into_iter()
                .map(|b| b.byte)
                .rfind(|&b| b > line_start && b <= limit);
            prop_assert_eq!(last_break(&text, line_start, limit), eager);
        }
    }

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
        assert_eq!(picture("한국어 문장(文章)입니다"), "한국어 |문장(文章)입니다");
        assert_eq!(
            picture("거름집(堆肥舍)과 관청(韓官廳 반또〔番頭〕가"),
            "거름집(堆肥舍)과 |관청(韓官廳 |반또〔番頭〕가"
        );
        // Chinese next to a Korean sentence still breaks between ideographs.
        assert_eq!(picture("한국 中文漢字"), "한국 |中|文|漢|字");
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
