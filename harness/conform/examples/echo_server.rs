//! Our reference program for the `echo-server` conformance case: the
//! harness's own echo peer ([`harness::echo`]), listening on the port given
//! as the first argument (or `WORKBOOK_PORT`) on 127.0.0.1 until killed.
//!
//! `cargo run -p conform --example echo_server -- 7007`

use std::net::SocketAddr;

use harness::echo::{EchoOptions, start_with};

fn main() -> anyhow::Result<()> {
    let port = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("WORKBOOK_PORT").ok())
        .unwrap_or_else(|| "7007".into());
    let port: u16 = port
        .parse()
        .map_err(|_| anyhow::anyhow!("`{port}` is not a port number"))?;
    let bind = SocketAddr::from(([127, 0, 0, 1], port));
    let peer = start_with(EchoOptions {
        bind,
        ..EchoOptions::default()
    })?;
    eprintln!("echo server listening on {}", peer.addr());
    // The peer serves on its own threads; this one only keeps the process
    // alive until it is killed (park may wake spuriously, hence the loop).
    loop {
        std::thread::park();
    }
}
