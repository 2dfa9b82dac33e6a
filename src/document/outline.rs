//! The document's outline: every heading with its position, for the table of contents,
//! heading jumps and the section shown in the status line. Built by one pass over the
//! blocks, which the reader runs in the background. Pure.

use std::collections::HashMap;

use crate::sanitize;

use super::lines::{line_at, prev_line};
use super::numbered::{self, ListedContents};
use super::{BlockKind, Document, parts};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Byte and char offset of the heading's first character.
    pub byte: usize,
    pub char_offset: usize,
    /// 1 for a chapter, more for what is under it; 0 for a part above chapters
    /// ranked 1 (`parts`).
    pub level: u8,
    /// The heading's text, trimmed, whitespace collapsed, safe to show.
    pub title: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub headings: Vec<Heading>,
}

/// Longest heading title kept (in chars).
const MAX_TITLE_CHARS: usize = 120;

impl Heading {
    /// A heading at `byte` (`char_offset`), its title trimmed, whitespace collapsed,
    /// made safe to show and cut to length.
    fn new(byte: usize, char_offset: usize, level: u8, title: &str) -> Heading {
        let title: String = title.split_whitespace().collect::<Vec<_>>().join(" ");
        Heading {
            byte,
            char_offset,
            level,
            title: sanitize::inline(&title).chars().take(MAX_TITLE_CHARS).collect(),
        }
    }
}

impl Outline {
    pub fn build(doc: &Document) -> Outline {
        let text = doc.text();
        let chars = doc.chars();
        // Whether body text came between the last heading and this one.
        let mut body_before = true;
        let headings = doc
            .segmenter()
            .iter()
            .filter_map(|block| {
                let line = &text[block.content.clone()];
                let (level, title) = match (doc.markup().heading(line, block.content.start), block.kind) {
                    (Some(heading), _) => heading,
                    (None, BlockKind::Heading(level)) if !doc.markup().owns_headings() => {
                        (level, line.to_string())
                    }
                    (None, _) => {
                        // A contents list may hold short lines that are no headings.
                        body_before |= line.len() > MAX_LIST_LINE_BYTES;
                        return None;
                    }
                };
                let byte = block.content.start + (line.len() - line.trim_start().len());
                let heading = Heading::new(byte, chars.char_at(text, byte), level, &title);
                Some((heading, std::mem::replace(&mut body_before, false)))
            })
            .collect();
        // Markup that owns its headings numbers lists as lists.
        let listed = (!doc.markup().owns_headings())
            .then(|| numbered::find(text))
            .flatten();
        let headings = match listed {
            Some(listed) => with_listed_contents(headings, &listed, text, |byte| chars.char_at(text, byte)),
            None => headings,
        };
        Outline {
            headings: parts::with_parts_above_chapters(without_repeated_label(without_labels_above_title(
                with_contents_folded(headings),
                &doc.title(),
            ))),
        }
    }

    /// Index of the last heading at or before `char_offset`.
    pub fn section_at(&self, char_offset: usize) -> Option<usize> {
        self.headings
            .partition_point(|h| h.char_offset <= char_offset)
            .checked_sub(1)
    }

    /// The heading `index` sits under (a chapter's part), if any.
    pub fn parent(&self, index: usize) -> Option<usize> {
        parts::parent(&self.headings, index)
    }

    /// The first heading after `char_offset`.
    pub fn next_after(&self, char_offset: usize) -> Option<&Heading> {
        self.headings.iter().find(|h| h.char_offset > char_offset)
    }

    /// The last heading before `char_offset`.
    pub fn previous_before(&self, char_offset: usize) -> Option<&Heading> {
        self.headings.iter().rev().find(|h| h.char_offset < char_offset)
    }
}

/// An entry of a printed table of contents that is no heading (one running over two
/// lines, say) is shorter than this; body text between headings is longer.
const MAX_LIST_LINE_BYTES: usize = 160;

/// A printed table of contents has at least this many entries.
const MIN_CONTENTS_ENTRIES: usize = 4;

