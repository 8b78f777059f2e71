//! Tests of the `query_packet` exercise (filter `query_packet::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_01::dns::{Message, RecordType, WireError};
use chapter_01::exercises::query_packet::{encode_labels, query};
use proptest::prelude::*;

#[test]
fn encodes_labels_and_the_root() {
    let mut out = Vec::new();
    expect_eq!(encode_labels("www.example.org", &mut out), Ok(()));
    expect_eq!(out, b"\x03www\x07example\x03org\x00");
    for root in ["", "."] {
        let mut out = Vec::new();
        expect_eq!(encode_labels(root, &mut out), Ok(()), "the root {root:?}");
        expect_eq!(out, [0], "the root {root:?} is one zero byte");
    }
    let mut out = Vec::new();
    expect_eq!(
        encode_labels("example.org.", &mut out),
        Ok(()),
        "a final dot"
    );
    expect_eq!(
        out,
        b"\x07example\x03org\x00",
        "a final dot changes nothing"
    );
}

#[test]
fn builds_the_golden_query() {
    expect_eq!(
        query(0x1234, "www.example.org", RecordType::A).unwrap(),
        crate::common::GOLDEN_QUERY
    );
    let aaaa = query(0xbeef, "x.test", RecordType::Aaaa).unwrap();
    expect_eq!(&aaaa[..2], &[0xbe, 0xef]);
    expect_eq!(&aaaa[aaaa.len() - 4..], &[0, 28, 0, 1]);
}

#[test]
fn rejects_bad_labels() {
    // `.err()`: a packet built by mistake would print as numbers.
    let long = "a".repeat(64);
    expect_eq!(
        query(1, &format!("{long}.test"), RecordType::A).err(),
        Some(WireError::BadLabelText(long)),
        "a label of 64 bytes"
    );
    expect_eq!(
        query(1, "a..b", RecordType::A).err(),
        Some(WireError::BadLabelText(String::new())),
        "an empty label"
    );
    let huge = vec!["abcdefghij"; 30].join(".");
    expect_eq!(
        query(1, &huge, RecordType::A).err(),
        Some(WireError::NameTooLong),
        "a name of 331 bytes on the wire"
    );
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn hickory_reads_what_we_build(id: u16, name in crate::common::dns_name()) {
        use hickory_proto::op::Message as Hickory;
        let bytes = query(id, &name, RecordType::A).unwrap();
        let m = Hickory::from_vec(&bytes).unwrap();
        prop_expect_eq!(m.metadata.id, id);
        prop_assert!(m.metadata.recursion_desired);
        let asked = m.queries[0].name().to_ascii();
        prop_expect_eq!(asked.trim_end_matches('.'), name.as_str());
        let ours = Message::parse(&bytes).unwrap();
        prop_expect_eq!(&ours.questions[0].name, &name);
    }
}
