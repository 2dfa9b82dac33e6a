//! Key bindings from `[keys.normal]`, `[keys.select]`, `[keys.list]`, `[keys.help]`,
//! `[keys.contents]` and `[keys.library]`, resolved against the defaults of `crate::keys`: a config entry for an action replaces that action's keys, other
//! actions keep theirs, and a key the config gives to one action is taken away from
//! any other action that had it by default. serde reads the actions (`Action`'s
//! names) and keys (`KeySpec`); the checks here need their spans: one key for two
//! actions, and a normal mode left with no key for `quit`. Terminal-independent.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use toml::Spanned;

use crate::keys::{Action, KeyMode, KeySpec, default_bindings};

use super::error::Fault;

/// The resolved bindings of one mode, in help order: the defaults' order, then actions
/// the config adds, in the file's order. An action may end up with no keys.
pub type Bindings = Vec<(Action, Vec<KeySpec>)>;

/// The key bindings of every mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeysConfig {
    modes: BTreeMap<KeyMode, Bindings>,
}

impl Default for KeysConfig {
    fn default() -> Self {
        KeysConfig {
            modes: KeyMode::ALL
                .into_iter()
                .map(|mode| (mode, defaults(mode)))
                .collect(),
        }
    }
}

impl KeysConfig {
    /// Every action with at least one key, in help order.
    pub fn bindings(&self, mode: KeyMode) -> Bindings {
        self.mode(mode)
            .iter()
            .filter(|(_, keys)| !keys.is_empty())
            .cloned()
            .collect()
    }

    /// What each key does in `mode`.
    pub fn keymap(&self, mode: KeyMode) -> HashMap<KeySpec, Action> {
        let mut keymap = HashMap::new();
        for (action, keys) in self.mode(mode) {
            for key in keys {
                keymap.insert(*key, *action);
            }
        }
        keymap
    }

    fn mode(&self, mode: KeyMode) -> &Bindings {
        &self.modes[&mode]
    }
}

fn defaults(mode: KeyMode) -> Bindings {
    default_bindings(mode)
        .into_iter()
        .map(|(action, keys)| (action, keys.iter().filter_map(|key| key.parse().ok()).collect()))
        .collect()
}

/// `[keys]` as written.
#[derive(Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields, expecting = "a table")]
pub(crate) struct KeysFile {
    normal: Option<ModeFile>,
    select: Option<ModeFile>,
    list: Option<ModeFile>,
    help: Option<ModeFile>,
    contents: Option<ModeFile>,
    library: Option<ModeFile>,
}

/// One mode's table: `action = "key"` or `action = ["key", …]`.
type ModeFile = BTreeMap<Spanned<Action>, Spanned<KeyList>>;

impl KeysFile {
    pub(crate) fn resolve(self) -> Result<KeysConfig, Fault> {
        let mut keys = KeysConfig::default();
        let files = [
            (KeyMode::Normal, self.normal),
            (KeyMode::Select, self.select),
            (KeyMode::List, self.list),
            (KeyMode::Help, self.help),
            (KeyMode::Contents, self.contents),
            (KeyMode::Library, self.library),
        ];
        for (mode, file) in files {
            let Some(entries) = file.map(entries) else {
                continue;
            };
            let resolved = resolve(defaults(mode), overrides(&entries)?);
            if mode == KeyMode::Normal {
                check_quit(&resolved, &entries)?;
            }
            keys.modes.insert(mode, resolved);
        }
        Ok(keys)
    }
}

struct Entry {
    action: Action,
    /// The whole value, `[…]` or `"…"`.
    span: Range<usize>,
    keys: Vec<Spanned<KeySpec>>,
}

/// A mode's entries in file order (toml hands keys out sorted by name).
fn entries(mode: ModeFile) -> Vec<Entry> {
    let mut entries: Vec<(usize, Entry)> = mode
        .into_iter()
        .map(|(action, keys)| {
            let span = keys.span();
            let keys = match keys.into_inner() {
                KeyList::One(key) => vec![Spanned::new(span.clone(), key)],
                KeyList::Many(keys) => keys,
            };
            (
                action.span().start,
                Entry {
                    action: *action.get_ref(),
                    span,
                    keys,
                },
            )
        })
        .collect();
    entries.sort_by_key(|(action_at, _)| *action_at);
    entries.into_iter().map(|(_, entry)| entry).collect()
}

