//! Text utilities shared by the core: code-point offset conversion and the
//! whitespace-tolerant patterns used by search and quotes. No terminal code.

pub mod charindex;
pub mod class;
pub mod excerpt;
pub mod motion;
pub mod pattern;
pub mod suggest;

/// The largest char boundary of `text` at or before `byte` (clamped to the end).
pub fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}
