//! Keeping the library index (`crate::library`) in step with what commands do: a
//! document annotated or opened is recorded. The index is a cache: when it cannot be
//! opened or written, the command still succeeds (the sidecar is the truth), and the
//! next `library` or `search` brings the index up to date.

use crate::document::Document;
use crate::library::Library;

/// Records `doc` and what its sidecars now hold; `opened`: in the reader.
pub(crate) fn record(doc: &Document, opened: bool) {
    if let Ok(mut library) = Library::open_default() {
        let _ = library.record_document(doc, opened);
    }
}

/// Records where reading stopped in the document at `path`.
#[cfg(feature = "tui")]
pub(crate) fn record_position(path: &std::path::Path, char_offset: usize) {
    if let Ok(mut library) = Library::open_default() {
        let _ = library.record_position(path, char_offset);
    }
}
