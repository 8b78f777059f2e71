//! The fake DNS peer as a server: started as `workbook peer dns` starts it, asked with hand-made packets over UDP and TCP,
//! under faults, and stopped (its UDP thread must end with the handle).
//! Chapter 1's tests exercise it further with a real client, `dig` included.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::time::Duration;

use harness::dns::{DnsOptions, Zone};
use harness::fault::FaultPlan;
use harness::peer::PeerConfig;

/// A query for `name`/A with `id`, RD set, written out by hand.
fn query(id: u16, name: &str) -> Vec<u8> {
    let mut q = id.to_be_bytes().to_vec();
    q.extend_from_slice(&[1, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    for label in name.split('.') {
        q.push(label.len() as u8);
        q.extend_from_slice(label.as_bytes());
    }
    q.extend_from_slice(&[0, 0, 1, 0, 1]);
    q
}

fn udp_ask(addr: SocketAddr, packet: &[u8]) -> std::io::Result<Vec<u8>> {
    let s = UdpSocket::bind("127.0.0.1:0")?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    s.connect(addr)?;
    s.send(packet)?;
    let mut buf = [0u8; 4096];
    let n = s.recv(&mut buf)?;
    Ok(buf[..n].to_vec())
}

#[test]
fn starts_by_name_answers_and_stops() {
    let bind = SocketAddr::from(([127, 0, 0, 1], 0));
    let peer = harness::dns::start(bind, FaultPlan::none(), PeerConfig::default()).unwrap();
    let addr = peer.addr();
    let reply = udp_ask(addr, &query(0x0102, "web.workbook.test")).unwrap();
    assert_eq!(
        &reply[..4],
        &[0x01, 0x02, 0x85, 0x00],
        "id, QR+AA+RD, NOERROR"
    );
    assert_eq!(&reply[reply.len() - 4..], &[192, 0, 2, 10]);
    let transcript = peer.stop().render();
    assert!(
        transcript.contains("query id=0x0102 web.workbook.test type 1"),
        "{transcript}"
    );
    // Stopped and joined: nothing answers on that port any more.
    let after = udp_ask(addr, &query(3, "web.workbook.test"));
    assert!(
        after.is_err(),
        "the UDP side still answered after stop: {after:?}"
    );
}

#[test]
fn answers_over_tcp_even_with_one_byte_writes() {
    let peer = harness::dns::start_with(DnsOptions {
        plan: FaultPlan::none().chop(1),
        ..DnsOptions::default()
    })
    .unwrap();
    let mut s = TcpStream::connect(peer.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let q = query(9, "many.workbook.test");
    let mut framed = (q.len() as u16).to_be_bytes().to_vec();
    framed.extend_from_slice(&q);
    s.write_all(&framed).unwrap();
    let mut len = [0u8; 2];
    s.read_exact(&mut len).unwrap();
    let mut reply = vec![0u8; usize::from(u16::from_be_bytes(len))];
    s.read_exact(&mut reply).unwrap();
    assert_eq!(&reply[6..8], &[0, 40], "all 40 answers over TCP");
    assert_eq!(reply[2] & 0x02, 0, "no TC over TCP");
}

#[test]
fn truncates_big_answers_over_udp_and_refuses_junk() {
    let peer = harness::dns::start_with(DnsOptions::default()).unwrap();
    let reply = udp_ask(peer.addr(), &query(4, "many.workbook.test")).unwrap();
    assert!(
        reply.len() <= 512 && reply[2] & 0x02 != 0,
        "TC set, fits 512 bytes"
    );
    let formerr = udp_ask(peer.addr(), &[0xab, 0xcd, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0]).unwrap();
    assert_eq!(
        formerr,
        [0xab, 0xcd, 0x80, 1, 0, 0, 0, 0, 0, 0, 0, 0],
        "two questions: FORMERR"
    );
}

/// A name longer than 255 bytes is not a name (RFC 1035 §2.3.4): FORMERR,
/// and never a UDP reply over 512 bytes (echoing the question would be).
#[test]
fn an_overlong_question_is_formerr_and_every_udp_reply_fits() {
    let peer = harness::dns::start_with(DnsOptions::default()).unwrap();
    let long = vec!["a".repeat(63); 8].join("."); // 8 × 64 + 1 = 513 bytes
    let reply = udp_ask(peer.addr(), &query(5, &long)).unwrap();
    assert_eq!(&reply[..4], &[0, 5, 0x80, 1], "FORMERR");
    assert!(reply.len() <= 512, "{} bytes", reply.len());
    let edge = vec!["b".repeat(63); 4].join("."); // 4 × 64 + 1 = 257 bytes
    assert_eq!(udp_ask(peer.addr(), &query(6, &edge)).unwrap()[3] & 0x0f, 1);
    let fits = [vec!["c".repeat(63); 3], vec!["d".repeat(61)]]
        .concat()
        .join("."); // 255
    let reply = udp_ask(peer.addr(), &query(7, &fits)).unwrap();
    assert_eq!(reply[3] & 0x0f, 3, "a legal name not in the zone: NXDOMAIN");
}

#[test]
fn zone_files_report_the_bad_line() {
    let err = Zone::parse("a.test A 192.0.2.1\nb.test A not-an-ip\n").unwrap_err();
    assert!(err.to_string().contains("zone line 2"), "{err}");
    let err = Zone::parse("a.test MX mail.test\n").unwrap_err();
    assert!(err.to_string().contains("unknown type"), "{err}");
    let zone = Zone::workbook();
    assert_eq!(zone.answer("NOWHERE.workbook.test", 1).rcode, 3);
    assert_eq!(
        zone.answer("WWW.workbook.test", 1).records.len(),
        2,
        "CNAME then A"
    );
    assert_eq!(
        zone.answer("loop.workbook.test", 1).records.len(),
        16,
        "a loop is cut at 16 links"
    );
}
