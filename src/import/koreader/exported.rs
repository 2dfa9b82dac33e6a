//! The JSON of KOReader's exporter plugin, walked as it is parsed: one book
//! `{title, author, file, entries: [...]}`, or several (`{documents: [...]}` or an array
//! of books). Each entry is read into the few fields used as it comes, so a large file
//! is never held whole, and a file cut short or damaged gives the entries before the
//! damage. A field of another type than expected is passed over.

use std::fmt;
use std::io;

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

use super::{Book, Parsed, item};

/// Parses the exporter JSON read from `source` (UTF-8, with no byte-order mark).
pub fn parse(source: impl io::Read) -> Parsed {
    let mut read = Read::default();
    let mut json = serde_json::Deserializer::from_reader(source);
    let outcome = Top(&mut read).deserialize(&mut json).and_then(|()| json.end());
    let mut parsed = Parsed::default();
    if let Err(err) = &outcome {
        let before = match read.entry_count() {
            0 => String::new(),
            1 => " (the entry before it read)".to_string(),
            n => format!(" ({n} entries before it read)"),
        };
        parsed.problem(err.line(), format!("not valid JSON: {err}{before}"));
    }
    read.finish(&mut parsed);
    parsed
}

/// What the file gave as it was read.
#[derive(Default)]
struct Read {
    /// The top object's own book fields (a file of one book).
    top: Exported,
    /// The books of a top-level array or of `documents`.
    documents: Vec<Exported>,
}

impl Read {
    fn entry_count(&self) -> usize {
        let top = self.top.entries.as_ref().map_or(0, Vec::len);
        top + self
            .documents
            .iter()
            .map(|book| book.entries.as_ref().map_or(0, Vec::len))
            .sum::<usize>()
    }

    fn finish(self, parsed: &mut Parsed) {
        let top_is_book = self.top.entries.is_some() || self.documents.is_empty();
        let books = top_is_book.then_some(self.top).into_iter().chain(self.documents);
        for exported in books {
            let book = Book {
                title: exported.title.unwrap_or_default(),
                author: exported.author,
                url: exported.file,
            };
            let Some(entries) = exported.entries else {
                parsed.problem(0, format!("a book without entries: {:?}", book.title));
                continue;
            };
            for entry in entries {
                entry.push_into(&book, parsed);
            }
        }
    }
}

/// One book's fields, as read so far.
#[derive(Default)]
struct Exported {
    title: Option<String>,
    author: Option<String>,
    file: Option<String>,
    entries: Option<Vec<Entry>>,
}

impl Exported {
    /// Reads the value of the book's field `key` from `map`.
    fn read_field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
        match key {
            "title" => self.title = text_of(map.next_value()?),
            "author" => self.author = text_of(map.next_value()?),
            "file" => self.file = text_of(map.next_value()?),
            "entries" => map.next_value_seed(Entries(self.entries.get_or_insert_with(Vec::new)))?,
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// An entry's fields used.
struct Entry {
    text: Option<String>,
    note: Option<String>,
    page: Option<Json>,
    time: Option<i64>,
    color: Option<String>,
}

impl Entry {
    fn of(mut value: Json) -> Entry {
        let mut take = |name: &str| value.get_mut(name).map(Json::take);
        Entry {
            text: text_of(take("text").unwrap_or_default()),
            note: text_of(take("note").unwrap_or_default()),
            page: take("page").filter(|page| !page.is_null()),
            time: take("time").and_then(|time| time.as_i64()),
            color: text_of(take("color").unwrap_or_default()),
        }
    }

    fn push_into(self, book: &Book, parsed: &mut Parsed) {
        let text = self.text.unwrap_or_default();
        if text.trim().is_empty() {
            parsed.skipped += 1;
            return;
        }
        let page = self.page.map(|page| page.to_string()).unwrap_or_default();
        let place = format!("{}\0{page}\0{}", book.title, self.time.unwrap_or(0));
        let mut item = item(&place, &text, &self.note.unwrap_or_default());
        item.color = self.color;
        item.created = self.time.and_then(|t| jiff::Timestamp::from_second(t).ok());
        item.modified = item.created;
        parsed.push(book, item);
    }
}

/// A JSON value's text, if it is a string.
fn text_of(value: Json) -> Option<String> {
    match value {
        Json::String(text) => Some(text),
        _ => None,
    }
}

/// The top of the file: an array of books, or an object that is a book or holds them
/// under `documents`.
struct Top<'a>(&'a mut Read);

seeds_itself!(Top);

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an exported book or a list of them")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        Books(&mut self.0.documents).visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "documents" {
                map.next_value_seed(Books(&mut self.0.documents))?;
            } else {
                self.0.top.read_field(&key, &mut map)?;
            }
        }
        Ok(())
    }

    passes_over_scalars!();
}

/// A list of books, each added as it begins so that what it gave survives a cut.
struct Books<'a>(&'a mut Vec<Exported>);

seeds_itself!(Books);

impl<'de> Visitor<'de> for Books<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list of exported books")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            self.0.push(Exported::default());
            let book = self.0.last_mut().expect("just pushed");
            if seq.next_element_seed(OneBook(book))?.is_none() {
                self.0.pop();
                return Ok(());
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }

    passes_over_scalars!();
}

/// One book of a list.
struct OneBook<'a>(&'a mut Exported);

seeds_itself!(OneBook);

impl<'de> Visitor<'de> for OneBook<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an exported book")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            self.0.read_field(&key, &mut map)?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    passes_over_scalars!();
}

/// A book's entries, each kept as it is read.
struct Entries<'a>(&'a mut Vec<Entry>);

seeds_itself!(Entries);

impl<'de> Visitor<'de> for Entries<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list of entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<Json>()? {
            self.0.push(Entry::of(value));
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }

    passes_over_scalars!();
}
