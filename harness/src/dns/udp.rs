//! The DNS peer's UDP side: one thread answering datagrams.
//!
//! The peer framework is TCP-centred, so this module carries the little
//! UDP it needs: a receive loop with a read timeout (so it never blocks
//! for ever), a stop flag, and a [`UdpGuard`] that on drop sets the flag,
//! wakes the loop with an empty datagram, and joins the thread. Each query
//! is recorded as its own connection (`udp-N`).
//!
//! Layout: [`UdpGuard`], [`spawn`], the receive loop.

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use super::respond::{Transport, respond, summary};
use super::{Zone, fault_for};
use crate::fault::FaultPlan;
use crate::transcript::{Event, Recorder, Side};

/// Largest datagram read (anything longer is cut by the kernel, and then
/// is not a query we can answer).
const MAX_DATAGRAM: usize = 4096;
/// Backstop for the stop flag, should the wake-up datagram be lost.
const IDLE: Duration = Duration::from_millis(500);

/// Stops and joins the UDP thread when dropped.
#[derive(Debug)]
pub struct UdpGuard {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for UdpGuard {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocked recv; failure is fine (the read timeout ends it).
        if let Ok(s) = UdpSocket::bind(SocketAddr::new(self.addr.ip(), 0)) {
            let _ = s.send_to(&[], self.addr);
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts answering on `sock`; the returned guard stops it.
pub fn spawn(
    sock: UdpSocket,
    zone: Arc<Zone>,
    plan: FaultPlan,
    recorder: Recorder,
) -> io::Result<UdpGuard> {
    let addr = sock.local_addr()?;
    sock.set_read_timeout(Some(IDLE))?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let thread = std::thread::Builder::new()
        .name("peer-dns-udp".into())
        .spawn(move || serve(&sock, &zone, &plan, &recorder, &flag))?;
    Ok(UdpGuard {
        addr,
        stop,
        thread: Some(thread),
    })
}

fn serve(sock: &UdpSocket, zone: &Zone, plan: &FaultPlan, recorder: &Recorder, stop: &AtomicBool) {
    let mut buf = vec![0u8; MAX_DATAGRAM];
    let mut count = 0u32;
    // Bounded by the stop flag: every recv returns within IDLE.
    while !stop.load(Ordering::SeqCst) {
        let (n, from) = match sock.recv_from(&mut buf) {
            Ok(got) => got,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                continue;
            }
            Err(e) => {
                recorder.note(None, format!("udp receive failed: {e}"));
                continue;
            }
        };
        if stop.load(Ordering::SeqCst) || n == 0 {
            continue;
        }
        count = count.saturating_add(1);
        answer(sock, zone, plan, recorder, (&buf[..n], from), count);
    }
}

fn answer(
    sock: &UdpSocket,
    zone: &Zone,
    plan: &FaultPlan,
    recorder: &Recorder,
    (query, from): (&[u8], SocketAddr),
    count: u32,
) {
    let conn = recorder.open_numbered("udp");
    recorder.record(Event::Data {
        conn,
        from: Side::Client,
        bytes: query.to_vec(),
    });
    recorder.note(Some(conn), summary(query));
    let fault = fault_for(plan, count);
    if let Some(f) = fault {
        recorder.note(Some(conn), format!("fault: {f:?} on query #{count}"));
    }
    for reply in respond(zone, query, Transport::Udp, fault) {
        recorder.record(Event::Data {
            conn,
            from: Side::Server,
            bytes: reply.clone(),
        });
        if let Err(e) = sock.send_to(&reply, from) {
            recorder.note(Some(conn), format!("udp send failed: {e}"));
        }
    }
}
