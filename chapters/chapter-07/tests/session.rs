//! The SMTP client session without sockets: scripted conversations fed
//! reply by reply — the whole dialogue, HELO fall-back, AUTH LOGIN,
//! refused recipients, 4xx versus 5xx, 421, missing extensions.

mod common;

use chapter_07::smtp::reply::{Reply, ReplyParser};
use chapter_07::smtp::{Mechanism, Next, Session, SmtpError, Stage};
use common::{fixed_moonlight, puck, session_for, settings};

/// Feeds replies one at a time; returns every command sent and the end.
fn converse(mut s: Session, replies: &[&str]) -> (Vec<String>, Result<Next, SmtpError>) {
    let mut sent = Vec::new();
    for (i, text) in replies.iter().enumerate() {
        let mut p = ReplyParser::new();
        p.push(text.as_bytes());
        let reply = p
            .next_reply()
            .unwrap()
            .expect("a whole reply in the script");
        match s.on_reply(reply) {
            Ok(Next::Send(cmd)) if i + 1 < replies.len() => sent.push(cmd.shown),
            other => return (sent, other),
        }
    }
    panic!("the script ran out of replies; sent {sent:?}");
}

const EHLO: &str = "250-srv\r\n250-8BITMIME\r\n250-SIZE 1000000\r\n250 AUTH LOGIN PLAIN\r\n";

