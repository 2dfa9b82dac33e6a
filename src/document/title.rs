//! Finds a document's title (and author where the file says) from its first lines:
//! Project Gutenberg `Title:`/`Author:` headers, Aozora Bunko title/author lines, or
//! the first line that reads like a title, skipping a lone site-section word such as
//! "News" above it. Pure.

use super::lines::{LineInfo, is_blank};

/// Lines looked at from the start of the document.
const HEAD_LINES: usize = 400;
const MAX_TITLE_COLS: usize = 160;

/// A Markdown article's: what it states (`markup::markdown::meta`: front matter, a
/// JSON block, its first level-one heading), else the title-like first line of its body
/// when that is not a Markdown construct (a heading of a section, a quote, an image).
pub fn detect_markdown(text: &str) -> Metadata {
    let stated = crate::markup::markdown::meta::stated(text);
    if stated.title.is_some() {
        return Metadata {
            title: stated.title,
            author: stated.author,
        };
    }
    let found = detect(&text[stated.body_start..]);
    Metadata {
        title: found
            .title
            .filter(|title| !title.starts_with(['#', '<', '>', '`', '|', '!', '[', '-', '*', '+', '='])),
        author: stated.author.or(found.author),
    }
}

/// The labels of metadata lines: Project Gutenberg's `Title:`/`Author:`, and the CJK
/// `作品：`/`作者：`.
const FIELD_LABELS: [&str; 7] = ["Title", "Author", "作品", "书名", "書名", "作者", "著者"];

/// Top-level domains that mark a download site's banner.
const SITE_DOMAINS: [&str; 11] = [
    "com", "net", "org", "cc", "cn", "info", "biz", "tw", "jp", "kr", "io",
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub title: Option<String>,
    pub author: Option<String>,
}

pub fn detect(text: &str) -> Metadata {
    let head: Vec<&str> = text.split('\n').take(HEAD_LINES).collect();
    let field = |name: &str| {
        head.iter()
            .find_map(|line| metadata_field(line).filter(|(label, _)| field_name(label) == name))
            .map(|(_, value)| collapse(value))
    };
    if let Some(title) = field("Title") {
        return Metadata {
            title: Some(title),
            author: field("Author"),
        };
    }
    let mut content = head
        .iter()
        .enumerate()
        .filter(|(_, line)| !is_blank(line) && !is_banner(line));
    let Some((first_index, first)) = content.next() else {
        return Metadata::default();
    };
    let second = content.next();
    // Aozora Bunko: the title, then its author, then a rule of dashes.
    let aozora_header = head
        .iter()
        .skip(first_index + 1)
        .take(4)
        .any(|line| line.starts_with("-----"));
    // The line after a section label must stand alone and not end a sentence, as a
    // headline does (a short title above its first paragraph stays the title).
    let standalone_headline = |index: usize, line: &str| {
        head.get(index + 1).is_none_or(|next| is_blank(next))
            && !line
                .trim_end()
                .ends_with(['.', '。', '!', '?', '！', '？', ',', '，', ':', '：'])
    };
    let title_line = match second {
        Some((index, second))
            if !aozora_header
                && is_section_label(first, second)
                && standalone_headline(index, second)
                && reads_like_title(second) =>
        {
            second
        }
        _ => first,
    };
    let opens_a_block = std::ptr::eq(title_line, first) && opens_a_block(&head, first_index);
    let title = (reads_like_title(title_line) && !opens_a_block).then(|| collapse(title_line));
    let author = title
        .as_ref()
        .and_then(|_| aozora_author(&head, first_index, std::ptr::eq(title_line, first)));
    Metadata { title, author }
}

