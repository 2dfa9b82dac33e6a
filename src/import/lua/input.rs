//! The bytes the Lua reader reads: a reader's, a piece at a time, looked at a few
//! bytes ahead.

use std::io;

/// The bytes of a reader, read a piece at a time, looked at a few bytes ahead.
pub(super) struct Input<R> {
    pub(super) reader: R,
    pub(super) buf: Vec<u8>,
    /// The next byte's place in `buf`.
    pub(super) at: usize,
    pub(super) end: bool,
    pub(super) failed: Option<io::Error>,
}

/// Bytes read from the reader at a time.
const PIECE: usize = 64 * 1024;

impl<R: io::Read> Input<R> {
    /// The byte `ahead` bytes past the next one.
    pub(super) fn byte(&mut self, ahead: usize) -> Option<u8> {
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
