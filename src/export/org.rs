//! Org export: `#+TITLE:`, then per annotation a headline with its location (and its
//! tags as Org tags) — `DONE` for a resolved annotation of any kind (with `CLOSED:` when
//! it was resolved, and `:RESOLVED_BY:`), `TODO` for an open mark (a review item) —
//! a property drawer (`:ID:` is the annotation's UUID, as org-id expects), the quote in
//! `#+begin_quote`, the note and a line of facts. A line of text that Org would read as
//! structure (headline, keyword, drawer, list, table) is escaped with a zero-width
//! space, as the Org manual advises. Pure.

use std::io;

use std::fmt::Write;

use jiff::Timestamp;

use super::markdown::facts;
use super::parts::{Parts, Sink};
use super::text::{location_text, status_remark};
use super::{ExportInput, Item};
use crate::annotation::{Kind, Status};
use crate::sanitize;
use crate::text::excerpt::reflow;

const ZERO_WIDTH_SPACE: char = '\u{200b}';

/// The Org export, handed to `sink` a part at a time.
pub fn write(input: &ExportInput<'_>, sink: Sink<'_>) -> io::Result<()> {
    let mut parts = Parts::new(sink);
    let out = parts.text();
    let _ = writeln!(out, "#+TITLE: {}", sanitize::inline(input.title));
    let _ = writeln!(
        out,
        "\nSource: {}",
        escape_line(&sanitize::inline(input.file_name))
    );
    if let Some(author) = input.author {
        let _ = writeln!(out, "Author: {}", escape_line(&sanitize::inline(author)));
    }
    let _ = writeln!(out, "Annotations: {}", input.items.len());
    if let Some(filter) = input.filter.describe() {
        let _ = writeln!(out, "Filtered: only those with {}", escape_line(&filter));
    }
    out.push('\n');
    for item in input.items {
        write_item(parts.text(), item);
        parts.pass()?;
    }
    parts.finish()
}

