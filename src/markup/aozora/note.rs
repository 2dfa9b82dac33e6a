//! What an Aozora note `［＃…］` asks for: emphasis on a phrase, a heading, an indent, a
//! section break, or nothing to show. Pure.

use super::gaiji::ascii_digit;
use crate::markup::Mark;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note<'n> {
    /// `「X」に傍点` and the like: the last `X` before the note is styled.
    Emphasis { target: &'n str, mark: Mark },
    /// `「X」は中見出し`: the block is a heading titled `X`.
    HeadingOf { target: &'n str, level: u8 },
    /// `中見出し` … `中見出し終わり`: the block is a heading.
    Heading(u8),
    /// `３字下げ`: this line is indented by so many characters.
    Indent(usize),
    /// `地付き` (0), `地から２字上げ` (2): the rest of the line is set against its end,
    /// so many characters short of it.
    FlushEnd(usize),
    /// `改ページ`, `改丁`, `改段`, `改見開き`.
    Break,
    /// Anything else (including region starts and ends, handled document-wide).
    Other,
}

pub fn parse(content: &str) -> Note<'_> {
    if let Some(rest) = content.strip_prefix('「')
        && let Some(close) = rest.rfind('」')
    {
        let (target, what) = (&rest[..close], &rest[close + '」'.len_utf8()..]);
        if let Some(level) = heading_level(what) {
            return Note::HeadingOf { target, level };
        }
        let mark = if what.contains("太字") {
            Some(Mark::Strong)
        } else if ["傍点", "傍線", "斜体", "圏点"].iter().any(|w| what.contains(w)) {
            Some(Mark::Emphasis)
        } else {
            None
        };
        return mark.map_or(Note::Other, |mark| Note::Emphasis { target, mark });
    }
    if let Some(level) = heading_level(content)
        && !content.contains("終わり")
    {
        return Note::Heading(level);
    }
    if matches!(content, "改ページ" | "改丁" | "改段" | "改見開き") {
        return Note::Break;
    }
    if let Some(count) = content.strip_suffix("字下げ").and_then(number) {
        return Note::Indent(count);
    }
    flush_end(content).map_or(Note::Other, Note::FlushEnd)
}

/// `地付き` is 0 characters short of the line's end, `地から３字上げ` 3.
fn flush_end(content: &str) -> Option<usize> {
    if content == "地付き" {
        return Some(0);
    }
    content
        .strip_prefix("地から")?
        .strip_suffix("字上げ")
        .and_then(number)
}

/// 大見出し 1, 中見出し 2, 小見出し 3 (also 同行… and 窓… forms).
fn heading_level(text: &str) -> Option<u8> {
    let text = text.trim_start_matches(['は', 'の']);
    let end = text
        .strip_suffix("見出し")
        .or_else(|| text.strip_suffix("見出し終わり"))?;
    match end.chars().last()? {
        '大' => Some(1),
        '中' => Some(2),
        '小' => Some(3),
        _ => None,
    }
}

/// A count written in ASCII, full-width or kanji digits (`３`, `10`, `十二`).
pub fn number(text: &str) -> Option<usize> {
    if text.is_empty() {
        return None;
    }
    let ascii: String = text.chars().map(ascii_digit).collect();
    if let Ok(n) = ascii.parse() {
        return Some(n);
    }
    let digit = |c: char| "〇一二三四五六七八九".chars().position(|d| d == c);
    match text.split_once('十') {
        Some((tens, ones)) => {
            let tens = if tens.is_empty() {
                1
            } else {
                digit(tens.chars().next()?)?
            };
            let ones = if ones.is_empty() {
                0
            } else {
                digit(ones.chars().next()?)?
            };
            Some(tens * 10 + ones)
        }
        None if text.chars().count() == 1 => digit(text.chars().next()?),
        None => None,
    }
}

/// Where a region note changes the indent of the blocks after it: `ここから３字下げ`
/// starts one, `ここで字下げ終わり` ends it.
pub fn region_indent(content: &str) -> Option<usize> {
    if content.starts_with("ここで") && content.contains("字下げ終わり") {
        return Some(0);
    }
    let rest = content.strip_prefix("ここから")?;
    let count = rest.split("字下げ").next()?;
    number(count)
}

/// Where a region note sets the blocks after it flush against the line's end:
/// `ここから地付き` / `ここから地から２字上げ` start one (`Some(Some(margin))`),
/// `ここで地付き終わり` / `ここで字上げ終わり` end it (`Some(None)`).
pub fn region_flush_end(content: &str) -> Option<Option<usize>> {
    if content.starts_with("ここで") && (content.contains("地付き終わり") || content.contains("字上げ終わり"))
    {
        return Some(None);
    }
    flush_end(content.strip_prefix("ここから")?).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_emphasis_headings_indents_and_breaks() {
        assert_eq!(
            parse("「嘘」に傍点"),
            Note::Emphasis {
                target: "嘘",
                mark: Mark::Emphasis
            }
        );
        assert_eq!(
            parse("「第一章」は大見出し"),
            Note::HeadingOf {
                target: "第一章",
                level: 1
            }
        );
        assert_eq!(parse("中見出し"), Note::Heading(2));
        assert_eq!(parse("中見出し終わり"), Note::Other);
        assert_eq!(parse("３字下げ"), Note::Indent(3));
        assert_eq!(parse("改ページ"), Note::Break);
        assert_eq!(parse("地付き"), Note::FlushEnd(0));
        assert_eq!(parse("地から２字上げ"), Note::FlushEnd(2));
        assert_eq!(parse("地から十字上げ"), Note::FlushEnd(10));
        assert_eq!(parse("地からx字上げ"), Note::Other);
    }

    #[test]
    fn counts_in_any_digits() {
        assert_eq!(number("３"), Some(3));
        assert_eq!(number("12"), Some(12));
        assert_eq!(number("十二"), Some(12));
        assert_eq!(number("二十"), Some(20));
        assert_eq!(number("五"), Some(5));
        assert_eq!(number("x"), None);
    }

    #[test]
    fn region_notes_start_and_end_indents() {
        assert_eq!(region_indent("ここから３字下げ"), Some(3));
        assert_eq!(region_indent("ここから２字下げ、折り返して３字下げ"), Some(2));
        assert_eq!(region_indent("ここで字下げ終わり"), Some(0));
        assert_eq!(region_indent("ここから地付き"), None);
        assert_eq!(region_indent("ここから地から１字上げ"), None);
    }

    #[test]
    fn region_notes_start_and_end_flush_ends() {
        assert_eq!(region_flush_end("ここから地付き"), Some(Some(0)));
        assert_eq!(region_flush_end("ここから地から１字上げ"), Some(Some(1)));
        assert_eq!(region_flush_end("ここで地付き終わり"), Some(None));
        assert_eq!(region_flush_end("ここで字上げ終わり"), Some(None));
        assert_eq!(region_flush_end("ここで字下げ終わり"), None);
        assert_eq!(region_flush_end("ここから３字下げ"), None);
    }
}
