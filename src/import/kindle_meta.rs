//! The metadata line of a Kindle clipping ("- Your Highlight on page 4 | Location 41-44 |
//! Added on …") in the Kindle UI languages: what kind of clipping it is, its location
//! and page, and when it was added. Recognised by keywords, not by whole sentences, so
//! a wording we have not seen in a known language still reads. Pure.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};

/// What a clipping is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClipKind {
    Highlight,
    Note,
    Bookmark,
    /// A whole article or page saved ("Clip This Article"): no quote to anchor.
    Clip,
}

/// What a metadata line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub kind: ClipKind,
    /// Kindle location range (an end written short, "242-43", is spelled out).
    pub location: Option<(u64, u64)>,
    pub page: Option<u64>,
    pub added: Option<Timestamp>,
}

// Checked in this order: a bookmark or clip line may also name a location, and no
// note word is part of a highlight word.
const BOOKMARK: &[&str] = &[
    "bookmark",
    "lesezeichen",
    "segnalibro",
    "marcador",
    "marque-page",
    "signet",
    "bladwijzer",
    "закладка",
    "ブックマーク",
    "书签",
    "書籤",
];
const CLIP: &[&str] = &["clip", "artikel", "article", "剪贴", "クリップ記事"];
const NOTE: &[&str] = &[
    "note",
    "notiz",
    "nota",
    "remarque",
    "notitie",
    "заметка",
    "メモ",
    "笔记",
    "筆記",
];
const HIGHLIGHT: &[&str] = &[
    "highlight",
    "markierung",
    "evidenziazione",
    "subrayado",
    "resaltado",
    "surlignement",
    "destaque",
    "markering",
    "выделение",
    "ハイライト",
    "标注",
    "標注",
    "标记",
];
const LOCATION: &[&str] = &[
    "location",
    "loc.",
    "posizione",
    "posición",
    "posição",
    "position",
    "emplacement",
    "positie",
    "позиция",
    "位置",
];
const PAGE_BEFORE_NUMBER: &[&str] = &["page", "seite", "pagina", "página", "страница", "pág."];
const PAGE_AFTER_NUMBER: &[&str] = &["ページ", "页", "頁"];
const PM: &[&str] = &["pm", "p.m.", "下午", "午後"];
const AM: &[&str] = &["am", "a.m.", "上午", "午前"];

/// Month names (lowercase) in the Kindle UI languages that write them out.
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("marzo", 3),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("agosto", 8),
    ("settembre", 9),
    ("ottobre", 10),
    ("novembre", 11),
    ("dicembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janvier", 1),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("décembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("dezembro", 12),
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
];

/// Reads a metadata line (with or without its leading "- "); `None` when it names no
/// kind of clipping we know.
pub fn parse_meta(line: &str) -> Option<Meta> {
    let line = line.trim().trim_start_matches('-').trim();
    let mut segments: Vec<&str> = line.split('|').map(str::trim).collect();
    // The date is the last segment, when there are several and it holds a time.
    let date_segment = (segments.len() > 1 && has_time(segments[segments.len() - 1]))
        .then(|| segments.pop())
        .flatten();
    let head = segments.join(" | ").to_lowercase();
    let kind = if contains_any(&head, BOOKMARK) {
        ClipKind::Bookmark
    } else if contains_any(&head, CLIP) {
        ClipKind::Clip
    } else if contains_any(&head, NOTE) {
        ClipKind::Note
    } else if contains_any(&head, HIGHLIGHT) {
        ClipKind::Highlight
    } else {
        return None;
    };
    Some(Meta {
        kind,
        location: location(&head),
        page: page(&head),
        added: date_segment.and_then(parse_date),
    })
}

fn contains_any(haystack: &str, needles: &[&str]) -> bool {
    needles.iter().any(|needle| haystack.contains(needle))
}

fn has_time(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    bytes
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit())
}

/// The first number range after a location word.
fn location(head: &str) -> Option<(u64, u64)> {
    let at = LOCATION
        .iter()
        .filter_map(|word| head.find(word).map(|at| at + word.len()))
        .min()?;
    let numbers = numbers(&head[at..]);
    let (first, rest) = numbers.split_first()?;
    let start = first.0;
    // A range is two numbers joined by a hyphen; anything after that is another field.
    let end = rest
        .first()
        .filter(|second| head[at..][first.2..second.1].trim() == "-")
        .map_or(start, |second| {
            spell_out(start, second.0, &head[at..][second.1..second.2])
        });
    Some((start, end))
}