/// Folds each printed table of contents into one heading: a run of headings with no
/// body between them, most of whose titles come again later as headings (the chapters
/// they list), up to where its first entry comes again. A run of a few (a part, its
/// chapter and the chapter's title) is kept.
/// The entry is named by the run's first heading when that names the list, else
/// "Contents". `headings`: each with whether body text came before it.
fn with_contents_folded(headings: Vec<(Heading, bool)>) -> Vec<Heading> {
    // Where each title stands last.
    let last: HashMap<&str, usize> = (headings.iter().enumerate())
        .map(|(at, (h, _))| (h.title.as_str(), at))
        .collect();
    let title = |at: usize| headings[at].0.title.as_str();
    let mut folded = Vec::with_capacity(headings.len());
    let mut at = 0;
    while at < headings.len() {
        let run = 1 + headings[at + 1..].iter().take_while(|(_, body)| !body).count();
        let titles: Vec<&str> = (at..at + run).map(title).collect();
        // The text's first headings (a part and its first chapter) may follow the list
        // with no body between: they repeat its first entries.
        let (text_start, first_entry) = opening_repeat(&titles).unwrap_or_else(|| {
            let first = (0..run).find(|&i| last[titles[i]] >= at + run);
            (run, first.unwrap_or(run))
        });
        let entries = first_entry..text_start;
        let again = entries.clone().filter(|&i| last[titles[i]] > at + i).count();
        let listed = &headings[at..at + run];
        if entries.len() >= MIN_CONTENTS_ENTRIES && again * 3 >= entries.len() * 2 {
            // A title, a byline and the list's own name may stand before the entries.
            let named = first_entry > 0 && names_contents(titles[first_entry - 1]);
            let kept = if named { first_entry - 1 } else { first_entry };
            folded.extend(listed[..kept].iter().map(|(h, _)| h.clone()));
            let first = &listed[kept].0;
            folded.push(Heading {
                level: listed[kept..text_start]
                    .iter()
                    .map(|(h, _)| h.level)
                    .min()
                    .unwrap_or(first.level),
                title: if named {
                    first.title.clone()
                } else {
                    "Contents".to_string()
                },
                ..first.clone()
            });
            folded.extend(listed[text_start..].iter().map(|(h, _)| h.clone()));
        } else {
            folded.extend(listed.iter().map(|(h, _)| h.clone()));
        }
        at += run;
    }
    folded
}

/// A numbered contents list (found by `numbered`) made one entry, named by the line
/// above it if that names it, else "Contents"; the body lines it names made chapters.
/// `headings`: each with whether body text came before it, in order.
fn with_listed_contents(
    headings: Vec<(Heading, bool)>,
    listed: &ListedContents,
    text: &str,
    char_at: impl Fn(usize) -> usize,
) -> Vec<(Heading, bool)> {
    let line_text = |byte: usize| text[line_at(text, byte)].trim();
    let mut above = prev_line(text, &line_at(text, listed.list.start));
    while let Some(line) = above.clone().filter(|l| text[l.clone()].trim().is_empty()) {
        above = prev_line(text, &line);
    }
    let name = above
        .map(|line| line.start + (text[line.clone()].len() - text[line].trim_start().len()))
        .filter(|&byte| names_contents(line_text(byte)));
    let contents = match name {
        Some(byte) => Heading::new(byte, char_at(byte), 1, line_text(byte)),
        None => Heading::new(listed.list.start, char_at(listed.list.start), 1, "Contents"),
    };
    let list = contents.byte..listed.list.end;
    let mut kept: Vec<(Heading, bool)> = headings
        .into_iter()
        .filter(|(h, _)| !list.contains(&h.byte))
        .collect();
    let mut level = u8::MAX;
    let existing: HashMap<usize, u8> = kept.iter().map(|(h, _)| (h.byte, h.level)).collect();
    for &byte in &listed.named {
        match existing.get(&byte) {
            Some(&found) => level = level.min(found),
            None => {
                level = 1;
                kept.push((Heading::new(byte, char_at(byte), 1, line_text(byte)), true));
            }
        }
    }
    // At the rank of the chapters it lists.
    kept.push((Heading { level, ..contents }, true));
    kept.sort_by_key(|(h, _)| h.byte);
    kept
}

