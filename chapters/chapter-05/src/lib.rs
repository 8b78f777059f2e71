//! # Chapter 5 — The web: a small server, an HTTP client, downloads, a file server
//!
//! Not written yet. This chapter will teach HTTP/1.1 from both ends: a small web server done right (framing, keep-alive, limits, safe paths), an HTTP client with redirects and chunked bodies, downloads with progress, and a file server.
//!
//! The crate already exists so that the workspace layout, the `workbook` status
//! and the book frame cover every chapter from the start.
