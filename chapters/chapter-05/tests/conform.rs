//! The chapter's conformance cases run with the chapter's own programs (the
//! built binaries, not `cargo run`): each passes and matches its recorded
//! reference in `fixtures/reference/`, and a program doing another job
//! fails, so the cases can tell.

use std::time::Duration;

use conform::Session;

/// A session running the chapter binary `bin` with `args`.
fn session(bin: &str, args: &[&str]) -> Session {
    Session::for_bin(bin, args, Duration::from_secs(30))
}

#[test]
fn our_programs_pass_their_cases_and_match_the_references() {
    let server = ["--port", "{port}", "--quiet"];
    session("webserver", &server).assert_passes("http-server");
    let url = ["http://{host}:{port}/chain/2"];
    session("http_get", &url).assert_passes("http-client");
}

#[test]
fn programs_doing_another_job_fail() {
    // The file server lists directories instead of serving index.html.
    let args = ["--port", "{port}", "--root", "/", "--quiet"];
    session("file_server", &args)
        .report("http-server")
        .assert_fails();
    // Not following redirects: the first answer is a 302.
    let args = ["--max-redirects", "0", "http://{host}:{port}/chain/2"];
    session("http_get", &args)
        .report("http-client")
        .assert_fails();
}
