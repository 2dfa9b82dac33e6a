//! Splits display text into glyphs: grapheme clusters with their width in columns and
//! how they must be shown (as text, as a visible placeholder, or not at all). The same
//! iterator drives wrapping and drawing, so what is measured is what is drawn.
//! Pure; never touches the terminal.

use unicode_segmentation::GraphemeCursor;

use super::width::{self, AmbiguousWidth};
use crate::sanitize;

/// Options that change how text is measured and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GlyphOptions {
    pub ambiguous: AmbiguousWidth,
    /// Show bidi controls and invisible characters as labelled placeholders instead of
    /// hiding them.
    pub reveal_hidden: bool,
}

/// How a glyph is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// The grapheme itself.
    Text,
    /// A space-like glyph (space, U+3000, NBSP…): may hang past the line end when wrapping.
    Space,
    /// A tab: blank up to the next tab stop.
    Tab,
    /// A control character, shown as this one-column picture (`␛`, `␀`…).
    Picture(char),
    /// A bidi control or invisible character, revealed as `⟨label⟩`.
    Label(&'static str),
    /// A bidi control or invisible character: zero columns, never emitted.
    Hidden,
    /// A combining mark with nothing to combine with: drawn on a no-break space.
    Detached,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    /// Byte offset of the grapheme in the display text.
    pub byte: usize,
    /// Length of the grapheme in bytes.
    pub len: usize,
    pub look: Look,
    /// Display columns at the column where the glyph stands (tabs depend on it).
    pub cols: usize,
}

impl Glyph {
    pub fn end(&self) -> usize {
        self.byte + self.len
    }

    pub fn is_space(&self) -> bool {
        matches!(self.look, Look::Space | Look::Tab)
    }
}

/// Length in bytes of the grapheme cluster starting at `byte`.
pub fn grapheme_len(text: &str, byte: usize) -> usize {
    let bytes = text.as_bytes();
    if bytes[byte] == 0 {
        // A run of NULs (a block a crash zeroed) is one glyph: one placeholder, not
        // thousands of them.
        return bytes[byte..].iter().take_while(|&&b| b == 0).count();
    }
    let next = bytes.get(byte + 1).copied();
    // Fast path: an ASCII char followed by ASCII (or the end) is a cluster by itself.
    if bytes[byte] < 0x80 && bytes[byte] != b'\r' && next.is_none_or(|b| b < 0x80) {
        return 1;
    }
    let c = text[byte..].chars().next().unwrap_or('\0');
    let after = byte + c.len_utf8();
    // Before ASCII, an ideograph, kana or a Hangul syllable only a Prepend character,
    // CR or a leading jamo keeps the cluster going.
    if c != '\r'
        && !is_prepend(c)
        && !is_leading_jamo(c)
        && text[after..].chars().next().is_none_or(width::starts_new_cluster)
    {
        return c.len_utf8();
    }
    if text[after..].chars().next().is_some_and(is_emoji_modifier) && c < FIRST_MODIFIER_BASE {
        return c.len_utf8();
    }
    let mut cursor = GraphemeCursor::new(byte, text.len(), true);
    match cursor.next_boundary(text, 0) {
        Ok(Some(end)) if end > byte => end - byte,
        _ => c.len_utf8(),
    }
}

/// The first Emoji_Modifier_Base (☝). A skin-tone modifier after anything below it (a
/// space, a letter) is its own two-column glyph, as terminals draw it; UAX #29 would
/// attach it to the space and hide it (a tailoring it allows).
const FIRST_MODIFIER_BASE: char = '\u{261d}';

fn is_emoji_modifier(c: char) -> bool {
    matches!(c, '\u{1f3fb}'..='\u{1f3ff}')
}

/// Hangul_Syllable_Type=L: joins a following syllable (UAX #29 GB6).
fn is_leading_jamo(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{115f}' | '\u{a960}'..='\u{a97c}')
}

