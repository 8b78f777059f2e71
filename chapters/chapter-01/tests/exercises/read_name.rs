//! Tests of the `read_name` exercise (filter `read_name::`): each calls the
//! learner's code, so each fails on the untouched stub.

use std::time::Duration;

use chapter_01::dns::WireError;
use chapter_01::exercises::read_name::read_name;
use proptest::prelude::*;

/// Long enough for a few bytes on a loaded machine; a reader that follows
/// pointers without a loop check never returns.
const LIMIT: Duration = Duration::from_secs(1);

/// `read_name(msg, offset)` on a thread, failing the test if it has not
/// returned within [`LIMIT`]: it went round a loop of pointers.
fn read_name_within(msg: &'static [u8], offset: usize) -> Result<(String, usize), WireError> {
    harness::failure::within(LIMIT, move || read_name(msg, offset)).unwrap_or_else(|blocked| {
        panic!(
            "read_name(b\"{}\", {offset}) {blocked}: it went round the loop forever \
             (no loop check?)",
            harness::failure::escape(msg)
        )
    })
}

/// Fails unless `got` is a `PointerLoop` error, showing what it was.
fn expect_pointer_loop(got: Result<(String, usize), WireError>, what: &str) {
    assert!(
        matches!(got, Err(WireError::PointerLoop { .. })),
        "{what}:\n  expected: Err(PointerLoop {{ .. }})\n  actual:   {got:?}"
    );
}

#[test]
fn reads_a_plain_name() {
    let msg = b"\x03www\x07example\x03org\x00rest";
    expect_eq!(read_name(msg, 0).unwrap(), ("www.example.org".into(), 17));
    expect_eq!(read_name(b"\x00", 0).unwrap(), (String::new(), 1));
}

#[test]
fn follows_compression_pointers() {
    let (msg, offsets) = crate::common::compressed_names();
    // "web.example.org" is written as "3web" + pointer to "example.org".
    expect_eq!(
        read_name(&msg, offsets[1]).unwrap(),
        ("web.example.org".into(), offsets[1] + 6)
    );
    // A name that is only a pointer ends two bytes after its start.
    expect_eq!(
        read_name(&msg, offsets[2]).unwrap(),
        ("www.example.org".into(), offsets[2] + 2)
    );
    // A pointer to a pointer.
    expect_eq!(
        read_name(&msg, offsets[3]).unwrap(),
        ("www.example.org".into(), offsets[3] + 2)
    );
}

#[test]
fn refuses_loops_and_overruns() {
    expect_pointer_loop(read_name_within(b"\xc0\x00", 0), "a pointer to itself");
    expect_pointer_loop(
        read_name_within(b"\x00\x00\xc0\x04\xc0\x02", 4),
        "two pointers pointing at each other",
    );
    expect_pointer_loop(
        read_name_within(b"\x01a\xc0\x00", 0),
        "a label then a pointer back to the label",
    );
    expect_eq!(read_name(b"\x05ab", 0), Err(WireError::Truncated(3)));
    expect_eq!(read_name(b"\x03abc", 0), Err(WireError::Truncated(4)));
    expect_eq!(read_name(b"\xc0", 0), Err(WireError::Truncated(1)));
    expect_eq!(read_name(b"", 0), Err(WireError::Truncated(0)));
    expect_eq!(read_name(b"\x40abc", 0), Err(WireError::BadLabel(0)));
}

#[test]
fn refuses_names_over_255_bytes() {
    let mut msg = Vec::new();
    for _ in 0..5 {
        msg.push(63);
        msg.extend_from_slice(&[b'a'; 63]);
    }
    msg.push(0);
    expect_eq!(read_name(&msg, 0), Err(WireError::NameTooLong));
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn never_panics(bytes in harness::strategies::bytes(0..300), at in 0usize..300) {
        let _ = read_name(&bytes, at);
    }

    #[test]
    fn agrees_with_the_library(bytes in harness::strategies::bytes(0..80)) {
        // Every prefix too: random bytes seldom stop right where a name
        // runs out, the odd input readers most often get wrong.
        for cut in 0..=bytes.len() {
            let msg = &bytes[..cut];
            let ours = read_name(msg, 0).map(|(_, end)| end);
            let lib = chapter_01::dns::name::read_name(msg, 0).map(|(_, end)| end);
            let call = format!("read_name(b\"{}\", 0)", harness::failure::escape(msg));
            prop_expect_eq!(ours.is_ok(), lib.is_ok(), "{call}: Ok or not, as in the library");
            if let (Ok(a), Ok(b)) = (ours, lib) {
                prop_expect_eq!(a, b, "{call}: the end offset, as in the library");
            }
        }
    }
}
