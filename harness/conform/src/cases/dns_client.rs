//! `dns-client`: the program is a stub resolver. It reads host names (and
//! addresses), one per line, on stdin; asks the DNS server at
//! `DNS_HOST`:`DNS_PORT` (also `{dns_host}`/`{dns_port}`, and `WORKBOOK_*`)
//! over UDP, switching to TCP when a reply comes back truncated; and prints
//! one line per input, in order (chapter 1's `dns::show` format):
//!
//! ```text
//! www.workbook.test name=web.workbook.test aliases=www.workbook.test addresses=192.0.2.10,2001:db8::10
//! nowhere.workbook.test error=nxdomain
//! ```
//!
//! Canonical name, aliases in chain order, addresses (IPv4 first, in the
//! server's order; IPv6 in RFC 5952 form), `-` for an empty list. An address
//! is looked up in reverse (PTR): `name=` its host name, `aliases=` the
//! `in-addr.arpa` name asked, `addresses=` itself. Errors: `nxdomain`,
//! `timeout`, `cname-loop`, `failed`. The exit status is not graded (ours
//! exits 1 when a lookup failed).
//!
//! The names cover a plain alias, a chain of two, IPv6 only, an answer too
//! big for UDP (40 addresses: the program must retry over TCP), a reverse
//! lookup, a CNAME loop and a name that does not exist. Query ids are
//! random, so the reference is the printed lines (`expected.toml`), not the
//! conversation.

use super::common::case_info;
use super::common::reproduce::{env_prefix, peer_lines};
use crate::{Case, CaseInfo, Check, Endpoint, Evidence, ProgramRun, Role, Running, Session, shell};
use harness::transcript::{Event, Transcript};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct DnsClient;

/// The names fed on stdin.
pub const NAMES: &[&str] = &[
    "www.workbook.test",
    "deep.workbook.test",
    "six.workbook.test",
    "many.workbook.test",
    "192.0.2.10",
    "loop.workbook.test",
    "nowhere.workbook.test",
];

/// The port shown in the reproduce lines.
const SHOWN_PORT: u16 = 5353;

fn lines(run: &ProgramRun) -> Vec<String> {
    String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect()
}

/// How many queries arrived over UDP and over TCP.
fn traffic(t: &Transcript) -> (usize, usize) {
    let opened = |prefix: &str| {
        t.events
            .iter()
            .filter(|e| matches!(e, Event::Open { label, .. } if label.starts_with(prefix)))
            .count()
    };
    (opened("udp-"), opened("client-"))
}

fn grade(t: &Transcript, run: &ProgramRun) -> Vec<Check> {
    let (udp, tcp) = traffic(t);
    let printed = lines(run);
    let mut checks = vec![Check::must(
        "asks the DNS server at DNS_HOST:DNS_PORT over UDP",
        udp > 0,
        format!("no UDP query reached the server ({})", run.describe_exit()),
    )];
    checks.push(Check::must(
        "retries over TCP when the answer is truncated (many.workbook.test)",
        tcp > 0,
        "the server saw no TCP connection; a reply with the TC bit must be asked again over TCP",
    ));
    let in_order = printed.len() == NAMES.len()
        && printed
            .iter()
            .zip(NAMES)
            .all(|(line, name)| line.starts_with(&format!("{name} ")));
    checks.push(Check::must(
        "prints one line per name, in input order, starting with the name",
        in_order,
        format!("names: {NAMES:?}\nprinted:\n{}", printed.join("\n")),
    ));
    checks.push(Check::must(
        "ends within the time limit",
        !run.timed_out,
        run.describe_exit(),
    ));
    checks
}

fn reproduce_lines(session: &Session) -> Vec<String> {
    // One name a line on the program's stdin, as the harness feeds them.
    let mut printf = vec!["printf", "%s\\n"];
    printf.extend(NAMES);
    let env = format!(
        "{} | {}",
        shell::line(&printf),
        env_prefix("DNS", SHOWN_PORT)
    );
    peer_lines(session, "dns", SHOWN_PORT, &["DNS"], &env)
}

impl Case for DnsClient {
    fn info(&self) -> CaseInfo {
        case_info(
            "dns-client",
            "your program reads names on stdin, resolves them at DNS_HOST:DNS_PORT \
                      (UDP, TCP on truncation) and prints `NAME name=.. aliases=.. addresses=..`",
            Role::Client,
            &["the DNS peer (fixtures/dns/workbook.zone)"],
            30,
            "cargo run -q -p chapter-01 --bin dns_test -- --server {dns_host}:{dns_port} --brief --stdin",
        )
        .seed("002 dns_test (names and numbers)")
        .var("DNS_HOST", "the DNS server's address (also {dns_host})", "127.0.0.1")
        .var("DNS_PORT", "the DNS server's port, UDP and TCP (also {dns_port})", "40123")
        .file("fixtures/dns/workbook.zone: the zone the DNS peer serves")
        .file("stdin: the names to look up, one per line")
        .must("asks the DNS server at DNS_HOST:DNS_PORT over UDP", "RFC 1035 §4.2.1")
        .must("retries over TCP when the answer is truncated (many.workbook.test)", "RFC 1035 §4.2.2, RFC 7766 §5")
        .must("prints one line per name, in input order, starting with the name: `NAME name=.. aliases=.. addresses=..` or `NAME error=..`", "chapter 1's dns::show format")
        .must("ends within the time limit", "the case")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let peer = harness::dns::start_with(harness::dns::DnsOptions::default())?;
        let addr = peer.addr();
        let endpoints = [Endpoint::new("WORKBOOK", addr), Endpoint::new("DNS", addr)];
        let stdin = format!("{}\n", NAMES.join("\n")).into_bytes();
        let run = Running::spawn(
            &session.program,
            &endpoints,
            Some(stdin),
            session.time_limit,
        )?
        .wait();
        let transcript = peer.stop();
        let mut outcome = toml::Table::new();
        let printed: Vec<toml::Value> = lines(&run).into_iter().map(Into::into).collect();
        outcome.insert("stdout_lines".into(), printed.into());
        Ok(Evidence {
            checks: grade(&transcript, &run),
            outcome,
            // Query ids are random: the conversation cannot match a
            // reference byte for byte, so only the outcome is compared.
            transcript: None,
            run: Some(run),
            reproduce: reproduce_lines(session),
            seed: None,
        })
    }
}
