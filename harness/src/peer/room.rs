//! Making room: how a full peer still serves the next client.
//!
//! Every open connection has an [`Activity`]: whether the peer is waiting
//! for that client's input, and since when. When a new connection arrives
//! and [`PeerConfig::max_conns`](super::PeerConfig::max_conns) are open,
//! `make_room` evicts the connection that has been idle the longest: it
//! marks it and shuts down its reading half, which wakes its thread; the
//! thread then says goodbye in the protocol (the peer's
//! [`busy_reply`](super::PeerConfig::busy_reply)) and closes. Only when no
//! connection is idle (every one is being answered) is the newcomer turned
//! away, at once and with that same reply (`refuse`), never left queued.
//!
//! Why eviction, and not a cap per client address: every test, and every
//! learner on one machine, connects from 127.0.0.1, so a per-address cap
//! either locks the normal client out together with the crowd (the crowd
//! shares its address) or, set to a fraction of the slots, still lets the
//! crowd fill that fraction and the normal client's own slots stay
//! contested. Evicting the longest-idle connection guarantees the newcomer a
//! slot whatever the addresses, as long as some connection is idle, and a
//! crowd of silent connections is idle by definition. A client in the
//! middle of being answered is never evicted; one that merely pauses
//! between commands goes only after every longer-silent one.
//!
//! # Layout
//! [`Activity`], `Entry` and `Live` (the live set), `make_room`, `refuse`.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::transcript::{Event, Recorder, Side};

/// `idle_since` of a connection the peer is busy with (not waiting on it).
const BUSY: u64 = 0;

/// How idle one connection is, shared by its thread and the accept loop.
#[derive(Debug)]
pub struct Activity {
    epoch: Instant,
    /// Milliseconds since `epoch` plus one when the client last went quiet
    /// while the peer waits for it; [`BUSY`] while the peer works for it.
    idle_since: AtomicU64,
    evicted: AtomicBool,
}

impl Activity {
    /// A busy connection, times counted from `epoch` (the peer's start).
    pub fn new(epoch: Instant) -> Arc<Activity> {
        Arc::new(Activity {
            epoch,
            idle_since: AtomicU64::new(BUSY),
            evicted: AtomicBool::new(false),
        })
    }

    /// The peer waits for this client, which has been silent since `at`.
    pub fn idle_since(&self, at: Instant) {
        let ms = at.saturating_duration_since(self.epoch).as_millis();
        let ms = u64::try_from(ms).unwrap_or(u64::MAX - 1) + 1;
        self.idle_since.store(ms, Ordering::SeqCst);
    }

    /// The peer is working for this client (reading its bytes, answering).
    pub fn busy(&self) {
        self.idle_since.store(BUSY, Ordering::SeqCst);
    }

    /// Whether the accept loop evicted this connection to make room.
    pub fn evicted(&self) -> bool {
        self.evicted.load(Ordering::SeqCst)
    }

    /// When it went idle, if it is idle and still a candidate.
    fn idle_key(&self) -> Option<u64> {
        let since = self.idle_since.load(Ordering::SeqCst);
        (since != BUSY && !self.evicted()).then_some(since)
    }

    /// How long it has been idle, for the note.
    fn idle_for(&self, since: u64) -> Duration {
        let now = self.epoch.elapsed().as_millis() as u64 + 1;
        Duration::from_millis(now.saturating_sub(since))
    }
}

/// One open connection in the live set.
#[derive(Debug)]
pub(crate) struct Entry {
    /// A clone of its socket, to shut it down (stopping, evicting).
    pub stream: TcpStream,
    pub activity: Arc<Activity>,
}

/// The open connections of a peer, by connection number.
pub(crate) type Live = Arc<Mutex<HashMap<u32, Entry>>>;

/// Evicted connections still leaving, at most (or `max`, if more): a crowd
/// arriving faster than evicted connections end (an inetd child takes a
/// few milliseconds to kill and reap) must not turn the next client away,
/// yet their number stays bounded, also where a platform's shutdown does
/// not wake a blocked read (they then leave at their read timeout).
const MAX_LEAVING: usize = 256;

