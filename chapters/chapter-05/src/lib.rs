//! # Chapter 5 — The web: a small server, an HTTP client, downloads, a file server
//!
//! HTTP/1.1 from both ends. The seed's web server answered one request per
//! connection, one connection at a time, trusted every header to fit on one
//! line and refused `..` by looking for the substring. This chapter keeps its
//! shape (a document root, a MIME table, 200/404/500, `/quit`) and does the
//! protocol right: a sans-I/O request parser with limits, framing by
//! Content-Length and chunked coding, keep-alive, HEAD, safe paths. The
//! client side is `http.request` in Rust: methods, headers, bodies, sinks,
//! redirects, proxies, timeouts.
//!
//! Layout:
//! - [`head`]: the request head parser (incremental, capped).
//! - [`response`]: the response writer and the HTTP date.
//! - [`chunked`]: the chunked transfer coding.
//! - [`path`]: request-target to file, refusing every way out of the root.
//! - [`mime`]: the MIME table; [`listing`]: directory listings.
//! - [`site`]: what the web server answers; [`server`]: the connection loop.
//! - [`url`]: the little URL parsing the client needs; [`client`]: the HTTP client.
//! - [`cli`]: what the programs share (exit status, serving).
//! - [`files`]: the file server (list, get, upload); [`index_page`]: env_page's page.
//! - [`exercises`]: the learner's stubs (or, with the `solutions` feature,
//!   the reference solutions from `solutions/chapter-05/`).
//!
//! Binaries: `webserver`, `env_page` (002's web server and its index page),
//! `http_get`, `grab_file` (002's `http.request` and http_01), `file_server` (000),
//! and `web_bench` (the benchmark against nginx).

pub mod chunked;
pub mod cli;
pub mod client;
#[cfg(feature = "exercises")]
pub mod exercises;
pub mod files;
pub mod head;
pub mod index_page;
pub mod listing;
pub mod mime;
pub mod path;
pub mod response;
pub mod server;
pub mod site;
pub mod url;
