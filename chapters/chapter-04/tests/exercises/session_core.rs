//! `session_core`: the seed's session, driven with byte slices.

use chapter_04::exercises::session_core::{CharSession, Reply};
use proptest::prelude::*;

/// A reply as bytes to compare (`Send ajx\r\n`, `Quit`), so a wrong one
/// is shown as text with a caret, not as a list of byte values.
fn said(reply: Reply) -> Vec<u8> {
    match reply {
        Reply::Send(bytes) => [&b"Send "[..], &bytes].concat(),
        other => format!("{other:?}").into_bytes(),
    }
}

/// The reply that sends `s` and a CRLF, as [`said`] shows it.
fn send(s: &[u8]) -> Vec<u8> {
    let mut v = s.to_vec();
    v.extend_from_slice(b"\r\n");
    said(Reply::Send(v))
}

#[test]
fn answers_with_the_distinct_characters_so_far() {
    let mut s = CharSession::new();
    expect_eq!(said(s.on_line(b"ajx")), send(b"ajx"));
    expect_eq!(said(s.on_line(b"bky")), send(b"abjkxy"));
    expect_eq!(said(s.on_line(b"clz")), send(b"abcjklxyz"));
}

#[test]
fn skips_spaces_and_control_bytes_but_keeps_high_bytes() {
    let mut s = CharSession::new();
    expect_eq!(said(s.on_line(b"b a\t\x01!\xff\x80")), send(b"!ab\x80\xff"));
    expect_eq!(said(s.on_line(b"")), send(b"!ab\x80\xff"));
}

#[test]
fn quit_and_shutdown_are_commands_only_as_whole_lines() {
    let mut s = CharSession::new();
    expect_eq!(said(s.on_line(b".quit")), said(Reply::Quit));
    expect_eq!(said(s.on_line(b".shutdown")), said(Reply::Shutdown));
    expect_eq!(said(s.on_line(b".quit!")), send(b"!.iqtu"));
}

#[test]
fn sessions_are_independent() {
    let (mut a, mut b) = (CharSession::new(), CharSession::new());
    a.on_line(b"abc");
    expect_eq!(said(b.on_line(b"z")), send(b"z"));
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn the_reply_is_the_sorted_set_of_visible_bytes(lines in prop::collection::vec(harness::strategies::bytes(0..40), 1..6)) {
        let mut s = CharSession::new();
        let mut all = std::collections::BTreeSet::new();
        for line in &lines {
            if line == b".quit" || line == b".shutdown" { continue; }
            all.extend(line.iter().copied().filter(|&b| b >= 33));
            let want: Vec<u8> = all.iter().copied().collect();
            prop_expect_eq!(said(s.on_line(line)), send(&want));
        }
    }
}
