//! The library index at the size issue 13 budgets for: 10,000 documents and 100,000
//! annotations (a tenth of the documents Chinese). Measures, as a person meets them,
//! the real binary's `library --format json` and `search` (a word, a CJK phrase) as
//! whole processes, the refresh after one sidecar changed (in process, and as the
//! `search` that does it), and the library view's first frame in a pseudo-terminal.
//! Run with `cargo bench --bench library`; the fixture (about 200 MB) is made once in
//! `MARGENT_BENCH_LIBRARY` (default: a folder in the temporary folder) and kept.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use margent::annotation::{Annotation, Kind};
use margent::document::Document;
use margent::library::{INDEX_FILE, Library, Refresh};
use margent::sidecar::{DocumentInfo, Sidecar};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const DOCUMENTS: usize = 10_000;
const PER_DOCUMENT: usize = 10;
const RUNS: usize = 11;
const BIN: &str = env!("CARGO_BIN_EXE_margent");

const WORDS: [&str; 24] = [
    "attention",
    "reading",
    "memory",
    "argument",
    "evidence",
    "method",
    "history",
    "language",
    "question",
    "theory",
    "practice",
    "structure",
    "meaning",
    "culture",
    "economy",
    "policy",
    "science",
    "summary",
    "example",
    "context",
    "source",
    "author",
    "review",
    "chapter",
];
const HANZI: &str =
    "今天晚上很好的月光我不見他已是三十多年見了精神分外爽快然而須十分小心趙家的狗何以看我兩眼呢";

