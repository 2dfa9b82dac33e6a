//! How a status message names an annotation: its kind and the start of the text it is
//! on (`note “The two Voyagers…”`), on one line and safe for the terminal. Pure.

use crate::annotation::Annotation;
use crate::sanitize;
use crate::text::excerpt::excerpt;

/// The most characters of the annotated text a message quotes.
const QUOTED_CHARS: usize = 20;

/// `kind “start of the text…”`.
pub fn named(annotation: &Annotation) -> String {
    let quoted = excerpt(&annotation.exact, QUOTED_CHARS);
    format!("{} “{}”", annotation.kind, sanitize::inline(&quoted))
}

/// What the status line says on reaching an annotation without a note: kind, colour,
/// tags, author and review state (`highlight · green · tags: a, b · by Ann · open`).
pub fn summary(annotation: &Annotation) -> String {
    let mut parts = vec![annotation.kind.to_string(), annotation.color.to_string()];
    if !annotation.tags.is_empty() {
        parts.push(format!("tags: {}", annotation.tags.join(", ")));
    }
    if let Some(author) = &annotation.author {
        parts.push(format!("by {author}"));
    }
    parts.push(annotation.status.to_string());
    sanitize::inline(&parts.join(" · ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Kind;

    #[test]
    fn a_long_text_is_cut_with_an_ellipsis_and_controls_never_pass() {
        let a = Annotation::new(Kind::Note, "The two Voyagers left\nin 1977", 0..40);
        assert_eq!(named(&a), "note “The two Voyagers le…”");
        let short = Annotation::new(Kind::Highlight, "a\u{1b}[2Jb", 0..6);
        let shown = named(&short);
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert!(shown.starts_with("highlight “a"), "{shown}");
    }

    #[test]
    fn a_summary_tells_kind_colour_tags_author_and_state() {
        let mut a = Annotation::new(Kind::Mark, "x", 0..1);
        a.color = "green".into();
        a.tags = vec!["todo".into(), "ch\n2".into()];
        a.author = Some("Ann".into());
        let shown = summary(&a);
        assert_eq!(
            shown.replace('\u{240a}', "^"),
            "mark · green · tags: todo, ch^2 · by Ann · open"
        );
        a.author = None;
        a.tags.clear();
        assert_eq!(summary(&a), "mark · green · open");
    }
}
