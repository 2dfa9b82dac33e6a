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
}
