//! The registry of conformance cases.
//!
//! Built-in cases are one file each in this directory and one line in
//! [`builtin`]; corpus cases come from `fixtures/corpus/*/case.toml` (see
//! [`super::corpus`]). [`all`] is what `workbook conform --list` shows.
//!
//! Adding a case: write `cases/<name>.rs` with a unit struct implementing
//! [`Case`]: `info()` (name, one-line summary, role, peers, time limit, our
//! reference program: see `common::case_info`) and `run()`, which starts what the
//! case needs (a fake peer for a client, [`super::client::LineClient`]s for
//! a server), runs the program with [`super::Running`], and grades it with
//! `Check::must` / `Check::should`; put the conversation in
//! `Evidence::transcript` and the normalised outcome in `Evidence::outcome`.
//! Add `pub mod <name>;` and one line to [`builtin`], then record the
//! reference with our program: `workbook conform <name> --record`.
//! `echo_client.rs` and `echo_server.rs` are the models.
//!
//! What the cases share lives in `common/` (crate-private), written once:
//! a case imports from there and never from another case.
//!
//! # Layout
//! - this file: the registry ([`builtin`], [`all`], [`find`]).
//! - `common/`: the shared helpers (server start, script player, line
//!   checks, client checks, environment and secrets, reproduce lines, the
//!   HTTP/1.1 client of http-server).
//! - one file per built-in case; the seed programs that had no case of
//!   their own have `seed_*.rs` files: `seed_line_servers` (000's TCP
//!   fixed-reply, non-blocking, event-loop and broadcast chat servers, one
//!   scripted case each), `seed_fixed_clients` (000's TCP and UDP
//!   clients), `seed_udp_server`, `seed_http_hello`, `seed_file_server`
//!   (traversal graded), `seed_dns_test` (the system resolver, with
//!   `localhost` as the documented substitute), `seed_grab_file` (http_01),
//!   `seed_line_client`
//!   (client_02), `seed_env_page` and `seed_stream_client` (client_03).
//!
//! Every case's `info()` carries its whole contract (seed program,
//! variables, files, MUST/SHOULD rules with their sources: see
//! [`super::contract`]); `conform --describe` and the book's implementers'
//! part are printed from it, so write a rule there for every check made.

use std::path::Path;

use super::Case;
use super::corpus;
use seed_fixed_clients::{FixedClient, Transport};

pub mod chat_server;
pub(crate) mod common;
pub mod daytime_client;
pub mod dns_client;
pub mod echo_client;
pub mod echo_server;
pub mod http_client;
pub mod http_server;
pub mod inetd_echo;
pub mod pop3_client;
pub mod pop3_server;
pub mod seed_dns_test;
pub mod seed_env_page;
pub mod seed_file_server;
pub mod seed_fixed_clients;
pub mod seed_grab_file;
pub mod seed_http_hello;
pub mod seed_line_client;
pub mod seed_line_servers;
pub mod seed_stream_client;
pub mod seed_udp_server;
pub mod select_server;
pub mod smtp_client;
pub mod smtp_server;
pub mod tcp_echo_server;
pub mod tcp_greeting_client;
pub mod tcp_greeting_server;
pub mod udp_echo_server;

/// The cases written in Rust, in listing order. Add a case here.
pub fn builtin() -> Vec<Box<dyn Case>> {
    vec![
        Box::new(echo_client::EchoClient),
        Box::new(echo_server::EchoServer),
        Box::new(inetd_echo::InetdEcho),
        Box::new(smtp_client::SmtpClient),
        Box::new(smtp_server::SmtpServer),
        Box::new(pop3_client::Pop3Client { body: false }),
        Box::new(pop3_client::Pop3Client { body: true }),
        Box::new(pop3_server::Pop3Server),
        Box::new(dns_client::DnsClient),
        Box::new(tcp_greeting_server::TcpGreetingServer),
        Box::new(tcp_greeting_client::TcpGreetingClient),
        Box::new(tcp_echo_server::TcpEchoServer),
        Box::new(daytime_client::DaytimeClient),
        Box::new(udp_echo_server::UdpEchoServer),
        Box::new(select_server::SelectServer),
        Box::new(chat_server::ChatServer),
        Box::new(http_server::HttpServer),
        Box::new(http_client::HttpClient),
        Box::new(seed_line_servers::ScriptedServer(
            &seed_line_servers::TCP_FIXED,
        )),
        Box::new(seed_line_servers::ScriptedServer(
            &seed_line_servers::NONBLOCKING,
        )),
        Box::new(seed_line_servers::ScriptedServer(
            &seed_line_servers::EVENT_LOOP,
        )),
        Box::new(seed_line_servers::ScriptedServer(
            &seed_line_servers::CHAT_BROADCAST,
        )),
        Box::new(FixedClient(Transport::Tcp)),
        Box::new(FixedClient(Transport::Udp)),
        Box::new(seed_file_server::FileServer),
        Box::new(seed_http_hello::HttpHello),
        Box::new(seed_udp_server::UdpFixedServer),
        Box::new(seed_dns_test::DnsTest),
        Box::new(seed_line_client::LineClient02),
        Box::new(seed_env_page::EnvPage),
        Box::new(seed_stream_client::StreamClient),
        Box::new(seed_grab_file::GrabFile),
    ]
}

/// Every case: the built-in ones, then the corpus cases under `root`
/// (a corpus directory named like a built-in case is ignored).
pub fn all(root: &Path) -> anyhow::Result<Vec<Box<dyn Case>>> {
    let mut cases = builtin();
    for case in corpus::discover(root)? {
        if !cases.iter().any(|c| c.info().name == case.info().name) {
            cases.push(Box::new(case));
        }
    }
    Ok(cases)
}

/// The case called `name`, or an error listing the names there are.
pub fn find(root: &Path, name: &str) -> anyhow::Result<Box<dyn Case>> {
    let mut cases = all(root)?;
    match cases.iter().position(|c| c.info().name == name) {
        Some(i) => Ok(cases.swap_remove(i)),
        None => {
            let names: Vec<String> = cases.iter().map(|c| c.info().name).collect();
            anyhow::bail!(
                "there is no case `{name}`; the cases are: {}",
                names.join(", ")
            )
        }
    }
}
