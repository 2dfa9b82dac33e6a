//! A large regular file read in parts, one per core, each into its own place in one
//! buffer: the kernel's copying and the faulting-in of fresh memory are shared out
//! (52 MB took 19 ms where one read took 33). Unix only (positioned reads).

use std::fs;

/// The bytes of `file` from `from` to `len`, its length when measured; `None` when
/// they cannot be read so (the file changed length meanwhile, a read failed, or this
/// is not Unix): the caller then reads the file in one go, which reports any error.
#[cfg(unix)]
pub(super) fn read(file: &fs::File, from: u64, len: u64) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let size = usize::try_from(len.checked_sub(from)?).ok()?;
    // Zeroed lazily by the system: each page is first touched by the thread reading it.
    let mut bytes = vec![0u8; size];
    let chunk = size.div_ceil(crate::par::threads()).max(1);
    let parts: Vec<(u64, &mut [u8])> = bytes
        .chunks_mut(chunk)
        .enumerate()
        .map(|(n, part)| (from + (n * chunk) as u64, part))
        .collect();
    let read = crate::par::map_chunks(parts, |(offset, part)| file.read_exact_at(part, offset).is_ok());
    // Nothing past the measured end: the file did not grow meanwhile.
    let grew = file.read_at(&mut [0u8; 1], len).is_ok_and(|more| more > 0);
    (read.into_iter().all(|ok| ok) && !grew).then_some(bytes)
}

#[cfg(not(unix))]
pub(super) fn read(_file: &fs::File, _from: u64, _len: u64) -> Option<Vec<u8>> {
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::par::SPLIT_BYTES as PARALLEL_BYTES;

    #[test]
    fn parts_read_the_file_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("large.txt");
        let bytes: Vec<u8> = (0..PARALLEL_BYTES + 12_345).map(|n| (n % 251) as u8).collect();
        fs::write(&path, &bytes).unwrap();
        let file = fs::File::open(&path).unwrap();
        let len = bytes.len() as u64;
        assert_eq!(read(&file, 0, len).unwrap(), bytes);
        assert_eq!(read(&file, 3, len).unwrap(), &bytes[3..]);
        // Measured shorter or longer than it is: not read so.
        assert!(read(&file, 0, len - 1).is_none());
        assert!(read(&file, 0, len + 1).is_none());
        assert!(read(&file, len + 1, len).is_none());
    }
}
