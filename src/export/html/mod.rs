//! HTML export: one standalone page to print or send. The article itself, reflowed, with
//! each highlight as `<mark>` in its palette colour and its note beside it (a margin
//! note on a wide screen and on paper, a note under the passage on a phone), then every
//! annotation listed by section, orphans last. Everything taken from the document or the
//! sidecar is sanitised and HTML-escaped; the page loads nothing (its content security
//! policy forbids it) and carries its own print CSS. Pure.

mod article;
mod colors;
mod language;

use std::io;

use std::fmt::Write;

use super::markdown::facts;
use super::parts::{Parts, Sink};
use super::text::{location_text, status_remark};
use super::{ExportInput, Item};
use crate::sanitize;
use crate::text::excerpt::{excerpt, reflow};

const STYLE: &str = include_str!("style.css");
/// Longest quote shown in the list of annotations (in chars).
const LIST_QUOTE_CHARS: usize = 400;

/// The export being written, with what every part of it needs.
pub(super) struct Page<'a> {
    input: &'a ExportInput<'a>,
}

/// The HTML page, handed to `sink` a part at a time (a block or an entry each).
pub fn write(input: &ExportInput<'_>, sink: Sink<'_>) -> io::Result<()> {
    let page = Page { input };
    let mut parts = Parts::new(sink);
    let out = parts.text();
    page.write_head(out);
    out.push_str("<main>\n");
    article::write_article(&page, &mut parts)?;
    page.write_list(&mut parts)?;
    parts.text().push_str("</main>\n</body>\n</html>\n");
    parts.finish()
}

impl<'a> Page<'a> {
    /// Items with their numbers (1-based, in document order).
    fn numbered(&self) -> impl Iterator<Item = (usize, &'a Item)> + 'a {
        self.input
            .items
            .iter()
            .enumerate()
            .map(|(index, item)| (index + 1, item))
    }

    /// The CSS class of a palette colour; unknown names get the default colour's.
    fn class_of(&self, color: &str) -> String {
        let palette = self.input.palette;
        let entry = palette.get(color).unwrap_or_else(|| palette.default_entry());
        colors::class_name(&entry.name)
    }

    fn write_head(&self, out: &mut String) {
        let title = escaped(self.input.title);
        let lang = language::of(self.input.doc.text());
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
        );
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.push_str(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
        );
        out.push_str("<meta name=\"generator\" content=\"margent\">\n");
        let _ = writeln!(out, "<title>{title}</title>");
        let _ = writeln!(
            out,
            "<style>\n{STYLE}{}</style>\n</head>\n<body>",
            colors::rules(self.input.palette)
        );
        let _ = writeln!(out, "<header>\n<h1>{title}</h1>");
        let mut meta = vec![escaped(self.input.file_name)];
        if let Some(author) = self.input.author {
            meta.push(format!("by {}", escaped(author)));
        }
        meta.push(match self.input.items.len() {
            1 => "1 annotation".to_string(),
            count => format!("{count} annotations"),
        });
        if let Some(filter) = self.input.filter.describe() {
            meta.push(format!("filtered: only those with {}", escaped(&filter)));
        }
        let _ = writeln!(out, "<p class=\"meta\">{}</p>\n</header>", meta.join(" · "));
    }

    /// What goes beside the text after an annotation: its note, tags and any remark.
    fn aside(&self, number: usize, item: &Item) -> Option<String> {
        let annotation = &item.annotation;
        let remark = status_remark(item.anchoring.status);
        if annotation.note.trim().is_empty() && annotation.tags.is_empty() && remark.is_none() {
            return None;
        }
        let mut aside = format!(
            "<span class=\"note\" id=\"n{number}\" role=\"note\"><a class=\"num\" href=\"#i{number}\">{number}</a>"
        );
        let mut parts = Vec::new();
        if !annotation.note.trim().is_empty() {
            parts.push(escaped(annotation.note.trim()));
        }
        if !annotation.tags.is_empty() {
            parts.push(format!(
                "<span class=\"tags\">{}</span>",
                tags_html(&annotation.tags)
            ));
        }
        if let Some(remark) = remark {
            parts.push(format!("<span class=\"remark\">{}</span>", escaped(remark)));
        }
        let _ = write!(aside, "{}</span>", parts.join(" "));
        Some(aside)
    }

    /// Every annotation by section, in document order; orphans in a group of their own.
    fn write_list(&self, parts: &mut Parts<'_>) -> io::Result<()> {
        if self.input.items.is_empty() {
            return Ok(());
        }
        parts
            .text()
            .push_str("<section class=\"annotations\">\n<h2>Annotations</h2>\n");
        let mut section: Option<Option<&str>> = None;
        for (number, item) in self.numbered().filter(|(_, item)| !item.is_orphaned()) {
            let this = item
                .location
                .as_ref()
                .and_then(|location| location.section.as_deref());
            let out = parts.text();
            if section != Some(this) {
                if section.is_some() {
                    out.push_str("</ol>\n");
                }
                let _ = writeln!(
                    out,
                    "<h3>{}</h3>\n<ol>",
                    escaped(this.unwrap_or("Before the first heading"))
                );
                section = Some(this);
            }
            self.write_entry(out, number, item);
            parts.pass()?;
        }
        if section.is_some() {
            parts.text().push_str("</ol>\n");
        }
        let mut orphans = self.numbered().filter(|(_, item)| item.is_orphaned()).peekable();
        if orphans.peek().is_some() {
            parts
                .text()
                .push_str("<h3>Orphaned: no longer found in the text</h3>\n<ol>\n");
            for (number, item) in orphans {
                self.write_entry(parts.text(), number, item);
                parts.pass()?;
            }
            parts.text().push_str("</ol>\n");
        }
        parts.text().push_str("</section>\n");
        Ok(())
    }