/// Grapheme_Cluster_Break=Prepend: the only class that clusters with what follows.
fn is_prepend(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{0605}' | '\u{06dd}' | '\u{070f}' | '\u{0890}'..='\u{0891}' | '\u{08e2}'
        | '\u{0d4e}' | '\u{110bd}' | '\u{110cd}' | '\u{111c2}'..='\u{111c3}' | '\u{1193f}'
        | '\u{11941}' | '\u{11a3a}' | '\u{11a84}'..='\u{11a89}' | '\u{11d46}' | '\u{11f02}'
    )
}

/// Measures the cluster `text[byte..byte + len]` standing at column `col`.
pub fn measure(text: &str, byte: usize, len: usize, col: usize, options: GlyphOptions) -> Glyph {
    let grapheme = &text[byte..byte + len];
    let first = grapheme.chars().next().unwrap_or(' ');
    if len == first.len_utf8() && crate::text::class::is_always_wide(first) {
        // Most of a CJK text: no table to look up.
        return Glyph {
            byte,
            len,
            look: Look::Text,
            cols: 2,
        };
    }
    // NEL ends the line (`breaks::mandatory_breaks`) and, like the line and paragraph
    // separators, is not drawn.
    let line_break = first == sanitize::NEXT_LINE;
    let (look, cols) = if first == '\t' {
        (Look::Tab, width::tab_cols(col))
    } else if let Some(picture) = sanitize::control_picture(first).filter(|_| !line_break) {
        (Look::Picture(picture), 1)
    } else if sanitize::is_bidi_control(first) || sanitize::is_invisible(first) || line_break {
        if options.reveal_hidden {
            let label = reveal_label(first);
            (Look::Label(label), label.chars().count() + 2)
        } else {
            (Look::Hidden, 0)
        }
    } else if is_space(first) && len == first.len_utf8() {
        (Look::Space, width::char_cols(first, options.ambiguous).max(1))
    } else if len == first.len_utf8() && first.is_ascii() {
        (Look::Text, 1)
    } else {
        match width::grapheme_cols(grapheme, options.ambiguous) {
            0 => (Look::Detached, 1),
            cols => (Look::Text, cols),
        }
    };
    Glyph {
        byte,
        len,
        look,
        cols,
    }
}

/// Whitespace that separates words and may hang at a line end. NBSP is not here: it
/// must not be broken at, but it is a space when it is.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{3000}' | '\u{2000}'..='\u{200a}' | '\u{205f}' | '\u{1680}'
    )
}

/// Iterates the glyphs of `text[start..end]`, tracking the column for tab stops.
pub struct Glyphs<'t> {
    text: &'t str,
    byte: usize,
    end: usize,
    col: usize,
    options: GlyphOptions,
}

impl<'t> Glyphs<'t> {
    pub fn new(text: &'t str, start: usize, end: usize, start_col: usize, options: GlyphOptions) -> Self {
        Glyphs {
            text,
            byte: start,
            end,
            col: start_col,
            options,
        }
    }

    /// Column where the next glyph will stand.
    pub fn col(&self) -> usize {
        self.col
    }
}

impl Iterator for Glyphs<'_> {
    type Item = Glyph;

    fn next(&mut self) -> Option<Glyph> {
        if self.byte >= self.end {
            return None;
        }
        let len = grapheme_len(self.text, self.byte).min(self.end - self.byte);
        let glyph = measure(self.text, self.byte, len, self.col, self.options);
        self.byte += len;
        self.col += glyph.cols;
        Some(glyph)
    }
}

