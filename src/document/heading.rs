//! Recognises headings among one-line blocks: chapter patterns in English, Chinese,
//! Japanese and Korean ("CHAPTER I", "第一回", "第三章", "제1장"), lone section numerals,
//! wiki and Markdown headings, and short standalone title-like lines. Pure.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::lines::LineInfo;

/// Chapter words in English (their case and word ends told in ASCII: quicker to build),
/// Korean chapters, lone numerals, and wiki and Markdown headings. Asked through
/// `is_chapter`, which builds it only for a line that may match.
static CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?i-u:chapter|book|part|volume|vol\.|act|scene|section|canto|stave|letter)\s+",
        r"(?i-u:[0-9]+|[ivxlcdm]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|the\s+[a-z]+|first|second|third|fourth|fifth|last)(?-u:\b)",
        r"|^(?i-u:prologue|epilogue|preface|introduction|foreword|afterword|appendix|contents|conclusion|postscript)(?-u:\b)",
        r"|^제\s*[0-9一二三四五六七八九十]+\s*[장화부편막]",
        r"|^(?:(?i-u:[IVXLC]+)|[0-9]{1,3}|[０-９]{1,3}|[一二三四五六七八九十百]+)[.．、]?$",
        r"|^=+\s*\S.*=+$",
        r"|^#{1,6}\s+\S",
    ))
    .expect("valid regex")
});

/// "第一回", "第三章", also after a short volume word ("上卷 第一回"); group 1 is what
/// follows the chapter word.
static CJK_CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:\S{1,6}[ \t\u{3000}]+)?",
        r"第\s*[0-9０-９一二三四五六七八九十百千万零〇两]+\s*[回章节節卷部篇集幕编編话話講讲]",
        r"(.?)",
    ))
    .expect("valid regex")
});

/// The English words that open a chapter heading, as `CHAPTER` has them.
const CHAPTER_WORDS: [&str; 21] = [
    "chapter",
    "book",
    "part",
    "volume",
    "vol",
    "act",
    "scene",
    "section",
    "canto",
    "stave",
    "letter",
    "prologue",
    "epilogue",
    "preface",
    "introduction",
    "foreword",
    "afterword",
    "appendix",
    "contents",
    "conclusion",
    "postscript",
];

/// Longest line (in columns) that can be a heading.
const MAX_HEADING_COLS: usize = 80;
const MAX_TITLE_LIKE_COLS: usize = 80;
const MAX_TITLE_LIKE_WORDS: usize = 10;

/// Heading level of a one-line block (1 = chapter-like, 2 = title-like), or `None`.
/// `standalone` means blank lines (or the document's ends) surround the line.
pub fn heading_level(line: &str, info: &LineInfo, standalone: bool) -> Option<u8> {
    if info.cols > MAX_HEADING_COLS {
        return None;
    }
    let stripped = without_aozora_notes(line);
    let text = stripped.trim_matches(crate::text::class::is_blank_char);
    if text.is_empty() || is_cjk_speech_or_note(text) {
        return None;
    }
    if is_chapter(text) || is_cjk_chapter(text, info) {
        // Even with runs of spaces inside ("上卷 第三回   贾雨村…"), which otherwise
        // mark a table row.
        return Some(1);
    }
    if info.tabular {
        return None;
    }
    if standalone && is_caps_heading(text) {
        // "OF MONARCHY AND HEREDITARY SUCCESSION." ends like a sentence but is not one.
        return Some(1);
    }
    (standalone && is_title_like(text, info)).then_some(2)
}

/// The line without its Aozora Bunko annotations (`［＃５字下げ］`): they carry no
/// heading text.
fn without_aozora_notes(line: &str) -> Cow<'_, str> {
    const OPEN: &str = "［＃";
    if !line.contains(OPEN) {
        return Cow::Borrowed(line);
    }
    let mut kept = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find(OPEN)
        && let Some(len) = rest[start..].find('］')
    {
        kept.push_str(&rest[..start]);
        rest = &rest[start + len + '］'.len_utf8()..];
    }
    kept.push_str(rest);
    Cow::Owned(kept)
}

