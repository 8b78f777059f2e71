//! Tests of the `header_fold` exercise (filter `header_fold::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_07::exercises::header_fold::{LIMIT, encode_word, fold};
use mail_parser::MessageParser;
use proptest::prelude::*;

#[test]
fn short_headers_stay_on_one_line() {
    expect_eq!(fold("Subject", "Moonlight"), "Subject: Moonlight\r\n");
    expect_eq!(fold("Subject", "  two   words "), "Subject: two words\r\n");
}

#[test]
fn long_headers_fold_before_a_space() {
    let value =
        "Oberon <oberon@fairy.example>, Titania <titania@fairy.example>, Puck <puck@fairy.example>";
    let folded = fold("To", value);
    expect_eq!(
        folded,
        "To: Oberon <oberon@fairy.example>, Titania <titania@fairy.example>, Puck\r\n <puck@fairy.example>\r\n"
    );
    let long = "y".repeat(90);
    expect_eq!(
        fold("X", &format!("a {long}")),
        format!("X: a\r\n {long}\r\n")
    );
    let word = "z".repeat(75);
    expect_eq!(fold("Subject", &word), format!("Subject:\r\n {word}\r\n"));
}

#[test]
fn ascii_is_not_encoded() {
    expect_eq!(
        encode_word("Moonlight over Athens"),
        "Moonlight over Athens"
    );
}

#[test]
fn other_text_becomes_encoded_words() {
    expect_eq!(encode_word("Æsop"), "=?UTF-8?B?w4Zzb3A=?=");
    expect_eq!(encode_word("tab\there"), "=?UTF-8?B?dGFiCWhlcmU=?=");
    let words = encode_word(&"Ωμέγα ".repeat(20));
    assert!(words.split(' ').count() > 1);
    for w in words.split(' ') {
        assert!(
            w.len() <= 75 && w.starts_with("=?UTF-8?B?") && w.ends_with("?="),
            "{w}"
        );
    }
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn folded_encoded_subjects_parse_back(text in "\\PC{1,100}") {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assume!(!text.is_empty());
        let header = fold("Subject", &encode_word(&text));
        for line in header.split("\r\n") {
            prop_assert!(line.len() <= LIMIT);
        }
        let message = format!("{header}\r\nbody\r\n");
        let parsed = MessageParser::default().parse(message.as_bytes()).unwrap();
        prop_expect_eq!(parsed.subject(), Some(text.as_str()));
    }
}
