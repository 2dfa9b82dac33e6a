//! One export of several documents (DESIGN §1.7: `FILE...`, `DIR`, `--all`), grouped by
//! document, made from each document's own export so that every format keeps its
//! rules: Markdown and Org give each document its own heading (Org demotes the
//! document's headlines under it), JSON is an array of the documents' exports, CSV has
//! one header and each document's rows with its own Title, W3C is one collection whose
//! items each keep their own document as target source, and HTML is one page with a
//! section per document (ids made unique per section), and Anki one file whose cards
//! each name their document's deck (`#deck column:4`). Pure.

use std::fmt::Write;

use serde_json::{Value, json};

use super::{ExportInput, Format, export, to_json_string};
use crate::sanitize;

/// The export of every input in `format`, grouped by document in the order given.
pub fn export_many(format: Format, inputs: &[ExportInput<'_>]) -> String {
    let parts: Vec<String> = inputs.iter().map(|input| export(format, input)).collect();
    match format {
        Format::Md => markdown(inputs, &parts),
        Format::Org => org(inputs, &parts),
        Format::Json => json_array(&parts),
        Format::Csv => csv(&parts),
        Format::W3c => w3c(&parts),
        Format::Html => html(inputs, &parts),
        Format::Anki => anki(&parts),
    }
}

fn heading(inputs: &[ExportInput<'_>]) -> String {
    let count: usize = inputs.iter().map(|input| input.items.len()).sum();
    format!(
        "{} documents, {count} annotation{}",
        inputs.len(),
        if count == 1 { "" } else { "s" }
    )
}

fn markdown(inputs: &[ExportInput<'_>], parts: &[String]) -> String {
    let mut out = format!("<!-- margent: {} -->\n\n", heading(inputs));
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            out.push_str("\n---\n\n");
        }
        out.push_str(part);
    }
    out
}

fn org(inputs: &[ExportInput<'_>], parts: &[String]) -> String {
    let mut out = format!("#+TITLE: Notes from {}\n\n", heading(inputs));
    for (input, part) in inputs.iter().zip(parts) {
        let _ = writeln!(out, "* {}", sanitize::inline(input.title));
        for line in part.lines() {
            if line.starts_with("#+TITLE:") {
                continue;
            }
            // The document's headlines go one level down, under its own.
            if line.starts_with('*') {
                out.push('*');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn json_array(parts: &[String]) -> String {
    let documents: Vec<Value> = parts
        .iter()
        .map(|part| serde_json::from_str(part).unwrap_or(Value::Null))
        .collect();
    to_json_string(&Value::Array(documents))
}

fn csv(parts: &[String]) -> String {
    let mut out = String::new();
    for (index, part) in parts.iter().enumerate() {
        // The header is the first record, on the first line (its cells hold no breaks).
        let body = match (index, part.split_once("\r\n")) {
            (0, _) | (_, None) => part.as_str(),
            (_, Some((_, rest))) => rest,
        };
        out.push_str(body);
    }
    out
}

fn w3c(parts: &[String]) -> String {
    let collections: Vec<Value> = parts
        .iter()
        .map(|part| serde_json::from_str(part).unwrap_or(Value::Null))
        .collect();
    let mut items = Vec::new();
    let mut labels = Vec::new();
    let mut hasher = blake3::Hasher::new();
    for collection in &collections {
        hasher.update(collection["id"].as_str().unwrap_or_default().as_bytes());
        hasher.update(&[0]);
        if let Some(label) = collection["label"].as_str() {
            labels.push(label.to_string());
        }
        if let Some(page) = collection["first"]["items"].as_array() {
            items.extend(page.iter().cloned());
        }
    }
    let urn = |what: &str| {
        let mut hasher = hasher.clone();
        hasher.update(what.as_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
        format!(
            "urn:uuid:{}",
            uuid::Builder::from_custom_bytes(bytes).into_uuid().hyphenated()
        )
    };
    let value = json!({
        "@context": super::w3c::CONTEXT,
        "id": urn("collection"),
        "type": "AnnotationCollection",
        "label": labels.join("; "),
        "total": items.len(),
        "first": {
            "id": urn("page"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    to_json_string(&value)
}

fn html(inputs: &[ExportInput<'_>], parts: &[String]) -> String {
    let Some(first) = parts.first() else {
        return String::new();
    };
    // The first page's head (its styles serve every section), then each page's header
    // and main, ids prefixed by the section's number.
    let head_end = first.find("<header>").unwrap_or(0);
    let mut out = first[..head_end].to_string();
    let title = super::html::escaped(&format!("Notes from {}", heading(inputs)));
    if let (Some(open), Some(close)) = (out.find("<title>"), out.find("</title>")) {
        out.replace_range(open..close + "</title>".len(), &format!("<title>{title}</title>"));
    }
    let _ = writeln!(out, "<h1 class=\"documents\">{title}</h1>");
    let ids = regex::Regex::new(r##"(id="|href="#)([a-z]\d+)""##).expect("a valid pattern");
    for (index, part) in parts.iter().enumerate() {
        let start = part.find("<header>").unwrap_or(0);
        let end = part.rfind("</main>").map_or(part.len(), |i| i + "</main>".len());
        let section = ids.replace_all(&part[start..end], |caps: &regex::Captures<'_>| {
            format!("{}d{}-{}\"", &caps[1], index + 1, &caps[2])
        });
        let _ = writeln!(out, "<section class=\"document\" id=\"d{}\">", index + 1);
        out.push_str(&section);
        out.push_str("\n</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// One Anki file, one deck per document: each card gets its document's deck as a
/// fourth column, named by the `#deck column` header instead of one `#deck`.
fn anki(parts: &[String]) -> String {
    let mut out =
        String::from("#separator:tab\n#html:true\n#notetype:Cloze\n#deck column:4\n#tags column:3\n");
    // The filter is the same for every document: said once.
    let filter = parts
        .iter()
        .find_map(|part| part.lines().find(|line| line.starts_with("#margent filter:")));
    if let Some(filter) = filter {
        let _ = writeln!(out, "{filter}");
    }
    for part in parts {
        let deck = part
            .lines()
            .find_map(|line| line.strip_prefix("#deck:"))
            .unwrap_or_default();
        for card in part.lines().filter(|line| !line.starts_with('#')) {
            let _ = writeln!(out, "{card}\t{deck}");
        }
    }
    out
}
