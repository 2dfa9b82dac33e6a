//! `margent completions SHELL` and `margent man`: generated from the clap definitions,
//! so they never drift from the command line. Both are rendered into memory first:
//! clap_complete panics on a failed write, and a closed pipe must end quietly.

use std::io::Write;

use clap::CommandFactory;

use super::CommandError;
use crate::cli::Cli;

pub fn completions(shell: clap_complete::Shell) -> Result<(), CommandError> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "margent", &mut script);
    write_stdout(&script)
}

/// One page for everything: margent's own sections, then each subcommand with its
/// synopsis, options and examples, then exit status, environment and files.
pub fn man() -> Result<(), CommandError> {
    let mut page = Vec::new();
    render_man(&mut page).map_err(|err| CommandError::Failed(format!("man page: cannot render: {err}")))?;
    write_stdout(&page)
}

fn render_man(page: &mut Vec<u8>) -> std::io::Result<()> {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(page)?;
    man.render_name_section(page)?;
    man.render_synopsis_section(page)?;
    man.render_description_section(page)?;
    man.render_options_section(page)?;
    if let Some(examples) = command.get_after_help() {
        let examples = examples.to_string();
        let examples = examples.strip_prefix("Examples:\n").unwrap_or(&examples);
        page.extend_from_slice(format!(".SH EXAMPLES\n.nf\n{}\n.fi\n", roff_text(examples)).as_bytes());
    }
    page.extend_from_slice(b".SH COMMANDS\n");
    for sub in command.get_subcommands() {
        let name = format!("margent {}", sub.get_name());
        let sub = sub.clone().bin_name(name);
        let sub_man = clap_mangen::Man::new(sub.clone());
        // Each subcommand is a subsection of COMMANDS, not a page of its own.
        let mut synopsis = Vec::new();
        sub_man.render_synopsis_section(&mut synopsis)?;
        let synopsis = String::from_utf8_lossy(&synopsis).replace(".SH SYNOPSIS", ".SS");
        page.extend_from_slice(synopsis.as_bytes());
        if let Some(about) = sub.get_about() {
            page.extend_from_slice(format!(".PP\n{}\n", roff_text(&about.to_string())).as_bytes());
        }
        let mut options = Vec::new();
        sub_man.render_options_section(&mut options)?;
        let options = String::from_utf8_lossy(&options).replace(".SH OPTIONS", ".PP\nOptions:");
        page.extend_from_slice(options.as_bytes());
        if let Some(examples) = sub.get_after_help() {
            page.extend_from_slice(
                format!(".PP\n.nf\n{}\n.fi\n", roff_text(&examples.to_string())).as_bytes(),
            );
        }
    }
    page.extend_from_slice(MAN_TAIL.as_bytes());
    man.render_version_section(page)
}

const MAN_TAIL: &str = r#".SH "EXIT STATUS"
.TP
0
Success.
.TP
1
A failure; one line on standard error names the file involved.
.TP
2
A usage error.
.SH ENVIRONMENT
.TP
MARGENT_CONFIG
The configuration file, when \-\-config is not given (empty counts as unset).
.TP
MARGENT_AUTHOR
Who makes and resolves annotations, in the reader and with margent annotate and margent edit (before the config's [reader] author).
.TP
NO_COLOR
When set to a non\-empty value, the reader uses no colours: each palette entry's no_color style (underline, reverse video, bold…) shows highlights.
.TP
VISUAL, EDITOR
The program the reader's E key opens a note in (VISUAL first, then EDITOR, else vi).
.SH FILES
.TP
FILE.notes.toml
The sidecar beside the document, holding its annotations and reading position (a per\-user data folder when the document's folder is not writable or the text came from standard input).
.TP
~/.config/margent/config.toml
The configuration file (see config.example.toml).
"#;

/// Text for a roff body: backslashes doubled, and a line that would start with a
/// control character (`.` or `'`) protected.
fn roff_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .lines()
        .map(|line| {
            if line.starts_with(['.', '\'']) {
                format!("\\&{line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn write_stdout(bytes: &[u8]) -> Result<(), CommandError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(CommandError::stdout)
}
