//! `margent FILE`, read without clap: the commonest command line, on the way to the
//! reader's first screen, where building the parser costs a third of a millisecond.

use std::ffi::OsString;
use std::path::PathBuf;

use super::{Cli, GlobalArgs};

impl Cli {
    /// `margent FILE`, the commonest command line, read without building the parser
    /// (a third of a millisecond before the first screen): one word that is neither an
    /// option nor a subcommand's name. Anything else is clap's to parse.
    pub(super) fn just_a_file(args: &[OsString]) -> Option<Cli> {
        let [_, word] = args else {
            return None;
        };
        let bytes = word.as_encoded_bytes();
        if bytes.is_empty() || bytes.starts_with(b"-") || SUBCOMMANDS.iter().any(|name| word == name) {
            return None;
        }
        Some(Cli {
            global: GlobalArgs {
                config: None,
                encoding: None,
                plain: false,
            },
            files: vec![PathBuf::from(word)],
            command: None,
        })
    }
}

/// The names clap takes as subcommands (a test checks them against its own list).
const SUBCOMMANDS: [&str; 14] = [
    "render",
    "annotate",
    "edit",
    "delete",
    "meta",
    "notes",
    "export",
    "import",
    "search",
    "library",
    "merge",
    "completions",
    "man",
    "help",
];

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::*;

    #[test]
    fn the_subcommands_known_without_clap_are_clap_s() {
        let mut command = Cli::command();
        command.build();
        let mut names: Vec<&str> = command.get_subcommands().map(|sub| sub.get_name()).collect();
        let mut known = SUBCOMMANDS.to_vec();
        names.sort_unstable();
        known.sort_unstable();
        assert_eq!(names, known);
    }

    #[test]
    fn a_command_line_read_without_clap_reads_as_clap_reads_it() {
        let words = ["essay.txt", "红楼梦.txt", "notes.md", "render.txt", "x"];
        for word in words {
            let args = ["margent", word].map(std::ffi::OsString::from);
            let quick = Cli::just_a_file(&args).expect("a file alone is read without clap");
            let parsed = Cli::try_parse_from(args).unwrap();
            assert_eq!(format!("{quick:?}"), format!("{parsed:?}"), "{word}");
        }
        for words in [
            &["margent", "render"][..],
            &["margent", "-"],
            &["margent", "--plain"],
            &["margent", "a", "b"],
        ] {
            let args: Vec<std::ffi::OsString> = words.iter().map(Into::into).collect();
            assert!(Cli::just_a_file(&args).is_none(), "{words:?}");
        }
    }
}