/// The config's entries of one mode as bindings. One key may not be given to two actions.
fn overrides(entries: &[Entry]) -> Result<Bindings, Fault> {
    let mut bound: HashMap<KeySpec, Action> = HashMap::new();
    let mut overrides = Bindings::new();
    for entry in entries {
        let mut keys = Vec::new();
        for spanned in &entry.keys {
            let key = *spanned.get_ref();
            match bound.insert(key, entry.action) {
                Some(other) if other != entry.action => {
                    let reason = format!("key \"{key}\" is already bound to \"{}\"", other.name());
                    return Err(Fault::bad_value(spanned.span(), reason));
                }
                _ => {}
            }
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        overrides.push((entry.action, keys));
    }
    Ok(overrides)
}

/// A reader whose normal mode has no key for `quit` cannot be left: refuse the entry
/// that empties it, or else the last one that takes one of its default keys.
fn check_quit(resolved: &Bindings, entries: &[Entry]) -> Result<(), Fault> {
    if resolved
        .iter()
        .any(|(action, keys)| *action == Action::Quit && !keys.is_empty())
    {
        return Ok(());
    }
    if let Some(quit) = entries.iter().find(|entry| entry.action == Action::Quit) {
        let reason = "must keep at least one key, or nothing ends the reader";
        return Err(Fault::bad_value(quit.span.clone(), reason.to_string()));
    }
    let by_default = KeysConfig::default().keymap(KeyMode::Normal);
    let mut taken = entries.iter().flat_map(|entry| &entry.keys);
    match taken.rfind(|key| by_default.get(key.get_ref()) == Some(&Action::Quit)) {
        Some(key) => Err(Fault::bad_value(
            key.span(),
            format!(
                "takes \"{}\", the last key of \"quit\"; give \"quit\" another key, \
                 or nothing ends the reader",
                key.get_ref()
            ),
        )),
        None => Ok(()),
    }
}

/// One key, or an array of keys each with its span.
enum KeyList {
    One(KeySpec),
    Many(Vec<Spanned<KeySpec>>),
}

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyListVisitor)
    }
}

struct KeyListVisitor;

impl<'de> Visitor<'de> for KeyListVisitor {
    type Value = KeyList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or an array of strings")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<KeyList, E> {
        text.parse().map(KeyList::One).map_err(E::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<KeyList, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = items.next_element()? {
            keys.push(key);
        }
        Ok(KeyList::Many(keys))
    }
}

/// Applies the config's entries to the defaults (see the module comment).
fn resolve(mut bindings: Bindings, overrides: Bindings) -> Bindings {
    let taken: Vec<KeySpec> = overrides
        .iter()
        .flat_map(|(_, keys)| keys.iter().copied())
        .collect();
    for (action, keys) in &mut bindings {
        if !overrides.iter().any(|(overridden, _)| overridden == action) {
            keys.retain(|key| !taken.contains(key));
        }
    }
    for (action, keys) in overrides {
        match bindings.iter_mut().find(|(existing, _)| *existing == action) {
            Some((_, existing)) => *existing = keys,
            None => bindings.push((action, keys)),
        }
    }
    bindings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> KeySpec {
        text.parse().unwrap()
    }

    #[test]
    fn defaults_match_the_keys_module() {
        let keys = KeysConfig::default();
        for mode in KeyMode::ALL {
            let expected = default_bindings(mode);
            let resolved = keys.bindings(mode);
            assert_eq!(resolved.len(), expected.len());
            for ((action, specs), (expected_action, texts)) in resolved.iter().zip(&expected) {
                assert_eq!(action, expected_action);
                assert_eq!(specs.len(), texts.len(), "{}", action.name());
            }
        }
        assert_eq!(keys.keymap(KeyMode::Normal)[&key("q")], Action::Quit);
        assert_eq!(keys.keymap(KeyMode::Select)[&key("enter")], Action::Highlight);
    }

    #[test]
    fn an_entry_replaces_only_that_actions_keys() {
        let resolved = resolve(
            defaults(KeyMode::Normal),
            vec![(Action::ScrollDown, vec![key("ctrl-j")])],
        );
        let scroll_down = resolved.iter().find(|(a, _)| *a == Action::ScrollDown).unwrap();
        assert_eq!(scroll_down.1, [key("ctrl-j")]);
        let scroll_up = resolved.iter().find(|(a, _)| *a == Action::ScrollUp).unwrap();
        assert_eq!(scroll_up.1.len(), 4, "other actions keep their defaults");
    }

    #[test]
    fn a_key_given_to_another_action_leaves_its_default_action() {
        let resolved = resolve(defaults(KeyMode::Normal), vec![(Action::Quit, vec![key("x")])]);
        let status = resolved.iter().find(|(a, _)| *a == Action::ToggleStatus).unwrap();
        assert!(status.1.is_empty(), "x belonged to toggle_status");
        let mut keys = KeysConfig::default();
        keys.modes.insert(KeyMode::Normal, resolved);
        assert_eq!(keys.keymap(KeyMode::Normal)[&key("x")], Action::Quit);
        assert!(
            !keys.keymap(KeyMode::Normal).contains_key(&key("q")),
            "q was replaced"
        );
        assert!(
            !keys
                .bindings(KeyMode::Normal)
                .iter()
                .any(|(a, _)| *a == Action::ToggleStatus),
            "an action without keys is left out of the help"
        );
    }

    #[test]
    fn an_action_new_to_a_mode_is_added_at_the_end() {
        let resolved = resolve(defaults(KeyMode::Select), vec![(Action::Quit, vec![key("Q")])]);
        assert_eq!(resolved.last().unwrap(), &(Action::Quit, vec![key("Q")]));
    }
}
