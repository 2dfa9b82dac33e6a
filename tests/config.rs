//! The configuration as users meet it: the shipped example file equals the defaults,
//! valid files rebind keys and replace the palette, and each invalid fixture in
//! `tests/fixtures/config/` fails with one line naming the file, the line and the key.

use std::path::{Path, PathBuf};

use margent::cli::GlobalArgs;
use margent::commands::{CommandError, load_config};
use margent::config::{Color, Config, ConfigError, EXAMPLE_TOML, SidecarLocation};
use margent::export::Format as ExportFormat;
use margent::keys::{Action, KeyMode, KeySpec, default_bindings};
use margent::layout::width::AmbiguousWidth;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(name)
}

/// The message for an invalid fixture, with the fixture's folder left out.
fn error_for(name: &str) -> String {
    let path = fixture(name);
    let err = Config::load(Some(&path)).expect_err(name);
    assert_eq!(err.path(), path);
    let message = err.to_string();
    assert!(!message.chars().any(char::is_control), "{message:?}");
    let folder = format!("{}/", path.parent().unwrap().display());
    message
        .strip_prefix(&folder)
        .unwrap_or_else(|| panic!("{message} should start with the file"))
        .to_string()
}

fn key(text: &str) -> KeySpec {
    text.parse().unwrap()
}

#[test]
fn the_example_file_is_the_shipped_one_and_equals_the_defaults() {
    let shipped = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml"));
    assert_eq!(shipped.unwrap(), EXAMPLE_TOML);
    assert_eq!(Config::from_toml_str(EXAMPLE_TOML).unwrap(), Config::default());
}

#[test]
fn the_example_file_spells_out_every_default_binding() {
    // Equality with the defaults would also hold if a binding were left out of the file
    // (left-out actions keep their defaults), so check that each one is written there.
    for mode in KeyMode::ALL {
        let header = &format!("[keys.{}]", mode.name());
        let section = EXAMPLE_TOML.split(header).nth(1).unwrap();
        let section = section.split("\n[").next().unwrap();
        for (action, keys) in default_bindings(mode) {
            let quoted: Vec<String> = keys.iter().map(|k| format!("{k:?}")).collect();
            let line = format!("\n{} = [{}]\n", action.name(), quoted.join(", "));
            assert!(section.contains(&line), "{header} lacks{line}");
            assert!(
                section.contains(&format!("# {}\n", action.help())),
                "{}",
                action.name()
            );
        }
    }
}

#[test]
fn the_example_file_documents_every_setting_with_a_comment() {
    let mut previous = "";
    for line in EXAMPLE_TOML.lines() {
        let is_setting = !line.starts_with('#') && !line.starts_with('[') && line.contains(" = ");
        if is_setting && !line.starts_with("no_color") && !line.starts_with("fg") && !line.starts_with("bg") {
            assert!(previous.starts_with('#'), "no comment above {line:?}");
        }
        previous = line;
    }
}

#[test]
fn every_invalid_fixture_fails_with_one_line_starting_with_its_file() {
    let mut invalid = 0;
    for entry in std::fs::read_dir(fixture("")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.starts_with("valid-") {
            Config::load(Some(&fixture(&name))).unwrap();
        } else {
            let message = error_for(&name);
            assert!(message.starts_with(&format!("{name}:")), "{message}");
            invalid += 1;
        }
    }
    assert!(invalid >= 6);
}

#[test]
fn a_misspelt_key_names_file_line_column_and_key() {
    assert_eq!(
        error_for("misspelt-key.toml"),
        "misspelt-key.toml:3:1: unknown key \"mesure\" in [reader] (did you mean \"measure\"?)"
    );
}

#[test]
fn an_unknown_action_is_named_with_a_suggestion() {
    assert_eq!(
        error_for("unknown-action.toml"),
        "unknown-action.toml:6:1: unknown action \"scrol_up\" in [keys.normal] (did you mean \"scroll_up\"?)"
    );
}

#[test]
fn a_bad_key_spec_points_at_the_key() {
    let message = error_for("bad-key-spec.toml");
    assert_eq!(
        message,
        "bad-key-spec.toml:2:23: \"highlight\" in [keys.select]: unknown key \"hyper-h\" \
         (examples: j, G, ctrl-s, alt-x, enter, esc, space, pgdn, F1)"
    );
}

