//! The conversations the book draws as sequence diagrams and no
//! conformance case records (DESIGN.md §7: never drawn by hand): each test
//! plays one against a fake peer, exactly as a chapter's program would, and
//! compares the peer's transcript with its file in `fixtures/transcripts/`.
//! The book's `{{#transcript}}` directives draw those files, so a peer that
//! changes what it says changes the picture only through a reviewed file
//! (`WORKBOOK_UPDATE_GOLDEN=1` rewrites them; see `harness::golden`).
//!
//! Each is the peer's view, in its stable form (the client's reads merged,
//! ports, dates and secrets redacted), so the files are the same on every
//! run and machine.

use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use harness::daytime::{self, DaytimeOptions, TEST_TIME, UdpFaults, fixed_clock};
use harness::fault::FaultPlan;
use harness::golden::assert_golden;
use harness::mail::{Pop3Client, SmtpClient};
use harness::peer::PeerConfig;
use harness::smtp::SmtpOptions;
use harness::transcript::{Event, Side, Transcript};

/// Where the files are, from the `harness` package's directory.
fn golden(name: &str) -> String {
    format!("../fixtures/transcripts/{name}.txt")
}

/// The stable text of a fake peer's transcript (it read the client).
fn stable(t: &Transcript) -> String {
    t.stable(Side::Client).render()
}

/// Waits until the peer has recorded the end of every connection, so the
/// last line of the file does not depend on thread timing.
fn all_ended(peer: &harness::peer::PeerHandle) {
    let ended = peer.recorder().wait_for(Duration::from_secs(10), |events| {
        let opened = events
            .iter()
            .filter(|e| matches!(e, Event::Open { .. }))
            .count();
        let closed = events
            .iter()
            .filter(|e| matches!(e, Event::Close { .. } | Event::Reset { .. }))
            .count();
        closed >= opened
    });
    assert!(ended, "{}", peer.recorder().snapshot().render());
}

/// Chapter 1: one query for an A record and its answer, over UDP.
#[test]
fn dns_query_and_answer() {
    let bind = SocketAddr::from(([127, 0, 0, 1], 0));
    let peer = harness::dns::start(bind, FaultPlan::none(), PeerConfig::default()).unwrap();
    let query = harness::dns::client::query(0x2a17, "web.workbook.test", 1);
    let reply = harness::dns::client::ask_udp(peer.addr(), &query).unwrap();
    assert_eq!(&reply[reply.len() - 4..], &[192, 0, 2, 10]);
    assert!(peer.recorder().wait_for(Duration::from_secs(10), |events| {
        events.iter().any(|e| {
            matches!(
                e,
                Event::Data {
                    from: Side::Server,
                    ..
                }
            )
        })
    }));
    assert_golden(golden("dns-query"), stable(&peer.stop()));
}

/// Chapter 3: the first reply is lost (a seeded loss), the client's wait
/// runs out, it asks again, and the second reply arrives.
#[test]
fn daytime_over_udp_with_a_lost_datagram() {
    let peer = daytime::start_with(DaytimeOptions {
        // Seed 5 at a rate of one half: lose the first reply, keep the second.
        udp: UdpFaults::loss(5, 0.5),
        clock: fixed_clock(TEST_TIME),
        ..DaytimeOptions::default()
    })
    .unwrap();
    let s = UdpSocket::bind("127.0.0.1:0").unwrap();
    s.connect(peer.addr()).unwrap();
    let mut buf = [0u8; 512];
    // Short enough to keep the test quick; the lost reply never comes.
    s.set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    s.send(b"what time is it?\n").unwrap();
    assert!(s.recv(&mut buf).is_err(), "seed 5 loses the first reply");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.send(b"what time is it?\n").unwrap();
    let n = s.recv(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"Wednesday, March 14, 2007 15:09:26-UTC\r\n");
    assert_golden(golden("daytime-lost"), stable(&peer.stop()));
}

/// Chapter 7: AUTH PLAIN, then a recipient the server refuses (a scripted
/// `550` for the second RCPT) while the others are accepted.
#[test]
fn smtp_with_auth_and_a_refused_recipient() {
    let smtp = harness::smtp::start_with(SmtpOptions {
        plan: FaultPlan::none().on("RCPT", 2, "550 5.1.1 No such user here"),
        ..SmtpOptions::default()
    })
    .unwrap();
    let (mut c, _greeting) = SmtpClient::connect(smtp.addr()).unwrap();
    assert_eq!(c.login("puck", "goodfellow").unwrap().code, 235);
    assert_eq!(
        c.command("MAIL FROM:<puck@fairy.example>").unwrap().code,
        250
    );
    assert_eq!(
        c.command("RCPT TO:<oberon@fairy.example>").unwrap().code,
        250
    );
    assert_eq!(
        c.command("RCPT TO:<nobody@fairy.example>").unwrap().code,
        550
    );
    assert_eq!(
        c.command("RCPT TO:<titania@fairy.example>").unwrap().code,
        250
    );
    assert_eq!(c.command("DATA").unwrap().code, 354);
    c.send(b"Subject: Moonlight\r\n\r\nIll met by moonlight.\r\n.\r\n")
        .unwrap();
    assert_eq!(c.reply().unwrap().code, 250);
    assert_eq!(c.quit().unwrap().code, 221);
    assert_golden(
        golden("smtp-refused-recipient"),
        stable(&smtp.stop_when_idle()),
    );
}

/// Chapter 8: log in, look at a message's headers (TOP), fetch one whole
/// (RETR), mark it deleted (DELE) and QUIT, which is when it goes.
#[test]
fn pop3_top_retr_dele() {
    let pop3 = harness::pop3::start_on_fixtures();
    let (mut c, greeting) = Pop3Client::connect(pop3.addr()).unwrap();
    assert!(greeting.starts_with("+OK"), "{greeting}");
    c.login("titania", "queen-of-fairies").unwrap();
    assert!(c.command("STAT").unwrap().starts_with("+OK 3 "));
    c.multi_line("TOP 1 0").unwrap();
    c.multi_line("RETR 3").unwrap();
    assert!(c.command("DELE 3").unwrap().starts_with("+OK"));
    assert!(c.quit().unwrap().contains("1 message(s) deleted"));
    all_ended(&pop3);
    assert_golden(golden("pop3-top-retr-dele"), stable(&pop3.stop()));
}
