//! rstest fixtures for the harness's peers, so a chapter test reads like
//! the sentence it checks:
//!
//! ```ignore
//! use harness::fixtures::*;
//! use harness::peer::PeerHandle;
//! use rstest::rstest;
//!
//! #[rstest]
//! fn echoes_a_line(echo_peer: PeerHandle) {
//!     let mut s = std::net::TcpStream::connect(echo_peer.addr()).unwrap();
//!     // ...
//! }
//!
//! #[rstest]
//! fn survives_chopped_replies(#[from(chopped_echo_peer)] echo: PeerHandle) { /* ... */ }
//! ```
//!
//! Each fixture starts a fresh peer on `127.0.0.1:0`; it stops (and joins
//! its threads) when the test drops it. Seeded fixtures take their seed
//! from `WORKBOOK_SEED` when set, so a failure's printed seed replays it.

use rstest::fixture;

/// The greeting peer's fixture (`fn greets(greeting_peer: PeerHandle)`).
pub use crate::greeting::greeting_peer;
/// The HTTP peer's fixtures (`fn fetches(http_peer: PeerHandle)`).
pub use crate::http::{chopped_http_peer, http_peer};
/// The fake SMTP server's fixtures (`fn sends_mail(fake_smtp: FakeSmtp)`).
pub use crate::smtp::{chopped_fake_smtp, fake_smtp};

use crate::echo::{self, EchoMode, EchoOptions};
use crate::fault::FaultPlan;
use crate::peer::PeerHandle;
use crate::transcript::Recorder;

/// A seed: `WORKBOOK_SEED` if set, else a fresh random one.
#[fixture]
pub fn seed() -> u64 {
    FaultPlan::seed_from_env_or_random()
}

/// A line echo peer without faults.
#[fixture]
pub fn echo_peer() -> PeerHandle {
    echo::start()
}

/// A byte echo peer (echoes each chunk as read) without faults.
#[fixture]
pub fn byte_echo_peer() -> PeerHandle {
    start(EchoOptions {
        mode: EchoMode::Bytes,
        ..EchoOptions::default()
    })
}

/// A line echo peer whose replies arrive one byte per write.
#[fixture]
pub fn chopped_echo_peer() -> PeerHandle {
    start(EchoOptions {
        plan: FaultPlan::none().chop(1),
        ..EchoOptions::default()
    })
}

/// A line echo peer with benign random faults drawn from [`seed`].
#[fixture]
pub fn fuzzed_echo_peer(seed: u64) -> PeerHandle {
    start(EchoOptions {
        plan: FaultPlan::fuzz(seed),
        ..EchoOptions::default()
    })
}

/// An empty recorder, for a test's own client side.
#[fixture]
pub fn recorder() -> Recorder {
    Recorder::new(vec![("peer".into(), "test".into())])
}

fn start(opts: EchoOptions) -> PeerHandle {
    echo::start_with(opts)
        .unwrap_or_else(|e| panic!("cannot start an echo peer on 127.0.0.1:0: {e}"))
}
