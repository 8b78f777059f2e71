//! End to end over loopback: our client against the harness's fake SMTP
//! server, well-behaved and under faults (refused recipient, 421 in the
//! middle, a connection dropped after DATA, an EHLO reply without its final
//! line, replies chopped into single bytes, random benign faults).

mod common;

use std::time::Duration;

use chapter_07::smtp::{self, SmtpError, Stage, Timeouts};
use common::{fixed_moonlight, puck, send, session_for};
use harness::fault::{FaultPlan, MalformKind};
use harness::fixtures::{chopped_fake_smtp, fake_smtp};
use harness::smtp::{FakeSmtp, SmtpOptions, start, start_with};
use harness::transcript::Side;
use rstest::rstest;

fn with_plan(plan: FaultPlan) -> FakeSmtp {
    start_with(SmtpOptions {
        plan,
        ..SmtpOptions::default()
    })
    .unwrap()
}

#[rstest]
fn sends_the_moonlight_message(#[from(fake_smtp)] smtp: FakeSmtp) {
    let report = send(smtp.addr(), &fixed_moonlight(), Some(puck())).unwrap();
    assert_eq!(report.accepted.len(), 4);
    let mail = smtp.wait_for_deliveries(1);
    assert_eq!(mail[0].from, "puck@fairy.example");
    assert_eq!(mail[0].rcpt, fixed_moonlight().envelope().rcpt);
    assert_eq!(mail[0].user.as_deref(), Some("puck"));
    assert_eq!(mail[0].data, fixed_moonlight().to_bytes());
}

#[test]
fn the_dialogue_matches_the_snapshot() {
    let smtp = start();
    send(smtp.addr(), &fixed_moonlight(), Some(puck())).unwrap();
    let transcript = smtp.stop_when_idle();
    harness::assert_transcript!("moonlight_dialogue", transcript, Side::Client);
}

#[test]
fn stores_one_file_per_recipient_mailbox() {
    let dir = tempfile::tempdir().unwrap();
    let smtp = start_with(SmtpOptions {
        store: Some(dir.path().to_path_buf()),
        ..SmtpOptions::default()
    })
    .unwrap();
    send(smtp.addr(), &fixed_moonlight(), Some(puck())).unwrap();
    send(smtp.addr(), &fixed_moonlight(), Some(puck())).unwrap();
    smtp.wait_for_deliveries(2);
    let store = harness::smtp::MailStore::new(dir.path());
    for mailbox in ["oberon", "titania", "william", "bottom"] {
        let msgs = store.messages(mailbox).unwrap();
        assert_eq!(msgs.len(), 2, "{mailbox}");
        assert!(msgs[1].0.ends_with(format!("{mailbox}/0002.eml")));
        assert_eq!(msgs[0].1, fixed_moonlight().to_bytes());
    }
}

#[test]
fn a_refused_second_recipient_is_reported() {
    let smtp = with_plan(FaultPlan::none().on("RCPT", 2, "550 5.1.1 No such user here"));
    let report = send(smtp.addr(), &fixed_moonlight(), Some(puck())).unwrap();
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].addr, "titania@fairy.example");
    assert_eq!(report.rejected[0].reply.code, 550);
    let mail = smtp.wait_for_deliveries(1);
    assert!(!mail[0].rcpt.contains(&"titania@fairy.example".to_string()));
    assert_eq!(mail[0].rcpt.len(), 3);
}

#[test]
fn a_421_in_the_middle_is_a_transient_error() {
    let smtp = with_plan(FaultPlan::none().on("MAIL", 1, "421 4.3.2 Service shutting down"));
    let e = send(smtp.addr(), &fixed_moonlight(), Some(puck())).unwrap_err();
    assert!(
        matches!(
            e,
            SmtpError::Transient {
                stage: Stage::MailFrom,
                ..
            }
        ),
        "{e}"
    );
    assert!(smtp.deliveries().is_empty());
}

#[test]
fn a_connection_dropped_after_data_is_reported_not_assumed_sent() {
    let smtp = with_plan(FaultPlan::none().on(".", 1, "<drop>"));
    let e = send(smtp.addr(), &fixed_moonlight(), Some(puck())).unwrap_err();
    assert!(
        matches!(
            e,
            SmtpError::Closed {
                stage: Stage::Message
            }
        ),
        "{e}"
    );
    assert!(e.is_transient());
}

