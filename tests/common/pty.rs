//! A person at a terminal, for the end-to-end tests: the real binary in a
//! pseudo-terminal (portable-pty), its output read by a terminal emulator (vt100), with
//! their own state and data folders.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use super::names_in;

pub struct Session {
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
    pub writer: Box<dyn Write + Send>,
    pub master: Box<dyn portable_pty::MasterPty + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    /// This session's own state folder (reading positions), when it was not given one.
    pub _state: Option<tempfile::TempDir>,
}

/// A person's folders for sessions that must share them: reading positions (state)
/// and sidecars that cannot be beside their document (data).
pub struct Home {
    pub state: tempfile::TempDir,
    pub data: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            state: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
        }
    }

    /// The reading position saved for the only document read with this home.
    pub fn saved_position(&self) -> usize {
        let folder = self.state.path().join("margent/positions");
        let records = names_in(&folder);
        let record = records
            .iter()
            .find(|name| name.starts_with("path-"))
            .unwrap_or_else(|| panic!("no reading position in {}: {records:?}", folder.display()));
        let text = std::fs::read_to_string(folder.join(record)).unwrap();
        text.lines()
            .find_map(|line| line.strip_prefix("char_offset = "))
            .and_then(|value| value.trim().parse().ok())
            .unwrap_or_else(|| panic!("no char_offset in {record}:\n{text}"))
    }
}

impl Session {
    /// margent with `args`, with a state folder of its own.
    pub fn open(args: &[&str], cols: u16, rows: u16) -> Session {
        let state = tempfile::tempdir().unwrap();
        let mut session = Session::spawn(args, cols, rows, &[("XDG_STATE_HOME", state.path())]);
        session._state = Some(state);
        session
    }

    /// margent with `args` and `home`'s folders.
    pub fn open_at_home(args: &[&str], cols: u16, rows: u16, home: &Home) -> Session {
        let env = [
            ("XDG_STATE_HOME", home.state.path()),
            ("XDG_DATA_HOME", home.data.path()),
        ];
        Session::spawn(args, cols, rows, &env)
    }

    pub fn spawn(args: &[&str], cols: u16, rows: u16, env: &[(&str, &std::path::Path)]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_margent"));
        command.args(args);
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        command.env("TERM", "xterm-256color");
        command.env("HOME", std::env::temp_dir());
        command.env("XDG_DATA_HOME", std::env::temp_dir().join("margent-e2e-data"));
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pty.slave.spawn_command(command).expect("margent starts");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nonzero(rows), nonzero(cols), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let (parser_in, raw_in) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                parser_in.lock().unwrap().process(&chunk[..n]);
                raw_in.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Session {
            parser,
            raw,
            writer,
            master: pty.master,
            child,
            _state: None,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `check`, failing with the screen after 10 s.
    pub fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if check(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the emulated screen (text and attributes) satisfies `check`.
    pub fn wait_until(&self, what: &str, check: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            if check(self.parser.lock().unwrap().screen()) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {what}; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        // The emulator first, so that the redraw the resize causes lands on a screen of
        // the new size.
        self.parser.lock().unwrap().set_size(nonzero(rows), nonzero(cols));
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// `]` until it reaches the annotation (it says so while annotations load).
    pub fn go_to_the_annotation(&mut self) {
        let start = Instant::now();
        loop {
            self.send("]");
            std::thread::sleep(Duration::from_millis(200));
            let screen = self.screen();
            if !screen.contains("still loading") {
                assert!(!screen.contains("No annotation below"), "{screen}");
                return;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "{screen}");
        }
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "margent did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal size is not zero")
}

/// A copy of a repository file in a fresh folder, so the reader's sidecar lands there.
pub fn copy_to_temp(relative: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let target = dir.path().join(source.file_name().unwrap());
    std::fs::copy(&source, &target).unwrap();
    let target = target.to_str().unwrap().to_string();
    (dir, target)
}
