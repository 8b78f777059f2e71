//! Chapter 7 sends, chapter 8 receives: the seed's Moonlight message goes
//! through the fake SMTP server into a mail store, and comes back out of
//! the fake POP3 server serving that store — byte for byte, for every
//! recipient, the blind copy included.

mod common;

use std::time::Duration;

use chapter_07::message::date::Stamp;
use chapter_07::moonlight::moonlight;
use chapter_07::smtp::{self, Credentials, Session, Settings, Timeouts};
use chapter_08::headers;
use harness::pop3::{Pop3Options, start_with};
use harness::smtp::{SmtpOptions, start_with as start_smtp};

#[test]
fn sent_with_smtp_fetched_with_pop3() {
    let store = tempfile::tempdir().unwrap();
    let smtp = start_smtp(SmtpOptions {
        accounts: harness::pop3::fixture_accounts(),
        store: Some(store.path().to_path_buf()),
        ..SmtpOptions::default()
    })
    .unwrap();
    let stamp = Stamp {
        unix: 1_782_001_800,
        offset_minutes: 0,
    };
    let message = moonlight(stamp, 7);
    let settings = Settings {
        helo_name: "client.workbook.test".into(),
        credentials: Some(Credentials {
            user: "puck".into(),
            password: common::password("puck"),
        }),
    };
    let bytes = message.to_bytes();
    let session = Session::new(
        settings,
        message.envelope(),
        &bytes,
        message.body().is_8bit(),
    )
    .unwrap();
    let timeouts = Timeouts::all(Duration::from_secs(10));
    smtp::send(smtp.addr(), session, timeouts, &mut |_, _| {}).unwrap();
    let sent = smtp.wait_for_deliveries(1)[0].data.clone();

    let pop = start_with(Pop3Options::new(store.path())).unwrap();
    for user in ["oberon", "titania", "william", "bottom"] {
        let mut c = common::login(&pop, user);
        let got = c.retr(1).unwrap();
        assert_eq!(got, sent, "{user}'s copy");
        assert_eq!(
            headers::split_message(&got).1,
            headers::split_message(&bytes).1
        );
        let fields = headers::parse(&c.top(1, 0).unwrap());
        assert_eq!(
            headers::get(&fields, "Subject").as_deref(),
            Some("Moonlight")
        );
        c.quit().unwrap();
    }
}
