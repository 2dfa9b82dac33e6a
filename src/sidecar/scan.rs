//! The limits checked before any parser builds anything: one pass over a sidecar's
//! text, allocating nothing, that refuses a file with too many tables, a string too long,
//! an array too long or nested too deep, or a table with too many keys — so that a
//! hostile file is refused at once, in bounded memory, and never reaches toml_edit
//! (whose documents take many times the file's size). It knows TOML's strings and
//! comments, so a `[[annotation]]` inside a note is no table. No IO.

use super::model::limits;

/// Tables besides the annotations' (`[document]` and any a person added).
const OTHER_TABLES: usize = 64;
/// Keys in one table (an annotation has 17 fields; the rest are someone's additions).
pub(crate) const MAX_KEYS: usize = 128;
/// The longest string spelling accepted (the parser then checks the text's length).
const MAX_SPELLED_BYTES: usize = 6 * limits::MAX_TEXT_BYTES + 16;
/// Arrays and inline tables inside one another.
const MAX_DEPTH: usize = 8;

/// What broke a limit, and the byte where it was seen.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub at: usize,
    pub message: String,
}

/// Refuses text past the limits; `Ok` says nothing about whether it is valid TOML, and
/// holds how many table headers it has.
pub(crate) fn check(text: &str) -> Result<usize, Refusal> {
    Scanner {
        bytes: text.as_bytes(),
        at: 0,
        tables: 0,
        keys: 0,
        // One entry per open bracket or brace: the elements seen in it.
        elements: [0; MAX_DEPTH],
        depth: 0,
    }
    .run()
}

struct Scanner<'t> {
    bytes: &'t [u8],
    at: usize,
    tables: usize,
    keys: usize,
    elements: [usize; MAX_DEPTH],
    depth: usize,
}

