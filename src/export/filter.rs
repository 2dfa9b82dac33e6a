//! Which annotations a `notes` listing or an export includes: by tag (any of several),
//! kind, palette colour and review status. Pure.

use crate::annotation::{Annotation, Kind, Status};

/// Every condition given must hold; an empty filter accepts everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// The annotation has at least one of these tags (none given: any tags).
    pub tags: Vec<String>,
    pub kind: Option<Kind>,
    pub color: Option<String>,
    /// Review status (open / resolved).
    pub status: Option<Status>,
}

impl Filter {
    pub fn accepts(&self, annotation: &Annotation) -> bool {
        (self.tags.is_empty() || annotation.tags.iter().any(|tag| self.tags.contains(tag)))
            && self.kind.is_none_or(|kind| annotation.kind == kind)
            && self.color.as_ref().is_none_or(|color| &annotation.color == color)
            && self.status.is_none_or(|status| annotation.status == status)
    }

    pub fn is_empty(&self) -> bool {
        self == &Filter::default()
    }

    /// What a filtered export says of its filter, e.g. `tag "to do" or "question";
    /// status resolved` (tags quoted as given, so one with a space reads as one);
    /// `None` for no filter. Free of control characters.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.tags.is_empty() {
            let tags: Vec<String> = self
                .tags
                .iter()
                .map(|tag| format!("\"{}\"", crate::sanitize::inline(tag)))
                .collect();
            parts.push(format!("tag {}", tags.join(" or ")));
        }
        if let Some(kind) = self.kind {
            parts.push(format!("kind {kind}"));
        }
        if let Some(color) = &self.color {
            parts.push(format!("colour {}", crate::sanitize::inline(color)));
        }
        if let Some(status) = self.status {
            parts.push(format!("status {status}"));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::text::tests::annotation;

    #[test]
    fn an_empty_filter_accepts_everything() {
        assert!(Filter::default().accepts(&annotation("x")));
        assert!(Filter::default().is_empty());
    }

    #[test]
    fn tags_match_any_and_other_conditions_all() {
        let mut marked = annotation("x");
        marked.tags = vec!["todo".into(), "question".into()];
        marked.kind = Kind::Mark;
        let filter = Filter {
            tags: vec!["question".into(), "other".into()],
            kind: Some(Kind::Mark),
            ..Filter::default()
        };
        assert!(filter.accepts(&marked));
        assert!(!filter.accepts(&annotation("x")), "no tags");
        let resolved_only = Filter {
            status: Some(Status::Resolved),
            ..filter
        };
        assert!(!resolved_only.accepts(&marked));
        let green = Filter {
            color: Some("green".into()),
            ..Filter::default()
        };
        assert!(!green.accepts(&marked), "{}", marked.color);
    }

    #[test]
    fn describes_each_condition_and_nothing_for_no_filter() {
        assert_eq!(Filter::default().describe(), None);
        let filter = Filter {
            tags: vec!["has space".into(), "q\u{1b}".into()],
            kind: Some(Kind::Note),
            color: Some("green".into()),
            status: Some(Status::Resolved),
        };
        let said = filter.describe().unwrap();
        assert!(said.starts_with("tag \"has space\" or \"q"), "{said}");
        assert!(
            said.ends_with("; kind note; colour green; status resolved"),
            "{said}"
        );
        assert!(!said.contains('\u{1b}'));
    }
}
