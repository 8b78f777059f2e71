//! The file server: 000's "data server" done safely, over HTTP.
//!
//! The seed's file server read a file name per line and opened it, wherever
//! it was: any file the server could read was anyone's. This one serves a
//! root directory only (paths resolved by [`crate::path`]), lists
//! directories (000's "add directory listing"), and takes uploads with PUT
//! (000's "implement file upload"), capped in size (413 beyond, RFC 9110
//! §15.5.14) and never outside the root or over a directory.
//!
//! Layout: [`FileServer`] and its [`Handler`] impl; `write_whole`, which
//! lands an upload in one rename so no reader sees half a file.

use std::path::PathBuf;

use crate::head::RequestHead;
use crate::listing;
use crate::path::{NOT_A_NAME, PathError, os_name, resolve, segments};
use crate::response::{Opened, Response};
use crate::server::Handler;
use crate::site::{Answer, origin_path};

/// A file server over `root`.
#[derive(Debug, Clone)]
pub struct FileServer {
    /// The directory served.
    pub root: PathBuf,
    /// The largest upload, in bytes.
    pub max_upload: usize,
}

impl Handler for FileServer {
    fn handle(&self, head: &RequestHead, body: &[u8]) -> Answer {
        let response = match head.method.as_str() {
            "GET" | "HEAD" => self.get(&head.target),
            "PUT" => self.put(&head.target, body),
            _ => Response::text(405).with("Allow", "GET, HEAD, PUT"),
        };
        Answer {
            response,
            stop: false,
        }
    }

    fn max_body(&self) -> usize {
        self.max_upload
    }
}

impl FileServer {
    /// A file's bytes or a directory's listing.
    pub fn get(&self, target: &str) -> Response {
        let path = match origin_path(target).and_then(|t| resolve(&self.root, t)) {
            Ok(path) => path,
            Err(e) => return Response::text(e.status()),
        };
        if let Opened::File(response) = Response::open(&path) {
            return response;
        }
        let shown = origin_path(target)
            .unwrap_or("/")
            .split('?')
            .next()
            .unwrap_or("/");
        match listing::entries(&path) {
            Ok(names) => Response::new(
                200,
                "text/html; charset=utf-8",
                listing::html(shown, &names),
            ),
            Err(_) => Response::text(500),
        }
    }

    // ANCHOR: upload
    /// Stores `body` as the file `target` names: its directory must exist
    /// under the root, and the name must not be a directory.
    pub fn put(&self, target: &str, body: &[u8]) -> Response {
        match self.upload_path(target) {
            Ok(path) if path.is_dir() => Response::text(405).with("Allow", "GET, HEAD"),
            Ok(path) => match write_whole(&path, body) {
                Ok(()) => Response::text(201),
                Err(_) => Response::text(500),
            },
            Err(e) => Response::text(e.status()),
        }
    }
    // ANCHOR_END: upload

    // ANCHOR: upload_path
    /// The directory resolved safely, then the checked last segment.
    fn upload_path(&self, target: &str) -> Result<PathBuf, PathError> {
        let target = origin_path(target)?;
        let mut parts = segments(target)?;
        let name = parts.pop().ok_or(PathError::Bad("no file name"))?;
        let mut dir = String::from("/");
        for part in &parts {
            dir.push_str(&listing::encode_segment(&String::from_utf8_lossy(part)));
            dir.push('/');
        }
        let dir = resolve(&self.root, &dir)?;
        let path = dir.join(os_name(&name).ok_or(PathError::Bad(NOT_A_NAME))?);
        // A symlink in the root's name place must not redirect the write.
        if path.is_symlink() {
            return Err(PathError::Forbidden);
        }
        Ok(path)
    }
    // ANCHOR_END: upload_path
}

// ANCHOR: write_whole
/// Writes `body` to a hidden file beside `path`, then renames it into
/// place: a reader sees the old file or the whole new one, never half of
/// it, and a write that fails (a full disk) leaves no partial file behind.
fn write_whole(path: &std::path::Path, body: &[u8]) -> std::io::Result<()> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = path.with_file_name(format!(".{name}.upload-{}-{n}", std::process::id()));
    let written = std::fs::write(&temp, body).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}
// ANCHOR_END: write_whole
