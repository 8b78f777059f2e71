//! Exercise `retry_client`: a client that retries its connection and says
//! clearly what went wrong (000's second "Try It Yourself": handle network
//! failures).
//!
//! A refused connection (nothing listens there yet) is worth retrying a few
//! times with a pause; a timeout, a reset or a close in the middle of the
//! answer is not, but the user must learn which of them happened, where, and
//! what came before it. [`ClientError`] names each case and its `Display`
//! says what to do; it and [`Retry`] are given (from the chapter's
//! `client_error` module): you write the logic.
//!
//! Layout: [`connect_with_retry`], [`request`].

use std::io;
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

pub use crate::client_error::{ClientError, Retry};
pub use crate::stream::{Ended, ended_by};

// ANCHOR: stub
/// Connects to `addr`, making up to `retry.attempts` attempts while the
/// connection is refused; calls `on_retry(attempt, &error)` before each
/// pause (attempt counts from 1). Other errors end it at once.
pub fn connect_with_retry(
    addr: SocketAddr,
    retry: &Retry,
    on_retry: &mut dyn FnMut(u32, &io::Error),
) -> Result<TcpStream, ClientError> {
    // TODO: connect, retrying refusals as the doc comment says (each attempt
    // waits at most `retry.connect_timeout`); return the `ClientError` that
    // names what went wrong.
    let _ = (addr, retry, on_retry);
    todo!()
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
    // TODO: send `line` and return the answer line. A close, a timeout or a
    // reset before the LF is the `ClientError` of that name, carrying what
    // came of the answer.
    let _ = (addr, line, retry, timeout, on_retry);
    todo!()
}
// ANCHOR_END: stub
