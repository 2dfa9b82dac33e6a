//! Re-anchoring speed: 1,000 annotations on a ~5 MB article after edits (insertions
//! before them, words changed inside some quotes, re-wrapped lines, deleted passages),
//! and the same annotations on the unchanged article. The budget is one second for the
//! edited case in a release build.
//!
//! The article is the anchoring fixtures (five languages) repeated with variation (a
//! quarter of the words and a sixth of the CJK characters replaced in each copy, so
//! that quotes and their context do not simply repeat), or the text of the file named
//! by `MARGENT_BENCH_TEXT`, repeated likewise up to the same size. Before measuring,
//! prints how each annotation anchored, how many landed where the edits moved them, and
//! (on Linux) the CPU time of one run after edits, which stays meaningful when other
//! processes share the cores and inflate criterion's wall-clock times.

use std::hint::black_box;
use std::ops::Range;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use margent::anchor::{AnchorStatus, Anchoring, anchor_all, capture};
use margent::annotation::{Annotation, Kind};
use margent::document::{Document, Source};

const ARTICLE_BYTES: usize = 5 << 20;
const ANNOTATIONS: usize = 1000;
const INSERTIONS: usize = 20;

const FIXTURES: [&str; 6] = [
    include_str!("../tests/fixtures/anchor/en-news-xinjiang.txt"),
    include_str!("../tests/fixtures/anchor/en-common-sense-hardwrapped.txt"),
    include_str!("../tests/fixtures/anchor/zh-hant-kuangren-riji.txt"),
    include_str!("../tests/fixtures/anchor/zh-hant-nahan-hardwrapped.txt"),
    include_str!("../tests/fixtures/anchor/ja-wagahai-wa-neko.txt"),
    include_str!("../tests/fixtures/anchor/ko-unsu-joeun-nal.txt"),
];

/// xorshift64*: deterministic, so every run measures the same edits.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }
}

fn base_text() -> String {
    match std::env::var_os("MARGENT_BENCH_TEXT") {
        Some(path) => {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let doc = Document::from_bytes(bytes, None, Source::Stdin).expect("a text file");
            doc.text().to_string()
        }
        None => FIXTURES.join("\n\n"),
    }
}

/// The base text repeated to `ARTICLE_BYTES` (the last copy cut short), each copy with
/// different words.
fn varied_article(base: &str, rng: &mut Rng) -> Vec<char> {
    let words: Vec<&str> = base
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 2)
        .collect();
    let cjk: Vec<char> = base
        .chars()
        .filter(|c| !c.is_ascii() && c.is_alphabetic())
        .collect();
    let mut article = String::with_capacity(ARTICLE_BYTES + base.len());
    let mut copy = 0;
    while article.len() < ARTICLE_BYTES {
        copy += 1;
        article.push_str(&format!("Part {copy}\n\n"));
        let mut word = String::new();
        for c in base.chars().chain(['\n', '\n']) {
            if c.is_ascii_alphabetic() {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                let replaced = !words.is_empty() && rng.percent(25);
                article.push_str(if replaced {
                    words[rng.below(words.len())]
                } else {
                    &word
                });
                word.clear();
            }
            let replaced = !c.is_ascii() && c.is_alphabetic() && !cjk.is_empty() && rng.percent(16);
            article.push(if replaced { cjk[rng.below(cjk.len())] } else { c });
        }
    }
    let mut end = ARTICLE_BYTES.min(article.len());
    while !article.is_char_boundary(end) {
        end -= 1;
    }
    article[..end].chars().collect()
}

/// Annotations spread evenly, each on 20 to 200 chars that start and end with a letter.
fn annotate(article: &[char], text: &str, doc: &Document, rng: &mut Rng) -> Vec<Annotation> {
    let spacing = article.len() / ANNOTATIONS;
    (0..ANNOTATIONS)
        .map(|i| {
            let mut start = i * spacing + rng.below(spacing / 2);
            while article[start].is_whitespace() {
                start += 1;
            }
            let mut end = start + 20 + rng.below(180);
            while article[end - 1].is_whitespace() {
                end -= 1;
            }
            let quote = capture(text, doc.chars(), start, end);
            Annotation::new(Kind::Highlight, quote.exact, start..end).with_context(quote.prefix, quote.suffix)
        })
        .collect()
}

