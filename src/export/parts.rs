//! `Parts`: an export's text made a piece at a time and handed on whenever it is long
//! enough, so that an export of 100,000 annotations is never held whole (the JSON of
//! one was 79 MB, twice its sidecar). Pure: where the parts go is the caller's.

use std::io;

/// Where an export's text goes, a part at a time.
pub type Sink<'a> = &'a mut dyn FnMut(&str) -> io::Result<()>;

/// Text is handed on once it is this long.
const PART_BYTES: usize = 1 << 20;

pub struct Parts<'a> {
    text: String,
    sink: Sink<'a>,
}

impl<'a> Parts<'a> {
    pub fn new(sink: Sink<'a>) -> Parts<'a> {
        Parts {
            text: String::new(),
            sink,
        }
    }

    /// The text being made, to add to.
    pub fn text(&mut self) -> &mut String {
        &mut self.text
    }

    /// Hands the text on if it is long enough: called between pieces (annotations).
    pub fn pass(&mut self) -> io::Result<()> {
        if self.text.len() >= PART_BYTES {
            (self.sink)(&self.text)?;
            self.text.clear();
        }
        Ok(())
    }

    /// Hands on what is left.
    pub fn finish(self) -> io::Result<()> {
        (self.sink)(&self.text)
    }
}

/// Everything `write` hands on, joined: an export as one string.
pub fn joined(write: impl FnOnce(Sink<'_>) -> io::Result<()>) -> String {
    let mut out = String::new();
    // Appending to a string cannot fail.
    let _ = write(&mut |part: &str| {
        out.push_str(part);
        Ok(())
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_handed_on_in_long_parts_and_all_of_it_at_the_end() {
        let mut handed: Vec<usize> = Vec::new();
        let mut sink = |part: &str| {
            handed.push(part.len());
            Ok(())
        };
        let mut parts = Parts::new(&mut sink);
        for _ in 0..3 {
            parts.text().push_str(&"x".repeat(PART_BYTES / 2 + 1));
            parts.pass().unwrap();
        }
        parts.text().push_str("end");
        parts.finish().unwrap();
        assert_eq!(handed, [PART_BYTES + 2, PART_BYTES / 2 + 4]);
        let joined = joined(|sink| {
            sink("a")?;
            sink("b")
        });
        assert_eq!(joined, "ab");
    }
}
