//! Key bindings from `[keys.normal]`, `[keys.select]`, `[keys.list]`, `[keys.help]` and
//! `[keys.contents]`, resolved against the defaults of `crate::keys`: a config entry for
//! an action replaces that action's keys, other actions keep theirs, and a key the
//! config gives to one action is taken away from any other action that had it by
//! default. Terminal-independent.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use crate::keys::{Action, KeyMode, KeySpec, default_bindings};

use super::error::{Problem, hint, shown};
use super::table::{Fault, Parsed, Table};

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

    /// Reads `[keys]`.
    pub(crate) fn parse(table: &Table<'_, '_>) -> Parsed<KeysConfig> {
        table.allow_only(&KeyMode::ALL.map(KeyMode::name))?;
        let mut keys = KeysConfig::default();
        for mode in KeyMode::ALL {
            if let Some(entries) = table.table(mode.name())? {
                keys.modes
                    .insert(mode, resolve(defaults(mode), parse_mode(&entries)?));
            }
        }
        Ok(keys)
    }
}

fn defaults(mode: KeyMode) -> Bindings {
    default_bindings(mode)
        .into_iter()
        .map(|(action, keys)| (action, keys.iter().filter_map(|key| key.parse().ok()).collect()))
        .collect()
}

/// The config's entries of one mode, in file order: `action = "key"` or
/// `action = ["key", …]`. One key may not be given to two actions.
fn parse_mode(table: &Table<'_, '_>) -> Parsed<Bindings> {
    let mut bound: HashMap<KeySpec, Action> = HashMap::new();
    let mut overrides = Bindings::new();
    for entry in table.entries() {
        let action: Action = entry.key.parse().map_err(|_| Fault {
            span: entry.key_span.clone(),
            problem: Problem::UnknownAction {
                name: shown(entry.key),
                place: table.place(),
                hint: hint(entry.key, &action_names()),
            },
        })?;
        let mut keys = Vec::new();
        for (text, span) in table.as_strings(entry)? {
            let key = parse_key(table, entry, text, span.clone())?;
            match bound.insert(key, action) {
                Some(other) if other != action => {
                    let reason = format!("key \"{key}\" is already bound to \"{}\"", other.name());
                    return Err(table.bad_value_at(entry, span, reason));
                }
                _ => {}
            }
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        overrides.push((action, keys));
    }
    Ok(overrides)
}

fn parse_key(
    table: &Table<'_, '_>,
    entry: &super::table::Entry<'_, '_>,
    text: &str,
    span: Range<usize>,
) -> Parsed<KeySpec> {
    text.parse().map_err(|err: crate::keys::BadKey| {
        // BadKey quotes the key with `{:?}`, which escapes control characters.
        table.bad_value_at(
            entry,
            span,
            crate::sanitize::inline(&err.to_string()).into_owned(),
        )
    })
}

fn action_names() -> Vec<&'static str> {
    Action::ALL.iter().map(|action| action.name()).collect()
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
