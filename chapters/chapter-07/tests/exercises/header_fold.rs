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
    // A line of exactly LIMIT characters stays whole; one more folds.
    let a = "a".repeat(70);
    expect_eq!(fold("X", &format!("{a} bbbb")), format!("X: {a} bbbb\r\n"));
    expect_eq!(
        fold("X", &format!("{a} bbbbb")),
        format!("X: {a}\r\n bbbbb\r\n")
    );
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
    // 220 bytes of UTF-8: several words, each whole and short enough.
    let words = encode_word(&"Ωμέγα ".repeat(20));
    let wrong: Vec<String> = words
        .split(' ')
        .filter(|w| w.len() > 75 || !w.starts_with("=?UTF-8?B?") || !w.ends_with("?="))
        .map(|w| format!("{w} ({} characters)", w.len()))
        .collect();
    expect_eq!(
        wrong,
        Vec::<String>::new(),
        "encoded words that are not =?UTF-8?B?…?= of at most 75 characters"
    );
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn folded_encoded_subjects_parse_back(text in "\\PC{1,100}") {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assume!(!text.is_empty());
        let header = fold("Subject", &encode_word(&text));
        let long: Vec<&str> = header.split("\r\n").filter(|l| l.len() > LIMIT).collect();
        prop_expect_eq!(long, Vec::<&str>::new(), "lines over {LIMIT} characters");
        let message = format!("{header}\r\nbody\r\n");
        let parsed = MessageParser::default().parse(message.as_bytes()).unwrap();
        prop_expect_eq!(parsed.subject(), Some(text.as_str()));
    }
}
