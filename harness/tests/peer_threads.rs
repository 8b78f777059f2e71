//! Stopping a peer joins every thread it started: the process's thread
//! count returns to where it was (its own test binary, so no other test's
//! threads come and go meanwhile).

use std::io::Write;

use harness::peer::client::{connect, read_n};

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn no_thread_outlives_its_peer() {
    if threads() == 0 {
        eprintln!("SKIPPED: /proc/self/task is not available on this system");
        return;
    }
    let before = threads();
    for _ in 0..10 {
        let peer = harness::echo::start();
        let mut clients: Vec<_> = (0..8).map(|_| connect(peer.addr()).unwrap()).collect();
        for c in &mut clients {
            c.write_all(b"x\n").unwrap();
            assert_eq!(read_n(c, 2).unwrap(), b"x\n");
        }
        assert!(
            threads() >= before + 9,
            "a peer runs an accept thread and one thread per connection"
        );
        drop(peer);
        assert_eq!(threads(), before, "threads leaked by a stopped peer");
    }
}
