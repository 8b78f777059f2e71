//! Reproduce lines: the commands a report shows for running a case by
//! hand, for a server case ([`start_line`], [`server_lines`],
//! [`workbook_server_lines`]) or a client case ([`peer_lines`]). They use a
//! fixed example port per case, since the real one varies per run, and are
//! quoted by [`crate::shell`], so each pastes into a shell as it reads.

use std::net::SocketAddr;

use super::endpoints;
use crate::{Session, shell};
use harness::failure::{Proto, reproduce};
use harness::proc::substitute;

/// `<NAME>_HOST=127.0.0.1 <NAME>_PORT=<port> `: the variables for a
/// reproduce line.
pub(crate) fn env_prefix(name: &str, port: u16) -> String {
    let (host_var, port_var) = (format!("{name}_HOST"), format!("{name}_PORT"));
    let port = port.to_string();
    shell::assignments(&[(&host_var, "127.0.0.1"), (&port_var, &port)])
}

/// The program's command line with `WORKBOOK` and `names` at the example
/// `port`.
pub(crate) fn shown_command(session: &Session, port: u16, names: &[&str]) -> String {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    shell::line(&substitute(&session.program.argv, &endpoints(addr, names)))
}

/// The line that starts a server case's program by hand: every variable
/// it gets (`WORKBOOK_HOST`/`_PORT`, the same for each of `names`, then
/// `env`), and its command line with the placeholders filled in.
pub(crate) fn start_line(session: &Session, port: u16, names: &[&str], env: &str) -> String {
    let mut vars = env_prefix("WORKBOOK", port);
    for name in names {
        vars.push_str(&env_prefix(name, port));
    }
    format!(
        "{vars}{env}{}    # start your server",
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

/// [`server_lines`] for a program that knows its port only as `WORKBOOK`
/// (the echo and line servers).
pub(crate) fn workbook_server_lines(
    session: &Session,
    port: u16,
    proto: Proto,
    what: &str,
) -> Vec<String> {
    server_lines(session, port, "", proto, what)
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
    let port_word = port.to_string();
    let start = shell::line(&["workbook", "peer", peer, "--port", &port_word]);
    vec![
        format!("{start}    # in one terminal"),
        format!(
            "{env}{}    # in another",
            shown_command(session, port, names)
        ),
    ]
}
