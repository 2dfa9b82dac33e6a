//! A reader for Lua **data**: the `return { … }` table constructors KOReader writes in
//! its `metadata.*.lua` sidecars. Strings (all escapes, long brackets), numbers, `true`,
//! `false`, `nil` and nested tables; comments. Nothing is ever executed: a name used as
//! a value, a call, an operator or a statement is refused as code. A file cut short or
//! damaged gives what was read before the fault, with the fault's line. Pure.

use std::collections::BTreeMap;
use std::io;

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

/// The bytes of a reader, read a piece at a time, looked at a few bytes ahead.
struct Input<R> {
    reader: R,
    buf: Vec<u8>,
    /// The next byte's place in `buf`.
    at: usize,
    end: bool,
    failed: Option<io::Error>,
}

/// Bytes read from the reader at a time.
const PIECE: usize = 64 * 1024;

impl<R: io::Read> Input<R> {
    /// The byte `ahead` bytes past the next one.
    fn byte(&mut self, ahead: usize) -> Option<u8> {
        while self.at + ahead >= self.buf.len() && !self.end {
            self.refill();
        }
        self.buf.get(self.at + ahead).copied()
    }

    fn refill(&mut self) {
        self.buf.drain(..self.at);
        self.at = 0;
        let old = self.buf.len();
        self.buf.resize(old + PIECE, 0);
        loop {
            match self.reader.read(&mut self.buf[old..]) {
                Ok(read) => {
                    self.buf.truncate(old + read);
                    self.end = read == 0;
                    return;
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => {
                    self.buf.truncate(old);
                    self.failed = Some(err);
                    self.end = true;
                    return;
                }
            }
        }
    }
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

    fn quoted(&mut self) -> Option<String> {
        let quote = self.bump()?;
        let mut out: Vec<u8> = Vec::new();
        loop {
            match self.bump() {
                None => {
                    self.fail("the file ends inside a string");
                    return None;
                }
                Some(b'\n' | b'\r') => {
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
                let digits = [self.input.byte(0), self.input.byte(1)];
                let value = match digits {
                    [Some(high), Some(low)] => hex_digit(high).zip(hex_digit(low)),
                    _ => None,
                };
                let Some((high, low)) = value else {
                    self.fail("a bad \\x escape");
                    return None;
                };
                self.input.at += 2;
                out.push(high * 16 + low);
            }
            b'u' => {
                // `{`, at most eight hexadecimal digits, `}`.
                let mut code: u32 = 0;
                let mut digits = 0;
                let mut closed = false;
                if self.input.byte(0) == Some(b'{') {
                    while let Some(byte) = self.input.byte(1 + digits) {
                        if byte == b'}' {
                            closed = digits > 0;
                            break;
                        }
                        match hex_digit(byte) {
                            Some(digit) if digits < 8 => code = code * 16 + u32::from(digit),
                            _ => break,
                        }
                        digits += 1;
                    }
                }
                let Some(c) = char::from_u32(code).filter(|_| closed) else {
                    self.fail("a bad \\u{…} escape");
                    return None;
                };
                self.input.at += digits + 2;
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
    fn long_bracket_level(&mut self) -> Option<usize> {
        if self.input.byte(0) != Some(b'[') {
            return None;
        }
        let mut level = 0;
        while self.input.byte(1 + level) == Some(b'=') {
            level += 1;
        }
        (self.input.byte(1 + level) == Some(b'[')).then_some(level)
    }

    fn long_string(&mut self) -> Option<String> {
        let level = self.long_bracket_level()?;
        self.input.at += level + 2;
        // A line break right after the opening bracket is not part of the string.
        self.eat(b'\r');
        self.eat(b'\n');
        let mut close = vec![b']'];
        close.extend(std::iter::repeat_n(b'=', level));
        close.push(b']');
        let mut out = Vec::new();
        while !out.ends_with(&close) {
            let Some(byte) = self.bump() else {
                self.fail("the file ends inside a long string");
                return None;
            };
            out.push(byte);
        }
        out.truncate(out.len() - close.len());
        Some(String::from_utf8_lossy(&out).into_owned())
    }

    fn number(&mut self) -> Option<Value> {
        let negative = self.eat(b'-');
        if negative {
            self.skip_space();
        }
        let hex = self.input.byte(0) == Some(b'0') && matches!(self.input.byte(1), Some(b'x' | b'X'));
        let mut text = String::new();
        while let Some(byte) = self.peek() {
            let after_exponent = match text.as_bytes().last() {
                Some(b'p' | b'P') => true,
                Some(b'e' | b'E') => !hex,
                _ => false,
            };
            if byte.is_ascii_alphanumeric() || byte == b'.' || (matches!(byte, b'+' | b'-') && after_exponent)
            {
                text.push(char::from(byte));
                self.bump();
            } else {
                break;
            }
        }
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

fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
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
