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

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Longest line echoed, line ending included.
pub const MAX_LINE: usize = 8192;
/// How often the accept loop looks at the stop flag.
pub const ACCEPT_POLL: Duration = Duration::from_millis(50);

// ANCHOR: solution
/// Echoes each line from `stream` back to it until the client closes; a
/// read waits at most `timeout`. Returns how many lines were echoed. A line
/// longer than [`MAX_LINE`] ends the connection with an error.
pub fn handle_client(stream: TcpStream, timeout: Duration) -> io::Result<u64> {
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    let mut echoed = 0;
    loop {
        line.clear();
        // `take` caps the line: one byte over the limit proves it too long.
        let n = (&mut reader)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut line)?;
        if n == 0 || !line.ends_with(b"\n") {
            if line.len() > MAX_LINE {
                let msg = format!("line longer than {MAX_LINE} bytes");
                return Err(io::Error::new(io::ErrorKind::InvalidData, msg));
            }
            return Ok(echoed); // closed, possibly mid-line
        }
        writer.write_all(&line)?;
        echoed += 1;
    }
}

/// Accepts clients until `stop` is set, serving each on its own thread
/// with [`handle_client`]; joins them all before returning how many it
/// accepted.
pub fn serve(listener: TcpListener, stop: Arc<AtomicBool>, timeout: Duration) -> io::Result<u64> {
    // On Linux a listening socket's receive timeout bounds `accept`.
    socket2::SockRef::from(&listener).set_read_timeout(Some(ACCEPT_POLL))?;
    let mut threads = Vec::new();
    let mut accepted = 0;
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                accepted += 1;
                threads.push(std::thread::spawn(move || handle_client(stream, timeout)));
            }
            Err(e) if crate::serve::is_transient(&e) => {}
            Err(e) => return Err(e),
        }
        threads.retain(|t| !t.is_finished());
    }
    for t in threads {
        // A client's error or panic concerns that client only.
        let _ = t.join();
    }
    Ok(accepted)
}
// ANCHOR_END: solution
