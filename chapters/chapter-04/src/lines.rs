//! The session as an `async fn`: the seed's coroutine, written once for
//! every async engine.
//!
//! In the seed, each client's coroutine reads a line, answers, and yields
//! back to the `select` loop whenever it would block. [`drive`] is that
//! coroutine: straight-line code whose every `.await` is a point where it
//! may be suspended until its socket is ready. It runs unchanged on the
//! hand-written executor ([`crate::coroutine`]) and on tokio
//! ([`crate::tokio_engine`]); they differ only in the [`LineStream`] they
//! pass in.
//!
//! Backpressure comes for free: the coroutine writes everything pending
//! before it reads again, so a client that never reads suspends *its*
//! coroutine in the write, and nobody else's.
//!
//! Layout: [`LineStream`], [`drive`].

use std::io;

use crate::conn::{Conn, Input, TOO_LONG};
use crate::session::{Session, Step};

/// A non-blocking socket seen through readiness: each method waits (by
/// suspending) until the socket is ready, then does one non-blocking call.
pub trait LineStream {
    /// Reads what is available into `conn` (at least one byte, or 0 at end of
    /// stream).
    fn fill(&mut self, conn: &mut Conn) -> impl Future<Output = io::Result<usize>>;
    /// Writes some of `bytes`; returns how many.
    fn write(&mut self, bytes: &[u8]) -> impl Future<Output = io::Result<usize>>;
}

/// Writes everything pending in `conn`.
async fn flush(io: &mut impl LineStream, conn: &mut Conn) -> io::Result<()> {
    while conn.wants_write() {
        let n = io.write(conn.unsent()).await?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        conn.written(n);
    }
    Ok(())
}

// ANCHOR: drive
/// Runs `session` on `io` until the client quits, leaves, sends an over-long
/// line, or asks for a shutdown (the returned [`Step`]; a client that just
/// goes away counts as [`Step::Quit`], after its unterminated last line, if
/// any, was answered).
pub async fn drive<S: Session>(io: &mut impl LineStream, session: &mut S) -> io::Result<Step> {
    let mut conn = Conn::default();
    loop {
        match conn.next_line() {
            Input::Line(line) => {
                let step = session.on_line(&line, conn.out_mut());
                if step != Step::Continue {
                    flush(io, &mut conn).await?;
                    return Ok(step);
                }
                if conn.backed_up() {
                    flush(io, &mut conn).await?;
                }
            }
            Input::TooLong => {
                conn.queue(TOO_LONG);
                flush(io, &mut conn).await?;
                return Ok(Step::Quit);
            }
            Input::Wait => {
                // No complete line buffered: answer everything, then read.
                flush(io, &mut conn).await?;
                if conn.closing {
                    return Ok(Step::Quit);
                }
                if io.fill(&mut conn).await? == 0 {
                    conn.end_input();
                }
            }
        }
    }
}
// ANCHOR_END: drive
