//! Tests for the exercises of chapter 5, one module per exercise. The module
//! name is the exercise's test filter in `exercises.toml` (`request_head::`,
//! ...). Every test calls the learner's code, so each one fails on an
//! untouched stub. The REST API is also served over loopback by the
//! chapter's server and driven by a real client connection.

#[path = "exercises/chunked_decode.rs"]
mod chunked_decode;
#[path = "exercises/dir_listing.rs"]
mod dir_listing;
#[path = "exercises/redirects.rs"]
mod redirects;
#[path = "exercises/request_head.rs"]
mod request_head;
#[path = "exercises/response_writer.rs"]
mod response_writer;
#[path = "exercises/rest_api.rs"]
mod rest_api;
#[path = "exercises/safe_path.rs"]
mod safe_path;
