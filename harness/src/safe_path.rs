//! Serving files to a browser without serving the rest of the disk: from a
//! request-target to a file under a web root, and the `Host` check that
//! keeps a loopback-only server loopback-only.
//!
//! Every file server of the infrastructure goes through here (the book
//! server of `workbook book --serve`); chapter 5 teaches the same rules in
//! its own `path` module, and both are run against one traversal corpus
//! (`fixtures/hostile/traversal.txt`, through [`crate::hostile`]).
//!
//! The order is what makes it safe: a check made before decoding misses
//! what the decoding produces (`%2F` is a `/`, `%2e%2e` is `..`). So:
//! 1. the path is the target up to `?` or `#`, and must start with `/`;
//! 2. it is percent-decoded exactly once (RFC 3986 §2.1), strictly: `%`
//!    plus two hex digits, anything else is malformed; the result must be
//!    UTF-8 (an overlong `%c0%ae` is not);
//! 3. it is split at `/` (an encoded `%2F` splits too, it was decoded
//!    first); empty and `.` segments are skipped; `..` is refused, never
//!    followed, even when it would stay inside; so is any segment that a
//!    file system could read as something else: a backslash (a separator
//!    on Windows), a `:` (a drive `C:` or a stream `a::$DATA`), a trailing
//!    dot or space (Windows drops them), a device name (`NUL`, `COM1`), a
//!    control byte (NUL included);
//! 4. the segments are joined to the canonical root and the result is
//!    canonicalised (following symlinks): it must still be under the
//!    canonical root, compared component by component, so a link out of
//!    the root and a sibling `www2` next to `www` are both refused.
//!
//! A symlink swapped in between the check and the open could still win the
//! race; the servers here serve a directory that only its owner writes.
//!
//! # Layout
//! [`Refusal`], [`segments`] (steps 1–3), [`WebRoot`] (step 4, and a
//! directory's index file), [`is_local_host`] (DNS rebinding).

use std::io;
use std::path::{Path, PathBuf};

/// Why a request-target names nothing we may serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Malformed: a bad escape, not UTF-8, a control byte, no leading `/`
    /// (400).
    BadRequest(&'static str),
    /// A way out of the root, or a name some file system reads otherwise
    /// (403).
    Forbidden(&'static str),
    /// Nothing there (404).
    NotFound,
}

impl Refusal {
    /// The HTTP status that answers this refusal.
    pub fn status(self) -> u16 {
        match self {
            Refusal::BadRequest(_) => 400,
            Refusal::Forbidden(_) => 403,
            Refusal::NotFound => 404,
        }
    }
}

/// The checked segments of the path of `target` (steps 1–3 of the module
/// doc): each is a plain file name, safe to push onto a path on any OS.
pub fn segments(target: &str) -> Result<Vec<String>, Refusal> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Err(Refusal::BadRequest("the path does not start with /"));
    }
    let decoded = percent_decode(path.as_bytes())?;
    let decoded =
        String::from_utf8(decoded).map_err(|_| Refusal::BadRequest("the path is not UTF-8"))?;
    let mut out = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(Refusal::Forbidden("a .. segment")),
            s => out.push(check_segment(s)?.to_string()),
        }
    }
    Ok(out)
}

/// Refuses a segment some file system would not take as a plain name.
fn check_segment(s: &str) -> Result<&str, Refusal> {
    if s.chars().any(|c| c.is_control()) {
        return Err(Refusal::BadRequest("a control byte in the path"));
    }
    if s.contains('\\') {
        return Err(Refusal::Forbidden("a backslash in the path"));
    }
    if s.contains(':') {
        return Err(Refusal::Forbidden("a drive or stream name in the path"));
    }
    if s.ends_with(['.', ' ']) {
        return Err(Refusal::Forbidden("a name ending in a dot or space"));
    }
    let stem = s.split('.').next().unwrap_or_default().trim_end();
    let device = matches!(
        stem.to_ascii_uppercase().as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || is_numbered_device(stem);
    if device {
        return Err(Refusal::Forbidden("a device name in the path"));
    }
    Ok(s)
}

/// `COM1`..`COM9`, `LPT1`..`LPT9` (and their superscript-digit forms):
/// Windows opens the device in every directory.
fn is_numbered_device(stem: &str) -> bool {
    let upper = stem.to_ascii_uppercase();
    let Some(rest) = upper.strip_prefix("COM").or(upper.strip_prefix("LPT")) else {
        return false;
    };
    matches!(
        rest,
        "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
    )
}

/// Decodes each `%XX` once; `%` must be followed by two hex digits.
fn percent_decode(text: &[u8]) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some((&byte, tail)) = rest.split_first() {
        if byte != b'%' {
            out.push(byte);
            rest = tail;
            continue;
        }
        let digit = |i: usize| tail.get(i).and_then(|&b| char::from(b).to_digit(16));
        let (Some(high), Some(low)) = (digit(0), digit(1)) else {
            return Err(Refusal::BadRequest("a % not followed by two hex digits"));
        };
        // Two hex digits make at most 0xFF.
        out.push((high * 16 + low) as u8);
        rest = &tail[2..];
    }
    Ok(out)
}

