//! Which format a source is in, from its content (`--from` overrides). Pure.

use super::kindle_meta::parse_meta;
use super::without_bom;

/// The source formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Kindle,
    Koreader,
    Hypothesis,
    W3c,
    Json,
    Readwise,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Kindle => "kindle",
            Format::Koreader => "koreader",
            Format::Hypothesis => "hypothesis",
            Format::W3c => "w3c",
            Format::Json => "json",
            Format::Readwise => "readwise",
        }
    }
}

/// The format `text` looks like, or `None`.
pub fn detect(text: &str) -> Option<Format> {
    let text = without_bom(text).trim_start();
    let head: String = text.chars().take(4096).collect();
    if head.starts_with('{') || head.starts_with('[') {
        return Some(if head.contains("\"margent-export\"") {
            Format::Json
        } else if head.contains("\"rows\"") || head.contains("\"uri\"") {
            Format::Hypothesis
        } else if (head.contains("\"annotations\"") && head.contains("\"pos0\""))
            || (head.contains("\"entries\"") && !head.contains("\"@context\""))
        {
            // KOReader's own sidecar as JSON, or its exporter's JSON.
            Format::Koreader
        } else {
            Format::W3c
        });
    }
    if head.starts_with("--") || head.starts_with("return") || head.contains("\n  [\"") {
        return Some(Format::Koreader);
    }
    // Lines end in LF, CRLF or (an old Mac editor's) CR alone.
    let mut lines = head.split(['\r', '\n']);
    let first_line = lines.clone().next().unwrap_or("").to_ascii_lowercase();
    if first_line.contains("highlight") && first_line.contains(',') {
        return Some(Format::Readwise);
    }
    // A separator, or (a file of one entry cut short) an entry's metadata line.
    let kindle = |line: &str| {
        line.trim_end() == "=========="
            || (line.starts_with("- ") && parse_meta(line).is_some_and(|meta| meta.added.is_some()))
    };
    if lines.any(kindle) {
        return Some(Format::Kindle);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_is_told_by_its_content() {
        let kindle =
            "\u{feff}Book (A)\r\n- Your Highlight on Location 1-2 | Added on x\r\n\r\nq\r\n==========\r\n";
        assert_eq!(detect(kindle), Some(Format::Kindle));
        assert_eq!(detect(&kindle.replace("\r\n", "\r")), Some(Format::Kindle));
        let cut_entry = "Book (A)\n- Your Highlight on page 3 | Location 40-41 | Added on Monday, 1 May 2023 10:00:00\n\nq";
        assert_eq!(detect(cut_entry), Some(Format::Kindle));
        assert_eq!(detect("Notes\n- a list | of things\n- and more"), None);
        assert_eq!(
            detect("-- we can read Lua metadata\nreturn {\n  [\"x\"] = 1,\n}\n"),
            Some(Format::Koreader)
        );
        assert_eq!(detect("{\"total\": 1, \"rows\": []}"), Some(Format::Hypothesis));
        assert_eq!(
            detect("{\"@context\": \"http://www.w3.org/ns/anno.jsonld\"}"),
            Some(Format::W3c)
        );
        assert_eq!(detect("{\"format\": \"margent-export\"}"), Some(Format::Json));
        let exported = "{\"title\": \"B\", \"entries\": [{\"text\": \"q\", \"time\": 1}]}";
        assert_eq!(detect(exported), Some(Format::Koreader));
        assert_eq!(detect(&format!("[{exported}]")), Some(Format::Koreader));
        assert_eq!(
            detect("Highlight,Book Title,Book Author\r\nx,y,z\r\n"),
            Some(Format::Readwise)
        );
        assert_eq!(detect("just some text"), None);
    }
}
