//! What `notes` and `export` start from: the config, the document, its sidecars (both
//! places read as one set, never written) and the annotations that pass the filters,
//! anchored and located. No sidecar means no annotations; a damaged one fails, naming
//! the file, line and column.

use std::path::Path;

use super::{CommandError, load_config, open_document};
use crate::cli::{FilterArgs, GlobalArgs};
use crate::config::Config;
use crate::document::Document;
use crate::export::{self, Filter, Item};
use crate::sidecar::{DocumentInfo, Places, SidecarsData};

pub struct Loaded {
    pub config: Config,
    pub doc: Document,
    /// The sidecars' `[document]` table, or a fresh one when there is no sidecar.
    pub document_info: DocumentInfo,
    /// The annotations that pass the filters, in document order.
    pub items: Vec<Item>,
    /// How many annotations the sidecars hold in all.
    pub total: usize,
}

impl Loaded {
    pub fn load(file: &Path, filter: &FilterArgs, global: &GlobalArgs) -> Result<Loaded, CommandError> {
        let config = load_config(global)?;
        let doc = open_document(file, global)?;
        let places = Places::of(&doc, config.sidecar.location);
        let sidecars = SidecarsData::read(&doc, &places).map_err(super::sidecar_failure)?;
        let document_info = sidecars.document();
        let stored_hash = sidecars.anchored_hash();
        let annotations = sidecars.into_annotations();
        let total = annotations.len();
        let items = export::items_from(&doc, annotations, stored_hash.as_deref(), &filter_of(filter));
        Ok(Loaded {
            config,
            total,
            doc,
            document_info,
            items,
        })
    }

    /// The title exports use: the sidecar's (detected when it was made, or set by
    /// hand), else the one detected now.
    pub fn title(&self) -> String {
        match self.document_info.title.trim() {
            "" => self.doc.title(),
            title => title.to_string(),
        }
    }

    /// The author exports use: the one set with `margent meta`, else the one the text
    /// names.
    pub fn author(&self) -> Option<&str> {
        self.document_info.author.as_deref().or_else(|| self.doc.author())
    }
}

pub fn filter_of(args: &FilterArgs) -> Filter {
    Filter {
        tags: args.tags.clone(),
        kind: args.kind.map(Into::into),
        color: args.color.clone(),
        status: args.status.map(Into::into),
    }
}
