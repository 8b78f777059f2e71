use super::*;

const ECHO: &str = "# peer: echo\n\
    1 open \"client-1\"\n\
    1 C> \"hello <you> & \\\"me\\\"\\r\\n\"\n\
    1 S> \"hello <you> & \\\"me\\\"\\r\\n\"\n\
    1 C| half-close\n\
    1 S| close\n";

fn opts() -> Options<'static> {
    Options {
        id: "t",
        title: "An echo",
    }
}

/// Parses the SVG as XML: every tag closed, every entity known.
fn well_formed(svg: &str) {
    let mut reader = quick_xml::Reader::from_str(svg);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "not well-formed at {}: {e}\n{svg}",
                reader.buffer_position()
            ),
        }
    }
}

#[test]
fn short_payloads_are_quoted_with_the_transcript_escapes() {
    assert_eq!(payload_label(b"EHLO x\r\n"), r#""EHLO x\r\n""#);
    assert_eq!(payload_label(b"\x00\"\\"), r#""\x00\"\\""#);
    assert_eq!(payload_label(b""), r#""""#);
}

#[test]
fn long_payloads_are_cut_at_an_escape_with_a_count() {
    let mut bytes = b"+OK 1 message\r\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 1250));
    let label = payload_label(&bytes);
    assert!(label.starts_with(r#""+OK 1 message\r\nxxx"#), "{label}");
    let shown = label.split('"').nth(1).unwrap();
    assert_eq!(shown.chars().count(), MAX_SHOWN + 1, "{label}"); // and the `…`
    assert!(label.ends_with("…\" (+1,211 bytes)"), "{label}");
    // An escape is never split: `\r` is two characters or none.
    let crlf = b"\r\n".repeat(40);
    let label = payload_label(&crlf);
    assert!(label.contains(r"\r\n\r\n…"), "{label}");
    assert!(label.ends_with("(+52 bytes)"), "{label}");
}

#[test]
fn thousands_are_grouped() {
    assert_eq!(thousands(7), "7");
    assert_eq!(thousands(1204), "1,204");
    assert_eq!(thousands(1_000_000), "1,000,000");
}

#[test]
fn a_conversation_becomes_one_accessible_svg_block() {
    let svg = render_text(ECHO, opts()).unwrap();
    well_formed(&svg);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.ends_with("</svg>"));
    assert!(
        !svg.contains("\n\n"),
        "a blank line would end the HTML block"
    );
    assert!(svg.contains(r#"<title id="t-title">An echo</title>"#));
    assert!(
        svg.contains("Lanes from left to right: client, echo server"),
        "{svg}"
    );
    // The payload, escaped twice: for the transcript, then for XML.
    assert!(svg.contains(r#"&quot;hello &lt;you&gt; &amp; \&quot;me\&quot;\r\n&quot;"#));
    for mark in ["connect", "half-close", ">close<"] {
        assert!(svg.contains(mark), "no {mark}");
    }
    assert_eq!(svg, render_text(ECHO, opts()).unwrap(), "deterministic");
}

#[test]
fn each_connection_gets_its_own_lane() {
    let text = "1 open \"client-1\"\n2 open \"client-2\"\n2 C> \"b\"\n1 C> \"a\"\n1 C| reset\n2 S| timeout\n";
    let m = Model::of(&Transcript::parse(text).unwrap());
    assert_eq!(m.lanes, ["client-1", "client-2", "server"]);
    let arrows: Vec<(usize, usize, Mark)> = m
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Arrow(a) => Some((a.from, a.to, a.mark)),
            _ => None,
        })
        .collect();
    let expected = [
        (0, 2, Mark::Connect),
        (1, 2, Mark::Connect),
        (1, 2, Mark::Data),
        (0, 2, Mark::Data),
        (0, 2, Mark::Reset),
    ];
    assert_eq!(arrows, expected);
    assert!(matches!(m.rows.last(), Some(Row::Timeout { lane: 2 })));
    well_formed(&render(&Transcript::parse(text).unwrap(), opts()));
}

#[test]
fn datagrams_have_hollow_heads_and_a_lost_one_stops_half_way() {
    let text = "# peer: daytime\n# udp-faults: loss=0.5\n1 open \"udp-client-1\"\n\
        1 C> \"x\"\n1 note \"reply lost (seeded loss)\"\n1 C> \"x\"\n1 S> \"now\\r\\n\"\n";
    let m = Model::of(&Transcript::parse(text).unwrap());
    assert!(m.udp);
    assert_eq!(m.lanes, ["client", "daytime server (UDP)"]);
    assert_eq!(m.rows.len(), 4, "no connect row for UDP: {m:?}");
    let svg = render(&Transcript::parse(text).unwrap(), opts());
    well_formed(&svg);
    assert!(svg.contains("url(#t-cu)") && svg.contains("url(#t-su)"));
    assert!(svg.contains("reply lost") && svg.contains("l10 10"));
    assert!(svg.contains("1 lost datagrams") || svg.contains("1 lost datagram"));
}

#[test]
fn notes_span_their_connection_or_the_whole_diagram() {
    let text = "1 open \"c\"\n1 note \"fault: close after 10 bytes\"\n- note \"stopped\"\n";
    let m = Model::of(&Transcript::parse(text).unwrap());
    assert!(matches!(&m.rows[1], Row::Note { from: 0, to: 1, text } if text.starts_with("fault")));
    assert!(matches!(&m.rows[2], Row::Note { from: 0, to: 1, .. }));
}

#[test]
fn a_broken_transcript_is_an_error_naming_the_line() {
    let err = render_text("1 open \"a\"\n1 X> \"b\"\n", opts()).unwrap_err();
    assert!(format!("{err:#}").contains("line 2"), "{err:#}");
}

#[test]
fn snapshot_of_a_small_conversation() {
    let text = "# peer: pop3\n1 open \"client-1\"\n\
        1 S> \"+OK ready\\r\\n\"\n1 C> \"USER puck\\r\\n\"\n1 S> \"+OK send PASS\\r\\n\"\n\
        1 C> \"PASS <secret>\\r\\n\"\n1 S> \"-ERR [AUTH] invalid user name or password, and a long line\\r\\n\"\n\
        1 S| timeout\n1 C| reset\n";
    let svg = render_text(
        text,
        Options {
            id: "snap",
            title: "POP3: a refused login",
        },
    )
    .unwrap();
    well_formed(&svg);
    insta::assert_snapshot!(svg);
}

#[test]
fn a_udp_conformance_case_is_drawn_as_datagrams() {
    let text = "# case: udp-echo-server\n1 open \"client-1\"\n1 C> \"a\"\n1 S> \"a\"\n";
    let m = Model::of(&Transcript::parse(text).unwrap());
    assert!(m.udp);
    assert_eq!(m.lanes, ["client", "server (UDP)"]);
}

#[test]
fn a_payload_only_a_little_too_long_is_shown_whole() {
    let line = format!("{}\r\n", "y".repeat(MAX_SHOWN + 10));
    assert_eq!(
        payload_label(line.as_bytes()),
        format!("\"{}\\r\\n\"", "y".repeat(MAX_SHOWN + 10))
    );
}

#[test]
fn braces_in_a_payload_cannot_become_an_mdbook_directive() {
    let svg = render_text("1 open \"c\"\n1 C> \"{{#include x}}\"\n", opts()).unwrap();
    assert!(!svg.contains("{{"), "{svg}");
    assert!(svg.contains("&#123;&#123;#include x}}"));
}
