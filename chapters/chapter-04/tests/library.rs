//! The library without sockets (session core, buffers, chat room) and the
//! chat room on the readiness loop with real clients.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use chapter_02::pattern::Matcher;
use chapter_04::chat::Room;
use chapter_04::conn::{Conn, Input, MAX_LINE, MAX_OUT};
use chapter_04::control::{Options, Stop, table};
use chapter_04::service::{Outbox, Service};
use chapter_04::session::{Distinct, Session, Step};
use harness::strategies::with_chunks;
use proptest::prelude::*;

#[test]
fn the_seed_session_accumulates_and_sorts() {
    let mut s = Distinct::default();
    let mut out = Vec::new();
    assert_eq!(s.on_line(b"ajx", &mut out), Step::Continue);
    assert_eq!(s.on_line(b"bky", &mut out), Step::Continue);
    assert_eq!(out, b"ajx\r\nabjkxy\r\n");
    assert_eq!(s.on_line(b".quit", &mut out), Step::Quit);
    assert_eq!(s.on_line(b".shutdown", &mut out), Step::Shutdown);
    assert_eq!(out.len(), 13, "commands send nothing");
}

#[test]
fn output_over_the_cap_holds_back_input() {
    let mut c = Conn::default();
    c.feed(b"one\ntwo\n");
    assert_eq!(c.next_line(), Input::Line(b"one".to_vec()));
    c.queue(&vec![b'x'; MAX_OUT]);
    assert!(!c.wants_read() && c.wants_write());
    assert_eq!(
        c.next_line(),
        Input::Wait,
        "no more lines while output is backed up"
    );
    c.written(MAX_OUT - 1);
    assert_eq!(c.next_line(), Input::Line(b"two".to_vec()));
    c.written(1);
    assert!(c.wants_read() && !c.wants_write());
}

#[test]
fn an_overlong_line_closes_and_leaves_the_error_to_the_engine() {
    let mut c = Conn::default();
    c.feed(b"short\n");
    c.feed(&vec![b'a'; MAX_LINE + 1]);
    assert_eq!(c.next_line(), Input::Line(b"short".to_vec()));
    assert_eq!(c.next_line(), Input::TooLong);
    assert!(c.unsent().is_empty(), "the reply to `short` must go first");
    assert!(c.done());
}

#[test]
fn an_unterminated_last_line_is_handed_out_at_the_end_of_input() {
    let mut c = Conn::default();
    c.feed(b"one\ntw");
    assert_eq!(c.next_line(), Input::Line(b"one".to_vec()));
    assert_eq!(c.next_line(), Input::Wait);
    c.end_input();
    assert!(!c.wants_read(), "nothing more to read after the end");
    assert_eq!(c.next_line(), Input::Line(b"tw".to_vec()));
    assert_eq!(c.next_line(), Input::Wait);
    assert!(c.done());
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    /// However the stream is cut, the same lines come out (chapter 2's
    /// matcher does the cutting).
    #[test]
    fn lines_do_not_depend_on_chunking((data, cuts) in with_chunks(prop::collection::vec(prop_oneof![Just(b'\n'), Just(b'\r'), 33u8..=126], 0..300))) {
        let mut c = Conn::default();
        let mut got = Vec::new();
        for piece in cuts.iter() {
            c.feed(piece);
            while let Input::Line(l) = c.next_line() { got.push(l) }
        }
        let mut whole = Matcher::default();
        whole.feed(&data);
        let mut want = Vec::new();
        while let chapter_02::pattern::Match::Ready(l) = whole.next(chapter_02::pattern::Pattern::Line) { want.push(l) }
        prop_assert_eq!(got, want);
    }
}

#[test]
fn the_table_lists_the_listener_then_clients() {
    let l = "127.0.0.1:3072".parse().unwrap();
    let c = "127.0.0.1:5000".parse().unwrap();
    let t = table(l, &[(c, "session 1".into())]);
    assert_eq!(
        t,
        "Waiting for a connection or data from\n  1: listener 127.0.0.1:3072\n  2: client 127.0.0.1:5000, session 1\n"
    );
}

fn texts(out: &Outbox) -> Vec<(u64, String)> {
    (out.sends.iter())
        .map(|(id, b)| (*id, String::from_utf8_lossy(b).trim_end().to_string()))
        .collect()
}

