//! How a row of a block looks as plain text: whether its characters can be shown as
//! they are (the quick way out for `BlockLayout::row_str`), and each glyph's text. Pure.

use super::glyph::{Glyph, Look};

/// Text that is shown exactly as it is: no controls, tabs, bidi or invisible characters.
pub(super) fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let printable = |b: u8| (0x20..0x7f).contains(&b);
    let mut i = 0;
    while i < bytes.len() {
        // Printable ASCII sixteen bytes at a time (a test the compiler vectorises): the
        // curly quotes and dashes of English prose leave long runs of it between them.
        if let Some(run) = bytes.get(i..i + 16)
            && run.iter().fold(true, |all, &b| all & printable(b))
        {
            i += 16;
            continue;
        }
        if bytes[i] < 0x80 {
            if !printable(bytes[i]) {
                return false;
            }
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if !is_plain_beyond_ascii(c) {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// A character past ASCII that shows as itself.
fn is_plain_beyond_ascii(c: char) -> bool {
    // Most CJK text is in these ranges, which hold nothing that needs care.
    ('\u{3001}'..'\u{fe00}').contains(&c)
        || ('\u{ff01}'..='\u{ff60}').contains(&c)
        || !(('\u{80}'..='\u{9f}').contains(&c)
            || crate::sanitize::is_bidi_control(c)
            || crate::sanitize::is_invisible(c))
}

/// Appends how `glyph` looks as plain text.
pub(super) fn push_glyph(out: &mut String, shown: &str, glyph: &Glyph) {
    match glyph.look {
        Look::Text => out.push_str(&shown[glyph.byte..glyph.end()]),
        Look::Space => {
            let space = &shown[glyph.byte..glyph.end()];
            if glyph.cols == unicode_width::UnicodeWidthStr::width(space) {
                out.push_str(space);
            } else {
                // A capped indent: as many columns as it was given.
                out.extend(std::iter::repeat_n(' ', glyph.cols));
            }
        }
        Look::Tab => out.extend(std::iter::repeat_n(' ', glyph.cols)),
        Look::Picture(c) => out.push(c),
        Look::Label(label) => {
            out.push('⟨');
            out.push_str(label);
            out.push('⟩');
        }
        Look::Hidden => {}
        Look::Detached => {
            out.push('\u{a0}');
            out.push_str(&shown[glyph.byte..glyph.end()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Told sixteen bytes at a time, a row is plain exactly when each of its
        /// characters is.
        #[test]
        fn a_row_is_plain_when_each_character_is(
            text in "([ -~]{0,20}|[\u{0}-\u{1f}\u{7f}-\u{a0}\u{ad}\u{200b}-\u{202e}\u{2066}\u{feff}“”’—é中あ])*"
        ) {
            let each = text.chars().all(|c| match c.is_ascii() {
                true => (' '..'\u{7f}').contains(&c),
                false => is_plain_beyond_ascii(c),
            });
            prop_assert_eq!(is_plain(&text), each);
        }
    }
}
