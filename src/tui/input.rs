//! Reading the terminal's events on a thread of its own, so that the event loop never
//! waits inside crossterm: when the terminal goes away (window closed, ssh dropped,
//! `tmux kill-session`), crossterm's read of the dead terminal loops for ever on
//! end-of-file or EIO, and a loop stuck there could not save the reading position.
//! The loop instead waits on a channel and asks `gone` whether the terminal is still
//! there. The thread is paused while `$EDITOR` has the terminal.

use std::io::{self, IsTerminal};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, mpsc};
use std::time::Duration;

use crossterm::event::{self, Event};

/// How long the thread waits for input before it looks whether it should pause.
const POLL: Duration = Duration::from_millis(50);
/// How long `pause` waits for the thread to leave crossterm before it gives up (the
/// thread is stuck only when the terminal is gone).
const PAUSE_LIMIT: Duration = Duration::from_secs(2);
/// The same when the reader ends: not so long that a dead terminal delays the exit.
const STOP_LIMIT: Duration = Duration::from_millis(200);

#[derive(Default)]
struct Gate {
    /// The editor has the terminal: the thread must not read.
    paused: bool,
    /// The thread is inside crossterm's poll or read.
    reading: bool,
}

/// The terminal's events, read on another thread.
pub struct Input {
    /// Bursts of events: everything that was waiting when the thread read (key repeat,
    /// a paste, typing faster than the screen is drawn), handled before one redraw.
    events: mpsc::Receiver<io::Result<Vec<Event>>>,
    gate: Arc<(Mutex<Gate>, Condvar)>,
}

/// Ends the event loop's wait for input from another thread, with no event: work
/// the loop waits for (the whole document, read) is then taken at once, not at the
/// next poll. Dropped once used, so that the loop still sees the thread end.
pub struct Waker(mpsc::Sender<io::Result<Vec<Event>>>);

impl Waker {
    pub fn wake(self) {
        let _ = self.0.send(Ok(Vec::new()));
    }
}

impl Input {
    /// Starts reading, with a `Waker` for work the loop will wait for.
    pub fn start() -> (Input, Waker) {
        let (sender, events) = mpsc::channel();
        let waker = Waker(sender.clone());
        let gate = Arc::new((Mutex::new(Gate::default()), Condvar::new()));
        let shared = Arc::clone(&gate);
        std::thread::spawn(move || read_events(&sender, &shared));
        (Input { events, gate }, waker)
    }

    /// Every event already waiting, after waiting up to `timeout` for the first (or
    /// for a `Waker`). `Err` when the terminal can no longer be read.
    pub fn wait(&self, timeout: Duration) -> io::Result<Vec<Event>> {
        let mut events = Vec::new();
        match self.events.recv_timeout(timeout) {
            Ok(burst) => events.extend(burst?),
            Err(mpsc::RecvTimeoutError::Timeout) => return Ok(events),
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err(gone()),
        }
        while let Ok(burst) = self.events.try_recv() {
            events.extend(burst?);
        }
        Ok(events)
    }

    /// Stops reading (for `$EDITOR`, which reads the terminal itself) once the thread
    /// is out of crossterm. `Err` when it does not come out: the terminal is gone.
    pub fn pause(&self) -> io::Result<()> {
        self.pause_within(PAUSE_LIMIT)
    }

    fn pause_within(&self, limit: Duration) -> io::Result<()> {
        let (lock, changed) = &*self.gate;
        let mut gate = locked(lock);
        gate.paused = true;
        let (gate, waited) = changed
            .wait_timeout_while(gate, limit, |gate| gate.reading)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        drop(gate);
        if waited.timed_out() {
            return Err(gone());
        }
        Ok(())
    }

    pub fn resume(&self) {
        let (lock, changed) = &*self.gate;
        locked(lock).paused = false;
        changed.notify_all();
    }
}

/// When the reader ends, the thread stops reading, so that nothing typed for the shell
/// afterwards is taken.
impl Drop for Input {
    fn drop(&mut self) {
        let _ = self.pause_within(STOP_LIMIT);
    }
}

/// Whether the terminal the reader draws on has gone away: a hung-up terminal is no
/// longer one (its ioctls fail with EIO), even while its file stays open.
pub fn terminal_gone() -> bool {
    !io::stdout().is_terminal()
}

fn gone() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "the terminal is gone")
}

fn locked(lock: &Mutex<Gate>) -> MutexGuard<'_, Gate> {
    lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The thread: events to `sender` until the loop has gone or the terminal fails.
fn read_events(sender: &mpsc::Sender<io::Result<Vec<Event>>>, gate: &(Mutex<Gate>, Condvar)) {
    let (lock, changed) = gate;
    loop {
        {
            let guard = locked(lock);
            let mut guard = changed
                .wait_while(guard, |gate| gate.paused)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            guard.reading = true;
        }
        let read = read_burst();
        locked(lock).reading = false;
        changed.notify_all();
        let sent = match read {
            Ok(burst) if burst.is_empty() => Ok(()),
            Ok(burst) => sender.send(Ok(burst)),
            Err(err) => {
                let _ = sender.send(Err(err));
                return;
            }
        };
        if sent.is_err() {
            return; // the reader has ended
        }
    }
}

/// The events waiting, after waiting up to `POLL` for the first: none when none came.
fn read_burst() -> io::Result<Vec<Event>> {
    let mut burst = Vec::new();
    if event::poll(POLL)? {
        loop {
            burst.push(event::read()?);
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
    }
    Ok(burst)
}
