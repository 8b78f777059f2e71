//! Exercise: safe path resolution.
//!
//! Turn a request-target into a file under `root`, refusing every way out:
//! 1. Take the part before any `?` or `#`. It must start with `/`, else BadRequest.
//! 2. Percent-decode it once (`%2e` is `.`, `%2F` is `/`). A `%` not followed
//!    by two hex digits, or a decoded NUL byte, is BadRequest.
//! 3. Split the decoded bytes at `/`. Skip empty and `.` segments. A `..`
//!    segment, or one containing a backslash, is Forbidden.
//! 4. Join the rest to `root`, canonicalize (this follows symlinks): missing
//!    is NotFound; a result not under the canonical root is Forbidden.

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
    // TODO: decode once, check each segment, then canonicalize and compare
    // with `root.canonicalize()` using `Path::starts_with`.
    // (`crate::path::os_name` turns a segment's bytes into a file name.)
    let _ = (root, target);
    todo!("resolve the target safely")
}