    fn write_entry(&self, out: &mut String, number: usize, item: &Item) {
        let annotation = &item.annotation;
        let quote = escaped(&excerpt(&reflow(&annotation.exact), LIST_QUOTE_CHARS));
        let _ = write!(out, "<li id=\"i{number}\" value=\"{number}\">");
        let quote = if item.is_orphaned() {
            quote
        } else {
            format!("<a href=\"#a{number}\">{quote}</a>")
        };
        let _ = write!(out, "<blockquote>{quote}</blockquote>");
        let where_ = format!("{} · {}", location_text(item.location.as_ref()), facts(item));
        let _ = write!(out, "<div class=\"where\">{}</div>", escaped(&where_));
        if !annotation.note.trim().is_empty() {
            let _ = write!(
                out,
                "<div class=\"body\">{}</div>",
                escaped(annotation.note.trim())
            );
        }
        if let Some(remark) = status_remark(item.anchoring.status) {
            let _ = write!(out, "<div class=\"remark\">{}</div>", escaped(remark));
        }
        out.push_str("</li>\n");
    }
}

fn tags_html(tags: &[String]) -> String {
    tags.iter()
        // `#` is written once, whether or not the tag begins with one.
        .map(|tag| {
            format!(
                "<span class=\"tag\">#{}</span>",
                escaped(tag.trim_start_matches('#'))
            )
        })
        .collect::<Vec<_>>()
        .join("")
}

/// Text made safe for HTML: sanitised (controls shown as pictures, bidi controls
/// dropped; newlines and tabs kept) and escaped.
pub(super) fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

/// One character, sanitised and escaped.
pub(super) fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        '\n' | '\t' => out.push(c),
        sanitize::NEXT_LINE => out.push('\n'),
        c if sanitize::is_bidi_control(c) => {}
        c => out.push(sanitize::control_picture(c).unwrap_or(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Source};
    use crate::export::text::tests::annotation;
    use crate::export::{Filter, items};
    use crate::palette::Palette;
    use crate::sidecar::DocumentInfo;

    fn page_for(text: &str, ranges: &[(usize, usize, &str)]) -> String {
        let doc = Document::from_text(text, Source::Stdin);
        let annotations: Vec<_> = ranges
            .iter()
            .enumerate()
            .map(|(index, &(start, end, note))| {
                let mut a = annotation("");
                a.id = format!("0193a5b2-7c1d-7e4f-8a9b-{index:012x}");
                (a.start, a.end, a.note) = (start, end, note.to_string());
                a.exact = text.chars().skip(start).take(end - start).collect();
                std::sync::Arc::new(a)
            })
            .collect();
        let hash = doc.content_hash();
        let items = items(&doc, &annotations, Some(&hash), &Filter::default());
        let info = DocumentInfo::from_document(&doc);
        let palette = Palette::default();
        let input = ExportInput {
            title: "T",
            file_name: "-",
            source_url: None,
            author: None,
            doc: &doc,
            document_info: &info,
            palette: &palette,
            items: &items,
            filter: &Filter::default(),
        };
        crate::export::export(crate::export::Format::Html, &input)
    }

    #[test]
    fn a_tag_is_shown_with_one_hash_whether_or_not_it_has_one() {
        assert_eq!(
            tags_html(&["#x".to_string(), "has space".to_string()]),
            "<span class=\"tag\">#x</span><span class=\"tag\">#has space</span>"
        );
    }

    #[test]
    fn an_annotation_with_nothing_shown_still_has_its_anchor_and_note() {
        let page = page_for(
            "First paragraph here.\n\nSecond one.\n",
            &[(21, 23, "between"), (5, 5, "empty")],
        );
        // The one over the blank line between paragraphs keeps its place; the one
        // that quotes nothing is tied to no text: listed among the orphans, its note kept.
        assert!(page.contains("id=\"a2\""), "{page}");
        assert!(page.contains("between</span>"));
        let orphans = &page[page.find("Orphaned").expect("an orphans section")..];
        assert!(orphans.contains("<div class=\"body\">empty</div>"), "{orphans}");
        assert_eq!(
            page.matches("<mark").count(),
            0,
            "no mark for zero shown characters"
        );
    }

    #[test]
    fn a_highlight_across_paragraphs_is_marked_in_each() {
        let page = page_for("First paragraph here.\n\nSecond one.\n", &[(6, 29, "")]);
        let article = &page[page.find("<article").unwrap()..];
        assert!(
            article.contains("<p dir=\"auto\">First <mark class=\"c-yellow\">"),
            "{article}"
        );
        assert!(
            article.contains("<p dir=\"auto\"><mark class=\"c-yellow\">Second</mark> one.</p>"),
            "{article}"
        );
    }

    #[test]
    fn escapes_markup_and_shows_controls() {
        assert_eq!(
            escaped("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(escaped("a\u{1b}[2J\u{202e}b\nc"), "a␛[2Jb\nc");
        assert_eq!(escaped("next\u{85}line"), "next\nline", "NEL is a line break");
    }
}
