//! The fake SMTP server's protocol core without sockets (DESIGN.md §8,
//! scripted sessions and properties): any input gets a well-formed reply
//! and never a panic, command words are case-insensitive, and the SASL
//! pieces agree with an independent base64 codec (the `base64` crate).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use harness::mail::Accounts;
use harness::mail::sasl::{decode_base64, encode_base64, parse_plain};
use harness::smtp::session::{Action, Limits, ServerSession};
use proptest::prelude::*;

proptest! {
    #[test]
    fn any_lines_get_a_reply_never_a_panic(lines in prop::collection::vec("[ -~]{0,80}", 0..30)) {
        let mut s = ServerSession::new(Accounts::test(), Limits::default());
        for line in &lines {
            match s.on_line(line) {
                Action::Reply(r) | Action::Challenge(r) | Action::StartData(r) | Action::Close(r) => {
                    prop_assert!(r.ends_with("\r\n") && r.len() >= 5, "{r:?}");
                    let code: u16 = r[..3].parse().unwrap();
                    prop_assert!((200..600).contains(&code));
                }
            }
        }
    }

    #[test]
    fn command_words_are_case_insensitive(
        word in prop::sample::select(vec!["ehlo", "noop", "rset", "quit"]),
        mask in any::<u8>(),
    ) {
        let word: String = word
            .chars()
            .enumerate()
            .map(|(i, c)| if mask >> i & 1 == 1 { c.to_ascii_uppercase() } else { c })
            .collect();
        let mut s = ServerSession::new(Accounts::test(), Limits::default());
        let reply = match s.on_line(&format!("{word} x.example")) {
            Action::Reply(r) | Action::Close(r) => r,
            other => panic!("{other:?}"),
        };
        prop_assert!(reply.starts_with('2'), "{reply}");
    }

    /// The harness's own codec against an independent one (the
    /// `base64` crate), both ways.
    #[test]
    fn base64_agrees_with_an_independent_codec(bytes in prop::collection::vec(any::<u8>(), 0..100)) {
        prop_assert_eq!(decode_base64(STANDARD.encode(&bytes).as_bytes()), Some(bytes.clone()));
        prop_assert_eq!(encode_base64(&bytes), STANDARD.encode(&bytes));
    }

    #[test]
    fn the_plain_decoder_never_panics(text in "[ -~]{0,60}") {
        let _ = parse_plain(text.as_bytes());
    }
}

/// The reply text of an action, whatever its kind.
fn text(a: Action) -> String {
    match a {
        Action::Reply(r) | Action::Challenge(r) | Action::StartData(r) | Action::Close(r) => r,
    }
}

/// Found by fuzz/ (`smtp-server`): the EHLO reply echoes the domain, so a
/// domain over 255 octets (RFC 5321 §4.5.3.1.2) made a reply line over 512.
#[test]
fn a_domain_too_long_for_a_reply_line_is_refused() {
    let mut s = ServerSession::new(Accounts::test(), Limits::default());
    let reply = text(s.on_line(&format!("EHLO {}", "a".repeat(256))));
    assert!(reply.starts_with("501 "), "{reply}");
    let reply = text(s.on_line(&format!("EHLO {}", "a".repeat(255))));
    assert!(reply.lines().all(|l| l.len() <= 510), "{reply}");
    assert!(reply.starts_with("250-"), "{reply}");
}

#[test]
fn a_scripted_session_logs_in_with_login_and_reaches_data() {
    let limits = Limits {
        require_auth: true,
        ..Limits::default()
    };
    let mut s = ServerSession::new(Accounts::test(), limits);
    assert!(text(s.on_line("EHLO me.example")).starts_with("250-"));
    assert!(text(s.on_line("MAIL FROM:<puck@fairy.example>")).starts_with("530"));
    assert_eq!(
        s.on_line("AUTH LOGIN"),
        Action::Challenge("334 VXNlcm5hbWU6\r\n".into())
    );
    assert!(s.in_sasl());
    assert_eq!(
        s.on_line("cHVjaw=="),
        Action::Challenge("334 UGFzc3dvcmQ6\r\n".into())
    );
    assert!(text(s.on_line("Z29vZGZlbGxvdw==")).starts_with("235"));
    assert_eq!(s.user.as_deref(), Some("puck"));
    let mail = "MAIL FROM:<puck@fairy.example> BODY=8BITMIME SIZE=100";
    assert!(text(s.on_line(mail)).starts_with("250"));
    assert!(text(s.on_line("RCPT TO:<oberon@fairy.example>")).starts_with("250"));
    assert!(matches!(s.on_line("DATA"), Action::StartData(_)));
    let t = s.transaction.as_ref().unwrap();
    assert_eq!(t.body.as_deref(), Some("8BITMIME"));
    assert_eq!(t.rcpt, ["oberon@fairy.example"]);
}
