//! HTTP peers (DESIGN.md §5): a fake HTTP/1.1 server for testing clients,
//! and a client driver for testing servers.
//!
//! Both parse only what they must, independently of chapter 05's code, so a
//! bug there cannot hide itself in its own test.
//!
//! # Layout
//! - [`route`](mod@route): the `http` peer's routes, sans-I/O: [`route()`] maps a
//!   request to a [`Response`] (redirect chains, chunked, slow and
//!   truncated bodies, no Content-Length, 1xx, a bad status line, an echo
//!   of the request).
//! - [`server`]: the driver: [`start`] (`workbook peer http`),
//!   [`start_routed`] (another router on top, e.g. the room's `/whoami`),
//!   reading requests and writing responses.
//! - [`chunked`]: the chunked-body reader every harness HTTP client uses.
//! - [`driver`]: a client for testing servers: raw requests, pipelining,
//!   slow senders, and a response reader that frames by Content-Length,
//!   chunked or close.
//! - this file: [`start_local`] and the rstest fixtures [`http_peer`],
//!   [`chopped_http_peer`] (re-exported by [`crate::fixtures`]).

pub mod chunked;
pub mod driver;
pub mod route;
pub mod server;

use std::net::SocketAddr;

use rstest::fixture;

use crate::fault::FaultPlan;
use crate::peer::{PeerConfig, PeerHandle};

pub use driver::{Driver, RawResponse};
pub use route::{ROUTES, Response, route};
pub use server::{start, start_routed};

/// Starts the `http` peer on `127.0.0.1:0` with `plan`.
pub fn start_local(plan: FaultPlan) -> PeerHandle {
    start(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        plan,
        PeerConfig::default(),
    )
    .expect("start the http peer on 127.0.0.1:0")
}

/// The `http` peer without faults (`fn fetches(http_peer: PeerHandle)`).
#[fixture]
pub fn http_peer() -> PeerHandle {
    start_local(FaultPlan::none())
}

/// The `http` peer writing at most 3 bytes per write, 1 ms apart.
#[fixture]
pub fn chopped_http_peer() -> PeerHandle {
    start_local(FaultPlan::none().chop(3).delay(1, false))
}
