//! A reader for Lua **data**: the `return { … }` table constructors KOReader writes in
//! its `metadata.*.lua` sidecars. Strings (all escapes, long brackets), numbers, `true`,
//! `false`, `nil` and nested tables; comments. Nothing is ever executed: a name used as
//! a value, a call, an operator or a statement is refused as code. A file cut short or
//! damaged gives what was read before the fault, with the fault's line. Pure.

use std::collections::BTreeMap;
use std::io;

use self::input::Input;

mod input;
mod literals;

/// A Lua value that data can hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Table(Table),
}

/// A table key: Lua's integer keys (positional fields count from 1) and string keys.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Int(i64),
    Str(String),
}

/// A table, keys in order (integers first, ascending).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub entries: BTreeMap<Key, Value>,
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.get(&Key::Str(key.to_string()))
    }

    pub fn str(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Value::Str(text) => Some(text),
            _ => None,
        }
    }

    pub fn int(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Int(n) => Some(*n),
            Value::Float(x) if x.fract() == 0.0 && x.abs() < 9e15 => Some(*x as i64),
            _ => None,
        }
    }

    pub fn table(&self, key: &str) -> Option<&Table> {
        match self.get(key)? {
            Value::Table(table) => Some(table),
            _ => None,
        }
    }

    /// The values under integer keys, in key order (a Lua "array", gaps skipped).
    pub fn values_by_index(&self) -> impl Iterator<Item = (i64, &Value)> {
        self.entries.iter().filter_map(|(key, value)| match key {
            Key::Int(n) => Some((*n, value)),
            Key::Str(_) => None,
        })
    }
}

/// Why a file is not (all) data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LuaError {
    pub line: usize,
    pub message: String,
    /// The file holds code, not data: nothing of it should be used.
    pub is_code: bool,
}

/// What was read: the returned table (whole, or as far as it could be read) and the
/// fault, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    pub value: Option<Value>,
    pub error: Option<LuaError>,
}

/// Nesting deeper than this is refused (a hostile file must not exhaust the stack).
const MAX_DEPTH: usize = 128;

/// Reads a chunk of the form `[comments] return <value> [;]`.
pub fn parse(source: &str) -> Read {
    parse_reader(source.as_bytes(), |_, _, value| Some(value)).expect("reading from memory does not fail")
}

/// Reads a chunk from `reader` a piece at a time, giving every table field, once read,
/// to `keep` with the keys of the tables around it from the returned one (`[]` for
/// its own fields): what `keep` returns stays in the table, so a large file's entries
/// can be taken as they come and never held together.
pub fn parse_reader<R: io::Read>(
    reader: R,
    keep: impl FnMut(&[Key], &Key, Value) -> Option<Value>,
) -> io::Result<Read> {
    let mut parser = Parser {
        input: Input {
            reader,
            buf: Vec::new(),
            at: 0,
            end: false,
            failed: None,
        },
        line: 1,
        error: None,
        path: Vec::new(),
        keep,
    };
    if (0..3)
        .map(|ahead| parser.input.byte(ahead))
        .eq("\u{feff}".bytes().map(Some))
    {
        parser.input.at += 3;
    }
    parser.skip_space();
    let value = if parser.eat_word("return") {
        parser.value(0)
    } else {
        parser.fail_code("expected `return { … }`: statements are code, not data");
        None
    };
    if value.is_some() && parser.error.is_none() {
        parser.skip_space();
        parser.eat(b';');
        parser.skip_space();
        if parser.peek().is_some() {
            parser.fail_code("something follows the returned value: code, not data");
        }
    }
    if let Some(failed) = parser.input.failed.take() {
        return Err(failed);
    }
    Ok(Read {
        value,
        error: parser.error,
    })
}

struct Parser<R, K> {
    input: Input<R>,
    line: usize,
    error: Option<LuaError>,
    /// The keys of the tables being read, from the returned one.
    path: Vec<Key>,
    keep: K,
}

