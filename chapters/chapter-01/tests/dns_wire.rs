//! The DNS wire format, tier one (bytes): golden packets, every error a
//! hostile packet can cause, and cross-checks with an independent
//! implementation (hickory-proto) in both directions.

mod common;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chapter_01::dns::name::{encode_name, read_name};
use chapter_01::dns::parse::peek_header;
use chapter_01::dns::{Message, RData, Rcode, RecordType, WireError, build_query, reverse_name};
use hickory_proto::op::{Message as HMessage, MessageType, OpCode, Query as HQuery, ResponseCode};
use hickory_proto::rr::{
    Name as HName, RData as HRData, Record as HRecord, RecordType as HType, rdata,
};
use proptest::prelude::*;

/// A reply for `www.example.org` A: a CNAME to `web.example.org`, then
/// its A record, names compressed against the question (as dig shows it).
const GOLDEN_REPLY: &[u8] = b"\x12\x34\x81\x80\x00\x01\x00\x02\x00\x00\x00\x00\
\x03www\x07example\x03org\x00\x00\x01\x00\x01\
\xc0\x0c\x00\x05\x00\x01\x00\x00\x0e\x10\x00\x06\x03web\xc0\x10\
\xc0\x2d\x00\x01\x00\x01\x00\x00\x0e\x10\x00\x04\xc0\x00\x02\x0a";

#[test]
fn builds_the_golden_query() {
    assert_eq!(
        build_query(0x1234, "www.example.org", RecordType::A).unwrap(),
        common::GOLDEN_QUERY
    );
}

#[test]
fn parses_the_golden_reply_with_compression() {
    let m = Message::parse(GOLDEN_REPLY).unwrap();
    assert_eq!(m.header.id, 0x1234);
    assert!(m.header.response && m.header.recursion_desired && m.header.recursion_available);
    assert!(!m.header.truncated);
    assert_eq!(m.rcode(), Rcode::NoError);
    assert_eq!(m.questions[0].name, "www.example.org");
    assert_eq!(m.answers.len(), 2);
    assert_eq!(m.answers[0].data, RData::Cname("web.example.org".into()));
    assert_eq!(m.answers[1].name, "web.example.org");
    assert_eq!(m.answers[1].ttl, 3600);
    assert_eq!(m.answers[1].data, RData::A(Ipv4Addr::new(192, 0, 2, 10)));
}

#[test]
fn reads_flags_tc_and_nxdomain() {
    let mut nx = GOLDEN_REPLY[..33].to_vec(); // header + question
    nx[3] = 0x83; // RA + rcode 3
    nx[7] = 0; // no answers
    let m = Message::parse(&nx).unwrap();
    assert_eq!(m.rcode(), Rcode::NxDomain);
    let mut tc = nx.clone();
    tc[2] |= 0x02;
    assert!(peek_header(&tc).unwrap().truncated);
}

#[test]
fn reports_each_defect() {
    assert_eq!(
        Message::parse(&GOLDEN_REPLY[..5]),
        Err(WireError::Truncated(5))
    );
    let cut = &GOLDEN_REPLY[..GOLDEN_REPLY.len() - 1];
    assert_eq!(Message::parse(cut), Err(WireError::Truncated(cut.len())));
    let mut extra = GOLDEN_REPLY.to_vec();
    extra.push(0);
    assert_eq!(Message::parse(&extra), Err(WireError::TrailingBytes(1)));
    let mut bad_a = GOLDEN_REPLY.to_vec();
    let len_at = bad_a.len() - 6;
    bad_a[len_at + 1] = 3; // an A record claiming 3 bytes
    bad_a.pop();
    assert!(matches!(
        Message::parse(&bad_a),
        Err(WireError::BadRdata { .. })
    ));
    let mut looped = GOLDEN_REPLY.to_vec();
    looped[33] = 0xc0;
    looped[34] = 33; // the first answer's name points at itself
    assert!(matches!(
        Message::parse(&looped),
        Err(WireError::PointerLoop { at: 33, to: 33 })
    ));
}

#[test]
fn huge_counts_do_not_allocate_or_hang() {
    let mut m = common::GOLDEN_QUERY.to_vec();
    m[6..12].copy_from_slice(&[0xff; 6]);
    assert!(matches!(Message::parse(&m), Err(WireError::Truncated(_))));
}

#[test]
fn escapes_odd_label_bytes_and_round_trips_them() {
    let msg = b"\x03a.b\x02\x00\\\x00";
    let (text, end) = read_name(msg, 0).unwrap();
    assert_eq!((text.as_str(), end), ("a\\046b.\\000\\092", 8));
    let mut again = Vec::new();
    encode_name(&text, &mut again).unwrap();
    assert_eq!(again, msg);
}