/// Most headings the text's opening may share with the list before it.
const MAX_OPENING_HEADINGS: usize = 4;

/// In a run of headings with no body between them, the last few that repeat titles met
/// earlier in the run, in order (`BOOK ONE`, `CHAPTER I` after a list that opens with
/// them): where they start, and where their first copies start.
fn opening_repeat(titles: &[&str]) -> Option<(usize, usize)> {
    let run = titles.len();
    (1..=MAX_OPENING_HEADINGS.min(run / 2)).rev().find_map(|k| {
        let opening = &titles[run - k..];
        (0..run - k)
            .find(|&j| j + k <= run - k && titles[j..j + k] == *opening)
            .map(|j| (run - k, j))
    })
}

/// A heading that names a table of contents, in the languages margent reads.
pub(super) fn names_contents(title: &str) -> bool {
    let title = title.trim_end_matches([':', '.', '：']).to_lowercase();
    matches!(
        title.as_str(),
        "contents" | "table of contents" | "目录" | "目錄" | "目次" | "もくじ" | "차례" | "목차" | "목록"
    )
}

/// Chapter headings that share one label before their chapter word (a scraper's
/// `《》目录 第一回…`) lose it, unless it names a volume (`上卷 第一回…`).
fn without_repeated_label(mut headings: Vec<Heading>) -> Vec<Heading> {
    let label = |title: &str| -> Option<usize> {
        let (label, rest) = title.split_once(' ')?;
        (rest.starts_with('第') && label.chars().count() <= 6).then_some(label.len())
    };
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for h in &headings {
        if let Some(len) = label(&h.title) {
            *counts.entry(&h.title[..len]).or_default() += 1;
        }
    }
    let chapters = headings.iter().filter(|h| h.level <= 1).count();
    let Some((shared, _)) = counts
        .into_iter()
        .filter(|&(l, n)| n >= 3 && n * 10 >= chapters * 9 && !l.contains(VOLUME_CHARS))
        .max_by_key(|&(_, n)| n)
    else {
        return headings;
    };
    let shared = format!("{shared} ");
    for h in &mut headings {
        if h.title.starts_with(&shared) && label(&h.title).is_some() {
            h.title.drain(..shared.len());
        }
    }
    headings
}

/// Characters of a volume or part word before a chapter (`上卷`, `第一部`).
const VOLUME_CHARS: [char; 11] = ['卷', '巻', '部', '篇', '编', '編', '集', '上', '中', '下', '第'];

