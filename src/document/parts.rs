//! Parts above chapters in the outline: a heading that opens a part (`BOOK ONE`,
//! `第一部`, `上　先生と私`, `제1부`), or one after which chapter numbering starts again,
//! is ranked above the chapters it holds, so the table of contents nests them and the
//! status line can say `上 › 十一`. Pure.

use std::sync::LazyLock;

use regex::Regex;

use super::outline::{Heading, names_contents};

/// A part's own word and number in English, Chinese, Japanese and Korean; a line that
/// also names a chapter (`上卷 第一回 …`) is a chapter, not a part.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?i:book|part|volume|vol\.)\s+",
        r"(?i:[0-9]+|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|the\s+\w+|first|second|third|fourth|fifth|sixth|last)\b",
        r"|^第\s*[0-9０-９一二三四五六七八九十百]+\s*[部卷巻编編篇集]",
        r"|^[上中下前後后][卷巻编編篇]?(?:[\s\u{3000}]|$)",
        r"|^[卷巻]之?[一二三四五六七八九十]+",
        r"|^제?\s*[0-9一二三四五六七八九十]+\s*[부권편]\b",
    ))
    .expect("valid regex")
});

/// A chapter word inside a line: the line is a chapter, whatever opens it.
static CHAPTER_INSIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"第\s*[0-9０-９一二三四五六七八九十百千]+\s*[回章节節话話幕]|(?i:chapter)\s")
        .expect("valid regex")
});

/// The first chapter of a sequence: `CHAPTER I`, `Chapter 1`, `I.`, `一`, `第一章`,
/// `제1장`.
static FIRST_CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?i:chapter|chap\.|letter|canto|stave|section|act)\s+(?i:1|i|one|first|the\s+first)\b",
        r"|^(?:I|1|１|一|壹)(?:[.．、:：]|\s*$)",
        r"|^(?:\S{1,6}[ \t\u{3000}]+)?第\s*[一1１壹]\s*[回章节節話话幕]",
        r"|^제\s*(?:1|一)\s*[장화막]",
    ))
    .expect("valid regex")
});

/// Whether a heading's title names a part by its own words.
pub fn is_part_title(title: &str) -> bool {
    PART.is_match(title) && !CHAPTER_INSIDE.is_match(title)
}

/// Whether a heading's title is the first chapter of a sequence.
pub fn is_first_chapter(title: &str) -> bool {
    FIRST_CHAPTER.is_match(title)
}

/// Ranks each part above the headings it holds (up to the next part, or a heading
/// ranked above the part and its first heading as found): its level becomes one less
/// than theirs, if that is less than its own. A part is a heading named as one that
/// holds headings, or, where chapter numbering starts again at least twice, a heading
/// right before a first chapter (`FIRST EPILOGUE` / `CHAPTER I`).
pub fn with_parts_above_chapters(mut headings: Vec<Heading>) -> Vec<Heading> {
    let before_first: Vec<usize> = (0..headings.len().saturating_sub(1))
        .filter(|&i| {
            let title = &headings[i].title;
            is_first_chapter(&headings[i + 1].title) && !is_first_chapter(title) && !names_contents(title)
        })
        .collect();
    let restarts = before_first.len() >= 2;
    let named: Vec<bool> = headings.iter().map(|h| is_part_title(&h.title)).collect();
    let is_part: Vec<bool> = (0..headings.len())
        .map(|i| (restarts && before_first.binary_search(&i).is_ok()) || (named[i] && i + 1 < headings.len()))
        .collect();
    for at in (0..headings.len()).filter(|&i| is_part[i]) {
        let own = headings[at].level;
        // Ranked by its words, a part may stand below its first chapter (`上　先生と私`
        // is title-like): it holds up to a heading ranked above both.
        let bar = own.min(headings[at + 1].level);
        let held = (at + 1..headings.len())
            .take_while(|&i| i == at + 1 || !(is_part[i] || named[i] || headings[i].level < bar))
            .map(|i| headings[i].level)
            .min();
        if let Some(held) = held.filter(|&held| held > 0) {
            headings[at].level = own.min(held - 1);
        }
    }
    headings
}

