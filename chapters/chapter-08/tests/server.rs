//! Our client against the fake POP3 server over loopback: RFC 1939's
//! states, deletion only at QUIT, locking, `-ERR` for bad commands,
//! switched-off commands and their fallbacks, APOP, and faults (a missing
//! final `.`, a connection dropped in the middle of RETR, slow lines,
//! one-byte writes). Also: PASS never shows in a transcript.

mod common;

use chapter_08::pop3::{Login, Pop3Error};
use common::{assert_fixture, connect, fixture, login, password};
use harness::fault::{FaultPlan, MalformKind};
use harness::pop3::{Caps, FakePop3, Pop3Options, fake_pop3, start_on_fixtures_with};
use rstest::rstest;

fn with(plan: FaultPlan, caps: Caps) -> FakePop3 {
    start_on_fixtures_with(Pop3Options {
        plan,
        caps,
        ..Pop3Options::new("")
    })
    .unwrap()
}

#[rstest]
fn retrieves_messages_byte_identical(fake_pop3: FakePop3) {
    let mut c = login(&fake_pop3, "titania");
    let stat = c.stat().unwrap();
    assert_eq!(stat.count, 3);
    for n in 1..=3 {
        assert_fixture("titania", n, &c.retr(n).unwrap());
    }
    let list = c.list().unwrap();
    assert_eq!(list[1], (2, fixture("titania", 2).len() as u64));
    assert_eq!(stat.size, list.iter().map(|(_, s)| s).sum::<u64>());
    c.quit().unwrap();
}

#[rstest]
fn top_gives_headers_and_n_body_lines(fake_pop3: FakePop3) {
    let mut c = login(&fake_pop3, "titania");
    let head = c.top(1, 0).unwrap();
    assert!(head.ends_with(b"Content-Transfer-Encoding: 7bit\r\n\r\n"));
    let two = c.top(1, 2).unwrap();
    assert!(two.ends_with(b"\r\n\r\nWhat, jealous Oberon? Fairies, skip hence.\r\n.\r\n"));
}

#[rstest]
fn dele_marks_rset_undoes_quit_deletes(fake_pop3: FakePop3) {
    let before = fake_pop3.files("titania");
    let mut c = login(&fake_pop3, "titania");
    c.dele(1).unwrap();
    assert!(
        c.retr(1).unwrap_err().is_refusal(),
        "a marked message is gone"
    );
    assert!(c.dele(1).unwrap_err().is_refusal());
    assert_eq!(c.stat().unwrap().count, 2);
    c.rset().unwrap();
    assert_eq!(c.stat().unwrap().count, 3);
    c.dele(2).unwrap();
    assert_eq!(
        fake_pop3.files("titania"),
        before,
        "nothing deleted before QUIT"
    );
    c.quit().unwrap();
    assert_eq!(
        fake_pop3.files("titania"),
        vec![before[0].clone(), before[2].clone()]
    );
}

#[rstest]
fn a_dropped_connection_deletes_nothing(fake_pop3: FakePop3) {
    let before = fake_pop3.files("oberon");
    let mut c = login(&fake_pop3, "oberon");
    c.dele(1).unwrap();
    drop(c);
    // The lock is released when the server sees the end: wait for it by
    // logging in again (bounded), then the message is still there.
    let mut again = None;
    for _ in 0..200 {
        let mut c = connect(fake_pop3.addr());
        match c.login("oberon", &password("oberon"), Login::UserPass) {
            Ok(()) => {
                again = Some(c);
                break;
            }
            Err(e) => assert!(e.to_string().contains("IN-USE"), "{e}"),
        }
        std::thread::yield_now();
    }
    let mut c = again.expect("the maildrop is unlocked after the connection ends");
    assert_eq!(c.stat().unwrap().count, 1);
    assert_eq!(fake_pop3.files("oberon"), before);
}

#[rstest]
fn one_session_per_maildrop(fake_pop3: FakePop3) {
    let first = login(&fake_pop3, "titania");
    let mut second = connect(fake_pop3.addr());
    let e = second
        .login("titania", &password("titania"), Login::UserPass)
        .unwrap_err();
    assert!(e.to_string().contains("[IN-USE]"), "{e}");
    // Another maildrop is free.
    login(&fake_pop3, "oberon").quit().unwrap();
    first.quit().unwrap();
    login(&fake_pop3, "titania").quit().unwrap();
}

#[rstest]
fn bad_commands_and_arguments_get_err(fake_pop3: FakePop3) {
    let mut c = connect(fake_pop3.addr());
    for line in ["STAT", "RETR 1", "PASS x", "FROB"] {
        assert!(c.simple(line, line).unwrap_err().is_refusal(), "{line}");
    }
    let e = c.login("titania", "wrong", Login::UserPass).unwrap_err();
    assert!(e.to_string().contains("[AUTH]"), "{e}");
    c.login("titania", &password("titania"), Login::UserPass)
        .unwrap();
    for line in [
        "RETR",
        "RETR 0",
        "RETR 4",
        "RETR x",
        "TOP 1",
        "TOP 1 x",
        "DELE 99",
        "LIST 9",
        "STAT 1",
        "USER again",
        "NOOP x",
    ] {
        assert!(c.simple(line, line).unwrap_err().is_refusal(), "{line}");
    }
    assert!(
        c.simple(&"NOOP ".repeat(80), "long")
            .unwrap_err()
            .is_refusal()
    );
    c.noop().unwrap();
    assert_eq!(c.simple("LIST 2", "LIST").unwrap().text, "2 5494");
    c.quit().unwrap();
}

