//! Reading whole files that someone else may have made hostile: only regular files (a
//! FIFO would block the open, `/dev/zero` never ends), and never more than a limit.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

mod parts;

/// The largest document margent reads (its memory use is a few times this).
pub const MAX_DOCUMENT_BYTES: u64 = 1 << 30;

/// The whole of the regular file at `path` (symbolic links followed), or an error: a
/// folder, device, pipe or socket is refused before it is opened, and a file larger
/// than `limit` bytes is refused rather than read.
pub fn read_regular(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let (file, len) = open_regular(path, limit)?;
    // Room for the whole file at once: grown by doubling, a 38 MB file took 64 MB.
    let mut bytes = Vec::with_capacity(len as usize);
    read_into(file, limit, &mut bytes)?;
    Ok(bytes)
}

/// [`read_regular`], leaving `prefix` out if the file starts with it, and saying
/// whether it did: a UTF-8 byte-order mark is dropped without moving the whole file
/// three bytes down.
pub fn read_regular_without(path: &Path, limit: u64, prefix: &[u8]) -> io::Result<(Vec<u8>, bool)> {
    let (mut file, len) = open_regular(path, limit)?;
    let mut head = Vec::with_capacity(prefix.len());
    (&mut file).take(prefix.len() as u64).read_to_end(&mut head)?;
    let had_prefix = head == prefix;
    if len >= crate::par::SPLIT_BYTES as u64 {
        let from = if had_prefix { head.len() as u64 } else { 0 };
        if let Some(bytes) = parts::read(&file, from, len) {
            return Ok((bytes, had_prefix));
        }
    }
    let mut bytes = Vec::with_capacity(len as usize);
    if !had_prefix {
        bytes.append(&mut head);
    }
    // The limit holds for the whole file, prefix included.
    let limit = if had_prefix {
        limit.saturating_sub(prefix.len() as u64)
    } else {
        limit
    };
    read_into(file, limit, &mut bytes)?;
    Ok((bytes, had_prefix))
}

/// Gives the bytes of the regular file at `path` to `sink` a part at a time, refusing
/// what `read_regular` refuses: for what must see a whole file without holding it.
pub fn stream_regular(path: &Path, limit: u64, mut sink: impl FnMut(&[u8])) -> io::Result<()> {
    let (file, _) = open_regular(path, limit)?;
    let mut file = file.take(limit.saturating_add(1));
    let (mut buffer, mut total) = (vec![0; 1 << 20], 0u64);
    loop {
        let read = match file.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(read) => read,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        total += read as u64;
        if total > limit {
            return Err(too_large(limit));
        }
        sink(&buffer[..read]);
    }
}

/// The regular file at `path`, opened to be read a part at a time, refusing what
/// `read_regular` refuses.
pub fn open_regular_buffered(path: &Path, limit: u64) -> io::Result<io::BufReader<fs::File>> {
    let (file, _) = open_regular(path, limit)?;
    Ok(io::BufReader::with_capacity(1 << 20, file))
}

/// The regular file at `path`, opened, and its length then.
fn open_regular(path: &Path, limit: u64) -> io::Result<(fs::File, u64)> {
    let metadata = fs::metadata(path)?;
    if metadata.is_dir() {
        return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder"));
    }
    if !metadata.is_file() {
        return Err(io::Error::other("not a regular file (a device, pipe or socket)"));
    }
    if metadata.len() > limit {
        return Err(too_large(limit));
    }
    Ok((fs::File::open(path)?, metadata.len()))
}

/// Everything `reader` gives, but an error once it gives more than `limit` bytes (a
/// file that grew since it was measured, standard input from `/dev/zero`).
pub fn read_at_most(reader: impl Read, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    read_into(reader, limit, &mut bytes)?;
    Ok(bytes)
}

fn read_into(reader: impl Read, limit: u64, bytes: &mut Vec<u8>) -> io::Result<()> {
    reader.take(limit.saturating_add(1)).read_to_end(bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(())
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("larger than {} MiB, the most margent reads", limit >> 20),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, b"twelve bytes").unwrap();
        assert_eq!(read_regular(&path, 12).unwrap(), b"twelve bytes");
        assert_eq!(
            read_regular_without(&path, 12, b"twe").unwrap(),
            (b"lve bytes".to_vec(), true)
        );
        assert_eq!(
            read_regular_without(&path, 12, b"two").unwrap(),
            (b"twelve bytes".to_vec(), false)
        );
        assert_eq!(
            read_regular_without(&path, 100, b"twelve bytes and more").unwrap(),
            (b"twelve bytes".to_vec(), false)
        );
        for prefix in [&b"twe"[..], b"two"] {
            let refused = read_regular_without(&path, 11, prefix).unwrap_err();
            assert_eq!(refused.kind(), io::ErrorKind::FileTooLarge);
        }
        let mut streamed = Vec::new();
        stream_regular(&path, 12, |part| streamed.extend_from_slice(part)).unwrap();
        assert_eq!(streamed, b"twelve bytes");
        let refused = stream_regular(&path, 11, |_| {}).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::FileTooLarge);
        let err = read_regular(&path, 11).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(
            read_regular(dir.path(), 100).unwrap_err().kind(),
            io::ErrorKind::IsADirectory
        );
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        let err = read_regular(Path::new("/dev/zero"), MAX_DOCUMENT_BYTES).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn an_endless_reader_stops_at_the_limit() {
        let err = read_at_most(io::repeat(0), 1 << 16).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
    }
}
