//! The harness's fake SMTP server, spoken to by hand: command order (503),
//! syntax (500, 501, 555), line limits (RFC 5321 §4.5.3.1), pipelining,
//! both AUTH mechanisms, SIZE, and secrets kept out of transcripts.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use harness::peer::client::{connect, hang_up};
use harness::smtp::{FakeSmtp, Limits, SmtpOptions, start, start_with};
use harness::transcript::Redactor;

/// A connection that has read the greeting.
struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Client {
    fn new(smtp: &FakeSmtp) -> Self {
        let s = connect(smtp.addr()).unwrap();
        let mut c = Client {
            reader: BufReader::new(s.try_clone().unwrap()),
            writer: s,
        };
        assert!(c.reply().starts_with("220 "));
        c
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
    }

    /// One whole reply (all its lines).
    fn reply(&mut self) -> String {
        let mut out = String::new();
        for _ in 0..100 {
            let mut line = String::new();
            self.reader.read_line(&mut line).unwrap();
            assert!(line.ends_with("\r\n"), "reply line {line:?} lacks CRLF");
            out.push_str(&line);
            if line.as_bytes().get(3) != Some(&b'-') {
                return out;
            }
        }
        panic!("endless reply: {out}");
    }

    fn cmd(&mut self, line: &str) -> String {
        self.send(&format!("{line}\r\n"));
        self.reply()
    }

    fn code(&mut self, line: &str) -> String {
        self.cmd(line)[..3].to_string()
    }

    fn bye(self) {
        hang_up(self.writer);
    }
}

#[test]
fn ehlo_advertises_the_extensions() {
    let smtp = start();
    let mut c = Client::new(&smtp);
    let reply = c.cmd("EHLO me.example");
    for ext in [
        "250-SIZE 10485760",
        "250-8BITMIME",
        "250-PIPELINING",
        "AUTH PLAIN LOGIN",
    ] {
        assert!(reply.contains(ext), "{ext} missing from {reply}");
    }
    c.bye();
}

#[test]
fn commands_out_of_order_get_503() {
    let smtp = start();
    let mut c = Client::new(&smtp);
    assert_eq!(c.code("MAIL FROM:<a@b.example>"), "503");
    assert_eq!(c.code("EHLO me.example"), "250");
    assert_eq!(c.code("RCPT TO:<a@b.example>"), "503");
    assert_eq!(c.code("DATA"), "503");
    assert_eq!(c.code("MAIL FROM:<a@b.example>"), "250");
    assert_eq!(c.code("MAIL FROM:<a@b.example>"), "503", "nested MAIL");
    assert_eq!(c.code("DATA"), "554", "no valid recipients");
    assert_eq!(c.code("AUTH PLAIN"), "503", "AUTH inside a transaction");
    assert_eq!(c.code("RSET"), "250");
    assert_eq!(
        c.code("RCPT TO:<a@b.example>"),
        "503",
        "RSET ended the transaction"
    );
    assert_eq!(c.code("QUIT"), "221");
}

#[test]
fn bad_syntax_gets_500_501_and_555() {
    let smtp = start();
    let mut c = Client::new(&smtp);
    assert_eq!(c.code("FROB"), "500");
    assert_eq!(c.code(""), "500");
    assert_eq!(c.code("EHLO"), "501");
    assert_eq!(c.code("HELO me.example"), "250");
    assert_eq!(c.code("AUTH PLAIN"), "503", "AUTH needs EHLO");
    assert_eq!(c.code("MAIL FROM:a@b.example"), "501");
    assert_eq!(c.code("MAIL FROM:<a@b.example> FOO=1"), "555");
    assert_eq!(
        c.code("MAIL FROM:<>"),
        "250",
        "the null reverse path is allowed"
    );
    assert_eq!(c.code("RCPT TO:<>"), "501");
    assert_eq!(c.code("RCPT TO:<no-at-sign>"), "501");
    assert_eq!(c.code("RCPT TO:<Postmaster>"), "250");
    assert_eq!(c.code("DATA now"), "501");
    c.bye();
}

#[test]
fn line_limits_are_enforced() {
    let smtp = start_with(SmtpOptions {
        limits: Limits {
            max_size: 2000,
            ..Limits::default()
        },
        ..SmtpOptions::default()
    })
    .unwrap();
    let mut c = Client::new(&smtp);
    let long = format!("NOOP {}", "x".repeat(600));
    assert_eq!(c.code(&long), "500", "a command line over 512 octets");
    assert_eq!(
        c.code("NOOP"),
        "250",
        "the rest of the long line was skipped"
    );
    let path = format!("MAIL FROM:<{}@b.example>", "a".repeat(300));
    assert_eq!(c.code("EHLO me.example"), "250");
    assert_eq!(c.code(&path), "501", "a path over 256 octets");
    assert_eq!(c.code("MAIL FROM:<a@b.example> SIZE=5000"), "552");
    assert_eq!(c.code("MAIL FROM:<a@b.example> SIZE=100"), "250");
    assert_eq!(c.code("RCPT TO:<c@d.example>"), "250");
    assert_eq!(c.code("DATA"), "354");
    let text_line = format!("{}\r\n.\r\n", "y".repeat(1200));
    c.send(&text_line);
    assert!(c.reply().starts_with("500"), "a text line over 1000 octets");
    assert_eq!(c.code("MAIL FROM:<a@b.example>"), "250");
    assert_eq!(c.code("RCPT TO:<c@d.example>"), "250");
    assert_eq!(c.code("DATA"), "354");
    c.send(&format!("{}\r\n.\r\n", "z\r\n".repeat(1000)));
    assert!(c.reply().starts_with("552"), "more than SIZE allows");
    c.bye();
    assert!(smtp.deliveries().is_empty());
}

