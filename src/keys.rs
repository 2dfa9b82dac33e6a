//! The reader's vocabulary: every `Action` a key can trigger, the `KeySpec` notation
//! used in the config ("ctrl-s", "pgdn", "G"), and the default keymap (DESIGN §1.6).
//! Terminal-independent: `tui` turns terminal key events into `KeySpec`s.

use std::fmt;
use std::str::FromStr;

/// Modes with their own keymap: keys mean different things while selecting, in the
/// annotation list, in the help and in the table of contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyMode {
    Normal,
    Select,
    List,
    Help,
    Contents,
    Library,
}

impl KeyMode {
    pub const ALL: [KeyMode; 6] = [
        KeyMode::Normal,
        KeyMode::Select,
        KeyMode::List,
        KeyMode::Help,
        KeyMode::Contents,
        KeyMode::Library,
    ];

    /// The mode's table in the config: `[keys.<name>]`.
    pub fn name(self) -> &'static str {
        match self {
            KeyMode::Normal => "normal",
            KeyMode::Select => "select",
            KeyMode::List => "list",
            KeyMode::Help => "help",
            KeyMode::Contents => "contents",
            KeyMode::Library => "library",
        }
    }
}

macro_rules! actions {
    ($( $(#[$meta:meta])* $variant:ident = $name:literal, $help:literal; )*) => {
        /// Something the reader can do. The snake_case name is the config vocabulary:
        /// the config's key tables deserialise straight into it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
        pub enum Action {
            $( $(#[$meta])* #[serde(rename = $name)] $variant, )*
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The name used in the config file.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }

            /// One line for the help overlay.
            pub fn help(self) -> &'static str {
                match self { $(Action::$variant => $help,)* }
            }
        }
    };
}

actions! {
    ScrollDown = "scroll_down", "line down";
    ScrollUp = "scroll_up", "line up";
    PageDown = "page_down", "page down";
    PageUp = "page_up", "page up";
    HalfPageDown = "half_page_down", "half page down";
    HalfPageUp = "half_page_up", "half page up";
    GoToStart = "go_to_start", "start of the document (with a count N: line N)";
    GoToEnd = "go_to_end", "end of the document";
    GoToPercent = "go_to_percent", "with a count N: N% into the document";
    FileInfo = "file_info", "file name, lines on screen, source line, bytes and percent";
    NextParagraph = "next_paragraph", "next paragraph";
    PreviousParagraph = "previous_paragraph", "previous paragraph";
    NextHeading = "next_heading", "next heading";
    PreviousHeading = "previous_heading", "previous heading";
    SetMark = "set_mark", "set a mark: then a letter";
    GoToMark = "go_to_mark", "jump to a mark: then a letter ('' jumps back)";
    SearchForward = "search_forward", "search forward";
    SearchBackward = "search_backward", "search backward";
    NextMatch = "next_match", "next match";
    PreviousMatch = "previous_match", "previous match";
    ClearSearch = "clear_search", "hide the search matches (n shows them again)";
    ToggleContents = "toggle_contents", "table of contents";
    ToggleHelp = "toggle_help", "this help";
    RevealHidden = "reveal_hidden", "show or hide bidi controls and invisible characters";
    Redraw = "redraw", "redraw the screen";
    Quit = "quit", "quit (the reading position is saved)";
    QuitTwice = "quit_twice", "quit when pressed twice (ZZ, as in less and vi)";
    SetTitle = "set_title", "set the document's title (exports and the library use it)";
    FileCommand = "file_command", "then n or p: the next or previous file given on the command line (:n, :p, as in less)";
    Select = "select", "start selecting (after a search: the current match)";
    ToggleAnnotations = "toggle_annotations", "annotation list";
    NextAnnotation = "next_annotation", "next annotation in the text";
    PreviousAnnotation = "previous_annotation", "previous annotation in the text";
    EditNote = "edit_note", "note on the selection or the annotation here";
    EditTags = "edit_tags", "tag the selection or the annotation here (a review mark)";
    ToggleStatus = "toggle_status", "toggle open/resolved on the annotation here";
    DeleteAnnotation = "delete_annotation", "delete the annotation here";
    CycleColor = "cycle_color", "next highlight colour for the annotation here";
    EditNoteExternal = "edit_note_external", "edit the note here in $EDITOR";
    Undo = "undo", "undo the last annotation change";
    Redo = "redo", "redo";
    CopyNote = "copy_note", "copy the note here to the clipboard (OSC 52)";
    Highlight = "highlight", "highlight the selection";
    CancelSelection = "cancel_selection", "stop selecting";
    ExtendCharForward = "extend_char_forward", "selection: one character further";
    ExtendCharBackward = "extend_char_backward", "selection: one character back";
    ExtendWordForward = "extend_word_forward", "selection: to the next word";
    ExtendWordBackward = "extend_word_backward", "selection: to the previous word";
    ExtendSentenceForward = "extend_sentence_forward", "selection: to the next sentence end";
    ExtendSentenceBackward = "extend_sentence_backward", "selection: back a sentence";
    ExtendParagraphForward = "extend_paragraph_forward", "selection: to the paragraph end";
    ExtendParagraphBackward = "extend_paragraph_backward", "selection: back a paragraph";
    ExtendLineDown = "extend_line_down", "selection: one line down";
    ExtendLineUp = "extend_line_up", "selection: one line up";
    SelectSentence = "select_sentence", "select the current sentence";
    SelectParagraph = "select_paragraph", "select the current paragraph";
    SwapSelectionEnds = "swap_selection_ends", "move the other end of the selection";
    CopySelection = "copy_selection", "copy the selection to the clipboard (OSC 52)";
    NextEntry = "next_entry", "next entry";
    PreviousEntry = "previous_entry", "previous entry";
    GoToFirst = "go_to_first", "to the first line or entry";
    GoToLast = "go_to_last", "to the last line or entry";
    JumpToEntry = "jump_to_entry", "jump to the entry's place in the text";
    FilterList = "filter_list", "filter: tag:x color:x kind:x status:x or words";
    AcceptAnchoring = "accept_anchoring", "accept the new place (needs review)";
    Reattach = "reattach", "re-attach to a new selection";
    Close = "close", "close (so does any key not listed here)";
    OpenDocument = "open_document", "open the document in the reader (q there comes back)";
    ForgetDocument = "forget_document", "forget the entry (the file and its notes are kept)";
    SearchLibrary = "search_library", "search the notes, quotes and tags of every document";
}

/// A key name without modifiers, as written in the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyName {
    Char(char),
    Enter,
    Esc,
    Backspace,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Insert,
    Delete,
    F(u8),
}

/// A key with modifiers. Written like `j`, `G`, `ctrl-s`, `alt-left`, `pgdn`, `space`,
/// `F1`. Uppercase letters stand for themselves (shift is implied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeySpec {
    pub name: KeyName,
    pub ctrl: bool,
    pub alt: bool,
}

