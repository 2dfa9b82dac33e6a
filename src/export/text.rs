//! Wording shared by the text exports and `margent notes`: where an annotation is, a
//! one-line excerpt of a quote, and what its anchoring status asks of the reader. Pure.

use crate::anchor::AnchorStatus;
use crate::annotation::{Annotation, Kind, Status};
use crate::document::location::Location;
use crate::sanitize;

/// "Section, paragraph 7 (23%)", or "paragraph 7 (23%)" before any heading; an orphan
/// is "Not found in the text".
pub fn location_text(location: Option<&Location>) -> String {
    let Some(location) = location else {
        return "Not found in the text".to_string();
    };
    let place = format!("paragraph {} ({}%)", location.paragraph, location.percent);
    match &location.section {
        Some(section) => format!("{section}, {place}"),
        None => place,
    }
}

/// The review status as the text exports and `notes` say it: "resolved by kim on
/// 2026-11-27 10:00 UTC" (who and when as far as they are known) for a resolved
/// annotation of any kind, "open" for an open mark (a review item), else nothing.
pub fn review_text(annotation: &Annotation) -> Option<String> {
    match annotation.status {
        Status::Open if annotation.kind == Kind::Mark => Some("open".to_string()),
        Status::Open => None,
        Status::Resolved => {
            let mut text = "resolved".to_string();
            if let Some(by) = &annotation.resolved_by {
                text.push_str(&format!(" by {}", sanitize::inline(by)));
            }
            if let Some(at) = annotation.resolved_at {
                text.push_str(&format!(" on {}", at.strftime("%Y-%m-%d %H:%M UTC")));
            }
            Some(text)
        }
    }
}

/// What a person should know about an annotation's anchoring, if anything.
pub fn status_remark(status: AnchorStatus) -> Option<&'static str> {
    match status {
        AnchorStatus::Exact | AnchorStatus::Relocated => None,
        AnchorStatus::Ambiguous => {
            Some("ambiguous: the quote occurs in several places; check which one is meant")
        }
        AnchorStatus::Fuzzy => Some("fuzzy: the quoted text was edited since; check the highlight"),
        AnchorStatus::Orphaned => Some("orphaned: the quote is no longer in the text; kept as it was"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::annotation::{Annotation, Kind};

    /// A plain highlight with a fixed date, for tests.
    pub(crate) fn annotation(exact: &str) -> Annotation {
        Annotation::new(Kind::Highlight, exact, 0..exact.chars().count())
            .with_id("0193a5b2-7c1d-7e4f-8a9b-000000000001")
            .created_at("2026-11-26T09:26:53Z".parse().unwrap())
            .modified_at("2026-11-26T09:31:10Z".parse().unwrap())
    }

    #[test]
    fn location_names_the_section_when_there_is_one() {
        let mut location = Location {
            section: Some("CHAPTER I".into()),
            paragraph: 7,
            percent: 23,
        };
        assert_eq!(location_text(Some(&location)), "CHAPTER I, paragraph 7 (23%)");
        location.section = None;
        assert_eq!(location_text(Some(&location)), "paragraph 7 (23%)");
    }

    #[test]
    fn review_says_who_resolved_it_and_when_for_every_kind() {
        let mut note = annotation("x");
        note.kind = Kind::Note;
        assert_eq!(review_text(&note), None, "an open note is no review item");
        note.status = Status::Resolved;
        assert_eq!(review_text(&note).as_deref(), Some("resolved"));
        note.resolved_by = Some("kim".into());
        note.resolved_at = Some("2026-11-27T10:00:00Z".parse().unwrap());
        assert_eq!(
            review_text(&note).as_deref(),
            Some("resolved by kim on 2026-11-27 10:00 UTC")
        );
        let mut mark = annotation("x");
        mark.kind = Kind::Mark;
        assert_eq!(review_text(&mark).as_deref(), Some("open"));
    }

    #[test]
    fn only_doubtful_statuses_have_a_remark() {
        assert_eq!(status_remark(AnchorStatus::Exact), None);
        assert_eq!(status_remark(AnchorStatus::Relocated), None);
        assert!(
            status_remark(AnchorStatus::Orphaned)
                .unwrap()
                .starts_with("orphaned")
        );
    }
}
