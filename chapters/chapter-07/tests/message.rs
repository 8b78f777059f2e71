//! The message builder: golden bytes for the seed's message, headers
//! (folding, encoded words, no Bcc), dates, MIME parts, and the parsed
//! result checked with the `mail-parser` crate.

mod common;

use chapter_07::message::date::{Stamp, rfc5322_date};
use chapter_07::message::header::{FOLD_AT, encode_words, fold};
use chapter_07::message::mime::{Attachment, TextEncoding};
use chapter_07::message::{Mailbox, Message};
use common::{MIDSUMMER, fixed_moonlight, fixtures};
use mail_parser::{MessageParser, MimeHeaders};
use proptest::prelude::*;

#[test]
fn moonlight_matches_the_fixture_byte_for_byte() {
    // The fake POP3 server serves this file: it must not follow our output.
    let actual = fixed_moonlight().to_bytes();
    harness::golden::assert_matches(fixtures().join("mail/oberon/0001.eml"), actual);
}

#[test]
fn bcc_is_in_the_envelope_and_in_no_header() {
    let m = fixed_moonlight();
    let env = m.envelope();
    assert_eq!(env.from, "puck@fairy.example");
    assert_eq!(
        env.rcpt,
        [
            "oberon@fairy.example",
            "titania@fairy.example",
            "william@globe.example",
            "bottom@athens.example"
        ]
    );
    let text = String::from_utf8(m.to_bytes()).unwrap();
    assert!(!text.to_ascii_lowercase().contains("bcc"), "{text}");
    assert!(!text.contains("bottom"), "{text}");
}

#[test]
fn envelope_lists_each_address_once() {
    let m = Message::new(Mailbox::new("A", "a@x.example"), "s")
        .to(Mailbox::new("B", "b@x.example"))
        .cc(Mailbox::new("B again", "B@X.example"))
        .bcc(Mailbox::new("", "b@x.example"));
    assert_eq!(m.envelope().rcpt, ["b@x.example"]);
}

#[test]
fn dates_follow_rfc5322() {
    assert_eq!(rfc5322_date(MIDSUMMER), "Sun, 21 Jun 2026 00:30:00 +0000");
    let epoch = Stamp {
        unix: 0,
        offset_minutes: -330,
    };
    assert_eq!(rfc5322_date(epoch), "Wed, 31 Dec 1969 18:30:00 -0530");
    let leap = Stamp {
        unix: 951_782_400,
        offset_minutes: 60,
    };
    assert_eq!(rfc5322_date(leap), "Tue, 29 Feb 2000 01:00:00 +0100");
}

#[test]
fn long_headers_fold_before_spaces() {
    let value = "word ".repeat(40);
    let folded = fold("Subject", &value);
    for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(line.len() <= FOLD_AT, "{line:?} is longer than {FOLD_AT}");
    }
    assert!(folded.contains("\r\n word"));
    assert_eq!(
        folded.replace("\r\n", ""),
        format!("Subject: {}", value.trim())
    );
}

#[test]
fn a_word_longer_than_a_line_sits_alone() {
    let long = "x".repeat(100);
    assert_eq!(
        fold("To", &format!("a {long} b")),
        format!("To: a\r\n {long}\r\n b\r\n")
    );
}

#[test]
fn ascii_stays_readable_and_other_text_is_encoded() {
    assert_eq!(encode_words("Moonlight"), "Moonlight");
    assert_eq!(encode_words("Titania"), "Titania");
    assert_eq!(encode_words("Æsop"), "=?UTF-8?B?w4Zzb3A=?=");
    let long = "ü".repeat(60);
    for word in encode_words(&long).split(' ') {
        assert!(word.len() <= 75, "{word} is too long");
    }
}

#[test]
fn names_with_specials_are_quoted() {
    assert_eq!(
        Mailbox::new("Shakespeare, William", "w@globe.example").to_header(),
        "\"Shakespeare, William\" <w@globe.example>"
    );
    assert_eq!(
        Mailbox::new("", "w@globe.example").to_header(),
        "<w@globe.example>"
    );
}

