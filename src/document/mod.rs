//! The document: a file's normalised text with its encoding, title and the machinery
//! to find paragraphs lazily around any position. No terminal code.

pub mod blocks;
pub mod decode;
pub mod heading;
pub mod lines;
pub mod location;
pub mod numbered;
pub mod outline;
pub mod parts;
#[cfg(test)]
mod sample_lines;
pub mod style;
pub mod title;
pub mod utf16;
pub mod wrap_guess;

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use encoding_rs::Encoding;

pub use blocks::{Block, BlockKind, Segmenter};
pub use decode::NotText;
pub use style::TextStyle;

use crate::files;
use crate::markup::Markup;
use crate::markup::search::SearchText;
use crate::text::charindex::CharIndex;

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin,
}

#[derive(Debug)]
pub struct Document {
    text: String,
    chars: CharIndex,
    style: TextStyle,
    meta: title::Metadata,
    encoding: &'static str,
    had_errors: bool,
    source: Source,
    /// The markup the text is written in (§1.9); `Plain` with `--plain`.
    markup: Markup,
    /// The text search matches, made on the first search.
    search: OnceLock<SearchText>,
    /// `content_hash`, computed once: opening a document asks for it several times
    /// (its reading position, its sidecar, its library record), and a large text takes
    /// milliseconds to hash.
    hash: OnceLock<String>,
    /// For a preview of a large file's start: (bytes of the file it was read from,
    /// bytes of the whole file).
    preview_of: Option<(usize, u64)>,
}

/// Why a document could not be opened; displays as one line naming the file.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{}: is a directory, not a text file", path.display())]
    Directory { path: PathBuf },
    #[error("{}: {source}", path.display())]
    NotText { path: PathBuf, source: NotText },
}

impl Document {
    /// Builds a document from text that is already decoded (normalises line ends).
    pub fn from_text(text: &str, source: Source) -> Document {
        let text = decode::normalise_newlines(text.strip_prefix('\u{feff}').unwrap_or(text)).into_owned();
        Self::build(text, "UTF-8", false, source)
    }

    pub fn from_bytes(
        bytes: Vec<u8>,
        forced: Option<&'static Encoding>,
        source: Source,
    ) -> Result<Document, NotText> {
        let decoded = decode::decode(bytes, forced)?;
        Ok(Self::build(
            decoded.text,
            decoded.encoding,
            decoded.had_errors,
            source,
        ))
    }

    pub fn open(path: &Path, forced: Option<&'static Encoding>) -> Result<Document, OpenError> {
        const UTF8_BOM: &[u8] = "\u{feff}".as_bytes();
        let read = files::read_regular_without(path, files::MAX_DOCUMENT_BYTES, UTF8_BOM);
        let (bytes, had_bom) = read.map_err(|source| {
            if source.kind() == io::ErrorKind::IsADirectory {
                OpenError::Directory {
                    path: path.to_path_buf(),
                }
            } else {
                OpenError::Read {
                    path: path.to_path_buf(),
                    source,
                }
            }
        })?;
        let not_text = |source| OpenError::NotText {
            path: path.to_path_buf(),
            source,
        };
        if had_bom && forced.is_none_or(|encoding| encoding == encoding_rs::UTF_8) {
            let decoded = decode::decode_utf8_after_bom(bytes).map_err(not_text)?;
            let source = Source::File(path.to_path_buf());
            return Ok(Self::build(
                decoded.text,
                decoded.encoding,
                decoded.had_errors,
                source,
            ));
        }
        let mut bytes = bytes;
        if had_bom {
            bytes.splice(0..0, UTF8_BOM.iter().copied());
        }
        Self::from_bytes(bytes, forced, Source::File(path.to_path_buf())).map_err(not_text)
    }

    /// Standard input. Data that is not text is refused after its first bytes, so
    /// `margent - < /dev/zero` ends at once; and never more than the document limit.
    pub fn read_stdin(forced: Option<&'static Encoding>) -> Result<Document, OpenError> {
        const PROBE_BYTES: u64 = 64 * 1024;
        let read_error = |source| OpenError::Read {
            path: PathBuf::from("-"),
            source,
        };
        let not_text = |source| OpenError::NotText {
            path: PathBuf::from("-"),
            source,
        };
        let mut stdin = io::stdin().lock();
        let mut bytes = Vec::new();
        (&mut stdin)
            .take(PROBE_BYTES)
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        if bytes.len() as u64 == PROBE_BYTES {
            decode::decode(bytes.clone(), forced).map_err(not_text)?;
            let rest =
                files::read_at_most(stdin, files::MAX_DOCUMENT_BYTES - PROBE_BYTES).map_err(read_error)?;
            bytes.extend_from_slice(&rest);
        }
        Self::from_bytes(bytes, forced, Source::Stdin).map_err(not_text)
    }