/// Short names shown for hidden characters when they are revealed.
fn reveal_label(c: char) -> &'static str {
    match c {
        '\u{202a}' => "LRE",
        '\u{202b}' => "RLE",
        '\u{202c}' => "PDF",
        '\u{202d}' => "LRO",
        '\u{202e}' => "RLO",
        '\u{2066}' => "LRI",
        '\u{2067}' => "RLI",
        '\u{2068}' => "FSI",
        '\u{2069}' => "PDI",
        '\u{200e}' => "LRM",
        '\u{200f}' => "RLM",
        '\u{061c}' => "ALM",
        '\u{200b}' => "ZWSP",
        '\u{200c}' => "ZWNJ",
        '\u{200d}' => "ZWJ",
        '\u{2060}' => "WJ",
        '\u{00ad}' => "SHY",
        '\u{feff}' => "BOM",
        '\u{85}' => "NEL",
        '\u{2028}' => "LS",
        '\u{2029}' => "PS",
        _ => "U",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn looks(text: &str, options: GlyphOptions) -> Vec<(String, Look, usize)> {
        Glyphs::new(text, 0, text.len(), 0, options)
            .map(|g| (text[g.byte..g.end()].to_string(), g.look, g.cols))
            .collect()
    }

    #[test]
    fn clusters_are_never_split() {
        let text = "a👨\u{200d}👩\u{200d}👧e\u{301}中\u{3099}x";
        let clusters: Vec<String> = looks(text, GlyphOptions::default())
            .into_iter()
            .map(|g| g.0)
            .collect();
        assert_eq!(
            clusters,
            ["a", "👨\u{200d}👩\u{200d}👧", "e\u{301}", "中\u{3099}", "x"]
        );
    }

    #[test]
    fn controls_become_pictures_and_tabs_reach_the_next_stop() {
        let got = looks("ab\t\u{1b}c", GlyphOptions::default());
        assert_eq!(got[2], ("\t".into(), Look::Tab, 6));
        assert_eq!(got[3], ("\u{1b}".into(), Look::Picture('␛'), 1));
    }

    #[test]
    fn bidi_controls_are_hidden_unless_revealed() {
        let hidden = looks("a\u{202e}b", GlyphOptions::default());
        assert_eq!(hidden[1].1, Look::Hidden);
        assert_eq!(hidden[1].2, 0);
        let revealed = looks(
            "a\u{202e}b",
            GlyphOptions {
                reveal_hidden: true,
                ..Default::default()
            },
        );
        assert_eq!(revealed[1].1, Look::Label("RLO"));
        assert_eq!(revealed[1].2, 5);
    }

    #[test]
    fn lone_combining_mark_is_detached_and_visible() {
        assert_eq!(looks("\u{301}", GlyphOptions::default())[0].1, Look::Detached);
    }

    #[test]
    fn a_skin_tone_modifier_after_a_space_is_a_glyph_of_its_own() {
        let found = looks("Tone alone: \u{1f3fb} and 👍\u{1f3fd}", GlyphOptions::default());
        let tail: Vec<(&str, usize)> = found[11..]
            .iter()
            .map(|(s, _, cols)| (s.as_str(), *cols))
            .collect();
        assert_eq!(
            tail,
            [
                (" ", 1),
                ("\u{1f3fb}", 2),
                (" ", 1),
                ("a", 1),
                ("n", 1),
                ("d", 1),
                (" ", 1),
                ("👍\u{1f3fd}", 2)
            ]
        );
    }

    #[test]
    fn next_line_is_not_drawn_like_the_line_separator() {
        let hidden = looks("a\u{85}b\u{2028}c", GlyphOptions::default());
        assert_eq!(hidden[1], ("\u{85}".into(), Look::Hidden, 0));
        assert_eq!(hidden[3], ("\u{2028}".into(), Look::Hidden, 0));
        let revealed = looks(
            "a\u{85}b",
            GlyphOptions {
                reveal_hidden: true,
                ..Default::default()
            },
        );
        assert_eq!(revealed[1].1, Look::Label("NEL"));
    }

    #[test]
    fn a_run_of_nuls_is_one_placeholder() {
        let text = format!("ab{}cd\0e", "\0".repeat(4096));
        let found = looks(&text, GlyphOptions::default());
        assert_eq!(found.len(), 7, "a, b, the run, c, d, one NUL, e");
        assert_eq!(
            (found[2].0.len(), found[2].1, found[2].2),
            (4096, Look::Picture('␀'), 1)
        );
        assert_eq!((found[5].0.as_str(), found[5].1), ("\0", Look::Picture('␀')));
    }

    #[test]
    fn ideographic_space_is_a_two_column_space() {
        assert_eq!(
            looks("\u{3000}", GlyphOptions::default())[0],
            ("\u{3000}".into(), Look::Space, 2)
        );
    }
}
