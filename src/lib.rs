//! margent: a terminal reader and annotator for long-form plain-text articles.
//!
//! The core (document, layout, anchoring, sidecar, export, config) is pure and never
//! touches the terminal; only `tui` (and the binary) use ratatui and crossterm.

pub mod anchor;
pub mod annotation;
pub mod cli;
pub mod commands;
pub mod config;
pub mod document;
pub mod export;
pub mod files;
pub mod history;
pub mod import;
pub mod keys;
pub mod layout;
pub mod library;
pub mod markup;
pub mod memory;
pub mod palette;
pub mod par;
pub mod position;
pub mod render;
pub mod sanitize;
pub mod sidecar;
pub mod text;
#[cfg(feature = "tui")]
mod tui;

/// The reader is private to the crate (`commands::read` opens it); the binary needs only
/// how it ended and the panic hook that gives the terminal back.
#[cfg(feature = "tui")]
pub use tui::{FileStep, Outcome, install_panic_hook};
