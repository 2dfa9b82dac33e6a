//! Taking over and giving back the terminal: raw mode, the alternate screen, bracketed
//! paste, the mouse, and restoring all of it on quit, on error, on panic and on signals.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use crossterm::{cursor, execute};

/// Alternate scroll mode (DECSET 1007): in the alternate screen the terminal turns the
/// mouse wheel into arrow keys, so the wheel scrolls without capturing the mouse and the
/// terminal's own text selection keeps working.
const ALTERNATE_SCROLL_ON: &str = "\x1b[?1007h";
const ALTERNATE_SCROLL_OFF: &str = "\x1b[?1007l";

/// Whether the terminal is currently taken over (read by the panic hook).
static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Holds the terminal in reader mode; restores it when dropped.
pub struct TerminalGuard;

impl TerminalGuard {
    pub fn enter(capture_mouse: bool) -> io::Result<TerminalGuard> {
        install_panic_hook();
        resume(capture_mouse)?;
        inject_test_panic();
        Ok(TerminalGuard)
    }
}

/// Takes the terminal (again, after `restore` handed it to another program).
pub fn resume(capture_mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    MOUSE.store(capture_mouse, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste, cursor::Hide)?;
    if capture_mouse {
        execute!(out, EnableMouseCapture)?;
    } else {
        out.write_all(ALTERNATE_SCROLL_ON.as_bytes())?;
        out.flush()?;
    }
    Ok(())
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Gives the terminal back (idempotent; safe to call from a panic or signal path).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    if MOUSE.load(Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    } else {
        let _ = out.write_all(ALTERNATE_SCROLL_OFF.as_bytes());
    }
    let _ = execute!(out, DisableBracketedPaste, LeaveAlternateScreen, cursor::Show);
    let _ = out.flush();
    let _ = disable_raw_mode();
}

/// In debug builds only, `MARGENT_TEST_PANIC` makes the reader panic once it has taken
/// the terminal: the end-to-end tests check that the terminal is given back.
fn inject_test_panic() {
    if cfg!(debug_assertions) && std::env::var_os("MARGENT_TEST_PANIC").is_some() {
        panic!("a panic injected by MARGENT_TEST_PANIC");
    }
}

/// On a panic: restore the terminal first, then report in one sanitised line.
pub fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        restore();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_string());
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        // One short line: a panic message may quote pages of the document.
        const MAX_CHARS: usize = 160;
        let message = crate::sanitize::inline(&message);
        let mut short: String = message.chars().take(MAX_CHARS).collect();
        if message.chars().nth(MAX_CHARS).is_some() {
            short.push('…');
        }
        // Not eprintln!, which panics (and so aborts) when the terminal is gone.
        let _ = writeln!(io::stderr(), "margent: internal error: {short}{location}");
    }));
}

/// How long the event loop gets to stop (and save the reading position) after SIGTERM
/// or SIGHUP before the process gives the terminal back and exits on its own.
const GRACE: std::time::Duration = std::time::Duration::from_millis(750);

/// The number of a SIGTERM or SIGHUP once one arrives (0 before), checked by the event
/// loop, which then saves, gives the terminal back and returns `Outcome::Signalled` for
/// `main` to exit with. A watchdog thread makes sure the process ends even if the loop
/// cannot see the flag: when the terminal is hung up, crossterm's read loops on
/// end-of-file and never returns; only then does it exit the process itself, with the
/// same status.
pub fn termination_flag() -> Arc<AtomicI32> {
    let mut termination = Termination::catch();
    termination.watch();
    termination.flag
}

/// SIGTERM and SIGHUP caught from now on, and the thread that acts on them started
/// later (`watch`): the reader starts it after its first screen, which it would slow.
/// A signal caught meanwhile waits for it.
pub struct Termination {
    /// The number of the signal, once one arrives (0 before).
    pub flag: Arc<AtomicI32>,
    signals: Option<signal_hook::iterator::Signals>,
}

impl Termination {
    pub fn catch() -> Termination {
        Termination {
            flag: Arc::new(AtomicI32::new(0)),
            signals: signal_hook::iterator::Signals::new([
                signal_hook::consts::SIGTERM,
                signal_hook::consts::SIGHUP,
            ])
            .ok(),
        }
    }

    /// Starts the watchdog (see `termination_flag`), once.
    pub fn watch(&mut self) {
        let Some(mut signals) = self.signals.take() else {
            return;
        };
        let raised = Arc::clone(&self.flag);
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                raised.store(signal, Ordering::SeqCst);
                std::thread::sleep(GRACE);
                // Giving the terminal back writes to it: a terminal that is not read
                // (output stopped with Ctrl-S, a frozen window) would hold that write,
                // and the stdout lock, for ever. The process ends a moment later anyway.
                std::thread::spawn(move || {
                    std::thread::sleep(GRACE);
                    std::process::exit(128 + signal);
                });
                restore();
                std::process::exit(128 + signal);
            }
        });
    }
}