#[test]
fn reverse_names_for_both_families() {
    assert_eq!(
        reverse_name("192.0.2.10".parse().unwrap()),
        "10.2.0.192.in-addr.arpa"
    );
    let v6 = reverse_name("2001:db8::10".parse().unwrap());
    assert!(
        v6.starts_with("0.1.0.0.0.0") && v6.ends_with("8.b.d.0.1.0.0.2.ip6.arpa"),
        "{v6}"
    );
}

/// A hickory-built reply: a CNAME chain and addresses, hickory compresses.
fn hickory_reply(id: u16, names: &[String], v4: &[Ipv4Addr], v6: &[Ipv6Addr]) -> Vec<u8> {
    let name = |s: &str| HName::from_ascii(format!("{s}.")).unwrap();
    let mut m = HMessage::new(id, MessageType::Response, OpCode::Query);
    m.metadata.recursion_desired = true;
    m.metadata.response_code = ResponseCode::NoError;
    m.add_query(HQuery::query(name(&names[0]), HType::A));
    for pair in names.windows(2) {
        let rd = HRData::CNAME(rdata::CNAME(name(&pair[1])));
        m.add_answer(HRecord::from_rdata(name(&pair[0]), 60, rd));
    }
    let last = name(names.last().unwrap());
    for a in v4 {
        m.add_answer(HRecord::from_rdata(
            last.clone(),
            60,
            HRData::A(rdata::A(*a)),
        ));
    }
    for a in v6 {
        m.add_answer(HRecord::from_rdata(
            last.clone(),
            60,
            HRData::AAAA(rdata::AAAA(*a)),
        ));
    }
    m.to_vec().unwrap()
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn hickory_parses_our_queries(id: u16, name in common::dns_name(), aaaa: bool) {
        let qtype = if aaaa { RecordType::Aaaa } else { RecordType::A };
        let m = HMessage::from_vec(&build_query(id, &name, qtype).unwrap()).unwrap();
        prop_assert_eq!(m.metadata.id, id);
        prop_assert_eq!(m.metadata.message_type, MessageType::Query);
        prop_assert_eq!(m.queries.len(), 1);
        prop_assert_eq!(m.queries[0].query_type(), if aaaa { HType::AAAA } else { HType::A });
        let asked = m.queries[0].name().to_ascii();
        prop_assert_eq!(asked.trim_end_matches('.'), name.as_str());
    }

    #[test]
    fn we_parse_hickory_replies(
        id: u16,
        names in proptest::collection::vec(common::dns_name(), 1..4),
        v4 in proptest::collection::vec(any::<Ipv4Addr>(), 0..5),
        v6 in proptest::collection::vec(any::<Ipv6Addr>(), 0..5),
    ) {
        let bytes = hickory_reply(id, &names, &v4, &v6);
        let m = Message::parse(&bytes).unwrap();
        prop_assert_eq!(m.header.id, id);
        let info = chapter_01::dns::resolve::host_info(&names[0], &m);
        // Random names may repeat: only a chain without repeats has a triple.
        let mut seen = names.clone();
        seen.sort();
        seen.dedup();
        if seen.len() == names.len() {
            let info = info.unwrap();
            prop_assert_eq!(&info.name, names.last().unwrap());
            prop_assert_eq!(&info.aliases[..], &names[..names.len() - 1]);
            let want: Vec<IpAddr> = v4.iter().map(|a| IpAddr::V4(*a)).chain(v6.iter().map(|a| IpAddr::V6(*a))).collect();
            prop_assert_eq!(info.addresses, want);
        }
    }

    #[test]
    fn parser_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = Message::parse(&bytes);
        let _ = peek_header(&bytes);
    }

    #[test]
    fn parser_never_panics_on_damaged_replies(at in 0usize..67, byte: u8, cut in 0usize..70) {
        let mut m = GOLDEN_REPLY.to_vec();
        m[at] = byte;
        m.truncate(cut.max(1));
        let _ = Message::parse(&m);
    }

    #[test]
    fn names_round_trip(labels in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..20), 0..8)) {
        let mut wire = Vec::new();
        for l in &labels {
            wire.push(l.len() as u8);
            wire.extend_from_slice(l);
        }
        wire.push(0);
        let (text, end) = read_name(&wire, 0).unwrap();
        prop_assert_eq!(end, wire.len());
        let mut again = Vec::new();
        encode_name(&text, &mut again).unwrap();
        prop_assert_eq!(again, wire);
    }
}
