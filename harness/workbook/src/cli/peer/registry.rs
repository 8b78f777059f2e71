//! Named peers, for `workbook peer <name>` and `workbook conform`.
//!
//! To add a peer (SMTP, POP3, HTTP, DNS, daytime, inetd, ...), write its
//! module in the harness and add one [`PeerSpec`] line to [`PEERS`]. Peers
//! that also take a program ([`PROGRAM_PEERS`]) or accounts
//! ([`MAIL_PEERS`]) are listed there too; [`ROOM`] is started by the CLI.

use std::io;
use std::net::SocketAddr;

use harness::echo::{EchoMode, EchoOptions};
use harness::fault::FaultPlan;
use harness::peer::{PeerConfig, PeerHandle};

/// A peer that can be started by name.
#[derive(Debug, Clone, Copy)]
pub struct PeerSpec {
    /// The name on the command line.
    pub name: &'static str,
    /// One line saying what it does.
    pub about: &'static str,
    /// Starts it on `bind` with a fault plan and limits.
    pub start: fn(SocketAddr, FaultPlan, PeerConfig) -> io::Result<PeerHandle>,
}

/// Every named peer.
pub const PEERS: &[PeerSpec] = &[
    PeerSpec {
        name: "echo",
        about: "TCP line echo: sends back each line it receives (scripted replies apply)",
        start: |bind, plan, config| echo_mode(bind, plan, config, EchoMode::Lines),
    },
    PeerSpec {
        name: "echo-bytes",
        about: "TCP byte echo: sends back every chunk it reads, as read",
        start: |bind, plan, config| echo_mode(bind, plan, config, EchoMode::Bytes),
    },
    PeerSpec {
        name: "echo-once",
        about: "TCP echo of one line, then the server closes",
        start: |bind, plan, config| echo_mode(bind, plan, config, EchoMode::OneLineThenClose),
    },
    PeerSpec {
        name: "dns",
        about: "DNS server on UDP and TCP (one port) serving fixtures/dns/workbook.zone; faults: on QUERY drop|wrong-id|truncate|pointer-loop",
        start: harness::dns::start,
    },
    PeerSpec {
        name: "greeting",
        about: "TCP greeting server (server_01): greets each client with both ends' addresses, reads one line, closes",
        start: harness::greeting::start_with,
    },
    PeerSpec {
        name: "daytime",
        about: "daytime (RFC 867) on UDP and TCP, same port: the date and time (TCP: then close)",
        start: harness::daytime::start_named,
    },
    PeerSpec {
        name: "daytime-lossy",
        about: "daytime on UDP and TCP; UDP replies lost 30%, duplicated 10%, reordered 10%, delayed <=50 ms (seeded)",
        start: harness::daytime::start_lossy,
    },
    PeerSpec {
        name: "smtp",
        about: "SMTP server: EHLO, AUTH PLAIN/LOGIN, PIPELINING; accounts from --accounts FILE; stores mail under --store DIR ($SMTP_STORE)",
        start: |bind, plan, config| {
            super::smtp::start_from_env(super::smtp::start_cli_with, bind, plan, config)
        },
    },
    PeerSpec {
        name: "pop3",
        about: "POP3 server (RFC 1939, APOP, CAPA): accounts from --accounts FILE; maildrops from --store DIR ($POP3_STORE) or fixtures/mail; $POP3_DISABLE=top,uidl,... switches commands off",
        start: |bind, plan, config| {
            super::smtp::start_from_env(super::pop3::start_cli_with, bind, plan, config)
        },
    },
    PeerSpec {
        name: "http",
        about: "HTTP/1.1 server for clients: /redirect/N, /loop, /chunked, /slow, /truncated, /no-length, /interim, /bad-status, /bytes/N, /echo",
        start: harness::http::start,
    },
    PeerSpec {
        name: "inetd",
        about: "super-server: runs `-- PROGRAM [ARGS]` once per connection, the socket as its stdin and stdout",
        start: |bind, plan, config| harness::inetd::start_peer(bind, plan, config, &[]),
    },
];

/// Starts a peer that runs a program given after `--`
/// (`workbook peer inetd -- PROGRAM [ARGS]`).
pub type ProgramStart = fn(SocketAddr, FaultPlan, PeerConfig, &[String]) -> io::Result<PeerHandle>;

/// The peers of [`PEERS`] that take a program, with their start function.
pub const PROGRAM_PEERS: &[(&str, ProgramStart)] = &[("inetd", harness::inetd::start_peer)];

/// The program-taking start function of the peer called `name`, if it has one.
pub fn program_start(name: &str) -> Option<ProgramStart> {
    PROGRAM_PEERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, start)| *start)
}

/// Starts a mail peer with the accounts and store the command line gave
/// (`workbook peer smtp --accounts FILE --store DIR`).
pub type MailStart =
    fn(SocketAddr, FaultPlan, PeerConfig, &super::smtp::MailSetup) -> io::Result<PeerHandle>;

/// The peers of [`PEERS`] that take `--accounts`/`--store`, with their start function.
pub const MAIL_PEERS: &[(&str, MailStart)] = &[
    ("smtp", super::smtp::start_cli_with),
    ("pop3", super::pop3::start_cli_with),
];

/// The accounts-taking start function of the peer called `name`, if it has one.
pub fn mail_start(name: &str) -> Option<MailStart> {
    MAIL_PEERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, start)| *start)
}

/// The name of the classroom bundle: not one peer but four (SMTP, POP3,
/// HTTP, DNS) sharing accounts and a mail store, so `workbook peer`
/// starts it itself instead of through a [`PeerSpec`].
pub const ROOM: &str = "room";

/// What `workbook peer --list` says about [`ROOM`].
pub const ROOM_ABOUT: &str = "a whole class: smtp, pop3, http and dns together on one mail store for `--accounts FILE` \
(SMTP needs AUTH; POP3 reads each account's mail; HTTP /whoami needs Basic auth; DNS <user>.<domain> A 198.18.H.L for account N = H*256+L)";

fn echo_mode(
    bind: SocketAddr,
    plan: FaultPlan,
    config: PeerConfig,
    mode: EchoMode,
) -> io::Result<PeerHandle> {
    harness::echo::start_with(EchoOptions {
        bind,
        plan,
        mode,
        config,
        ..EchoOptions::default()
    })
}

/// The peer called `name`.
pub fn find(name: &str) -> Option<&'static PeerSpec> {
    PEERS.iter().find(|p| p.name == name)
}

/// The names of all peers.
pub fn names() -> Vec<&'static str> {
    PEERS.iter().map(|p| p.name).collect()
}