fn main() {
    let root = std::env::var_os("MARGENT_BENCH_LIBRARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("margent-bench-library"));
    let data = root.join("data");
    if !data.join("margent").join(INDEX_FILE).exists() {
        let started = Instant::now();
        make_fixture(&root);
        println!("fixture made in {:.1} s", started.elapsed().as_secs_f64());
    }
    let env = |command: &mut Command| {
        command
            .env("HOME", &root)
            .env("XDG_DATA_HOME", &data)
            .env("XDG_STATE_HOME", root.join("state"))
            .env("XDG_CONFIG_HOME", root.join("config"));
    };
    let mut library = Library::open(
        &data.join("margent").join(INDEX_FILE),
        Some(&data.join("margent")),
    )
    .unwrap();
    let annotations: u64 = library.entries(None).unwrap().iter().map(|e| e.annotations).sum();
    println!(
        "{} documents, {annotations} annotations",
        library.entries(None).unwrap().len()
    );

    report(
        "margent library --format json",
        process(&env, &["library", "--format", "json"]),
    );
    report(
        "margent search raven (a word)",
        process(&env, &["search", "raven"]),
    );
    report(
        "margent search 很好的月光 (CJK phrase)",
        process(&env, &["search", "很好的月光"]),
    );
    report(
        "margent search 月光 (two CJK characters)",
        process(&env, &["search", "月光"]),
    );

    let sidecar = root.join("docs/d0042/doc-4200.txt.notes.toml");
    let mut refresh = Vec::new();
    let mut search_after = Vec::new();
    for run in 0..RUNS {
        touch_by_rename(&sidecar, run);
        let started = Instant::now();
        assert_eq!(library.refresh(Refresh::Folders).unwrap(), 1);
        refresh.push(started.elapsed());
        touch_by_rename(&sidecar, run + 100);
        search_after.push(time_process(&env, &["search", "raven"]));
    }
    report("refresh after one sidecar changed (in process)", refresh);
    report("margent search raven, one sidecar changed", search_after);
    report(
        "library view: first frame (no file, 80x24)",
        first_frames(&root, &data, None, "Library \u{b7} "),
    );
    // A document with no sidecar is the one case where the reader asks the index
    // (about moved notes) before its first frame.
    let fresh = root.join("fresh.txt");
    std::fs::write(
        &fresh,
        "A fresh document\n\nWith words no index has seen before.\n",
    )
    .unwrap();
    let fresh = fresh.to_str().unwrap();
    report(
        "reader: first frame, new document, 10,000-document index",
        first_frames(&root, &data, Some(fresh), "no index has seen"),
    );
    report(
        "reader: first frame, new document, no index",
        first_frames(&root, &root.join("no-index"), Some(fresh), "no index has seen"),
    );
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{what:<55} median {:>7.1} ms  (min {:.1}, max {:.1})",
        ms(median),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn process(env: &dyn Fn(&mut Command), args: &[&str]) -> Vec<Duration> {
    time_process(env, args); // warm up
    (0..RUNS).map(|_| time_process(env, args)).collect()
}

fn time_process(env: &dyn Fn(&mut Command), args: &[&str]) -> Duration {
    let mut command = Command::new(BIN);
    command.args(args).stdout(std::process::Stdio::null());
    env(&mut command);
    let started = Instant::now();
    let status = command.status().unwrap();
    let took = started.elapsed();
    assert!(status.success(), "{args:?}");
    took
}

/// Changes one sidecar as margent or git would: a new file renamed over it.
fn touch_by_rename(sidecar: &Path, run: usize) {
    let text = std::fs::read_to_string(sidecar).unwrap();
    let marker = "# bench run";
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with(marker)).collect();
    let temp = sidecar.with_extension("tmp");
    std::fs::write(&temp, format!("{}\n{marker} {run}\n", kept.join("\n"))).unwrap();
    std::fs::rename(&temp, sidecar).unwrap();
}

fn make_fixture(root: &Path) {
    let data = root.join("data/margent");
    std::fs::create_dir_all(&data).unwrap();
    let mut library = Library::open(&data.join(INDEX_FILE), Some(&data)).unwrap();
    let mut seed = 42u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for n in 0..DOCUMENTS {
        let folder = root.join(format!("docs/d{:04}", n / 100));
        std::fs::create_dir_all(&folder).unwrap();
        let chinese = n.is_multiple_of(10);
        let text = document_text(n, chinese, &mut next);
        let path = folder.join(format!("doc-{n}.txt"));
        std::fs::write(&path, &text).unwrap();
        let doc = Document::open(&path, None).unwrap();
        let mut sidecar = Sidecar::new(DocumentInfo::from_document(&doc)).unwrap();
        let chars: Vec<char> = doc.text().chars().collect();
        for k in 0..PER_DOCUMENT {
            let start = (next() as usize) % (chars.len() - 20);
            let mut annotation = Annotation::in_text(Kind::Note, doc.text(), start..start + 12);
            annotation.note = format!(
                "{} {} {}",
                WORDS[next() as usize % WORDS.len()],
                if (n * PER_DOCUMENT + k).is_multiple_of(1000) {
                    "raven"
                } else {
                    "note"
                },
                WORDS[next() as usize % WORDS.len()]
            );
            annotation.tags = vec![WORDS[next() as usize % WORDS.len()].to_string()];
            sidecar
                .upsert(annotation.with_id(format!("0193a5b2-7c1d-7e4f-8a9b-{:012x}", n * PER_DOCUMENT + k)))
                .unwrap();
        }
        std::fs::write(margent::sidecar::beside(&path), sidecar.to_toml_string()).unwrap();
        library.record_document(&doc, true).unwrap();
    }
}

fn document_text(n: usize, chinese: bool, next: &mut impl FnMut() -> u64) -> String {
    let mut text = format!("Document number {n}\n\n");
    for _ in 0..8 {
        if chinese {
            let hanzi: Vec<char> = HANZI.chars().collect();
            let start = next() as usize % (hanzi.len() - 20);
            text.push_str("　　");
            text.extend(&hanzi[start..start + 20]);
            text.push_str("很好的月光。\n");
        } else {
            let words: Vec<&str> = (0..40).map(|_| WORDS[next() as usize % WORDS.len()]).collect();
            text.push_str(&words.join(" "));
            text.push_str(".\n\n");
        }
    }
    text
}

/// Time from starting `margent` (with `file`, else none) in a terminal to a screen
/// showing `expected`.
fn first_frames(root: &Path, data: &Path, file: Option<&str>, expected: &str) -> Vec<Duration> {
    (0..RUNS)
        .map(|_| {
            let pair = native_pty_system()
                .openpty(PtySize {
                    rows: 24,
                    cols: 80,
                    pixel_width: 0,
                    pixel_height: 0,
                })
                .unwrap();
            let mut command = CommandBuilder::new(BIN);
            command.args(file);
            command.env("TERM", "xterm-256color");
            command.env("HOME", root);
            command.env("XDG_DATA_HOME", data);
            command.env("XDG_STATE_HOME", root.join("state"));
            command.env("XDG_CONFIG_HOME", root.join("config"));
            let screen = Arc::new(Mutex::new(vt100::Parser::new(
                std::num::NonZeroU16::new(24).unwrap(),
                std::num::NonZeroU16::new(80).unwrap(),
                0,
            )));
            let mut reader = pair.master.try_clone_reader().unwrap();
            let sink = Arc::clone(&screen);
            let started = Instant::now();
            let mut child = pair.slave.spawn_command(command).unwrap();
            drop(pair.slave);
            std::thread::spawn(move || {
                let mut chunk = [0u8; 65536];
                while let Ok(n) = reader.read(&mut chunk) {
                    if n == 0 {
                        break;
                    }
                    sink.lock().unwrap().process(&chunk[..n]);
                }
            });
            let took = loop {
                if screen.lock().unwrap().screen().contents().contains(expected) {
                    break started.elapsed();
                }
                assert!(started.elapsed() < Duration::from_secs(10), "no library screen");
                std::thread::sleep(Duration::from_micros(200));
            };
            let mut writer = pair.master.take_writer().unwrap();
            let _ = writer.write_all(b"q");
            let _ = child.wait();
            took
        })
        .collect()
}
