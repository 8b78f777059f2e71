//! The harness's fake SMTP server, spoken to through the harness's own
//! test client: command order (503), syntax (500, 501, 555), line limits
//! (RFC 5321 §4.5.3.1), pipelining, both AUTH mechanisms, SIZE, secrets
//! kept out of transcripts (the protocol core alone: `smtp_session.rs`).
//! Chapter 7 teaches the client side; these tests need none of its code.

use harness::mail::{Accounts, Reply, SmtpClient};
use harness::smtp::{FakeSmtp, Limits, SmtpOptions, start, start_with};
use harness::transcript::Redactor;

/// A connection that has read the greeting.
fn client(smtp: &FakeSmtp) -> SmtpClient {
    let (c, greeting) = SmtpClient::connect(smtp.addr()).unwrap();
    assert_eq!(greeting.code, 220, "{greeting:?}");
    c
}

/// Every line of `reply` ends in CRLF (RFC 5321 §2.3.8).
fn crlf(reply: Reply) -> Reply {
    let lines = reply.raw.split_inclusive('\n');
    assert!(lines.clone().all(|l| l.ends_with("\r\n")), "{reply:?}");
    reply
}

/// Sends `line`; the whole reply.
fn cmd(c: &mut SmtpClient, line: &str) -> String {
    crlf(c.command(line).unwrap()).raw
}

/// Sends `line`; the reply's code.
fn code(c: &mut SmtpClient, line: &str) -> u16 {
    crlf(c.command(line).unwrap()).code
}

/// Reads one more reply; its code.
fn next_code(c: &mut SmtpClient) -> u16 {
    crlf(c.reply().unwrap()).code
}

fn start_limited(limits: Limits) -> FakeSmtp {
    start_with(SmtpOptions {
        limits,
        ..SmtpOptions::default()
    })
    .unwrap()
}

#[test]
fn ehlo_advertises_the_extensions() {
    let smtp = start();
    let mut c = client(&smtp);
    let reply = cmd(&mut c, "EHLO me.example");
    for ext in [
        "250-SIZE 10485760",
        "250-8BITMIME",
        "250-PIPELINING",
        "AUTH PLAIN LOGIN",
    ] {
        assert!(reply.contains(ext), "{ext} missing from {reply}");
    }
    c.hang_up();
}

/// Sends each command in turn; each reply must have its code (the third
/// item says why, for the failure message).
fn expect_codes(c: &mut SmtpClient, script: &[(&str, u16, &str)]) {
    for &(line, want, why) in script {
        assert_eq!(code(c, line), want, "{line:?}: {why}");
    }
}

#[test]
fn commands_out_of_order_get_503() {
    let smtp = start();
    let mut c = client(&smtp);
    let mail = "MAIL FROM:<a@b.example>";
    let rcpt = "RCPT TO:<a@b.example>";
    expect_codes(
        &mut c,
        &[
            (mail, 503, "MAIL before EHLO"),
            ("EHLO me.example", 250, ""),
            (rcpt, 503, "RCPT before MAIL"),
            ("DATA", 503, "DATA before MAIL"),
            (mail, 250, ""),
            (mail, 503, "nested MAIL"),
            ("DATA", 554, "no valid recipients"),
            ("AUTH PLAIN", 503, "AUTH in a transaction"),
            ("RSET", 250, ""),
            (rcpt, 503, "RSET ended the transaction"),
            ("QUIT", 221, ""),
        ],
    );
}

#[test]
fn bad_syntax_gets_500_501_and_555() {
    let smtp = start();
    let mut c = client(&smtp);
    expect_codes(
        &mut c,
        &[
            ("FROB", 500, "unknown command"),
            ("", 500, "empty line"),
            ("EHLO", 501, "EHLO needs a domain"),
            ("HELO me.example", 250, ""),
            ("AUTH PLAIN", 503, "AUTH needs EHLO"),
            ("MAIL FROM:a@b.example", 501, "no angle brackets"),
            ("MAIL FROM:<a@b.example> FOO=1", 555, "unknown parameter"),
            ("MAIL FROM:<>", 250, "the null reverse path"),
            ("RCPT TO:<>", 501, "an empty recipient"),
            ("RCPT TO:<no-at-sign>", 501, "no domain"),
            ("RCPT TO:<Postmaster>", 250, "postmaster needs no domain"),
            ("DATA now", 501, "DATA takes no argument"),
        ],
    );
    c.hang_up();
}