impl KeySpec {
    pub const fn plain(name: KeyName) -> Self {
        KeySpec {
            name,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn ctrl(c: char) -> Self {
        KeySpec {
            name: KeyName::Char(c),
            ctrl: true,
            alt: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key {0:?} (examples: j, G, ctrl-s, alt-x, enter, esc, space, pgdn, F1)")]
pub struct BadKey(pub String);

impl FromStr for KeySpec {
    type Err = BadKey;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || BadKey(text.to_string());
        let mut spec = KeySpec::plain(KeyName::Esc);
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                spec.ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                spec.alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        spec.name = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyName::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyName::Enter,
                "esc" | "escape" => KeyName::Esc,
                "backspace" => KeyName::Backspace,
                "tab" => KeyName::Tab,
                "backtab" | "shift-tab" => KeyName::BackTab,
                "space" => KeyName::Char(' '),
                "up" => KeyName::Up,
                "down" => KeyName::Down,
                "left" => KeyName::Left,
                "right" => KeyName::Right,
                "home" => KeyName::Home,
                "end" => KeyName::End,
                "pgup" | "pageup" => KeyName::PageUp,
                "pgdn" | "pagedown" => KeyName::PageDown,
                "insert" => KeyName::Insert,
                "delete" | "del" => KeyName::Delete,
                f if f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n @ 1..=24) => KeyName::F(n),
                    _ => return Err(bad()),
                },
                _ => return Err(bad()),
            },
        };
        Ok(spec)
    }
}

/// A key as the config writes it, read through `FromStr` (inside a visitor, so that
/// toml points an error at the very key in an array).
impl<'de> serde::Deserialize<'de> for KeySpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyText;
        impl serde::de::Visitor<'_> for KeyText {
            type Value = KeySpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<KeySpec, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(KeyText)
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.name {
            KeyName::Char(' ') => f.write_str("space"),
            KeyName::Char(c) => write!(f, "{c}"),
            KeyName::Enter => f.write_str("enter"),
            KeyName::Esc => f.write_str("esc"),
            KeyName::Backspace => f.write_str("backspace"),
            KeyName::Tab => f.write_str("tab"),
            KeyName::BackTab => f.write_str("backtab"),
            KeyName::Up => f.write_str("up"),
            KeyName::Down => f.write_str("down"),
            KeyName::Left => f.write_str("left"),
            KeyName::Right => f.write_str("right"),
            KeyName::Home => f.write_str("home"),
            KeyName::End => f.write_str("end"),
            KeyName::PageUp => f.write_str("pgup"),
            KeyName::PageDown => f.write_str("pgdn"),
            KeyName::Insert => f.write_str("insert"),
            KeyName::Delete => f.write_str("delete"),
            KeyName::F(n) => write!(f, "F{n}"),
        }
    }
}

