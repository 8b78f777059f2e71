//! The greeting line of 002's "Using Two Servers and a Client", shared by
//! `tcp-greeting-client` and `tcp-greeting-server`: each side sends
//! `Greetings from <its ip:port> to <the other's ip:port>` and prints what
//! it got.

use std::net::SocketAddr;

use super::exit_status;
use crate::ProgramRun;
use harness::transcript::Redactor;

/// The two addresses of a `Greetings from A to B` line (line ending
/// removed first), or `None` when the line is not one.
pub(crate) fn parse_greeting(line: &[u8]) -> Option<(SocketAddr, SocketAddr)> {
    let text = std::str::from_utf8(line).ok()?;
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    let rest = text.strip_prefix("Greetings from ")?;
    let (from, to) = rest.split_once(" to ")?;
    Some((from.parse().ok()?, to.parse().ok()?))
}

/// The printed lines with ports replaced by `<port>`, and the exit status:
/// what the reference records of a greeting program.
pub(crate) fn greeting_outcome(run: &ProgramRun) -> toml::Table {
    let ports = regex::Regex::new(r"\bport \d+").expect("a valid pattern");
    let text = String::from_utf8_lossy(&run.stdout);
    let lines: Vec<toml::Value> = text
        .lines()
        .map(|l| {
            let l = Redactor::shared_default().redact_text(l.trim_end_matches('\r'));
            ports.replace_all(&l, "port <port>").into_owned().into()
        })
        .collect();
    let mut table = toml::Table::new();
    table.insert("stdout_lines".into(), lines.into());
    table.insert("exit_status".into(), exit_status(run).into());
    table
}
