//! Character classes of the scripts margent sets: which characters are wide CJK or
//! Hangul, which may not start or end a line (kinsoku), which count as blank, and how a
//! source line break between two runs of text is joined. A leaf: depends on nothing
//! else in the crate, so document, layout, anchoring and search can all share it.

pub fn is_blank_char(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{3000}' || c == '\u{a0}' || c.is_whitespace()
}

/// Ideographs, kana, CJK punctuation and full-width forms: two columns whatever the
/// ambiguous width (East Asian Width W or F, none of them a control or a space).
pub fn is_always_wide(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3029}'
        | '\u{3030}'..='\u{303e}'
        | '\u{3041}'..='\u{3096}'
        | '\u{309b}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ff01}'..='\u{ff60}'
    )
}

/// Wide characters of the CJK scripts other than Hangul: between two of these a source
/// line break is removed rather than turned into a space (CSS Text 3 §4.1.2).
pub fn is_cjk_wide(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{2fdf}'     // CJK radicals, Kangxi radicals
        | '\u{3000}'..='\u{303f}'   // CJK symbols and punctuation
        | '\u{3040}'..='\u{30ff}'   // Hiragana, Katakana
        | '\u{3100}'..='\u{312f}'   // Bopomofo
        | '\u{3190}'..='\u{31ff}'   // Kanbun, Bopomofo ext, strokes, Katakana ext
        | '\u{3200}'..='\u{33ff}'   // enclosed CJK, compatibility
        | '\u{3400}'..='\u{4dbf}'   // CJK ext A
        | '\u{4e00}'..='\u{9fff}'   // CJK unified ideographs
        | '\u{f900}'..='\u{faff}'   // CJK compatibility ideographs
        | '\u{fe30}'..='\u{fe4f}'   // CJK compatibility forms
        | '\u{ff00}'..='\u{ff60}'   // fullwidth forms
        | '\u{ffe0}'..='\u{ffe6}'
        | '\u{20000}'..='\u{3ffff}' // CJK ext B and beyond
    )
}

/// Hangul syllables and jamo: Korean keeps the spaces of its source and breaks only
/// at spaces (`word-break: keep-all`).
pub fn is_hangul(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11ff}'
        | '\u{3130}'..='\u{318f}'
        | '\u{a960}'..='\u{a97f}'
        | '\u{ac00}'..='\u{d7ff}'
        | '\u{ffa0}'..='\u{ffdc}'
    )
}

/// Characters that must not start a line.
pub fn is_no_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '：'
            | '；'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '〕'
            | '］'
            | '｝'
            | '〗'
            | '〙'
            | '〛'
            | '”'
            | '’'
            | '…'
            | '‥'
            | '・'
            | '·'
            | 'ー'
            | '々'
            | '〻'
            | 'ゝ'
            | 'ゞ'
            | 'ヽ'
            | 'ヾ'
            | '゛'
            | '゜'
            | '〜'
            | '～'
            | '％'
            | '‰'
            | '℃'
            | '°'
            | '︰'
            | '｡'
            | '､'
            | '｣'
            | '･'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '﹐'
            | '﹑'
            | '﹒'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ゕ'
            | 'ゖ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | 'ㇰ'..='ㇿ'
    )
}

/// Characters that must not end a line.
pub fn is_no_end(c: char) -> bool {
    matches!(
        c,
        '（' | '「'
            | '『'
            | '【'
            | '《'
            | '〈'
            | '〔'
            | '［'
            | '｛'
            | '〖'
            | '〘'
            | '〚'
            | '“'
            | '‘'
            | '｢'
            | '('
            | '['
            | '{'
    )
}

/// Punctuation that is East Asian Ambiguous and sits between CJK letters as readily as
/// between Latin ones: it does not decide how a line break is joined.
fn is_neutral_punct(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '…' | '—' | '–' | '·' | '•' | '‥' | '"' | '\''
    )
}

