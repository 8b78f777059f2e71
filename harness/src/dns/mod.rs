//! The fake DNS server: real UDP and TCP on loopback, answering from a zone.
//!
//! Chapter 1's client (and `dig`, and any learner's resolver) asks it
//! questions; it answers from `fixtures/dns/workbook.zone` (or any zone),
//! compressing names, truncating big answers over UDP, and misbehaving on
//! demand: dropping a query, sending a reply with the wrong id first,
//! truncating, or sending a compression-pointer loop
//! (`fixtures/dns/README.md`).
//!
//! It listens on one port for both transports, like a real DNS server. The
//! TCP side is the peer framework's ([`spawn_on`]); the UDP side is a
//! thread of this module ([`udp`]) whose lifetime is tied to the
//! [`PeerHandle`]: the TCP serve function owns the UDP thread's guard, and
//! the framework drops the serve function when the peer stops, which stops
//! and joins the UDP thread. Each UDP query is one "connection" in the
//! transcript (`udp-N`: the query, a note decoding it, the replies).
//!
//! Layout:
//! - this file: [`DnsOptions`], [`start`], [`start_with`], fault lookup,
//!   and the rstest fixture [`dns_peer`].
//! - [`wire`]: the server's own codec. [`zone`]: zone files and answers.
//! - [`respond`](mod@respond): query bytes → reply messages (sans-I/O).
//! - [`udp`]: the UDP serving thread.
//! - [`client`]: test-side query helpers.
//!
//! (`workbook peer room` adds a record per class account to the zone; that
//! lives with the room, in the `workbook` package.)

pub mod client;
pub mod respond;
pub mod udp;
pub mod wire;
pub mod zone;

use std::io;
use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::sync::{Arc, Mutex};

use crate::fault::FaultPlan;
use crate::peer::{Conn, PeerConfig, PeerHandle, spawn_on};
use respond::{Fault, Transport, respond};
pub use zone::Zone;

/// Everything a DNS peer needs.
#[derive(Debug, Clone)]
pub struct DnsOptions {
    /// Where to listen (port 0: any free port, the same for UDP and TCP).
    pub bind: SocketAddr,
    /// The zone to serve.
    pub zone: Zone,
    /// Faults: scripted replies on command `QUERY` (see the module doc).
    pub plan: FaultPlan,
    /// Timeouts and limits.
    pub config: PeerConfig,
}

impl Default for DnsOptions {
    fn default() -> Self {
        DnsOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            zone: Zone::workbook(),
            plan: FaultPlan::none(),
            config: PeerConfig::default(),
        }
    }
}

/// The fault for UDP query number `n` (1-based) in `plan`.
pub fn fault_for(plan: &FaultPlan, n: u32) -> Option<Fault> {
    plan.reply
        .iter()
        .filter(|r| r.command.eq_ignore_ascii_case("QUERY") && (r.nth == 0 || r.nth == n))
        .find_map(|r| Fault::from_name(&r.reply))
}

/// Starts the workbook zone's server on `bind` (the registry's entry).
pub fn start(bind: SocketAddr, plan: FaultPlan, config: PeerConfig) -> io::Result<PeerHandle> {
    start_with(DnsOptions {
        bind,
        plan,
        config,
        ..DnsOptions::default()
    })
}

/// Binds UDP and TCP on one port: the UDP socket first (the port the
/// kernel picks), then TCP on the same port, retrying when port 0 was asked
/// and that TCP port happens to be taken.
fn bind_both(bind: SocketAddr) -> io::Result<(UdpSocket, TcpListener)> {
    let mut last = None;
    for _ in 0..20 {
        let udp = UdpSocket::bind(bind)?;
        match crate::peer::listen(udp.local_addr()?) {
            Ok(tcp) => return Ok((udp, tcp)),
            Err(e) if bind.port() == 0 => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no port free for both UDP and TCP")))
}

/// Starts a DNS peer with `options`.
pub fn start_with(options: DnsOptions) -> io::Result<PeerHandle> {
    let (udp_sock, listener) = bind_both(options.bind)?;
    let zone = Arc::new(options.zone);
    // The UDP thread's guard lives in the TCP serve function (see the
    // module doc): it is filled in once the peer (and its recorder) exists.
    let guard: Arc<Mutex<Option<udp::UdpGuard>>> = Arc::new(Mutex::new(None));
    let tcp_zone = zone.clone();
    let held = guard.clone();
    let handle = spawn_on(
        "dns",
        listener,
        options.plan.clone(),
        options.config,
        move |conn| {
            let _keep = &held;
            serve_tcp(conn, &tcp_zone)
        },
    )?;
    let udp_guard = udp::spawn(udp_sock, zone, options.plan, handle.recorder().clone())?;
    *guard.lock().unwrap_or_else(|e| e.into_inner()) = Some(udp_guard);
    drop(guard);
    Ok(handle)
}

/// rstest fixture: the workbook zone's DNS server on `127.0.0.1:0`, no
/// faults (`fn resolves(dns_peer: PeerHandle)`).
#[rstest::fixture]
pub fn dns_peer() -> PeerHandle {
    start_with(DnsOptions::default()).expect("the DNS peer starts on 127.0.0.1:0")
}

/// Most queries one TCP connection may ask (then the server closes it).
const MAX_TCP_QUERIES: usize = 64;

/// DNS over TCP: 2-byte length, message; repeat until the client closes.
fn serve_tcp(mut conn: Conn, zone: &Zone) -> io::Result<()> {
    for _ in 0..MAX_TCP_QUERIES {
        let mut len = [0u8; 2];
        match conn.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let mut msg = vec![0u8; usize::from(u16::from_be_bytes(len))];
        conn.read_exact(&mut msg)?;
        conn.note(respond::summary(&msg));
        for reply in respond(zone, &msg, Transport::Tcp, None) {
            let mut framed = (reply.len() as u16).to_be_bytes().to_vec();
            framed.extend_from_slice(&reply);
            conn.send(&framed)?;
        }
    }
    Ok(())
}
