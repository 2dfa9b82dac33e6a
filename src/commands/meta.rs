//! `margent meta FILE [--title T] [--author A]` (DESIGN §1.2): shows the document's title
//! and author, or sets them in its sidecar's `[document]` table, saved through the same
//! locked read-merge-write as every change (`sidecar::Sidecars`).

use std::io::Write;
use std::path::Path;

use super::{CommandError, load_config, open_document, sidecar_failure, tell_where_saved};
use crate::cli::GlobalArgs;
use crate::sanitize;
use crate::sidecar::{DocumentInfo, Places, Sidecars};

pub fn meta(
    file: &Path,
    title: Option<&str>,
    author: Option<&str>,
    global: &GlobalArgs,
) -> Result<(), CommandError> {
    let config = load_config(global)?;
    let doc = open_document(file, global)?;
    let places = Places::of(&doc, config.sidecar.location);
    let mut sidecars = Sidecars::open(&doc, places).map_err(sidecar_failure)?;
    if title.is_some() || author.is_some() {
        // An empty title is no title: the detected one is used again.
        let detected = doc.title();
        let title = title.map(|title| match title.trim() {
            "" => detected.as_str(),
            title => title,
        });
        let saved = sidecars.set_meta(title, author).map_err(sidecar_failure)?;
        tell_where_saved(&saved);
    }
    let info = sidecars.document();
    let lines = shown(&info, &doc.title(), doc.author());
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(lines.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(CommandError::stdout)
}

/// `title: …` and `author: …` lines: the stored values, else what was detected.
fn shown(info: &DocumentInfo, detected_title: &str, detected_author: Option<&str>) -> String {
    let title = match info.title.trim() {
        "" => detected_title,
        title => title,
    };
    let author = info.author.as_deref().or(detected_author).unwrap_or("");
    format!(
        "title: {}\nauthor: {}\n",
        sanitize::inline(title),
        sanitize::inline(author)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_stored_values_else_the_detected_ones_without_control_characters() {
        let mut info = DocumentInfo::default();
        assert_eq!(shown(&info, "Detected", None), "title: Detected\nauthor: \n");
        info.title = "Set\u{1b}[31m".into();
        info.author = Some("A. Reader".into());
        let text = shown(&info, "Detected", Some("Other"));
        assert!(text.starts_with("title: Set"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.ends_with("author: A. Reader\n"), "{text}");
    }
}
