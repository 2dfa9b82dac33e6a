//! The literals of Lua data: quoted and long-bracket strings with every escape, and
//! numbers (decimal, hexadecimal with Lua's wrapping and binary exponents).

use std::io;

use super::{Key, Parser, Value};

impl<R: io::Read, K: FnMut(&[Key], &Key, Value) -> Option<Value>> Parser<R, K> {
    pub(super) fn quoted(&mut self) -> Option<String> {
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
    pub(super) fn long_bracket_level(&mut self) -> Option<usize> {
        if self.input.byte(0) != Some(b'[') {
            return None;
        }
        let mut level = 0;
        while self.input.byte(1 + level) == Some(b'=') {
            level += 1;
        }
        (self.input.byte(1 + level) == Some(b'[')).then_some(level)
    }

    pub(super) fn long_string(&mut self) -> Option<String> {
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

    pub(super) fn number(&mut self) -> Option<Value> {
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
