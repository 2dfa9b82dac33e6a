//! The margent binary: parses the command line, runs it, and turns the outcome into an
//! exit code (0 success, 1 failure with a one-line message naming the file, 2 usage).

use std::io::IsTerminal;
use std::process::ExitCode;

use margent::Outcome;
use margent::cli::Cli;
use margent::commands::{self, CommandError, Context};
use margent::sanitize;

fn main() -> ExitCode {
    // A panic restores the terminal and reports one sanitised line; the process then
    // exits with status 1 like any other failure, never with a panic message.
    margent::install_panic_hook();
    std::panic::catch_unwind(run).unwrap_or(ExitCode::from(1))
}

fn run() -> ExitCode {
    let cli = match Cli::parse_checked(std::env::args_os()) {
        Ok(cli) => cli,
        Err(err) => {
            print_usage_error(&err);
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let context = Context {
        global: cli.global.clone(),
        terminal_cols: terminal_cols(),
    };
    let outcome = match cli.command {
        Some(command) => commands::run(command, &context).map(|()| Outcome::Quit),
        None => read(cli.files, &context),
    };
    match outcome {
        // Stopped by a signal: 128 + its number, as a shell expects.
        Ok(outcome) => ExitCode::from(outcome.exit_status()),
        Err(CommandError::BrokenPipe) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("margent: {}", sanitize::inline(&err.to_string()));
            ExitCode::from(if matches!(err, CommandError::Usage(_)) {
                2
            } else {
                1
            })
        }
    }
}

/// `margent [FILE|-]...`: the reader on a terminal, else the same output as `render`;
/// `margent` alone (stdin a terminal) and `margent DIR`: the library view. Several
/// files are read in turn (`:n`, `:p`).
fn read(mut files: Vec<std::path::PathBuf>, context: &Context) -> Result<Outcome, CommandError> {
    if files.len() > 1 {
        return commands::read_files(&files, context);
    }
    let stdin_piped = !std::io::stdin().is_terminal();
    let file = match files.pop() {
        // Like less: a terminal has no text to read as the document.
        Some(file) if file.as_os_str() == "-" && !stdin_piped => {
            return Err(CommandError::Usage(
                "`-` reads standard input, but it is the terminal, not piped text: \
                 try `command | margent -`, or `margent FILE`"
                    .into(),
            ));
        }
        Some(folder) if folder.is_dir() => return commands::open_library_view(Some(&folder), context, false),
        Some(file) => file,
        None if stdin_piped => "-".into(),
        None => return commands::open_library_view(None, context, false),
    };
    match commands::read_file(&file, context)? {
        // The reader's `L`: on to the search across the library.
        Outcome::SearchLibrary => commands::open_library_view(None, context, true),
        outcome => Ok(outcome),
    }
}

/// The terminal's width, when stdout is a terminal.
fn terminal_cols() -> Option<u16> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size()
        .ok()
        .map(|(cols, _)| cols)
        .filter(|&cols| cols > 0)
}

/// clap's message (usage error, help or version) without clap's colours, and with any
/// control character from the arguments (a file name holding an escape sequence)
/// shown as a placeholder: clap itself would echo it raw to a terminal.
fn print_usage_error(err: &clap::Error) {
    use std::io::Write;
    let text = err.render().to_string();
    let text = margent::sanitize::multiline(&text);
    let _ = if err.use_stderr() {
        std::io::stderr().lock().write_all(text.as_bytes())
    } else {
        std::io::stdout().lock().write_all(text.as_bytes())
    };
}