impl FromStr for Action {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Action::ALL
            .iter()
            .copied()
            .find(|action| action.name() == name)
            .ok_or_else(|| format!("unknown action {name:?}"))
    }
}

/// The default bindings of each mode, in help order. DESIGN §1.6 fixes the first ones.
pub fn default_bindings(mode: KeyMode) -> Vec<(Action, Vec<&'static str>)> {
    use Action::*;
    match mode {
        KeyMode::Normal => vec![
            (ScrollDown, vec!["j", "down", "enter", "ctrl-n", "ctrl-e"]),
            (ScrollUp, vec!["k", "up", "ctrl-p", "ctrl-y"]),
            (PageDown, vec!["space", "f", "pgdn", "ctrl-f"]),
            (PageUp, vec!["b", "pgup", "ctrl-b"]),
            (HalfPageDown, vec!["d", "ctrl-d"]),
            (HalfPageUp, vec!["u", "ctrl-u"]),
            (GoToStart, vec!["g", "home", "<"]),
            (GoToEnd, vec!["G", "end", ">"]),
            (GoToPercent, vec!["%", "p"]),
            (FileInfo, vec!["=", "ctrl-g"]),
            (NextParagraph, vec!["}"]),
            (PreviousParagraph, vec!["{"]),
            (NextHeading, vec![")"]),
            (PreviousHeading, vec!["("]),
            (SetMark, vec!["m"]),
            (GoToMark, vec!["'"]),
            (SearchForward, vec!["/"]),
            (SearchBackward, vec!["?"]),
            (NextMatch, vec!["n"]),
            (PreviousMatch, vec!["N"]),
            (ClearSearch, vec!["esc", "alt-u"]),
            (ToggleContents, vec!["T", "ctrl-t"]),
            (ToggleHelp, vec!["h", "F1"]),
            (Select, vec!["v"]),
            (EditNote, vec!["a"]),
            (EditTags, vec!["t"]),
            (ToggleAnnotations, vec!["A"]),
            (NextAnnotation, vec!["]"]),
            (PreviousAnnotation, vec!["["]),
            (ToggleStatus, vec!["x"]),
            (DeleteAnnotation, vec!["D"]),
            (CycleColor, vec!["c"]),
            (EditNoteExternal, vec!["E"]),
            (CopyNote, vec!["y"]),
            (Undo, vec!["U", "ctrl-z"]),
            (Redo, vec!["ctrl-r"]),
            (RevealHidden, vec!["R"]),
            (SearchLibrary, vec!["L"]),
            (SetTitle, vec!["M"]),
            (Redraw, vec!["ctrl-l"]),
            (Quit, vec!["q", "Q"]),
            (QuitTwice, vec!["Z"]),
            (FileCommand, vec![":"]),
        ],
        KeyMode::Select => vec![
            (Highlight, vec!["enter"]),
            (EditNote, vec!["a"]),
            (EditTags, vec!["t"]),
            (CancelSelection, vec!["esc", "v", "ctrl-c"]),
            (ExtendCharForward, vec!["l", "right"]),
            (ExtendCharBackward, vec!["h", "left"]),
            (ExtendWordForward, vec!["w", "e"]),
            (ExtendWordBackward, vec!["b"]),
            (ExtendSentenceForward, vec![")"]),
            (ExtendSentenceBackward, vec!["("]),
            (ExtendParagraphForward, vec!["}"]),
            (ExtendParagraphBackward, vec!["{"]),
            (ExtendLineDown, vec!["j", "down"]),
            (ExtendLineUp, vec!["k", "up"]),
            (SelectSentence, vec!["s"]),
            (SelectParagraph, vec!["p"]),
            (SwapSelectionEnds, vec!["o"]),
            (CopySelection, vec!["y"]),
            (ToggleHelp, vec!["F1"]),
        ],
        KeyMode::List => vec![
            (NextEntry, vec!["j", "down"]),
            (PreviousEntry, vec!["k", "up"]),
            (GoToFirst, vec!["g", "home"]),
            (GoToLast, vec!["G", "end"]),
            (FilterList, vec!["/"]),
            (JumpToEntry, vec!["enter"]),
            (EditNote, vec!["a"]),
            (EditTags, vec!["t"]),
            (CycleColor, vec!["c"]),
            (ToggleStatus, vec!["x"]),
            (DeleteAnnotation, vec!["D"]),
            (AcceptAnchoring, vec!["y"]),
            (Reattach, vec!["r"]),
            (Close, vec!["esc"]),
        ],
        KeyMode::Help => vec![
            (ScrollDown, vec!["j", "down", "enter"]),
            (ScrollUp, vec!["k", "up"]),
            (PageDown, vec!["space", "f", "d", "pgdn"]),
            (PageUp, vec!["b", "u", "pgup"]),
            (GoToFirst, vec!["g", "home"]),
            (GoToLast, vec!["G", "end"]),
            (Close, vec!["esc"]),
        ],
        KeyMode::Contents => vec![
            (NextEntry, vec!["j", "down"]),
            (PreviousEntry, vec!["k", "up"]),
            (PageDown, vec!["space", "f", "pgdn"]),
            (PageUp, vec!["b", "pgup"]),
            (GoToFirst, vec!["g", "home"]),
            (GoToLast, vec!["G", "end"]),
            (JumpToEntry, vec!["enter"]),
            (Close, vec!["esc"]),
        ],
        KeyMode::Library => vec![
            (NextEntry, vec!["j", "down"]),
            (PreviousEntry, vec!["k", "up"]),
            (PageDown, vec!["space", "f", "pgdn"]),
            (PageUp, vec!["b", "pgup"]),
            (GoToFirst, vec!["g", "home"]),
            (GoToLast, vec!["G", "end"]),
            (FilterList, vec!["/"]),
            (OpenDocument, vec!["enter"]),
            (ForgetDocument, vec!["d"]),
            (SearchLibrary, vec!["s"]),
            (Redraw, vec!["ctrl-l"]),
            (Quit, vec!["q"]),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_specs_parse_and_print_back() {
        for text in [
            "j",
            "G",
            "ctrl-s",
            "alt-left",
            "enter",
            "esc",
            "space",
            "pgdn",
            "F1",
            "%",
            "'",
            "ctrl-alt-x",
        ] {
            let spec: KeySpec = text.parse().unwrap();
            assert_eq!(spec.to_string(), text);
        }
        assert_eq!("Ctrl-S".parse::<KeySpec>().unwrap(), KeySpec::ctrl('S'));
        assert_eq!("ctrl--".parse::<KeySpec>().unwrap(), KeySpec::ctrl('-'));
        assert!("hyper-x".parse::<KeySpec>().is_err());
        assert!("F99".parse::<KeySpec>().is_err());
    }

    #[test]
    fn action_names_are_unique_snake_case_and_round_trip() {
        let mut names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        for name in &names {
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{name}");
            assert_eq!(name.parse::<Action>().unwrap().name(), *name);
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
    }

    #[test]
    fn default_bindings_are_valid_and_unambiguous_per_mode() {
        for mode in KeyMode::ALL {
            let mut seen = std::collections::HashMap::new();
            for (action, keys) in default_bindings(mode) {
                for key in keys {
                    let spec: KeySpec = key.parse().unwrap();
                    assert_eq!(seen.insert(spec, action), None, "{key} bound twice in {mode:?}");
                }
            }
        }
    }

    #[test]
    fn design_contract_keys_are_bound() {
        let normal = default_bindings(KeyMode::Normal);
        let bound =
            |action: Action, key: &str| normal.iter().any(|(a, keys)| *a == action && keys.contains(&key));
        for (action, key) in [
            (Action::ScrollDown, "j"),
            (Action::ScrollDown, "enter"),
            (Action::ScrollUp, "k"),
            (Action::PageDown, "space"),
            (Action::PageDown, "f"),
            (Action::PageUp, "b"),
            (Action::HalfPageDown, "d"),
            (Action::HalfPageUp, "u"),
            (Action::GoToStart, "g"),
            (Action::GoToEnd, "G"),
            (Action::SearchForward, "/"),
            (Action::SearchBackward, "?"),
            (Action::NextMatch, "n"),
            (Action::PreviousMatch, "N"),
            (Action::Select, "v"),
            (Action::EditNote, "a"),
            (Action::EditTags, "t"),
            (Action::ToggleHelp, "h"),
            (Action::ToggleHelp, "F1"),
            (Action::Quit, "q"),
        ] {
            assert!(bound(action, key), "{key} should be {}", action.name());
        }
    }
}
