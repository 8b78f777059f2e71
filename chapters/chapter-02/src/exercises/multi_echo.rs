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
    // TODO: echo the lines and count them. No read may wait longer than
    // `timeout`, no line may grow past `MAX_LINE` (an `InvalidData` error),
    // and a client that closes mid-line ends it with the count so far.
    let _ = (stream, timeout);
    todo!()
}

/// Accepts clients until `stop` is set, serving each on its own thread
/// with [`handle_client`]; joins them all before returning how many it
/// accepted.
pub fn serve(listener: TcpListener, stop: Arc<AtomicBool>, timeout: Duration) -> io::Result<u64> {
    // TODO: accept and serve clients until `stop` is set, seeing the flag
    // within `ACCEPT_POLL` even when no client comes. A client's error ends
    // its own thread, never this loop.
    let _ = (listener, stop, timeout);
    todo!()
}
// ANCHOR_END: stub