/// The first line of a stanza or of a hard-wrapped paragraph, not a title: the two
/// lines right below it (no blank line between) are about as long as it is (from half
/// to twice its width), and these lines read as verse or prose: one of them ends in
/// punctuation, or the first is longer than a title tends to be; or three lines below
/// it are nearly as long as it is (from 0.7 to 1.4 times). A chapter heading, a title
/// above a subtitle and an author, or a title above a longer first line stays.
fn opens_a_block(head: &[&str], index: usize) -> bool {
    const BELOW: usize = 2;
    const STANZA_BELOW: usize = 3;
    const PROSE_COLS: usize = 50;
    let Some(first) = head.get(index).and_then(|line| LineInfo::of(line.trim())) else {
        return false;
    };
    if super::heading::heading_level(head[index], &first, false) == Some(1) {
        return false;
    }
    let below: Vec<LineInfo> = head
        .iter()
        .skip(index + 1)
        .take(STANZA_BELOW)
        .map_while(|line| LineInfo::of(line.trim()).filter(|_| !is_blank(line)))
        .collect();
    let punctuated = |info: &LineInfo| {
        matches!(
            info.last,
            ',' | '.'
                | ';'
                | ':'
                | '!'
                | '?'
                | '，'
                | '。'
                | '、'
                | '；'
                | '：'
                | '！'
                | '？'
                | '،'
                | '؛'
                | '؟'
        )
    };
    let similar = |b: &LineInfo, low: usize, high: usize| {
        b.cols * 10 >= first.cols * low && b.cols * 10 <= first.cols * high
    };
    let block = below.len() >= BELOW
        && below[..BELOW].iter().all(|b| similar(b, 5, 20))
        && (first.cols > PROSE_COLS || punctuated(&first) || below.iter().any(punctuated));
    // Verse without punctuation (as Arabic verse is written): four lines or more of
    // nearly one length.
    let stanza = below.len() == STANZA_BELOW && below.iter().all(|b| similar(b, 7, 14));
    block || stanza
}

/// A short label above the real title: a site section ("News", "World News",
/// "新闻 News", "科技"). A few words of letters only, and the line after it much longer
/// (a short title above its author's name stays the title).
fn is_section_label(line: &str, next: &str) -> bool {
    const MAX_LABEL_COLS: usize = 24;
    let label = line.trim();
    let (Some(info), Some(next_info)) = (LineInfo::of(label), LineInfo::of(next.trim())) else {
        return false;
    };
    label.split_whitespace().count() <= 3
        && info.cols <= MAX_LABEL_COLS
        && label
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '&' | '-' | '·'))
        && next_info.cols >= 2 * info.cols + 4
        && !next.trim_start().to_lowercase().starts_with("by ")
}

/// The field a metadata label names, in Project Gutenberg's words.
fn field_name(label: &str) -> &'static str {
    match label {
        "Title" | "作品" | "书名" | "書名" => "Title",
        _ => "Author",
    }
}

/// A metadata line's label and value (`Title: War and Peace`). Read by hand, like
/// `is_banner`: the reader finds the title before its first screen, and building
/// patterns for these would cost more than reading the lines.
fn metadata_field(line: &str) -> Option<(&'static str, &str)> {
    let line = line.trim_start();
    let (label, rest) = FIELD_LABELS
        .iter()
        .find_map(|label| line.strip_prefix(label).map(|rest| (*label, rest)))?;
    let value = rest.trim_start().strip_prefix([':', '：'])?.trim();
    (!value.is_empty()).then_some((label, value))
}

