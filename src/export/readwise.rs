//! Readwise CSV export: the columns of Readwise's CSV import, exactly
//! `Highlight,Title,Author,URL,Note,Location,Date`. Tags go at the start of the note as
//! Readwise inline tags (`.tag`), and a resolved annotation's note ends with "(resolved
//! by … on …)"; `Location` is the paragraph number (Readwise wants a
//! number); `Date` is the creation time in UTC. A cell that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is neutralised
//! with a leading `'`. Quoting is the `csv` crate's. Pure.

use super::text::{review_text, status_remark};
use super::{ExportInput, Item};
use crate::annotation::Status;
use crate::sanitize;
use crate::text::excerpt::reflow;

pub const HEADER: [&str; 7] = ["Highlight", "Title", "Author", "URL", "Note", "Location", "Date"];

pub fn export(input: &ExportInput<'_>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail, and every record has the header's seven fields.
    let _ = writer.write_record(HEADER);
    for item in input.items {
        let _ = writer.write_record(row(input, item).iter().map(|cell| neutralised(cell).into_owned()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn row(input: &ExportInput<'_>, item: &Item) -> [String; 7] {
    let annotation = &item.annotation;
    [
        reflow(&sanitize::multiline(&annotation.exact)),
        sanitize::inline(input.title).into_owned(),
        input
            .author
            .map(|author| sanitize::inline(author).into_owned())
            .unwrap_or_default(),
        input
            .source_url
            .map(|url| sanitize::inline(url).into_owned())
            .unwrap_or_default(),
        note(item),
        item.location
            .as_ref()
            .map_or_else(String::new, |location| location.paragraph.to_string()),
        annotation.created.strftime("%Y-%m-%d %H:%M:%S").to_string(),
    ]
}

/// Inline tags, the note, a word on an orphan, and who resolved it and when.
fn note(item: &Item) -> String {
    let annotation = &item.annotation;
    let mut parts: Vec<String> = Vec::new();
    let tags: Vec<String> = annotation
        .tags
        .iter()
        .map(|tag| {
            format!(
                ".{}",
                sanitize::inline(tag)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join("_")
            )
        })
        .collect();
    if !tags.is_empty() {
        parts.push(tags.join(" "));
    }
    let note = sanitize::multiline(annotation.note.trim());
    if !note.is_empty() {
        parts.push(note.into_owned());
    }
    // A fuzzy or ambiguous highlight is the quote as stored, unreviewed: say so.
    if let Some(remark) = status_remark(item.anchoring.status) {
        parts.push(format!("({remark})"));
    }
    if let Some(author) = &annotation.author {
        parts.push(format!("(by {})", sanitize::inline(author)));
    }
    if annotation.status == Status::Resolved
        && let Some(review) = review_text(annotation)
    {
        parts.push(format!("({review})"));
    }
    parts.join(" ")
}

/// A leading space before what a spreadsheet would evaluate (CSV injection): a
/// spreadsheet then takes the cell as text, and Readwise shows it as written, where a
/// `'` would show in every highlight that starts with "-" or "+1".
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!(" {cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised() {
        for cell in ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"] {
            assert_eq!(neutralised(cell), format!(" {cell}"));
        }
        assert_eq!(neutralised("plain = text"), "plain = text");
        assert_eq!(neutralised(""), "");
    }
}
