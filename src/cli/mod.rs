//! The command line (DESIGN §1.2), declared with clap. Definitions only: running the
//! commands lives in `commands`, terminal handling in `main` and `tui`.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::document::decode::encoding_for_label;

mod quick;

#[derive(Debug, Parser)]
#[command(
    name = "margent",
    version,
    about = "Read and annotate long plain-text articles in the terminal",
    long_about = "margent reflows plain-text articles (UTF-8 or legacy encodings, English or CJK) to \
                  your terminal and lets you highlight, note, tag and export passages. Annotations live \
                  in a TOML sidecar beside the document (essay.txt -> essay.txt.notes.toml).",
    after_help = "Examples:\n  margent essay.txt                 open the reader\n  \
                  cat essay.txt | margent           read standard input\n  \
                  margent render --width 60 essay.txt\n  \
                  margent annotate essay.txt --quote \"resists summary\" --note \"why?\" --tag question\n  \
                  margent notes essay.txt --format json\n  \
                  margent edit essay.txt 0193a5b2-7c1d --status resolved\n  \
                  margent export essay.txt --format md -o notes.md"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    /// The article to read; `-` (or nothing, with stdin piped) reads standard input.
    /// Several files are read in turn: `:n` and `:p` move between them.
    #[arg(value_name = "FILE|-")]
    pub files: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// Parses `args` like `try_parse_from`, takes the config path from `MARGENT_CONFIG`
    /// when `--config` is not given, and refuses a file before a subcommand
    /// (`margent essay.txt notes x.txt`), which clap alone would accept.
    pub fn parse_checked<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
        let mut cli = match Self::just_a_file(&args) {
            Some(cli) => cli,
            None => Self::try_parse_from(args)?,
        };
        if cli.global.config.is_none() {
            // An empty variable counts as unset, as scripts expect.
            cli.global.config = std::env::var_os("MARGENT_CONFIG")
                .filter(|value| !value.is_empty())
                .map(PathBuf::from);
        }
        // Several files take every word after the first: one naming a subcommand (and no
        // file) means a subcommand after a file.
        let names_command = |word: &PathBuf| {
            !word.exists()
                && Self::command()
                    .get_subcommands()
                    .any(|sub| word.as_os_str() == sub.get_name())
        };
        let subcommand_follows = cli.command.is_some() || cli.files.iter().skip(1).any(names_command);
        if let Some(file) = cli.files.first().filter(|_| subcommand_follows) {
            let message = format!(
                "{} is taken as the file to read, so no subcommand may follow it",
                crate::sanitize::inline(&file.to_string_lossy())
            );
            return Err(Self::command().error(clap::error::ErrorKind::ArgumentConflict, message));
        }
        Ok(cli)
    }
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Configuration file (default: $MARGENT_CONFIG if set and not empty, else the user
    /// config folder's margent/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Decode the document with this encoding instead of detecting it
    /// (e.g. UTF-8, GB18030, GBK, Big5, Shift_JIS, EUC-JP, EUC-KR, windows-1252, UTF-16LE).
    #[arg(long, global = true, value_name = "ENC", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,

    /// Show markup (Aozora Bunko notation, Markdown) as written instead of typeset.
    #[arg(long, global = true)]
    pub plain: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the reflowed text (no TUI).
    #[command(
        after_help = "Examples:\n  margent render --width 60 essay.txt\n  margent render --width 70 - < 红楼梦.txt | less"
    )]
    Render {
        /// Width in columns (default: the terminal's width, else 80).
        #[arg(long, short = 'w', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        width: Option<u16>,
        #[arg(value_name = "FILE|-")]
        file: PathBuf,
    },
    /// Add an annotation without the TUI; prints its id.
    #[command(after_help = "Examples:\n  \
                            margent annotate essay.txt --quote \"the sentence\" --note \"see p. 4\"\n  \
                            margent annotate essay.txt --quote \"the\" --occurrence 3 --kind mark --tag todo\n  \
                            margent annotate 红楼梦.txt --quote \"满纸荒唐言\" --color green --tag 名句\n\n\
                            An absent quote, or one that occurs more than once without --occurrence, \
                            is refused (exit 1) and the message says how many times it occurs.")]
    Annotate(AnnotateArgs),
    /// Change one annotation without the TUI: its note, tags, colour or review status.
    #[command(
        after_help = "Examples:\n  \
                            margent edit essay.txt 0193a5b2-7c1d --status resolved\n  \
                            margent edit essay.txt 0193a5b2-7c1d --note \"see p. 4\" --tag question --untag todo\n  \
                            margent edit essay.txt 0193a5b2-7c1d --note '' --color green\n\n\
                            ID is the full id (as `margent notes` shows it) or a unique prefix of at least 6 \
                            characters; an ambiguous prefix is refused (exit 1) with the ids it matches. \
                            --status resolved records who resolved it (MARGENT_AUTHOR, else the config's \
                            [reader] author) and when; --status open clears both. Prints what changed in one line.",
        override_usage = "margent edit FILE ID [--note TEXT] [--tag T]... [--untag T]... [--color C] [--status open|resolved]"
    )]
    Edit(EditArgs),
    /// Delete one annotation without the TUI.
    #[command(after_help = "Example:\n  margent delete essay.txt 0193a5b2-7c1d\n\n\
                            ID is the full id or a unique prefix of at least 6 characters. \
                            Prints what was deleted in one line.")]
    Delete {
        /// The annotated document.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The annotation's id, or a unique prefix of it (at least 6 characters).
        #[arg(value_name = "ID", value_parser = parse_id_prefix)]
        id: String,
    },
    /// Show or set the document's title and author (kept in its sidecar; exports use them).
    #[command(after_help = "Examples:\n  margent meta essay.txt\n  \
                            margent meta essay.txt --title \"On Reading Slowly\" --author \"A. Reader\"\n\n\
                            With no option, prints the title and author. An empty --author removes it; \
                            the title is never empty (an empty --title goes back to the detected one).")]
    Meta {
        /// The document.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The title exports, the library and imports use.
        #[arg(long, value_name = "T")]
        title: Option<String>,
        /// The author (Readwise's Author column, the exports' facts).
        #[arg(long, value_name = "A")]
        author: Option<String>,
    },
    /// List annotations, each with its anchoring status.
    #[command(after_help = "Examples:\n  margent notes essay.txt\n  \
                            margent notes essay.txt --format json --tag question\n  \
                            margent notes essay.txt --format json | jq '.[] | select(.status == \"orphaned\")'\n  \
                            margent notes --all --tag todo\n  \
                            margent notes ~/course/readings\n\n\
                            Anchoring statuses: exact, relocated, ambiguous, fuzzy (check it), \
                            orphaned (no longer in the text; kept).")]
    Notes {
        #[command(flatten)]
        documents: DocumentsArgs,
        /// text for people; json for scripts (an array of objects).
        #[arg(long, value_enum, default_value_t = NotesFormat::Text)]
        format: NotesFormat,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Export annotations (Markdown, Org, JSON, Readwise CSV, W3C Web Annotation, HTML).
    #[command(after_help = "Examples:\n  margent export essay.txt --format md\n  \
                            margent export essay.txt --format html -o essay.html\n  \
                            margent export essay.txt --format csv --tag quote > readwise.csv\n  \
                            margent export essay.txt --format w3c --kind note -o essay.jsonld\n  \
                            margent export --all --format csv -o readwise.csv\n\n\
                            With several documents (FILE..., DIR, --all) one export holds them all, \
                            grouped by document.")]
    Export {
        #[command(flatten)]
        documents: DocumentsArgs,
        /// Output format (default: from the config, else md).
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        #[command(flatten)]
        filter: FilterArgs,
        /// Write to OUT instead of stdout (`-`): a file is replaced atomically; an existing
        /// device, FIFO or socket is written to, never replaced; a folder is refused.
        /// A symbolic link is followed.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
        /// CSV: fill the URL column with the document's file: URL (a local path, so
        /// left empty unless asked).
        #[arg(long)]
        url: bool,
        /// CSV: begin with a UTF-8 byte order mark, for spreadsheets (as config
        /// `[export] csv_bom = true` does every time).
        #[arg(long)]
        bom: bool,
    },
    /// Import notes made elsewhere: Kindle, KOReader, Hypothesis, W3C, margent JSON, Readwise CSV.
    #[command(
        after_help = "Examples:\n  \
                      margent import 'My Clippings.txt' --into essay.txt --dry-run\n  \
                      margent import 'My Clippings.txt' --into ~/books\n  \
                      margent import book.sdr/metadata.epub.lua --into book.txt\n  \
                      margent import hypothesis.json --from hypothesis --into page.txt\n\n\
                      Each note is re-anchored by its quote (curly and straight quotes, case, spacing and \
                      line-end hyphens compared loosely). A note whose place is a guess (several places, an \
                      edited or truncated quote, a file cut short) gets the tag needs-review; one that is \
                      not found is kept as orphaned; nothing is placed silently. Importing the same file \
                      again adds nothing but the notes typed at the source since. The last line counts \
                      imported / needs review / orphaned / skipped items.",
        override_usage = "margent import SOURCE [--from FORMAT] [--into FILE|DIR]... [--book TITLE] [--dry-run]"
    )]
    Import(ImportArgs),
    /// Search the quotes, notes and tags of every document in the library.
    #[command(after_help = "Examples:\n  margent search ravens\n  \
                            margent search 月光 --format json\n  \
                            margent search '' --tag todo ~/course\n\n\
                            Prints each match's document, section, review status and a snippet. \
                            Case is ignored; whitespace matches any whitespace.")]
    Search {
        /// What to find ('' with --tag: every annotation with that tag).
        #[arg(value_name = "QUERY", allow_hyphen_values = true)]
        query: String,
        /// text for people; json for scripts (an array of objects).
        #[arg(long, value_enum, default_value_t = NotesFormat::Text)]
        format: NotesFormat,
        /// Only annotations with this tag (repeatable: any of them).
        #[arg(long = "tag", value_name = "T")]
        tags: Vec<String>,
        /// Only documents under this folder.
        #[arg(value_name = "DIR")]
        folder: Option<PathBuf>,
    },
    /// List the documents margent knows: path, title, progress, annotation counts.
    #[command(after_help = "Examples:\n  margent library\n  \
                            margent library --format json | jq '.[] | select(.state == \"missing\")'\n  \
                            margent library --rebuild ~/course\n\n\
                            The index lives in the per-user data folder; the sidecars stay the truth, \
                            so --rebuild (or deleting the index) loses nothing.")]
    Library {
        /// text for people; json for scripts (an array of objects).
        #[arg(long, value_enum, default_value_t = NotesFormat::Text)]
        format: NotesFormat,
        /// Recreate the index from the sidecars it knows and those under DIR.
        #[arg(long)]
        rebuild: bool,
        /// Only documents under this folder (with plain-text files not yet known).
        #[arg(value_name = "DIR")]
        folder: Option<PathBuf>,
    },
    /// Git merge driver for sidecars: merges BASE, OURS and THEIRS into OURS.
    #[command(after_help = "Set up once per repository:\n  \
                            echo '*.notes.toml merge=margent' >> .gitattributes\n  \
                            git config merge.margent.driver 'margent merge %O %A %B'")]
    Merge {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  margent completions bash > ~/.local/share/bash-completion/completions/margent"
    )]
    Completions { shell: clap_complete::Shell },
    /// Print the roff man page.
    #[command(after_help = "Example:\n  margent man | man -l -")]
    Man,
}

