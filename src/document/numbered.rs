//! Numbered contents lists (`1. 빼허의 조선인 촌락`, `2. …`) near the top of a text,
//! and the lines of the body they name: those lines are the text's headings even where
//! nothing else sets them off (a line per paragraph, no blank lines). Pure.

use std::collections::HashMap;
use std::ops::Range;

use super::lines::{line_at, next_line};
use crate::text::class::is_blank_char;

/// A numbered contents list has at least this many entries.
const MIN_ENTRIES: usize = 3;
/// Longest entry title, in chars.
const MAX_ENTRY_CHARS: usize = 60;
/// Lists are looked for this far into the text (bytes, or a tenth of it if more).
const SEARCH_BYTES: usize = 64 * 1024;
/// Most lists whose entries are looked for in the body.
const MAX_LISTS_TRIED: usize = 4;
/// Most entries of a contents list: a longer numbered run is something else.
const MAX_ENTRIES: usize = 500;

/// A numbered contents list and the body lines it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedContents {
    /// From the first entry's line to the end of the last's.
    pub list: Range<usize>,
    /// Each body line named by an entry: where its text starts.
    pub named: Vec<usize>,
}

/// The first numbered contents list near the top of `text` at least two in three of
/// whose entries come again, in order, as whole lines after it.
pub fn find(text: &str) -> Option<ListedContents> {
    let search_end = SEARCH_BYTES.max(text.len() / 10).min(text.len());
    let mut tried = 0;
    let mut entries: Vec<String> = Vec::new();
    let mut list = 0..0;
    for line in lines_from(text, Some(line_at(text, 0))) {
        if line.start >= search_end && entries.is_empty() {
            return None;
        }
        let trimmed = text[line.clone()].trim_matches(is_blank_char);
        if trimmed.is_empty() {
            continue;
        }
        match entry(trimmed) {
            Some((number, title)) if number == entries.len() + 1 && number <= MAX_ENTRIES => {
                if entries.is_empty() {
                    list.start = line.start;
                }
                list.end = line.end;
                entries.push(title);
                continue;
            }
            _ => {}
        }
        if (MIN_ENTRIES..=MAX_ENTRIES).contains(&entries.len()) {
            tried += 1;
            if let Some(named) = named_lines(text, list.end, &entries) {
                return Some(ListedContents { list, named });
            }
        }
        entries.clear();
        // This line may open the next list.
        if let Some((1, title)) = entry(trimmed) {
            list = line.clone();
            entries.push(title);
        }
        if line.start >= search_end || tried >= MAX_LISTS_TRIED {
            return None;
        }
    }
    None
}

/// Where the body lines named by `entries` start, after byte `from`: each entry's first
/// whole line, with or without its number, in the list's order. `None` unless two in
/// three are found.
fn named_lines(text: &str, from: usize, entries: &[String]) -> Option<Vec<usize>> {
    let index: HashMap<&str, usize> = entries.iter().enumerate().map(|(i, t)| (t.as_str(), i)).collect();
    let longest = entries.iter().map(String::len).max().unwrap_or(0) + 8;
    let mut next = 0;
    let mut named = Vec::new();
    // From the line after the one `from` ends.
    for line in lines_from(text, next_line(text, &line_at(text, from))) {
        if next == entries.len() {
            break;
        }
        let raw = &text[line.clone()];
        if raw.len() > longest * 2 {
            continue;
        }
        let trimmed = raw.trim_matches(is_blank_char);
        if trimmed.is_empty() {
            continue;
        }
        let found = match entry(trimmed) {
            Some((number, title)) => Some(number - 1).filter(|&i| entries.get(i) == Some(&title)),
            None => index.get(collapsed(trimmed).as_str()).copied(),
        };
        if let Some(i) = found.filter(|&i| i >= next) {
            named.push(line.start + (raw.len() - raw.trim_start_matches(is_blank_char).len()));
            next = i + 1;
        }
    }
    (named.len() * 3 >= entries.len() * 2).then_some(named)
}

