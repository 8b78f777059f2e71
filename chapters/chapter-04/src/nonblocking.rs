//! 000's non-blocking server: poll every socket in turn, forever.
//!
//! With a timeout of 0 every call returns at once, so one thread can look
//! at the listener and at every client in a loop. Without a pause the loop
//! spins and burns a whole core doing nothing; with a short sleep it burns
//! less but answers up to one sleep later. A readiness loop
//! ([`crate::poll`]) sleeps in the kernel until something happens and costs
//! nothing while idle. [`cpu_time`] measures the difference.
//!
//! The seed's loop removes a closed client from the list *while iterating
//! over it by index*, which skips the client after it; [`drop_closed_by_index`]
//! keeps that bug for the book to show, and the server uses `retain`.
//!
//! Layout: [`Hello`] (the reply session), [`serve_busy`], [`cpu_time`],
//! [`drop_closed_by_index`].

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use chapter_02::pattern::{Match, Matcher, Pattern};

use crate::session::{Session, Step, command};

/// The seed's answer to every line.
pub const HELLO: &[u8] = b"Hello from non-blocking server!\r\n";

/// Answers every line with [`HELLO`] (and understands `.quit`/`.shutdown`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Hello;

impl Session for Hello {
    fn on_line(&mut self, line: &[u8], out: &mut Vec<u8>) -> Step {
        if let Some(step) = command(line) {
            return step;
        }
        out.extend_from_slice(HELLO);
        Step::Continue
    }
}

struct Client {
    stream: TcpStream,
    input: Matcher,
    session: Hello,
    open: bool,
}

// ANCHOR: busy
/// The seed's loop: accept without waiting, try every client without
/// waiting, then sleep `pause` (`ZERO`: spin). Runs until `until`.
/// Replies are small and written with a blocking `write_all` after each line,
/// as the seed does; [`crate::poll`] is the version that never blocks.
pub fn serve_busy(listener: &TcpListener, pause: Duration, until: Instant) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut clients: Vec<Client> = Vec::new();
    while Instant::now() < until {
        if let Ok((stream, _)) = listener.accept() {
            stream.set_nonblocking(true)?;
            let (input, session) = (Matcher::default(), Hello);
            clients.push(Client {
                stream,
                input,
                session,
                open: true,
            });
        }
        for c in &mut clients {
            poll_client(c);
        }
        // Not `remove(i)` inside the loop above: see `drop_closed_by_index`.
        clients.retain(|c| c.open);
        if !pause.is_zero() {
            std::thread::sleep(pause);
        }
    }
    Ok(())
}
// ANCHOR_END: busy

/// One non-blocking look at a client: read what is there, answer its lines.
fn poll_client(c: &mut Client) {
    let mut buf = [0u8; 1024];
    match c.stream.read(&mut buf) {
        Ok(0) => c.open = false,
        Ok(n) => c.input.feed(&buf[..n]),
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
        Err(_) => c.open = false,
    }
    while let Match::Ready(line) = c.input.next(Pattern::Line) {
        let mut out = Vec::new();
        if c.session.on_line(&line, &mut out) != Step::Continue {
            c.open = false;
        }
        c.stream.set_nonblocking(false).ok();
        c.open &= c.stream.write_all(&out).is_ok();
        c.stream.set_nonblocking(true).ok();
    }
}

/// CPU time (user + system) the calling thread has used so far: each
/// loop's thread is measured alone (the thread's CPU clock on Unix,
/// `GetThreadTimes` on Windows, through the `cpu-time` crate). Zero if the
/// system cannot tell.
pub fn cpu_time() -> Duration {
    cpu_time::ThreadTime::try_now().map_or(Duration::ZERO, |t| t.as_duration())
}

// ANCHOR: bug
/// The seed's removal, kept to show the bug: removing element `i` while
/// walking the list by index shifts the next element into slot `i`, and the
/// loop's `i += 1` jumps over it. Two closed clients in a row: the second
/// stays. Returns how many entries were looked at.
pub fn drop_closed_by_index(open: &mut Vec<bool>) -> usize {
    let (mut i, mut looked) = (0, 0);
    while i < open.len() {
        looked += 1;
        if !open[i] {
            open.remove(i);
        }
        i += 1; // the bug: after a removal, slot `i` holds an unseen client
    }
    looked
}
// ANCHOR_END: bug
