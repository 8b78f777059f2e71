//! Helpers shared by chapter 7's test files.
#![allow(dead_code)]

use std::time::Duration;

use chapter_07::message::Message;
use chapter_07::message::date::Stamp;
use chapter_07::moonlight::moonlight;
use chapter_07::smtp::{self, Credentials, Report, Session, Settings, SmtpError, Timeouts};
use harness::smtp::accounts::{TEST_PASSWORD, TEST_USER};

/// Midsummer night 2026, 00:30 UTC: the date of the fixture message.
pub const MIDSUMMER: Stamp = Stamp {
    unix: 1_782_001_800,
    offset_minutes: 0,
};
/// The Message-ID random number of the fixture message.
pub const ID_RANDOM: u64 = 1595;

/// The Moonlight message as in `fixtures/mail/oberon/0001.eml`.
pub fn fixed_moonlight() -> Message {
    moonlight(MIDSUMMER, ID_RANDOM)
}

/// The test account of the fake server.
pub fn puck() -> Credentials {
    Credentials {
        user: TEST_USER.into(),
        password: TEST_PASSWORD.into(),
    }
}

/// Settings that log in as `creds`.
pub fn settings(creds: Option<Credentials>) -> Settings {
    Settings {
        helo_name: "client.workbook.test".into(),
        credentials: creds,
    }
}

/// A session sending `message`.
pub fn session_for(message: &Message, creds: Option<Credentials>) -> Session {
    Session::new(
        settings(creds),
        message.envelope(),
        &message.to_bytes(),
        message.body().is_8bit(),
    )
    .unwrap()
}

/// Short waits: a loopback peer answers at once, a fault never.
pub fn timeouts() -> Timeouts {
    Timeouts::all(Duration::from_secs(5))
}

/// Sends `message` to `addr` and returns the result.
pub fn send(
    addr: std::net::SocketAddr,
    message: &Message,
    creds: Option<Credentials>,
) -> Result<Report, SmtpError> {
    smtp::send(
        addr,
        session_for(message, creds),
        timeouts(),
        &mut |_, _| {},
    )
}

/// The workspace's fixtures directory.
pub fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}
