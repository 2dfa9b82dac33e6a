//! The Anki export (DESIGN §1.7): a UTF-8 text file that Anki imports as is — header
//! lines `#separator:tab`, `#html:true`, `#notetype:Cloze`, `#deck:<title>`,
//! `#tags column:3` (Anki's documented file headers), then one card per annotation with
//! a quote: the sentence around it with the quote as `{{c1::…}}`, the note (and what
//! a person should know of its anchoring) as the extra field, the tags. A filtered
//! export says which annotations it holds in a header line of its own
//! (`#margent filter:…`), which Anki reads and ignores like any key it does not know.
//! Pure.

use std::io;

use super::parts::{Parts, Sink};
use super::text::status_remark;
use super::{ExportInput, Item};
use crate::anchor::AnchorStatus;
use crate::sanitize;
use crate::text::excerpt::reflow;

/// How far a sentence is looked for on each side of the quote (code points).
const SENTENCE_REACH: usize = 300;

/// The Anki export, handed to `sink` a part at a time.
pub fn write(input: &ExportInput<'_>, sink: Sink<'_>) -> io::Result<()> {
    let mut parts = Parts::new(sink);
    let out = parts.text();
    out.push_str("#separator:tab\n#html:true\n#notetype:Cloze\n");
    out.push_str(&format!("#deck:{}\n", header_value(input.title)));
    out.push_str("#tags column:3\n");
    if let Some(filter) = input.filter.describe() {
        // Anki reads every `#key:value` line of the head and ignores keys it does not know.
        out.push_str(&format!(
            "#margent filter:only those with {}\n",
            header_value(&filter)
        ));
    }
    for item in input.items {
        if let Some(card) = card(input, item) {
            parts.text().push_str(&card);
            parts.text().push('\n');
            parts.pass()?;
        }
    }
    parts.finish()
}

/// `Text<TAB>Extra<TAB>Tags`, or `None` for an annotation without a quote.
fn card(input: &ExportInput<'_>, item: &Item) -> Option<String> {
    let a = &item.annotation;
    let placed = matches!(
        item.anchoring.status,
        AnchorStatus::Exact | AnchorStatus::Relocated
    );
    let (before, quote, after) = if placed {
        sentence_around_in(input.doc, item.anchoring.start, item.anchoring.end)
    } else {
        // Unreviewed or lost: the quote as stored, without a sentence it may not be in.
        (String::new(), a.exact.clone(), String::new())
    };
    if quote.trim().is_empty() {
        return None;
    }
    let text = format!(
        "{}{{{{c1::{}}}}}{}",
        edged_field(&before),
        cloze_safe(&edged_field(&quote)),
        edged_field(&after)
    );
    let mut extra = field(a.note.trim());
    if let Some(remark) = status_remark(item.anchoring.status) {
        if !extra.is_empty() {
            extra.push_str("<br>");
        }
        extra.push_str(&format!("<i>{}</i>", field(remark)));
    }
    let tags: Vec<String> = a.tags.iter().map(|tag| anki_tag(tag)).collect();
    Some(format!("{text}\t{extra}\t{}", tags.join(" ")))
}

/// `sentence_around` in the document, looking only as far as a sentence is looked for
/// (the whole text for each card made 100,000 cards take five minutes).
fn sentence_around_in(doc: &crate::document::Document, start: usize, end: usize) -> (String, String, String) {
    let (text, index) = (doc.text(), doc.chars());
    let end = end.min(index.len_chars());
    let start = start.min(end);
    // One char more on each side than the reach: what decides whether a char ends a
    // sentence is the char after it.
    let first = start.saturating_sub(SENTENCE_REACH + 1);
    let last = (end + SENTENCE_REACH + 1).min(index.len_chars());
    let window = &text[index.byte_at(text, first)..index.byte_at(text, last)];
    sentence_around(window, start - first, end - first)
}

