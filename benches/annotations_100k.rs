//! 100,000 annotations on a 5 MB document (the budget: the reader's first screen within
//! 100 ms, adding one annotation within 150 ms, `notes` within 500 ms, peak memory within
//! 3× the sidecar's size). `cargo bench --bench annotations_100k`; prints medians.
//! Set `MARGENT_BENCH_ANNOTATIONS` for another count (the 10k figures, for instance).
//! The binary's peak memory is read with `/usr/bin/time -f %M` where it exists.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use margent::annotation::{Annotation, Kind};
use margent::document::{Document, Source};
use margent::sidecar::{DocumentInfo, Places, Sidecar, SidecarData, SidecarLocation, Sidecars};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const RUNS: usize = 7;
const STEP: usize = 48;

fn document_text() -> String {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corpus/en-moby-dick-gutenberg-cp1252-crlf.txt"
    );
    let bytes = std::fs::read(fixture).expect("fixture");
    let doc = Document::from_bytes(bytes, None, Source::Stdin).expect("text");
    let mut text = String::new();
    while text.len() < 5 << 20 {
        text.push_str(doc.text());
    }
    text
}

/// `count` annotations spread over the text, each on its own quote and context.
fn sidecar_text(doc: &Document, count: usize) -> String {
    let chars: Vec<char> = doc.text().chars().collect();
    let step = (chars.len() / count).clamp(1, STEP * 4);
    let slice = |range: std::ops::Range<usize>| chars[range].iter().collect::<String>();
    let annotations = (0..count)
        .map(|n| {
            let start = (n * step) % (chars.len() - 100) + 40;
            let end = start + 40;
            let created = Timestamp::from_second(1_790_000_000 + n as i64).expect("time");
            Annotation::new(
                [Kind::Highlight, Kind::Note, Kind::Mark][n % 3],
                slice(start..end),
                start..end,
            )
            .with_id(format!("0193a5b2-7c1d-7e4f-8a9b-{n:012x}"))
            .created_at(created)
            .with_context(slice(start - 32..start), slice(end..end + 32))
            .with_tags([format!("chapter-{}", n % 12)])
            .with_note(if n % 2 == 0 {
                format!("A note on passage {n}.")
            } else {
                String::new()
            })
        })
        .map(std::sync::Arc::new)
        .collect();
    Sidecar::from_data(SidecarData {
        document: DocumentInfo::from_document(doc),
        annotations,
    })
    .expect("valid")
    .to_toml_string()
}