#[derive(Debug, Clone, Args)]
pub struct AnnotateArgs {
    /// The document to annotate (its sidecar is created if there is none).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The exact text to annotate; whitespace matches any run of whitespace.
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub quote: String,
    /// Which occurrence of the quote (1-based) when it occurs more than once.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub occurrence: Option<u64>,
    /// Match loosely, for quotes brought from elsewhere: curly and straight quotes alike,
    /// case ignored, a hyphen at a line end joined.
    #[arg(long)]
    pub loose: bool,
    /// The note's text (newlines are kept).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
    /// A tag (repeatable).
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// A palette colour name from the config.
    #[arg(long, value_name = "C")]
    pub color: Option<String>,
    /// highlight, note or mark (default: note with --note, mark with --tag, else highlight).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The file to import (Kindle's My Clippings.txt, a KOReader metadata.*.lua, JSON, CSV).
    #[arg(value_name = "SOURCE")]
    pub source: PathBuf,
    /// The source's format (default: told from its content).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<ImportFormat>,
    /// The document to import onto, or a folder of documents to match books against by
    /// title, author and file name (repeatable).
    #[arg(long, value_name = "FILE|DIR")]
    pub into: Vec<PathBuf>,
    /// Import only the book whose title best matches TITLE (a source with many books).
    #[arg(long, value_name = "TITLE")]
    pub book: Option<String>,
    /// Say what would happen; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Kindle,
    Koreader,
    Hypothesis,
    Readwise,
    W3c,
    Json,
}