/// The text of the sentence holding `start..end` (code points), split around the quote:
/// from after the previous sentence end (or paragraph break) to the next sentence end.
fn sentence_around(text: &str, start: usize, end: usize) -> (String, String, String) {
    let chars: Vec<char> = text.chars().collect();
    let end = end.min(chars.len());
    let start = start.min(end);
    let mut from = start;
    while from > 0 && start - from < SENTENCE_REACH && !ends_sentence(&chars, from - 1) {
        from -= 1;
    }
    let mut to = end;
    while to < chars.len()
        && to - end < SENTENCE_REACH
        && !ends_sentence(&chars, to.saturating_sub(1).max(end))
    {
        to += 1;
    }
    let piece = |range: std::ops::Range<usize>| chars[range].iter().collect::<String>();
    let before = piece(from..start);
    let after = piece(end..to);
    (
        before.trim_start().to_string(),
        piece(start..end),
        after.trim_end().to_string(),
    )
}

/// Whether the char at `at` ends a sentence: a full stop, question or exclamation mark
/// (Latin or CJK) followed by a space or the end, a CJK one anywhere, or a blank line.
fn ends_sentence(chars: &[char], at: usize) -> bool {
    let c = chars[at];
    let next = chars.get(at + 1).copied();
    match c {
        '。' | '！' | '？' | '\u{ff0e}' => true,
        '.' | '!' | '?' => next.is_none_or(char::is_whitespace),
        '\n' => next == Some('\n'),
        _ => false,
    }
}

/// A field of the file: safe text, HTML-escaped (`#html:true`), lines as `<br>`, no tab.
fn field(text: &str) -> String {
    let text = reflow(&sanitize::multiline(text));
    let mut out = String::with_capacity(text.len());
    for c in text.trim_end_matches('\n').chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `field`, keeping one space where the text begins or ends with whitespace: the pieces
/// around a cloze meet at word boundaries.
fn edged_field(text: &str) -> String {
    let core = field(text);
    if core.is_empty() {
        return if text.is_empty() { core } else { " ".to_string() };
    }
    let lead = if text.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if text.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    format!("{lead}{core}{trail}")
}

/// `}}` or `::` inside a cloze would end it or start its hint early.
fn cloze_safe(text: &str) -> String {
    text.replace("}}", "}&#125;").replace("::", ":&#58;")
}

/// Anki tags are separated by spaces: a space inside a tag becomes `_` (as in the
/// CSV export's inline tags, so a tag reads the same everywhere).
fn anki_tag(tag: &str) -> String {
    sanitize::inline(tag)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_")
}

/// A header's value is the rest of its line.
fn header_value(text: &str) -> String {
    sanitize::inline(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_around_a_quote() {
        let text = "First one. The slow reader wins the race. Last one.";
        let start = text.find("reader").unwrap();
        let (before, quote, after) = sentence_around(text, start, start + 6);
        assert_eq!(
            (before.as_str(), quote.as_str(), after.as_str()),
            ("The slow ", "reader", " wins the race.")
        );
        let zh = "第一句。慢慢读书的人赢了。最后一句。";
        let start = zh.chars().position(|c| c == '读').unwrap();
        let (before, quote, after) = sentence_around(zh, start, start + 2);
        assert_eq!(
            (before.as_str(), quote.as_str(), after.as_str()),
            ("慢慢", "读书", "的人赢了。")
        );
    }

    #[test]
    fn the_sentence_is_the_same_found_in_a_window_of_a_long_text() {
        let sentence = "A reader. The slow reader wins the race. Last one.\n\n";
        let text = sentence.repeat(200);
        let doc = crate::document::Document::from_bytes(
            text.clone().into_bytes(),
            None,
            crate::document::Source::Stdin,
        )
        .unwrap();
        let chars: Vec<char> = doc.text().chars().collect();
        for start in [0, 15, 5_003, chars.len() - 9] {
            let end = (start + 6).min(chars.len());
            assert_eq!(
                sentence_around_in(&doc, start, end),
                sentence_around(doc.text(), start, end),
                "at {start}"
            );
        }
    }

    #[test]
    fn fields_are_escaped_and_one_line() {
        assert_eq!(
            field("a <b> & \"c\"\td\ne"),
            "a &lt;b&gt; &amp; &quot;c&quot; d e"
        );
        assert_eq!(field("one\n\ntwo"), "one<br><br>two");
        assert_eq!(cloze_safe("a}}b::c"), "a}&#125;b:&#58;c");
        assert_eq!(anki_tag("has space"), "has_space");
    }
}
