//! From a request-target to a file under the document root, safely.
//!
//! The seed's server refused any path containing `..` as a substring and
//! opened the rest relative to its working directory. That refuses harmless
//! names (`a..b.txt`) and misses the encoded forms (`%2e%2e`, `%2E%2e`,
//! `.%2e`) as well as symbolic links that lead out of the root. The rules
//! here, in order:
//! 1. the path is the target up to `?` or `#`; it must start with `/`;
//! 2. percent-decode it once (RFC 3986 §2.1); a bad escape or a NUL is 400;
//! 3. split at `/` (an encoded `%2F` splits too: it was decoded first, so
//!    `..%2F` cannot hide a `..`); skip empty and `.` segments; a `..`
//!    segment or a backslash is 403: we never climb, even if we could stay
//!    inside;
//! 4. canonicalize the joined path (this follows symlinks) and require it
//!    to be under the canonical root: otherwise 403; missing is 404.
//!
//! Layout: [`PathError`], [`percent_decode`], [`segments`], [`os_name`],
//! [`resolve`].

use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};

/// Why a target does not name a file we may serve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// Malformed target: 400.
    #[error("malformed path: {0}")]
    Bad(&'static str),
    /// Outside the root, or an attempt to climb: 403.
    #[error("forbidden path")]
    Forbidden,
    /// No such file: 404.
    #[error("no such file")]
    NotFound,
}

impl PathError {
    /// The status code that answers this error.
    pub fn status(&self) -> u16 {
        match self {
            PathError::Bad(_) => 400,
            PathError::Forbidden => 403,
            PathError::NotFound => 404,
        }
    }
}

/// Decodes `%XX` escapes once. Errors on a bad escape or an encoded NUL.
pub fn percent_decode(text: &[u8]) -> Result<Vec<u8>, PathError> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let byte = match text[i] {
            b'%' => {
                let hex = text
                    .get(i + 1..i + 3)
                    .ok_or(PathError::Bad("short % escape"))?;
                let digits =
                    std::str::from_utf8(hex).map_err(|_| PathError::Bad("bad % escape"))?;
                i += 2;
                u8::from_str_radix(digits, 16).map_err(|_| PathError::Bad("bad % escape"))?
            }
            b => b,
        };
        if byte == 0 {
            return Err(PathError::Bad("NUL in path"));
        }
        out.push(byte);
        i += 1;
    }
    Ok(out)
}

// ANCHOR: segments
/// The decoded, checked segments of the path part of `target`.
pub fn segments(target: &str) -> Result<Vec<Vec<u8>>, PathError> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(PathError::Bad("path does not start with /"));
    }
    let decoded = percent_decode(path.as_bytes())?;
    let mut out = Vec::new();
    for segment in decoded.split(|&b| b == b'/') {
        match segment {
            b"" | b"." => {}
            b".." => return Err(PathError::Forbidden),
            s if s.contains(&b'\\') => return Err(PathError::Forbidden),
            s => out.push(s.to_vec()),
        }
    }
    Ok(out)
}
// ANCHOR_END: segments

// ANCHOR: resolve
/// The canonical file or directory under `root` that `target` names.
pub fn resolve(root: &Path, target: &str) -> Result<PathBuf, PathError> {
    let mut path = root.to_path_buf();
    for segment in segments(target)? {
        path.push(os_name(&segment).ok_or(PathError::Bad(NOT_A_NAME))?);
    }
    let real = path.canonicalize().map_err(|e| match e.kind() {
        io::ErrorKind::PermissionDenied => PathError::Forbidden,
        _ => PathError::NotFound,
    })?;
    // `real` is canonical, so every leading part of it is too: if `root`
    // as given is one, it is its own canonical form and no system call is
    // needed to know (canonicalizing costs a `readlink` per component, on
    // every request). Otherwise (a symlink, a `..`, a relative root) compare
    // with the canonical root.
    if real.starts_with(root) {
        return Ok(real);
    }
    let root = root.canonicalize().map_err(|_| PathError::NotFound)?;
    match real.starts_with(&root) {
        true => Ok(real),
        false => Err(PathError::Forbidden),
    }
}
// ANCHOR_END: resolve

/// Why [`os_name`] refused a segment.
pub const NOT_A_NAME: &str = "not a file name on this system";

/// A decoded segment as a file name: any bytes on Unix, where names are
/// bytes.
#[cfg(unix)]
pub fn os_name(segment: &[u8]) -> Option<&OsStr> {
    Some(std::os::unix::ffi::OsStrExt::from_bytes(segment))
}

/// A decoded segment as a file name, by the Windows rule below.
#[cfg(not(unix))]
pub fn os_name(segment: &[u8]) -> Option<&OsStr> {
    windows_name(segment).map(OsStr::new)
}

/// Windows names are UTF-16, so only UTF-8 converts, and a `:` (a drive,
/// or a file's data stream) is refused. Built on Unix too for its tests.
#[cfg(any(not(unix), test))]
fn windows_name(segment: &[u8]) -> Option<&str> {
    let name = std::str::from_utf8(segment).ok()?;
    (!name.contains(':')).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_takes_any_bytes_windows_only_utf8_without_a_colon() {
        #[cfg(unix)]
        assert_eq!(os_name(b"caf\xe9").map(|n| n.len()), Some(4));
        assert_eq!(windows_name("café.txt".as_bytes()), Some("café.txt"));
        assert_eq!(windows_name(b"caf\xe9"), None, "Latin-1 is not UTF-8");
        assert_eq!(windows_name(b"C:"), None, "a drive would replace the root");
        assert_eq!(windows_name(b"a.txt:hidden"), None, "a data stream");
    }
}
