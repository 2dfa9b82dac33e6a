//! Sidecar speed with 10,000 annotations (the budget: load and save under 100 ms each).
//! `cargo bench --bench sidecar`. Freeing a loaded sidecar is not timed. Saves go to a
//! temporary folder and include the lock, the re-read, the fsyncs and the rename.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use margent::annotation::{Annotation, Kind, Status};
use margent::document::{Document, Source};
use margent::sidecar::{DocumentInfo, Sidecar, SidecarData, Store};

const ANNOTATIONS: u32 = 10_000;

fn annotation(n: u32) -> Annotation {
    let created = Timestamp::from_second(1_790_000_000 + i64::from(n) * 60).unwrap_or_default();
    let kind = [Kind::Highlight, Kind::Note, Kind::Mark][n as usize % 3];
    let exact = format!("the sentence number {n} that resists summary, and 一段中文引文 as well");
    let start = n as usize * 100;
    let note = if n.is_multiple_of(2) {
        format!(
            "A two-line note on passage {n}.\nIt says \"why?\" and cites p. {}.",
            n % 300
        )
    } else {
        String::new()
    };
    let status = if n.is_multiple_of(5) {
        Status::Resolved
    } else {
        Status::Open
    };
    Annotation::new(kind, exact, start..start + 64)
        .with_id(format!("0193a5b2-7c1d-7e4f-8a9b-{n:012x}"))
        .created_at(created)
        .with_context(
            "…up to thirty-two code points be",
            "fore and after the quoted text…",
        )
        .with_tags(["close-reading".to_string(), format!("chapter-{}", n % 12)])
        .with_note(note)
        .with_status(status)
        .with_author(n.is_multiple_of(7).then(|| "reviewer-2".to_string()))
}

fn big_sidecar() -> Sidecar {
    let document = DocumentInfo {
        file_name: "essay.txt".to_string(),
        title: "On Reading Slowly".to_string(),
        author: None,
        encoding: "UTF-8".to_string(),
        content_hash: format!("blake3:{}", "ab".repeat(32)),
        char_count: 1_000_000,
        position: 0,
    };
    let annotations = (0..ANNOTATIONS)
        .map(|n| std::sync::Arc::new(annotation(n)))
        .collect();
    Sidecar::from_data(SidecarData {
        document,
        annotations,
    })
    .expect("valid data")
}

fn sidecar_benches(c: &mut Criterion) {
    let sidecar = big_sidecar();
    let text = sidecar.to_toml_string();
    eprintln!("sidecar with {ANNOTATIONS} annotations: {} bytes", text.len());

    c.bench_function("parse 10k (from_toml_str)", |b| {
        b.iter_with_large_drop(|| Sidecar::from_toml_str(black_box(&text)).expect("parses"))
    });
    c.bench_function("serialise 10k (to_toml_string)", |b| {
        b.iter(|| black_box(&sidecar).to_toml_string())
    });

    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("essay.txt.notes.toml");
    std::fs::write(&path, &text).expect("write");
    let doc = Document::from_text("x", Source::File(dir.path().join("essay.txt")));

    c.bench_function("load 10k (Store::open: read + parse)", |b| {
        b.iter_with_large_drop(|| Store::open(&path, &doc).expect("opens"))
    });

    let mut store = Store::open(&path, &doc).expect("opens");
    let mut position = 0;
    c.bench_function("save 10k (one edit: lock, re-read, write, fsync, rename)", |b| {
        b.iter(|| {
            position += 1;
            store.sidecar_mut().set_position(position);
            let mut edited = Annotation::clone(&store.sidecar().annotations()[1234]);
            edited.note = format!("edited {position}");
            store.sidecar_mut().upsert(edited).expect("valid");
            store.save().expect("saves")
        })
    });

    // The worst case: another process saved meanwhile, so the save parses and merges.
    let mut other = Store::open(&path, &doc).expect("opens");
    c.bench_function("save 10k after another process saved (parse + merge too)", |b| {
        b.iter_batched(
            || {
                position += 2;
                other.sidecar_mut().set_position(position);
                other.save().expect("the other process saves");
                position + 1
            },
            |ours| {
                store.sidecar_mut().set_position(ours);
                store.save().expect("saves")
            },
            BatchSize::PerIteration,
        )
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(8));
    targets = sidecar_benches
}
criterion_main!(benches);
