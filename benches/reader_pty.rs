//! The reader against `less`, side by side in a real pseudo-terminal (portable-pty, the
//! screen read back with vt100): time to the first screen, to the end (`G`, pressed at
//! once and after the whole file is read), to a search
//! hit on the last line, and per scroll step. Run with
//! `cargo bench --bench reader_pty` (set `MARGENT_BENCH_FILE` to a large text, e.g. 50 MB;
//! otherwise an 8 MB one is generated; a file that is not UTF-8 is taken for windows-1252;
//! `MARGENT_BENCH_BIN` times another build of margent).
//! Prints medians; needs `less` on the PATH.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const RUNS: usize = 7;
const FIRST_SCREEN_RUNS: usize = 31;
const COLS: u16 = 80;
const ROWS: u16 = 24;

struct Pty {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    fn spawn(program: &str, args: &[&str]) -> Pty {
        // Each run starts at the top: forget the position an earlier run saved (in the
        // state folder; an old sidecar's would be honoured too).
        for arg in args {
            let _ = std::fs::remove_file(format!("{arg}.notes.toml"));
        }
        let state = std::env::temp_dir().join("margent-bench-state");
        let _ = std::fs::remove_dir_all(&state);
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.env("TERM", "xterm-256color");
        command.env("LESS", "");
        command.env("HOME", std::env::temp_dir());
        command.env("XDG_DATA_HOME", std::env::temp_dir().join("margent-bench-data"));
        command.env("XDG_STATE_HOME", &state);
        let child = pair.slave.spawn_command(command).expect("spawn");
        drop(pair.slave);
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("non-zero");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(size(ROWS), size(COLS), 0)));
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 65536];
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("screen").process(&chunk[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("writer");
        Pty {
            screen,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn wait_for(&self, needle: &str) -> Duration {
        let start = Instant::now();
        loop {
            if self
                .screen
                .lock()
                .expect("screen")
                .screen()
                .contents()
                .contains(needle)
            {
                return start.elapsed();
            }
            assert!(start.elapsed() < Duration::from_secs(60), "never saw {needle:?}");
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    fn send(&mut self, keys: &str) -> Instant {
        self.writer.write_all(keys.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
        Instant::now()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.writer.write_all(b"q");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Timings {
    /// `G` pressed as soon as the first screen is there (margent: while the rest loads).
    end_at_once: Vec<Duration>,
    /// `G` pressed after scrolling (the whole file is read by then).
    end: Vec<Duration>,
    search: Vec<Duration>,
    scroll_step: Vec<Duration>,
}

fn measure(program: &str, file: &Path, first_text: &str, last_word: &str, last_text: &str) -> Timings {
    let mut timings = Timings {
        end_at_once: vec![],
        end: vec![],
        search: vec![],
        scroll_step: vec![],
    };
    let file = file.to_str().expect("utf-8 path");
    for _ in 0..RUNS {
        let mut pty = Pty::spawn(program, &[file]);
        pty.wait_for(first_text);
        let sent = pty.send("G");
        pty.wait_for(last_text);
        timings.end_at_once.push(sent.elapsed());
        drop(pty);

        let mut pty = Pty::spawn(program, &[file]);
        pty.wait_for(first_text);

        // Scrolling: 50 steps down, each waited for by watching the screen change.
        let steps = 50;
        let sent = Instant::now();
        for _ in 0..steps {
            let before = pty.screen.lock().expect("screen").screen().contents();
            let pressed = pty.send("j");
            while pty.screen.lock().expect("screen").screen().contents() == before {
                assert!(pressed.elapsed() < Duration::from_secs(10), "scrolling stalled");
                std::thread::sleep(Duration::from_micros(100));
            }
        }
        timings.scroll_step.push(sent.elapsed() / steps);

        let sent = pty.send("G");
        pty.wait_for(last_text);
        timings.end.push(sent.elapsed());

        let mut pty = Pty::spawn(program, &[file]);
        pty.wait_for(first_text);
        let sent = pty.send(&format!("/{last_word}\r"));
        pty.wait_for(last_text);
        timings.search.push(sent.elapsed());
    }
    timings
}

/// Time to the first screen, the programs taking turns (so that the machine's moods
/// fall on both alike), `FIRST_SCREEN_RUNS` times each.
fn first_screens(programs: &[&str], file: &Path, first_text: &str) -> Vec<Vec<Duration>> {
    let file = file.to_str().expect("utf-8 path");
    let mut timings = vec![Vec::new(); programs.len()];
    for _ in 0..FIRST_SCREEN_RUNS {
        for (program, timings) in programs.iter().zip(&mut timings) {
            let start = Instant::now();
            let pty = Pty::spawn(program, &[file]);
            pty.wait_for(first_text);
            timings.push(start.elapsed());
        }
    }
    timings
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn bench_file() -> (PathBuf, Option<tempfile::TempDir>) {
    if let Ok(path) = std::env::var("MARGENT_BENCH_FILE") {
        return (PathBuf::from(path), None);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corpus/en-moby-dick-gutenberg-cp1252-crlf.txt"
    );
    let bytes = std::fs::read(fixture).expect("fixture");
    let doc =
        margent::document::Document::from_bytes(bytes, None, margent::document::Source::Stdin).expect("text");
    let mut text = String::new();
    while text.len() < 8 << 20 {
        text.push_str(doc.text());
    }
    text.push_str("\n\nThe very last paragraph ends with the word zyzzogeton.\n");
    let path = dir.path().join("bench.txt");
    std::fs::write(&path, text).expect("write");
    (path, Some(dir))
}

/// The first three words and the last word of the file (which both programs show), its
/// size in MB and its encoding. The text is let go before anything is timed: a bench
/// holding 100 MB takes milliseconds longer to start each program.
fn words_of(file: &Path) -> (String, String, f64, &'static str) {
    // A legacy-encoded file (the budget holds for windows-1252 too) is read as such to
    // find the words: its first and last are ASCII in practice.
    let bytes = std::fs::read(file).expect("the bench file");
    let (text, encoding) = match String::from_utf8(bytes) {
        Ok(text) => (text, "UTF-8"),
        Err(err) => {
            let text = encoding_rs::WINDOWS_1252.decode(err.as_bytes()).0.into_owned();
            (text, "windows-1252")
        }
    };
    let first_text: String = text.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    let last_word = text
        .split_whitespace()
        .last()
        .expect("words")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    (first_text, last_word, text.len() as f64 / 1e6, encoding)
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let (file, _dir) = bench_file();
    let (first_text, last_word, size_mb, encoding) = words_of(&file);
    let last_text = last_word.clone();
    // Another build of margent (say, an older one) can be timed instead.
    let built = std::env::var("MARGENT_BENCH_BIN").ok();
    let margent = built.as_deref().unwrap_or(env!("CARGO_BIN_EXE_margent"));
    println!(
        "file: {} ({size_mb:.1} MB, {encoding}), {COLS}x{ROWS}, medians of {FIRST_SCREEN_RUNS} runs \
         (first screen) and {RUNS} (the others)",
        file.display()
    );
    println!(
        "{:<10} {:>14} {:>11} {:>10} {:>22} {:>12}",
        "", "first screen", "G at once", "G (end)", "search last word", "scroll step"
    );
    let mut first = first_screens(&[margent, "less"], &file, &first_text);
    for ((name, program), first) in [("margent", margent), ("less", "less")]
        .into_iter()
        .zip(&mut first)
    {
        let mut t = measure(program, &file, &first_text, &last_word, &last_text);
        println!(
            "{name:<10} {:>11.1} ms {:>8.1} ms {:>7.1} ms {:>19.1} ms {:>9.2} ms",
            median(first).as_secs_f64() * 1e3,
            median(&mut t.end_at_once).as_secs_f64() * 1e3,
            median(&mut t.end).as_secs_f64() * 1e3,
            median(&mut t.search).as_secs_f64() * 1e3,
            median(&mut t.scroll_step).as_secs_f64() * 1e3,
        );
    }
}
