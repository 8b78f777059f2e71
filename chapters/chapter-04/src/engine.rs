//! Choosing an engine by name (`--engine poll|coroutine|tokio`) and running
//! a session kind on it.
//!
//! Layout: [`Engine`], [`serve`].

use std::io;
use std::net::TcpListener;

use crate::control::{Options, Stop};
use crate::service::Sessions;
use crate::session::Kind;

/// The three ways this chapter serves many clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// A readiness loop with explicit per-connection state.
    Poll,
    /// One `async fn` per client on the hand-written executor.
    Coroutine,
    /// The same `async fn` on tokio's current-thread runtime.
    Tokio,
}

impl Engine {
    /// All engines, for tests and benchmarks.
    pub const ALL: [Engine; 3] = [Engine::Poll, Engine::Coroutine, Engine::Tokio];

    /// The name `--engine` takes.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Poll => "poll",
            Engine::Coroutine => "coroutine",
            Engine::Tokio => "tokio",
        }
    }
}

// ANCHOR: serve
/// Serves sessions of `kind` on `listener` with `engine` until `.shutdown`
/// or `stop`.
pub fn serve(
    engine: Engine,
    listener: TcpListener,
    kind: Kind,
    opts: Options,
    stop: &Stop,
) -> io::Result<()> {
    let start = move || kind.start();
    match engine {
        Engine::Poll => crate::poll::serve(listener, &mut Sessions::new(start), opts, stop),
        Engine::Coroutine => crate::coroutine::serve(listener, start, opts, stop),
        Engine::Tokio => crate::tokio_engine::serve(listener, start, opts, stop),
    }
}
// ANCHOR_END: serve