/// A chapter line in English or Korean, a lone numeral, a wiki or Markdown heading.
/// The pattern is built only for a line that starts as one of these can: most lines
/// of a first screen are told without it, and the reader draws that screen sooner.
fn is_chapter(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let may_be = if first.is_ascii_alphabetic() {
        let word = &text[..text
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(text.len())];
        CHAPTER_WORDS
            .iter()
            .any(|chapter| word.eq_ignore_ascii_case(chapter))
            || word.bytes().all(|b| b"ivxlcIVXLC".contains(&b))
    } else {
        match first {
            '#' => return is_atx_heading(text),
            '=' => return is_wiki_heading(text),
            '0'..='9' | '０'..='９' => return is_lone_numeral(text),
            '제' => true,
            _ => return "一二三四五六七八九十百".contains(first) && is_lone_numeral(text),
        }
    };
    may_be && CHAPTER.is_match(text)
}

/// `^#{1,6}\s+\S`, told by hand (a Markdown heading on a first screen).
fn is_atx_heading(text: &str) -> bool {
    let hashes = text.len() - text.trim_start_matches('#').len();
    let rest = &text[hashes..];
    (1..=6).contains(&hashes) && rest.starts_with(char::is_whitespace) && !rest.trim_start().is_empty()
}

/// `^=+\s*\S.*=+$`, told by hand: after the first `=`, something not blank before a
/// last `=` (one `=` at the start is the most the pattern could need).
fn is_wiki_heading(text: &str) -> bool {
    let Some(inner) = text.strip_prefix('=').and_then(|rest| rest.strip_suffix('=')) else {
        return false;
    };
    !inner.trim_start().is_empty()
}

/// `^(?:[0-9]{1,3}|[０-９]{1,3}|[一二三四五六七八九十百]+)[.．、]?$`, told by hand.
fn is_lone_numeral(text: &str) -> bool {
    let numeral = text.strip_suffix(['.', '．', '、']).unwrap_or(text);
    let count = numeral.chars().count();
    (1..=3).contains(&count) && numeral.chars().all(|c| c.is_ascii_digit())
        || (1..=3).contains(&count) && numeral.chars().all(|c| ('０'..='９').contains(&c))
        || count > 0 && numeral.chars().all(|c| "一二三四五六七八九十百".contains(c))
}

/// A CJK chapter line, not a sentence that starts with one ("第四回中既将…略已表明。"):
/// the chapter word ends the line or is followed by a separator, or the line does not
/// end like a sentence.
fn is_cjk_chapter(text: &str, info: &LineInfo) -> bool {
    if !text.contains('第') {
        return false; // told without building the pattern
    }
    let Some(found) = CJK_CHAPTER.captures(text) else {
        return false;
    };
    let after = found.get(1).map_or("", |m| m.as_str());
    let separated = after
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || "　:：、.．·・—-―《（(「『".contains(c));
    separated || !ends_sentence(info.last)
}

/// A line of CJK prose, never a heading however short: speech introduced by a colon
/// (`智深跪下道：“…”`), a note in full-width brackets (`（…）`), or a sentence that ends
/// inside the line (`。！？` before its last character).
fn is_cjk_speech_or_note(text: &str) -> bool {
    let body = text.trim_end_matches(|c: char| ends_sentence(c) || c.is_whitespace());
    ["：“", "：「", "：『", ":“", "：\"", "：‘"]
        .iter()
        .any(|colon| text.contains(colon))
        || (text.contains('（') && text.contains('）'))
        || body.contains(['。', '！', '？'])
}

fn ends_sentence(last: char) -> bool {
    matches!(
        last,
        '.' | '!' | '?' | '。' | '．' | '！' | '？' | '…' | '」' | '』' | '”' | '"'
    )
}

/// Text in capitals, as Project Gutenberg sets headings (on one line, or running over
/// two or three): enough letters, none lower-case, and short enough to be a heading.
pub fn is_caps_heading(text: &str) -> bool {
    caps_letters(text, 240).is_some_and(|upper| upper >= 8)
}

