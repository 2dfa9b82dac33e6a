//! `margent edit FILE ID …` and `margent delete FILE ID`: change or delete one annotation
//! without the reader (DESIGN §1.2). ID is the full id or a unique prefix of at least six
//! characters, as git allows; a prefix that matches several is refused with the ids it
//! matches. The change is saved through the same locked read-merge-write as every other
//! (`stored`), and one line on stdout says what changed.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;

use super::annotate::{palette_color, valid_tags};
use super::stored::StoredNotes;
use super::{CommandError, author};
use crate::annotation::{self, Annotation, Kind, Status};
use crate::cli::{EditArgs, GlobalArgs};
use crate::sanitize;
use crate::text::excerpt::excerpt;

/// Ids listed at most when a prefix is ambiguous.
const LISTED_IDS: usize = 8;
/// Longest quote excerpt in `delete`'s line (in chars).
const QUOTE_CHARS: usize = 50;

pub fn edit(args: &EditArgs, global: &GlobalArgs) -> Result<(), CommandError> {
    let file = args.file.as_path();
    let (add_tags, remove_tags) = tag_changes(args, file)?;
    let mut notes = StoredNotes::open(file, global)?;
    let current = find(&notes, &args.id)?;
    let color = args
        .color
        .as_deref()
        .map(|asked| palette_color(&notes.config, Some(asked), file))
        .transpose()?;
    let resolved_by = match args.status.map(Status::from) {
        Some(Status::Resolved) => author(&notes.config)?,
        _ => None,
    };
    let change = Change {
        note: args.note.clone(),
        add_tags,
        remove_tags,
        color,
        status: args.status.map(Into::into),
        resolved_by,
        at: annotation::now(),
    };
    let (edited, said) = change.apply(&current);
    let line = if said.is_empty() {
        format!("unchanged {}: it already is as asked", current.id)
    } else {
        notes.put(edited)?;
        notes.record();
        format!("edited {}: {}", current.id, said.join("; "))
    };
    print_line(&line)
}

pub fn delete(file: &Path, id: &str, global: &GlobalArgs) -> Result<(), CommandError> {
    let mut notes = StoredNotes::open(file, global)?;
    let id = find(&notes, id)?.id.clone();
    let Some(deleted) = notes.remove(&id)? else {
        return Err(unknown(&notes, &id));
    };
    if notes.annotation(&id).is_some() {
        // Another margent edited it meanwhile, and a merge keeps an edit over a delete.
        let message = format!(
            "{}: {id} was not deleted: it was edited meanwhile (run the command again to delete it)",
            notes.path().display()
        );
        notes.record();
        return Err(CommandError::Failed(message));
    }
    notes.record();
    let quote = sanitize::inline(&excerpt(&deleted.exact, QUOTE_CHARS)).into_owned();
    print_line(&format!("deleted {id}: {} “{quote}”", deleted.kind))
}

/// What `edit` was asked to change; `None` and empty lists leave a field as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    note: Option<String>,
    add_tags: Vec<String>,
    remove_tags: Vec<String>,
    color: Option<String>,
    status: Option<Status>,
    /// Who resolves it, when it is resolved.
    resolved_by: Option<String>,
    /// Now: the new `modified`, and `resolved_at` when resolving.
    at: Timestamp,
}

impl Change {
    /// The edited annotation and what changed, in words; nothing said means nothing
    /// changed (and `modified` is left alone).
    fn apply(&self, current: &Annotation) -> (Annotation, Vec<String>) {
        let mut edited = current.clone();
        let mut said = Vec::new();
        if let Some(note) = &self.note {
            said.extend(set_note(&mut edited, note));
        }
        said.extend(self.retag(&mut edited));
        if let Some(color) = &self.color
            && *color != edited.color
        {
            edited.color = color.into();
            said.push(format!("colour {}", sanitize::inline(color)));
        }
        if let Some(status) = self.status
            && status != edited.status
        {
            said.push(set_status(&mut edited, status, self.resolved_by.clone(), self.at));
        }
        if !said.is_empty() {
            edited.modified = self.at;
        }
        (edited, said)
    }

