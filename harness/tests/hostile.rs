//! The hostile-client kit against small servers written here, each with a
//! known behaviour, so every verdict the kit gives can be checked: an echo
//! server that closes at end of input, and a line server that refuses
//! lines over 1 KiB. (The chapters' tests point the kit at real servers.)

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use harness::hostile::{self, End, sys};

/// Serves each connection on its own thread with `each`; the listener's
/// address. The threads end with their connections; the acceptor with the
/// test process.
fn serve(each: fn(TcpStream)) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        for s in listener.incoming().flatten() {
            thread::spawn(move || each(s));
        }
    });
    addr
}

/// Echoes everything until end of input, then closes.
fn echo(mut s: TcpStream) {
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = [0u8; 4096];
    while let Ok(n @ 1..) = s.read(&mut buf) {
        if s.write_all(&buf[..n]).is_err() {
            return;
        }
    }
}

/// Answers each line with `ok`; a line over 1 KiB gets `too long` and the
/// connection is closed.
fn capped(mut s: TcpStream) {
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let (mut line, mut buf) = (Vec::new(), [0u8; 4096]);
    while let Ok(n @ 1..) = s.read(&mut buf) {
        for &b in &buf[..n] {
            if b == b'\n' {
                let _ = s.write_all(b"ok\n");
                line.clear();
            } else {
                line.push(b);
            }
        }
        if line.len() > 1024 {
            let _ = s.write_all(b"too long\n");
            return;
        }
    }
}

#[test]
fn a_long_line_is_cut_off_by_a_capped_server() {
    let addr = serve(capped);
    let v = hostile::long_line(addr, 10 << 20).unwrap();
    assert_eq!(v.reply_text(), "too long\n");
    assert!(v.ended(), "{v:?}");
    assert!(v.sent < 10 << 20, "the server stopped taking bytes");
}

#[test]
fn a_half_close_gets_the_echo_then_the_close() {
    let addr = serve(echo);
    let v = hostile::half_close_after(addr, b"half a req").unwrap();
    assert_eq!((v.reply, v.end), (b"half a req".to_vec(), End::Closed));
}

/// Echoes the first 1000 bytes, then closes.
fn echo_1000(mut s: TcpStream) {
    let mut first = [0u8; 1000];
    if s.read_exact(&mut first).is_ok() {
        let _ = s.write_all(&first);
    }
}

#[test]
fn garbage_is_the_same_for_the_same_seed() {
    let addr = serve(echo_1000);
    let a = hostile::garbage(addr, 7, 1000).unwrap();
    let b = hostile::garbage(addr, 7, 1000).unwrap();
    let c = hostile::garbage(addr, 8, 1000).unwrap();
    assert_eq!((a.reply.len(), a.end), (1000, End::Closed));
    assert_eq!(a.reply, b.reply);
    assert_ne!(a.reply, c.reply);
}

#[test]
fn a_reset_reaches_the_server_as_a_reset() {
    let (tx, rx) = mpsc::channel();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut got = Vec::new();
        let end = s.read_to_end(&mut got).map_err(|e| e.kind());
        tx.send((got, end)).unwrap();
    });
    hostile::reset_after(addr, b"GET / HT").unwrap();
    let (got, end) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(got, b"GET / HT");
    assert_eq!(end, Err(std::io::ErrorKind::ConnectionReset));
}

#[test]
fn an_idle_crowd_stays_until_released_and_sees_what_the_server_ends() {
    let addr = serve(echo);
    let mut crowd = hostile::idle(addr, 200).unwrap();
    assert_eq!(crowd.len(), 200);
    assert_eq!(crowd.ended_by_server(), 0);
    crowd.release(50);
    assert_eq!(crowd.len(), 150);
    // A server that closes at once: every member sees the end.
    let closer = serve(drop);
    let gone = hostile::idle(closer, 5).unwrap();
    assert_eq!(gone.wait_ended(Duration::from_secs(5)), 5);
}

#[test]
fn a_client_that_never_reads_leaves_the_server_blocked() {
    let (tx, rx) = mpsc::channel();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_write_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        let big = vec![b'z'; 64 << 20];
        let mut sent = 0;
        while let Ok(n @ 1..) = s.write(&big[sent..]) {
            sent += n;
        }
        tx.send(sent).unwrap();
    });
    let deaf = hostile::never_reads(addr, b"GET / HTTP/1.1\r\n\r\n").unwrap();
    let sent = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(
        sent < 64 << 20,
        "the server's writes stalled after {sent} bytes"
    );
    drop(deaf);
}

#[test]
fn rapid_connects_count_and_a_normal_client_is_timed() {
    let addr = serve(echo);
    assert_eq!(hostile::rapid_connects(addr, 100), 100);
    let took = hostile::served_within(addr, b"ping\n", b"ping\n", Duration::from_secs(2));
    assert!(took.is_ok(), "{took:?}");
    let silent = serve(|s| {
        thread::sleep(Duration::from_secs(2));
        drop(s);
    });
    let err = hostile::served_within(silent, b"ping\n", b"ping\n", Duration::from_millis(200));
    assert!(
        err.is_err_and(|e| e.contains("within")),
        "a silent server is too slow"
    );
}

#[test]
fn a_process_is_seen_from_outside() {
    let me = std::process::id();
    if sys::rss_kib(me).is_none() {
        harness::real::skip("no /proc here");
        return;
    }
    assert!(sys::rss_kib(me).unwrap() > 0);
    assert!(sys::vm_size_kib(me).unwrap() >= sys::rss_kib(me).unwrap());
    let mut spinner = std::process::Command::new("sh")
        .args(["-c", "while :; do :; done"])
        .spawn()
        .unwrap();
    let before = sys::busy_time(spinner.id()).unwrap();
    thread::sleep(Duration::from_millis(300)); // The time to measure.
    let busy = sys::busy_time(spinner.id()).unwrap() - before;
    let _ = spinner.kill();
    let _ = spinner.wait();
    assert!(
        busy > Duration::from_millis(200),
        "a spinning process: busy {busy:?} of 0.3 s"
    );
    let mut child = std::process::Command::new("sleep")
        .arg("10")
        .spawn()
        .unwrap();
    let before = sys::busy_time(child.id()).unwrap();
    thread::sleep(Duration::from_millis(300));
    let busy = sys::busy_time(child.id()).unwrap() - before;
    assert!(
        busy < Duration::from_millis(100),
        "a sleeping process: busy {busy:?} of 0.3 s"
    );
    sys::limit_fds(child.id(), 50).unwrap();
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap();
    assert_eq!(line.split_whitespace().nth(3), Some("50"), "{line}");
    let _ = child.kill();
    let _ = child.wait();
}