/// A line that advertises where the file was downloaded: it holds a web address or a
/// domain name (`www.`, `http://`, `name.com`). Never a title.
fn is_banner(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    if ["http://", "https://", "www."]
        .iter()
        .any(|mark| lower.contains(mark))
    {
        return true;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    lower.match_indices('.').any(|(dot, _)| {
        let named = lower[..dot]
            .bytes()
            .next_back()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-');
        let after = &lower[dot + 1..];
        named
            && SITE_DOMAINS.iter().any(|domain| {
                after
                    .strip_prefix(domain)
                    .is_some_and(|rest| !rest.starts_with(is_word))
            })
    })
}

fn reads_like_title(line: &str) -> bool {
    let Some(info) = LineInfo::of(line) else {
        return false;
    };
    let long_sentence =
        info.cols > 60 && matches!(info.last, '.' | '。' | '!' | '?' | '！' | '？' | '，' | ',');
    // A CJK sentence (or a line of verse) has its punctuation inside or at its end.
    let cjk_sentence = line.trim_end().contains(['。', '，', '！', '？', '；']);
    info.cols <= MAX_TITLE_COLS && !long_sentence && !cjk_sentence
}

/// Aozora Bunko files open with the title, the author, a blank line and a rule of dashes.
fn aozora_author(head: &[&str], title_index: usize, title_is_first: bool) -> Option<String> {
    let author = head.get(title_index + 1)?;
    let rule_follows = head
        .iter()
        .skip(title_index + 2)
        .take(3)
        .any(|line| line.starts_with("-----"));
    (title_is_first && !is_blank(author) && rule_follows).then(|| collapse(author))
}

/// Trims and collapses runs of whitespace to one space.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The metadata lines and banners told by hand are those the patterns they stand
    /// for (as they were written) find.
    #[test]
    fn lines_are_told_as_the_patterns_tell_them() {
        let field =
            regex::Regex::new(r"^\s*(Title|Author|作品|书名|書名|作者|著者)\s*[:：]\s*(\S.*?)\s*$").unwrap();
        let site = regex::Regex::new(
            r"(?i)https?://|www\.|[a-z0-9-]+\.(?:com|net|org|cc|cn|info|biz|tw|jp|kr|io)\b",
        )
        .unwrap();
        for line in crate::document::sample_lines::sample_lines() {
            let expected = field
                .captures(&line)
                .map(|caps| (caps[1].to_owned(), caps[2].to_owned()));
            let told = metadata_field(&line).map(|(label, value)| (label.to_owned(), value.to_owned()));
            assert_eq!(told, expected, "{line:?}");
            assert_eq!(is_banner(&line), site.is_match(&line), "{line:?}");
        }
    }

    #[test]
    fn skips_a_site_section_word_above_the_title() {
        let text =
            "News\n\nNew Development Concept Leads High-quality Development In Xinjiang\n\nNew Development";
        assert_eq!(
            detect(text).title.as_deref(),
            Some("New Development Concept Leads High-quality Development In Xinjiang")
        );
    }

    #[test]
    fn skips_bilingual_and_cjk_section_labels_but_not_a_short_title() {
        let title = "Historic private moon landing opens a new era of exploration";
        for label in ["新闻 News", "World News", "科技"] {
            let text = format!("{label}\n\n{title}\n\nThe text begins here.");
            assert_eq!(detect(&text).title.as_deref(), Some(title), "{label}");
        }
        let text = "Brexit\n\nBy John Smith and Jane Doe of the Foreign Desk\n\nText.";
        assert_eq!(detect(text).title.as_deref(), Some("Brexit"));
        let text = "Test Doc\n\nThe quick brown fox jumps over\nthe lazy dog and keeps running far.\n";
        assert_eq!(detect(text).title.as_deref(), Some("Test Doc"));
        let text = "Short Title\n\nA first paragraph that is one long line of text.\n\nMore.";
        assert_eq!(detect(text).title.as_deref(), Some("Short Title"));
    }

    #[test]
    fn reads_project_gutenberg_headers() {
        let text = "The Project Gutenberg EBook of War and Peace, by Leo Tolstoy\n\nTitle: War and Peace\n\nAuthor: Leo Tolstoy\n";
        let meta = detect(text);
        assert_eq!(meta.title.as_deref(), Some("War and Peace"));
        assert_eq!(meta.author.as_deref(), Some("Leo Tolstoy"));
    }

    #[test]
    fn reads_aozora_title_and_author() {
        let text = "罪と罰\nフョードル・ミハイロヴィッチ・ドストエフスキー\n米川正夫訳\n\n-------------------------------------------------------\n";
        assert_eq!(detect(text).title.as_deref(), Some("罪と罰"));
        let text = "吾輩は猫である\n夏目漱石\n\n-------------------------------------------------------\n";
        let meta = detect(text);
        assert_eq!(meta.title.as_deref(), Some("吾輩は猫である"));
        assert_eq!(meta.author.as_deref(), Some("夏目漱石"));
    }

    #[test]
    fn centred_titles_are_trimmed_and_collapsed() {
        let text = "\n           광염 소나타\n                  김 동 인\n\n독자는";
        assert_eq!(detect(text).title.as_deref(), Some("광염 소나타"));
    }

    #[test]
    fn download_banners_are_never_titles() {
        let text = "【小说下载尽在书包CC http://www.bookbao.cc】\n\n水浒传\n\n第一回";
        assert_eq!(detect(text).title.as_deref(), Some("水浒传"));
        let text = "    手机电子书·大学生小说网,请访问:dxsxs.com\n书名：红楼梦\n作者：曹雪芹\n";
        let meta = detect(text);
        assert_eq!(meta.title.as_deref(), Some("红楼梦"));
        assert_eq!(meta.author.as_deref(), Some("曹雪芹"));
        let text = "作品：狂人日記\n\n　　某君昆仲，今隱其名。";
        assert_eq!(detect(text).title.as_deref(), Some("狂人日記"));
    }

    #[test]
    fn a_first_line_of_verse_is_not_a_title() {
        assert_eq!(
            detect("满纸荒唐言，一把辛酸泪！\n都云作者痴，谁解其中味？\n").title,
            None
        );
    }

    #[test]
    fn the_first_lines_of_a_stanza_or_a_wrapped_paragraph_are_not_a_title() {
        let sonnet = "Shall I compare thee to a summer's day?\nThou art more lovely and more temperate:\nRough winds do shake the darling buds of May,\n";
        assert_eq!(detect(sonnet).title, None);
        // Arabic verse, right to left and without punctuation: a stanza by its lengths.
        let verse = "قفا نبك من ذكرى حبيب ومنزل\nبسقط اللوى بين الدخول فحومل\nفتوضح فالمقراة لم يعف رسمها\nلما نسجتها من جنوب وشمأل\n";
        assert_eq!(detect(verse).title, None);
        let prose = "It was the best of times, it was the worst of times, it was the age\nof wisdom, it was the age of foolishness, it was the epoch of belief,\nit was the epoch of incredulity, it was the season of Light\n";
        assert_eq!(detect(prose).title, None);
    }

    #[test]
    fn a_title_above_its_poem_subtitle_or_author_stays_the_title() {
        let poem = "Ozymandias\nI met a traveller from an antique land,\nWho said: Two vast and trunkless legs of stone\nStand in the desert.\n";
        assert_eq!(detect(poem).title.as_deref(), Some("Ozymandias"));
        let header = "國譯史記列傳\n老莊申韓列傳第三\n司馬遷\n箭内亙訳註\n\n本文";
        assert_eq!(detect(header).title.as_deref(), Some("國譯史記列傳"));
        let chapter =
            "第一回　宴桃园豪杰三结义\n　　滚滚长江东逝水，浪花淘尽英雄。\n　　青山依旧在，几度夕阳红。\n";
        assert_eq!(detect(chapter).title.as_deref(), Some("第一回 宴桃园豪杰三结义"));
    }

    #[test]
    fn a_long_first_sentence_is_not_a_title() {
        let text = "某君昆仲，今隱其名，皆餘昔日在中學時良友；分隔多年，消息漸闕。日前偶聞其一大病；適歸故鄉，迂道往訪，則僅晤一人。\n　　一";
        assert_eq!(detect(text).title, None);
    }
}
