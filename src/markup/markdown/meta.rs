//! A Markdown article's title and author, as it states them: its front matter (YAML
//! `title:`/`author:`, TOML `title =`/`authors = [...]`), a block of JSON metadata
//! opening it (as web clippers save articles), else its first level-one heading, with
//! its inline markup left out. Pure.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::detect::front_matter;

/// Bytes of the body looked at for a heading.
const HEAD_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stated {
    pub title: Option<String>,
    pub author: Option<String>,
    /// Where the body starts (after the front matter).
    pub body_start: usize,
}

pub fn stated(text: &str) -> Stated {
    let mut stated = Stated::default();
    if let Some(range) = front_matter(text) {
        stated.body_start = range.end;
        let fields = &text[range];
        stated.title = field(fields, &["title"]);
        stated.author = field(fields, &["author", "authors"]);
    }
    let body = &text[stated.body_start..];
    if stated.title.is_none()
        && let Some((title, author)) = json_block(body)
    {
        stated.title = title;
        stated.author = stated.author.or(author);
    }
    if stated.title.is_none() {
        stated.title = first_heading(body);
    }
    stated
}

/// The value of the first top-level key among `names` in front matter: `key: value`
/// (YAML, a list on the lines below it too) or `key = value` (TOML); quotes taken off,
/// list items joined with commas.
fn field(fields: &str, names: &[&str]) -> Option<String> {
    let mut lines = fields.lines().skip(1).peekable();
    while let Some(line) = lines.next() {
        let Some((key, value)) = line.split_once([':', '=']) else {
            continue;
        };
        if line.starts_with(char::is_whitespace) || !names.contains(&key.trim().to_lowercase().as_str()) {
            continue;
        }
        let mut value = value.trim().to_string();
        if value.is_empty() {
            // A YAML list below the key: `- name` lines.
            let mut items = Vec::new();
            while let Some(item) = lines.peek().and_then(|l| l.trim_start().strip_prefix("- ")) {
                items.push(item.to_string());
                lines.next();
            }
            value = items.join(", ");
        }
        let value = list_or_scalar(&value);
        return Some(value).filter(|v| !v.is_empty());
    }
    None
}

/// `["a", "b"]` as `a, b`; `"a"` or `'a'` as `a`; a YAML comment after a bare value left
/// out; control characters and runs of spaces never kept.
fn list_or_scalar(value: &str) -> String {
    let value = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        Some(items) => items.split(',').map(unquote).collect::<Vec<_>>().join(", "),
        None => unquote(value),
    };
    clean(&value)
}

fn unquote(value: &str) -> String {
    let value = value.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote).and_then(|v| v.strip_suffix(quote)) {
            return inner.to_string();
        }
    }
    value.split(" #").next().unwrap_or(value).trim().to_string()
}

fn clean(value: &str) -> String {
    value
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A fenced JSON block opening the body, with `title` (and `author`) strings in it.
fn json_block(body: &str) -> Option<(Option<String>, Option<String>)> {
    let rest = body.trim_start().strip_prefix("```json")?;
    let rest = rest.strip_prefix('\n').or_else(|| rest.strip_prefix("\r\n"))?;
    let end = rest.find("\n```")?;
    let value: serde_json::Value = serde_json::from_str(&rest[..end]).ok()?;
    let text = |key: &str| value.get(key)?.as_str().map(clean).filter(|v| !v.is_empty());
    let title = text("title")?;
    Some((Some(title), text("author")))
}

/// The text of the first level-one heading (`# …` or underlined with `===`).
fn first_heading(body: &str) -> Option<String> {
    let head = &body[..crate::text::floor_char_boundary(body, body.len().min(HEAD_BYTES))];
    let mut heading: Option<String> = None;
    for event in Parser::new(head) {
        match (&mut heading, event) {
            (
                None,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }),
            ) => heading = Some(String::new()),
            (Some(text), Event::Text(t) | Event::Code(t)) => text.push_str(&t),
            (Some(text), Event::SoftBreak | Event::HardBreak) => text.push(' '),
            (Some(text), Event::End(TagEnd::Heading(_))) => {
                let title = clean(text);
                if !title.is_empty() {
                    return Some(title);
                }
                heading = None;
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_names_the_title_and_author() {
        let text = "---\ntitle: \"Gitの中身\"\nemoji: x\nauthor: Kai # the writer\n---\n\n# Other\n";
        let stated = stated(text);
        assert_eq!(stated.title.as_deref(), Some("Gitの中身"));
        assert_eq!(stated.author.as_deref(), Some("Kai"));
        assert_eq!(&text[stated.body_start..], "\n# Other\n");
    }

    #[test]
    fn toml_front_matter_and_lists_of_authors() {
        let text = "+++\npath = \"x\"\ntitle = 'Checking cfgs'\nauthors = [\"Urgau\", \"Ana\"]\n\n[extra]\nteam = \"t\"\n+++\nBody\n";
        let stated = stated(text);
        assert_eq!(stated.title.as_deref(), Some("Checking cfgs"));
        assert_eq!(stated.author.as_deref(), Some("Urgau, Ana"));
        let yaml = super::stated("---\ntitle: T\nauthors:\n  - One\n  - Two\n---\n");
        assert_eq!(yaml.author.as_deref(), Some("One, Two"));
    }

    #[test]
    fn a_json_block_opening_the_article() {
        let text = "```json\n{\n  \"title\": \"The iPhone 16e\",\n  \"author\": \"John\\u0007 Gruber\"\n}\n```\n\nText\n";
        let stated = stated(text);
        assert_eq!(stated.title.as_deref(), Some("The iPhone 16e"));
        assert_eq!(
            stated.author.as_deref(),
            Some("John Gruber"),
            "no control character kept"
        );
    }

    #[test]
    fn else_the_first_level_one_heading_without_its_markup() {
        assert_eq!(
            stated("Intro\n\n## Section\n\n# The **real** `title` [here](http://x)\n")
                .title
                .as_deref(),
            Some("The real title here")
        );
        assert_eq!(
            stated("The Title\n=========\n\nText\n").title.as_deref(),
            Some("The Title")
        );
        assert_eq!(stated("---\ndate: 2024\n---\n\n## Only sections\n").title, None);
        assert_eq!(stated("---\ntitle:\n---\n").title, None, "an empty title is none");
    }
}
