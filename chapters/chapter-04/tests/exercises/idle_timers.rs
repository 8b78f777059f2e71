//! `idle_timers`: time is a parameter, so no test sleeps.

use std::time::{Duration, Instant};

use chapter_04::exercises::idle_timers::IdleTimers;

const S: Duration = Duration::from_secs(1);

/// A deadline as the time after `t0` (`Some(11s)`), so a wrong one reads
/// as a number of seconds rather than as the clock's raw fields.
fn after(t0: Instant, deadline: Option<Instant>) -> Option<Duration> {
    deadline.map(|d| d.duration_since(t0))
}

#[test]
fn drops_exactly_the_clients_idle_long_enough() {
    let t0 = Instant::now();
    let mut t = IdleTimers::new(10 * S);
    t.touch(3, t0);
    t.touch(1, t0 + 2 * S);
    t.touch(2, t0 + 5 * S);
    expect_eq!(t.expired(t0 + 9 * S), Vec::<u32>::new());
    expect_eq!(t.expired(t0 + 12 * S), vec![1, 3]);
    expect_eq!(
        t.expired(t0 + 12 * S),
        Vec::<u32>::new(),
        "expired clients are forgotten"
    );
    expect_eq!(t.expired(t0 + 15 * S), vec![2]);
    // Many at once, touched out of order: ascending ids, whatever the map's order.
    for id in [1008, 1003, 1005, 1001, 1007, 1002, 1006, 1004] {
        t.touch(id, t0 + 20 * S);
    }
    expect_eq!(t.expired(t0 + 30 * S), (1001..=1008).collect::<Vec<u32>>());
}

#[test]
fn activity_postpones_expiry() {
    let t0 = Instant::now();
    let mut t = IdleTimers::new(10 * S);
    t.touch(1, t0);
    t.touch(1, t0 + 8 * S);
    expect_eq!(t.expired(t0 + 11 * S), Vec::<u32>::new());
    expect_eq!(t.expired(t0 + 18 * S), vec![1]);
}

#[test]
fn the_next_deadline_is_the_poll_timeout() {
    let t0 = Instant::now();
    let mut t = IdleTimers::new(10 * S);
    expect_eq!(after(t0, t.next_deadline()), None);
    t.touch(1, t0 + 4 * S);
    t.touch(2, t0 + S);
    expect_eq!(after(t0, t.next_deadline()), Some(11 * S));
    t.remove(2);
    expect_eq!(after(t0, t.next_deadline()), Some(14 * S));
    expect_eq!(t.expired(t0 + 20 * S), vec![1]);
    expect_eq!(after(t0, t.next_deadline()), None);
}
