//! Peak memory while reading sidecars of several shapes, measured by a counting global
//! allocator: never more than 3× the file's size plus a constant, and a hostile file is
//! refused early, before it costs memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::Timestamp;
use margent::annotation::{Annotation, Kind};
use margent::sidecar::{DocumentInfo, Sidecar, SidecarData};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Measurements must not overlap: the tests of this file take turns.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// What reading `text` allocates at its peak beyond what was live before, and whether it
/// was read (the result is dropped inside the measurement).
fn peak_reading(text: &str) -> (usize, Result<usize, String>) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let read = Sidecar::from_toml_str(text)
        .map(|sidecar| sidecar.annotations().len())
        .map_err(|err| err.to_string());
    (PEAK.load(Ordering::Relaxed) - before, read)
}

const CONSTANT: usize = 4 << 20;

fn assert_within_budget(shape: &str, text: &str, peak: usize) {
    let budget = 3 * text.len() + CONSTANT;
    eprintln!(
        "{shape}: {} bytes, peak {} bytes ({:.2}× the file)",
        text.len(),
        peak,
        peak as f64 / text.len() as f64
    );
    assert!(peak <= budget, "{shape}: peak {peak} bytes, budget {budget}");
}

fn annotation(n: u32) -> Annotation {
    let created = Timestamp::from_second(1_790_000_000 + i64::from(n) * 60).unwrap();
    let start = n as usize * 100;
    Annotation::new(
        Kind::Note,
        format!("the sentence number {n} that resists summary, and 一段中文引文 as well"),
        start..start + 64,
    )
    .with_id(format!("0193a5b2-7c1d-7e4f-8a9b-{n:012x}"))
    .created_at(created)
    .with_context(
        "…up to thirty-two code points be",
        "fore and after the quoted text…",
    )
    .with_tags(["close-reading".to_string(), format!("chapter-{}", n % 12)])
    .with_note(format!(
        "A two-line note on passage {n}.\nIt cites p. {}.",
        n % 300
    ))
}

fn canonical(count: u32) -> String {
    let document = DocumentInfo {
        file_name: "essay.txt".to_string(),
        title: "On Reading Slowly".to_string(),
        author: None,
        encoding: "UTF-8".to_string(),
        content_hash: format!("blake3:{}", "ab".repeat(32)),
        char_count: 2_000_000,
        position: 0,
    };
    let annotations = (0..count).map(|n| std::sync::Arc::new(annotation(n))).collect();
    Sidecar::from_data(SidecarData {
        document,
        annotations,
    })
    .unwrap()
    .to_toml_string()
}

#[test]
fn sidecars_of_every_usual_shape_are_read_within_three_times_their_size() {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let normal = canonical(10_000);
    let shapes = [
        ("normal, 10k annotations", normal.clone()),
        (
            "hand-typed 'literal' strings",
            normal
                .replace("kind = \"note\"", "kind = 'note'")
                .replace("color = \"yellow\"", "color = 'yellow'")
                .replace("status = \"open\"", "status = 'open'\nseen = '''\nby hand\n'''"),
        ),
        (
            "multi-line strings",
            normal.replace("note = \"\"\"", "note = \"\"\"\nline one\nline two\n"),
        ),
        (
            "comments",
            normal.replace(
                "\n[[annotation]]",
                "\n# reviewed on Tuesday\n[[annotation]] # a comment\n",
            ),
        ),
    ];
    for (shape, text) in shapes {
        let (peak, read) = peak_reading(&text);
        assert_eq!(read, Ok(10_000), "{shape}");
        assert_within_budget(shape, &text, peak);
    }
}

#[test]
fn hostile_sidecars_are_refused_early_in_bounded_memory() {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let head = "format = \"margent-notes\"\nschema_version = 1\n\n[document]\n";
    let shapes = [
        (
            "tiny tables",
            format!("{head}{}", "[[annotation]]\n".repeat(2_000_000)),
        ),
        (
            "one enormous string",
            format!("{head}[[annotation]]\nnote = \"{}\"\n", "x".repeat(30 << 20)),
        ),
        (
            "an enormous literal string",
            format!("{head}[[annotation]]\nnote = '{}'\n", "x".repeat(30 << 20)),
        ),
        (
            "tables of many keys",
            format!(
                "{head}{}",
                format!("[[annotation]]\n{}", "k = 1\n".repeat(200)).repeat(20_000)
            ),
        ),
    ];
    for (shape, text) in shapes {
        let (peak, read) = peak_reading(&text);
        assert!(read.is_err(), "{shape} was read");
        assert!(peak <= CONSTANT, "{shape}: refused after {peak} bytes");
    }
}