    fn build(text: String, encoding: &'static str, had_errors: bool, source: Source) -> Document {
        let path = match &source {
            Source::File(path) => Some(path.as_path()),
            Source::Stdin => None,
        };
        let markup = Markup::detect_in(&text, path);
        let mut style = TextStyle::detect(&text);
        if matches!(markup, Markup::Aozora(_) | Markup::Markdown(_)) {
            // In Aozora Bunko notation a line is a paragraph: never hard-wrapped; Markdown
            // says itself which lines are one paragraph (`Segmenter::with_markdown`).
            style.wrap_cols = None;
        }
        Document {
            chars: CharIndex::new(&text),
            style,
            meta: if matches!(markup, Markup::Markdown(_)) {
                title::detect_markdown(&text)
            } else {
                title::detect(&text)
            },
            markup,
            search: OnceLock::new(),
            hash: OnceLock::new(),
            text,
            encoding,
            had_errors,
            source,
            preview_of: None,
        }
    }

    /// Marks this document as the first `read` bytes of a file of `total` bytes.
    pub fn preview_of(mut self, read: usize, total: u64) -> Document {
        self.preview_of = Some((read, total));
        self
    }

    /// This document as the end of a file whose start `head` is (shown when the end is
    /// asked for before the whole file is read): its title is the head's.
    pub fn tail_of(mut self, head: &Document) -> Document {
        self.meta = head.meta.clone();
        self
    }

    /// Whether this is the start of a file still being read.
    pub fn is_preview(&self) -> bool {
        self.preview_of.is_some()
    }

    /// [`Document::content_end`], and for a preview an estimate of the whole file's,
    /// scaled by its size, so that the time left does not jump when the rest arrives.
    pub fn estimated_content_end(&self) -> usize {
        let end = self.content_end();
        match self.preview_of {
            Some((read, total)) if read > 0 && total > read as u64 => {
                let scaled = end as u128 * u128::from(total) / read as u128;
                usize::try_from(scaled).unwrap_or(usize::MAX)
            }
            _ => end,
        }
    }