#[test]
fn line_limits_are_enforced() {
    let smtp = start_limited(Limits {
        max_size: 2000,
        ..Limits::default()
    });
    let mut c = client(&smtp);
    let long = format!("NOOP {}", "x".repeat(600));
    assert_eq!(code(&mut c, &long), 500, "a command line over 512 octets");
    assert_eq!(code(&mut c, "NOOP"), 250, "the long line's rest skipped");
    let path = format!("MAIL FROM:<{}@b.example>", "a".repeat(300));
    assert_eq!(code(&mut c, "EHLO me.example"), 250);
    assert_eq!(code(&mut c, &path), 501, "a path over 256 octets");
    assert_eq!(code(&mut c, "MAIL FROM:<a@b.example> SIZE=5000"), 552);
    assert_eq!(code(&mut c, "MAIL FROM:<a@b.example> SIZE=100"), 250);
    assert_eq!(code(&mut c, "RCPT TO:<c@d.example>"), 250);
    assert_eq!(code(&mut c, "DATA"), 354);
    c.send(format!("{}\r\n.\r\n", "y".repeat(1200)).as_bytes())
        .unwrap();
    assert_eq!(next_code(&mut c), 500, "a text line over 1000 octets");
    assert_eq!(code(&mut c, "MAIL FROM:<a@b.example>"), 250);
    assert_eq!(code(&mut c, "RCPT TO:<c@d.example>"), 250);
    assert_eq!(code(&mut c, "DATA"), 354);
    c.send(format!("{}\r\n.\r\n", "z\r\n".repeat(1000)).as_bytes())
        .unwrap();
    assert_eq!(next_code(&mut c), 552, "more than SIZE allows");
    c.hang_up();
    assert!(smtp.deliveries().is_empty());
}

#[test]
fn pipelined_commands_are_answered_in_order() {
    let smtp = start();
    let mut c = client(&smtp);
    assert_eq!(code(&mut c, "EHLO me.example"), 250);
    // RFC 2920: everything up to DATA in one write.
    c.send(b"MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nRCPT TO:<>\r\nRCPT TO:<e@f.example>\r\nDATA\r\n")
        .unwrap();
    let codes: Vec<u16> = (0..5).map(|_| next_code(&mut c)).collect();
    assert_eq!(codes, [250, 250, 501, 250, 354]);
    c.send(b"Subject: piped\r\n\r\n..dot\r\n.\r\nNOOP\r\n")
        .unwrap();
    let done = crlf(c.reply().unwrap());
    assert!(done.raw.starts_with("250 2.0.0 OK"), "{done:?}");
    assert_eq!(next_code(&mut c), 250, "the NOOP after the message");
    c.hang_up();
    let mail = smtp.wait_for_deliveries(1);
    assert_eq!(mail[0].rcpt, ["c@d.example", "e@f.example"]);
    assert_eq!(mail[0].data, b"Subject: piped\r\n\r\n.dot\r\n", "unstuffed");
}

/// Both mechanisms, right and wrong: PLAIN with an initial response,
/// LOGIN step by step, PLAIN after an empty challenge, cancelling, junk.
fn log_in_every_way(smtp: &FakeSmtp) {
    let mut c = client(smtp);
    cmd(&mut c, "EHLO me.example");
    // \0puck\0goodfellow
    assert_eq!(code(&mut c, "AUTH PLAIN AHB1Y2sAZ29vZGZlbGxvdw=="), 235);
    let again = code(&mut c, "AUTH PLAIN AHB1Y2sAZ29vZGZlbGxvdw==");
    assert_eq!(again, 503, "already logged in");
    c.hang_up();
    let mut c = client(smtp);
    cmd(&mut c, "EHLO me.example");
    assert_eq!(cmd(&mut c, "AUTH LOGIN"), "334 VXNlcm5hbWU6\r\n");
    assert_eq!(cmd(&mut c, "cHVjaw=="), "334 UGFzc3dvcmQ6\r\n");
    assert_eq!(code(&mut c, "Z29vZGZlbGxvdw=="), 235);
    c.hang_up();
    let mut c = client(smtp);
    cmd(&mut c, "EHLO me.example");
    assert_eq!(cmd(&mut c, "AUTH PLAIN"), "334 \r\n");
    assert_eq!(code(&mut c, "AHB1Y2sAd3Jvbmc="), 535, "wrong password");
    assert_eq!(code(&mut c, "AUTH CRAM-MD5"), 504);
    assert_eq!(code(&mut c, "AUTH LOGIN"), 334);
    assert_eq!(code(&mut c, "*"), 501, "cancelled");
    assert_eq!(code(&mut c, "AUTH LOGIN"), 334);
    assert_eq!(code(&mut c, "not base64!"), 501);
    c.hang_up();
}