/// The heading `index` sits under: the nearest one before it ranked above it.
pub fn parent(headings: &[Heading], index: usize) -> Option<usize> {
    let level = headings.get(index)?.level;
    (0..index).rev().find(|&i| headings[i].level < level)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(title: &str, level: u8) -> Heading {
        Heading {
            byte: 0,
            char_offset: 0,
            level,
            title: title.to_string(),
        }
    }

    fn levels(headings: &[(&str, u8)]) -> Vec<u8> {
        let headings = headings.iter().map(|&(t, l)| heading(t, l)).collect();
        with_parts_above_chapters(headings)
            .iter()
            .map(|h| h.level)
            .collect()
    }

    #[test]
    fn part_titles_in_each_language() {
        for part in [
            "BOOK ONE: 1805",
            "Part II",
            "VOLUME THE FIRST",
            "第一部",
            "第二卷　风雪",
            "上　先生と私",
            "下　先生と遺書",
            "前編",
            "巻之一",
            "제1부",
            "제 2 부 귀향",
        ] {
            assert!(is_part_title(part), "{part}");
        }
        for not in [
            "CHAPTER I",
            "上卷 第一回 甄士隐梦幻识通灵",
            "第三章",
            "Bookkeeping",
            "Party at the lake",
            "上野の森",
            "제1장",
            "一",
        ] {
            assert!(!is_part_title(not), "{not}");
        }
    }

    #[test]
    fn first_chapters_are_told_from_later_ones() {
        for first in [
            "CHAPTER I",
            "Chapter 1. Loomings.",
            "I.",
            "一",
            "第一章　天下",
            "제1장",
        ] {
            assert!(is_first_chapter(first), "{first}");
        }
        for later in [
            "CHAPTER II",
            "Chapter 10",
            "CHAPTER IX",
            "十一",
            "第十一回",
            "제11장",
            "In the beginning",
        ] {
            assert!(!is_first_chapter(later), "{later}");
        }
    }

    #[test]
    fn a_named_part_holds_the_chapters_after_it() {
        let found = levels(&[
            ("A Novel", 2),
            ("BOOK ONE: 1805", 1),
            ("CHAPTER I", 1),
            ("The Arrival", 2),
            ("CHAPTER II", 1),
            ("BOOK TWO: 1806", 1),
            ("CHAPTER I", 1),
        ]);
        assert_eq!(found, [2, 0, 1, 2, 1, 0, 1]);
    }

    #[test]
    fn numbering_that_starts_again_makes_parts_of_unnamed_headings() {
        let found = levels(&[
            ("上　先生と私", 2),
            ("一", 1),
            ("十一", 1),
            ("FIRST EPILOGUE", 1),
            ("CHAPTER I", 1),
            ("CHAPTER II", 1),
        ]);
        assert_eq!(found, [0, 1, 1, 0, 1, 1]);
        // Once only: an unnamed heading before the first chapter stays a sibling.
        let once = levels(&[("EXTRACTS", 1), ("CHAPTER 1. Loomings.", 1), ("CHAPTER 2.", 1)]);
        assert_eq!(once, [1, 1, 1]);
    }

    #[test]
    fn levels_already_nested_stay() {
        let found = levels(&[("Part One", 1), ("Chapter 1", 2), ("Section", 3), ("Part Two", 1)]);
        assert_eq!(found, [1, 2, 3, 1]);
        // A part with nothing after it is only a heading.
        assert_eq!(levels(&[("CHAPTER I", 1), ("BOOK TWO", 1)]), [1, 1]);
    }

    #[test]
    fn a_heading_sits_under_the_nearest_heading_ranked_above_it() {
        let headings: Vec<Heading> = [("BOOK ONE", 0), ("CHAPTER I", 1), ("Title", 2), ("CHAPTER II", 1)]
            .iter()
            .map(|&(t, l)| heading(t, l))
            .collect();
        assert_eq!(parent(&headings, 0), None);
        assert_eq!(parent(&headings, 2), Some(1));
        assert_eq!(parent(&headings, 3), Some(0));
    }
}
