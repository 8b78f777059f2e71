//! Transcripts: the text format round-trips, redaction is deterministic and
//! hides secrets even when they are chopped across writes, and a recorded
//! TCP session renders as the stored snapshot.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use harness::transcript::{Event, Recorder, RecordingStream, Redactor, Side, Transcript};
use proptest::prelude::*;

fn data(conn: u32, from: Side, bytes: &[u8]) -> Event {
    Event::Data {
        conn,
        from,
        bytes: bytes.to_vec(),
    }
}

fn transcript(events: Vec<Event>) -> Transcript {
    Transcript {
        header: vec![("peer".into(), "test".into()), ("seed".into(), "7".into())],
        events,
    }
}

#[test]
fn renders_every_event_kind_in_the_documented_format() {
    let t = transcript(vec![
        Event::Open {
            conn: 1,
            label: "client-1".into(),
        },
        data(1, Side::Client, b"EHLO x\r\n"),
        data(1, Side::Server, b"\x00\xff\"\\\t"),
        Event::HalfClose {
            conn: 1,
            from: Side::Client,
        },
        Event::Timeout {
            conn: 1,
            from: Side::Server,
        },
        Event::Reset {
            conn: 1,
            from: Side::Server,
        },
        Event::Close {
            conn: 1,
            from: Side::Client,
        },
        Event::Note {
            conn: None,
            text: "stopped".into(),
        },
        Event::Note {
            conn: Some(1),
            text: "fault: é".into(),
        },
    ]);
    let want = "# peer: test\n# seed: 7\n1 open \"client-1\"\n1 C> \"EHLO x\\r\\n\"\n\
                1 S> \"\\x00\\xff\\\"\\\\\\t\"\n1 C| half-close\n1 S| timeout\n1 S| reset\n1 C| close\n\
                - note \"stopped\"\n1 note \"fault: \\xc3\\xa9\"\n";
    assert_eq!(t.render_with(&Redactor::none()), want);
    assert_eq!(Transcript::parse(want).unwrap(), t);
}

#[test]
fn parse_reports_the_bad_line() {
    let err = Transcript::parse("# peer: x\n1 open \"a\"\n1 X> \"b\"\n").unwrap_err();
    assert!(format!("{err:#}").contains("line 3"), "{err:#}");
    assert!(Transcript::parse("1 C> \"\\q\"").is_err());
    assert!(Transcript::parse("1 C> \"unterminated").is_err());
    assert!(Transcript::parse("x C| close").is_err());
    assert!(Transcript::parse("- C| close").is_err());
}

#[test]
fn redacts_ports_dates_message_ids_and_boundaries() {
    let t = transcript(vec![
        data(1, Side::Server, b"220 mail at 127.0.0.1:40123 ready\r\n"),
        data(
            1,
            Side::Client,
            b"Date: Sat, 21 Nov 2026 07:31:21 +0000\r\nMessage-ID: <abc.123@host>\r\n",
        ),
        data(
            1,
            Side::Client,
            b"Content-Type: multipart/mixed; boundary=\"=_b0undary42\"\r\n\r\n--=_b0undary42\r\n",
        ),
        data(
            1,
            Side::Server,
            b"Sat Nov 21 07:31:21 2026\r\nlog 2026-11-21T07:31:21Z\r\n",
        ),
    ]);
    let text = t.render();
    for secret in ["40123", "07:31:21", "abc.123", "b0undary42"] {
        assert!(!text.contains(secret), "{secret} survived:\n{text}");
    }
    for mark in [
        "127.0.0.1:<port>",
        "Date: <date>",
        "Message-ID: <message-id>",
        "--<boundary>",
        "log <date>",
    ] {
        assert!(text.contains(mark), "{mark} missing:\n{text}");
    }
}

#[test]
fn redacts_client_secrets_but_not_server_text() {
    let t = transcript(vec![
        data(
            1,
            Side::Client,
            b"AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\nUSER alice\r\nPASS hunter2 x\r\n",
        ),
        data(
            1,
            Side::Client,
            b"APOP alice c4c9334bac560ecc979e58001b3e22fb\r\n",
        ),
        data(
            1,
            Side::Client,
            b"GET http://bob:pw123@example.org/ HTTP/1.0\r\nAuthorization: Basic Ym9iOnB3\r\n",
        ),
        data(1, Side::Server, b"+OK PASS hunter3 is fine\r\n"),
    ]);
    let text = t.render();
    for secret in ["AGFsaWNl", "hunter2", "c4c9334b", "pw123", "Ym9iOnB3"] {
        assert!(!text.contains(secret), "{secret} survived:\n{text}");
    }
    assert!(text.contains("USER alice"), "{text}");
    assert!(text.contains("hunter3"), "server text must stay:\n{text}");
    assert!(
        text.contains("AUTH PLAIN <secret>") && text.contains("PASS <secret>"),
        "{text}"
    );
}

