//! Exercise: safe path resolution.
//!
//! Reference solution. See the stub in chapters/chapter-05/src/exercises/ for the task.

use std::path::{Path, PathBuf};

/// Why a target is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 400: not starting with `/`, a bad `%` escape, or a NUL.
    BadRequest,
    /// 403: a `..` segment, a backslash, or a path leaving the root.
    Forbidden,
    /// 404: nothing there.
    NotFound,
}

/// The canonical path under `root` that `target` names.
pub fn resolve(root: &Path, target: &str) -> Result<PathBuf, Refusal> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let decoded = decode(path.as_bytes())?;
    let mut joined = root.to_path_buf();
    for segment in decoded.split(|&b| b == b'/') {
        match segment {
            b"" | b"." => {}
            b".." => return Err(Refusal::Forbidden),
            s if s.contains(&b'\\') => return Err(Refusal::Forbidden),
            s => joined.push(crate::path::os_name(s).ok_or(Refusal::BadRequest)?),
        }
    }
    let root = root.canonicalize().map_err(|_| Refusal::NotFound)?;
    let real = joined.canonicalize().map_err(|_| Refusal::NotFound)?;
    if real.starts_with(&root) {
        Ok(real)
    } else {
        Err(Refusal::Forbidden)
    }
}

fn decode(text: &[u8]) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let mut byte = text[i];
        if byte == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or(Refusal::BadRequest)?;
            let hex = std::str::from_utf8(hex).map_err(|_| Refusal::BadRequest)?;
            byte = u8::from_str_radix(hex, 16).map_err(|_| Refusal::BadRequest)?;
            i += 2;
        }
        if byte == 0 {
            return Err(Refusal::BadRequest);
        }
        out.push(byte);
        i += 1;
    }
    Ok(out)
}
