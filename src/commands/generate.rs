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

pub fn man() -> Result<(), CommandError> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|err| CommandError::Failed(format!("man page: cannot render: {err}")))?;
    write_stdout(&page)
}

fn write_stdout(bytes: &[u8]) -> Result<(), CommandError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(CommandError::stdout)
}
