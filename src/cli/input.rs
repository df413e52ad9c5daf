//! The one door in: every input ctpat reads (answers, criteria, `ctpat.toml`, files found by
//! `batch` and `validate`, standard input) goes through [`read_bytes`] or [`read_limited`],
//! which stop one byte past a limit instead of reading until memory runs out.
//!
//! A regular file's size is checked before it is opened; a pipe, FIFO, device (`/dev/zero`)
//! or standard input has no size, so it is read through `take(limit + 1)` and refused once
//! it holds more than the limit. Workbook readers call [`read_bytes`] with their own limit.

use std::io::Read;
use std::path::Path;

/// The most ctpat reads of one text input: the YAML layer's own limit.
pub(crate) const TEXT_LIMIT: u64 = crate::yaml::MAX_INPUT_BYTES as u64;

/// Why an input could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The path names a folder.
    IsDirectory,
    /// The input holds more than `limit` bytes; `size` is known for a regular file only.
    TooLarge {
        /// The limit passed in.
        limit: u64,
        /// The file's size, when it has one.
        size: Option<u64>,
    },
    /// Opening or reading failed.
    Io(std::io::Error),
}

/// Reads at most `limit` bytes from `reader`.
///
/// # Errors
/// [`ReadError::TooLarge`] as soon as there is a byte more; [`ReadError::Io`] on a read error.
pub(crate) fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_into(Vec::new(), reader, limit)
}

/// [`read_limited`] into `bytes`, whose capacity may be the expected size.
fn read_into(mut bytes: Vec<u8>, reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit, size: None });
    }
    Ok(bytes)
}

/// Reads at most `limit` bytes of `path`; `-` is standard input. A path named here is read as
/// the user named it (a link is followed); callers that found the path themselves check for
/// links first.
///
/// # Errors
/// A folder, an input larger than `limit`, or an I/O error.
pub(crate) fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    if path.as_os_str() == "-" {
        return read_limited(std::io::stdin().lock(), limit);
    }
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::IsDirectory);
    }
    if meta.is_file() && meta.len() > limit {
        return Err(ReadError::TooLarge {
            limit,
            size: Some(meta.len()),
        });
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // A regular file's size is known: one allocation holds it (and the byte that tells its
    // end), where growing from empty reallocated and copied a 22 KiB file four times.
    let expected = if meta.is_file() {
        usize::try_from(meta.len()).map_or(0, |n| n.saturating_add(1))
    } else {
        0
    };
    read_into(Vec::with_capacity(expected), file, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An endless reader that counts what it hands out.
    struct Endless(u64);

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            buf.fill(b'y');
            self.0 += buf.len() as u64;
            Ok(buf.len())
        }
    }

    #[test]
    fn endless_stdin_stops_one_byte_past_the_limit() {
        let mut endless = Endless(0);
        let result = read_limited(&mut endless, 1000);
        assert!(matches!(
            result,
            Err(ReadError::TooLarge {
                limit: 1000,
                size: None
            })
        ));
        // `take` hands the reader buffers no larger than what is left, so it stops at once.
        assert!(endless.0 <= 1001, "read {} bytes", endless.0);
    }

    #[test]
    fn input_at_the_limit_is_read_whole() {
        let bytes = read_limited(&b"abc"[..], 3).expect("fits");
        assert_eq!(bytes, b"abc");
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_is_refused_at_the_limit() {
        let result = read_bytes(Path::new("/dev/zero"), 4096);
        assert!(matches!(
            result,
            Err(ReadError::TooLarge { size: None, .. })
        ));
    }
}