/// A replacement of a char range of the original article.
struct Edit {
    chars: Range<usize>,
    replacement: String,
}

/// What an edit should do to one annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fate {
    Untouched,
    WordChanged,
    Rewrapped,
    Deleted,
}

/// Edits of the article: 10% of the quotes get a word changed, 10% a line break
/// (sometimes indented) in place of a space, 1% are deleted with the text around them,
/// and passages are inserted at the start and at 19 places between annotations.
fn plan_edits(article: &[char], annotations: &[Annotation], rng: &mut Rng) -> (Vec<Edit>, Vec<Fate>) {
    let mut edits = Vec::new();
    let mut fates = Vec::new();
    for annotation in annotations {
        let quote = annotation.start..annotation.end;
        // A re-wrap turns a space between two words into a line break; a space next to
        // other whitespace (an indent) would become a blank line: a new paragraph.
        let space = (quote.start + 5..quote.end - 1).find(|&i| {
            article[i] == ' ' && !article[i - 1].is_whitespace() && !article[i + 1].is_whitespace()
        });
        let fate = match rng.below(100) {
            0..10 => {
                let at = quote.start + (quote.len() / 2).max(1) - 1;
                let width = (quote.len() / 10).clamp(2, 8);
                let replacement = if article[at].is_ascii() {
                    "altered"
                } else {
                    "改變"
                };
                edits.push(Edit {
                    chars: at..(at + width).min(quote.end - 1),
                    replacement: replacement.to_string(),
                });
                Fate::WordChanged
            }
            10..20 if space.is_some() => {
                let at = space.unwrap_or(quote.start);
                let replacement = if rng.percent(50) { "\n" } else { "\n    " };
                edits.push(Edit {
                    chars: at..at + 1,
                    replacement: replacement.to_string(),
                });
                Fate::Rewrapped
            }
            20 => {
                let start = quote.start.saturating_sub(100);
                edits.push(Edit {
                    chars: start..(quote.end + 100).min(article.len()),
                    replacement: String::new(),
                });
                Fate::Deleted
            }
            _ => Fate::Untouched,
        };
        fates.push(fate);
    }
    let inserted = "An editor inserted this passage, which moves everything after it.\n\n";
    edits.push(Edit {
        chars: 0..0,
        replacement: inserted.to_string(),
    });
    for _ in 1..INSERTIONS {
        let k = rng.below(annotations.len() - 1);
        let between = (annotations[k].end + annotations[k + 1].start) / 2;
        edits.push(Edit {
            chars: between..between,
            replacement: inserted.to_string(),
        });
    }
    edits.sort_by_key(|e| (e.chars.start, e.chars.end));
    (edits, fates)
}

fn apply(article: &[char], edits: &[Edit]) -> String {
    let mut out = String::with_capacity(article.len() * 3);
    let mut at = 0;
    for edit in edits {
        out.extend(&article[at..edit.chars.start.max(at)]);
        out.push_str(&edit.replacement);
        at = at.max(edit.chars.end);
    }
    out.extend(&article[at..]);
    out
}

/// Where an original char offset is after the edits (an offset inside an edited range
/// maps to the end of its replacement).
fn moved(offset: usize, edits: &[Edit]) -> usize {
    let mut shift: isize = 0;
    for edit in edits
        .iter()
        .filter(|e| e.chars.start < offset || e.chars.is_empty() && e.chars.start == offset)
    {
        let replaced = edit.chars.end.min(offset) - edit.chars.start;
        shift += edit.replacement.chars().count() as isize - replaced as isize;
    }
    offset.saturating_add_signed(shift)
}

