//! The sending side of a [`Conn`]: replies and raw writes go through the
//! connection's fault plan, one step at a time ([`Steps`]), so a large or
//! padded reply is made piece by piece as the socket takes it; faults may
//! pause, close or reset.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use super::{Conn, FaultEnd};
use crate::fault::{Steps, WriteStep};

impl Conn {
    /// Sends one logical reply, applying reply- and write-level faults.
    pub fn reply(&mut self, bytes: &[u8]) -> io::Result<()> {
        let steps = self.faults.reply_stream(bytes);
        self.perform(steps)
    }

    /// Sends raw bytes, applying write-level faults.
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        let steps = self.faults.write_stream(bytes);
        self.perform(steps)
    }

    /// Performs the steps as they are made: each is written (and the socket
    /// has taken it) before the next exists.
    fn perform(&mut self, mut steps: Steps) -> io::Result<()> {
        // Bounded: the steps of one reply are finite.
        while let Some(step) = steps.next(&mut self.faults) {
            match step {
                WriteStep::Pause(d) => self.pause(d),
                WriteStep::Write(bytes) => self.stream()?.write_all(&bytes)?,
                WriteStep::Note(text) => self.note(text),
                WriteStep::Close(why) => return self.end(why, false),
                WriteStep::Reset(why) => return self.end(why, true),
            }
        }
        Ok(())
    }

    /// Sleeps for a fault delay, in short slices so stopping is prompt.
    fn pause(&self, d: Duration) {
        let until = Instant::now() + d;
        while !self.stopping() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            std::thread::sleep(left.min(Duration::from_millis(20)));
        }
    }

    fn end(&mut self, why: String, reset: bool) -> io::Result<()> {
        self.note(why.clone());
        if let Some(stream) = self.stream.take()
            && reset
        {
            stream.reset()?;
        }
        Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            FaultEnd(why),
        ))
    }

    /// Stops sending (half-close); reading still works.
    pub fn shutdown_write(&mut self) -> io::Result<()> {
        self.stream()?.shutdown_write()
    }

    /// Ends the connection after a refusal the client may still be sending
    /// into (a 10 MB request line): half-closes, then reads and drops what
    /// arrives until the client closes, `max` bytes have been dropped, or a
    /// read times out. Closing with unread input would make the kernel send
    /// a reset, which can destroy the refusal before the client reads it
    /// (RFC 9112 §9.6 asks a server to close in this order).
    pub fn linger_close(&mut self, max: usize) -> io::Result<()> {
        self.shutdown_write()?;
        self.buf.clear();
        let mut chunk = [0u8; 16 * 1024];
        let mut dropped = 0;
        // Bounded: each pass drops at least one byte, up to `max`, or ends.
        while dropped < max {
            match self.read_input(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => dropped += n,
            }
        }
        Ok(())
    }

    /// Resets the connection (RST) instead of closing it.
    pub fn reset(mut self) -> io::Result<()> {
        match self.stream.take() {
            Some(s) => s.reset(),
            None => Ok(()),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.send(bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream()?.flush()
    }
}