#[test]
fn the_room_logs_in_broadcasts_and_whispers() {
    let mut r = Room::with_accounts([("ann", "pw"), ("bob", "pw2")]);
    let mut out = Outbox::default();
    r.open(1, &mut out);
    r.open(2, &mut out);
    let mut out = Outbox::default();
    r.line(1, b"hello", &mut out);
    r.line(1, b"/login ann nope", &mut out);
    r.line(1, b"/login ann pw", &mut out);
    r.line(2, b"/login bob pw2", &mut out);
    r.line(2, b"/msg ann psst", &mut out);
    r.line(1, b"hi", &mut out);
    assert_eq!(
        texts(&out),
        vec![
            (1, "! log in first: /login NAME PASSWORD".into()),
            (
                1,
                "! login refused: wrong name or password, or name in use".into()
            ),
            (1, "* welcome, ann".into()),
            (1, "* bob joined".into()),
            (2, "* welcome, bob".into()),
            (1, "[private] bob: psst".into()),
            (2, "[to ann] psst".into()),
            (1, "ann: hi".into()),
            (2, "ann: hi".into()),
        ]
    );
    let mut out = Outbox::default();
    r.close(1, &mut out);
    assert_eq!(texts(&out), vec![(2, "* ann left".into())]);
}

#[test]
fn three_failed_logins_close_the_connection() {
    let mut r = Room::with_accounts([("ann", "pw")]);
    let mut out = Outbox::default();
    r.open(1, &mut out);
    for _ in 0..3 {
        r.line(1, b"/login ann bad", &mut out);
    }
    assert_eq!(out.close, vec![1]);
}

fn client(addr: std::net::SocketAddr) -> (TcpStream, BufReader<TcpStream>) {
    let s = harness::peer::client::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    (s.try_clone().unwrap(), BufReader::new(s))
}

fn read(c: &mut (TcpStream, BufReader<TcpStream>)) -> String {
    let mut l = String::new();
    c.1.read_line(&mut l)
        .unwrap_or_else(|e| panic!("reading: {e}; got so far {l:?}"));
    l.trim_end().to_string()
}

/// A chat client that never reads is dropped once its buffer passes the
/// cap; the others keep chatting.
#[test]
fn the_chat_server_drops_a_client_that_never_reads() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = Stop::new();
    let s2 = stop.clone();
    let th = std::thread::spawn(move || {
        chapter_04::poll::serve(listener, &mut Room::open(), Options::default(), &s2)
    });
    let (mut a, mut b, mut mute) = (client(addr), client(addr), client(addr));
    for (c, name) in [(&mut a, "ann"), (&mut b, "bob"), (&mut mute, "mute")] {
        assert!(read(c).starts_with("* hello"));
        c.0.write_all(format!("/login {name}\r\n").as_bytes())
            .unwrap();
        // One at a time, so everyone is logged in before ann talks.
        assert_eq!(read(c), format!("* welcome, {name}"));
    }
    // `mute` never reads again; ann talks a lot, ann and bob read everything.
    // Once mute's kernel buffers and its capped buffer in the server are
    // full, the server drops it and tells the others.
    let big = "x".repeat(1000);
    let mut left = false;
    for i in 0..40_000 {
        a.0.write_all(format!("{i} {big}\r\n").as_bytes()).unwrap();
        for c in [&mut a, &mut b] {
            loop {
                let l = read(c);
                left |= l == "* mute left";
                if l.starts_with(&format!("ann: {i} ")) {
                    break;
                }
            }
        }
        if left {
            break;
        }
    }
    assert!(left, "the never-reading client was not dropped");
    a.0.write_all(b"/who\r\n").unwrap();
    assert_eq!(read(&mut a), "* online: ann, bob");
    stop.stop();
    th.join().unwrap().unwrap();
}

/// The seed's removal while iterating skips the entry after a removed one.
#[test]
fn removing_while_iterating_by_index_skips_the_next_client() {
    let mut open = vec![true, false, false, true];
    let looked = chapter_04::nonblocking::drop_closed_by_index(&mut open);
    assert_eq!(
        open,
        vec![true, false, true],
        "the second closed client stayed"
    );
    assert_eq!(looked, 3, "one client was never looked at");
    let mut fixed = vec![true, false, false, true];
    fixed.retain(|&o| o);
    assert_eq!(fixed, vec![true, true]);
}

/// A line cannot pass for another: a CR (which on a terminal sends the
/// cursor back to overwrite the sender's name) or an escape sequence in it
/// reaches the others as a replacement character.
#[test]
fn the_chat_room_does_not_relay_control_characters() {
    let mut room = Room::open();
    let mut out = Outbox::default();
    room.open(1, &mut out);
    room.line(1, b"/login ann", &mut out);
    let mut out = Outbox::default();
    room.line(1, b"hi\rbob: I owe ann \x1b[2J100", &mut out);
    let sent: Vec<String> = out
        .sends
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert_eq!(sent, ["ann: hi\u{FFFD}bob: I owe ann \u{FFFD}[2J100\r\n"]);
}