fn report(annotations: &[Annotation], fates: &[Fate], edits: &[Edit], anchored: &[Anchoring]) {
    let mut counts = std::collections::BTreeMap::new();
    let mut right_place = 0;
    let mut surprises = Vec::new();
    for ((annotation, fate), anchoring) in annotations.iter().zip(fates).zip(anchored) {
        *counts.entry((*fate, anchoring.status.as_str())).or_insert(0) += 1;
        let expected = moved(annotation.start, edits)..moved(annotation.end, edits);
        if *fate != Fate::Deleted && (anchoring.start..anchoring.end) == expected {
            right_place += 1;
        } else if *fate != Fate::Deleted && surprises.len() < 5 {
            surprises.push(format!("{fate:?} {anchoring:?}, expected {expected:?}"));
        }
    }
    eprintln!("anchoring after edits (edit, status): {counts:?}");
    let kept = fates.iter().filter(|&&f| f != Fate::Deleted).count();
    eprintln!("{right_place} of {kept} not-deleted annotations anchored exactly where the edits moved them");
    for surprise in surprises {
        eprintln!("  for example {surprise}");
    }
}

/// CPU time of this thread so far (Linux only): unlike wall time, it does not grow
/// when other processes share the cores, as they do on the team's build machine.
fn thread_cpu_time() -> Option<Duration> {
    let schedstat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = schedstat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn report_cpu_time<T>(mut run: impl FnMut() -> T) {
    const RUNS: u32 = 3;
    let (Some(cpu_before), wall_before) = (thread_cpu_time(), Instant::now()) else {
        return;
    };
    for _ in 0..RUNS {
        black_box(run());
    }
    if let Some(cpu_after) = thread_cpu_time() {
        eprintln!(
            "after edits, per run: {:?} of CPU time, {:?} of wall time",
            (cpu_after - cpu_before) / RUNS,
            wall_before.elapsed() / RUNS
        );
    }
}

fn bench_anchoring(c: &mut Criterion) {
    let mut rng = Rng(0x6d61_7267_656e_7421);
    let article = varied_article(&base_text(), &mut rng);
    let text: String = article.iter().collect();
    let original = Document::from_text(&text, Source::Stdin);
    let stored_hash = original.content_hash();
    let annotations = annotate(&article, &text, &original, &mut rng);
    let (edits, fates) = plan_edits(&article, &annotations, &mut rng);
    let edited = Document::from_text(&apply(&article, &edits), Source::Stdin);
    eprintln!(
        "article: {:.1} MB, {} chars; edited: {} chars; {} annotations",
        text.len() as f64 / f64::from(1 << 20),
        article.len(),
        edited.len_chars(),
        annotations.len()
    );
    report(
        &annotations,
        &fates,
        &edits,
        &anchor_all(&edited, &annotations, Some(&stored_hash)),
    );
    let unchanged = anchor_all(&original, &annotations, Some(&stored_hash));
    assert!(unchanged.iter().all(|a| a.status == AnchorStatus::Exact));
    report_cpu_time(|| anchor_all(&edited, &annotations, Some(&stored_hash)));

    let mut group = c.benchmark_group("anchor_all");
    group.sample_size(10);
    group.bench_function("5MB_1000_annotations_after_edits", |b| {
        b.iter(|| anchor_all(black_box(&edited), black_box(&annotations), Some(&stored_hash)))
    });
    // An orphan costs a search of the whole text every time: one quote that no longer
    // occurs anywhere (its words scrambled), anchored alone.
    let orphan = Annotation {
        exact: annotations[500].exact.chars().rev().collect(),
        ..annotations[500].clone()
    };
    assert_eq!(
        anchor_all(&edited, std::slice::from_ref(&orphan), None)[0].status,
        AnchorStatus::Orphaned
    );
    group.bench_function("5MB_1_orphan", |b| {
        b.iter(|| anchor_all(black_box(&edited), std::slice::from_ref(&orphan), None))
    });
    group.bench_function("5MB_1000_annotations_unchanged_same_hash", |b| {
        b.iter(|| anchor_all(black_box(&original), black_box(&annotations), Some(&stored_hash)))
    });
    group.bench_function("5MB_1000_annotations_unchanged_no_hash", |b| {
        b.iter(|| anchor_all(black_box(&original), black_box(&annotations), None))
    });
    group.finish();
}

criterion_group!(benches, bench_anchoring);
criterion_main!(benches);
