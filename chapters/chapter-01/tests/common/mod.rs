//! Test data shared by the chapter's test files: golden packets, record
//! builders, a DNS-name strategy, and RFC 3986's §5.4 examples.
#![allow(dead_code)] // each test file uses only some of these

use chapter_01::dns::{CLASS_IN, RData, Record, RecordType};
use proptest::prelude::*;

/// `dig`-style query for `www.example.org` A, id 0x1234, RD set.
pub const GOLDEN_QUERY: &[u8] = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\
\x03www\x07example\x03org\x00\x00\x01\x00\x01";

/// A buffer with four names, and where each starts: `www.example.org`
/// in full, `web` + pointer, a bare pointer, a pointer to that pointer.
pub fn compressed_names() -> (Vec<u8>, [usize; 4]) {
    let mut msg = vec![0u8; 12]; // pretend header, so offsets look real
    let first = msg.len();
    msg.extend_from_slice(b"\x03www\x07example\x03org\x00");
    let second = msg.len();
    msg.extend_from_slice(b"\x03web\xc0\x10"); // 0x10 = 16: "example.org"
    let third = msg.len();
    msg.extend_from_slice(&[0xc0, first as u8]);
    let fourth = msg.len();
    msg.extend_from_slice(&[0xc0, third as u8]);
    (msg, [first, second, third, fourth])
}

fn record(name: &str, data: RData) -> Record {
    let rtype = match &data {
        RData::A(_) => RecordType::A,
        RData::Aaaa(_) => RecordType::Aaaa,
        RData::Cname(_) => RecordType::Cname,
        RData::Ptr(_) => RecordType::Ptr,
        RData::Other(_) => RecordType::Other(16),
    };
    Record {
        name: name.into(),
        rtype,
        class: CLASS_IN,
        ttl: 300,
        data,
    }
}

/// An A record.
pub fn a(name: &str, ip: [u8; 4]) -> Record {
    record(name, RData::A(ip.into()))
}

/// An AAAA record.
pub fn aaaa(name: &str, ip: &str) -> Record {
    record(name, RData::Aaaa(ip.parse().unwrap()))
}

/// A CNAME record.
pub fn cname(name: &str, target: &str) -> Record {
    record(name, RData::Cname(target.into()))
}

/// Host names: 1 to 4 labels of letters, digits and inner hyphens.
pub fn dns_name() -> impl Strategy<Value = String> {
    proptest::collection::vec("[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?", 1..5).prop_map(|l| l.join("."))
}

/// The base of RFC 3986 §5.4.
pub const RFC3986_BASE: &str = "http://a/b/c/d;p?q";

/// RFC 3986 §5.4.1, every normal example.
pub const RFC3986_NORMAL: &[(&str, &str)] = &[
    ("g:h", "g:h"),
    ("g", "http://a/b/c/g"),
    ("./g", "http://a/b/c/g"),
    ("g/", "http://a/b/c/g/"),
    ("/g", "http://a/g"),
    ("//g", "http://g"),
    ("?y", "http://a/b/c/d;p?y"),
    ("g?y", "http://a/b/c/g?y"),
    ("#s", "http://a/b/c/d;p?q#s"),
    ("g#s", "http://a/b/c/g#s"),
    ("g?y#s", "http://a/b/c/g?y#s"),
    (";x", "http://a/b/c/;x"),
    ("g;x", "http://a/b/c/g;x"),
    ("g;x?y#s", "http://a/b/c/g;x?y#s"),
    ("", "http://a/b/c/d;p?q"),
    (".", "http://a/b/c/"),
    ("./", "http://a/b/c/"),
    ("..", "http://a/b/"),
    ("../", "http://a/b/"),
    ("../g", "http://a/b/g"),
    ("../..", "http://a/"),
    ("../../", "http://a/"),
    ("../../g", "http://a/g"),
];

/// RFC 3986 §5.4.2, every abnormal example (strict parser for `http:g`).
pub const RFC3986_ABNORMAL: &[(&str, &str)] = &[
    ("../../../g", "http://a/g"),
    ("../../../../g", "http://a/g"),
    ("/./g", "http://a/g"),
    ("/../g", "http://a/g"),
    ("g.", "http://a/b/c/g."),
    (".g", "http://a/b/c/.g"),
    ("g..", "http://a/b/c/g.."),
    ("..g", "http://a/b/c/..g"),
    ("./../g", "http://a/b/g"),
    ("./g/.", "http://a/b/c/g/"),
    ("g/./h", "http://a/b/c/g/h"),
    ("g/../h", "http://a/b/c/h"),
    ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
    ("g;x=1/../y", "http://a/b/c/y"),
    ("g?y/./x", "http://a/b/c/g?y/./x"),
    ("g?y/../x", "http://a/b/c/g?y/../x"),
    ("g#s/./x", "http://a/b/c/g#s/./x"),
    ("g#s/../x", "http://a/b/c/g#s/../x"),
    ("http:g", "http:g"),
];
