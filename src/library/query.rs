//! Reading the index: the library listing (every known document, most recently opened
//! first, each with whether its file is still there) and the search over quotes, notes
//! and tags (FTS5 trigram: any three characters or more, CJK and Korean included; a
//! shorter query is looked for by a scan, still fast at 100,000 annotations).

use std::path::{Path, PathBuf};

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::record::Counts;
use super::text::fold;
use super::{Library, LibraryError};

/// What became of a known document's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    Present,
    /// Deleted or moved away (its notes are kept and searchable).
    Missing,
    /// Replaced by a folder or something else that is not a file.
    NotAFile,
    /// There, but this user cannot read it.
    Unreadable,
}

impl EntryState {
    pub fn of(path: &Path) -> EntryState {
        match std::fs::metadata(path) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => EntryState::Missing,
            Err(_) => EntryState::Unreadable,
            Ok(metadata) if !metadata.is_file() => EntryState::NotAFile,
            Ok(_) => match std::fs::File::open(path) {
                Ok(_) => EntryState::Present,
                Err(_) => EntryState::Unreadable,
            },
        }
    }

    /// How the listing says it ("" when the file is there).
    pub fn label(self) -> &'static str {
        match self {
            EntryState::Present => "",
            EntryState::Missing => "missing",
            EntryState::NotAFile => "not a file",
            EntryState::Unreadable => "unreadable",
        }
    }
}

/// One document of the library (or of a folder shown as a shelf).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub path: PathBuf,
    pub title: String,
    pub author: String,
    pub encoding: String,
    pub size: u64,
    pub char_count: u64,
    /// Where reading stopped, in whole percent of the text.
    pub progress: u8,
    /// Seconds since 1970; `None`: annotated but never opened in the reader.
    pub last_opened: Option<i64>,
    pub annotations: u64,
    pub counts: Counts,
    /// Why its sidecar could not be read, if it could not.
    pub sidecar_error: Option<String>,
    pub state: EntryState,
    /// In the index (a shelf also shows documents margent has never seen).
    pub known: bool,
}

impl Entry {
    /// `2026-12-05 07:03` (UTC), or `-` when never opened in the reader.
    pub fn last_opened_text(&self) -> String {
        self.last_opened
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| "-".to_string())
    }

    /// A document found in a folder that the index does not know.
    pub fn unknown(path: PathBuf) -> Entry {
        let title = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        Entry {
            path,
            title,
            author: String::new(),
            encoding: String::new(),
            size,
            char_count: 0,
            progress: 0,
            last_opened: None,
            annotations: 0,
            counts: Counts::default(),
            sidecar_error: None,
            state: EntryState::Present,
            known: false,
        }
    }
}

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Words to find in quotes, notes and tags ("" with tags: every annotation so tagged).
    pub query: String,
    /// Only annotations with one of these tags.
    pub tags: Vec<String>,
    /// Only documents under this folder.
    pub folder: Option<PathBuf>,
    /// At most this many hits (`None`: all).
    pub limit: Option<usize>,
}

/// One annotation found by a search.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hit {
    pub document: PathBuf,
    pub title: String,
    pub id: String,
    pub kind: String,
    /// open | resolved
    pub review: String,
    pub section: Option<String>,
    pub exact: String,
    pub note: String,
    pub tags: Vec<String>,
    /// Where it was stored (a char offset).
    pub start: u64,
    /// The part of the quote, note or tags that matched, with some context.
    pub snippet: String,
}

const ENTRY_COLUMNS: &str = "path, title, author, encoding, size, char_count, position, last_opened,
    highlights, notes, marks, open_items, resolved, sidecar_error";

