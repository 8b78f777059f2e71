//! What the web server answers to one request: the seed's behaviour, done right.
//!
//! - GET and HEAD serve files; any other method is 405 with `Allow` (RFC 9110 §15.5.6).
//! - A directory serves its `index.html`; without one, a listing. A directory
//!   named without its trailing `/` is redirected (301) so relative links work.
//! - Paths are resolved by [`crate::path::resolve`]: bad ones 400, outside
//!   the root 403, missing 404; a file that exists but cannot be read 500.
//! - `/quit` (when enabled, as in the seed) answers and asks the server to stop.
//!
//! Why 403 and not the seed's 401: 401 Unauthorized means "send credentials
//! and try again" and must come with a `WWW-Authenticate` challenge
//! (RFC 9110 §15.5.2). No credentials make `..` acceptable, so the honest
//! answer is 403 Forbidden: understood, and refused (§15.5.4).
//!
//! Layout: [`Site`], [`Answer`], [`Site::answer`].

use std::path::PathBuf;

use crate::head::RequestHead;
use crate::listing;
use crate::mime;
use crate::path::{PathError, resolve};
use crate::response::{Opened, Response};

/// The site's settings.
#[derive(Debug, Clone)]
pub struct Site {
    /// The document root.
    pub root: PathBuf,
    /// Whether `GET /quit` stops the server (the seed's way out).
    pub quit: bool,
}

/// The answer to a request, and whether the server should stop after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The response.
    pub response: Response,
    /// True after `/quit`.
    pub stop: bool,
}

impl Site {
    // ANCHOR: answer
    /// The answer to `head` (the body, if any, was already read or skipped).
    pub fn answer(&self, head: &RequestHead) -> Answer {
        let stop = self.quit && head.method == "GET" && path_of(&head.target) == "/quit";
        let response = match head.method.as_str() {
            _ if stop => Response::new(200, "text/plain; charset=utf-8", "Shutdown\n"),
            "GET" | "HEAD" => self.get(&head.target),
            _ => Response::text(405).with("Allow", "GET, HEAD"),
        };
        Answer { response, stop }
    }
    // ANCHOR_END: answer

    /// The file, index, listing or error that `target` names.
    pub fn get(&self, target: &str) -> Response {
        let path = match origin_path(target).and_then(|p| resolve(&self.root, p)) {
            Ok(path) => path,
            Err(e) => return Response::text(e.status()),
        };
        if let Opened::File(response) = Response::open(&path) {
            return response;
        }
        let asked = path_of(target);
        if !asked.ends_with('/') {
            return Response::text(301).with("Location", &format!("{asked}/"));
        }
        let index = path.join("index.html");
        if index.is_file() {
            return Response::file(&index);
        }
        match listing::entries(&path) {
            Ok(names) => Response::new(200, mime::for_path(&index), listing::html(asked, &names)),
            Err(_) => Response::text(500),
        }
    }
}

/// The path of an origin-form or absolute-form target (RFC 9112 §3.2): a
/// proxy-style `http://host/a` is served as `/a`. Dropping the scheme and
/// the authority is all a server needs here, so chapter 1's URL parser (a
/// dependency this crate does not have) is not used.
pub fn origin_path(target: &str) -> Result<&str, PathError> {
    if target.starts_with('/') {
        return Ok(target);
    }
    let lower = target.get(..7).map(str::to_ascii_lowercase);
    let rest = match lower.as_deref() {
        Some("http://") => &target[7..],
        _ => {
            return Err(PathError::Bad(
                "request-target is not origin- or absolute-form",
            ));
        }
    };
    Ok(rest.find('/').map_or("/", |i| &rest[i..]))
}

/// The target's path without query or fragment (as sent, not decoded).
fn path_of(target: &str) -> &str {
    let path = origin_path(target).unwrap_or(target);
    path.split(['?', '#']).next().unwrap_or(path)
}