/// A web root, canonicalised once: what every target is checked against.
#[derive(Debug, Clone)]
pub struct WebRoot {
    root: PathBuf,
}

impl WebRoot {
    /// The root at `root` (which must exist).
    pub fn new(root: &Path) -> io::Result<WebRoot> {
        Ok(WebRoot {
            root: root.canonicalize()?,
        })
    }

    /// The canonical root.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The canonical file or directory under the root that `target` names.
    pub fn resolve(&self, target: &str) -> Result<PathBuf, Refusal> {
        let mut path = self.root.clone();
        path.extend(segments(target)?);
        self.within(&path)
    }

    /// As [`WebRoot::resolve`], but a directory means its `index` file
    /// (checked the same way: it may be a symlink too).
    pub fn file(&self, target: &str, index: &str) -> Result<PathBuf, Refusal> {
        let path = self.resolve(target)?;
        match path.is_dir() {
            true => self.within(&path.join(check_segment(index)?)),
            false => Ok(path),
        }
    }

    /// `path` canonicalised, if it exists and is under the root.
    pub fn within(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let real = path.canonicalize().map_err(|e| match e.kind() {
            io::ErrorKind::PermissionDenied => Refusal::Forbidden("permission denied"),
            _ => Refusal::NotFound,
        })?;
        // `Path::starts_with` compares whole components: `/srv/www2` is
        // not under `/srv/www`.
        match real.starts_with(&self.root) {
            true => Ok(real),
            false => Err(Refusal::Forbidden("outside the root")),
        }
    }
}

/// Whether a `Host` header value names this machine's loopback:
/// `localhost`, `127.0.0.1` or `[::1]`, each with an optional port.
///
/// A server on 127.0.0.1 is still reachable from a web page through DNS
/// rebinding: a name the attacker controls first resolves to their server,
/// then to 127.0.0.1, and the browser sends `Host: that.name`. Answering
/// only loopback names ends that.
pub fn is_local_host(host: &str) -> bool {
    let host = host.trim();
    // The port, if any, follows the last `:` outside the brackets of an
    // IPv6 literal.
    let (name, port) = match host.rfind(':').filter(|&i| !host[i..].contains(']')) {
        Some(i) => (&host[..i], Some(&host[i + 1..])),
        None => (host, None),
    };
    let port_ok = port.is_none_or(|digits| {
        (1..=5).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
    });
    let name_ok = name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1" || name == "[::1]";
    port_ok && name_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_decoded_before_they_are_checked() {
        assert_eq!(
            segments("/a/b%20c.html?x=/../y"),
            Ok(vec!["a".to_string(), "b c.html".to_string()])
        );
        assert_eq!(segments("/a..b.txt").unwrap(), ["a..b.txt"]);
        for (target, refusal) in [
            ("/%2e%2e/x", Refusal::Forbidden("a .. segment")),
            ("/a%2F..%2Fx", Refusal::Forbidden("a .. segment")),
            (
                "/%c0%ae%c0%ae/x",
                Refusal::BadRequest("the path is not UTF-8"),
            ),
            ("/a%00", Refusal::BadRequest("a control byte in the path")),
            ("/%5c..", Refusal::Forbidden("a backslash in the path")),
            (
                "/C:/x",
                Refusal::Forbidden("a drive or stream name in the path"),
            ),
            ("/x.", Refusal::Forbidden("a name ending in a dot or space")),
            ("/com1.txt", Refusal::Forbidden("a device name in the path")),
            (
                "/%+1",
                Refusal::BadRequest("a % not followed by two hex digits"),
            ),
            (
                "/%2",
                Refusal::BadRequest("a % not followed by two hex digits"),
            ),
            ("x", Refusal::BadRequest("the path does not start with /")),
        ] {
            assert_eq!(segments(target), Err(refusal), "{target}");
        }
    }

    #[test]
    fn only_loopback_names_are_local() {
        for host in [
            "localhost",
            "LOCALHOST:3000",
            "127.0.0.1",
            "127.0.0.1:80",
            "[::1]",
            "[::1]:3000",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "",
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "127.0.0.2",
            "localhost:",
            "localhost:abc",
            "localhost:123456",
            "[::1",
            "[::2]:80",
            "localhost:80:80",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
    }
}
