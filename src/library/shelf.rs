//! The plain-text documents under a folder (`margent DIR`, `library DIR`, `notes DIR`):
//! files named `.txt`, `.md`, `.markdown`, or with no extension and text inside (the
//! first bytes hold no NUL). Hidden files and folders are skipped, and symbolic links to
//! folders are not followed, so a link loop ends nothing and hangs nothing; files are
//! handed out one at a time, as they are found, so a caller can show them progressively.

use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// Extensions of plain-text documents (compared without case).
const EXTENSIONS: [&str; 3] = ["txt", "md", "markdown"];
/// How much of a file without an extension is read to see that it is text.
const SNIFF_BYTES: u64 = 1024;

/// Whether the file at `path` is a plain-text document by its name (and, without an
/// extension, by its first bytes).
pub fn is_document(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with('.') {
        return false;
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some(extension) => EXTENSIONS
            .iter()
            .any(|known| known.eq_ignore_ascii_case(extension)),
        None => looks_like_text(path),
    }
}

fn looks_like_text(path: &Path) -> bool {
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| file.take(SNIFF_BYTES).read_to_end(&mut head));
    read.is_ok() && !head.is_empty() && !head.contains(&0)
}

/// Calls `found` with each document under `folder`, depth first, names in order;
/// `found` may stop the walk.
pub fn walk_each(folder: &Path, mut found: impl FnMut(PathBuf) -> ControlFlow<()>) {
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|entry| entry.file_name());
        let mut subfolders = Vec::new();
        for entry in entries {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                subfolders.push(path);
            } else if (kind.is_file() || (kind.is_symlink() && path.is_file()))
                && is_document(&path)
                && found(path).is_break()
            {
                return;
            }
        }
        // Popped in name order.
        pending.extend(subfolders.into_iter().rev());
    }
}

/// Every document under `folder` that `keep` accepts.
pub fn walk(folder: &Path, mut keep: impl FnMut(&Path) -> bool) -> Vec<PathBuf> {
    let mut files = Vec::new();
    walk_each(folder, |path| {
        if keep(&path) {
            files.push(path);
        }
        ControlFlow::Continue(())
    });
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_text_documents_and_skips_the_rest_without_following_folder_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        for (name, bytes) in [
            ("a.txt", &b"text"[..]),
            ("b.MD", b"# md"),
            ("README", b"plain words"),
            ("binary", b"\x7fELF\0\0"),
            ("a.txt.notes.toml", b"format = 1"),
            ("image.png", b"png"),
            ("sub/c.markdown", b"x"),
            ("sub/deeper/d.txt", b"y"),
            (".git/HEAD", b"ref"),
            (".hidden.txt", b"z"),
        ] {
            std::fs::write(root.join(name), bytes).unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        let found: Vec<String> = walk(root, |_| true)
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            found,
            ["README", "a.txt", "b.MD", "sub/c.markdown", "sub/deeper/d.txt"]
        );
    }
}
