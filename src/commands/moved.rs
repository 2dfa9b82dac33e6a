//! A document opened with no notes of its own, asked of the library index: were they
//! left under the path it had before it was moved or renamed? (`library::adopt_moved`.)
//! A document with a sidecar never opens the index here, so opening stays as fast.

use crate::document::{Document, Source};
use crate::library::{Adopted, Library, adopt_moved};
use crate::sidecar;

pub(crate) fn adopt(doc: &Document) -> Option<Adopted> {
    let Source::File(path) = doc.source() else {
        return None;
    };
    if sidecar::beside(path).exists() {
        return None;
    }
    let index = crate::library::default_index_path()?;
    if !index.exists() {
        return None;
    }
    let mut library = Library::open_default().ok()?;
    adopt_moved(&mut library, doc).ok().flatten()
}
