//! What the built-in cases share, written once (crate-private). A case file
//! imports from here and never from another case, so each case can be read,
//! changed or removed on its own.
//!
//! # Layout
//! - this file: [`case_info`] (a case's `info()`), [`endpoints`] (the
//!   addresses handed to the program), [`passed`], and the exit status as a
//!   check ([`exit_check`]) and as an outcome value ([`exit_status`]).
//! - [`server`]: a server case's program started on a free port, its
//!   readiness, the "keeps running" check and the evidence.
//! - [`script`] and [`line_checks`]: scripted line conversations with a
//!   server and the graded checks of each step.
//! - [`client`]: what the client cases check of the peer's transcript and
//!   of what the program printed.
//! - [`mail_store`]: a mail server's store read back, numbered files or
//!   Maildir.
//! - [`env`]: the program's extra environment (accounts, a mail store) and
//!   the check that it never prints the password.
//! - [`reproduce`]: the commands a report shows for running a case by hand.
//! - [`http`], [`http_conn`] and [`http_visit`]: the http-server case's HTTP/1.1 client,
//!   which honours the server's closes as RFC 9112 §9 requires.
//! - [`datagram`] and [`greeting`]: the comparison views and parsing that
//!   the UDP cases and the two greeting cases each share.

use std::net::SocketAddr;
use std::time::Duration;

use crate::{CaseInfo, Check, Endpoint, Grade, ProgramRun, Role};

pub(crate) mod client;
pub(crate) mod datagram;
pub(crate) mod env;
pub(crate) mod greeting;
pub(crate) mod http;
pub(crate) mod http_conn;
pub(crate) mod http_visit;
pub(crate) mod line_checks;
pub(crate) mod mail_store;
pub(crate) mod reproduce;
pub(crate) mod script;
pub(crate) mod server;

/// A built-in case's [`CaseInfo`], for its `info()`: the `peers` it starts,
/// its time limit in seconds, and `ours`, the command line of our reference
/// program (run from the workspace root), its words separated by spaces
/// (so no word may contain one): one line per command reads better than
/// the one-word-per-line array rustfmt makes of a long one.
pub(crate) fn case_info(
    name: &str,
    summary: &str,
    role: Role,
    peers: &[&str],
    secs: u64,
    ours: &str,
) -> CaseInfo {
    CaseInfo {
        name: name.into(),
        summary: summary.into(),
        role,
        peers: peers.iter().map(|p| p.to_string()).collect(),
        time_limit: Duration::from_secs(secs),
        our_program: Some(ours.split_whitespace().map(String::from).collect()),
        contract: Default::default(),
    }
}

/// `WORKBOOK` and each of `names` at `addr`.
pub(crate) fn endpoints(addr: SocketAddr, names: &[&str]) -> Vec<Endpoint> {
    let mut endpoints = vec![Endpoint::new("WORKBOOK", addr)];
    endpoints.extend(names.iter().map(|n| Endpoint::new(n, addr)));
    endpoints
}

/// Whether no check FAILED (later checks would only repeat a failure).
pub(crate) fn passed(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.grade != Grade::Failed)
}

/// The MUST that the program exited by itself with status 0.
pub(crate) fn exit_check(run: &ProgramRun) -> Check {
    Check::must("exits with status 0", run.success(), run.describe_exit())
}

/// The program's exit code for an outcome table (-1 when a signal ended it).
pub(crate) fn exit_status(run: &ProgramRun) -> i64 {
    run.status.and_then(|s| s.code()).map_or(-1, i64::from)
}
