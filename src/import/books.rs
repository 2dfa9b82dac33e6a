//! Which book of a source goes with which document: titles compared by their letters
//! and digits (any script; case, punctuation and spacing ignored), as the Dice
//! coefficient of their character pairs, against the document's title and file name.
//! Pure.

use std::collections::HashMap;

use super::Book;

/// A document books may be matched to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub title: String,
    pub file_stem: String,
    pub author: Option<String>,
}

/// Below this, a book and a document are not taken for each other.
pub const MIN_SCORE: f64 = 0.5;

/// How well a book names a document, 0 to 1: the best of its title against the
/// document's title and file name (and, for a source that names its file, file names),
/// with a small bonus when the authors agree.
pub fn score(book: &Book, candidate: &Candidate) -> f64 {
    // A subtitle ("Title: How …") is often left out of a document's title.
    let main = main_title(&book.title);
    let mut best = [&candidate.title, &candidate.file_stem]
        .iter()
        .map(|name| similarity(&book.title, name).max(similarity(main, name)))
        .fold(0.0, f64::max);
    if let Some(path) = &book.url {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        best = best.max(similarity(stem, &candidate.file_stem));
    }
    let authors_agree = match (&book.author, &candidate.author) {
        (Some(a), Some(b)) => similarity(a, b) >= 0.6,
        _ => false,
    };
    if authors_agree {
        (best + 0.1).min(1.0)
    } else {
        best
    }
}

/// The title without its subtitle: what comes before `:`, ` - `, ` — ` or ` (`.
fn main_title(title: &str) -> &str {
    [":", "：", " - ", " — ", " – ", " ("]
        .iter()
        .filter_map(|mark| title.find(mark))
        .min()
        .map_or(title, |at| title[..at].trim())
}

/// The book a title given by the user (`--book`) names best, if it names any.
pub fn named<'b>(books: impl IntoIterator<Item = &'b Book>, title: &str) -> Option<usize> {
    books
        .into_iter()
        .enumerate()
        .map(|(index, book)| {
            let contains = fold(&book.title).contains(&fold(title));
            let score = similarity(&book.title, title) + if contains { 1.0 } else { 0.0 };
            (index, score)
        })
        .filter(|(_, score)| *score >= MIN_SCORE)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(index, _)| index)
}

/// Dice coefficient of the character pairs of the folded strings (a one-character
/// string counts as its one character).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (fold(a), fold(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let pairs = |s: &str| -> HashMap<(char, char), usize> {
        let chars: Vec<char> = s.chars().collect();
        let mut map = HashMap::new();
        if chars.len() == 1 {
            map.insert((chars[0], '\0'), 1);
        }
        for pair in chars.windows(2) {
            *map.entry((pair[0], pair[1])).or_insert(0) += 1;
        }
        map
    };
    let (pa, pb) = (pairs(&a), pairs(&b));
    let common: usize = pa
        .iter()
        .map(|(pair, n)| (*n).min(*pb.get(pair).unwrap_or(&0)))
        .sum();
    let total: usize = pa.values().sum::<usize>() + pb.values().sum::<usize>();
    2.0 * common as f64 / total as f64
}

fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(title: &str) -> Book {
        Book {
            title: title.into(),
            ..Book::default()
        }
    }

    fn candidate(title: &str, stem: &str) -> Candidate {
        Candidate {
            title: title.into(),
            file_stem: stem.into(),
            author: None,
        }
    }

    #[test]
    fn titles_match_across_case_punctuation_and_file_names() {
        let doc = candidate("Better Than Before", "better-than-before");
        assert!(
            score(
                &book("Better Than Before: Mastering the Habits of Our Everyday Lives"),
                &doc
            ) >= MIN_SCORE
        );
        assert!(score(&book("BETTER THAN BEFORE"), &doc) > 0.99);
        assert!(score(&book("Fiabe Italiane"), &doc) < MIN_SCORE);
        let zh = candidate("你一定要幸福", "x");
        assert!(score(&book("你一定要幸福 (刘瑜)"), &zh) >= MIN_SCORE);
    }

    #[test]
    fn a_koreader_path_names_its_file() {
        let mut b = book("source");
        b.url = Some("/mnt/onboard/x/essay.md".into());
        assert!(score(&b, &candidate("A Different Title", "essay")) > 0.99);
    }

    #[test]
    fn book_option_picks_by_containment_or_likeness() {
        let books = [
            book("Process Communication model® (Italian Edition)"),
            book("Fiabe Italiane"),
        ];
        assert_eq!(named(&books, "fiabe"), Some(1));
        assert_eq!(named(&books, "Process communication"), Some(0));
        assert_eq!(named(&books, "zzz"), None);
    }
}
