//! Named peers, for `workbook peer <name>` and `workbook conform`.
//!
//! To add a peer (SMTP, POP3, HTTP, DNS, daytime, inetd, ...), write its
//! module in the harness and add one [`PeerSpec`] line to [`PEERS`].

use std::io;
use std::net::SocketAddr;

use super::{PeerConfig, PeerHandle};
use crate::echo::{EchoMode, EchoOptions};
use crate::fault::FaultPlan;

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
];

fn echo_mode(
    bind: SocketAddr,
    plan: FaultPlan,
    config: PeerConfig,
    mode: EchoMode,
) -> io::Result<PeerHandle> {
    crate::echo::start_with(EchoOptions {
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