impl Scanner<'_> {
    fn refuse<T>(&self, at: usize, message: String) -> Result<T, Refusal> {
        Err(Refusal { at, message })
    }

    fn run(&mut self) -> Result<usize, Refusal> {
        let mut line_start = true;
        while let Some(&byte) = self.bytes.get(self.at) {
            match byte {
                b'\n' => {
                    self.at += 1;
                    line_start = true;
                    continue;
                }
                b' ' | b'\t' | b'\r' => {
                    self.at += 1;
                    continue;
                }
                b'#' => self.skip_comment(),
                b'[' if line_start && self.depth == 0 => self.header()?,
                b'"' | b'\'' => self.string()?,
                b'[' | b'{' => self.open()?,
                b']' | b'}' => {
                    self.depth = self.depth.saturating_sub(1);
                    self.at += 1;
                }
                b',' => {
                    self.element()?;
                    self.at += 1;
                }
                b'=' => {
                    if self.depth == 0 {
                        self.keys += 1;
                        if self.keys > MAX_KEYS {
                            return self.refuse(self.at, format!("a table with more than {MAX_KEYS} keys"));
                        }
                    }
                    self.at += 1;
                }
                _ => self.at += 1,
            }
            line_start = false;
        }
        Ok(self.tables)
    }

    fn skip_comment(&mut self) {
        let rest = &self.bytes[self.at..];
        self.at += memchr::memchr(b'\n', rest).unwrap_or(rest.len());
    }

    /// A `[table]` or `[[table]]` header at the start of a line: one more table.
    fn header(&mut self) -> Result<(), Refusal> {
        self.tables += 1;
        self.keys = 0;
        let max = limits::max_annotations() + OTHER_TABLES;
        if self.tables > max {
            return self.refuse(
                self.at,
                format!(
                    "more than {} annotations (or other tables)",
                    limits::max_annotations()
                ),
            );
        }
        // The header's name, quoted parts and all, up to its line's end or comment.
        self.at += 1;
        while let Some(&byte) = self.bytes.get(self.at) {
            match byte {
                b'\n' | b'#' => break,
                b'"' | b'\'' => self.string()?,
                _ => self.at += 1,
            }
        }
        Ok(())
    }

    fn open(&mut self) -> Result<(), Refusal> {
        if self.depth == MAX_DEPTH {
            return self.refuse(
                self.at,
                format!("arrays or inline tables nested more than {MAX_DEPTH} deep"),
            );
        }
        self.elements[self.depth] = 0;
        self.depth += 1;
        self.at += 1;
        Ok(())
    }

    /// A comma inside an array or inline table: one more element.
    fn element(&mut self) -> Result<(), Refusal> {
        let Some(count) = self.depth.checked_sub(1).map(|d| &mut self.elements[d]) else {
            return Ok(());
        };
        *count += 1;
        if *count > limits::MAX_TAGS {
            return self.refuse(
                self.at,
                format!(
                    "an array or inline table with more than {} entries",
                    limits::MAX_TAGS
                ),
            );
        }
        Ok(())
    }

    /// Any of TOML's four kinds of string (or quoted key), from its opening quote: too
    /// long is refused; an unclosed one ends the scan (the parser reports it).
    fn string(&mut self) -> Result<(), Refusal> {
        let start = self.at;
        let quote = self.bytes[start];
        let triple = self.bytes[start..].starts_with(&[quote; 3]);
        let (open, escapes) = (if triple { 3 } else { 1 }, quote == b'"');
        let mut at = start + open;
        let end = loop {
            let Some(&byte) = self.bytes.get(at) else {
                break self.bytes.len();
            };
            match byte {
                b'\\' if escapes => at += 2,
                b'\n' if !triple => break at,
                byte if byte == quote && (!triple || self.bytes[at..].starts_with(&[quote; 3])) => {
                    // Up to two more quotes may close a multi-line string.
                    let mut close = at + open;
                    while triple && close < at + 5 && self.bytes.get(close) == Some(&quote) {
                        close += 1;
                    }
                    break close;
                }
                _ => at += 1,
            }
        };
        let end = end.min(self.bytes.len());
        // A string's spelling is never shorter than its text, and margent spells a
        // control character (one byte) as `\u0001` (six): a string it wrote within the
        // limit is at most six times the limit long, quotes aside.
        if end - start > MAX_SPELLED_BYTES {
            return self.refuse(
                start,
                format!("a string longer than {} bytes", limits::MAX_TEXT_BYTES),
            );
        }
        self.at = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margents_own_layout_and_every_kind_of_string_pass() {
        let text = "format = \"margent-notes\"\nschema_version = 1\n\n[document]\ntitle = 'a [b]'\n\n\
                    [[annotation]]\nnote = \"\"\"\n[[annotation]]\n\\\"\"\"\" \"\"\"\nx = '''\n[[x]]\n'''''\n\
                    tags = [\"a\", 'b', ]\n# [[annotation]]\n";
        assert_eq!(check(text), Ok(2));
    }

    #[test]
    fn too_many_tables_are_refused_at_the_first_one_too_many() {
        limits::with_max_annotations(3, || {
            let table = "[[annotation]]\n";
            let fits = table.repeat(3 + OTHER_TABLES);
            assert_eq!(check(&fits), Ok(3 + OTHER_TABLES));
            let refused = check(&table.repeat(4 + OTHER_TABLES).repeat(1000)).unwrap_err();
            assert_eq!(refused.at, fits.len());
            assert!(refused.message.contains("more than 3 annotations"));
            // Headers inside strings and comments are not tables.
            let quoted = format!("x = \"\"\"\n{}\"\"\"\n# [[annotation]]\n", table.repeat(100));
            assert_eq!(check(&quoted), Ok(0));
        });
    }

    #[test]
    fn an_enormous_string_of_any_kind_is_refused_where_it_starts() {
        let long = "a".repeat(MAX_SPELLED_BYTES);
        for (open, close) in [("\"", "\""), ("'", "'"), ("\"\"\"", "\"\"\""), ("'''", "'''")] {
            let text = format!("format = 1\nnote = {open}{long}{close}\n");
            let refused = check(&text).unwrap_err();
            assert_eq!(refused.at, "format = 1\nnote = ".len(), "{open}");
            // Unclosed, too.
            assert!(check(&format!("note = {open}{long}")).is_err());
        }
        let fits = format!("note = \"{}\"\n", "\\u0001".repeat(limits::MAX_TEXT_BYTES));
        assert_eq!(check(&fits), Ok(0));
    }

    #[test]
    fn long_arrays_deep_nesting_and_many_keys_are_refused() {
        let array = format!("tags = [{}]\n", "1,".repeat(limits::MAX_TAGS + 1));
        assert!(check(&array).unwrap_err().message.contains("entries"));
        let full = format!("tags = [{}]\n  [[annotation]]\n", "1,".repeat(limits::MAX_TAGS));
        assert_eq!(check(&full), Ok(1));
        let deep = format!("x = {}{}\n", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(check(&deep).unwrap_err().message.contains("nested"));
        let keys: String = (0..=MAX_KEYS).map(|n| format!("k{n} = 1\n")).collect();
        assert!(check(&keys).unwrap_err().message.contains("keys"));
        let tables: String = (0..4)
            .map(|_| format!("[[annotation]]\n{}", "k = 1\n".repeat(MAX_KEYS)))
            .collect();
        assert_eq!(check(&tables), Ok(4));
    }
}