/// A message with a non-ASCII name, subject and body.
fn unicode_message(encoding: TextEncoding) -> Message {
    Message::new(
        Mailbox::new("Pück Gööd-fellow", "puck@fairy.example"),
        "Mondschein — Ελληνικά",
    )
    .to(Mailbox::new("Titania", "titania@fairy.example"))
    .date(MIDSUMMER)
    .message_id(MIDSUMMER, 7, "fairy.example")
    .text("Grüße vom Mond\n.a dot line\n", encoding)
}

#[test]
fn encoded_headers_and_8bit_text_parse_back() {
    let bytes = unicode_message(TextEncoding::EightBit).to_bytes();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("Content-Transfer-Encoding: 8bit"), "{text}");
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(parsed.subject(), Some("Mondschein — Ελληνικά"));
    let from = parsed.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Pück Gööd-fellow"));
    assert_eq!(
        parsed.body_text(0).unwrap(),
        "Grüße vom Mond\r\n.a dot line\r\n"
    );
}

#[test]
fn quoted_printable_text_parses_back() {
    let bytes = unicode_message(TextEncoding::QuotedPrintable).to_bytes();
    assert!(bytes.is_ascii(), "a QP message is 7-bit");
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        parsed.body_text(0).unwrap(),
        "Grüße vom Mond\r\n.a dot line\r\n"
    );
}

#[test]
fn a_very_long_line_forces_quoted_printable() {
    let m = Message::new(Mailbox::new("P", "p@x.example"), "long")
        .text(&"a".repeat(2000), TextEncoding::EightBit);
    let bytes = m.to_bytes();
    assert!(String::from_utf8_lossy(&bytes).contains("quoted-printable"));
    assert!(bytes.split(|&b| b == b'\n').all(|l| l.len() <= 78));
}

#[test]
fn attachments_travel_in_base64_and_parse_back() {
    let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    let m = fixed_moonlight().attach(Attachment {
        filename: "moon.bin".into(),
        content_type: "application/octet-stream".into(),
        data: data.clone(),
    });
    let bytes = m.to_bytes();
    assert!(
        bytes.split(|&b| b == b'\n').all(|l| l.len() <= 78),
        "base64 lines are wrapped"
    );
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(parsed.attachment_count(), 1);
    let a = parsed.attachment(0).unwrap();
    assert_eq!(a.attachment_name(), Some("moon.bin"));
    assert_eq!(a.contents(), &data[..]);
    assert!(
        parsed
            .body_text(0)
            .unwrap()
            .starts_with("Now the hungry lion roars,")
    );
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn folding_keeps_the_words_and_the_limit(words in prop::collection::vec("[!-~]{1,30}", 0..40)) {
        let value = words.join(" ");
        let folded = fold("X-Test", &value);
        prop_assert!(folded.ends_with("\r\n"));
        for line in folded.split("\r\n") {
            prop_assert!(line.len() <= FOLD_AT);
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n", "");
        let expected = if value.is_empty() { "X-Test:".to_string() } else { format!("X-Test: {value}") };
        prop_assert_eq!(unfolded, expected);
    }

    #[test]
    fn any_subject_parses_back(subject in "\\PC{1,120}") {
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assume!(!subject.is_empty());
        let m = Message::new(Mailbox::new("P", "p@x.example"), &subject).text("hi", TextEncoding::EightBit);
        let bytes = m.to_bytes();
        let parsed = MessageParser::default().parse(&bytes).unwrap();
        prop_assert_eq!(parsed.subject(), Some(subject.as_str()));
    }
}

#[test]
fn the_harness_reads_our_folded_headers_back() {
    let to: Vec<Mailbox> = (0..8)
        .map(|i| Mailbox::new(&format!("Fairy {i}"), &format!("fairy{i}@fairy.example")))
        .collect();
    let m = to.iter().fold(
        Message::new(Mailbox::new("Puck", "puck@fairy.example"), "Moonlight"),
        |m, r| m.to(r.clone()),
    );
    let bytes = m.to_bytes();
    assert!(
        String::from_utf8_lossy(&bytes).contains("\r\n "),
        "the To: line is folded"
    );
    let parsed = harness::smtp::parse::parse(&bytes);
    let expected: Vec<String> = to.iter().map(Mailbox::to_header).collect();
    assert_eq!(parsed.get("To"), Some(expected.join(", ").as_str()));
}