impl<R: io::Read, K: FnMut(&[Key], &Key, Value) -> Option<Value>> Parser<R, K> {
    fn fail(&mut self, message: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(LuaError {
                line: self.line,
                message: message.into(),
                is_code: false,
            });
        }
    }

    fn fail_code(&mut self, message: impl Into<String>) {
        self.fail(message);
        if let Some(error) = &mut self.error {
            error.is_code = true;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.input.byte(0)
    }

    fn bump(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.input.at += 1;
        // A lone CR ends a line as LF and CRLF do; CRLF counts once.
        if byte == b'\n' || (byte == b'\r' && self.peek() != Some(b'\n')) {
            self.line += 1;
        }
        Some(byte)
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let matches = word
            .bytes()
            .enumerate()
            .all(|(ahead, byte)| self.input.byte(ahead) == Some(byte));
        let follows_name = self.input.byte(word.len()).is_some_and(is_name_byte);
        if matches && !follows_name {
            self.input.at += word.len();
            true
        } else {
            false
        }
    }

    fn skip_space(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c) => {
                    self.bump();
                }
                Some(b'-') if self.input.byte(1) == Some(b'-') => {
                    self.input.at += 2;
                    if self.long_bracket_level().is_some() {
                        let _ = self.long_string();
                    } else {
                        while self.peek().is_some_and(|byte| !matches!(byte, b'\n' | b'\r')) {
                            self.bump();
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        self.skip_space();
        let value = match self.peek() {
            None => {
                self.fail("the file ends where a value should be");
                return None;
            }
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    self.fail("tables nested too deeply");
                    return None;
                }
                Value::Table(self.table(depth + 1))
            }
            Some(b'"' | b'\'') => Value::Str(self.quoted()?),
            Some(b'[') if self.long_bracket_level().is_some() => Value::Str(self.long_string()?),
            Some(b'-' | b'0'..=b'9' | b'.') => self.number()?,
            Some(byte) if is_name_byte(byte) => {
                if self.eat_word("true") {
                    Value::Bool(true)
                } else if self.eat_word("false") {
                    Value::Bool(false)
                } else if self.eat_word("nil") {
                    Value::Nil
                } else {
                    self.fail_code("a name where a value should be: code, not data");
                    return None;
                }
            }
            Some(b'(' | b'#' | b'~' | b'@' | b'$') => {
                self.fail_code("an expression where a value should be: code, not data");
                return None;
            }
            Some(_) => {
                self.fail("unexpected character where a value should be");
                return None;
            }
        };
        self.skip_space();
        if matches!(
            self.peek(),
            Some(b'(' | b'.' | b':' | b'+' | b'*' | b'/' | b'^' | b'%' | b'-')
        ) {
            self.fail_code("an expression or a call: code, not data");
            return None;
        }
        Some(value)
    }

    /// A table constructor; on a fault, the fields read so far. Each field read is
    /// given to `keep`.
    fn table(&mut self, depth: usize) -> Table {
        self.bump(); // '{'
        let mut table = Table::default();
        let mut next_index = 1;
        loop {
            self.skip_space();
            match self.peek() {
                None => {
                    self.fail("the file ends inside a table");
                    return table;
                }
                Some(b'}') => {
                    self.bump();
                    return table;
                }
                _ => {}
            }
            let key = match self.field_key(depth) {
                Some(Some(key)) => key,
                Some(None) => {
                    let key = Key::Int(next_index);
                    next_index += 1;
                    key
                }
                None => return table,
            };
            self.path.push(key);
            let value = self.value(depth);
            let key = self.path.pop().expect("the key pushed above");
            let Some(value) = value else {
                return table;
            };
            if value != Value::Nil
                && let Some(value) = (self.keep)(&self.path, &key, value)
            {
                table.entries.insert(key, value);
            }
            self.skip_space();
            if !(self.eat(b',') || self.eat(b';')) {
                self.skip_space();
                if self.peek() != Some(b'}') {
                    if self.peek().is_some() {
                        self.fail("expected `,` or `}` in a table");
                    } else {
                        self.fail("the file ends inside a table");
                    }
                    return table;
                }
            }
        }
    }

    /// `[k] =` or `name =`: `Some(Some(key))`; a positional field: `Some(None)`;
    /// a fault: `None`.
    fn field_key(&mut self, depth: usize) -> Option<Option<Key>> {
        if self.peek() == Some(b'[') && self.long_bracket_level().is_none() {
            self.bump();
            let key = match self.value(depth)? {
                Value::Str(text) => Key::Str(text),
                Value::Int(n) => Key::Int(n),
                Value::Float(x) if x.fract() == 0.0 && x.abs() < 9e15 => Key::Int(x as i64),
                _ => {
                    self.fail("a table key must be a string or an integer");
                    return None;
                }
            };
            self.skip_space();
            if !self.eat(b']') {
                self.fail("expected `]` after a table key");
                return None;
            }
            self.skip_space();
            if !self.eat(b'=') {
                self.fail("expected `=` after a table key");
                return None;
            }
            return Some(Some(key));
        }
        if self
            .peek()
            .is_some_and(|b| is_name_byte(b) && !b.is_ascii_digit())
        {
            let mut name = Vec::new();
            while let Some(byte) = self.input.byte(name.len()).filter(|b| is_name_byte(*b)) {
                name.push(byte);
            }
            let mut after = name.len();
            while self.input.byte(after).is_some_and(|b| b.is_ascii_whitespace()) {
                after += 1;
            }
            let is_assignment =
                self.input.byte(after) == Some(b'=') && self.input.byte(after + 1) != Some(b'=');
            let name = String::from_utf8_lossy(&name).into_owned();
            if is_assignment && !matches!(name.as_str(), "true" | "false" | "nil") {
                for _ in 0..=after {
                    self.bump();
                }
                return Some(Some(Key::Str(name)));
            }
        }
        Some(None)
    }
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

#[cfg(test)]
mod tests;
