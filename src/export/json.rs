//! The JSON export and the annotation objects `margent notes --format json` prints: the
//! sidecar's data plus, per annotation, where it is now (anchoring status and offsets)
//! and its location. The output is escaped so that no control or bidi character reaches
//! a terminal raw, while staying lossless JSON. Pure.

use serde_json::{Map, Value, json};

use super::{ExportInput, Item};
use crate::sanitize;
use crate::sidecar::{FORMAT, SCHEMA_VERSION};

/// Identifies the export's layout (it is not a sidecar: `status` means anchoring here).
pub const EXPORT_FORMAT: &str = "margent-export";
pub const EXPORT_VERSION: u32 = 1;

/// One annotation as scripts see it (DESIGN §1.5): the stored annotation, key for key
/// (serialised from `Annotation` itself, so a new key appears here too), then where it is
/// now. `status` is the anchoring status and `start`/`end` where the annotation is now
/// (null for an orphan: nowhere, as is its `location`), so the stored open/resolved status
/// is called `review` and the stored offsets `stored_start`/`stored_end` (for an orphan,
/// where it was last).
pub fn annotation_json(item: &Item) -> Value {
    let mut object = Map::new();
    if let Ok(Value::Object(stored)) = serde_json::to_value(&*item.annotation) {
        for (key, value) in stored {
            let key = match key.as_str() {
                "status" => "review".to_string(),
                "start" => "stored_start".to_string(),
                "end" => "stored_end".to_string(),
                _ => key,
            };
            object.insert(key, value);
        }
    }
    let now = |offset: usize| (!item.is_orphaned()).then_some(offset);
    object.insert("status".to_string(), json!(item.anchoring.status.as_str()));
    object.insert("start".to_string(), json!(now(item.anchoring.start)));
    object.insert("end".to_string(), json!(now(item.anchoring.end)));
    let location = item.location.as_ref().map(|location| {
        json!({
            "section": location.section,
            "paragraph": location.paragraph,
            "percent": location.percent,
        })
    });
    object.insert("location".to_string(), json!(location));
    Value::Object(object)
}

/// The JSON export: the document table, the export's title and source, and the items.
/// The export, handed to `sink` a part at a time (an annotation each).
pub fn write(input: &ExportInput<'_>, sink: super::Sink<'_>) -> std::io::Result<()> {
    let value = json!({
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "sidecar_format": FORMAT,
        "sidecar_schema_version": SCHEMA_VERSION,
        "title": input.title,
        "file_name": input.file_name,
        "source_url": input.source_url,
        "author": input.author,
        "document": input.document_info,
        "filter": input.filter.describe(),
        "annotations": [],
    });
    write_with_array(&value, input.items.iter().map(annotation_json), 1, sink)
}

/// Pretty JSON ending in a newline, with every character a terminal could act on
/// (DEL, C1 controls, bidi controls, line and paragraph separators) written as a
/// `\uXXXX` escape. serde_json already escapes C0 controls; these others can only occur
/// inside strings, so escaping them in the output text is exact.
pub fn to_json_string(value: &Value) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_string());
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

/// A JSON array of `values` as `to_json_string` writes it, handed to `write` one element
/// at a time: 100,000 annotations as one tree of values take many times their size.
pub fn write_json_array(
    values: impl Iterator<Item = Value>,
    mut write: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_array(values, 0, &mut write)?;
    write("\n")
}

/// `value` as `to_json_string` writes it, its last key's empty array (`[]`, the last
/// one in the text) holding `values`, written one at a time; the array is `depth`
/// objects down.
pub fn write_with_array(
    value: &Value,
    values: impl Iterator<Item = Value>,
    depth: usize,
    mut write: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let text = to_json_string(value);
    let Some((before, after)) = text.rsplit_once("[]") else {
        return Err(std::io::Error::other(
            "the export has no place for its annotations",
        ));
    };
    write(before)?;
    write_array(values, depth, &mut write)?;
    write(after)
}

/// The array, without a line break after it.
fn write_array(
    values: impl Iterator<Item = Value>,
    depth: usize,
    write: &mut impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let indent = "  ".repeat(depth + 1);
    let mut first = true;
    for value in values {
        write(if first { "[\n" } else { ",\n" })?;
        first = false;
        // Pretty printing indents by depth and escapes every line break inside a
        // string, so an element further down is its own text indented further.
        let text = to_json_string(&value);
        let mut element = String::with_capacity(text.len() + text.len() / 4);
        for (index, line) in text.trim_end_matches('\n').split('\n').enumerate() {
            if index > 0 {
                element.push('\n');
            }
            element.push_str(&indent);
            element.push_str(line);
        }
        write(&element)?;
    }
    match first {
        true => write("[]"),
        false => write(&format!("\n{}]", &indent[2..])),
    }
}

fn needs_escape(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}') || sanitize::is_bidi_control(c)
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_array_written_element_by_element_is_the_array_written_whole() {
        use serde_json::json;
        let values = [
            json!({"id": "a", "tags": [], "note": "two\nlines \u{2028}", "location": {"paragraph": 3}}),
            json!({"id": "b", "tags": ["x", "y"], "nested": [[1, 2], {"k": null}]}),
            json!([]),
            json!("plain"),
        ];
        for count in 0..=values.len() {
            let mut streamed = String::new();
            super::write_json_array(values[..count].iter().cloned(), |part| {
                streamed.push_str(part);
                Ok(())
            })
            .unwrap();
            let whole = super::to_json_string(&serde_json::Value::Array(values[..count].to_vec()));
            assert_eq!(streamed, whole, "{count} elements");
        }
    }

    use super::*;

    #[test]
    fn an_array_written_in_place_is_the_whole_value_written() {
        let elements = [
            json!({"id": "a", "tags": ["x"]}),
            json!({"id": "b", "nested": {"k": [1]}}),
        ];
        for count in [0, 1, 2] {
            let whole = json!({"title": "t", "first": {"n": count, "items": elements[..count].to_vec()}});
            let template = json!({"title": "t", "first": {"n": count, "items": []}});
            let mut out = String::new();
            super::write_with_array(&template, elements[..count].iter().cloned(), 2, |part| {
                out.push_str(part);
                Ok(())
            })
            .unwrap();
            assert_eq!(out, super::to_json_string(&whole), "{count} elements");
        }
    }

    #[test]
    fn terminal_controls_are_escaped_and_the_json_still_parses() {
        let value = json!({ "note": "a\u{7f}b\u{9b}31m\u{202e}c\u{2028}d\n" });
        let text = to_json_string(&value);
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
        assert!(text.contains("\\u007f") && text.contains("\\u009b") && text.contains("\\u202e"));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
