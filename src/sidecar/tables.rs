//! `Tables`: the text of a sidecar's `[[annotation]]` tables (each with the comments
//! above it), in id order. Tables as read are slices of the file's text, which is held
//! once and shared; only a table edited or added since is a string of its own. With
//! 100,000 annotations a copy of every table's text would be another 39 MB.

use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    /// The text the `Read` parts are ranges of.
    source: Arc<String>,
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
enum Part {
    Read(Range<usize>),
    Own(String),
}

impl Tables {
    /// Tables that are the `ranges` of `source`.
    pub fn of_source(source: Arc<String>, ranges: Vec<Range<usize>>) -> Tables {
        debug_assert!(ranges.iter().all(|range| source.get(range.clone()).is_some()));
        Tables {
            source,
            parts: ranges.into_iter().map(Part::Read).collect(),
        }
    }

    pub fn of_texts(texts: Vec<String>) -> Tables {
        Tables {
            source: Arc::default(),
            parts: texts.into_iter().map(Part::Own).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn get(&self, index: usize) -> Option<&str> {
        self.parts.get(index).map(|part| self.text(part))
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().map(|part| self.text(part))
    }

    pub fn insert(&mut self, index: usize, text: String) {
        self.parts.insert(index, Part::Own(text));
    }

    pub fn remove(&mut self, index: usize) {
        self.parts.remove(index);
    }

    /// The text of table `index`, to edit (it becomes a string of its own).
    pub fn edit(&mut self, index: usize) -> &mut String {
        let part = &mut self.parts[index];
        if let Part::Read(range) = part {
            *part = Part::Own(self.source[range.clone()].to_string());
        }
        match part {
            Part::Own(text) => text,
            Part::Read(_) => unreachable!("made its own just above"),
        }
    }

    fn text<'a>(&'a self, part: &'a Part) -> &'a str {
        match part {
            Part::Read(range) => &self.source[range.clone()],
            Part::Own(text) => text,
        }
    }
}

/// Tables are equal when their texts are, wherever the texts are held.
impl PartialEq for Tables {
    fn eq(&self, other: &Tables) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::ops::Index<usize> for Tables {
    type Output = str;

    fn index(&self, index: usize) -> &str {
        self.text(&self.parts[index])
    }
}

impl FromIterator<String> for Tables {
    fn from_iter<I: IntoIterator<Item = String>>(texts: I) -> Tables {
        Tables::of_texts(texts.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_tables_are_slices_until_edited() {
        let source = Arc::new("[[a]]\nx = 1\n[[a]]\nx = 2\n".to_string());
        let mut tables = Tables::of_source(Arc::clone(&source), vec![0..12, 12..24]);
        assert_eq!(
            tables.iter().collect::<Vec<_>>(),
            ["[[a]]\nx = 1\n", "[[a]]\nx = 2\n"]
        );
        tables.edit(1).push_str("# edited\n");
        tables.insert(0, "[[a]]\nx = 0\n".to_string());
        tables.remove(1);
        assert_eq!(tables.len(), 2);
        assert_eq!(tables.get(0), Some("[[a]]\nx = 0\n"));
        assert_eq!(tables.get(1), Some("[[a]]\nx = 2\n# edited\n"));
        assert_eq!(tables.get(2), None);
        assert_eq!(
            source.as_str(),
            "[[a]]\nx = 1\n[[a]]\nx = 2\n",
            "the source is never changed"
        );
    }
}
