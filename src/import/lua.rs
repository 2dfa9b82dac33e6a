//! A reader for Lua **data**: the `return { … }` table constructors KOReader writes in
//! its `metadata.*.lua` sidecars. Strings (all escapes, long brackets), numbers, `true`,
//! `false`, `nil` and nested tables; comments. Nothing is ever executed: a name used as
//! a value, a call, an operator or a statement is refused as code. A file cut short or
//! damaged gives what was read before the fault, with the fault's line. Pure.

use std::collections::BTreeMap;

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
    let mut parser = Parser {
        src: source.strip_prefix('\u{feff}').unwrap_or(source).as_bytes(),
        at: 0,
        line: 1,
        error: None,
    };
    parser.skip_space();
    if !parser.eat_word("return") {
        parser.fail_code("expected `return { … }`: statements are code, not data");
        return parser.finish(None);
    }
    let value = parser.value(0);
    if parser.error.is_none() {
        parser.skip_space();
        parser.eat(b';');
        parser.skip_space();
        if parser.at < parser.src.len() {
            parser.fail_code("something follows the returned value: code, not data");
        }
    }
    parser.finish(value)
}

struct Parser<'s> {
    src: &'s [u8],
    at: usize,
    line: usize,
    error: Option<LuaError>,
}

impl Parser<'_> {
    fn finish(self, value: Option<Value>) -> Read {
        Read {
            value,
            error: self.error,
        }
    }

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

    fn peek(&self) -> Option<u8> {
        self.src.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        if byte == b'\n' {
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
        let end = self.at + word.len();
        let follows_name = self.src.get(end).is_some_and(|b| is_name_byte(*b));
        if self.src.get(self.at..end) == Some(word.as_bytes()) && !follows_name {
            self.at = end;
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
                Some(b'-') if self.src.get(self.at + 1) == Some(&b'-') => {
                    self.at += 2;
                    if self.long_bracket_level().is_some() {
                        let _ = self.long_string();
                    } else {
                        while let Some(byte) = self.peek() {
                            if byte == b'\n' {
                                break;
                            }
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
            Some(b'(' | b'.' | b':' | b'+' | b'*' | b'/' | b'^' | b'%')
        ) {
            self.fail_code("an expression or a call: code, not data");
            return None;
        }
        if self.peek() == Some(b'-') {
            self.fail_code("an expression or a call: code, not data");
            return None;
        }
        Some(value)
    }

    /// A table constructor; on a fault, the fields read so far.
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
            let Some(value) = self.value(depth) else {
                return table;
            };
            if value != Value::Nil {
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
            let start = self.at;
            let mut end = start;
            while self.src.get(end).is_some_and(|b| is_name_byte(*b)) {
                end += 1;
            }
            let name = String::from_utf8_lossy(&self.src[start..end]).into_owned();
            let mut after = end;
            while self.src.get(after).is_some_and(|b| b.is_ascii_whitespace()) {
                after += 1;
            }
            let is_assignment = self.src.get(after) == Some(&b'=') && self.src.get(after + 1) != Some(&b'=');
            if is_assignment && !matches!(name.as_str(), "true" | "false" | "nil") {
                while self.at < after + 1 {
                    self.bump();
                }
                return Some(Some(Key::Str(name)));
            }
        }
        Some(None)
    }

    fn quoted(&mut self) -> Option<String> {
        let quote = self.bump()?;
        let mut out: Vec<u8> = Vec::new();
        loop {
            match self.bump() {
                None => {
                    self.fail("the file ends inside a string");
                    return None;
                }
                Some(b'\n') => {
                    self.fail("a line break inside a quoted string");
                    return None;
                }
                Some(byte) if byte == quote => break,
                Some(b'\\') => self.escape(&mut out)?,
                Some(byte) => out.push(byte),
            }
        }
        Some(String::from_utf8_lossy(&out).into_owned())
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Option<()> {
        let Some(byte) = self.bump() else {
            self.fail("the file ends inside a string");
            return None;
        };
        match byte {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'v' => out.push(0x0b),
            b'\\' | b'"' | b'\'' | b'\n' => out.push(byte),
            b'\r' => {
                self.eat(b'\n');
                out.push(b'\n');
            }
            b'z' => {
                while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
                    self.bump();
                }
            }
            b'x' => {
                let hex = self
                    .src
                    .get(self.at..self.at + 2)
                    .and_then(|h| std::str::from_utf8(h).ok());
                let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) else {
                    self.fail("a bad \\x escape");
                    return None;
                };
                self.at += 2;
                out.push(value);
            }
            b'u' => {
                let rest = &self.src[self.at..];
                let close = rest.iter().position(|b| *b == b'}');
                let code = close
                    .filter(|_| rest.first() == Some(&b'{'))
                    .and_then(|close| std::str::from_utf8(&rest[1..close]).ok())
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .and_then(char::from_u32);
                let (Some(c), Some(close)) = (code, close) else {
                    self.fail("a bad \\u{…} escape");
                    return None;
                };
                self.at += close + 1;
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
            b'0'..=b'9' => {
                let mut value = u32::from(byte - b'0');
                for _ in 0..2 {
                    match self.peek() {
                        Some(digit @ b'0'..=b'9') => {
                            value = value * 10 + u32::from(digit - b'0');
                            self.bump();
                        }
                        _ => break,
                    }
                }
                let Ok(value) = u8::try_from(value) else {
                    self.fail("a decimal escape past 255");
                    return None;
                };
                out.push(value);
            }
            _ => {
                self.fail("an unknown escape in a string");
                return None;
            }
        }
        Some(())
    }

    /// At `[[` or `[=…=[`: the number of `=`.
    fn long_bracket_level(&self) -> Option<usize> {
        let rest = self.src.get(self.at..)?;
        if rest.first() != Some(&b'[') {
            return None;
        }
        let level = rest[1..].iter().take_while(|b| **b == b'=').count();
        (rest.get(1 + level) == Some(&b'[')).then_some(level)
    }

    fn long_string(&mut self) -> Option<String> {
        let level = self.long_bracket_level()?;
        for _ in 0..level + 2 {
            self.bump();
        }
        // A line break right after the opening bracket is not part of the string.
        self.eat(b'\r');
        self.eat(b'\n');
        let mut close = vec![b']'];
        close.extend(std::iter::repeat_n(b'=', level));
        close.push(b']');
        let start = self.at;
        let Some(found) = memchr::memmem::find(&self.src[start..], &close) else {
            self.fail("the file ends inside a long string");
            return None;
        };
        while self.at < start + found + close.len() {
            self.bump();
        }
        Some(String::from_utf8_lossy(&self.src[start..start + found]).into_owned())
    }

    fn number(&mut self) -> Option<Value> {
        let negative = self.eat(b'-');
        if negative {
            self.skip_space();
        }
        let start = self.at;
        let hex = self
            .src
            .get(start..start + 2)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"0x"));
        while let Some(byte) = self.peek() {
            let exponent_sign = matches!(byte, b'+' | b'-')
                && self.at > start
                && matches!(self.src[self.at - 1], b'e' | b'E' | b'p' | b'P')
                && !(hex && matches!(self.src[self.at - 1], b'e' | b'E'));
            if byte.is_ascii_alphanumeric() || byte == b'.' || exponent_sign {
                self.bump();
            } else {
                break;
            }
        }
        let text = std::str::from_utf8(&self.src[start..self.at]).unwrap_or("");
        let sign: i32 = if negative { -1 } else { 1 };
        let value = if hex {
            hex_number(&text[2..]).map(|value| match value {
                Value::Int(n) => Value::Int(n.wrapping_mul(i64::from(sign))),
                Value::Float(x) => Value::Float(f64::from(sign) * x),
                other => other,
            })
        } else if let Ok(n) = text.parse::<i64>() {
            Some(Value::Int(i64::from(sign) * n))
        } else {
            text.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() || text.contains(['e', 'E']))
                .map(|x| Value::Float(f64::from(sign) * x))
        };
        if value.is_none() {
            if text.is_empty() {
                self.fail_code("an expression or a call: code, not data");
            } else {
                self.fail(format!("not a number: {text:?}"));
            }
        }
        value
    }
}