fn median(values: &mut [Duration]) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn command(margent: &str, env: &Path) -> Command {
    let mut command = Command::new(margent);
    command
        .env("HOME", env)
        .env("XDG_DATA_HOME", env.join("data"))
        .env("XDG_STATE_HOME", env.join("state"))
        .env("XDG_CONFIG_HOME", env.join("config"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Median wall time of `args`, and its peak resident memory in KiB if `time` can say.
fn run_cli(margent: &str, env: &Path, args: &[&str]) -> (Duration, Option<u64>) {
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let status = command(margent, env).args(args).status().expect("runs");
        times.push(start.elapsed());
        assert!(status.success(), "margent {args:?} failed");
    }
    let peak = Path::new("/usr/bin/time").exists().then(|| {
        let out = Command::new("/usr/bin/time")
            .arg("-f")
            .arg("%M")
            .arg(margent)
            .args(args)
            .env("HOME", env)
            .env("XDG_DATA_HOME", env.join("data"))
            .env("XDG_STATE_HOME", env.join("state"))
            .env("XDG_CONFIG_HOME", env.join("config"))
            .stdout(Stdio::null())
            .output()
            .expect("time runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        stderr.lines().last().and_then(|line| line.trim().parse().ok())
    });
    (median(&mut times), peak.flatten())
}

/// Time until the reader's first screen shows `first_text`.
fn first_screen(margent: &str, env: &Path, file: &Path, first_text: &str) -> Duration {
    let file = file.to_str().expect("utf-8 path");
    in_reader(margent, &[file], env, first_text, Duration::ZERO)
}

/// The reader's peak resident memory in KiB, its annotations loaded and anchored (it
/// is left `linger` after its first screen), if `time` can say.
fn reader_peak(margent: &str, env: &Path, file: &Path, first_text: &str, linger: Duration) -> Option<u64> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return None;
    }
    let out = env.join("reader-peak");
    let (out_arg, file) = (out.to_str()?, file.to_str()?);
    let args = ["-f", "%M", "-o", out_arg, margent, file];
    in_reader("/usr/bin/time", &args, env, first_text, linger);
    std::fs::read_to_string(&out)
        .ok()?
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

/// Runs `program` with `args` in a 24×80 pseudo-terminal until its screen shows
/// `first_text`, then `linger` more, then quits it with `q`: the time to that screen.
fn in_reader(program: &str, args: &[&str], env: &Path, first_text: &str, linger: Duration) -> Duration {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut command = CommandBuilder::new(program);
    command.args(args);
    command.env("TERM", "xterm-256color");
    command.env("HOME", env);
    command.env("XDG_DATA_HOME", env.join("data"));
    command.env("XDG_STATE_HOME", env.join("state"));
    command.env("XDG_CONFIG_HOME", env.join("config"));
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(command).expect("spawn");
    drop(pair.slave);
    let size = |n: u16| std::num::NonZeroU16::new(n).expect("non-zero");
    let screen = Arc::new(Mutex::new(vt100::Parser::new(size(24), size(80), 0)));
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
    let shown = loop {
        if screen
            .lock()
            .expect("screen")
            .screen()
            .contents()
            .contains(first_text)
        {
            break start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "never saw {first_text:?}"
        );
        std::thread::sleep(Duration::from_micros(200));
    };
    std::thread::sleep(linger);
    let mut writer = pair.master.take_writer().expect("writer");
    let _ = writer.write_all(b"q");
    let _ = writer.flush();
    match linger.is_zero() {
        // Only the time to the first screen matters.
        true => {
            std::thread::sleep(Duration::from_millis(50));
            let _ = child.kill();
        }
        // `time` writes when the reader has quit.
        false => std::thread::sleep(Duration::from_secs(2)),
    }
    let _ = child.wait();
    shown
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let count: usize = std::env::var("MARGENT_BENCH_ANNOTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let env = dir.path().join("home");
    std::fs::create_dir_all(&env).expect("home");
    let file = dir.path().join("bench.txt");
    let text = document_text();
    std::fs::write(&file, &text).expect("write");
    let doc = Document::open(&file, None).expect("opens");
    let sidecar = sidecar_text(&doc, count);
    let sidecar_path = dir.path().join("bench.txt.notes.toml");
    std::fs::write(&sidecar_path, &sidecar).expect("write");
    println!(
        "{count} annotations on a {:.1} MB document; sidecar {:.1} MB; medians of {RUNS} runs",
        text.len() as f64 / 1e6,
        sidecar.len() as f64 / 1e6
    );
    let margent = env!("CARGO_BIN_EXE_margent");
    let path = file.to_str().expect("utf-8 path");

    let (notes, notes_peak) = run_cli(margent, &env, &["notes", path]);
    let kib =
        |peak: Option<u64>| peak.map_or("n/a".to_string(), |kib| format!("{:.0} MiB", kib as f64 / 1024.0));
    println!(
        "notes:                      {:>8.1} ms, peak {}",
        ms(notes),
        kib(notes_peak)
    );
    let (json, json_peak) = run_cli(margent, &env, &["notes", "--format", "json", path]);
    println!(
        "notes --format json:        {:>8.1} ms, peak {}",
        ms(json),
        kib(json_peak)
    );

    let out = dir.path().join("export.out");
    let out = out.to_str().expect("utf-8 path");
    for format in ["md", "org", "json", "csv", "w3c", "html", "anki"] {
        let (took, peak) = run_cli(margent, &env, &["export", path, "--format", format, "-o", out]);
        println!(
            "export --format {format:<5}       {:>8.1} ms, peak {}",
            ms(took),
            kib(peak)
        );
    }

    // Adding one annotation to the loaded set (what the reader does on `a`): lock,
    // re-read check, write, fsync, rename.
    let places = Places::with_data_dir(&doc, SidecarLocation::Auto, Some(&env.join("data")));
    let (mut sidecars, problem) = Sidecars::open_or_read_only(&doc, places);
    assert!(problem.is_none(), "{problem:?}");
    let mut adds = Vec::new();
    for n in 0..RUNS {
        let start = 1000 + n * 7;
        let quote: String = doc.text().chars().skip(start).take(20).collect();
        let annotation = Annotation::new(Kind::Note, quote, start..start + 20).with_note("added");
        let began = Instant::now();
        sidecars.upsert(annotation).expect("saves");
        adds.push(began.elapsed());
    }
    println!("add one (loaded reader):    {:>8.1} ms", ms(median(&mut adds)));
    drop(sidecars);

    let quote: String = doc.text().chars().skip(123_457).take(30).collect();
    let (annotate, annotate_peak) = run_cli(
        margent,
        &env,
        &[
            "annotate",
            path,
            "--quote",
            &quote,
            "--occurrence",
            "1",
            "--note",
            "x",
        ],
    );
    println!(
        "annotate (whole command):   {:>8.1} ms, peak {}",
        ms(annotate),
        kib(annotate_peak)
    );

    let first_text: String = text.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    let mut screens: Vec<Duration> = (0..RUNS)
        .map(|_| first_screen(margent, &env, &file, &first_text))
        .collect();
    println!("reader first screen:        {:>8.1} ms", ms(median(&mut screens)));
    // The reader's memory with every annotation loaded, and without any (the same
    // document, alone in a folder): the difference is what the sidecar costs.
    let linger = Duration::from_secs(8);
    let alone = dir.path().join("alone");
    std::fs::create_dir_all(&alone).expect("folder");
    std::fs::copy(&file, alone.join("bench.txt")).expect("copy");
    let loaded = reader_peak(margent, &env, &file, &first_text, linger);
    let bare = reader_peak(margent, &env, &alone.join("bench.txt"), &first_text, linger);
    println!(
        "reader, annotations loaded: peak {} (without a sidecar: {}; the sidecar costs {})",
        kib(loaded),
        kib(bare),
        match (loaded, bare) {
            (Some(loaded), Some(bare)) => format!(
                "{:.2}× its size",
                loaded.saturating_sub(bare) as f64 * 1024.0 / sidecar.len() as f64
            ),
            _ => "n/a".to_string(),
        }
    );
    if std::env::var_os("MARGENT_BENCH_KEEP").is_some() {
        println!("kept in {}", dir.keep().display());
    }
}