impl Library {
    /// Every known document (under `folder`, if given), most recently opened first.
    pub fn entries(&self, folder: Option<&Path>) -> Result<Vec<Entry>, LibraryError> {
        let (filter, values) = folder_filter("path", folder);
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM documents WHERE 1 {filter}
             ORDER BY last_opened IS NULL, last_opened DESC, title, path"
        );
        let mut statement = self.conn.prepare(&sql).map_err(self.err("list the library"))?;
        let rows = statement
            .query_map(params_from_iter(values), entry_of)
            .map_err(self.err("list the library"))?;
        let mut entries: Vec<Entry> = rows
            .collect::<Result<_, _>>()
            .map_err(self.err("list the library"))?;
        let states = crate::par::map(&entries, |entry| EntryState::of(&entry.path));
        for (entry, state) in entries.iter_mut().zip(states) {
            entry.state = state;
        }
        Ok(entries)
    }

    /// The entry for one document, if the index knows it.
    pub fn entry(&self, path: &Path) -> Result<Option<Entry>, LibraryError> {
        let path = super::canonical(path);
        let sql = format!("SELECT {ENTRY_COLUMNS} FROM documents WHERE path = ?1");
        let mut statement = self
            .conn
            .prepare_cached(&sql)
            .map_err(self.err("read the index"))?;
        let mut rows = statement
            .query_map([path.to_string_lossy()], entry_of)
            .map_err(self.err("read the index"))?;
        rows.next()
            .transpose()
            .map_err(self.err("read the index"))
            .map(|entry| {
                entry.map(|mut e| {
                    e.state = EntryState::of(&e.path);
                    e
                })
            })
    }

    /// The annotations that match `request`, grouped by document (most recently opened
    /// first), in the order they were stored in each.
    pub fn search(&self, request: &SearchRequest) -> Result<Vec<Hit>, LibraryError> {
        let query = fold(&request.query);
        let mut values: Vec<Value> = Vec::new();
        let mut sql = String::from(
            "SELECT d.path, d.title, a.annotation_id, a.kind, a.review, a.section, a.exact, a.note, a.tags, a.start
             FROM annotations a JOIN documents d ON d.id = a.document_id WHERE 1",
        );
        if query.chars().count() >= 3 {
            sql.push_str(" AND a.id IN (SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH ?)");
            values.push(Value::Text(format!("\"{}\"", query.replace('"', "\"\""))));
        } else if !query.is_empty() && caseless(&query) {
            // No letter with case (CJK, digits, marks): a plain substring test, much
            // quicker than LIKE over every row.
            sql.push_str(" AND (instr(a.exact, ?) > 0 OR instr(a.note, ?) > 0 OR instr(a.tags, ?) > 0)");
            values.extend(std::iter::repeat_n(Value::Text(query.clone()), 3));
        } else if !query.is_empty() {
            sql.push_str(
                " AND (a.exact LIKE ? ESCAPE '\\' OR a.note LIKE ? ESCAPE '\\' OR a.tags LIKE ? ESCAPE '\\')",
            );
            let pattern = format!("%{}%", like_escaped(&query));
            values.extend(std::iter::repeat_n(Value::Text(pattern), 3));
        }
        let tags: Vec<String> = request.tags.iter().map(|t| fold(t)).collect();
        if !tags.is_empty() {
            let any =
                vec!["instr(char(10) || a.tags || char(10), char(10) || ? || char(10)) > 0"; tags.len()];
            sql.push_str(&format!(" AND ({})", any.join(" OR ")));
            values.extend(tags.iter().cloned().map(Value::Text));
        }
        let (filter, folder_values) = folder_filter("d.path", request.folder.as_deref());
        sql.push_str(&filter);
        values.extend(folder_values);
        sql.push_str(" ORDER BY d.last_opened IS NULL, d.last_opened DESC, d.id, a.start, a.annotation_id");
        if let Some(limit) = request.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut statement = self.conn.prepare(&sql).map_err(self.err("search the library"))?;
        let rows = statement
            .query_map(params_from_iter(values), |row| {
                let tags: String = row.get(8)?;
                Ok(Hit {
                    document: PathBuf::from(row.get::<_, String>(0)?),
                    title: row.get(1)?,
                    id: row.get(2)?,
                    kind: row.get(3)?,
                    review: row.get(4)?,
                    section: row.get(5)?,
                    exact: row.get(6)?,
                    note: row.get(7)?,
                    tags: tags.lines().map(str::to_string).collect(),
                    start: row.get::<_, i64>(9)?.max(0) as u64,
                    snippet: String::new(),
                })
            })
            .map_err(self.err("search the library"))?;
        let mut hits: Vec<Hit> = rows
            .collect::<Result<_, _>>()
            .map_err(self.err("search the library"))?;
        for hit in &mut hits {
            hit.snippet = snippet_of(hit, &query);
        }
        Ok(hits)
    }
}

