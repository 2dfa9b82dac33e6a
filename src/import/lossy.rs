//! Bytes that are not UTF-8 in an import source: read as U+FFFD, and where they were
//! said by line (`BadBytes`); `Utf8Lossy` does so for a source read a piece at a time.

use std::io::{self, BufRead, Read};

use super::Parsed;

/// The lines where a source had bytes that are not UTF-8 (read as U+FFFD): the first
/// few are reported by line, the rest counted, so that a file in another encoding says
/// so without a report as long as itself.
#[derive(Debug, Default)]
pub(crate) struct BadBytes {
    lines: Vec<usize>,
    more: usize,
    last: Option<usize>,
}

impl BadBytes {
    const SHOWN: usize = 10;

    /// Notes the lines of `bytes`, the first of which is line `line`, that hold bytes
    /// that are not UTF-8. Returns how many line breaks `bytes` holds (as `line_breaks`
    /// counts them).
    pub(crate) fn note(&mut self, bytes: &[u8], mut line: usize) -> usize {
        let first = line;
        let mut at = 0;
        for chunk in bytes.utf8_chunks() {
            let end = at + chunk.valid().len();
            // A CR ending the valid part is a line end when the next byte is not an LF.
            line += line_breaks(&bytes[at..(end + 1).min(bytes.len())]);
            if !chunk.invalid().is_empty() {
                self.saw(line);
            }
            at = end + chunk.invalid().len();
        }
        line - first
    }

    /// Notes that line `line` had bytes that are not UTF-8.
    pub(crate) fn saw(&mut self, line: usize) {
        if self.last == Some(line) {
            return;
        }
        self.last = Some(line);
        if self.lines.len() < Self::SHOWN {
            self.lines.push(line);
        } else {
            self.more += 1;
        }
    }

    pub(crate) fn report(self, parsed: &mut Parsed) {
        for &line in &self.lines {
            parsed.problem(
                line,
                "bytes that are not UTF-8, read as \u{fffd} (is the file in another encoding?)",
            );
        }
        if self.more > 0 {
            let last = self.lines.last().copied().unwrap_or(0);
            parsed.problem(
                last,
                format!("and {} more lines with bytes that are not UTF-8", self.more),
            );
        }
    }
}

/// The line breaks in `bytes`: each LF, and each CR that an LF does not follow (a file
/// saved with CR-only line ends); a CR that ends `bytes` is not counted, as what follows
/// it is not known.
pub(crate) fn line_breaks(bytes: &[u8]) -> usize {
    let lf = bytes.iter().filter(|&&b| b == b'\n').count();
    let lone_cr = bytes
        .windows(2)
        .filter(|pair| pair[0] == b'\r' && pair[1] != b'\n')
        .count();
    lf + lone_cr
}

/// Reads `inner` with each sequence that is not UTF-8 replaced by U+FFFD, noting its
/// line in `bad`: what comes out is always UTF-8, whatever went in.
pub(crate) struct Utf8Lossy<R> {
    inner: R,
    /// Decoded bytes not yet read, from `at`.
    out: Vec<u8>,
    at: usize,
    /// The start of a character cut by the end of the last piece read.
    carry: Vec<u8>,
    line: usize,
    pub(crate) bad: BadBytes,
}

impl<R: BufRead> Utf8Lossy<R> {
    pub(crate) fn new(inner: R) -> Utf8Lossy<R> {
        Utf8Lossy {
            inner,
            out: Vec::new(),
            at: 0,
            carry: Vec::new(),
            line: 1,
            bad: BadBytes::default(),
        }
    }

    /// Decodes the next piece of `inner` into `out`; leaves it empty at the end.
    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.at = 0;
        let piece = self.inner.fill_buf()?;
        let end = piece.is_empty();
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(piece);
        let taken = piece.len();
        self.inner.consume(taken);
        let whole = if end {
            bytes.len()
        } else {
            whole_characters(&bytes)
        };
        self.carry = bytes[whole..].to_vec();
        for chunk in bytes[..whole].utf8_chunks() {
            self.out.extend_from_slice(chunk.valid().as_bytes());
            self.line += chunk.valid().bytes().filter(|&b| b == b'\n').count();
            if !chunk.invalid().is_empty() {
                self.out.extend_from_slice("\u{fffd}".as_bytes());
                self.bad.saw(self.line);
            }
        }
        if self.out.is_empty() && !end {
            // A piece of one or two bytes of a longer character: read on.
            return self.refill();
        }
        Ok(())
    }
}

/// How much of `bytes` ends on a character boundary: a multi-byte character begun in
/// the last three bytes and not finished is left for the next piece.
fn whole_characters(bytes: &[u8]) -> usize {
    let tail = bytes.len().saturating_sub(3);
    for at in (tail..bytes.len()).rev() {
        let byte = bytes[at];
        if byte & 0xC0 == 0x80 {
            continue;
        }
        let length = match byte {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 1,
        };
        return if at + length > bytes.len() {
            at
        } else {
            bytes.len()
        };
    }
    bytes.len()
}

impl<R: BufRead> Read for Utf8Lossy<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.out.len() {
            self.refill()?;
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read through pieces of every size, the text is what a whole-file lossy decoding
    /// gives, and each bad line is noted once.
    #[test]
    fn pieces_of_any_size_decode_as_the_whole_does() {
        let bytes = "a\u{e9}b\n\u{4e2d}\u{6587} \u{1f600}\n".as_bytes().to_vec();
        let mut damaged = bytes.clone();
        damaged.extend_from_slice(b"cut \xe4\xb8 here\n\xff\xfe twice\nend \xf0\x9f");
        for capacity in 1..12 {
            for source in [&bytes, &damaged] {
                let mut reader = Utf8Lossy::new(io::BufReader::with_capacity(capacity, &source[..]));
                let mut text = String::new();
                reader.read_to_string(&mut text).unwrap();
                assert_eq!(text, String::from_utf8_lossy(source), "capacity {capacity}");
                let mut parsed = Parsed::default();
                reader.bad.report(&mut parsed);
                let lines: Vec<usize> = parsed.problems.iter().map(|p| p.line).collect();
                let expected: &[usize] = if source == &bytes { &[] } else { &[3, 4, 5] };
                assert_eq!(lines, expected, "capacity {capacity}");
            }
        }
    }
}