/// Whether the break between a line ending `before` and one starting `after` becomes
/// a space (true) or nothing (false), after CSS Text 3 §4.1.2: nothing between two CJK
/// characters or next to full-width punctuation, a space beside Hangul and between
/// Latin words. Between a Latin word and a CJK letter the text decides: `spaced` says
/// whether its author puts a space there (asked only for such a break).
pub fn join_with_space(before: &str, after: &str, spaced: impl FnOnce() -> bool) -> bool {
    let left = before
        .chars()
        .rev()
        .find(|&c| !is_neutral_punct(c))
        .or_else(|| before.chars().next_back());
    let right = after
        .chars()
        .find(|&c| !is_neutral_punct(c))
        .or_else(|| after.chars().next());
    let (Some(l), Some(r)) = (left, right) else {
        return true;
    };
    if is_hangul(l) || is_hangul(r) {
        true
    } else if is_cjk_wide(l) && is_cjk_wide(r) || is_wide_punct(l) || is_wide_punct(r) {
        false
    } else if is_cjk_wide(l) || is_cjk_wide(r) {
        spaced()
    } else {
        true
    }
}

/// Full-width punctuation (`，` `。` `「`): never a space beside it at a joined break.
fn is_wide_punct(c: char) -> bool {
    is_cjk_wide(c) && !c.is_alphanumeric()
}

/// Whether a source line break between `before` and `after` may be joined with
/// nothing: one side is a CJK character (folding, quotes and search patterns accept
/// the break there as nothing).
pub fn may_join_tight(before: char, after: char) -> bool {
    (is_cjk_wide(before) || is_cjk_wide(after)) && !before.is_whitespace() && !after.is_whitespace()
}

/// Whether `text` writes a space between Latin letters or digits and CJK letters
/// (`使用 GPS 定位`) at least as often as it writes them together (`使用GPS定位`).
pub fn spaces_latin_beside_cjk(text: &str) -> bool {
    let is_cjk_letter = |c: char| is_cjk_wide(c) && c.is_alphanumeric();
    let mixed = |a: char, b: char| {
        is_cjk_letter(a) && b.is_ascii_alphanumeric() || a.is_ascii_alphanumeric() && is_cjk_letter(b)
    };
    let (mut spaced, mut tight) = (0usize, 0usize);
    let mut window = [' ', ' ', ' '];
    for c in text.chars() {
        window = [window[1], window[2], c];
        if mixed(window[1], window[2]) {
            tight += 1;
        } else if window[1] == ' ' && mixed(window[0], window[2]) {
            spaced += 1;
        }
    }
    spaced >= tight
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_classes() {
        assert!(is_cjk_wide('中') && is_cjk_wide('。') && is_cjk_wide('カ') && is_cjk_wide('，'));
        assert!(!is_cjk_wide('한') && is_hangul('한'));
        assert!(!is_cjk_wide('“'));
    }

    #[test]
    fn kinsoku_classes() {
        assert!(is_no_start('。') && is_no_start('ッ') && !is_no_start('中'));
        assert!(is_no_end('「') && is_no_end('（') && !is_no_end('」'));
    }

    #[test]
    fn ideographic_space_is_blank() {
        assert!(is_blank_char('\u{3000}') && is_blank_char('\t') && !is_blank_char('a'));
    }

    #[test]
    fn line_breaks_join_with_a_space_except_between_cjk() {
        let spaced = || true;
        assert!(!join_with_space("楚、汉", "分争", spaced));
        assert!(join_with_space("운수 좋은", "날이었다", spaced));
        assert!(join_with_space("使用", "Unicode", spaced));
        assert!(!join_with_space("他说：“", "你好”", spaced));
        assert!(join_with_space("the", "word", || false));
    }

    #[test]
    fn no_space_beside_full_width_punctuation() {
        assert!(!join_with_space("全球定位系统GPS", "，然后", || true));
        assert!(!join_with_space("然后，", "Python写程序", || true));
        assert!(!join_with_space("（", "Python", || true));
    }

    #[test]
    fn latin_beside_cjk_follows_the_text() {
        assert!(join_with_space("使用", "GPS", || true));
        assert!(!join_with_space("使用", "GPS", || false));
        assert!(!join_with_space("2024", "年", || false));
        assert!(spaces_latin_beside_cjk("我们使用 GPS 定位，用 Python 写"));
        assert!(!spaces_latin_beside_cjk("我们使用GPS定位，用 Python写程序"));
        assert!(spaces_latin_beside_cjk("没有拉丁字母"));
    }
}