#[test]
fn a_wrong_type_says_what_was_expected() {
    assert_eq!(
        error_for("wrong-type.toml"),
        "wrong-type.toml:2:9: \"mouse\" in [reader] must be true or false, not a string"
    );
}

#[test]
fn a_bad_colour_is_named_with_a_suggestion() {
    assert_eq!(
        error_for("bad-colour.toml"),
        "bad-colour.toml:3:6: \"bg\" in [palette.yellow]: unknown colour \"yelow\" (did you mean \"yellow\"?)"
    );
}

#[test]
fn a_key_written_twice_is_a_duplicate() {
    assert_eq!(
        error_for("duplicate-key.toml"),
        "duplicate-key.toml:4:1: duplicate key \"measure\""
    );
}

#[test]
fn out_of_range_numbers_are_refused() {
    assert_eq!(
        error_for("measure-too-small.toml"),
        "measure-too-small.toml:2:11: \"measure\" in [reader]: must be between 20 and 65535 (found 12)"
    );
    assert_eq!(
        error_for("ambiguous-width.toml"),
        "ambiguous-width.toml:2:19: \"ambiguous_width\" in [reader]: must be 1 or 2 (found 3)"
    );
}

#[test]
fn the_default_colour_must_be_in_the_palette() {
    let message = error_for("default-color-missing.toml");
    assert_eq!(
        message,
        "default-color-missing.toml:2:17: \"default_color\" in [palette]: \"orange\" is not in the palette \
         (expected one of: yellow, green, blue, pink, purple)"
    );
}

#[test]
fn one_key_for_two_actions_is_refused() {
    assert_eq!(
        error_for("key-bound-twice.toml"),
        "key-bound-twice.toml:3:17: \"toggle_status\" in [keys.normal]: \
         key \"x\" is already bound to \"quit\""
    );
}

#[test]
fn a_normal_mode_without_a_key_to_quit_is_refused() {
    assert_eq!(
        error_for("quit-without-key.toml"),
        "quit-without-key.toml:3:8: \"quit\" in [keys.normal]: \
         must keep at least one key, or nothing ends the reader"
    );
    assert_eq!(
        error_for("quit-keys-taken.toml"),
        "quit-keys-taken.toml:3:14: \"page_down\" in [keys.normal]: takes \"Q\", \
         the last key of \"quit\"; give \"quit\" another key, or nothing ends the reader"
    );
}

#[test]
fn an_unknown_choice_lists_the_choices() {
    assert_eq!(
        error_for("unknown-export-format.toml"),
        "unknown-export-format.toml:4:10: \"format\" in [export]: unknown value \"pdf\" \
         (expected one of: md, org, json, csv, w3c, html, anki)"
    );
}

#[test]
fn control_characters_from_the_file_never_reach_the_message() {
    let message = error_for("control-characters.toml");
    assert!(
        message.starts_with("control-characters.toml:2:1: unknown key \"␛]52;c;AAAA␇evil\""),
        "{message}"
    );
    // TOML refuses the raw escape itself; toml's message must not quote the line.
    let message = error_for("raw-escape.toml");
    assert!(
        message.starts_with("raw-escape.toml:2:14: invalid basic string"),
        "{message}"
    );
    assert!(!message.contains("pwned"), "{message}");
}

#[test]
fn a_rebinding_replaces_one_action_and_takes_its_key_from_others() {
    let config = Config::load(Some(&fixture("valid-rebind.toml"))).unwrap();
    let normal = config.keymap(KeyMode::Normal);
    assert_eq!(normal[&key("ctrl-j")], Action::ScrollDown);
    assert!(
        !normal.contains_key(&key("j")),
        "scroll_down's default keys are replaced"
    );
    assert_eq!(
        normal[&key("k")],
        Action::ScrollUp,
        "other actions keep their defaults"
    );
    assert_eq!(normal[&key("x")], Action::Quit);
    assert!(!normal.contains_key(&key("q")));
    let help = config.bindings(KeyMode::Normal);
    assert!(
        !help.iter().any(|(action, _)| *action == Action::ToggleStatus),
        "x was its only key"
    );
    assert_eq!(
        help[0],
        (Action::ScrollDown, vec![key("ctrl-j")]),
        "help keeps the default order"
    );
    let select = config.keymap(KeyMode::Select);
    assert_eq!(
        (select[&key("enter")], select[&key("H")]),
        (Action::Highlight, Action::Highlight)
    );
}

