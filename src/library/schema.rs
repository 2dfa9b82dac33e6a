//! The index's tables. A document is a row keyed by its canonical path; its sidecars
//! (beside it, in the data folder) are rows with the size and modification time they
//! had when last read, and the folders holding them with theirs, so that a refresh
//! stats a folder before the sidecars in it. Annotations are copied with their search
//! text (whitespace folded, see `text`) into an FTS5 table with the trigram tokenizer,
//! kept in step by triggers. Bump `SCHEMA_VERSION` with any change: an index of
//! another version is set aside and rebuilt (`open`).

/// `PRAGMA user_version` of an index this margent wrote.
pub const SCHEMA_VERSION: i64 = 1;

pub const SCHEMA: &str = r#"
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    encoding TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL DEFAULT 0,
    char_count INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    last_opened INTEGER,
    highlights INTEGER NOT NULL DEFAULT 0,
    notes INTEGER NOT NULL DEFAULT 0,
    marks INTEGER NOT NULL DEFAULT 0,
    open_items INTEGER NOT NULL DEFAULT 0,
    resolved INTEGER NOT NULL DEFAULT 0,
    sidecar_error TEXT,
    paragraph_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX documents_by_last_opened ON documents (last_opened DESC);
CREATE INDEX documents_by_hash ON documents (content_hash);

CREATE TABLE sidecars (
    path TEXT PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    folder TEXT NOT NULL,
    size INTEGER,
    mtime_ns INTEGER
) WITHOUT ROWID;
CREATE INDEX sidecars_by_folder ON sidecars (folder);
CREATE INDEX sidecars_by_document ON sidecars (document_id);

CREATE TABLE folders (
    path TEXT PRIMARY KEY,
    mtime_ns INTEGER
) WITHOUT ROWID;

CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    annotation_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    review TEXT NOT NULL,
    color TEXT NOT NULL,
    start INTEGER NOT NULL,
    section TEXT,
    exact TEXT NOT NULL,
    note TEXT NOT NULL,
    tags TEXT NOT NULL
);
CREATE INDEX annotations_by_document ON annotations (document_id);

CREATE VIRTUAL TABLE annotations_fts USING fts5 (
    exact, note, tags,
    content = 'annotations', content_rowid = 'id',
    tokenize = 'trigram'
);
CREATE TRIGGER annotations_ai AFTER INSERT ON annotations BEGIN
    INSERT INTO annotations_fts (rowid, exact, note, tags) VALUES (new.id, new.exact, new.note, new.tags);
END;
CREATE TRIGGER annotations_ad AFTER DELETE ON annotations BEGIN
    INSERT INTO annotations_fts (annotations_fts, rowid, exact, note, tags)
        VALUES ('delete', old.id, old.exact, old.note, old.tags);
END;

CREATE TABLE paragraphs (
    hash INTEGER NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE
);
CREATE INDEX paragraphs_by_hash ON paragraphs (hash);
CREATE INDEX paragraphs_by_document ON paragraphs (document_id);
"#;
