//! Reproduce lines: the commands a report shows for running a case by
//! hand, for a server case ([`start_line`], [`server_lines`]) or a client
//! case ([`peer_lines`]). They use a fixed example port per case, since the
//! real one varies per run.

use std::net::SocketAddr;

use super::server::endpoints;
use crate::Session;
use harness::failure::{Proto, reproduce};
use harness::proc::{shell_line, substitute};

/// `<NAME>_HOST=127.0.0.1 <NAME>_PORT=<port> `: the variables for a
/// reproduce line.
pub(crate) fn env_prefix(name: &str, port: u16) -> String {
    format!("{name}_HOST=127.0.0.1 {name}_PORT={port} ")
}

/// The program's command line with `WORKBOOK` and `names` at the example
/// `port`.
fn shown_command(session: &Session, port: u16, names: &[&str]) -> String {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    shell_line(&substitute(&session.program.argv, &endpoints(addr, names)))
}

/// The line that starts a server case's program by hand, after `env`.
pub(crate) fn start_line(session: &Session, port: u16, names: &[&str], env: &str) -> String {
    format!(
        "{env}{}    # start your server",
        shown_command(session, port, names)
    )
}

/// A server case's reproduce lines: start the program, then talk to it
/// with `proto`'s usual client and do `what`.
pub(crate) fn server_lines(
    session: &Session,
    port: u16,
    env: &str,
    proto: Proto,
    what: &str,
) -> Vec<String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    vec![
        start_line(session, port, &[], env),
        format!("{}    # {what}", reproduce(addr, proto)),
    ]
}

/// A client case's reproduce lines: the harness's `peer` in one terminal,
/// the program (knowing it as `WORKBOOK` and `names`, after `env`) in
/// another.
pub(crate) fn peer_lines(
    session: &Session,
    peer: &str,
    port: u16,
    names: &[&str],
    env: &str,
) -> Vec<String> {
    vec![
        format!("workbook peer {peer} --port {port}    # in one terminal"),
        format!(
            "{env}{}    # in another",
            shown_command(session, port, names)
        ),
    ]
}
