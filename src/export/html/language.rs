//! The page's `lang`: the language of the document, as far as its script says it. Kana
//! means Japanese, Hangul Korean, Han alone Chinese; Arabic, Hebrew, Greek and Cyrillic
//! text get their main language; Latin text is English only when English's commonest
//! words make up a good part of it, else `und` (undetermined) — a wrong `lang` would pick
//! the wrong fonts and hyphenation. Pure.

/// How many characters are looked at (the start of the document says enough).
const SAMPLE_CHARS: usize = 20_000;

/// English's commonest words: in English prose they are about a fifth of the words.
const ENGLISH: [&str; 12] = [
    "the", "of", "and", "to", "a", "in", "is", "that", "it", "was", "for", "on",
];

pub(super) fn of(text: &str) -> &'static str {
    let (mut kana, mut hangul, mut han, mut latin) = (0usize, 0usize, 0usize, 0usize);
    let (mut arabic, mut hebrew, mut greek, mut cyrillic) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars().take(SAMPLE_CHARS) {
        match u32::from(c) {
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => kana += 1,
            0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => hangul += 1,
            0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2FA1F => han += 1,
            0x0600..=0x06FF | 0x0750..=0x077F => arabic += 1,
            0x0590..=0x05FF => hebrew += 1,
            0x0370..=0x03FF => greek += 1,
            0x0400..=0x04FF => cyrillic += 1,
            _ if c.is_alphabetic() && c.is_ascii() || ('\u{C0}'..='\u{24F}').contains(&c) => latin += 1,
            _ => {}
        }
    }
    let cjk = kana + hangul + han;
    let other = [(arabic, "ar"), (hebrew, "he"), (greek, "el"), (cyrillic, "ru")]
        .into_iter()
        .max_by_key(|(count, _)| *count)
        .filter(|(count, _)| *count > 0);
    // CJK characters carry about as much as a Latin word: count them ×4 against letters.
    if cjk * 4 >= latin && cjk > 0 && other.is_none_or(|(count, _)| cjk >= count) {
        return if kana * 20 >= cjk {
            "ja"
        } else if hangul >= han {
            "ko"
        } else {
            "zh"
        };
    }
    if let Some((count, lang)) = other
        && count >= latin
    {
        return lang;
    }
    if latin > 0 && is_english(text) {
        "en"
    } else {
        "und"
    }
}

fn is_english(text: &str) -> bool {
    let sample: String = text.chars().take(SAMPLE_CHARS).collect();
    let words: Vec<String> = sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let common = words
        .iter()
        .filter(|word| ENGLISH.contains(&word.as_str()))
        .count();
    !words.is_empty() && common * 10 >= words.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_languages_apart_by_script_and_english_by_its_words() {
        assert_eq!(of("The cat sat on the mat, and it was glad of the sun."), "en");
        assert_eq!(of("Le chat est assis sur le tapis, heureux du soleil."), "und");
        assert_eq!(of("吾輩は猫である。名前はまだ無い。"), "ja");
        assert_eq!(of("满纸荒唐言，一把辛酸泪。"), "zh");
        assert_eq!(of("나는 고양이로소이다."), "ko");
        assert_eq!(of("שלום עולם, זה טקסט."), "he");
        assert_eq!(of("مرحبا بالعالم"), "ar");
        assert_eq!(of("Война и мир"), "ru");
        assert_eq!(of(""), "und");
        // A Chinese article quoting an English name is still Chinese.
        assert_eq!(of("新发展理念引领新疆高质量发展（Xinjiang）。"), "zh");
    }
}
