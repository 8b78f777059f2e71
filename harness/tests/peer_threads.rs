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

/// The thread count once it has come down to `target`, or after 2 s. A
/// joined thread can still be listed for a moment while the kernel finishes
/// its exit, so one reading right after `join` may count it; a leaked thread
/// (blocked on a client that is still open) stays for the whole bound.
fn settled(target: usize) -> usize {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        let n = threads();
        if n <= target || std::time::Instant::now() >= deadline {
            return n;
        }
        std::thread::yield_now();
    }
}

#[test]
fn no_thread_outlives_its_peer() {
    if threads() == 0 {
        harness::real::skip("/proc/self/task is not available on this system");
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
        assert_eq!(settled(before), before, "threads leaked by a stopped peer");
    }
}
