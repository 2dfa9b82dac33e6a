//! The sidecar store: a document's annotations in a TOML file (`essay.txt.notes.toml`,
//! DESIGN §1.4) that survives crashes, concurrent margents, hand edits and git merges.
//! Pure core: no terminal code; only `store`, `sidecars` and `atomic` do IO.
//!
//! - `schema` reads TOML text into data, checking every value (line and column on error);
//!   `encode` writes margent's canonical text; `file::Sidecar` keeps both in step so a
//!   rewrite changes only what changed. No key is spelled out here: a table's keys are
//!   its struct's fields (`crate::annotation`, `DocumentInfo`), read through their serde
//!   derive (`de`) and walked by a serializer (`ser`) to check and write them.
//! - `merge` merges three versions by annotation id, field by field against the base;
//!   `store::Store` is one sidecar file: it loads, and saves by lock, re-read, merge,
//!   atomic replace (`atomic`).
//! - `location` says where a document's two sidecars are (beside it, in the data
//!   folder); `sidecars::Sidecars` reads both as one set and writes each change beside
//!   the document when it can, else in the data folder. Commands and the reader use it.
//! - `deleted` keeps the ids deleted here, per user, so that an import does not bring
//!   them back.
//!
//! ```no_run
//! use margent::document::Document;
//! use margent::sidecar::{Places, SidecarLocation, Sidecars};
//!
//! let doc = Document::open("essay.txt".as_ref(), None)?;
//! let (mut sidecars, problem) = Sidecars::open_or_read_only(&doc, Places::of(&doc, SidecarLocation::Auto));
//! if let Some(problem) = problem {
//!     eprintln!("{problem}"); // e.g. "essay.txt.notes.toml: line 7, column 8: …"
//! }
//! println!("{} annotations", sidecars.annotations().len());
//! # let annotation = margent::annotation::Annotation::new(margent::annotation::Kind::Highlight, "x", 0..1);
//! let saved = sidecars.upsert(annotation)?;
//! if let Some(notice) = saved.notice() {
//!     eprintln!("{notice}"); // "saved in the data folder: … (the document's folder is not writable)"
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod atomic;
mod de;
pub mod deleted;
mod encode;
mod error;
mod fast;
mod file;
mod location;
mod merge;
mod model;
mod read;
mod scan;
mod schema;
mod ser;
mod sidecars;
mod store;
mod tables;

pub use atomic::{LOCK_TIMEOUT, lock_path, replace_locked, write_atomically, write_atomically_with};
pub use encode::HEADER_COMMENT;
pub use error::SidecarError;
pub use file::Sidecar;
pub(crate) use location::path_hash;
pub use location::{
    DATA_SUBDIR, NAME_MAX_BYTES, Places, SUFFIX, SidecarLocation, Unwritable, beside, default_data_dir,
};
pub use merge::{CONFLICT_TAG, Carrier, Clash, Conflict, Merged, NOTE_SEPARATOR, merge, merge_into};
pub use model::{
    DEFAULT_COLOR, DocumentInfo, FORMAT, InvalidValue, SCHEMA_VERSION, SidecarData, limits,
    validate_annotation,
};
pub use schema::{SchemaError, SchemaErrorKind};
pub use sidecars::{Saved, Sidecars, SidecarsData};
pub use store::{SaveOutcome, Store, parse_bytes, read_data, read_sidecar};

#[cfg(test)]
pub(crate) mod test_support;