/// A line in capitals (at least two letters, none lower-case): lines like this next to
/// each other form one heading ("CHAPTER 7." / "THE BEGINNING OF" / "THE END").
pub fn is_caps_line(text: &str) -> bool {
    caps_letters(text, 80).is_some_and(|upper| upper >= 2)
}

/// The number of capital letters in `text`, or `None` if it has a letter that is not
/// one or is longer than `max_chars`.
fn caps_letters(text: &str, max_chars: usize) -> Option<usize> {
    let mut upper = 0;
    for (n, c) in text.chars().enumerate() {
        if n > max_chars || (c.is_alphabetic() && !c.is_uppercase()) {
            return None;
        }
        upper += usize::from(c.is_uppercase());
    }
    Some(upper)
}

fn is_title_like(text: &str, info: &LineInfo) -> bool {
    let ends_sentence = matches!(
        info.last,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '"'
            | '\''
            | '”'
            | '’'
            | '。'
            | '，'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '…'
            | '」'
            | '』'
    );
    let starts_oddly = info.first.is_lowercase()
        || matches!(
            info.first,
            '"' | '\'' | '“' | '‘' | '(' | '[' | '*' | '-' | '「' | '『' | '（' | '—' | '―' | '–'
        );
    info.cols <= MAX_TITLE_LIKE_COLS
        && text.split_whitespace().count() <= MAX_TITLE_LIKE_WORDS
        && !ends_sentence
        && !starts_oddly
        && !is_metadata_line(text)
}

