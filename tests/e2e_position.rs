//! End-to-end: the reading position survives the terminal going away. The real binary
//! in a pseudo-terminal (portable-pty, the screen read back with vt100), moved to the end
//! of an article, then the terminal is closed (every handle on its master side dropped,
//! as a closed window, an ssh drop or `tmux kill-session` do), or the reader gets
//! SIGHUP, or it is left alone for a few seconds: each time the per-user state folder
//! must hold the new position, and nothing is written beside the document.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const SAMPLE: &str = "examples/en-news-new-development-concept-xinjiang.txt";
const SAMPLE_NAME: &str = "en-news-new-development-concept-xinjiang.txt";
/// The longest any step may take before the test fails (rather than hangs).
const PATIENCE: Duration = Duration::from_secs(20);

/// margent reading a copy of the sample, with folders of its own; every read from the
/// terminal happens on the test's thread, so that dropping `reader`, `writer` and
/// `master` closes the terminal for good.
struct Reading {
    dir: tempfile::TempDir,
    state: tempfile::TempDir,
    _data: tempfile::TempDir,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    reader: Option<Box<dyn Read + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    parser: vt100::Parser,
    finished: Arc<AtomicBool>,
}

impl Reading {
    fn start() -> Reading {
        let dir = tempfile::tempdir().unwrap();
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
        let document = dir.path().join(SAMPLE_NAME);
        std::fs::copy(&source, &document).unwrap();
        let (state, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_margent"));
        command.arg(&document);
        command.env("TERM", "xterm-256color");
        command.env("HOME", dir.path());
        command.env("XDG_STATE_HOME", state.path());
        command.env("XDG_DATA_HOME", data.path());
        command.env("XDG_CONFIG_HOME", dir.path());
        let child = pty.slave.spawn_command(command).unwrap();
        drop(pty.slave);
        // A reader that never gets what it waits for is killed, so that the blocking
        // reads below end (and the test fails) instead of hanging.
        let finished = Arc::new(AtomicBool::new(false));
        let (done, pid) = (Arc::clone(&finished), child.process_id().unwrap());
        std::thread::spawn(move || {
            std::thread::sleep(PATIENCE);
            if !done.load(Ordering::SeqCst) {
                let _ = std::process::Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            }
        });
        Reading {
            reader: Some(pty.master.try_clone_reader().unwrap()),
            writer: Some(pty.master.take_writer().unwrap()),
            master: Some(pty.master),
            parser: vt100::Parser::new(nonzero(24), nonzero(80), 0),
            child,
            dir,
            state,
            _data: data,
            finished,
        }
    }

    /// Reads the terminal until its screen satisfies `check`.
    fn read_until(&mut self, what: &str, check: impl Fn(&str) -> bool) {
        let reader = self.reader.as_mut().expect("the terminal is open");
        let mut chunk = [0u8; 8192];
        while !check(&self.parser.screen().contents()) {
            let n = reader.read(&mut chunk).unwrap_or(0);
            assert!(
                n > 0,
                "the reader ended while the test waited for {what}; screen:\n{}",
                self.parser.screen().contents()
            );
            self.parser.process(&chunk[..n]);
        }
    }

    fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// Opens the article and goes to its end (`G`).
    fn go_to_the_end(&mut self) {
        self.read_until("the article", |s| s.contains("% ·"));
        self.send("G");
        self.read_until("the end", |s| s.contains("100%"));
    }

    /// Closes the terminal: every handle on the master side, as a terminal emulator
    /// that quits (or sshd, or tmux) does.
    fn close_terminal(&mut self) {
        self.reader = None;
        self.writer = None;
        self.master = None;
    }

    fn signal(&self, name: &str) {
        let pid = self.child.process_id().unwrap().to_string();
        let status = std::process::Command::new("kill")
            .args([name, &pid])
            .status()
            .unwrap();
        assert!(status.success(), "kill {name} {pid}");
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(start.elapsed() < Duration::from_secs(5), "margent kept running");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The reading position in the state folder, if one is saved.
    fn saved_position(&self) -> Option<usize> {
        let folder = self.state.path().join("margent/positions");
        let record = std::fs::read_dir(&folder)
            .ok()?
            .filter_map(Result::ok)
            .find(|entry| entry.file_name().to_string_lossy().starts_with("path-"))?;
        let text = std::fs::read_to_string(record.path()).ok()?;
        text.lines()
            .find_map(|line| line.strip_prefix("char_offset = "))
            .and_then(|value| value.trim().parse().ok())
    }

    /// Code points in the article: the end is past half of them.
    fn half_the_article(&self) -> usize {
        let text = std::fs::read_to_string(self.dir.path().join(SAMPLE_NAME)).unwrap();
        text.chars().count() / 2
    }

    fn files_beside_the_document(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != ".config" && name != "margent")
            .collect();
        names.sort();
        names
    }
}

impl Drop for Reading {
    fn drop(&mut self) {
        self.finished.store(true, Ordering::SeqCst);
        let _ = self.child.kill();
    }
}

fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

#[test]
fn closing_the_terminal_saves_the_position_reached() {
    let mut reading = Reading::start();
    reading.go_to_the_end();
    reading.close_terminal();
    let status = reading.wait_exit();
    assert_eq!(status.exit_code(), 128 + 1, "ended as by SIGHUP: {status:?}");
    let saved = reading.saved_position().expect("a reading position was saved");
    assert!(saved > reading.half_the_article(), "saved at {saved}");
    assert_eq!(reading.files_beside_the_document(), [SAMPLE_NAME]);
}

#[test]
fn sighup_while_reading_saves_the_position_reached() {
    let mut reading = Reading::start();
    reading.go_to_the_end();
    reading.signal("-HUP");
    let status = reading.wait_exit();
    assert_eq!(status.exit_code(), 128 + 1);
    let saved = reading.saved_position().expect("a reading position was saved");
    assert!(saved > reading.half_the_article(), "saved at {saved}");
    assert_eq!(reading.files_beside_the_document(), [SAMPLE_NAME]);
}

/// A terminal that stops reading (output stopped with Ctrl-S, a frozen window) holds
/// the reader in its write of the next screen: SIGTERM still ends it.
#[test]
fn sigterm_ends_a_reader_whose_terminal_has_stopped_reading() {
    let mut reading = Reading::start();
    reading.read_until("the article", |s| s.contains("% ·"));
    // Screens enough to fill what the terminal holds, none of them read.
    for n in 0..600 {
        reading.send(if n % 2 == 0 { " " } else { "b" });
        std::thread::sleep(Duration::from_millis(3));
    }
    std::thread::sleep(Duration::from_millis(500));
    reading.signal("-TERM");
    let status = reading.wait_exit();
    assert_eq!(status.exit_code(), 128 + 15, "{status:?}");
}

#[test]
fn a_quiet_moment_after_a_move_saves_the_position() {
    let mut reading = Reading::start();
    reading.go_to_the_end();
    let moved = Instant::now();
    // Not at once: the save waits for a pause in the reading.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(reading.saved_position(), None, "saved while keys may still come");
    let saved = loop {
        if let Some(saved) = reading.saved_position() {
            break saved;
        }
        assert!(
            moved.elapsed() < Duration::from_secs(10),
            "no position saved in a quiet moment"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(saved > reading.half_the_article(), "saved at {saved}");
    assert!(reading.child.try_wait().unwrap().is_none(), "still reading");
    // So that a kill -9 (or a power cut) loses nothing of it.
    reading.signal("-KILL");
    reading.wait_exit();
    assert_eq!(reading.saved_position(), Some(saved));
    assert_eq!(reading.files_beside_the_document(), [SAMPLE_NAME]);
}
