//! A read-only view of one TOML table of the config with its spans: entries in file
//! order, typed reads, and `Fault`s that point at the offending key or value. Knows
//! nothing about what the keys mean; the parser (`parse`, `palette`, `keymap`) does.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::error::{Problem, hint, shown};

/// A problem and the bytes of the config text it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fault {
    pub span: Range<usize>,
    pub problem: Problem,
}

pub(crate) type Parsed<T> = Result<T, Fault>;

/// One `key = value` of a table.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a, 'i> {
    pub key: &'a str,
    pub key_span: Range<usize>,
    pub value: &'a DeValue<'i>,
    pub value_span: Range<usize>,
}

/// A table and its dotted name ("reader", "keys.normal"; empty for the top level).
#[derive(Debug, Clone)]
pub(crate) struct Table<'a, 'i> {
    name: String,
    entries: Vec<Entry<'a, 'i>>,
}

impl<'a, 'i> Table<'a, 'i> {
    pub fn root(table: &'a DeTable<'i>) -> Self {
        Table::new(table, String::new())
    }

    fn new(table: &'a DeTable<'i>, name: String) -> Self {
        let mut entries: Vec<Entry<'a, 'i>> = table
            .iter()
            .map(|(key, value)| Entry {
                key: key.get_ref().as_ref(),
                key_span: key.span(),
                value: value.get_ref(),
                value_span: value.span(),
            })
            .collect();
        // toml's map is sorted by name; the file's order is what people wrote (and the
        // palette's cycling order), so restore it from the spans.
        entries.sort_by_key(|entry| entry.key_span.start);
        Table { name, entries }
    }

    /// "in [reader]", or "at the top level".
    pub fn place(&self) -> String {
        if self.name.is_empty() {
            "at the top level".to_string()
        } else {
            format!("in [{}]", shown(&self.name))
        }
    }

    pub fn entries(&self) -> &[Entry<'a, 'i>] {
        &self.entries
    }

    pub fn get(&self, key: &str) -> Option<&Entry<'a, 'i>> {
        self.entries.iter().find(|entry| entry.key == key)
    }

    /// Refuses any key not in `known`, naming the first such key (in file order).
    pub fn allow_only(&self, known: &[&str]) -> Parsed<()> {
        match self.entries.iter().find(|entry| !known.contains(&entry.key)) {
            None => Ok(()),
            Some(entry) => Err(Fault {
                span: entry.key_span.clone(),
                problem: Problem::UnknownKey {
                    key: shown(entry.key),
                    place: self.place(),
                    hint: hint(entry.key, known),
                },
            }),
        }
    }

    /// The sub-table under `key`, if present.
    pub fn table(&self, key: &str) -> Parsed<Option<Table<'a, 'i>>> {
        self.get(key).map(|entry| self.as_table(entry)).transpose()
    }

    pub fn as_table(&self, entry: &Entry<'a, 'i>) -> Parsed<Table<'a, 'i>> {
        match entry.value {
            DeValue::Table(table) => {
                let name = if self.name.is_empty() {
                    entry.key.to_string()
                } else {
                    format!("{}.{}", self.name, entry.key)
                };
                Ok(Table::new(table, name))
            }
            other => Err(self.wrong_type(entry, "a table", other)),
        }
    }