#[test]
fn auth_plain_and_login_log_in_and_stay_out_of_transcripts() {
    let smtp = start();
    log_in_every_way(&smtp);
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
    let smtp = start_limited(Limits {
        require_auth: true,
        ..Limits::default()
    });
    let mut c = client(&smtp);
    cmd(&mut c, "EHLO me.example");
    assert_eq!(code(&mut c, "MAIL FROM:<a@b.example>"), 530);
    c.hang_up();
}

#[test]
fn a_message_sent_by_the_client_is_delivered_unstuffed() {
    let smtp = start();
    let mut c = client(&smtp);
    assert_eq!(c.login("puck", "goodfellow").unwrap().code, 235);
    let text = "Subject: dots\n\n.leading\n..two\nend\n";
    let done = c.send_mail("puck@fairy.example", &["oberon@fairy.example"], text);
    assert_eq!(done.unwrap().code, 250);
    assert_eq!(c.quit().unwrap().code, 221);
    let mail = smtp.wait_for_deliveries(1);
    assert_eq!(
        mail[0].data,
        b"Subject: dots\r\n\r\n.leading\r\n..two\r\nend\r\n"
    );
    assert_eq!(mail[0].user.as_deref(), Some("puck"));
}

/// Memory holds only the newest deliveries, by count and by bytes; the
/// count of accepted messages (and the queue ids) go on.
#[test]
fn only_the_newest_deliveries_stay_in_memory() {
    let smtp = start_limited(Limits {
        keep_messages: 3,
        keep_bytes: 2500,
        ..Limits::default()
    });
    let mut c = client(&smtp);
    cmd(&mut c, "EHLO me.example");
    for i in 1..=5 {
        let text = format!(
            "Subject: {i}\n\n{}",
            format!("{}\n", "x".repeat(99)).repeat(10)
        );
        let done = c.send_mail("a@b.example", &["c@d.example"], &text).unwrap();
        assert!(done.raw.contains(&format!("queued as {i:04}")), "{done:?}");
    }
    let kept = smtp.wait_for_deliveries(5);
    assert_eq!(smtp.accepted(), 5);
    let subjects: Vec<String> = kept
        .iter()
        .map(|d| String::from_utf8_lossy(&d.data[..10]).into_owned())
        .collect();
    assert_eq!(
        subjects,
        ["Subject: 4", "Subject: 5"],
        "2 of 1 KB fit in 2500 bytes"
    );
    let few = start_limited(Limits {
        keep_messages: 3,
        ..Limits::default()
    });
    let mut c = client(&few);
    cmd(&mut c, "EHLO me.example");
    for _ in 0..5 {
        c.send_mail("a@b.example", &["c@d.example"], "Subject: s\n\nhi\n")
            .unwrap();
    }
    assert_eq!(few.wait_for_deliveries(5).len(), 3, "by count");
}

#[test]
fn accounts_load_from_the_shared_fixture() {
    let path = harness::pop3::fixtures_dir().join("accounts.toml");
    let accounts = Accounts::load(&path).unwrap();
    assert!(accounts.check("puck", "goodfellow").is_some());
    assert!(accounts.check("puck", "goodfellox").is_none());
    assert_eq!(accounts.mailbox_for("Bottom@Athens.example"), "bottom");
    assert_eq!(
        accounts.mailbox_for("Stranger.Guy+x@else.example"),
        "stranger.guy_x"
    );
    assert!(!format!("{accounts:?}").contains("goodfellow"));
}

#[test]
fn a_silent_client_is_told_421_before_the_close() {
    let smtp = start_with(SmtpOptions {
        config: harness::peer::PeerConfig {
            io_timeout: std::time::Duration::from_millis(200),
            ..Default::default()
        },
        ..SmtpOptions::default()
    })
    .unwrap();
    let (mut c, greeting) = SmtpClient::connect(smtp.addr()).unwrap();
    assert_eq!(greeting.code, 220);
    // Nothing sent: past the timeout the server says why it closes (RFC
    // 5321 §4.5.3.2, with 421 as §3.8 has it).
    let bye = c.reply().unwrap();
    assert_eq!(bye.code, 421, "{bye:?}");
    assert!(bye.text().contains("Timeout"), "{bye:?}");
}