/// The digits of a hexadecimal numeral after its `0x`, as Lua reads them: an integer
/// (wrapping around past 64 bits, as Lua's do), or with a fraction or a binary
/// exponent (`0x1p4`, `0xA.8`, `0x.1P-2`) a float.
fn hex_number(digits: &str) -> Option<Value> {
    let (mantissa, exponent) = match digits.find(['p', 'P']) {
        Some(at) => (&digits[..at], Some(digits[at + 1..].parse::<i32>().ok()?)),
        None => (digits, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let value_of = |digit: char| digit.to_digit(16);
    if exponent.is_none() && !mantissa.contains('.') {
        let mut n: u64 = 0;
        for digit in whole.chars() {
            n = n.wrapping_mul(16).wrapping_add(u64::from(value_of(digit)?));
        }
        return Some(Value::Int(n as i64));
    }
    let mut x = 0.0f64;
    for digit in whole.chars() {
        x = x * 16.0 + f64::from(value_of(digit)?);
    }
    let mut scale = 1.0 / 16.0;
    for digit in fraction.chars() {
        x += f64::from(value_of(digit)?) * scale;
        scale /= 16.0;
    }
    Some(Value::Float(x * 2f64.powi(exponent.unwrap_or(0))))
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

#[cfg(test)]
mod tests;
