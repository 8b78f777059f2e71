//! A peer out of descriptors: `accept` fails with EMFILE while a client
//! waits in the backlog, and the listener stays readable. The accept loop
//! must back off instead of spinning, note the trouble once, and accept
//! the client as soon as descriptors are free again.
//!
//! Its own test binary, with this one test: it lowers the process's own
//! descriptor limit and fills the table, which would break any test
//! running beside it. Linux only (`/proc` shows the accept thread's time).

#![cfg(target_os = "linux")]

use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use harness::echo;
use harness::transcript::Event;
use rustix::process::{Resource, getrlimit, setrlimit};

/// The `schedstat` file of this process's thread named `name`, opened
/// now: once the descriptor table is full nothing more can be opened.
fn schedstat(name: &str) -> File {
    for task in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.trim_end() == name {
            return File::open(task.path().join("schedstat")).unwrap();
        }
    }
    panic!("no thread named {name}");
}

/// Time on a CPU plus time waiting for one (`schedstat`'s first two
/// fields): a spinning thread is always one or the other, however busy the
/// machine.
fn busy(schedstat: &File) -> Duration {
    use std::os::unix::fs::FileExt;
    let mut buf = [0u8; 128];
    let n = schedstat.read_at(&mut buf, 0).unwrap();
    let text = String::from_utf8_lossy(&buf[..n]);
    let mut f = text.split_whitespace().map(|x| x.parse::<u64>().unwrap());
    Duration::from_nanos(f.next().unwrap() + f.next().unwrap())
}

/// Opens `/dev/null` until the descriptor table is full (bounded).
fn fill_descriptors() -> Vec<File> {
    let mut held = Vec::new();
    while held.len() < 100_000 {
        match File::open("/dev/null") {
            Ok(f) => held.push(f),
            Err(_) => break,
        }
    }
    held
}

#[test]
fn out_of_descriptors_the_accept_loop_backs_off_reports_once_and_recovers() {
    let peer = echo::start();
    let addr: SocketAddr = peer.addr();
    // The client's socket exists before the table fills; connecting needs
    // no new descriptor on our side, but accepting it does on the peer's.
    let client = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    // A drain round trip: the accept thread runs (and has named itself).
    // (Not a connection: its descriptors would be freed at some moment
    // after, maybe after the table is filled below.)
    peer.drain(Duration::from_secs(10));
    let accept_thread = schedstat("peer-echo");
    let open = std::fs::read_dir("/proc/self/fd").unwrap().count() as u64;
    let mut limit = getrlimit(Resource::Nofile);
    let saved = limit;
    limit.current = Some(open + 16);
    setrlimit(Resource::Nofile, limit).unwrap();
    let held = fill_descriptors();
    client.connect(&addr.into()).unwrap();
    let mut client: TcpStream = client.into();
    client.write_all(b"still there?\n").unwrap();
    let before = busy(&accept_thread);
    // Half a second in which the peer cannot accept the client: what its
    // accept thread does meanwhile is waste.
    client
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut buf = [0u8; 64];
    assert!(
        client.read(&mut buf).is_err(),
        "answered without a descriptor?"
    );
    let spent = busy(&accept_thread) - before;
    drop(held);
    setrlimit(Resource::Nofile, saved).unwrap();
    assert!(
        spent < Duration::from_millis(250),
        "the accept thread was busy {spent:?} of 0.5 s: spinning?"
    );
    // Descriptors are free again: the client is accepted after the back-off.
    client
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let n = client.read(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"still there?\n");
    drop(client);
    let notes: Vec<String> = peer
        .stop()
        .events
        .into_iter()
        .filter_map(|e| match e {
            Event::Note { conn: None, text } => Some(text),
            _ => None,
        })
        .collect();
    let failed = notes
        .iter()
        .filter(|n| n.starts_with("accept failed"))
        .count();
    assert_eq!(failed, 1, "one report per episode: {notes:?}");
    assert!(notes.iter().any(|n| n == "accept works again"), "{notes:?}");
}
