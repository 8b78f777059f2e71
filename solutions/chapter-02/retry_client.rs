//! Exercise `retry_client`: a client that retries its connection and says
//! clearly what went wrong (000's second "Try It Yourself": handle network
//! failures).
//!
//! A refused connection (nothing listens there yet) is worth retrying a few
//! times with a pause; a timeout, a reset or a close in the middle of the
//! answer is not, but the user must learn which of them happened, where, and
//! what came before it. [`ClientError`] (from the chapter's `client_error`
//! module, like [`Retry`]) names each case and its `Display` says what to do.
//!
//! Layout: [`connect_with_retry`], [`request`], and `classify`.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

pub use crate::client_error::{ClientError, Retry};
pub use crate::stream::{Ended, ended_by};

// ANCHOR: solution
/// Connects to `addr`, making up to `retry.attempts` attempts while the
/// connection is refused; calls `on_retry(attempt, &error)` before each
/// pause (attempt counts from 1). Other errors end it at once.
pub fn connect_with_retry(
    addr: SocketAddr,
    retry: &Retry,
    on_retry: &mut dyn FnMut(u32, &io::Error),
) -> Result<TcpStream, ClientError> {
    let attempts = retry.attempts.max(1);
    for attempt in 1..=attempts {
        match TcpStream::connect_timeout(&addr, retry.connect_timeout) {
            Ok(stream) => return Ok(stream),
            Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                if attempt < attempts {
                    on_retry(attempt, &e);
                    std::thread::sleep(retry.backoff);
                }
            }
            Err(e) => return Err(classify(addr, &e, Vec::new())),
        }
    }
    Err(ClientError::Refused { addr, attempts })
}

/// Connects (with retries), sends `line`, and returns the answer line (LF
/// included), each read waiting at most `timeout`; answers are capped at
/// 64 KiB.
pub fn request(
    addr: SocketAddr,
    line: &[u8],
    retry: &Retry,
    timeout: Duration,
    on_retry: &mut dyn FnMut(u32, &io::Error),
) -> Result<Vec<u8>, ClientError> {
    let mut stream = connect_with_retry(addr, retry, on_retry)?;
    let setup = stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .and_then(|()| stream.write_all(line));
    setup.map_err(|e| classify(addr, &e, Vec::new()))?;
    let mut answer = Vec::new();
    let mut byte = [0u8; 1];
    while answer.len() < 64 << 10 {
        match stream.read(&mut byte) {
            Ok(0) => {
                return Err(ClientError::Closed {
                    addr,
                    partial: answer,
                });
            }
            Ok(_) => answer.push(byte[0]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(classify(addr, &e, answer)),
        }
        if answer.ends_with(b"\n") {
            return Ok(answer);
        }
    }
    Err(ClientError::Other {
        addr,
        error: io::Error::new(io::ErrorKind::InvalidData, "answer longer than 64 KiB"),
    })
}

/// The [`ClientError`] for an I/O error, with what came before it.
fn classify(addr: SocketAddr, e: &io::Error, partial: Vec<u8>) -> ClientError {
    match (e.kind(), ended_by(e)) {
        (io::ErrorKind::ConnectionRefused, _) => ClientError::Refused { addr, attempts: 1 },
        (_, Ended::Timeout) => ClientError::TimedOut { addr, partial },
        (_, Ended::Reset) => ClientError::Reset { addr, partial },
        (kind, _) => ClientError::Other {
            addr,
            error: io::Error::new(kind, e.to_string()),
        },
    }
}
// ANCHOR_END: solution
