//! The reader's components, each owning its state and the update that changes it:
//! the reader view, search, selection, annotations (with the list, the note editor and
//! the tag prompt), help and contents. None draws (that is `view`) or does IO (that is
//! the runtime); `App` composes them, and alone changes the mode.

pub mod annotations;
pub mod contents;
pub mod editor;
pub mod help;
pub mod list;
pub mod prompts;
pub mod reader;
pub mod search;
pub mod selection;
pub mod status;

use crate::tui::app::{Effect, Mode};

/// What a component's update asks of `App` besides the change to its own state:
/// effects for the runtime, and a mode to go to.
#[must_use]
#[derive(Debug, Default)]
pub struct Step {
    pub effects: Vec<Effect>,
    pub mode: Option<Mode>,
}

impl Step {
    pub fn effects(effects: Vec<Effect>) -> Step {
        Step { effects, mode: None }
    }

    pub fn to(mode: Mode) -> Step {
        Step {
            effects: Vec::new(),
            mode: Some(mode),
        }
    }
}