/// Makes room for one more connection among `live`, at most `max` of them
/// counting (evicted ones are leaving and do not count, up to
/// [`MAX_LEAVING`]). Evicts the longest-idle connection if needed; `Err`
/// with the count when none is idle.
pub(crate) fn make_room(
    live: &HashMap<u32, Entry>,
    max: usize,
    recorder: &Recorder,
) -> Result<(), usize> {
    let counting = live.values().filter(|e| !e.activity.evicted()).count();
    if counting < max {
        return Ok(());
    }
    if live.len() >= max.saturating_add(max.max(MAX_LEAVING)) {
        return Err(counting);
    }
    let oldest = live
        .iter()
        .filter_map(|(conn, e)| e.activity.idle_key().map(|since| (since, *conn, e)))
        .min_by_key(|(since, conn, _)| (*since, *conn));
    let Some((since, conn, entry)) = oldest else {
        return Err(counting);
    };
    entry.activity.evicted.store(true, Ordering::SeqCst);
    recorder.note(
        Some(conn),
        format!(
            "evicted: {max} connections open and this one idle the longest ({} ms)",
            entry.activity.idle_for(since).as_millis()
        ),
    );
    // Wakes the connection's blocked read (it returns end of stream); the
    // thread then sends the farewell and closes. The write half stays open
    // for that farewell.
    let _ = entry.stream.shutdown(Shutdown::Read);
    Ok(())
}

/// Most bytes of a refused client's request read before closing.
const REFUSED_DRAIN: usize = 64 * 1024;

/// Turns a client away at once: `reply` (if any, in the peer's protocol),
/// then a close. Never blocks the accept loop: the socket is made
/// non-blocking, and a reply that does not fit the send buffer is cut.
pub(crate) fn refuse(stream: TcpStream, conn: u32, reply: &[u8], recorder: &Recorder) {
    let _ = stream.set_nonblocking(true);
    if !reply.is_empty()
        && let Ok(n @ 1..) = (&stream).write(reply)
    {
        recorder.record(Event::Data {
            conn,
            from: Side::Server,
            bytes: reply[..n].to_vec(),
        });
    }
    // FIN after the reply, then read what the client already sent: closing
    // with unread bytes would send a reset, which can destroy the reply
    // before the client reads it.
    let _ = stream.shutdown(Shutdown::Write);
    let mut sink = [0u8; 4096];
    let mut drained = 0;
    while drained < REFUSED_DRAIN {
        match (&stream).read(&mut sink) {
            Ok(n @ 1..) => drained += n,
            _ => break,
        }
    }
    recorder.record(Event::Close {
        conn,
        from: Side::Server,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A live set of `n` connections (real sockets: eviction shuts one
    /// down), and the far ends, which see the shutdown.
    fn live(n: u32, epoch: Instant) -> (HashMap<u32, Entry>, Vec<TcpStream>) {
        let (mut set, mut far) = (HashMap::new(), Vec::new());
        for conn in 1..=n {
            let (ours, theirs) = crate::peer::wake::pair().unwrap();
            let activity = Activity::new(epoch);
            set.insert(
                conn,
                Entry {
                    stream: ours,
                    activity,
                },
            );
            far.push(theirs);
        }
        (set, far)
    }

    #[test]
    fn the_connection_idle_the_longest_goes_and_busy_ones_stay() {
        let epoch = Instant::now();
        let recorder = Recorder::new(Vec::new());
        let (set, _far) = live(3, epoch);
        let at = |ms| epoch + Duration::from_millis(ms);
        set[&1].activity.busy();
        set[&2].activity.idle_since(at(50));
        set[&3].activity.idle_since(at(20));
        assert_eq!(
            make_room(&set, 4, &recorder),
            Ok(()),
            "room without eviction"
        );
        assert!(set.values().all(|e| !e.activity.evicted()));
        assert_eq!(make_room(&set, 3, &recorder), Ok(()));
        let evicted: Vec<u32> = (1..=3).filter(|c| set[c].activity.evicted()).collect();
        assert_eq!(
            evicted,
            [3],
            "idle since 20 ms, before 2 (50 ms); 1 is busy"
        );
        // 3 is leaving and no longer counts: room again without eviction.
        assert_eq!(make_room(&set, 3, &recorder), Ok(()));
        assert!(!set[&2].activity.evicted());
    }

    #[test]
    fn with_none_idle_the_newcomer_is_refused() {
        let epoch = Instant::now();
        let recorder = Recorder::new(Vec::new());
        let (set, _far) = live(2, epoch);
        for e in set.values() {
            e.activity.busy();
        }
        assert_eq!(make_room(&set, 2, &recorder), Err(2));
    }
}
