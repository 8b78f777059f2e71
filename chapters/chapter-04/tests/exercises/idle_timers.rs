//! `idle_timers`: time is a parameter, so no test sleeps.

use std::time::{Duration, Instant};

use chapter_04::exercises::idle_timers::IdleTimers;

const S: Duration = Duration::from_secs(1);

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
    expect_eq!(t.next_deadline(), None);
    t.touch(1, t0 + 4 * S);
    t.touch(2, t0 + S);
    expect_eq!(t.next_deadline(), Some(t0 + 11 * S));
    t.remove(2);
    expect_eq!(t.next_deadline(), Some(t0 + 14 * S));
    expect_eq!(t.expired(t0 + 20 * S), vec![1]);
    expect_eq!(t.next_deadline(), None);
}
