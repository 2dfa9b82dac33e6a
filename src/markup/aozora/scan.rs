//! Aozora Bunko notation split into tokens: characters, ruby base bars `｜`, readings
//! `《…》`, notes `［＃…］` and gaiji `※［＃…］`. Malformed notation (an unclosed bracket,
//! a reading across a line break) is ordinary text. Pure, linear in the text.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A run of ordinary characters of one script (see [`script`]).
    Char(Range<usize>),
    Bar(Range<usize>),
    /// `《reading》`: the whole span and the reading inside it.
    Ruby {
        span: Range<usize>,
        reading: Range<usize>,
    },
    /// `※［＃…］`: the whole span and what is between `［＃` and `］`.
    Gaiji {
        span: Range<usize>,
        content: Range<usize>,
    },
    /// `［＃…］`.
    Note {
        span: Range<usize>,
        content: Range<usize>,
    },
}

/// Longest reading or note looked at: past it, the bracket is taken as unclosed, so a
/// stray `《` never makes the scan quadratic.
const MAX_BRACKET_BYTES: usize = 1024;

pub fn scan(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut at = 0;
    // The script of the last char of the last token, if it is a run of chars.
    let mut run_script = None;
    while let Some(c) = text[at..].chars().next() {
        let next = at + c.len_utf8();
        let token = match c {
            '｜' => Some(Token::Bar(at..next)),
            '《' => closing(text, next, '《', '》').map(|end| Token::Ruby {
                span: at..end + '》'.len_utf8(),
                reading: next..end,
            }),
            '※' if text[next..].starts_with("［＃") => {
                let content = next + "［＃".len();
                closing(text, content, '［', '］').map(|end| Token::Gaiji {
                    span: at..end + '］'.len_utf8(),
                    content: content..end,
                })
            }
            '［' if text[next..].starts_with('＃') => {
                let content = next + '＃'.len_utf8();
                closing(text, content, '［', '］').map(|end| Token::Note {
                    span: at..end + '］'.len_utf8(),
                    content: content..end,
                })
            }
            _ => None,
        };
        let token = match token {
            Some(token) => {
                run_script = None;
                token
            }
            None => {
                // Characters of one script join the run before them: one token per run.
                let this = script(c);
                if let Some(Token::Char(run)) = tokens.last_mut()
                    && run.end == at
                    && run_script == Some(this)
                {
                    run.end = next;
                    at = next;
                    continue;
                }
                run_script = Some(this);
                Token::Char(at..next)
            }
        };
        at = match &token {
            Token::Char(r) | Token::Bar(r) => r.end,
            Token::Ruby { span, .. } | Token::Gaiji { span, .. } | Token::Note { span, .. } => span.end,
        };
        tokens.push(token);
    }
    tokens
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Kanji,
    Hiragana,
    Katakana,
    Latin,
    /// Punctuation, spaces and everything else: never a ruby base by itself.
    Other,
}

/// The script of a character, as ruby bases are delimited.
pub fn script(c: char) -> Script {
    match c {
        '々' | '〆' | '〇' | 'ヶ' | '仝' | '〻' => Script::Kanji,
        '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3ffff}' => Script::Kanji,
        '\u{3041}'..='\u{309f}' => Script::Hiragana,
        '\u{30a1}'..='\u{30ff}' => Script::Katakana,
        c if c.is_ascii_alphanumeric() || (('\u{ff10}'..='\u{ff5a}').contains(&c) && c.is_alphanumeric()) => {
            Script::Latin
        }
        _ => Script::Other,
    }
}

/// Byte offset of the `close` that ends a bracket opened just before `from` (brackets of
/// the same kind nest), if it comes before a line break and within the limit.
fn closing(text: &str, from: usize, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[from..].char_indices() {
        if i > MAX_BRACKET_BYTES || c == '\n' {
            return None;
        }
        if c == open {
            depth += 1;
        } else if c == close {
            if depth == 0 {
                return Some(from + i);
            }
            depth -= 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        scan(text)
            .into_iter()
            .map(|t| match t {
                Token::Char(r) => text[r].to_string(),
                Token::Bar(_) => "|".into(),
                Token::Ruby { reading, .. } => format!("<{}>", &text[reading]),
                Token::Gaiji { content, .. } => format!("G[{}]", &text[content]),
                Token::Note { content, .. } => format!("N[{}]", &text[content]),
            })
            .collect()
    }

    #[test]
    fn finds_ruby_bars_notes_and_gaiji() {
        assert_eq!(
            kinds("｜青空《あおぞら》※［＃「口＋世」、第3水準1-14-89］［＃「空」に傍点］"),
            [
                "|",
                "青空",
                "<あおぞら>",
                "G[「口＋世」、第3水準1-14-89]",
                "N[「空」に傍点]"
            ]
        );
    }

    #[test]
    fn unclosed_or_broken_brackets_are_text() {
        assert_eq!(kinds("痩《や"), ["痩", "《", "や"]);
        assert_eq!(kinds("痩《や\nせ》"), ["痩", "《", "や", "\n", "せ", "》"]);
        assert_eq!(kinds("［＃"), ["［＃"], "punctuation runs are one token");
        assert_eq!(kinds("［＃a［b］c］"), ["N[a［b］c]"]);
    }
}
