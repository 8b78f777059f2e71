//! Seeds written by the workbook's own encoders: what its programs and
//! peers really send, for the protocols whose fixtures are not files.
//!
//! # Layout
//! [`dns_packets`], [`http_requests`], [`http_responses`],
//! [`chunked_bodies`], [`moonlight`], [`CONFIG`], [`SECRET`].

use chapter_01::dns::{RecordType, build_query, reverse_name};
use chapter_05::client::Request;
use chapter_05::response::Response;
use chapter_05::url::Url;
use chapter_07::message::date::Stamp;
use harness::dns::Zone;
use harness::dns::respond::{Fault, Transport, respond};

/// A password the configuration seeds carry: no output may show it.
pub const SECRET: &str = "s3cret-fuzz-pw";

/// Chapter 7's configuration file (the password in it is [`SECRET`]).
pub const CONFIG: &str = "server = \"127.0.0.1\"\nport = 2525\nuser = \"puck\"\n\
     password = \"s3cret-fuzz-pw\"\nhelo_name = \"fuzz.test\"\n";

/// Names of the harness's zone, a missing one, and a reverse one.
const NAMES: &[&str] = &[
    "www.workbook.test",
    "web.workbook.test",
    "deep.workbook.test",
    "loop.workbook.test",
    "big.workbook.test",
    "nowhere.workbook.test",
    "WwW.WorkBook.Test.",
];

/// Queries (from chapter 1) and the fake server's replies to them, over
/// UDP and TCP and with its faults.
pub fn dns_packets() -> Vec<Vec<u8>> {
    let zone = Zone::workbook();
    let reverse = reverse_name("192.0.2.10".parse().expect("an address"));
    let mut out = Vec::new();
    let types = [
        RecordType::A,
        RecordType::Aaaa,
        RecordType::Cname,
        RecordType::Ptr,
    ];
    for (i, name) in NAMES.iter().copied().chain([reverse.as_str()]).enumerate() {
        for (j, qtype) in types.into_iter().enumerate() {
            let Ok(query) = build_query((i * 4 + j) as u16, name, qtype) else {
                continue;
            };
            for fault in [None, Some(Fault::Truncate), Some(Fault::PointerLoop)] {
                for transport in [Transport::Udp, Transport::Tcp] {
                    out.extend(respond(&zone, &query, transport, fault));
                }
            }
            out.push(query);
        }
    }
    out
}

/// Requests as chapter 5's client writes them, and heads with the shapes a
/// server must cope with (folds, bare LF, a chunked upload, pipelining).
pub fn http_requests() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for url in [
        "http://localhost:8080/",
        "http://[::1]/a/b?c=d",
        "http://h/%7euser/x.html",
    ] {
        let mut request = Request::get(Url::parse(url).expect("a valid URL"));
        out.push(request.encode());
        request.method = "POST".into();
        request.body = Some(b"name=puck&verse=moonlight".to_vec());
        out.push(request.encode());
    }
    out.extend(
        [
            &b"GET /index.html HTTP/1.0\r\nHost: x\r\nX-Long: a\r\n  folded\r\n\tand again\r\n\r\n"[..],
            b"\r\nHEAD /style.css HTTP/1.1\nHost: x\nConnection: keep-alive\n\n",
            b"PUT /upload/f.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            b"GET http://proxy.test/abs?x=1 HTTP/1.1\r\nHost: proxy.test\r\n\r\n",
            b"GET /docs/..%2f..%2fCargo.toml HTTP/1.1\r\nHost: x\r\n\r\n",
        ]
        .map(<[u8]>::to_vec),
    );
    out
}

/// The harness HTTP peer's answers to each of its routes, and chapter 5's
/// server responses.
pub fn http_responses() -> Vec<Vec<u8>> {
    let paths = [
        "/redirect/2",
        "/redirect-abs/1",
        "/chain/1",
        "/chain/0",
        "/loop",
        "/see-other",
        "/chunked",
        "/truncated",
        "/no-length",
        "/interim",
        "/bad-status",
        "/bytes/40",
        "/echo",
        "/nothing",
    ];
    let mut out: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| {
            let head = format!("GET {p} HTTP/1.1\r\nHost: peer.test\r\n");
            harness::http::route(&head, b"body").to_bytes()
        })
        .collect();
    let date = "Sun, 06 Nov 1994 08:49:37 GMT";
    let page = Response::new(200, "text/html", &b"<p>hi</p>"[..]).with("X-Test", "1");
    out.push(page.encode(date, true, false));
    out.push(Response::text(404).encode(date, false, false));
    out.push(page.encode(date, false, true));
    out
}

/// Chunked bodies as chapter 5 encodes them, and the harness's `/chunked`.
pub fn chunked_bodies() -> Vec<Vec<u8>> {
    let raw = harness::http::route::CHUNKED;
    let body_at = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(0, |i| i + 4);
    vec![
        chapter_05::chunked::encode(&[b"hello", b" ", b"world"]),
        chapter_05::chunked::encode(&[&[0xffu8; 300][..]]),
        chapter_05::chunked::encode(&[]),
        raw[body_at..].to_vec(),
    ]
}

/// Chapter 7's Moonlight message, as it goes into DATA.
pub fn moonlight() -> Vec<u8> {
    let stamp = Stamp {
        unix: 1_173_884_966,
        offset_minutes: 60,
    };
    chapter_07::moonlight::moonlight(stamp, 7).to_bytes()
}
