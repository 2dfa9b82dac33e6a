//! `margent render`: the reflowed text as plain lines, streamed to a writer. No TUI.
//! Adds only whitespace and line breaks; control characters become placeholders.
//!
//! Large texts are cut into chunks at paragraph boundaries and laid out on all cores,
//! each taking the next chunk as it finishes one, then written in order: paragraphs are independent, and the segmenter finds the same
//! paragraphs from any starting point, so the output is the same as one pass.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::document::Document;
use crate::layout::{BlockLayout, LayoutOptions, LineKind};

/// Bytes of source text per chunk handed to a thread.
const CHUNK_BYTES: usize = 1 << 20;

/// Writes `doc` reflowed to `options.width_cols` columns.
pub fn render(doc: &Document, options: LayoutOptions, out: &mut impl Write) -> io::Result<()> {
    let chunks = chunks(doc);
    let threads = crate::par::threads().min(chunks.len());
    if threads < 2 {
        for chunk in chunks {
            out.write_all(&render_chunk(doc, chunk, options))?;
        }
        return Ok(());
    }
    // Each worker takes the next chunk as soon as it has sent one (no core waits for a
    // slower one); this thread writes them in order as they come.
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (sender, rendered) = mpsc::sync_channel(2 * threads);
        for _ in 0..threads {
            let (sender, next, chunks) = (sender.clone(), &next, &chunks);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(chunk) = chunks.get(index) else {
                        return;
                    };
                    // The writer has stopped (stdout failed): nothing more is wanted.
                    if sender
                        .send((index, render_chunk(doc, chunk.clone(), options)))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
        drop(sender);
        write_in_order(rendered, out)
    })
}

/// Writes each chunk received once those before it are written. A worker's panic
/// ends the stream early; the scope then panics, so nothing is left out silently.
fn write_in_order(rendered: mpsc::Receiver<(usize, Vec<u8>)>, out: &mut impl Write) -> io::Result<()> {
    let mut early = BTreeMap::new();
    let mut expected = 0;
    for (index, output) in rendered {
        early.insert(index, output);
        while let Some(output) = early.remove(&expected) {
            out.write_all(&output)?;
            expected += 1;
        }
    }
    Ok(())
}

/// Byte ranges of the text, each starting where a block starts, of about `CHUNK_BYTES`.
fn chunks(doc: &Document) -> Vec<Range<usize>> {
    let segmenter = doc.segmenter();
    let len = doc.text().len();
    let mut starts = vec![0];
    let mut target = CHUNK_BYTES;
    while target < len {
        match segmenter.block_at(target) {
            Some(block) if block.bytes.start > *starts.last().unwrap_or(&0) => {
                starts.push(block.bytes.start);
                target = block.bytes.end.max(target) + CHUNK_BYTES;
            }
            Some(block) => target = block.bytes.end.max(target + 1) + CHUNK_BYTES,
            None => break,
        }
    }
    starts
        .iter()
        .zip(starts.iter().skip(1).chain([&len]))
        .map(|(&start, &end)| start..end)
        .collect()
}

/// The rendered rows of the blocks that start in `chunk`.
fn render_chunk(doc: &Document, chunk: Range<usize>, options: LayoutOptions) -> Vec<u8> {
    let source = doc.text();
    let segmenter = doc.segmenter();
    let mut out = Vec::with_capacity(chunk.len() + chunk.len() / 8);
    let mut next = segmenter.block_at(chunk.start);
    let mut char_offset = doc.char_at(chunk.start);
    while let Some(block) = next.take() {
        if block.bytes.start >= chunk.end && chunk.end < source.len() {
            break;
        }
        let following = segmenter.next(&block);
        let layout = BlockLayout::of(doc, block, char_offset, options);
        char_offset = layout.chars().end;
        for (row, line) in layout.lines.iter().enumerate() {
            if line.kind == LineKind::Text {
                out.extend_from_slice(layout.row_str(source, row).as_bytes());
            }
            out.push(b'\n');
        }
        next = following;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;

    #[test]
    fn chunked_rendering_equals_one_pass() {
        let paragraph = "It was a bright cold day in April, and the clocks were striking\nthirteen. 中文的句子，很长很长。\n\n";
        let text = paragraph.repeat(3 * CHUNK_BYTES / paragraph.len());
        let doc = Document::from_text(&text, Source::Stdin);
        let options = LayoutOptions::new(37);
        let mut chunked = Vec::new();
        render(&doc, options, &mut chunked).unwrap();
        let whole = render_chunk(&doc, 0..text.len(), options);
        assert!(chunks(&doc).len() >= 3);
        assert_eq!(
            String::from_utf8(chunked).unwrap(),
            String::from_utf8(whole).unwrap()
        );
    }

    #[test]
    fn empty_and_blank_texts_render_nothing() {
        for text in ["", "\n\n  \n"] {
            let mut out = Vec::new();
            render(
                &Document::from_text(text, Source::Stdin),
                LayoutOptions::new(20),
                &mut out,
            )
            .unwrap();
            assert!(out.is_empty());
        }
    }
}
