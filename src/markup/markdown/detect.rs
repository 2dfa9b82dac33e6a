//! Whether a text is Markdown: its file name, its front matter, or (conservatively, for
//! other names) clear Markdown structure near its start. Pure.

use std::ops::Range;
use std::path::Path;

/// Bytes at the start of a text looked at for structure.
const DETECT_BYTES: usize = 64 * 1024;
/// Front matter longer than this is not front matter.
const MAX_FRONT_MATTER: usize = 16 * 1024;

pub fn detect(text: &str, path: Option<&Path>) -> bool {
    let by_name = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    by_name || front_matter(text).is_some() || has_structure(text)
}

/// The front matter: a YAML (`---`) or TOML (`+++`) block opening the text, up to the
/// end of its closing line.
pub fn front_matter(text: &str) -> Option<Range<usize>> {
    let fence = ["---", "+++"].into_iter().find(|f| {
        text.strip_prefix(f)
            .is_some_and(|rest| rest.starts_with('\n') || rest.starts_with("\r\n"))
    })?;
    let head = &text[..crate::text::floor_char_boundary(text, text.len().min(MAX_FRONT_MATTER))];
    let mut at = 0;
    let mut lines = head.split_inclusive('\n');
    at += lines.next()?.len();
    let mut keyed = false;
    for line in lines {
        let body = line.trim_end();
        at += line.len();
        if body == fence || (fence == "---" && body == "...") {
            return keyed.then_some(0..at);
        }
        keyed |= body.contains(if fence == "---" { ':' } else { '=' });
    }
    None
}

/// Several ATX headings together with fenced code, links or strong emphasis.
fn has_structure(text: &str) -> bool {
    let sample = &text[..crate::text::floor_char_boundary(text, text.len().min(DETECT_BYTES))];
    let (mut headings, mut fences) = (0, 0);
    for line in sample.lines() {
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            headings += 1;
        }
        if line.starts_with("```") {
            fences += 1;
        }
    }
    let links = sample.matches("](http").count();
    let strong = sample.matches("**").count() / 2;
    headings >= 2 && (fences >= 2 || links >= 2 || strong >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_front_matter_and_structure_make_markdown() {
        assert!(detect("plain words", Some(Path::new("a/notes.MD"))));
        assert!(detect("plain words", Some(Path::new("post.markdown"))));
        assert!(!detect("plain words", Some(Path::new("post.txt"))));
        assert!(detect("---\ntitle: A\n---\nText\n", None));
        assert!(detect("+++\ntitle = \"A\"\n+++\nText\n", None));
        assert!(detect("# One\n\n**a** and **b**\n\n## Two\n", None));
    }

    #[test]
    fn plain_text_with_rules_or_a_hash_is_not_markdown() {
        assert!(!detect("---\nNot front matter\n---\nText\n", None));
        assert!(!detect("# A comment\nvalue = 1\n", None));
        assert!(!detect("CHAPTER I\n\n-----\n\nIt was *so* cold.\n", None));
        assert_eq!(
            front_matter("---\nk: v\n---\nrest"),
            Some(0..13),
            "through the closing line"
        );
    }
}