#[test]
fn pipelined_commands_are_answered_in_order() {
    let smtp = start();
    let mut c = Client::new(&smtp);
    assert_eq!(c.code("EHLO me.example"), "250");
    // RFC 2920: everything up to DATA in one write.
    c.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nRCPT TO:<>\r\nRCPT TO:<e@f.example>\r\nDATA\r\n");
    let codes: Vec<String> = (0..5).map(|_| c.reply()[..3].to_string()).collect();
    assert_eq!(codes, ["250", "250", "501", "250", "354"]);
    c.send("Subject: piped\r\n\r\n..dot\r\n.\r\nNOOP\r\n");
    assert!(c.reply().starts_with("250 2.0.0 OK"));
    assert_eq!(
        c.reply()[..3].to_string(),
        "250",
        "the NOOP after the message"
    );
    c.bye();
    let mail = smtp.wait_for_deliveries(1);
    assert_eq!(mail[0].rcpt, ["c@d.example", "e@f.example"]);
    assert_eq!(
        mail[0].data, b"Subject: piped\r\n\r\n.dot\r\n",
        "dot unstuffed"
    );
}

#[test]
fn auth_plain_and_login_log_in_and_stay_out_of_transcripts() {
    let smtp = start();
    let mut c = Client::new(&smtp);
    c.cmd("EHLO me.example");
    // \0puck\0goodfellow
    assert_eq!(c.code("AUTH PLAIN AHB1Y2sAZ29vZGZlbGxvdw=="), "235");
    assert_eq!(
        c.code("AUTH PLAIN AHB1Y2sAZ29vZGZlbGxvdw=="),
        "503",
        "already logged in"
    );
    c.bye();
    let mut c = Client::new(&smtp);
    c.cmd("EHLO me.example");
    assert_eq!(c.cmd("AUTH LOGIN"), "334 VXNlcm5hbWU6\r\n");
    assert_eq!(c.cmd("cHVjaw=="), "334 UGFzc3dvcmQ6\r\n");
    assert_eq!(c.code("Z29vZGZlbGxvdw=="), "235");
    c.bye();
    let mut c = Client::new(&smtp);
    c.cmd("EHLO me.example");
    assert_eq!(c.cmd("AUTH PLAIN"), "334 \r\n");
    assert_eq!(c.code("AHB1Y2sAd3Jvbmc="), "535", "wrong password");
    assert_eq!(c.code("AUTH CRAM-MD5"), "504");
    assert_eq!(c.code("AUTH LOGIN"), "334");
    assert_eq!(c.code("*"), "501", "cancelled");
    assert_eq!(c.code("AUTH LOGIN"), "334");
    assert_eq!(c.code("not base64!"), "501");
    c.bye();
    let transcript = smtp.stop();
    for rendered in [
        transcript.render(),
        transcript.render_with(&Redactor::secrets_only()),
    ] {
        for secret in [
            "goodfellow",
            "Z29vZGZlbGxvdw",
            "AHB1Y2sAZ29vZGZlbGxvdw",
            "AHB1Y2sAd3Jvbmc",
        ] {
            assert!(!rendered.contains(secret), "{secret} leaked:\n{rendered}");
        }
        assert!(rendered.contains("AUTH PLAIN <secret>"), "{rendered}");
    }
}

#[test]
fn login_can_be_required() {
    let smtp = start_with(SmtpOptions {
        limits: Limits {
            require_auth: true,
            ..Limits::default()
        },
        ..SmtpOptions::default()
    })
    .unwrap();
    let mut c = Client::new(&smtp);
    c.cmd("EHLO me.example");
    assert_eq!(c.code("MAIL FROM:<a@b.example>"), "530");
    c.bye();
}

#[test]
fn accounts_load_from_the_shared_fixture() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/mail/accounts.toml");
    let accounts = harness::smtp::Accounts::load(&path).unwrap();
    assert!(accounts.check("puck", "goodfellow").is_some());
    assert!(accounts.check("puck", "goodfellox").is_none());
    assert_eq!(accounts.mailbox_for("Bottom@Athens.example"), "bottom");
    assert_eq!(
        accounts.mailbox_for("Stranger.Guy+x@else.example"),
        "stranger.guy_x"
    );
    assert!(!format!("{accounts:?}").contains("goodfellow"));
}

mod properties {
    use chapter_07::smtp::auth::base64;
    use harness::smtp::Accounts;
    use harness::mail::sasl::{decode_base64, parse_plain};
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

        #[test]
        fn base64_decodes_what_chapter_6_encodes(bytes in prop::collection::vec(any::<u8>(), 0..100)) {
            prop_assert_eq!(decode_base64(base64(&bytes).as_bytes()), Some(bytes));
        }

        #[test]
        fn the_plain_decoder_never_panics(text in "[ -~]{0,60}") {
            let _ = parse_plain(text.as_bytes());
        }
    }
}
