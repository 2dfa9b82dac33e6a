//! The one sanitising path for text that reaches a terminal or stdout: document text,
//! notes, tags, titles, file names and error messages. Pure functions; no IO.
//!
//! Rules (DESIGN §1.3, §4): C0 controls other than newline and tab, DEL and C1
//! controls are never emitted raw but shown as visible placeholders; bidi controls and
//! invisible format characters are removed from one-line strings (titles, tags, file
//! names) so they cannot reorder or hide what a person reads.

use std::borrow::Cow;

/// The visible stand-in for a control character, or `None` if `c` is not one.
/// C0 controls become their Control Pictures (U+2400 block, `␀`…`␟`), DEL becomes `␡`,
/// NEL (a line break, like LF's `␊`) becomes `␤` and the other C1 controls become `�`:
/// each is one column wide.
pub fn control_picture(c: char) -> Option<char> {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        NEXT_LINE => Some('\u{2424}'),
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// Bidi embedding, override and isolate controls and the directional marks: able to
/// reorder what a terminal shows.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// Characters that show nothing by themselves and can hide text in a one-line string
/// (and the line and paragraph separators, which terminals treat each their own way).
/// The joiners (ZWJ, ZWNJ) are among them for a character standing alone; `inline`
/// keeps them, as they join emoji sequences and shape Persian and Indic words.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200d}'
            | '\u{2028}'..='\u{2029}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206a}'..='\u{206f}'
            | '\u{3164}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// The zero-width non-joiner and joiner: invisible, but part of how a word (Persian
/// `می‌خواهم`) or an emoji sequence (`👩‍💻`) is written.
pub fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}')
}

/// A one-line string (title, tag, file name, message): every control, including newline
/// and tab, becomes a placeholder; bidi controls and invisible characters other than
/// the joiners are dropped.
pub fn inline(s: &str) -> Cow<'_, str> {
    // Printable ASCII needs nothing: checked a byte at a time first.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) || !s.chars().any(needs_inline_change) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(picture) = control_picture(c) {
            out.push(picture);
        } else if !(is_bidi_control(c) || dropped_invisible(c)) {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// NEL (U+0085), a line break like LF.
pub const NEXT_LINE: char = '\u{85}';

/// A multi-line string (a note, a body of text for stdout): newlines and tabs stay, NEL
/// becomes a newline, every other control becomes a placeholder, bidi controls are
/// dropped.
pub fn multiline(s: &str) -> Cow<'_, str> {
    let keeps = |c: char| c == '\n' || c == '\t';
    if !s
        .chars()
        .any(|c| (control_picture(c).is_some() && !keeps(c)) || is_bidi_control(c))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match control_picture(c) {
            _ if c == NEXT_LINE => out.push('\n'),
            Some(picture) if !keeps(c) => out.push(picture),
            _ if is_bidi_control(c) => {}
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_inline_change(c: char) -> bool {
    control_picture(c).is_some() || is_bidi_control(c) || dropped_invisible(c)
}

fn dropped_invisible(c: char) -> bool {
    is_invisible(c) && !is_joiner(c)
}

/// A word from the file, made safe and kept short enough for a one-line message.
pub fn shown(word: &str) -> String {
    const MAX_CHARS: usize = 60;
    let clean = inline(word);
    if clean.chars().count() <= MAX_CHARS {
        clean.into_owned()
    } else {
        let mut cut: String = clean.chars().take(MAX_CHARS).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_from_the_file_lose_control_characters_and_length() {
        assert_eq!(shown("a\u{1b}[31mb\n"), "a␛[31mb␊");
        let long = "x".repeat(100);
        assert_eq!(shown(&long).chars().count(), 61);
    }

    #[test]
    fn escape_sequences_become_visible_placeholders() {
        assert_eq!(inline("a\u{1b}]52;c;AAAA\u{7}b"), "a␛]52;c;AAAA␇b");
        assert_eq!(inline("x\u{9b}31m\u{7f}"), "x\u{fffd}31m␡");
    }

    #[test]
    fn inline_strings_lose_newlines_bidi_and_invisibles() {
        assert_eq!(inline("evil\u{202e}txt.exe\nline"), "eviltxt.exe␊line");
        assert_eq!(inline("zero\u{200b}width\u{feff}"), "zerowidth");
    }

    #[test]
    fn inline_strings_keep_the_joiners_of_emoji_and_persian() {
        let coder = "👩\u{200d}💻 notes";
        let persian = "می\u{200c}خواهم";
        assert!(matches!(inline(coder), Cow::Borrowed(_)));
        assert_eq!(inline(persian), persian);
        assert_eq!(inline("a\u{200b}\u{200d}b\u{202e}"), "a\u{200d}b");
    }

    #[test]
    fn multiline_keeps_newlines_and_tabs_only() {
        assert_eq!(multiline("a\n\tb\u{1b}[2J\u{2066}"), "a\n\tb␛[2J");
    }

    #[test]
    fn next_line_is_a_line_break_not_a_replacement_character() {
        assert_eq!(multiline("one\u{85}two"), "one\ntwo");
        assert_eq!(inline("one\u{85}two\nthree"), "one␤two␊three");
    }

    #[test]
    fn clean_strings_are_borrowed() {
        assert!(matches!(inline("中文 title"), Cow::Borrowed(_)));
        assert!(matches!(multiline("note\nline"), Cow::Borrowed(_)));
    }

    #[test]
    fn no_output_contains_raw_controls() {
        let hostile: String = (0u32..0xa0).filter_map(char::from_u32).collect();
        for out in [inline(&hostile), multiline(&hostile)] {
            assert!(!out.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
        }
    }
}