impl From<ImportFormat> for crate::import::Format {
    fn from(format: ImportFormat) -> Self {
        match format {
            ImportFormat::Kindle => crate::import::Format::Kindle,
            ImportFormat::Koreader => crate::import::Format::Koreader,
            ImportFormat::Hypothesis => crate::import::Format::Hypothesis,
            ImportFormat::Readwise => crate::import::Format::Readwise,
            ImportFormat::W3c => crate::import::Format::W3c,
            ImportFormat::Json => crate::import::Format::Json,
        }
    }
}

#[derive(Debug, Clone, Args)]
#[command(group(
    clap::ArgGroup::new("change")
        .required(true)
        .multiple(true)
        .args(["note", "tags", "untags", "color", "status"])
))]
pub struct EditArgs {
    /// The annotated document.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The annotation's id, or a unique prefix of it (at least 6 characters).
    #[arg(value_name = "ID", value_parser = parse_id_prefix)]
    pub id: String,
    /// Replace the note with this text ('' clears it; newlines are kept).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
    /// Add a tag (repeatable).
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// Remove a tag (repeatable).
    #[arg(long = "untag", value_name = "T")]
    pub untags: Vec<String>,
    /// A palette colour name from the config.
    #[arg(long, value_name = "C")]
    pub color: Option<String>,
    /// Resolve it (recording who and when) or open it again.
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
}