#[test]
fn redacts_auth_login_answers_even_one_byte_per_write() {
    let mut events = vec![
        data(1, Side::Client, b"AUTH LOGIN\r\n"),
        data(1, Side::Server, b"334 VXNlcm5hbWU6\r\n"),
    ];
    events.extend(b"YWxpY2U=\r\n".iter().map(|b| data(1, Side::Client, &[*b])));
    events.push(data(1, Side::Server, b"334 UGFzc3dvcmQ6\r\n"));
    events.push(data(1, Side::Client, b"c2VjcmV0\r\n"));
    events.push(data(1, Side::Server, b"235 ok\r\n"));
    events.push(data(1, Side::Client, b"MAIL FROM:<a@b>\r\n"));
    let red = transcript(events).redacted();
    let client = String::from_utf8(red.bytes(1, Side::Client)).unwrap();
    assert_eq!(
        client,
        "AUTH LOGIN\r\n<secret>\r\n<secret>\r\nMAIL FROM:<a@b>\r\n"
    );
    assert_eq!(
        red.bytes(1, Side::Server),
        b"334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 ok\r\n"
    );
    assert_eq!(red.redacted(), red, "redaction is idempotent");
}

#[test]
fn a_custom_rule_and_no_redaction() {
    let t = transcript(vec![data(
        1,
        Side::Server,
        b"ticket T-9912 at 127.0.0.1:5\r\n",
    )]);
    let custom = Redactor::default().with(r"T-\d+", "<ticket>");
    assert!(
        t.render_with(&custom)
            .contains("ticket <ticket> at 127.0.0.1:<port>")
    );
    assert!(
        t.render_with(&Redactor::none())
            .contains("T-9912 at 127.0.0.1:5")
    );
}

#[test]
fn normalising_views_merge_reads_and_group_connections() {
    let t = transcript(vec![
        data(1, Side::Client, b"ab"),
        data(2, Side::Client, b"x"),
        data(1, Side::Client, b"c"),
        data(1, Side::Server, b"a"),
        data(1, Side::Server, b"bc"),
    ]);
    let n = t.sorted_by_conn().merge_data_from(Side::Client);
    assert_eq!(
        n.events,
        vec![
            data(1, Side::Client, b"abc"),
            data(1, Side::Server, b"a"),
            data(1, Side::Server, b"bc"),
            data(2, Side::Client, b"x")
        ]
    );
}

#[test]
fn recording_stream_records_both_directions_half_close_and_close() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).unwrap();
        s.write_all(b"got it\n").unwrap();
    });
    let recorder = Recorder::new(vec![("peer".into(), "test".into())]);
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut rs = RecordingStream::new(stream, &recorder, "client-1", Side::Client);
    rs.write_all(b"hello\n").unwrap();
    rs.shutdown_write().unwrap();
    let mut reply = String::new();
    rs.read_to_string(&mut reply).unwrap();
    drop(rs);
    server.join().unwrap();
    let t = recorder.snapshot().merge_data_from(Side::Server);
    let text = t.render_with(&Redactor::none());
    assert_eq!(
        text,
        "# peer: test\n1 open \"client-1\"\n1 C> \"hello\\n\"\n1 C| half-close\n1 S> \"got it\\n\"\n1 S| half-close\n1 C| close\n"
    );
}

#[test]
fn recording_stream_records_a_read_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let stream = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let _accepted = listener.accept().unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let recorder = Recorder::new(Vec::new());
    let mut rs = RecordingStream::new(stream, &recorder, "c", Side::Client);
    assert!(rs.read(&mut [0u8; 8]).is_err());
    assert!(recorder.snapshot().events.contains(&Event::Timeout {
        conn: 1,
        from: Side::Client
    }));
}

#[test]
fn a_sink_set_late_first_sees_what_was_recorded_before_it() {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorder = Recorder::new(Vec::new());
    let early = recorder.open_numbered("client");
    recorder.note(Some(early), "before the sink");
    let s2 = seen.clone();
    recorder.set_sink(move |e| s2.lock().unwrap().push(e.clone()));
    recorder.note(Some(early), "after it");
    assert_eq!(seen.lock().unwrap().clone(), recorder.snapshot().events);
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[test]
fn recorder_sink_sees_every_event() {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorder = Recorder::new(Vec::new());
    let s2 = seen.clone();
    recorder.set_sink(move |e| s2.lock().unwrap().push(e.clone()));
    let c = recorder.open_numbered("client");
    recorder.note(Some(c), "hi");
    assert_eq!(seen.lock().unwrap().clone(), recorder.snapshot().events);
    assert_eq!(
        recorder.snapshot().events[0],
        Event::Open {
            conn: 1,
            label: "client-1".into()
        }
    );
}

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![Just(Side::Client), Just(Side::Server)]
}