fn write_item(out: &mut String, item: &Item) {
    let annotation = &item.annotation;
    let orphaned = if item.is_orphaned() { " (orphaned)" } else { "" };
    let keyword = match (annotation.status, annotation.kind) {
        (Status::Resolved, _) => "DONE ",
        (Status::Open, Kind::Mark) => "TODO ",
        (Status::Open, _) => "",
    };
    let _ = write!(
        out,
        "* {keyword}{}{orphaned}",
        location_text(item.location.as_ref())
    );
    let tags: Vec<String> = annotation
        .tags
        .iter()
        .map(|tag| org_tag(tag))
        .filter(|t| !t.is_empty())
        .collect();
    if !tags.is_empty() {
        let _ = write!(out, "  :{}:", tags.join(":"));
    }
    out.push('\n');
    if let Some(at) = annotation
        .resolved_at
        .filter(|_| annotation.status == Status::Resolved)
    {
        let _ = writeln!(out, "CLOSED: {}", org_timestamp(at));
    }
    let _ = writeln!(out, ":PROPERTIES:\n:ID: {}", sanitize::inline(&annotation.id));
    let _ = writeln!(out, ":KIND: {}", annotation.kind);
    let _ = writeln!(out, ":COLOR: {}", sanitize::inline(&annotation.color));
    let _ = writeln!(out, ":ANCHORING: {}", item.anchoring.status);
    let _ = writeln!(out, ":CREATED: {}", org_timestamp(annotation.created));
    let _ = writeln!(out, ":MODIFIED: {}", org_timestamp(annotation.modified));
    if let Some(by) = annotation
        .resolved_by
        .as_ref()
        .filter(|_| annotation.status == Status::Resolved)
    {
        let _ = writeln!(out, ":RESOLVED_BY: {}", sanitize::inline(by));
    }
    out.push_str(":END:\n");
    if let Some(remark) = status_remark(item.anchoring.status) {
        let _ = writeln!(out, "/{}/", escape_line(remark));
    }
    out.push_str("#+begin_quote\n");
    for line in reflow(&sanitize::multiline(&annotation.exact)).lines() {
        let _ = writeln!(out, "{}", escape_line(line));
    }
    out.push_str("#+end_quote\n\n");
    let note = sanitize::multiline(&annotation.note);
    if !note.trim().is_empty() {
        for line in note.trim_matches('\n').lines() {
            let _ = writeln!(out, "{}", escape_line(line));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}\n", escape_line(&facts(item)));
}

/// Org tags hold letters, digits, `_`, `@`, `#` and `%`; anything else becomes `_`.
fn org_tag(tag: &str) -> String {
    sanitize::inline(tag)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '_' | '@' | '#' | '%') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// An inactive Org timestamp in UTC: `[2026-11-26 Thu 09:26]`.
fn org_timestamp(timestamp: Timestamp) -> String {
    timestamp.strftime("[%Y-%m-%d %a %H:%M]").to_string()
}

/// A zero-width space before a line that Org would otherwise take for structure.
fn escape_line(line: &str) -> String {
    if is_structural(line.trim_start()) {
        format!("{ZERO_WIDTH_SPACE}{line}")
    } else {
        line.to_string()
    }
}

/// Whether Org would read a line beginning so as structure: a headline or list bullet
/// (`*`, `-`, `+` then a space), a keyword or comment (`#+`, `# `), a drawer or fixed-width
/// line (`:` then a space, `:NAME:`), a table (`|`), a rule (`-----`), an ordered item
/// (`1.`, `1)` then a space). Prose such as "-band" or "+1" is left as it is.
fn is_structural(body: &str) -> bool {
    let spaced = |rest: &str| rest.is_empty() || rest.starts_with(char::is_whitespace);
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    match body.chars().next() {
        Some('*') => spaced(body.trim_start_matches('*')),
        Some('-') => spaced(&body[1..]) || body.starts_with("-----"),
        Some('+') => spaced(&body[1..]),
        Some('#') => body[1..].starts_with('+') || spaced(&body[1..]),
        Some(':') => {
            spaced(&body[1..])
                || body[1..]
                    .split_once(':')
                    .is_some_and(|(name, _)| !name.is_empty() && !name.contains(char::is_whitespace))
        }
        Some('|') => true,
        _ => digits > 0 && body[digits..].starts_with(['.', ')']) && spaced(&body[digits + 1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_org_would_parse_as_structure_are_escaped() {
        assert_eq!(escape_line("* not a headline"), "\u{200b}* not a headline");
        assert_eq!(escape_line("#+end_quote"), "\u{200b}#+end_quote");
        assert_eq!(escape_line("1. not a list"), "\u{200b}1. not a list");
        assert_eq!(escape_line("plain * text"), "plain * text");
        assert_eq!(escape_line("- a list item"), "\u{200b}- a list item");
        assert_eq!(escape_line(":PROPERTIES:"), "\u{200b}:PROPERTIES:");
        assert_eq!(escape_line("-----"), "\u{200b}-----");
        for prose in [
            "-band of brothers",
            "+1 for that",
            "*emphasis*",
            "#hashtag",
            "3.14 is pi",
            "12:30 sharp",
        ] {
            assert_eq!(escape_line(prose), prose, "prose is left alone");
        }
    }

    #[test]
    fn open_marks_are_todo_and_resolved_annotations_done() {
        use crate::document::{Document, Source};
        use crate::export::text::tests::annotation;
        use crate::export::{Filter, items};
        let doc = Document::from_text("Read this and that.\n", Source::Stdin);
        let mut open_mark = annotation("Read");
        open_mark.kind = Kind::Mark;
        let mut resolved_highlight = annotation("Read");
        resolved_highlight.id = "0193a5b2-7c1d-7e4f-8a9b-000000000002".into();
        resolved_highlight.status = Status::Resolved;
        let plain = annotation("Read").with_id("0193a5b2-7c1d-7e4f-8a9b-000000000003");
        let hash = doc.content_hash();
        let items = items(
            &doc,
            &[open_mark, resolved_highlight, plain].map(std::sync::Arc::new),
            Some(&hash),
            &Filter::default(),
        );
        let headlines: Vec<String> = items
            .iter()
            .map(|item| {
                let mut out = String::new();
                write_item(&mut out, item);
                out.lines().next().unwrap().to_string()
            })
            .collect();
        let keywords: Vec<&str> = headlines
            .iter()
            .map(|headline| headline.split(' ').nth(1).unwrap())
            .collect();
        assert_eq!(keywords, ["TODO", "DONE", "Read"], "{headlines:?}");
    }

    #[test]
    fn tags_and_timestamps_are_in_org_syntax() {
        assert_eq!(org_tag("follow-up"), "follow_up");
        assert_eq!(org_tag("问题"), "问题");
        let timestamp: Timestamp = "2026-11-26T09:26:53Z".parse().unwrap();
        assert_eq!(org_timestamp(timestamp), "[2026-11-26 Thu 09:26]");
    }
}