    pub fn as_integer(&self, entry: &Entry<'a, 'i>) -> Parsed<i64> {
        match entry.value {
            DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix())
                .map_err(|_| self.bad_value(entry, "is too large a number".to_string())),
            other => Err(self.wrong_type(entry, "an integer", other)),
        }
    }

    pub fn as_bool(&self, entry: &Entry<'a, 'i>) -> Parsed<bool> {
        match entry.value {
            DeValue::Boolean(value) => Ok(*value),
            other => Err(self.wrong_type(entry, "true or false", other)),
        }
    }

    pub fn as_str(&self, entry: &Entry<'a, 'i>) -> Parsed<&'a str> {
        match entry.value {
            DeValue::String(text) => Ok(text.as_ref()),
            other => Err(self.wrong_type(entry, "a string", other)),
        }
    }

    /// A string or an array of strings, each with its span.
    pub fn as_strings(&self, entry: &Entry<'a, 'i>) -> Parsed<Vec<(&'a str, Range<usize>)>> {
        const EXPECTED: &str = "a string or an array of strings";
        match entry.value {
            DeValue::String(text) => Ok(vec![(text.as_ref(), entry.value_span.clone())]),
            DeValue::Array(items) => items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::String(text) => Ok((text.as_ref(), item.span())),
                    other => Err(self.wrong_type_at(entry, item.span(), EXPECTED, other)),
                })
                .collect(),
            other => Err(self.wrong_type(entry, EXPECTED, other)),
        }
    }

    pub fn wrong_type(&self, entry: &Entry<'a, 'i>, expected: &'static str, found: &DeValue<'_>) -> Fault {
        self.wrong_type_at(entry, entry.value_span.clone(), expected, found)
    }

    fn wrong_type_at(
        &self,
        entry: &Entry<'a, 'i>,
        span: Range<usize>,
        expected: &'static str,
        found: &DeValue<'_>,
    ) -> Fault {
        Fault {
            span,
            problem: Problem::WrongType {
                key: shown(entry.key),
                place: self.place(),
                expected,
                found: a_type(found),
            },
        }
    }

    /// The value of `entry` is of the right type but not acceptable.
    pub fn bad_value(&self, entry: &Entry<'a, 'i>, reason: String) -> Fault {
        self.bad_value_at(entry, entry.value_span.clone(), reason)
    }

    /// Like `bad_value`, for one part of the value (an array item, a table key).
    pub fn bad_value_at(&self, entry: &Entry<'a, 'i>, span: Range<usize>, reason: String) -> Fault {
        Fault {
            span,
            problem: Problem::BadValue {
                key: shown(entry.key),
                place: self.place(),
                reason,
            },
        }
    }
}

/// The TOML type of a value, with its article, for messages.
fn a_type(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_come_in_file_order() {
        let text = "zebra = 1\napple = 2\nmango = 3\n";
        let parsed = DeTable::parse(text).unwrap();
        let table = Table::root(parsed.get_ref());
        let keys: Vec<&str> = table.entries().iter().map(|entry| entry.key).collect();
        assert_eq!(keys, ["zebra", "apple", "mango"]);
    }

    #[test]
    fn sub_tables_carry_their_dotted_name() {
        let text = "[keys.normal]\nquit = 'q'\n";
        let parsed = DeTable::parse(text).unwrap();
        let root = Table::root(parsed.get_ref());
        let keys = root.table("keys").unwrap().unwrap();
        let normal = keys.table("normal").unwrap().unwrap();
        assert_eq!(normal.place(), "in [keys.normal]");
        assert_eq!(root.place(), "at the top level");
    }

    #[test]
    fn type_mismatches_point_at_the_value() {
        let text = "[reader]\nmeasure = \"wide\"\n";
        let parsed = DeTable::parse(text).unwrap();
        let reader = Table::root(parsed.get_ref()).table("reader").unwrap().unwrap();
        let entry = reader.get("measure").unwrap();
        let fault = reader.as_integer(entry).unwrap_err();
        assert_eq!(&text[fault.span], "\"wide\"");
        assert_eq!(
            fault.problem.to_string(),
            "\"measure\" in [reader] must be an integer, not a string"
        );
    }

    #[test]
    fn strings_or_arrays_of_strings_are_both_accepted() {
        let text = "one = 'j'\nmany = ['j', 'down']\nbad = ['j', 3]\n";
        let parsed = DeTable::parse(text).unwrap();
        let root = Table::root(parsed.get_ref());
        let words = |key: &str| root.as_strings(root.get(key).unwrap());
        assert_eq!(words("one").unwrap().len(), 1);
        assert_eq!(words("many").unwrap().len(), 2);
        let fault = words("bad").unwrap_err();
        assert_eq!(&text[fault.span], "3");
    }
}
