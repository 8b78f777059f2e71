//! Exercise `multi_echo`: an echo server with a thread per client (000's
//! first "Try It Yourself": handle several clients at once).
//!
//! The seed's servers serve one client at a time; the next waits in the
//! listen backlog. Here each accepted connection gets its own thread, which
//! echoes every line back unchanged (line ending included) until the client
//! closes. A client that vanishes, resets, times out or sends an over-long
//! line ends its own thread only; the server goes on.
//!
//! Layout: [`MAX_LINE`], [`ACCEPT_POLL`], [`handle_client`], [`serve`].

use std::io;
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// Longest line echoed, line ending included.
pub const MAX_LINE: usize = 8192;
/// How often the accept loop looks at the stop flag.
pub const ACCEPT_POLL: Duration = Duration::from_millis(50);

// ANCHOR: stub
/// Echoes each line from `stream` back to it until the client closes; a
/// read waits at most `timeout`. Returns how many lines were echoed. A line
/// longer than [`MAX_LINE`] ends the connection with an error.
pub fn handle_client(stream: TcpStream, timeout: Duration) -> io::Result<u64> {
    // TODO: set read and write timeouts; clone the stream for writing and
    // wrap the other in a `BufReader`. Loop: read one line with
    // `(&mut reader).take(MAX_LINE as u64 + 1).read_until(b'\n', &mut line)`.
    // 0 bytes or no LF at the end: if the line is over MAX_LINE return an
    // `InvalidData` error, else the client closed: return the count.
    // Otherwise write the line back (all of it) and count it.
    let _ = (stream, timeout);
    todo!()
}

/// Accepts clients until `stop` is set, serving each on its own thread
/// with [`handle_client`]; joins them all before returning how many it
/// accepted.
pub fn serve(listener: TcpListener, stop: Arc<AtomicBool>, timeout: Duration) -> io::Result<u64> {
    // TODO: make `accept` return every ACCEPT_POLL so the stop flag is seen:
    // `socket2::SockRef::from(&listener).set_read_timeout(Some(ACCEPT_POLL))`.
    // Loop while `stop` is false: on a connection spawn a thread running
    // `handle_client` and keep its JoinHandle; skip transient accept errors
    // (`crate::serve::is_transient`, which includes the poll timeout). Drop
    // finished handles as you go; at the end join the rest.
    let _ = (listener, stop, timeout);
    todo!()
}
// ANCHOR_END: stub
