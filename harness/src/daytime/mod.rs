//! The daytime peer: an RFC 867 server on UDP and TCP, on the same port.
//!
//! Daytime is the smallest useful protocol: over TCP the server sends one
//! line with the date and time and closes (RFC 867, "TCP Based Daytime
//! Service"); over UDP it answers every datagram, whatever it holds, with a
//! datagram carrying that line ("UDP Based Daytime Service"). Chapter 3's
//! clients are tested against this peer, so it can misbehave on purpose:
//! [`UdpFaults`] loses, duplicates, reorders and delays UDP replies, drawn
//! from a seed so a run replays exactly; the TCP side takes the ordinary
//! [`FaultPlan`].
//!
//! Time is a parameter ([`Clock`]): the peer never reads the system clock
//! inside its logic, so a test with [`fixed_clock`] gets the same bytes on
//! every run.
//!
//! The peer framework ([`crate::peer`]) is TCP-centred; this module adds
//! the UDP side next to it without changing it. The UDP thread records one
//! `Data` event per datagram (so datagram boundaries survive in the
//! transcript) and is owned by the TCP serve function, so stopping the
//! [`PeerHandle`] joins it too.
//!
//! Layout:
//! - this file: [`DaytimeOptions`], [`start`], [`start_with`], the named
//!   peers' start functions, the rstest fixtures.
//! - [`text`]: [`Clock`], [`daytime_line`] (the reply text).
//! - [`udp`]: [`UdpFaults`] and the UDP serving thread.
//! - [`oracle`]: an independent calendar (`httpdate`'s) that checks the
//!   text's and chapter 3's.

pub mod oracle;
pub mod text;
pub mod udp;

use std::io;
use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::sync::{Arc, Mutex};

use crate::fault::FaultPlan;
use crate::peer::{Conn, PeerConfig, PeerHandle, listen, spawn_on};

pub use text::{Clock, daytime_line, fixed_clock, system_clock};
pub use udp::UdpFaults;

/// How to start a daytime peer.
#[derive(Debug, Clone)]
pub struct DaytimeOptions {
    /// Where to listen, on UDP and TCP (default `127.0.0.1:0`: one free
    /// port, the same number for both).
    pub bind: SocketAddr,
    /// Faults of the TCP side's writes.
    pub plan: FaultPlan,
    /// Faults of the UDP side's replies.
    pub udp: UdpFaults,
    /// Where the time comes from.
    pub clock: Clock,
    /// Timeouts and connection limit of the TCP side.
    pub config: PeerConfig,
}

impl Default for DaytimeOptions {
    fn default() -> Self {
        DaytimeOptions {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            plan: FaultPlan::none(),
            udp: UdpFaults::none(),
            clock: system_clock(),
            config: PeerConfig::default(),
        }
    }
}

/// The instant every test-time daytime peer reports unless told otherwise:
/// 2007-03-14 15:09:26 UTC (the year the seed book appeared).
pub const TEST_TIME: i64 = 1_173_884_966;

/// A well-behaved daytime peer on `127.0.0.1:0` whose clock is stopped at
/// [`TEST_TIME`]. Panics if it cannot bind (a test environment problem).
pub fn start() -> PeerHandle {
    start_with(DaytimeOptions {
        clock: fixed_clock(TEST_TIME),
        ..DaytimeOptions::default()
    })
    .unwrap_or_else(|e| panic!("cannot start the daytime peer on 127.0.0.1:0: {e}"))
}

/// A daytime peer as described by `opts`. [`PeerHandle::addr`] is the TCP
/// address; the UDP socket has the same address.
pub fn start_with(opts: DaytimeOptions) -> io::Result<PeerHandle> {
    let (listener, udp) = bind_pair(opts.bind)?;
    // The UDP server is created after the peer (it records into the peer's
    // recorder) and parked in this slot, which the TCP serve function owns:
    // when the peer stops, the accept thread drops the serve function, the
    // slot's guard stops and joins the UDP thread, and only then does
    // `PeerHandle::stop` return.
    let slot: Arc<Mutex<Option<udp::UdpServer>>> = Arc::default();
    let owned = slot.clone();
    let clock = opts.clock.clone();
    let handle = spawn_on("daytime", listener, opts.plan, opts.config, move |conn| {
        let _owner = &owned;
        serve_tcp(conn, &clock)
    })?;
    let recorder = handle.recorder();
    recorder.set_header("udp-faults", opts.udp.summary());
    recorder.set_header("clock", opts.clock.describe());
    let server = udp::UdpServer::start(udp, recorder.clone(), opts.udp, opts.clock)?;
    *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(server);
    Ok(handle)
}

/// TCP daytime: one line on connect, then close (RFC 867).
fn serve_tcp(mut conn: Conn, clock: &Clock) -> io::Result<()> {
    conn.reply(daytime_line(clock.now()).as_bytes())
}

/// Most attempts at finding a port number free on both UDP and TCP.
const PAIR_ATTEMPTS: usize = 64;

/// Binds a TCP listener and a UDP socket on the same address. With port 0
/// the kernel picks the TCP port; that number may be taken on UDP, so try
/// again with another.
pub fn bind_pair(bind: SocketAddr) -> io::Result<(TcpListener, UdpSocket)> {
    if bind.port() != 0 {
        return Ok((listen(bind)?, UdpSocket::bind(bind)?));
    }
    let mut last = None;
    for _ in 0..PAIR_ATTEMPTS {
        let listener = listen(bind)?;
        let addr = listener.local_addr()?;
        match UdpSocket::bind(addr) {
            Ok(udp) => return Ok((listener, udp)),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no port free on both UDP and TCP")))
}

/// `workbook peer daytime`: the system clock, UDP seeded by the plan's seed.
pub fn start_named(
    bind: SocketAddr,
    plan: FaultPlan,
    config: PeerConfig,
) -> io::Result<PeerHandle> {
    let udp = UdpFaults {
        seed: plan.seed,
        ..UdpFaults::none()
    };
    start_with(DaytimeOptions {
        bind,
        udp,
        plan,
        config,
        ..DaytimeOptions::default()
    })
}

/// `workbook peer daytime-lossy`: like [`start_named`] with [`UdpFaults::lossy`].
pub fn start_lossy(
    bind: SocketAddr,
    plan: FaultPlan,
    config: PeerConfig,
) -> io::Result<PeerHandle> {
    start_with(DaytimeOptions {
        bind,
        udp: UdpFaults::lossy(plan.seed),
        plan,
        config,
        ..DaytimeOptions::default()
    })
}

/// rstest fixture: a well-behaved daytime peer stopped at [`TEST_TIME`].
#[rstest::fixture]
pub fn daytime_peer() -> PeerHandle {
    start()
}

/// rstest fixture: a daytime peer with [`UdpFaults::lossy`] drawn from the
/// seed fixture (`WORKBOOK_SEED` replays a failure).
#[rstest::fixture]
pub fn lossy_daytime_peer(#[from(crate::fixtures::seed)] seed: u64) -> PeerHandle {
    start_with(DaytimeOptions {
        udp: UdpFaults::lossy(seed),
        clock: fixed_clock(TEST_TIME),
        ..DaytimeOptions::default()
    })
    .unwrap_or_else(|e| panic!("cannot start the lossy daytime peer: {e}"))
}