    fn retag(&self, edited: &mut Annotation) -> Vec<String> {
        let removed: Vec<String> = self
            .remove_tags
            .iter()
            .filter(|tag| edited.tags.contains(tag))
            .cloned()
            .collect();
        edited.tags.retain(|tag| !removed.contains(tag));
        let added: Vec<String> = self
            .add_tags
            .iter()
            .filter(|tag| !edited.tags.contains(tag))
            .cloned()
            .collect();
        edited.tags.extend(added.iter().cloned());
        let listed = |tags: &[String]| {
            tags.iter()
                .map(|tag| sanitize::inline(tag).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut said = Vec::new();
        if !added.is_empty() {
            said.push(format!("tagged {}", listed(&added)));
        }
        if !removed.is_empty() {
            said.push(format!("untagged {}", listed(&removed)));
        }
        said
    }
}

/// Replaces the note; a highlight that gets a note becomes a note, as in the reader.
fn set_note(edited: &mut Annotation, note: &str) -> Option<String> {
    if edited.note == note {
        return None;
    }
    let said = match (edited.note.is_empty(), note.is_empty()) {
        (_, true) => "note cleared",
        (true, false) => "note added",
        (false, false) => "note replaced",
    };
    edited.note = note.to_string();
    if edited.kind == Kind::Highlight && !note.is_empty() {
        edited.kind = Kind::Note;
        return Some(format!("{said} (now a note)"));
    }
    Some(said.to_string())
}

/// Resolving records who (when an author is known) and when; opening again clears both.
fn set_status(edited: &mut Annotation, status: Status, by: Option<String>, at: Timestamp) -> String {
    edited.set_status(status, by, at);
    match status {
        Status::Resolved => match &edited.resolved_by {
            Some(name) => format!("resolved by {}", sanitize::inline(name)),
            None => "resolved".to_string(),
        },
        Status::Open => "open again".to_string(),
    }
}

/// The tags to add and remove, checked: none empty, none both added and removed.
fn tag_changes(args: &EditArgs, file: &Path) -> Result<(Vec<String>, Vec<String>), CommandError> {
    let add = valid_tags(&args.tags, file)?;
    let remove = valid_tags(&args.untags, file)?;
    if let Some(both) = add.iter().find(|tag| remove.contains(tag)) {
        return Err(CommandError::Usage(format!(
            "--tag {0} and --untag {0} contradict each other",
            sanitize::shown(both)
        )));
    }
    Ok((add, remove))
}

/// The one annotation whose id is `wanted` or starts with it.
fn find(notes: &StoredNotes, wanted: &str) -> Result<Annotation, CommandError> {
    if let Some(exact) = notes.annotation(wanted) {
        return Ok(exact.clone());
    }
    let matching: Vec<Arc<Annotation>> = notes
        .annotations()
        .into_iter()
        .filter(|annotation| annotation.id.starts_with(wanted))
        .collect();
    match matching.as_slice() {
        [one] => Ok(Annotation::clone(one)),
        [] => Err(unknown(notes, wanted)),
        many => {
            let ids: Vec<&str> = many.iter().take(LISTED_IDS).map(|a| a.id.as_str()).collect();
            let more = many.len() - ids.len();
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            Err(CommandError::Failed(format!(
                "{}: the id {} matches {} annotations: {}{more}; give more of it",
                notes.path().display(),
                sanitize::shown(wanted),
                many.len(),
                ids.join(", ")
            )))
        }
    }
}

fn unknown(notes: &StoredNotes, wanted: &str) -> CommandError {
    let whose = match (notes.exists(), notes.annotations().len()) {
        (false, _) => "there is no sidecar yet".to_string(),
        (true, 1) => "it holds 1 annotation".to_string(),
        (true, count) => format!("it holds {count} annotations"),
    };
    CommandError::Failed(format!(
        "{}: no annotation has the id {} ({whose}; `margent notes` lists their ids)",
        notes.path().display(),
        sanitize::shown(wanted)
    ))
}

fn print_line(line: &str) -> Result<(), CommandError> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}").map_err(CommandError::stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn change() -> Change {
        Change {
            note: None,
            add_tags: Vec::new(),
            remove_tags: Vec::new(),
            color: None,
            status: None,
            resolved_by: None,
            at: at("2026-11-27T10:00:00Z"),
        }
    }

    fn mark() -> Annotation {
        Annotation::new(Kind::Mark, "quote", 0..5)
            .with_tags(["todo", "question"])
            .created_at(at("2026-11-26T09:00:00Z"))
    }

    #[test]
    fn resolving_records_who_and_when_and_opening_clears_both() {
        let resolve = Change {
            status: Some(Status::Resolved),
            resolved_by: Some("kim".into()),
            ..change()
        };
        let (resolved, said) = resolve.apply(&mark());
        assert_eq!(said, ["resolved by kim"]);
        assert_eq!(resolved.status, Status::Resolved);
        assert_eq!(resolved.resolved_by.as_deref(), Some("kim"));
        assert_eq!(resolved.resolved_at, Some(resolve.at));
        assert_eq!(resolved.modified, resolve.at);
        let reopen = Change {
            status: Some(Status::Open),
            ..change()
        };
        let (open, said) = reopen.apply(&resolved);
        assert_eq!(said, ["open again"]);
        assert_eq!((open.resolved_by, open.resolved_at), (None, None));
    }

    #[test]
    fn tags_are_added_and_removed_as_sets() {
        let retag = Change {
            add_tags: vec!["urgent".into(), "todo".into()],
            remove_tags: vec!["question".into(), "absent".into()],
            ..change()
        };
        let (edited, said) = retag.apply(&mark());
        assert_eq!(edited.tags, ["todo", "urgent"]);
        assert_eq!(said, ["tagged urgent", "untagged question"]);
    }

    #[test]
    fn nothing_asked_that_is_not_already_so_changes_nothing() {
        let same = Change {
            add_tags: vec!["todo".into()],
            status: Some(Status::Open),
            note: Some(String::new()),
            ..change()
        };
        let original = mark();
        let (edited, said) = same.apply(&original);
        assert!(said.is_empty(), "{said:?}");
        assert_eq!(edited, original, "modified is not stamped");
    }

    #[test]
    fn a_note_on_a_highlight_makes_it_a_note_and_an_empty_note_clears() {
        let highlight = Annotation::new(Kind::Highlight, "quote", 0..5);
        let noted = Change {
            note: Some("why?".into()),
            ..change()
        };
        let (edited, said) = noted.apply(&highlight);
        assert_eq!((edited.kind, edited.note.as_str()), (Kind::Note, "why?"));
        assert_eq!(said, ["note added (now a note)"]);
        let cleared = Change {
            note: Some(String::new()),
            ..change()
        };
        let (edited, said) = cleared.apply(&edited);
        assert_eq!((edited.kind, edited.note.as_str()), (Kind::Note, ""));
        assert_eq!(said, ["note cleared"]);
    }
}