    /// The normalised text (DESIGN §1.3): every offset in margent points into it.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn chars(&self) -> &CharIndex {
        &self.chars
    }

    pub fn len_chars(&self) -> usize {
        self.chars.len_chars()
    }

    /// Char offset just after the last character that is not whitespace: where the
    /// reading ends (trailing blank lines are not text left to read).
    pub fn content_end(&self) -> usize {
        self.char_at(self.text.trim_end().len())
    }

    /// Char offset of a byte offset (which must be on a char boundary).
    pub fn char_at(&self, byte: usize) -> usize {
        self.chars.char_at(&self.text, byte)
    }

    /// Byte offset of a char offset (clamped to the end).
    pub fn byte_at(&self, char_offset: usize) -> usize {
        self.chars.byte_at(&self.text, char_offset)
    }

    pub fn markup(&self) -> &Markup {
        &self.markup
    }

    /// Shows the text as written (`--plain`): no markup is typeset.
    pub fn set_plain(&mut self) {
        self.markup = Markup::Plain;
        self.search = OnceLock::new();
    }

    /// The text search and quotes match: the displayed text, mapped back to the source.
    pub fn search_text(&self) -> &SearchText {
        self.search
            .get_or_init(|| SearchText::new(&self.text, &self.markup))
    }

    pub fn style(&self) -> TextStyle {
        self.style
    }

    pub fn segmenter(&self) -> Segmenter<'_> {
        let segmenter = Segmenter::new(&self.text, self.style);
        match &self.markup {
            Markup::Markdown(context) => segmenter.with_markdown(context),
            _ => segmenter,
        }
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The file name shown to people and stored in the sidecar ("-" for stdin).
    pub fn file_name(&self) -> String {
        match &self.source {
            Source::File(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            ),
            Source::Stdin => "-".to_string(),
        }
    }

    /// The detected title, else the file name without its extension.
    pub fn title(&self) -> String {
        if let Some(title) = &self.meta.title {
            return title.clone();
        }
        match &self.source {
            Source::File(path) => path
                .file_stem()
                .map_or_else(|| self.file_name(), |stem| stem.to_string_lossy().into_owned()),
            Source::Stdin => "(standard input)".to_string(),
        }
    }

    pub fn author(&self) -> Option<&str> {
        self.meta.author.as_deref()
    }

    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    /// Some bytes were invalid in the detected encoding and became U+FFFD.
    pub fn had_decode_errors(&self) -> bool {
        self.had_errors
    }

    /// A reading speed for the "time left" estimate, from the mix of scripts at the
    /// start of the text: about 230 words a minute for alphabetic text (~1,200 chars
    /// with spaces), about 400 characters a minute for Chinese, Japanese and Korean.
    pub fn chars_per_minute(&self) -> u32 {
        let sample =
            &self.text[..crate::text::floor_char_boundary(&self.text, self.text.len().min(64 * 1024))];
        let (mut cjk, mut total) = (0u32, 0u32);
        // Read before the first screen: ASCII bytes, most of most texts, are counted
        // without decoding them.
        for (i, b) in sample.bytes().enumerate() {
            if b < 0x80 {
                total += u32::from(!matches!(b, b' ' | b'\t'..=b'\r'));
            } else if b >= 0xc0
                && let Some(c) = sample[i..].chars().next()
                && !c.is_whitespace()
            {
                total += 1;
                cjk += u32::from(crate::text::class::is_cjk_wide(c) || crate::text::class::is_hangul(c));
            }
        }
        if total == 0 {
            return 1200;
        }
        let share = f64::from(cjk) / f64::from(total);
        (share * 400.0 + (1.0 - share) * 1200.0).round() as u32
    }

    /// `blake3:<hex>` of the normalised text, as stored in the sidecar.
    pub fn content_hash(&self) -> String {
        self.hash
            .get_or_init(|| format!("blake3:{}", blake3::hash(self.text.as_bytes()).to_hex()))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_error_names_the_path() {
        let err = Document::open(Path::new("/no/such/file.txt"), None).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("/no/such/file.txt: cannot read"), "{message}");
    }

    #[test]
    fn directory_is_refused() {
        let err = Document::open(Path::new("."), None).unwrap_err();
        assert!(err.to_string().contains("is a directory"));
    }

    #[test]
    fn title_falls_back_to_the_file_stem() {
        let doc = Document::from_text(
            "某君昆仲，今隱其名，皆餘昔日在中學時良友；分隔多年，消息漸闕。日前偶聞其一大病；適歸故鄉，迂道往訪，則僅晤一人。",
            Source::File("狂人日記.txt".into()),
        );
        assert_eq!(doc.title(), "狂人日記");
        assert_eq!(doc.file_name(), "狂人日記.txt");
    }

    #[test]
    fn a_preview_estimates_where_the_whole_file_ends() {
        let head = "word ".repeat(200);
        let whole = head.repeat(25);
        let preview = Document::from_text(&head, Source::Stdin).preview_of(head.len(), whole.len() as u64);
        let full = Document::from_text(&whole, Source::Stdin);
        let (estimate, actual) = (preview.estimated_content_end(), full.estimated_content_end());
        assert!(estimate.abs_diff(actual) <= 25, "{estimate} vs {actual}");
        assert_eq!(full.estimated_content_end(), full.content_end());
    }

    #[test]
    fn reading_speed_depends_on_the_script() {
        assert_eq!(
            Document::from_text("Plain English words.", Source::Stdin).chars_per_minute(),
            1200
        );
        assert_eq!(
            Document::from_text("中文的句子。", Source::Stdin).chars_per_minute(),
            400
        );
        // Half the chars that are not spaces (ASCII or not) are CJK or Hangul.
        let mixed = "中文 ab\u{3000}한국\u{a0}cd\t\n\u{2003}é 字";
        assert_eq!(
            Document::from_text(mixed, Source::Stdin).chars_per_minute(),
            1200 - 800 * 5 / 10
        );
    }

    #[test]
    fn offsets_convert_both_ways() {
        let doc = Document::from_text("\u{feff}a中\r\nb", Source::Stdin);
        assert_eq!(doc.text(), "a中\nb");
        assert_eq!(doc.char_at(4), 2);
        assert_eq!(doc.byte_at(3), 5);
        assert_eq!(doc.len_chars(), 4);
        assert!(doc.content_hash().starts_with("blake3:"));
    }

    /// A file's UTF-8 byte-order mark is left out as it is read (a forced legacy
    /// encoding reads it as it reads every byte); CRLF and CR become LF.
    #[test]
    fn a_file_with_a_byte_order_mark_opens_as_its_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bom.txt");
        std::fs::write(&path, b"\xef\xbb\xbfa\xe4\xb8\xad\r\nb\rc").unwrap();
        let doc = Document::open(&path, None).unwrap();
        assert_eq!((doc.text(), doc.encoding()), ("a中\nb\nc", "UTF-8"));
        let forced = Document::open(&path, Some(encoding_rs::UTF_8)).unwrap();
        assert_eq!(forced.text(), "a中\nb\nc");
        let latin = Document::open(&path, Some(encoding_rs::WINDOWS_1252)).unwrap();
        assert_eq!(latin.text(), "ï»¿aä¸\u{AD}\nb\nc");
    }
}