/// `Word: ` or `Two Words: ` opening the line (`Release Date: …`), told by hand: it is
/// asked of many lines of a first screen.
fn is_metadata_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let label = bytes[1..]
        .iter()
        .take_while(|&&b| b.is_ascii_alphabetic() || b == b' ')
        .count();
    label <= 24 && bytes[1 + label..].starts_with(b": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matchers told without a pattern (or before building one) tell every line as
    /// the patterns they stand for do.
    #[test]
    fn lines_are_told_as_the_patterns_tell_them() {
        let metadata = Regex::new(r"^[A-Z][A-Za-z ]{0,24}: ").unwrap();
        let lines = crate::document::sample_lines::sample_lines();
        assert!(lines.len() > 10_000, "{} lines", lines.len());
        for line in &lines {
            let text = line.trim();
            assert_eq!(is_chapter(text), CHAPTER.is_match(text), "{text:?}");
            assert_eq!(is_metadata_line(text), metadata.is_match(text), "{text:?}");
            if !text.contains('第') {
                assert!(!CJK_CHAPTER.is_match(text), "{text:?}");
            }
        }
    }

    /// The headings and numerals told by hand, on the lines that come near them.
    #[test]
    fn marks_and_numerals_are_told_as_the_pattern_tells_them() {
        let lines = [
            "#",
            "# ",
            "# a",
            "#a",
            "## はじめに",
            "###### six",
            "####### seven",
            "#\ta",
            "#  ",
            "# #",
            "=",
            "==",
            "===",
            "= =",
            "=a=",
            "= a =",
            "== Section ==",
            "==\t==",
            "=　x=",
            "=x",
            "1",
            "12",
            "123",
            "1234",
            "1.",
            "12.",
            "1. Item",
            "1..",
            "１",
            "１２３",
            "１２３４",
            "１．",
            "一",
            "十二",
            "百、",
            "一二三四五",
            "一章",
            "十.",
            "1、",
            "１.",
            "0",
            "00.",
            "2024",
        ];
        for text in lines {
            assert_eq!(is_chapter(text), CHAPTER.is_match(text), "{text:?}");
        }
    }

    fn level(line: &str, standalone: bool) -> Option<u8> {
        heading_level(line, &LineInfo::of(line).unwrap(), standalone)
    }

    #[test]
    fn aozora_annotations_are_left_out_of_a_heading() {
        assert_eq!(
            without_aozora_notes("［＃５字下げ］一［＃「一」は中見出し］"),
            "一"
        );
        assert_eq!(
            without_aozora_notes("［＃x］y［＃z"),
            "y［＃z",
            "an unclosed one stays"
        );
        assert!(matches!(without_aozora_notes("第一章"), Cow::Borrowed("第一章")));
    }

    #[test]
    fn chapter_patterns_in_four_languages() {
        assert_eq!(level("CHAPTER I", false), Some(1));
        assert_eq!(level("Chapter 12. The Whale", false), Some(1));
        assert_eq!(level("BOOK TWO: 1805", false), Some(1));
        assert_eq!(
            level("第一回　甄士隐梦幻识通灵　贾雨村风尘怀闺秀", false),
            Some(1)
        );
        assert_eq!(level("    上卷 第一回  甄士隐梦幻识通灵", false), Some(1));
        assert_eq!(
            level("    上卷 第三回   贾雨村夤缘复旧职　林黛玉抛父进京都", false),
            Some(1)
        );
        assert_eq!(
            level("《》目录 第一回　灵根育孕源流出　心性修持大道生", false),
            Some(1)
        );
        assert_eq!(level("第一章开始", false), Some(1));
        assert_eq!(
            level(
                "第四回中既将薛家母子在荣府内寄居等事略已表明，此回则暂不能写矣．",
                false
            ),
            None,
            "a sentence that starts with a chapter number"
        );
        assert_eq!(level("此开卷第一回也．作者自云", false), None);
        assert_eq!(level("第三章", false), Some(1));
        assert_eq!(level("제1장", false), Some(1));
        assert_eq!(level("\u{3000}\u{3000}一", false), Some(1));
        assert_eq!(level("［＃５字下げ］一［＃「一」は中見出し］", false), Some(1));
        assert_eq!(level("== 消息来源 ==", false), Some(1));
    }

    #[test]
    fn standalone_short_lines_are_title_like_headings() {
        assert_eq!(level("Historic private moon landing", true), Some(2));
        assert_eq!(level("Historic private moon landing", false), None);
        assert_eq!(level("\"Yes,\" he said.", true), None);
        assert_eq!(level("Title: War and Peace", true), None);
        assert_eq!(level("― 『중외일보』(1929.1.1~12)", true), None);
        assert_eq!(level("这次会议在积极的氛围中结束。", true), None);
    }

    #[test]
    fn headings_in_capitals_over_several_lines() {
        assert!(is_caps_heading(
            "OF THE ORIGIN AND DESIGN OF GOVERNMENT IN GENERAL,\nWITH CONCISE REMARKS ON THE ENGLISH CONSTITUTION."
        ));
        assert!(!is_caps_heading(
            "It was the best of times,\nit was the worst of times."
        ));
        assert!(!is_caps_heading("满纸荒唐言，\n一把辛酸泪！"));
        assert!(!is_caps_heading(&"ALL CAPS LEGALESE ".repeat(20)));
        assert_eq!(level("OF MONARCHY AND HEREDITARY SUCCESSION.", true), Some(1));
        assert_eq!(level("OF MONARCHY AND HEREDITARY SUCCESSION.", false), None);
        assert!(is_caps_line("THE END") && is_caps_line("CHAPTER 7."));
        assert!(!is_caps_line("The End") && !is_caps_line("7."));
    }

    #[test]
    fn cjk_speech_and_notes_are_never_headings() {
        for line in [
            "智深跪下道：“弟子愿往。”",
            "第三回中说：“好”",
            "诗曰（此诗不录）",
            "第九回毕。且听下回分解",
            "他走了。她笑了",
        ] {
            assert_eq!(level(line, true), None, "{line}");
        }
        assert_eq!(level("第十一回　鲁智深大闹五台山", true), Some(1));
        assert_eq!(level("上　先生と私", true), Some(2));
    }

    #[test]
    fn long_lines_are_never_headings() {
        assert_eq!(level(&"Chapter 1 ".repeat(10), false), None);
    }
}