#[test]
fn a_whole_conversation() {
    let s = session_for(&fixed_moonlight(), Some(puck()));
    let ok = "250 ok\r\n";
    let (sent, end) = converse(
        s,
        &[
            "220 hi\r\n",
            EHLO,
            "235 ok\r\n",
            ok,
            ok,
            ok,
            ok,
            ok,
            "354 go\r\n",
            "250 queued\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(sent[0], "EHLO client.workbook.test");
    assert_eq!(sent[1], "AUTH PLAIN <secret>");
    assert!(sent[2].starts_with("MAIL FROM:<puck@fairy.example> SIZE="));
    assert_eq!(
        sent[3..7],
        [
            "RCPT TO:<oberon@fairy.example>",
            "RCPT TO:<titania@fairy.example>",
            "RCPT TO:<william@globe.example>",
            "RCPT TO:<bottom@athens.example>"
        ]
    );
    assert_eq!(sent[7], "DATA");
    assert_eq!(sent[9], "QUIT");
    let Ok(Next::Done(report)) = end else {
        panic!("{end:?}")
    };
    assert_eq!(report.accepted.len(), 4);
    assert_eq!(report.auth, Some(Mechanism::Plain));
    assert_eq!(report.queued, Some(Reply::new(250, "queued")));
}

#[test]
fn falls_back_to_helo_and_needs_no_auth_without_credentials() {
    let s = session_for(&fixed_moonlight(), None);
    let (sent, _) = converse(
        s,
        &[
            "220 hi\r\n",
            "502 what?\r\n",
            "250 old server\r\n",
            "250 ok\r\n",
        ],
    );
    assert_eq!(
        sent,
        [
            "EHLO client.workbook.test",
            "HELO client.workbook.test",
            "MAIL FROM:<puck@fairy.example>"
        ]
    );
}

#[test]
fn auth_login_answers_two_challenges_with_secrets() {
    let s = session_for(&fixed_moonlight(), Some(puck()));
    let ehlo = "250-srv\r\n250 AUTH LOGIN\r\n";
    let (sent, _) = converse(
        s,
        &[
            "220 hi\r\n",
            ehlo,
            "334 VXNlcm5hbWU6\r\n",
            "334 UGFzc3dvcmQ6\r\n",
            "235 ok\r\n",
            "250 ok\r\n",
        ],
    );
    assert_eq!(
        sent,
        [
            "EHLO client.workbook.test",
            "AUTH LOGIN",
            "<secret>",
            "<secret>",
            "MAIL FROM:<puck@fairy.example>"
        ]
    );
}

#[test]
fn refused_recipients_are_reported_and_the_rest_get_the_message() {
    let s = session_for(&fixed_moonlight(), None);
    let (sent, end) = converse(
        s,
        &[
            "220 hi\r\n",
            "250 srv\r\n",
            "250 ok\r\n",
            "250 ok\r\n",
            "550 5.1.1 no such user\r\n",
            "450 busy\r\n",
            "250 ok\r\n",
            "354 go\r\n",
            "250 queued\r\n",
            "221 bye\r\n",
        ],
    );
    assert_eq!(sent.last().unwrap(), "QUIT");
    let Ok(Next::Done(report)) = end else {
        panic!("{end:?}")
    };
    assert_eq!(
        report.accepted,
        ["oberon@fairy.example", "bottom@athens.example"]
    );
    assert_eq!(report.rejected.len(), 2);
    assert_eq!(report.rejected[0].addr, "titania@fairy.example");
    assert_eq!(report.rejected[0].reply.code, 550);
    assert!(report.rejected[1].reply.is_transient());
}

#[test]
fn no_accepted_recipient_means_no_data() {
    let s = session_for(&fixed_moonlight(), None);
    let no = "550 no\r\n";
    let (sent, end) = converse(
        s,
        &[
            "220 hi\r\n",
            "250 srv\r\n",
            "250 ok\r\n",
            no,
            no,
            no,
            no,
            "221 bye\r\n",
        ],
    );
    assert_eq!(
        sent.last().unwrap(),
        "QUIT",
        "it says goodbye instead of DATA"
    );
    match end {
        Err(SmtpError::NoRecipients { rejected }) => assert_eq!(rejected.len(), 4),
        other => panic!("{other:?}"),
    }
}

#[test]
fn transient_and_permanent_failures_are_different_errors() {
    let s = session_for(&fixed_moonlight(), None);
    let (_, end) = converse(
        s,
        &[
            "220 hi\r\n",
            "250 srv\r\n",
            "451 try later\r\n",
            "221 bye\r\n",
        ],
    );
    let e = end.unwrap_err();
    assert!(
        matches!(
            e,
            SmtpError::Transient {
                stage: Stage::MailFrom,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.is_transient());
    let s = session_for(&fixed_moonlight(), None);
    let (_, end) = converse(
        s,
        &[
            "220 hi\r\n",
            "250 srv\r\n",
            "553 not allowed\r\n",
            "221 bye\r\n",
        ],
    );
    let e = end.unwrap_err();
    assert!(
        matches!(
            e,
            SmtpError::Permanent {
                stage: Stage::MailFrom,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(!e.is_transient());
}

#[test]
fn a_421_ends_at_once_without_quit() {
    let s = session_for(&fixed_moonlight(), None);
    let (sent, end) = converse(
        s,
        &["220 hi\r\n", "250 srv\r\n", "421 4.3.2 shutting down\r\n"],
    );
    assert_eq!(sent.len(), 2);
    assert!(matches!(end, Err(SmtpError::Transient { .. })));
}

#[test]
fn bad_login_is_a_permanent_auth_error() {
    let s = session_for(&fixed_moonlight(), Some(puck()));
    let (_, end) = converse(s, &["220 hi\r\n", EHLO, "535 5.7.8 bad\r\n", "221 bye\r\n"]);
    assert!(matches!(
        end,
        Err(SmtpError::Permanent {
            stage: Stage::Auth,
            ..
        })
    ));
}

#[test]
fn missing_extensions_are_explained() {
    let s = session_for(&fixed_moonlight(), Some(puck()));
    let (_, end) = converse(s, &["220 hi\r\n", "250 srv\r\n", "221 bye\r\n"]);
    let e = end.unwrap_err();
    assert!(e.to_string().contains("no AUTH mechanism"), "{e}");
    let m = chapter_07::message::Message::new(
        chapter_07::message::Mailbox::new("P", "p@x.example"),
        "s",
    )
    .to(chapter_07::message::Mailbox::new("", "q@x.example"))
    .text("grüß", chapter_07::message::mime::TextEncoding::EightBit);
    let s = Session::new(
        settings(None),
        m.envelope(),
        &m.to_bytes(),
        m.body().is_8bit(),
    )
    .unwrap();
    let (_, end) = converse(s, &["220 hi\r\n", "250 srv\r\n", "221 bye\r\n"]);
    assert!(end.unwrap_err().to_string().contains("8BITMIME"));
}

#[test]
fn credentials_never_show_in_debug_output() {
    let text = format!("{:?}", settings(Some(puck())));
    assert!(!text.contains("goodfellow"), "{text}");
}