/// A numbered line's number and title: `1. Title`, `2) Title`, `３．題`, `4、제목`.
fn entry(line: &str) -> Option<(usize, String)> {
    let digits = line
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || ('０'..='９').contains(c))
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    if line[..digits].chars().count() > 3 {
        return None;
    }
    let number: usize = line[..digits]
        .chars()
        .map(|c| c.to_digit(10).unwrap_or_else(|| (c as u32) - ('０' as u32)) as usize)
        .fold(0, |n, d| n * 10 + d);
    let rest = &line[digits..];
    let separator = rest.chars().next().filter(|c| ".．)）、:：".contains(*c))?;
    let title = rest[separator.len_utf8()..].trim_matches(is_blank_char);
    let sentence_end = title.ends_with(['.', '。', '!', '?', '！', '？']);
    let chars = title.chars().count();
    (number > 0 && chars > 0 && chars <= MAX_ENTRY_CHARS && !sentence_end).then(|| (number, collapsed(title)))
}

/// Runs of whitespace as one space.
fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The lines of `text` from `first` on, without their `\n`.
fn lines_from(text: &str, first: Option<Range<usize>>) -> impl Iterator<Item = Range<usize>> + '_ {
    std::iter::successors(first, move |line| next_line(text, line))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "그는 그 날 밤 늦게까지 잠을 이루지 못하였다. 마을 사람들은 모두 잠들었다.\n";

    fn text(blank: &str, numbered_in_body: bool) -> String {
        let titles = ["빼허의 조선인 촌락", "어떤 밤의 일", "송 첨지의 죽음", "붉은 산"];
        let mut text = format!("붉은 산\n{blank}목차\n");
        for (i, title) in titles.iter().enumerate() {
            text.push_str(&format!("{}. {title}\n", i + 1));
        }
        for (i, title) in titles.iter().enumerate() {
            let number = if numbered_in_body {
                format!("{}. ", i + 1)
            } else {
                String::new()
            };
            text.push_str(&format!("{blank}{number}{title}\n{blank}{BODY}{BODY}"));
        }
        text
    }

    #[test]
    fn a_numbered_list_names_the_body_lines_that_repeat_it() {
        for blank in ["", "\n"] {
            for numbered in [true, false] {
                let text = text(blank, numbered);
                let found = find(&text).unwrap_or_else(|| panic!("{text}"));
                assert!(text[found.list.clone()].starts_with("1. 빼허"), "{text}");
                assert!(text[found.list.clone()].ends_with("4. 붉은 산"), "{text}");
                let named: Vec<&str> = found
                    .named
                    .iter()
                    .map(|&at| text[at..].lines().next().unwrap())
                    .collect();
                let expected: Vec<String> =
                    ["빼허의 조선인 촌락", "어떤 밤의 일", "송 첨지의 죽음", "붉은 산"]
                        .iter()
                        .enumerate()
                        .map(|(i, t)| {
                            if numbered {
                                format!("{}. {t}", i + 1)
                            } else {
                                t.to_string()
                            }
                        })
                        .collect();
                assert_eq!(named, expected, "{text}");
            }
        }
    }

    #[test]
    fn a_list_named_nowhere_else_is_no_contents() {
        let text = format!(
            "Things to do\n\n1. Buy milk\n2. Write the letter\n3. Walk\n\n{}",
            BODY.repeat(4)
        );
        assert_eq!(find(&text), None);
        // Out of order or too few: no list either.
        let shuffled = "2. One\n1. Two\n3. Three\n\nOne\n\nTwo\n\nThree\n";
        assert_eq!(find(shuffled), None);
        let short = "1. One\n2. Two\n\nOne\n\nTwo\n";
        assert_eq!(find(short), None);
    }

    #[test]
    fn entries_are_numbered_lines_that_are_no_sentences() {
        assert_eq!(
            entry("1. 빼허의  조선인 촌락"),
            Some((1, "빼허의 조선인 촌락".to_string()))
        );
        assert_eq!(entry("１２．題名"), Some((12, "題名".to_string())));
        assert_eq!(entry("3) Three"), Some((3, "Three".to_string())));
        assert_eq!(entry("1. He went home."), None);
        assert_eq!(entry("1999. A year"), None);
        assert_eq!(entry("12 apples"), None);
        assert_eq!(entry("0. Zero"), None);
    }
}
