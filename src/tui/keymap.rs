//! Terminal key events to `KeySpec`s, and `KeySpec`s to `Action`s per mode.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::keys::{Action, KeyMode, KeyName, KeySpec};

/// The key bindings of every mode, with each action's keys in help order.
#[derive(Debug, Clone)]
pub struct Keymap {
    actions: HashMap<(KeyMode, KeySpec), Action>,
    bindings: Vec<(KeyMode, Action, Vec<KeySpec>)>,
}

impl Keymap {
    /// Builds a keymap from per-mode `(action, keys)` lists; later keys win.
    pub fn new(bindings: Vec<(KeyMode, Action, Vec<KeySpec>)>) -> Keymap {
        let mut actions = HashMap::new();
        for (mode, action, keys) in &bindings {
            for key in keys {
                actions.insert((*mode, *key), *action);
            }
        }
        Keymap { actions, bindings }
    }

    pub fn action(&self, mode: KeyMode, key: KeySpec) -> Option<Action> {
        self.actions.get(&(mode, key)).copied()
    }

    /// The keys of each action of `mode`, in help order.
    pub fn bindings(&self, mode: KeyMode) -> impl Iterator<Item = (Action, &[KeySpec])> {
        self.bindings
            .iter()
            .filter(move |(m, _, keys)| *m == mode && !keys.is_empty())
            .map(|(_, action, keys)| (*action, keys.as_slice()))
    }

    /// The first key bound to `action` in `mode`, for hints ("press h for help").
    pub fn first_key(&self, mode: KeyMode, action: Action) -> Option<KeySpec> {
        self.bindings(mode)
            .find(|(a, _)| *a == action)
            .and_then(|(_, keys)| keys.first().copied())
    }
}

/// The `KeySpec` of a terminal key press; `None` for keys margent never binds.
pub fn key_spec(event: &KeyEvent) -> Option<KeySpec> {
    let name = match event.code {
        KeyCode::Char(c) => KeyName::Char(c),
        KeyCode::Enter => KeyName::Enter,
        KeyCode::Esc => KeyName::Esc,
        KeyCode::Backspace => KeyName::Backspace,
        KeyCode::Tab => KeyName::Tab,
        KeyCode::BackTab => KeyName::BackTab,
        KeyCode::Up => KeyName::Up,
        KeyCode::Down => KeyName::Down,
        KeyCode::Left => KeyName::Left,
        KeyCode::Right => KeyName::Right,
        KeyCode::Home => KeyName::Home,
        KeyCode::End => KeyName::End,
        KeyCode::PageUp => KeyName::PageUp,
        KeyCode::PageDown => KeyName::PageDown,
        KeyCode::Insert => KeyName::Insert,
        KeyCode::Delete => KeyName::Delete,
        KeyCode::F(n) => KeyName::F(n),
        _ => return None,
    };
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    // Terminals report ctrl-letter in either case; bindings are written lowercase.
    let name = match name {
        KeyName::Char(c) if ctrl => KeyName::Char(c.to_ascii_lowercase()),
        other => other,
    };
    Some(KeySpec {
        name,
        ctrl,
        alt: event.modifiers.contains(KeyModifiers::ALT),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_keys_become_specs() {
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(key_spec(&shifted).unwrap().to_string(), "G");
        let ctrl = KeyEvent::new(KeyCode::Char('S'), KeyModifiers::CONTROL);
        assert_eq!(key_spec(&ctrl).unwrap().to_string(), "ctrl-s");
        let f1 = KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(key_spec(&f1).unwrap().to_string(), "F1");
    }

    #[test]
    fn default_keymap_follows_the_design() {
        let keymap = crate::tui::Settings::default().keymap;
        let action = |mode, key: &str| keymap.action(mode, key.parse().unwrap());
        assert_eq!(action(KeyMode::Normal, "enter"), Some(Action::ScrollDown));
        assert_eq!(action(KeyMode::Select, "enter"), Some(Action::Highlight));
        assert_eq!(action(KeyMode::Normal, "G"), Some(Action::GoToEnd));
        assert_eq!(
            keymap
                .first_key(KeyMode::Normal, Action::ToggleHelp)
                .unwrap()
                .to_string(),
            "h"
        );
    }
}