/// A server sending its replies one byte every 50 ms never trips the
/// per-reply wait; the total time limit cuts it off.
#[test]
fn a_trickling_server_is_cut_off_by_the_total_time_limit() {
    let smtp = with_plan(FaultPlan::none().chop(1).delay(50, false));
    let session = session_for(&fixed_moonlight(), Some(puck()));
    let timeouts = Timeouts {
        total: Duration::from_millis(500),
        ..Timeouts::all(Duration::from_secs(5))
    };
    let started = std::time::Instant::now();
    let e = smtp::send(smtp.addr(), session, timeouts, &mut |_, _| {}).unwrap_err();
    assert!(matches!(e, SmtpError::TooSlow { .. }), "{e}");
    assert!(e.is_transient());
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn an_ehlo_reply_without_its_final_line_times_out() {
    let smtp = with_plan(FaultPlan::none().malformed(2, MalformKind::TruncateFinal));
    let session = session_for(&fixed_moonlight(), Some(puck()));
    let timeouts = Timeouts::all(Duration::from_millis(500));
    let e = smtp::send(smtp.addr(), session, timeouts, &mut |_, _| {}).unwrap_err();
    assert!(
        matches!(
            e,
            SmtpError::Timeout {
                stage: Stage::Hello,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn garbage_instead_of_a_reply_is_a_protocol_error() {
    let smtp = with_plan(
        FaultPlan::none()
            .malformed(1, MalformKind::Garbage)
            .with_seed(3),
    );
    let e = send(smtp.addr(), &fixed_moonlight(), Some(puck())).unwrap_err();
    assert!(matches!(e, SmtpError::Reply(_)), "{e}");
}

#[rstest]
fn replies_chopped_into_single_bytes_still_work(#[from(chopped_fake_smtp)] smtp: FakeSmtp) {
    send(smtp.addr(), &fixed_moonlight(), Some(puck())).unwrap();
    assert_eq!(smtp.wait_for_deliveries(1).len(), 1);
}

#[test]
fn random_benign_faults_change_nothing() {
    let seed = FaultPlan::seed_from_env_or_random();
    let smtp = with_plan(FaultPlan::fuzz(seed));
    let result = send(smtp.addr(), &fixed_moonlight(), Some(puck()));
    harness::peer_assert!(smtp, result.is_ok(), "sending failed: {result:?}");
    assert_eq!(
        smtp.wait_for_deliveries(1)[0].data,
        fixed_moonlight().to_bytes()
    );
}

#[test]
fn a_wrong_password_is_refused_and_never_recorded() {
    let smtp = start();
    let mut creds = puck();
    creds.password = "wrong-horse".into();
    let e = send(smtp.addr(), &fixed_moonlight(), Some(creds)).unwrap_err();
    assert!(
        matches!(
            e,
            SmtpError::Permanent {
                stage: Stage::Auth,
                ..
            }
        ),
        "{e}"
    );
    assert!(!e.to_string().contains("wrong-horse"));
    assert!(!smtp.stop().render().contains("wrong-horse"));
}

#[test]
fn nothing_listening_is_an_io_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let e = send(port, &fixed_moonlight(), None).unwrap_err();
    assert!(matches!(e, SmtpError::Io { .. }), "{e}");
}

mod round_trip {
    use crate::common::{settings, timeouts};
    use chapter_07::message::Envelope;
    use chapter_07::smtp::{self, Session};
    use harness::strategies::mail_message;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(harness::strategies::config_with_cases(24))]

        /// Any message (lines starting with dots, a lone dot, empty lines)
        /// arrives byte for byte: stuffing and unstuffing cancel out.
        #[test]
        fn any_message_arrives_unchanged(m in mail_message()) {
            let smtp = harness::smtp::start();
            let bytes = m.to_bytes();
            let envelope = Envelope { from: "a@x.example".into(), rcpt: vec!["b@y.example".into()] };
            let session = Session::new(settings(None), envelope, &bytes, false).unwrap();
            smtp::send(smtp.addr(), session, timeouts(), &mut |_, _| {}).unwrap();
            prop_assert_eq!(&smtp.wait_for_deliveries(1)[0].data, &bytes);
        }
    }
}
