//! Text utilities shared by the core: code-point offset conversion and the
//! whitespace-tolerant patterns used by search and quotes. No terminal code.

pub mod charindex;
pub mod class;
pub mod excerpt;
pub mod motion;
pub mod pattern;
pub mod suggest;

/// How many bytes `bytes` starts with below 0x80, told eight at a time (runs between
/// two accented letters or curly quotes of a Latin text are short: a call to a general
/// routine costs more).
pub fn ascii_run(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut run = 0;
    for word in &mut words {
        let high = u64::from_le_bytes(word.try_into().unwrap_or([0x80; 8])) & HIGH;
        if high != 0 {
            return run + high.trailing_zeros() as usize / 8;
        }
        run += 8;
    }
    run + words.remainder().iter().take_while(|&&byte| byte < 0x80).count()
}

/// The largest char boundary of `text` at or before `byte` (clamped to the end).
pub fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

#[cfg(test)]
mod ascii_run_tests {
    /// The run ends at the first byte past ASCII, wherever it falls in a word of eight.
    #[test]
    fn the_run_ends_at_the_first_byte_past_ascii() {
        for len in 0..40 {
            for at in 0..=len {
                let mut bytes = vec![b'a'; len];
                if at < len {
                    bytes[at] = 0xc3;
                }
                assert_eq!(super::ascii_run(&bytes), at, "{len} bytes, high at {at}");
            }
        }
    }
}
