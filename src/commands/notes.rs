//! `margent notes (FILE...|DIR|--all) [--format text|json] [filters]`: the annotations in
//! document order (grouped by document when there are several), each with its anchoring status and location. Text is for people (sanitised,
//! a quote excerpt per annotation); JSON is for scripts (DESIGN §1.5: an array of
//! objects with `id, kind, status, exact, note, tags, color, start, end`, plus `review`,
//! `location` and the rest, as `export::annotation_json` writes them).

use std::fmt::Write as _;
use std::io::Write;

use super::CommandError;
use super::loaded::Loaded;
use crate::cli::{DocumentsArgs, FilterArgs, GlobalArgs, NotesFormat};
use crate::export::{self, Item, location_text};
use crate::sanitize;
use crate::text::excerpt::excerpt;

/// Longest quote excerpt in the text listing (in chars).
const EXCERPT_CHARS: usize = 100;

/// What sets an annotation's lines off under its numbered heading.
///
/// textwrap only indents here; quotes and notes are left for the terminal to wrap. Its
/// wrapping (0.16, built without `unicode-linebreak`) breaks a CJK run at any char: at
/// 80 columns it ends a line of 狂人日記 with "我便從頭直冷到腳根" and starts the next with
/// "，曉得他們布置", where margent's own layout moves "根" down so that no line starts
/// with "，". Text that may be CJK is wrapped by `layout`, which keeps kinsoku, or not at all.
const INDENT: &str = "   ";

pub fn notes(
    documents: &DocumentsArgs,
    format: NotesFormat,
    filter: &FilterArgs,
    global: &GlobalArgs,
) -> Result<(), CommandError> {
    let chosen = super::documents::choose(documents)?;
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    match (chosen.several, chosen.paths.as_slice(), format) {
        // One document's listing is written as it is worded: with 100,000 annotations
        // the whole text would be tens of megabytes held at once.
        (false, [file], NotesFormat::Text) => {
            let loaded = Loaded::load(file, filter, global)?;
            let (title, file_name) = (loaded.title(), loaded.doc.file_name());
            write_listing(
                |part| stdout.write_all(part.as_bytes()),
                &title,
                &file_name,
                &loaded.items,
                loaded.total,
            )
        }
        (false, [file], NotesFormat::Json) => {
            let loaded = Loaded::load(file, filter, global)?;
            export::write_json_array(loaded.items.iter().map(export::annotation_json), |part| {
                stdout.write_all(part.as_bytes())
            })
        }
        _ => stdout.write_all(several(&chosen.paths, format, filter, global)?.as_bytes()),
    }
    .and_then(|()| stdout.flush())
    .map_err(CommandError::stdout)
}

/// Several documents: each one's listing in turn (those with nothing to show left
/// out), or one JSON array whose objects name their `document`. A document that cannot
/// be read is reported on stderr and the others are still listed; the command then fails.
fn several(
    paths: &[std::path::PathBuf],
    format: NotesFormat,
    filter: &FilterArgs,
    global: &GlobalArgs,
) -> Result<String, CommandError> {
    let mut listings = Vec::new();
    let mut objects = Vec::new();
    let mut failures = 0;
    for path in paths {
        let loaded = match Loaded::load(path, filter, global) {
            Ok(loaded) => loaded,
            Err(err) => {
                eprintln!("margent: {}", sanitize::inline(&err.to_string()));
                failures += 1;
                continue;
            }
        };
        if loaded.items.is_empty() {
            continue;
        }
        match format {
            NotesFormat::Json => objects.extend(loaded.items.iter().map(|item| {
                let mut object = export::annotation_json(item);
                if let serde_json::Value::Object(map) = &mut object {
                    map.insert(
                        "document".into(),
                        serde_json::Value::String(path.display().to_string()),
                    );
                }
                object
            })),
            NotesFormat::Text => listings.push(listing(
                &loaded.title(),
                &loaded.doc.file_name(),
                &loaded.items,
                loaded.total,
            )),
        }
    }
    if failures > 0 {
        return Err(CommandError::Failed(format!(
            "{failures} of {} documents could not be read (see above)",
            paths.len()
        )));
    }
    Ok(match format {
        NotesFormat::Json => export::to_json_string(&serde_json::Value::Array(objects)),
        NotesFormat::Text if listings.is_empty() => "no annotations\n".to_string(),
        NotesFormat::Text => listings.join("\n"),
    })
}

/// The text listing: a heading line, then one paragraph per annotation.
pub fn listing(title: &str, file_name: &str, items: &[Item], total: usize) -> String {
    let mut out = String::new();
    let wrote = write_listing(
        |part| {
            out.push_str(part);
            Ok(())
        },
        title,
        file_name,
        items,
        total,
    );
    debug_assert!(wrote.is_ok(), "a string takes anything");
    out
}

/// The listing, handed to `write` a part at a time.
fn write_listing(
    mut write: impl FnMut(&str) -> std::io::Result<()>,
    title: &str,
    file_name: &str,
    items: &[Item],
    total: usize,
) -> std::io::Result<()> {
    let shown = match (items.len(), total) {
        (0, 0) => "no annotations".to_string(),
        (shown, total) if shown == total => count(total),
        (shown, total) => format!("{shown} of {}", count(total)),
    };
    write(&format!(
        "{} — {}\n{shown}\n",
        sanitize::inline(title),
        sanitize::inline(file_name)
    ))?;
    let mut part = String::new();
    for (index, item) in items.iter().enumerate() {
        part.clear();
        part.push('\n');
        write_item(&mut part, index + 1, item);
        write(&part)?;
    }
    Ok(())
}

fn count(n: usize) -> String {
    if n == 1 {
        "1 annotation".to_string()
    } else {
        format!("{n} annotations")
    }
}

fn write_item(out: &mut String, number: usize, item: &Item) {
    let a = &item.annotation;
    let mut facts = vec![
        a.kind.as_str().to_string(),
        sanitize::inline(&a.color).into_owned(),
    ];
    if let Some(author) = &a.author {
        facts.push(format!("by {}", sanitize::inline(author)));
    }
    facts.extend(export::review_text(a));
    let _ = writeln!(out, "{number}. {}  [{}]", facts.join(", "), item.anchoring.status);
    let mut body = String::new();
    let _ = writeln!(body, "{}", location_text(item.location.as_ref()));
    // A note with no quote (a page note brought in by an import) shows none.
    if !a.exact.is_empty() {
        let quote = sanitize::inline(&excerpt(&a.exact, EXCERPT_CHARS)).into_owned();
        let _ = writeln!(body, "“{quote}”");
    }
    let note = sanitize::multiline(a.note.trim());
    for line in note.lines().filter(|line| !line.trim().is_empty()) {
        let _ = writeln!(body, "{line}");
    }
    if !a.tags.is_empty() {
        let tags: Vec<String> = a
            .tags
            .iter()
            .map(|tag| sanitize::inline(tag).into_owned())
            .collect();
        let _ = writeln!(body, "tags: {}", tags.join(", "));
    }
    if let Some(remark) = export::status_remark(item.anchoring.status) {
        let _ = writeln!(body, "{remark}");
    }
    let _ = writeln!(body, "id {}", sanitize::inline(&a.id));
    out.push_str(&textwrap::indent(&body, INDENT));
}