fn entry_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let char_count: i64 = row.get(5)?;
    let position: i64 = row.get(6)?;
    let progress = if char_count > 0 {
        (position.clamp(0, char_count) * 100 / char_count) as u8
    } else {
        0
    };
    let counts = Counts {
        highlights: row.get::<_, i64>(8)? as u64,
        notes: row.get::<_, i64>(9)? as u64,
        marks: row.get::<_, i64>(10)? as u64,
        open: row.get::<_, i64>(11)? as u64,
        resolved: row.get::<_, i64>(12)? as u64,
    };
    Ok(Entry {
        path: PathBuf::from(row.get::<_, String>(0)?),
        title: row.get(1)?,
        author: row.get(2)?,
        encoding: row.get(3)?,
        size: row.get::<_, i64>(4)?.max(0) as u64,
        char_count: char_count.max(0) as u64,
        progress,
        last_opened: row.get(7)?,
        annotations: counts.total(),
        counts,
        sidecar_error: row.get(13)?,
        state: EntryState::Present,
        known: true,
    })
}

/// `AND column` under `folder` (a range over the sorted paths, so the index is used).
fn folder_filter(column: &str, folder: Option<&Path>) -> (String, Vec<Value>) {
    let Some(folder) = folder else {
        return (String::new(), Vec::new());
    };
    let mut prefix = super::canonical(folder).to_string_lossy().into_owned();
    if !prefix.ends_with(std::path::MAIN_SEPARATOR) {
        prefix.push(std::path::MAIN_SEPARATOR);
    }
    // Every path starting with `prefix` sorts between it and the prefix with its last
    // character (the separator) raised by one.
    let mut end = prefix.clone();
    end.pop();
    end.push(char::from(std::path::MAIN_SEPARATOR as u8 + 1));
    (
        format!(" AND {column} >= ? AND {column} < ?"),
        vec![Value::Text(prefix), Value::Text(end)],
    )
}

/// Whether no character of `text` has case (CJK, digits, punctuation).
fn caseless(text: &str) -> bool {
    text.chars()
        .all(|c| c.to_lowercase().eq(std::iter::once(c)) && c.to_uppercase().eq(std::iter::once(c)))
}

fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Chars of context on each side of a match in a snippet.
const SNIPPET_CONTEXT: usize = 30;

/// The matching part of the quote, note or tags with some context around it.
fn snippet_of(hit: &Hit, query: &str) -> String {
    let tags = hit.tags.join(" ");
    let fields = [hit.exact.as_str(), hit.note.as_str(), tags.as_str()];
    let needle: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    for field in fields {
        let chars: Vec<char> = field.chars().collect();
        if let Some(at) = find_folded(&chars, &needle) {
            return cut(&chars, at, needle.len());
        }
    }
    cut(&hit.exact.chars().collect::<Vec<_>>(), 0, 0)
}

/// Where `needle` (lowercase) starts in `haystack`, ignoring case char by char.
fn find_folded(haystack: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    let lower: Vec<char> = haystack
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    lower.windows(needle.len()).position(|window| window == needle)
}

fn cut(chars: &[char], at: usize, len: usize) -> String {
    let start = at.saturating_sub(SNIPPET_CONTEXT);
    let end = (at + len + SNIPPET_CONTEXT).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    out
}
