//! Knowing a document by its text (DESIGN §1.8): the blake3 hash of the normalised text,
//! and a hash per paragraph so that a document whose text changed a little since it
//! moved is still recognised. Paragraphs are runs of non-blank lines (a line opening
//! with an ideographic space starts one too, as Chinese texts mark them), whitespace
//! folded; short ones (a heading, "* * *") say too little and are left out.

use unicode_width::UnicodeWidthStr;

use crate::document::Document;

/// Fewest display columns a paragraph needs to count (a CJK character counts two).
const MIN_PARAGRAPH_COLS: usize = 24;
/// Most paragraph hashes kept per document (the first ones).
pub const MAX_PARAGRAPHS: usize = 2000;
/// Most paragraphs looked at: a text that repeats itself (a 50 MB file of one novel
/// copied over and over) would otherwise be folded whole for its few distinct ones.
const MAX_LOOKED_AT: usize = 4 * MAX_PARAGRAPHS;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// `blake3:<hex>` of the normalised text, as sidecars store it.
    pub content_hash: String,
    /// Distinct paragraph hashes, in text order.
    pub paragraphs: Vec<i64>,
}

impl Fingerprint {
    pub fn of(doc: &Document) -> Fingerprint {
        Fingerprint {
            content_hash: doc.content_hash(),
            paragraphs: paragraph_hashes(doc.text()),
        }
    }

    /// Whether `shared` paragraphs in common make two texts of `ours` and `theirs`
    /// paragraphs the same document: at least two, and 60% of the larger.
    pub fn near(shared: usize, ours: usize, theirs: usize) -> bool {
        shared >= 2 && shared * 5 >= ours.max(theirs) * 3
    }
}

pub fn paragraph_hashes(text: &str) -> Vec<i64> {
    let mut hashes = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut paragraph = String::new();
    let mut looked_at = 0;
    let mut finish = |paragraph: &mut String, hashes: &mut Vec<i64>| {
        let folded = super::text::fold(paragraph);
        paragraph.clear();
        if folded.width() >= MIN_PARAGRAPH_COLS && hashes.len() < MAX_PARAGRAPHS {
            let hash = blake3::hash(folded.as_bytes());
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(&hash.as_bytes()[..8]);
            let value = i64::from_le_bytes(bytes);
            if seen.insert(value) {
                hashes.push(value);
            }
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('\u{3000}') {
            looked_at += usize::from(!paragraph.trim().is_empty());
            finish(&mut paragraph, &mut hashes);
            if hashes.len() >= MAX_PARAGRAPHS || looked_at >= MAX_LOOKED_AT {
                return hashes;
            }
        }
        paragraph.push_str(line);
        paragraph.push('\n');
    }
    finish(&mut paragraph, &mut hashes);
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_changes_one_paragraph_hash_and_rewrapping_none() {
        let a = "First paragraph with enough words in it.\n\nSecond paragraph, also long enough here.\n\nThird one is long enough too, surely.\n";
        let rewrapped = a.replace("enough words", "enough\nwords");
        let edited = a.replace("Third one", "The third one");
        let (pa, pr, pe) = (
            paragraph_hashes(a),
            paragraph_hashes(&rewrapped),
            paragraph_hashes(&edited),
        );
        assert_eq!(pa.len(), 3);
        assert_eq!(pa, pr);
        assert_eq!(pa.iter().filter(|h| pe.contains(h)).count(), 2);
        assert!(Fingerprint::near(2, 3, 3));
        assert!(!Fingerprint::near(1, 3, 3));
        assert!(!Fingerprint::near(2, 3, 10));
    }

    #[test]
    fn a_text_that_repeats_itself_is_not_read_to_its_end() {
        let repeated = "A paragraph long enough to count, said again and again.\n\n".repeat(MAX_LOOKED_AT);
        let late = format!("{repeated}A paragraph that comes only after all the repeats.\n");
        assert_eq!(paragraph_hashes(&late).len(), 1);
        let early = format!("A paragraph that comes before all the repeats, once.\n\n{repeated}");
        assert_eq!(paragraph_hashes(&early).len(), 2);
    }

    #[test]
    fn chinese_paragraphs_are_marked_by_an_ideographic_space() {
        let text = "　　第一段的文字足夠長，這裡還有更多的字來湊數。\n　　第二段的文字也足夠長，這裡還有更多的字來湊數。\n";
        assert_eq!(paragraph_hashes(text).len(), 2);
    }
}