/// Drops short title-like lines above the document's title (a site-section word such as
/// "News"): they are not sections of the text.
fn without_labels_above_title(mut headings: Vec<Heading>, title: &str) -> Vec<Heading> {
    if let Some(at) = headings.iter().position(|h| h.title == title)
        && headings[..at].iter().all(|h| h.level == 2)
    {
        headings.drain(..at);
    }
    headings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;

    #[test]
    fn a_site_section_word_above_the_title_is_no_section() {
        let text = "News\n\nHistoric private moon landing opens a new era\n\nBody text here.\n";
        let outline = Outline::build(&Document::from_text(text, Source::Stdin));
        let titles: Vec<&str> = outline.headings.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(titles, ["Historic private moon landing opens a new era"]);
    }

    #[test]
    fn a_printed_table_of_contents_is_one_entry() {
        let chapters = ["CHAPTER I", "CHAPTER II", "CHAPTER III", "CHAPTER IV"];
        let listed = chapters.join("\n\n");
        let body: String = chapters
            .iter()
            .map(|c| format!("{c}\n\nThe text of it goes on.\n\n"))
            .collect();
        let text = format!("A Novel\n\nBy Someone\n\nCONTENTS\n\n{listed}\n\n{body}");
        let outline = Outline::build(&Document::from_text(&text, Source::Stdin));
        let titles: Vec<&str> = outline.headings.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(
            titles[titles.len() - 5..],
            ["CONTENTS", "CHAPTER I", "CHAPTER II", "CHAPTER III", "CHAPTER IV"]
        );
        let contents = &outline.headings[titles.len() - 5];
        assert_eq!(&text[contents.byte..contents.byte + 8], "CONTENTS");
        let unnamed = text.replace("CONTENTS\n\n", "");
        let outline = Outline::build(&Document::from_text(&unnamed, Source::Stdin));
        let titles: Vec<&str> = outline.headings.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(
            titles[titles.len() - 5..],
            ["Contents", "CHAPTER I", "CHAPTER II", "CHAPTER III", "CHAPTER IV"]
        );
    }

    #[test]
    fn a_numbered_contents_list_makes_the_lines_it_names_chapters() {
        let body = "그는 그 날 밤 늦게까지 잠을 이루지 못하였다. 마을 사람들은 모두 잠들었다.\n";
        let titles = ["빼허의 조선인 촌락", "어떤 밤의 일", "송 첨지의 죽음"];
        let mut text = String::from("붉은 산\n목차\n");
        for (i, title) in titles.iter().enumerate() {
            text.push_str(&format!("{}. {title}\n", i + 1));
        }
        for (i, title) in titles.iter().enumerate() {
            text.push_str(&format!("{}. {title}\n{body}{body}", i + 1));
        }
        let outline = Outline::build(&Document::from_text(&text, Source::Stdin));
        let found: Vec<(&str, usize)> = (outline.headings.iter())
            .map(|h| (h.title.as_str(), h.byte))
            .collect();
        let second = |needle: &str| text.rfind(needle).unwrap();
        assert_eq!(
            found,
            [
                ("목차", text.find("목차").unwrap()),
                ("1. 빼허의 조선인 촌락", second("1. 빼허")),
                ("2. 어떤 밤의 일", second("2. 어떤")),
                ("3. 송 첨지의 죽음", second("3. 송")),
            ]
        );
    }

    #[test]
    fn a_label_every_chapter_repeats_is_dropped_but_a_volume_stays() {
        let titles = |text: &str| -> Vec<String> {
            let outline = Outline::build(&Document::from_text(text, Source::Stdin));
            outline.headings.into_iter().map(|h| h.title).collect()
        };
        let body = "话说天下大势，分久必合，合久必分。周末七国分争，并入于秦。\n";
        let chapters = |label: &str| -> String {
            (["一", "二", "三"].iter())
                .map(|n| format!("{label} 第{n}回　故事\n{body}{body}"))
                .collect()
        };
        assert_eq!(
            titles(&chapters("《》目录")),
            ["第一回 故事", "第二回 故事", "第三回 故事"]
        );
        assert_eq!(
            titles(&chapters("上卷")),
            ["上卷 第一回 故事", "上卷 第二回 故事", "上卷 第三回 故事"]
        );
    }

    #[test]
    fn headings_in_a_row_that_list_nothing_stay() {
        let text =
            "BOOK ONE\n\nCHAPTER I\n\nThe Arrival\n\nThe text of it goes on.\n\nCHAPTER II\n\nMore text.\n";
        let outline = Outline::build(&Document::from_text(text, Source::Stdin));
        let titles: Vec<&str> = outline.headings.iter().map(|h| h.title.as_str()).collect();
        assert!(
            titles.contains(&"BOOK ONE") && titles.contains(&"CHAPTER I"),
            "{titles:?}"
        );
    }

    #[test]
    fn lists_headings_in_order_with_positions() {
        let text = "Title Here\n\nCHAPTER I\n\nSome text.\n\n第二章　天下\n\nMore text here.\n";
        let doc = Document::from_text(text, Source::Stdin);
        let outline = Outline::build(&doc);
        let titles: Vec<&str> = outline.headings.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(titles, ["Title Here", "CHAPTER I", "第二章 天下"]);
        let chapter = &outline.headings[1];
        assert_eq!(&text[chapter.byte..chapter.byte + 7], "CHAPTER");
        let more = doc.char_at(text.find("More").unwrap());
        assert_eq!(outline.section_at(more), Some(2));
        assert_eq!(outline.section_at(0), Some(0));
        assert_eq!(
            outline.next_after(chapter.char_offset).unwrap().title,
            "第二章 天下"
        );
        assert_eq!(
            outline.previous_before(chapter.char_offset).unwrap().title,
            "Title Here"
        );
    }
}
