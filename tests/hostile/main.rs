//! Hostile input (issue: terminal safety): files, notes and sidecars built to crash
//! margent or to take over the terminal. Each case checks the exit status and message,
//! that no escape or C1 control from the input reaches stdout or stderr, that widths
//! hold, and that it finishes in bounded time.

mod files;
mod sidecars;

use std::path::Path;
use std::time::Duration;

/// Generous bounds for a debug build on a busy two-core machine.
pub const QUICK: Duration = Duration::from_secs(20);

pub fn margent() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("margent").expect("the binary");
    command.timeout(QUICK);
    command.env("NO_COLOR", "1");
    command.env("HOME", std::env::temp_dir());
    command.env(
        "XDG_CONFIG_HOME",
        std::env::temp_dir().join("margent-hostile-config"),
    );
    command.env("XDG_DATA_HOME", std::env::temp_dir().join("margent-hostile-data"));
    command
}

/// No ESC, no C1 control (U+0080–U+009F), no other C0 control but newline and tab.
pub fn assert_clean(output: &[u8], what: &str) {
    // CSV ends its records with CRLF (RFC 4180): that CR is not from the input.
    let text = String::from_utf8_lossy(output).replace("\r\n", "\n");
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| (c.is_control() && c != '\n' && c != '\t') || margent::sanitize::is_bidi_control(c))
        .take(5)
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: raw controls {bad:?} in {:?}",
        &text[..text.len().min(300)]
    );
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write a fixture");
    path.to_str().expect("utf-8 path").to_string()
}
