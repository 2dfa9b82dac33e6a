//! Telling binary data from text by its control bytes, a damaged (zeroed) block of a
//! text file set aside.

use super::{NotText, SNIFF_BYTES};

/// Refuses text with many control characters. Tab, newlines, form feed, ESC and BEL
/// are allowed: text with a few escape sequences is still text (shown, never run).
/// NULs in long runs are a damaged block of a text file (what a crash leaves: zeroed
/// sectors or pages), not a sign of binary data: they are set aside, and the rest must
/// be text by the same rule. A binary file has other control bytes between its runs.
pub(super) fn refuse_binary(text: &str) -> Result<(), NotText> {
    let counts = ControlCounts::of(text);
    let too_many =
        |controls: usize, total: usize| controls * 20 > total || (total < 16 && controls * 4 > total);
    if too_many(counts.controls, counts.total) {
        return Err(NotText {
            reason: "too many control bytes",
        });
    }
    if counts.damaged > 0 && counts.total < MIN_TEXT_BESIDE_DAMAGE {
        return Err(NotText {
            reason: "mostly NUL bytes",
        });
    }
    Ok(())
}

/// NULs in a run at least this long are a damaged block, not binary content.
const DAMAGED_NUL_RUN: usize = 64;
/// Characters of text (outside damaged runs) a file with damaged runs must have.
const MIN_TEXT_BESIDE_DAMAGE: usize = 64;

/// Control characters among the first `SNIFF_BYTES` characters outside damaged runs.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct ControlCounts {
    controls: usize,
    total: usize,
    /// NULs in damaged runs (not in `total`).
    damaged: usize,
}

impl ControlCounts {
    pub(super) fn of(text: &str) -> ControlCounts {
        // The bytes of at most SNIFF_BYTES chars, looked over at once: text with no
        // control and no noncharacter among them (nearly all text) counts no further.
        let sniffed = &text[..crate::text::floor_char_boundary(text, text.len().min(4 * SNIFF_BYTES))];
        let clean = sniffed
            .bytes()
            .all(|b| b >= b' ' || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b | 0x07))
            && !sniffed.contains(['\u{fffe}', '\u{ffff}']);
        if clean {
            return ControlCounts {
                total: sniffed.chars().count().min(SNIFF_BYTES),
                ..ControlCounts::default()
            };
        }
        Self::counted(text)
    }

    /// Counted char by char.
    pub(super) fn counted(text: &str) -> ControlCounts {
        let mut counts = ControlCounts::default();
        let mut nul_run = 0;
        for c in text.chars() {
            if c == '\0' {
                nul_run += 1;
                continue;
            }
            counts.end_nul_run(nul_run);
            nul_run = 0;
            if counts.total >= SNIFF_BYTES {
                break;
            }
            let control = (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\x0c' | '\x1b' | '\x07'))
                || c == '\u{fffe}'
                || c == '\u{ffff}';
            counts.controls += usize::from(control);
            counts.total += 1;
        }
        counts.end_nul_run(nul_run);
        counts
    }

    fn end_nul_run(&mut self, run: usize) {
        if run >= DAMAGED_NUL_RUN {
            self.damaged += run;
        } else {
            self.controls += run;
            self.total += run;
        }
    }
}
