//! One-line prompts on the status line: the editing keys they share, and the tag
//! prompt (space-separated tags, with quick keys from the config). The search prompt
//! is `search::SearchPrompt`.

use std::collections::BTreeMap;

use crate::keys::{KeyName, KeySpec};

use super::editor::{Target, Writing};

/// A line being typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
}

/// What an editing key did to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    Changed,
    Unchanged,
    /// Backspace on an empty line (a search prompt closes).
    EmptiedAlready,
}

impl LineInput {
    /// Backspace, ctrl-u (clear) and typed characters.
    pub fn edit(&mut self, key: KeySpec) -> Edited {
        match (key.name, key.ctrl) {
            (KeyName::Backspace, _) => match self.text.pop() {
                Some(_) => Edited::Changed,
                None => Edited::EmptiedAlready,
            },
            (KeyName::Char('u'), true) => {
                self.text.clear();
                Edited::Changed
            }
            (KeyName::Char(c), false) if !c.is_control() => {
                self.text.push(c);
                Edited::Changed
            }
            _ => Edited::Unchanged,
        }
    }
}

/// Typing tags for a selection (a new review mark) or an annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPrompt {
    pub input: LineInput,
    pub target: Target,
}

impl TagPrompt {
    pub fn new(tags: &[String], target: Target) -> TagPrompt {
        TagPrompt {
            input: LineInput { text: tags.join(" ") },
            target,
        }
    }

    /// A key: enter saves, esc (ctrl-c, ctrl-g) closes; a quick key with `Alt`
    /// (`alt-1`) adds its whole tag. A key without `Alt` is always typed as itself, so
    /// that a tag may begin with a digit (`2024`).
    pub fn key(&mut self, key: KeySpec, quick: &BTreeMap<char, String>) -> Writing {
        let text = &mut self.input.text;
        match (key.name, key.ctrl) {
            (KeyName::Enter, _) => return Writing::Save,
            (KeyName::Esc, _) | (KeyName::Char('c' | 'g'), true) => return Writing::Close(""),
            (KeyName::Char(c), false) if key.alt => {
                if let Some(tag) = quick.get(&c) {
                    if !text.is_empty() && !text.ends_with(' ') {
                        text.push(' ');
                    }
                    text.push_str(tag);
                    text.push(' ');
                }
            }
            (KeyName::Char(c), false) if !c.is_control() => text.push(c),
            (KeyName::Backspace, _) | (KeyName::Char('u'), true) => {
                self.input.edit(key);
            }
            _ => {}
        }
        Writing::Typing
    }

    pub fn paste(&mut self, text: &str) {
        self.input.text.push_str(&text.replace(['\n', '\r', '\t'], " "));
    }

    /// The tags typed: cleaned for one line, each once, in order.
    pub fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        for tag in self
            .input
            .text
            .split_whitespace()
            .map(|t| crate::sanitize::inline(t).into_owned())
        {
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        tags
    }
}