#[test]
fn a_custom_palette_replaces_the_defaults_in_file_order() {
    let config = Config::load(Some(&fixture("valid-palette.toml"))).unwrap();
    let names: Vec<&str> = config.palette.entries().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["red", "teal"]);
    assert_eq!(config.palette.default_entry().name, "teal");
    let red = config.palette.get("red").unwrap();
    assert_eq!(
        (red.style.bg, red.style.fg),
        (Some(Color::Rgb(0xcc, 0x33, 0x33)), Some(Color::White))
    );
    assert!(red.style.bold);
    assert!(
        red.no_color.bold && red.no_color.fg.is_none(),
        "no_color defaults to its attributes"
    );
    assert_eq!(
        config.palette.get("teal").unwrap().style.bg,
        Some(Color::Indexed(30))
    );
    assert!(config.palette.get("yellow").is_none());
}

#[test]
fn no_color_switches_highlights_to_their_attribute_styles() {
    let mut config = Config::from_toml_str(EXAMPLE_TOML).unwrap();
    assert!(config.color_enabled());
    assert_eq!(config.highlight_style("blue").bg, Some(Color::LightBlue));
    config.set_color_enabled(!margent::config::no_color_requested(Some("1".as_ref())));
    assert!(!config.color_enabled());
    let blue = config.highlight_style("blue");
    assert_eq!((blue.bg, blue.bold, blue.underline), (None, true, true));
}

#[test]
fn every_setting_can_be_changed() {
    let config = Config::from_toml_str(
        "[reader]\nmeasure = 100\nambiguous_width = 2\nmouse = true\nreading_speed = 400\nauthor = \"林\"\n\
         [tags]\nquick = { q = \"quote\" }\n[sidecar]\nlocation = \"beside\"\n[export]\nformat = \"org\"\n",
    )
    .unwrap();
    assert_eq!(config.reader.measure, 100);
    assert_eq!(config.reader.ambiguous_width, AmbiguousWidth::Wide);
    assert!(config.reader.mouse);
    assert_eq!(config.reader.reading_speed, Some(400));
    assert_eq!(config.reader.author.as_deref(), Some("林"));
    assert_eq!(config.tags.quick.get(&'q').map(String::as_str), Some("quote"));
    assert_eq!(config.tags.quick.len(), 1);
    assert_eq!(config.sidecar.location, SidecarLocation::Beside);
    assert_eq!(config.export.format, ExportFormat::Org);
}

#[test]
fn the_command_loader_turns_a_bad_config_into_a_one_line_failure() {
    let global = |config: Option<PathBuf>| GlobalArgs {
        config,
        encoding: None,
        plain: false,
    };
    match load_config(&global(Some(fixture("misspelt-key.toml")))) {
        Err(CommandError::Failed(message)) => {
            assert!(message.ends_with(
                "misspelt-key.toml:3:1: unknown key \"mesure\" in [reader] (did you mean \"measure\"?)"
            ));
        }
        other => panic!("{other:?}"),
    }
    let missing = fixture("no-such-config.toml");
    match load_config(&global(Some(missing.clone()))) {
        Err(CommandError::Failed(message)) => {
            assert_eq!(message, format!("{}: config file not found", missing.display()));
        }
        other => panic!("{other:?}"),
    }
    let config = load_config(&global(Some(fixture("valid-rebind.toml")))).unwrap();
    assert_eq!(config.keymap(KeyMode::Normal)[&key("x")], Action::Quit);
}

#[test]
fn a_missing_explicit_file_is_not_silently_replaced_by_defaults() {
    let err = Config::from_file(&fixture("no-such-config.toml")).unwrap_err();
    assert!(matches!(err, ConfigError::NotFound { .. }));
}
