//! Gaiji notes `※［＃「description」、第3水準1-85-25］` resolved to the character they
//! describe: by the JIS X 0213 men-ku-ten code (the table `jisx0213.tsv` is generated
//! from a codec's data by `jisx0213.py`, never edited by hand) or by a `U+XXXX` code.
//! Pure.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Plane-row-cell to Unicode: lines `1-85-25\t664C` (code points in hex, space-separated).
const JISX0213: &str = include_str!("jisx0213.tsv");

/// The character a gaiji note names, if it gives a code we can resolve.
pub fn resolve(content: &str) -> Option<String> {
    if let Some(at) = content.find("U+").or_else(|| content.find("u+")) {
        let hex: String = content[at + 2..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
            && !c.is_control()
        {
            return Some(c.to_string());
        }
    }
    let after = &content[content.find("水準")? + "水準".len()..];
    let code: String = after
        .chars()
        .map(ascii_digit)
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    let mut parts = code.split('-').filter(|p| !p.is_empty());
    let (plane, row, cell) = (parts.next()?, parts.next()?, parts.next()?);
    lookup(&format!("{plane}-{row}-{cell}"))
}

/// The description part of a gaiji note: what is between its first `「` and `」`.
pub fn description(content: &str) -> &str {
    let Some(open) = content.find('「') else {
        return content;
    };
    let inner = &content[open + '「'.len_utf8()..];
    inner.rfind('」').map_or(inner, |close| &inner[..close])
}

/// Full-width digits and hyphen as ASCII.
pub fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
        '－' | '‐' => '-',
        _ => c,
    }
}

/// The table indexed once, on the first gaiji: a text cites thousands of them.
fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        JISX0213
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once('\t'))
            .collect()
    })
}

fn lookup(key: &str) -> Option<String> {
    table()
        .get(key)?
        .split(' ')
        .map(|hex| u32::from_str_radix(hex, 16).ok().and_then(char::from_u32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_third_and_fourth_level_codes() {
        assert_eq!(
            resolve("「埒のつくり＋虎」、第3水準1-91-48").as_deref(),
            Some("虢")
        );
        assert_eq!(resolve("「にんべん＋參」、第4水準2-1-79").as_deref(), Some("傪"));
        assert_eq!(
            resolve("「口＋占」、第３水準１－１４－８９").as_deref(),
            Some("呫")
        );
    }

    #[test]
    fn combining_cells_resolve_to_their_sequence() {
        assert_eq!(resolve("「か゚」、第3水準1-4-87").as_deref(), Some("か\u{309a}"));
    }

    #[test]
    fn resolves_unicode_codes_and_refuses_the_rest() {
        assert_eq!(resolve("「木＋世」、U+67BB、123-4").as_deref(), Some("枻"));
        assert_eq!(resolve("「てへん＋劣」、ページ数-行数"), None);
        assert_eq!(resolve("「x」、第3水準9-99-99"), None);
        assert_eq!(resolve("U+0007"), None);
        assert_eq!(description("「てへん＋劣」、12-3"), "てへん＋劣");
    }

    #[test]
    fn the_table_is_sorted_data_of_the_expected_size() {
        let rows = JISX0213.lines().filter(|l| !l.starts_with('#')).count();
        assert!((4300..4400).contains(&rows), "{rows}");
    }
}