/// "242-43" means 242-243: the end gives only its last digits.
fn spell_out(start: u64, end: u64, end_digits: &str) -> u64 {
    if end >= start {
        return end;
    }
    let scale = 10u64.saturating_pow(u32::try_from(end_digits.len()).unwrap_or(0));
    let full = start - start % scale + end;
    if full >= start { full } else { full + scale }
}

fn page(head: &str) -> Option<u64> {
    for word in PAGE_BEFORE_NUMBER {
        if let Some(at) = head.find(word) {
            return numbers(&head[at + word.len()..]).first().map(|n| n.0);
        }
    }
    for word in PAGE_AFTER_NUMBER {
        if let Some(at) = head.find(word) {
            return numbers(&head[..at]).last().map(|n| n.0);
        }
    }
    None
}

/// Each run of ASCII digits: its value, start byte and end byte.
fn numbers(text: &str) -> Vec<(u64, usize, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if let Ok(value) = text[start..i].parse() {
                out.push((value, start, i));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// "Added on Saturday, July 11, 2015 4:27:48 PM", "Hinzugefügt am Samstag, 7. Juni 2014
/// 08:41:52", "添加于 2016年4月4日星期一 上午8:33:27", … as UTC (the file says no zone).
pub fn parse_date(segment: &str) -> Option<Timestamp> {
    let lower = segment.to_lowercase();
    let time_at = lower
        .as_bytes()
        .windows(3)
        .position(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit())?;
    let digits_start = lower[..=time_at]
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(0, |(at, c)| at + c.len_utf8());
    let (date_part, time_part) = lower.split_at(digits_start);
    let time = parse_time(time_part, &lower)?;
    let date = cjk_date(date_part).or_else(|| worded_date(date_part))?;
    jiff::tz::TimeZone::UTC
        .to_timestamp(DateTime::from_parts(date, time))
        .ok()
}

fn parse_time(time_part: &str, whole: &str) -> Option<Time> {
    let fields: Vec<u64> = numbers(time_part).into_iter().take(3).map(|n| n.0).collect();
    let mut hour = i8::try_from(*fields.first()?).ok()?;
    let minute = i8::try_from(*fields.get(1)?).ok()?;
    let second = fields.get(2).map_or(Some(0), |s| i8::try_from(*s).ok())?;
    let words: Vec<&str> = whole.split(|c: char| c.is_whitespace()).collect();
    let said = |marks: &[&str]| {
        marks.iter().any(|mark| {
            if mark.is_ascii() {
                words.iter().any(|word| word == mark)
            } else {
                whole.contains(mark)
            }
        })
    };
    if said(PM) && hour < 12 {
        hour += 12;
    } else if said(AM) && hour == 12 {
        hour = 0;
    }
    Time::new(hour, minute, second, 0).ok()
}

/// "2016年4月4日".
fn cjk_date(part: &str) -> Option<Date> {
    let year_at = part.find('年')?;
    let month_at = year_at + part[year_at..].find('月')?;
    let day_at = month_at + part[month_at..].find('日')?;
    let year = numbers(&part[..year_at]).last()?.0;
    let month = numbers(&part[year_at..month_at]).last()?.0;
    let day = numbers(&part[month_at..day_at]).last()?.0;
    make_date(year, month, day)
}

/// A date with its month written out: the four-digit number is the year, the other the
/// day; with no four-digit number (Kindle 3: "3 December 12"), day then two-digit year.
fn worded_date(part: &str) -> Option<Date> {
    let month = part
        .split(|c: char| !c.is_alphabetic())
        .find_map(|word| MONTHS.iter().find(|(name, _)| *name == word).map(|(_, m)| *m))?;
    let numbers: Vec<u64> = numbers(part).into_iter().map(|n| n.0).collect();
    let (year, day) = match numbers.iter().position(|&n| n >= 1000) {
        Some(at) => (numbers[at], *numbers.iter().find(|&&n| n < 1000)?),
        None => (2000 + *numbers.get(1)?, *numbers.first()?),
    };
    make_date(year, u64::from(month), day)
}

fn make_date(year: u64, month: u64, day: u64) -> Option<Date> {
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(line: &str) -> Meta {
        parse_meta(line).unwrap_or_else(|| panic!("unread: {line}"))
    }

    fn at(text: &str) -> Option<Timestamp> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn english_lines_old_and_new() {
        let m = meta(
            "- Your Highlight on page 12 | Location 1041-1044 | Added on Saturday, July 11, 2015 4:27:48 PM",
        );
        assert_eq!(
            (m.kind, m.location, m.page, m.added),
            (
                ClipKind::Highlight,
                Some((1041, 1044)),
                Some(12),
                at("2015-07-11T16:27:48Z")
            )
        );
        let m =
            meta("- Highlight Loc. 242-43  | Added on Monday, 3 December 12 19:00:12 Greenwich Mean Time");
        assert_eq!(
            (m.location, m.added),
            (Some((242, 243)), at("2012-12-03T19:00:12Z"))
        );
        assert_eq!(
            meta("- Bookmark Loc. 241  | Added on Monday, 3 December 12 19:02:09").kind,
            ClipKind::Bookmark
        );
        assert_eq!(
            meta("- Your Note on Location 98 | Added on Sunday, March 1, 2020 12:05:00 AM").added,
            at("2020-03-01T00:05:00Z")
        );
    }

    #[test]
    fn german_italian_spanish_lines() {
        let m =
            meta("- Ihre Markierung bei Position 1138-1138 | Hinzugefügt am Samstag, 7. Juni 2014 08:41:52");
        assert_eq!(
            (m.kind, m.location, m.added),
            (
                ClipKind::Highlight,
                Some((1138, 1138)),
                at("2014-06-07T08:41:52Z")
            )
        );
        let m = meta(
            "- La tua nota a pagina 199 | posizione 2993 | Aggiunto in data mercoledì 28 agosto 2024 14:37:49",
        );
        assert_eq!(
            (m.kind, m.page, m.location),
            (ClipKind::Note, Some(199), Some((2993, 2993)))
        );
        let m = meta(
            "-  La tua evidenziazione alla posizione 4719-4720 | Aggiunto in data giovedì 29 agosto 2024 22:49:31",
        );
        assert_eq!((m.kind, m.location), (ClipKind::Highlight, Some((4719, 4720))));
        let m =
            meta("- La subrayado en la posición 16-18 | Añadido el sábado, 12 de agosto de 2023 16:11:03");
        assert_eq!(
            (m.kind, m.location, m.added),
            (ClipKind::Highlight, Some((16, 18)), at("2023-08-12T16:11:03Z"))
        );
        assert_eq!(
            meta("- Artikel bei Position 699 speichern | Hinzugefügt am Montag, 9. Juni 2014 06:00:00").kind,
            ClipKind::Clip
        );
    }

    #[test]
    fn chinese_and_japanese_lines() {
        let m = meta("- 您在第 22 页（位置 #290-291）的标注 | 添加于 2016年4月4日星期一 上午8:33:27");
        assert_eq!(
            (m.kind, m.page, m.location, m.added),
            (
                ClipKind::Highlight,
                Some(22),
                Some((290, 291)),
                at("2016-04-04T08:33:27Z")
            )
        );
        let m = meta("- 您在位置 #204-205的标注 | 添加于 2014年6月5日星期四 下午10:03:00");
        assert_eq!(
            (m.location, m.added),
            (Some((204, 205)), at("2014-06-05T22:03:00Z"))
        );
        let m = meta("- 19ページ|位置No. 234-236のハイライト |作成日: 2022年12月12日月曜日 22:32:10");
        assert_eq!(
            (m.kind, m.page, m.location, m.added),
            (
                ClipKind::Highlight,
                Some(19),
                Some((234, 236)),
                at("2022-12-12T22:32:10Z")
            )
        );
        assert_eq!(
            meta("- 位置 No. 5のブックマーク |作成日: 2022年12月12日 1:00:00").kind,
            ClipKind::Bookmark
        );
        assert_eq!(
            meta("- 位置No. 3534のメモ |作成日: 2022年12月12日 1:00:00").kind,
            ClipKind::Note
        );
    }

    #[test]
    fn an_unknown_line_is_none_and_a_bad_date_is_no_date() {
        assert!(parse_meta("- something else | 12:00").is_none());
        assert_eq!(meta("- Highlight Loc. 5 | Added on Someday 99:99:99").added, None);
    }
}
