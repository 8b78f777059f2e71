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
    assert!(early.on_reply(235, "too early").is_err());
    let mut third = AuthLogin::new("a", "b");
    third.start();
    third.on_reply(334, "").unwrap();
    third.on_reply(334, "").unwrap();
    assert!(third.on_reply(334, "again?").is_err());
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
    w.write_all(format!("{}\r\n", login.start()).as_bytes())
        .unwrap();
    for _ in 0..3 {
        let (code, text) = read_reply();
        match login.on_reply(code, &text).unwrap() {
            LoginStep::Send(line) => w.write_all(format!("{line}\r\n").as_bytes()).unwrap(),
            LoginStep::Done => return,
        }
    }
    panic!(
        "not logged in after three replies; base64 of the user is {}",
        base64(b"puck")
    );
}
