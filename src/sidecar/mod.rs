//! The sidecar store: a document's annotations and reading position in a TOML file
//! (`essay.txt.notes.toml`, DESIGN §1.4) that survives crashes, concurrent margents, hand
//! edits and git merges. Pure core: no terminal code; only `store` and `atomic` do IO.
//!
//! - `schema` reads TOML text into data, checking every value (line and column on error);
//!   `encode` writes margent's canonical text; `file::Sidecar` keeps both in step so a
//!   rewrite changes only what changed. No key is spelled out here: a table's keys are
//!   its struct's fields (`crate::annotation`, `DocumentInfo`), read through their serde
//!   derive (`de`) and walked by a serializer (`ser`) to check and write them.
//! - `merge` merges three versions by id, field by field; `store::Store` loads, and saves by
//!   lock, re-read, merge, atomic replace (`atomic`); `location` says where the file is.
//!
//! ```no_run
//! use margent::document::Document;
//! use margent::sidecar::{self, SidecarLocation, Store};
//!
//! let doc = Document::open("essay.txt".as_ref(), None)?;
//! let path = sidecar::sidecar_path(&doc, SidecarLocation::Auto)?;
//! let (mut store, problem) = Store::open_or_read_only(path, &doc);
//! if let Some(problem) = problem {
//!     eprintln!("{problem}"); // e.g. "essay.txt.notes.toml: line 7, column 8: …"
//! }
//! let position = store.sidecar().position();
//! store.sidecar_mut().set_position(position + 100);
//! store.save()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod atomic;
mod de;
mod encode;
mod error;
mod fast;
mod file;
mod location;
mod merge;
mod model;
mod read;
mod schema;
mod ser;
mod store;

pub use atomic::{LOCK_TIMEOUT, lock_path, write_atomically};
pub use encode::HEADER_COMMENT;
pub use error::SidecarError;
pub use file::Sidecar;
pub use location::{SUFFIX, SidecarLocation, beside, sidecar_path, sidecar_path_in};
pub use merge::{CONFLICT_TAG, Carrier, Clash, Conflict, Merged, NOTE_SEPARATOR, merge, merge_into};
pub use model::{
    DEFAULT_COLOR, DocumentInfo, FORMAT, InvalidValue, SCHEMA_VERSION, SidecarData, limits,
    validate_annotation,
};
pub use schema::{SchemaError, SchemaErrorKind};
pub use store::{SaveOutcome, Store, parse_bytes, read_sidecar};

#[cfg(test)]
pub(crate) mod test_support;
