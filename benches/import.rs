//! `margent import` at the size issue 14 budgets for: 5,000 Kindle clippings of twenty
//! books, imported onto a folder of their documents (each book found by its title,
//! each quote re-anchored), then the same file imported again (which must add
//! nothing). Hard-wrapped documents, and quotes as Kindle gives them: on one line,
//! some with curly quotes where the text has straight ones. Run with
//! `cargo bench --bench import`; medians of the real binary as whole processes.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BOOKS: usize = 20;
const PER_BOOK: usize = 250;
/// Sentences in each document (about a novel's length, 1 MB): a highlight is one in
/// thirty-two of them.
const SENTENCES: usize = PER_BOOK * 32;
const RUNS: usize = 7;
const BIN: &str = env!("CARGO_BIN_EXE_margent");

const WORDS: [&str; 32] = [
    "the", "river", "morning", "light", "said", "slowly", "across", "window", "letter", "house", "remember",
    "garden", "silence", "between", "winter", "voice", "table", "city", "return", "because", "evening",
    "never", "father", "distant", "question", "open", "road", "answer", "quiet", "always", "stone", "under",
];

/// A sentence that no other in the fixture repeats.
fn sentence(book: usize, n: usize) -> String {
    let mut words = vec![format!("Sentence{n}"), format!("of{book}")];
    let mut seed = (book * 7919 + n * 104_729) as u64;
    for _ in 0..14 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        words.push(WORDS[(seed >> 33) as usize % WORDS.len()].to_string());
    }
    if n.is_multiple_of(5) {
        words.insert(5, "\"don't\"".to_string());
    }
    words.join(" ") + "."
}

/// A document wrapped at 70 columns, its title on its first line.
fn document(book: usize) -> String {
    let mut text = format!("The Book Number {book}\n\nby Author {book}\n\n");
    let mut line = String::new();
    for n in 0..SENTENCES {
        for word in sentence(book, n).split(' ') {
            if !line.is_empty() && line.len() + 1 + word.len() > 70 {
                text.push_str(&line);
                text.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if n % 6 == 5 {
            text.push_str(&line);
            text.push_str("\n\n");
            line.clear();
        }
    }
    text + &line + "\n"
}

fn clippings() -> String {
    let mut out = String::new();
    for n in 0..PER_BOOK {
        for book in 0..BOOKS {
            let quote = sentence(book, n * 32 + 3).replace("\"don't\"", "“don’t”");
            let location = n * 10 + 100;
            let _ = write!(
                out,
                "\u{feff}The Book Number {book} (Author {book})\r\n- Your Highlight on page {page} | Location {location}-{end} | Added on Monday, May 4, 2020 {hour}:{minute:02}:00 AM\r\n\r\n{quote}\r\n==========\r\n",
                page = n + 1,
                end = location + 2,
                hour = 1 + n % 11,
                minute = book % 60,
            );
        }
    }
    out
}

fn import(dir: &Path) -> (Duration, Output) {
    let started = Instant::now();
    let output = Command::new(BIN)
        .current_dir(dir)
        .env("MARGENT_CONFIG", dir.join("config.toml"))
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .args(["import", "clippings.txt", "--into", "books"])
        .output()
        .expect("margent runs");
    let took = started.elapsed();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (took, output)
}

fn summary(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout.lines().last().unwrap_or("").to_string()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The documents, the clippings and an empty config in `dir`.
fn fixture(dir: &Path) {
    std::fs::create_dir_all(dir.join("books")).expect("a folder");
    std::fs::write(dir.join("config.toml"), "").expect("a config");
    for book in 0..BOOKS {
        std::fs::write(dir.join(format!("books/book{book}.txt")), document(book)).expect("a document");
    }
    std::fs::write(dir.join("clippings.txt"), clippings()).expect("the clippings");
}

fn main() {
    // `MARGENT_BENCH_IMPORT_DIR=folder`: only make the fixture there, to look at it.
    if let Some(dir) = std::env::var_os("MARGENT_BENCH_IMPORT_DIR") {
        fixture(Path::new(&dir));
        return;
    }
    let mut first = Vec::new();
    let mut again = Vec::new();
    let (mut first_summary, mut again_summary) = (String::new(), String::new());
    for _ in 0..RUNS {
        let dir = tempfile::tempdir().expect("a temporary folder");
        fixture(dir.path());
        let (took, output) = import(dir.path());
        first.push(took);
        first_summary = summary(&output);
        let (took, output) = import(dir.path());
        again.push(took);
        again_summary = summary(&output);
    }
    println!(
        "{} clippings of {BOOKS} books onto a folder of their documents ({RUNS} runs, medians)",
        BOOKS * PER_BOOK
    );
    println!(
        "first import  {:>8.1} ms   {first_summary}",
        median(first).as_secs_f64() * 1e3
    );
    println!(
        "again         {:>8.1} ms   {again_summary}",
        median(again).as_secs_f64() * 1e3
    );
}
