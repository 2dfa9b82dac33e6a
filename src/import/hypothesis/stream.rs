//! A JSON source walked as it is parsed: each annotation of a list (Hypothesis `rows`,
//! a W3C page's `items`, a top-level array, margent's `annotations`) is taken as a value
//! of its own, turned into an item and let go, so that a large file is never held whole
//! as JSON values. What a container's other keys say (a margent export's title, a
//! collection's label) is applied when it ends, whatever the order of its keys. A file
//! cut short or damaged gives the annotations read before the damage.

use std::fmt;
use std::io::Read;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{margent_book, margent_item, read_w3c};
use crate::import::{Book, Item, Parsed};

/// Parses the JSON read from `source` (with no byte-order mark).
pub fn parse_reader(source: impl Read) -> Parsed {
    let mut top = Container::default();
    let mut json = serde_json::Deserializer::from_reader(std::io::BufReader::new(source));
    let read = Walk(&mut top).deserialize(&mut json).and_then(|()| json.end());
    let mut parsed = Parsed::default();
    if let Err(err) = &read {
        let read = top.items.item_count() + top.margent.len();
        let before = match read {
            0 => String::new(),
            1 => " (the annotation before it read)".to_string(),
            n => format!(" ({n} annotations before it read)"),
        };
        parsed.problem(err.line(), format!("not valid JSON: {err}{before}"));
    }
    if read.is_ok() || top.is_list {
        top.finish(&mut parsed);
    }
    parsed
}

/// What one JSON object or array gave as it was read.
#[derive(Default)]
struct Container {
    /// Items of its lists of annotations (rows, items, a nested page), their books as
    /// the annotations name them.
    items: Parsed,
    /// The annotations of an `annotations` list (margent's export) before its book is known.
    margent: Vec<Item>,
    /// Its keys whose values are not lists of annotations, as read.
    fields: Map<String, Value>,
    /// An array, or an object with a list of annotations.
    is_list: bool,
}

impl Container {
    /// Puts what was read into `parsed`, as the container's kind says.
    fn finish(mut self, parsed: &mut Parsed) {
        let field = |name: &str| self.fields.get(name).and_then(Value::as_str);
        if field("format") == Some("margent-export") {
            if !self.is_list {
                parsed.problem(0, "a margent export without annotations");
            }
            let book = margent_book(&self.fields);
            for item in self.margent {
                parsed.push(&book, item);
            }
            parsed.problems.append(&mut self.items.problems);
            return;
        }
        if self.is_list {
            // A collection's label names the book of annotations that name none.
            let label = (field("type") == Some("AnnotationCollection"))
                .then(|| field("label").unwrap_or("").to_string());
            for group in self.items.books {
                let book = match &label {
                    Some(label) if group.book.title.is_empty() => Book {
                        title: label.clone(),
                        ..group.book
                    },
                    _ => group.book,
                };
                for item in group.items {
                    parsed.push(&book, item);
                }
            }
            parsed.skipped += self.items.skipped;
            parsed.problems.append(&mut self.items.problems);
            return;
        }
        if self.fields.is_empty() {
            parsed.problem(0, "a value that is not an annotation");
        } else {
            read_w3c(&Value::Object(self.fields), &Book::default(), parsed);
        }
    }
}

/// Reads a JSON value into a `Container`.
struct Walk<'a>(&'a mut Container);

seeds_itself!(Walk);

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("annotations")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.0.is_list = true;
        List {
            container: self.0,
            margent: false,
        }
        .visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let container = self.0;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "rows" | "items" | "annotations" => {
                    container.is_list = true;
                    map.next_value_seed(List {
                        margent: key == "annotations",
                        container: &mut *container,
                    })?;
                }
                "first" => {
                    let mut page = Container::default();
                    // What a page cut short gave is kept.
                    let read = map.next_value_seed(Walk(&mut page));
                    container.is_list |= page.is_list;
                    let items = &mut container.items;
                    for group in page.items.books {
                        for item in group.items {
                            items.push(&group.book, item);
                        }
                    }
                    items.skipped += page.items.skipped;
                    items.problems.append(&mut page.items.problems);
                    read?;
                }
                _ => {
                    let value: Value = map.next_value()?;
                    container.fields.insert(key, value);
                }
            }
        }
        Ok(())
    }

    passes_over_scalars!();
}

/// Reads a list of annotations one at a time into a `Container`; anything that is not a
/// list is passed over.
struct List<'a> {
    container: &'a mut Container,
    /// margent's own `annotations`, read as its export writes them.
    margent: bool,
}

seeds_itself!(List);

impl<'de> Visitor<'de> for List<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list of annotations")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(value) = seq.next_element::<Value>()? {
            if self.margent {
                match margent_item(&value, index) {
                    Ok(item) => self.container.margent.push(item),
                    Err(message) => self.container.items.problem(0, message),
                }
            } else {
                read_w3c(&value, &Book::default(), &mut self.container.items);
            }
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
        Ok(())
    }
    passes_over_scalars!();
}