/// Which documents `notes` and `export` read.
#[derive(Debug, Clone, Default, Args)]
pub struct DocumentsArgs {
    /// The documents; a folder stands for every annotated document under it.
    #[arg(value_name = "FILE|DIR", required_unless_present = "all")]
    pub files: Vec<PathBuf>,
    /// Every annotated document in the library (see `margent library`).
    #[arg(long, conflicts_with = "files")]
    pub all: bool,
}

/// Filters shared by `notes` and `export`.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only annotations with this tag (repeatable: any of them).
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// Only annotations of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Only annotations of this palette colour.
    #[arg(long, value_name = "C")]
    pub color: Option<String>,
    /// Only annotations with this review status.
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NotesFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Markdown: each annotation's location, quote (as a > blockquote), note and tags
    Md,
    /// Org: #+TITLE, one headline per annotation, #+begin_quote
    Org,
    /// JSON: the sidecar's data with each annotation's anchoring status and location
    Json,
    /// Readwise CSV import: Highlight,Title,Author,URL,Note,Location,Date
    Csv,
    /// W3C Web Annotation JSON-LD: an AnnotationCollection
    W3c,
    /// A standalone HTML page: the article with highlights and notes, to print or send
    Html,
    /// Anki cloze cards (a text file Anki imports as is): the sentence, the quote as the cloze
    Anki,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Highlight,
    Note,
    Mark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Open,
    Resolved,
}

