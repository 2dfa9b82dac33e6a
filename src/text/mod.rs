//! Text utilities shared by the core: code-point offset conversion and the
//! whitespace-tolerant patterns used by search and quotes. No terminal code.

pub mod charindex;
pub mod motion;
pub mod pattern;