fn event() -> impl Strategy<Value = Event> {
    let conn = 1u32..4;
    prop_oneof![
        (conn.clone(), "[ -~]{0,12}").prop_map(|(conn, label)| Event::Open { conn, label }),
        (
            conn.clone(),
            side(),
            proptest::collection::vec(any::<u8>(), 0..40)
        )
            .prop_map(|(conn, from, bytes)| Event::Data { conn, from, bytes }),
        (
            conn.clone(),
            side(),
            proptest::sample::select(vec![
                b"AUTH PLAIN dGVzdA==\r\n".to_vec(),
                b"334 \r\n".to_vec(),
                b"PASS x\r\n".to_vec(),
                b"Sat, 21 Nov 2026 07:31:21 +0000 at 127.0.0.1:99\r\n".to_vec(),
                b"boundary=zz\r\n--zz\r\n".to_vec(),
            ])
        )
            .prop_map(|(conn, from, bytes)| Event::Data { conn, from, bytes }),
        (conn.clone(), side()).prop_map(|(conn, from)| Event::HalfClose { conn, from }),
        (conn.clone(), side()).prop_map(|(conn, from)| Event::Reset { conn, from }),
        (conn, side()).prop_map(|(conn, from)| Event::Close { conn, from }),
        (proptest::option::of(1u32..4), "\\PC{0,12}")
            .prop_map(|(conn, text)| Event::Note { conn, text }),
    ]
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn parse_of_render_is_the_redacted_transcript(events in proptest::collection::vec(event(), 0..30), seed in "[ -~]{0,10}") {
        let t = Transcript { header: vec![("seed".into(), seed)], events };
        let red = t.redacted();
        prop_assert_eq!(Transcript::parse(&t.render()).unwrap(), red.clone());
        prop_assert_eq!(red.redacted(), red.clone());
        prop_assert_eq!(Transcript::parse(&t.render_with(&Redactor::none())).unwrap(), Redactor::none().apply(&t));
    }
}

#[test]
fn a_chopped_echo_session_matches_its_snapshot() {
    use harness::fault::FaultPlan;
    use harness::peer::client::{connect, hang_up, read_n};
    let plan = FaultPlan::none().with_seed(7).chop_random(4);
    let peer = harness::echo::start_with(harness::echo::EchoOptions {
        plan,
        ..Default::default()
    })
    .unwrap();
    let mut s = connect(peer.addr()).unwrap();
    for line in [
        &b"EHLO client.example\r\n"[..],
        b"Date: Sat, 21 Nov 2026 07:31:21 +0000\r\n",
    ] {
        s.write_all(line).unwrap();
        assert_eq!(read_n(&mut s, line.len()).unwrap(), line);
    }
    hang_up(s);
    harness::assert_transcript!("chopped_echo", peer.stop(), Side::Client);
}

/// The Python parser in fixtures/reference/README.md reads what we render.
#[test]
fn the_documented_python_parser_reads_rendered_transcripts() {
    let readme = include_str!("../../fixtures/reference/README.md");
    let code = readme
        .split("```python\n")
        .nth(1)
        .and_then(|r| r.split("```").next())
        .expect("python block in README");
    let t = transcript(vec![
        Event::Open {
            conn: 1,
            label: "client-1".into(),
        },
        data(1, Side::Client, b"EHLO \"x\"\\\r\n"),
        data(1, Side::Server, b"\x00\x7f\xfe\t"),
        Event::HalfClose {
            conn: 1,
            from: Side::Client,
        },
        Event::Reset {
            conn: 1,
            from: Side::Server,
        },
        Event::Note {
            conn: None,
            text: "done".into(),
        },
    ]);
    let script = format!(
        "{code}\nimport sys, json\nh, ev = parse(sys.stdin.read())\n\
         print(json.dumps([h, [[c, k, list(v) if isinstance(v, bytes) else v] for c, k, v in ev]]))\n"
    );
    if !harness::real::available("python3", &["python3", "-c", "import json"]) {
        return;
    }
    let mut child = std::process::Command::new("python3")
        .args(["-c", &script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(t.render().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want = serde_json::json!([
        {"peer": "test", "seed": "7"},
        [
            [1, "open", b"client-1".to_vec()],
            [1, "C>", b"EHLO \"x\"\\\r\n".to_vec()],
            [1, "S>", vec![0u8, 0x7f, 0xfe, 9]],
            [1, "C|", "half-close"],
            [1, "S|", "reset"],
            [null, "note", b"done".to_vec()]
        ]
    ]);
    assert_eq!(got, want);
}
