//! Chapter 5's file servers under the traversal corpus
//! (`fixtures/hostile/traversal.txt`, run in the harness's
//! [`HostileSite`]): the library's web server and file server in a thread,
//! the `webserver` and `file_server` programs as processes, and the path
//! functions under them (`path::resolve`, the `safe_path` exercise's
//! reference solution). No target may be answered 2xx or serve the secret
//! beside the root.

mod common;

use std::net::SocketAddr;

use chapter_05::files::FileServer;
use chapter_05::server::Config;
use chapter_05::site::Site;
use common::{Running, Server};
use harness::hostile::HostileSite;
use harness::http::Driver;

/// Sends every target of the corpus, each on its own connection.
fn run_corpus(name: &str, addr: SocketAddr, site: &HostileSite) {
    let targets = site.targets();
    assert!(targets.len() >= 250, "only {} targets", targets.len());
    for target in &targets {
        let mut d = Driver::connect(addr).unwrap();
        let head = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        d.send(head.as_bytes()).unwrap();
        let got = d.read_response(false).unwrap();
        site.assert_nothing_leaked(name, target, &got.body);
        assert!(
            !(200..300).contains(&got.status),
            "{name}: {target:?} answered {}",
            got.status
        );
    }
}

#[test]
fn the_library_servers_serve_nothing_outside_the_root() {
    let site = HostileSite::new();
    let web = Running::start(
        Site {
            root: site.root.clone(),
            quit: false,
        },
        Config::default(),
    );
    run_corpus("the web server", web.addr, &site);
    let files = FileServer {
        root: site.root.clone(),
        max_upload: 1000,
    };
    let files = Running::start(files, Config::default());
    run_corpus("the file server", files.addr, &site);
}

#[test]
fn the_programs_serve_nothing_outside_the_root() {
    let site = HostileSite::new();
    let root = site.root.to_str().unwrap();
    for name in ["webserver", "file_server"] {
        let server = Server::start(name, &["--port", "0", "--root", root]);
        run_corpus(name, server.addr(), &site);
    }
}

#[test]
fn path_resolve_refuses_the_whole_corpus() {
    let site = HostileSite::new();
    for target in site.targets() {
        let got = chapter_05::path::resolve(&site.root, &target);
        assert!(got.is_err(), "{target:?} resolved to {got:?}");
    }
}

/// The exercise's reference solution passes the same corpus (the learner's
/// own version is checked by the exercise's tests).
#[cfg(feature = "solutions")]
#[test]
fn the_safe_path_solution_refuses_the_whole_corpus() {
    use chapter_05::exercises::safe_path::resolve;
    let site = HostileSite::new();
    for target in site.targets() {
        let got = resolve(&site.root, &target);
        assert!(got.is_err(), "{target:?} resolved to {got:?}");
    }
}
