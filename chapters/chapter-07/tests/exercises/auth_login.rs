//! Tests of the `auth_login` exercise (filter `auth_login::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_07::exercises::auth_login::{AuthFailed, AuthLogin, LoginStep};
use chapter_07::smtp::auth::base64;
use harness::peer::client::connect;
use std::io::{BufRead, BufReader, Write};

#[test]
fn answers_both_challenges() {
    let mut a = AuthLogin::new("puck", "goodfellow");
    expect_eq!(a.start(), "AUTH LOGIN");
    expect_eq!(
        a.on_reply(334, "VXNlcm5hbWU6"),
        Ok(LoginStep::Send("cHVjaw==".into()))
    );
    expect_eq!(
        a.on_reply(334, "UGFzc3dvcmQ6"),
        Ok(LoginStep::Send("Z29vZGZlbGxvdw==".into()))
    );
    expect_eq!(a.on_reply(235, "ok"), Ok(LoginStep::Done));
}

#[test]
fn a_refusal_or_a_broken_exchange_is_an_error() {
    let mut a = AuthLogin::new("puck", "nope");
    a.start();
    a.on_reply(334, "VXNlcm5hbWU6").unwrap();
    a.on_reply(334, "UGFzc3dvcmQ6").unwrap();
    let failed = AuthFailed {
        code: 535,
        text: "bad credentials".into(),
    };
    expect_eq!(a.on_reply(535, "bad credentials"), Err(failed));
    let mut early = AuthLogin::new("a", "b");
    early.start();
    let too_early = AuthFailed {
        code: 235,
        text: "too early".into(),
    };
    expect_eq!(early.on_reply(235, "too early"), Err(too_early));
    // Challenges without text: the step of the exchange says what to send.
    let mut third = AuthLogin::new("a", "b");
    third.start();
    expect_eq!(third.on_reply(334, ""), Ok(LoginStep::Send(base64(b"a"))));
    expect_eq!(third.on_reply(334, ""), Ok(LoginStep::Send(base64(b"b"))));
    let again = AuthFailed {
        code: 334,
        text: "again?".into(),
    };
    expect_eq!(third.on_reply(334, "again?"), Err(again));
}

#[test]
fn logs_in_to_the_fake_server() {
    let smtp = harness::smtp::start();
    let s = connect(smtp.addr()).unwrap();
    let mut r = BufReader::new(s.try_clone().unwrap());
    let mut w = s;
    let mut read_reply = || {
        let last = loop {
            let mut line = String::new();
            r.read_line(&mut line).unwrap();
            if line.as_bytes().get(3) != Some(&b'-') {
                break line;
            }
        };
        let code: u16 = last[..3].parse().unwrap();
        (code, last[4..].trim_end().to_string())
    };
    read_reply();
    w.write_all(b"EHLO me.example\r\n").unwrap();
    read_reply();
    let mut login = AuthLogin::new("puck", "goodfellow");
    // What the fake server needs to log puck in, and what was sent.
    let expected = [
        "AUTH LOGIN".to_string(),
        base64(b"puck"),
        base64(b"goodfellow"),
    ];
    let mut sent = vec![login.start()];
    w.write_all(format!("{}\r\n", sent[0]).as_bytes()).unwrap();
    for _ in 0..3 {
        let (code, text) = read_reply();
        match login.on_reply(code, &text) {
            Ok(LoginStep::Send(line)) => {
                w.write_all(format!("{line}\r\n").as_bytes()).unwrap();
                sent.push(line);
            }
            Ok(LoginStep::Done) => return,
            Err(failed) => {
                expect_eq!(sent, expected, "the server answered {code} {text}");
                panic!("on_reply({code}, {text:?}) gave {failed:?} after the right lines");
            }
        }
    }
    expect_eq!(sent, expected, "not logged in after three replies");
    panic!("not logged in after three replies, though the lines sent were right");
}