impl From<FormatArg> for crate::export::Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Md => crate::export::Format::Md,
            FormatArg::Org => crate::export::Format::Org,
            FormatArg::Json => crate::export::Format::Json,
            FormatArg::Csv => crate::export::Format::Csv,
            FormatArg::W3c => crate::export::Format::W3c,
            FormatArg::Html => crate::export::Format::Html,
            FormatArg::Anki => crate::export::Format::Anki,
        }
    }
}

impl From<KindArg> for crate::annotation::Kind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::Highlight => crate::annotation::Kind::Highlight,
            KindArg::Note => crate::annotation::Kind::Note,
            KindArg::Mark => crate::annotation::Kind::Mark,
        }
    }
}

impl From<StatusArg> for crate::annotation::Status {
    fn from(status: StatusArg) -> Self {
        match status {
            StatusArg::Open => crate::annotation::Status::Open,
            StatusArg::Resolved => crate::annotation::Status::Resolved,
        }
    }
}

/// Fewest characters of an id that name an annotation (DESIGN §1.2).
pub const MIN_ID_PREFIX: usize = 6;

/// An id or id prefix as typed: at least `MIN_ID_PREFIX` characters, compared in
/// lowercase (ids are stored in lowercase).
fn parse_id_prefix(id: &str) -> Result<String, String> {
    let id = id.trim();
    if id.chars().count() < MIN_ID_PREFIX {
        return Err(format!(
            "give the full id or a prefix of at least {MIN_ID_PREFIX} characters (see `margent notes FILE`)"
        ));
    }
    Ok(id.to_ascii_lowercase())
}

fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_for_label(label).ok_or_else(|| format!("unknown encoding {label:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_bare_file_opens_the_reader() {
        let cli = Cli::try_parse_from(["margent", "essay.txt"]).unwrap();
        assert_eq!(cli.files, [PathBuf::from("essay.txt")]);
        assert!(cli.command.is_none());
        let cli = Cli::try_parse_from(["margent", "a.txt", "b.md"]).unwrap();
        assert_eq!(cli.files, [PathBuf::from("a.txt"), PathBuf::from("b.md")]);
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        for args in [
            &[
                "margent",
                "--config",
                "c.toml",
                "--encoding",
                "gbk",
                "notes",
                "x.txt",
            ][..],
            &[
                "margent",
                "notes",
                "--config",
                "c.toml",
                "x.txt",
                "--encoding",
                "gbk",
            ][..],
        ] {
            let cli = Cli::try_parse_from(args).unwrap();
            assert!(matches!(cli.command, Some(Command::Notes { .. })), "{args:?}");
            assert_eq!(cli.global.config, Some(PathBuf::from("c.toml")));
            assert_eq!(cli.global.encoding.unwrap().name(), "GBK");
            assert!(cli.files.is_empty());
        }
        let cli = Cli::try_parse_from(["margent", "--encoding", "big5", "essay.txt"]).unwrap();
        assert_eq!(cli.files, [PathBuf::from("essay.txt")]);
    }

    #[test]
    fn a_file_and_a_subcommand_together_are_refused() {
        assert!(Cli::parse_checked(["margent", "essay.txt", "notes", "x.txt"]).is_err());
        assert!(Cli::parse_checked(["margent", "a.txt", "b.txt", "notes", "x.txt"]).is_err());
        assert!(Cli::parse_checked(["margent", "essay.txt"]).is_ok());
    }

    #[test]
    fn render_takes_width_and_encoding() {
        let cli = Cli::try_parse_from(["margent", "render", "--width", "40", "--encoding", "gbk", "x.txt"])
            .unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Render { width: Some(40), .. })
        ));
        assert_eq!(cli.global.encoding.unwrap().name(), "GBK");
        assert!(Cli::try_parse_from(["margent", "render", "--encoding", "nope", "x.txt"]).is_err());
        assert!(Cli::try_parse_from(["margent", "render", "--width", "0", "x.txt"]).is_err());
    }
}