#[rstest]
fn uidl_is_stable_and_unique(fake_pop3: FakePop3) {
    let mut c = login(&fake_pop3, "titania");
    let ids = c.uidl().unwrap().unwrap();
    c.dele(1).unwrap();
    c.quit().unwrap();
    let mut c = login(&fake_pop3, "titania");
    let after = c.uidl().unwrap().unwrap();
    assert_eq!(after, vec![(1, ids[1].1.clone()), (2, ids[2].1.clone())]);
}

#[test]
fn apop_logs_in_without_the_password_on_the_wire() {
    let pop = with(FaultPlan::none(), Caps::default());
    let mut c = connect(pop.addr());
    c.login("titania", &password("titania"), Login::Apop)
        .unwrap();
    assert_eq!(c.stat().unwrap().count, 3);
    c.quit().unwrap();
    let mut bad = connect(pop.addr());
    assert!(
        bad.login("titania", "nope", Login::Apop)
            .unwrap_err()
            .is_refusal()
    );
    let t = pop.stop().render();
    assert!(t.contains("APOP titania <secret>"), "{t}");
    assert!(!t.contains(&password("titania")));
}

#[test]
fn pass_is_redacted_in_transcripts() {
    let pop = with(FaultPlan::none(), Caps::default());
    login(&pop, "oberon").quit().unwrap();
    let t = pop.stop().render();
    assert!(t.contains("PASS <secret>"), "{t}");
    assert!(!t.contains(&password("oberon")), "{t}");
}

#[test]
fn without_top_and_capa_headers_come_from_retr() {
    let caps = Caps {
        top: false,
        capa: false,
        ..Caps::default()
    };
    let pop = with(FaultPlan::none(), caps);
    let mut c = login(&pop, "titania");
    let k = c.capa().unwrap();
    assert!(!k.known);
    let whole = fixture("titania", 1);
    let (head, _) = chapter_08::headers::split_message(&whole);
    assert_eq!(c.headers(1, &k).unwrap(), head);
    c.quit().unwrap();
}

#[test]
fn without_user_pass_apop_still_works() {
    let caps = Caps {
        user: false,
        uidl: false,
        ..Caps::default()
    };
    let pop = with(FaultPlan::none(), caps);
    let mut c = connect(pop.addr());
    assert!(
        c.login("oberon", "x", Login::UserPass)
            .unwrap_err()
            .is_refusal()
    );
    c.login("oberon", &password("oberon"), Login::Best).unwrap();
    assert_eq!(c.uidl().unwrap(), None);
    let k = c.capa().unwrap();
    assert!(k.may("TOP") && !k.may("UIDL") && !k.may("USER"));
}

#[test]
fn a_missing_final_dot_is_an_error_not_a_hang() {
    // Replies: greeting 1, USER 2, PASS 3, RETR 4 (without its `.` line).
    let plan = FaultPlan::none().malformed(4, MalformKind::TruncateFinal);
    // The server gives up on the silent client after a second and closes.
    let pop = start_on_fixtures_with(Pop3Options {
        plan,
        config: harness::peer::PeerConfig {
            io_timeout: std::time::Duration::from_secs(1),
            ..Default::default()
        },
        ..Pop3Options::new("")
    })
    .unwrap();
    let mut c = login(&pop, "oberon");
    let e = c.retr(1).unwrap_err();
    // The server waits for a command that never comes and closes: the
    // client reports the reply cut short instead of waiting for ever.
    assert!(matches!(e, Pop3Error::Io(_) | Pop3Error::Closed(_)), "{e}");
}

#[test]
fn a_connection_dropped_mid_retr() {
    let plan = FaultPlan::none().close_after_bytes(300);
    let pop = with(plan, Caps::default());
    let mut c = login(&pop, "titania");
    let e = c.retr(2).unwrap_err();
    assert!(matches!(e, Pop3Error::Closed(_) | Pop3Error::Io(_)), "{e}");
    drop(c);
    drop(pop);
}

#[test]
fn slow_chopped_lines_arrive_intact() {
    let plan = FaultPlan::none().chop(7).delay(1, false);
    let pop = with(plan, Caps::default());
    let mut c = login(&pop, "titania");
    assert_fixture("titania", 1, &c.retr(1).unwrap());
    assert_fixture("titania", 3, &c.retr(3).unwrap());
}

#[test]
fn single_byte_writes_through_a_whole_session() {
    let pop = with(FaultPlan::none().chop(1), Caps::default());
    let mut c = login(&pop, "titania");
    assert_fixture("titania", 2, &c.retr(2).unwrap());
    c.quit().unwrap();
}

#[test]
fn scripted_err_on_retr() {
    let plan = FaultPlan::none().on("RETR", 1, "-ERR [SYS/TEMP] disk on fire");
    let pop = with(plan, Caps::default());
    let mut c = login(&pop, "oberon");
    let e = c.retr(1).unwrap_err();
    assert!(e.to_string().contains("disk on fire"), "{e}");
    assert_fixture("oberon", 1, &c.retr(1).unwrap());
}
