//! The named peers of `workbook peer <name>`: every name starts a peer that
//! accepts a connection, and an unknown name is not found.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use harness::fault::FaultPlan;
use workbook::cli::peer::registry;

#[test]
fn every_named_peer_starts_and_accepts_a_connection() {
    for spec in registry::PEERS {
        let bind = "127.0.0.1:0".parse().unwrap();
        let (plan, config) = (FaultPlan::none(), Default::default());
        let peer = match registry::program_start(spec.name) {
            // A peer that runs a program needs one (`cat` echoes).
            Some(start) => start(bind, plan, config, &["cat".to_owned()]),
            None => (spec.start)(bind, plan, config),
        };
        let peer = peer.unwrap_or_else(|e| panic!("peer {} did not start: {e}", spec.name));
        TcpStream::connect_timeout(&peer.addr(), Duration::from_secs(5))
            .unwrap_or_else(|e| panic!("peer {} refused a connection: {e}", spec.name));
    }
    assert!(registry::find("nope").is_none());
}

#[test]
fn the_echo_peer_started_by_name_echoes() {
    let names = registry::names();
    assert!(
        names.contains(&"echo") && names.contains(&"echo-bytes"),
        "{names:?}"
    );
    let spec = registry::find("echo").unwrap();
    let bind = "127.0.0.1:0".parse().unwrap();
    let peer = (spec.start)(bind, FaultPlan::none(), Default::default()).unwrap();
    let mut s = TcpStream::connect(peer.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(b"z\n").unwrap();
    let mut got = [0u8; 2];
    s.read_exact(&mut got).unwrap();
    assert_eq!(&got, b"z\n");
}

#[test]
fn the_smtp_peer_started_by_name_takes_the_fixture_accounts() {
    let spec = registry::find("smtp").expect("`workbook peer smtp` is registered");
    let bind = "127.0.0.1:0".parse().unwrap();
    let peer = (spec.start)(bind, FaultPlan::none(), Default::default()).unwrap();
    // The accounts come from fixtures/mail/accounts.toml: oberon may log in.
    let (mut c, greeting) = harness::smtp::client::SmtpClient::connect(peer.addr()).unwrap();
    assert_eq!(greeting.code, 220);
    c.command("EHLO me.example").unwrap();
    // \0oberon\0king-of-shadows
    let reply = c
        .command("AUTH PLAIN AG9iZXJvbgBraW5nLW9mLXNoYWRvd3M=")
        .unwrap();
    assert_eq!(reply.code, 235, "{}", reply.text());
}
