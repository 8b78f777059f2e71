//! Mail headers: chapter 8's header parser (library and solution) and RFC
//! 2047 decoding, checked against chapter 7's folding and encoded words
//! (library and solution): what one chapter writes the other must read
//! back; and the harness's own small header reader.
//!
//! # Layout
//! [`TARGETS`]; one function per target.

use chapter_07::exercises::header_fold;
use chapter_07::message::header::{FOLD_AT, encode_words, fold};
use chapter_08::exercises::top_headers::unfold_headers;
use chapter_08::headers::{decode_words, get, parse, split_message};

use super::Target;
use crate::check::{Outcome, same};
use crate::corpus::Kind;
use crate::ensure;
use crate::make::Rng;
use crate::words::{COMMON, MIME};

/// The mail header targets.
pub const TARGETS: &[Target] = &[
    Target::new(
        "mail-headers",
        "chapter 8's headers::parse vs the top_headers solution",
        &[Kind::Mail],
        &[MIME, COMMON],
        headers,
    ),
    Target::new(
        "rfc2047-decode",
        "decode_words on hostile values: bounded, plain text unchanged, shown without controls",
        &[Kind::Mail],
        &[MIME, COMMON],
        decode,
    ),
    Target::new(
        "encoded-words",
        "chapter 8 decodes what chapter 7 encodes (library and solution)",
        &[Kind::Mail, Kind::Text],
        &[MIME, COMMON],
        encoded_words,
    ),
    Target::new(
        "header-fold",
        "chapter 7's fold (and its solution): short lines, chapter 8 unfolds it back",
        &[Kind::Mail],
        &[MIME, COMMON],
        folding,
    ),
    Target::new(
        "harness-mail-parse",
        "the harness's header reader on hostile messages",
        &[Kind::Mail],
        &[MIME, COMMON],
        harness_parse,
    ),
];

fn headers(input: &[u8], _: &mut Rng) -> Outcome {
    let (head, body) = split_message(input);
    ensure!(
        head.len() + body.len() == input.len(),
        "split_message lost bytes"
    );
    let lib = parse(input);
    // The solution takes any name without blanks; the library only visible
    // ASCII. Compare on printable ASCII text, under the library's cap.
    let lone_cr = input
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && input.get(i + 1) != Some(&b'\n'));
    let printable = !lone_cr
        && input
            .iter()
            .all(|&b| (0x20..0x7f).contains(&b) || b"\t\r\n".contains(&b));
    if printable && lib.len() < chapter_08::headers::MAX_HEADERS {
        let lib: Vec<(String, String)> = lib
            .iter()
            .map(|h| (h.name.to_ascii_lowercase(), h.value.trim_end().to_string()))
            .collect();
        same("headers, library vs solution", &lib, &unfold_headers(input))?;
    }
    Ok(())
}

fn decode(input: &[u8], _: &mut Rng) -> Outcome {
    let value = String::from_utf8_lossy(input);
    let decoded = decode_words(&value);
    ensure!(
        decoded.len() <= 3 * value.len() + 16,
        "{} bytes decoded from {}",
        decoded.len(),
        value.len()
    );
    if !value.contains("=?") {
        same(
            "a value without encoded words",
            &decoded,
            &value.to_string(),
        )?;
    }
    // What a program shows: no control character survives decoding.
    let fields = parse(format!("Subject: {}\r\n\r\n", value.replace(['\r', '\n'], " ")).as_bytes());
    if let Some(shown) = get(&fields, "subject") {
        ensure!(
            !shown.chars().any(|c| c.is_control() && c != '\t'),
            "headers::get showed a control character: {shown:?}"
        );
    }
    Ok(())
}

fn encoded_words(input: &[u8], _: &mut Rng) -> Outcome {
    let text = String::from_utf8_lossy(input);
    let lib = encode_words(&text);
    ensure!(
        lib.is_ascii() && !lib.contains(['\r', '\n']),
        "encode_words gave {lib:?}"
    );
    same(
        "decode_words(encode_words(text))",
        &decode_words(&lib),
        &text.to_string(),
    )?;
    let sol = header_fold::encode_word(&text);
    same(
        "decode_words(the encode_word solution)",
        &decode_words(&sol),
        &text.to_string(),
    )
}

fn folding(input: &[u8], _: &mut Rng) -> Outcome {
    let value = String::from_utf8_lossy(input);
    let folded = fold("Subject", &value);
    same(
        "fold, library vs solution",
        &folded,
        &header_fold::fold("Subject", &value),
    )?;
    for line in folded.split("\r\n") {
        let alone = !line.trim_start().contains(' ');
        ensure!(
            line.len() <= FOLD_AT || alone,
            "a {} byte line that could fold: {line:?}",
            line.len()
        );
    }
    let words: Vec<&str> = value.split_whitespace().collect();
    let unfolded = parse(folded.as_bytes());
    let got = unfolded.first().map(|h| h.value.trim().to_string());
    let want = (!words.is_empty()).then(|| words.join(" "));
    same(
        "unfolded by chapter 8",
        &got.filter(|v| !v.is_empty()),
        &want,
    )
}

fn harness_parse(input: &[u8], _: &mut Rng) -> Outcome {
    let parsed = harness::smtp::parse::parse(input);
    ensure!(
        parsed.body.len() <= input.len(),
        "a body longer than the message"
    );
    let _ = (parsed.get("subject"), parsed.all("received"));
    Ok(())
}
