//! [`RecordingStream`]: a `TcpStream` that writes what crosses it into a
//! [`Recorder`]. Each successful write becomes one `Data` from the local
//! side, each read one `Data` from the remote side, EOF a `HalfClose`,
//! `ECONNRESET` a `Reset`, a timed-out read a `Timeout`, and dropping it a
//! `Close`.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};

use super::{Event, Recorder, Side};

/// A `TcpStream` that records what crosses it.
#[derive(Debug)]
pub struct RecordingStream {
    stream: TcpStream,
    recorder: Recorder,
    conn: u32,
    local: Side,
    eof_seen: bool,
    reset_seen: bool,
    finished: bool,
}

impl RecordingStream {
    /// Wraps `stream`, opening a new connection `label` in `recorder`;
    /// `local_side` is the side this process plays.
    pub fn new(
        stream: TcpStream,
        recorder: impl Into<Recorder>,
        label: impl Into<String>,
        local_side: Side,
    ) -> Self {
        let recorder = recorder.into();
        let conn = recorder.open(label);
        Self::attach(stream, recorder, conn, local_side)
    }

    /// Wraps `stream` for a connection already opened in `recorder`.
    pub fn attach(stream: TcpStream, recorder: Recorder, conn: u32, local_side: Side) -> Self {
        RecordingStream {
            stream,
            recorder,
            conn,
            local: local_side,
            eof_seen: false,
            reset_seen: false,
            finished: false,
        }
    }

    /// The connection number in the recorder.
    pub fn conn(&self) -> u32 {
        self.conn
    }

    /// The side this process plays.
    pub fn local_side(&self) -> Side {
        self.local
    }

    /// The recorder (to add notes).
    pub fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    /// The underlying stream (for timeouts and addresses).
    pub fn get_ref(&self) -> &TcpStream {
        &self.stream
    }

    /// Whether the remote side's EOF has been read.
    pub fn eof_seen(&self) -> bool {
        self.eof_seen
    }

    /// Stops sending (`shutdown(SHUT_WR)`) and records a `HalfClose`.
    pub fn shutdown_write(&mut self) -> io::Result<()> {
        self.stream.shutdown(Shutdown::Write)?;
        self.recorder.record(Event::HalfClose {
            conn: self.conn,
            from: self.local,
        });
        Ok(())
    }

    /// Resets the connection: `SO_LINGER` 0 then close sends an RST.
    pub fn reset(mut self) -> io::Result<()> {
        socket2::SockRef::from(&self.stream).set_linger(Some(std::time::Duration::ZERO))?;
        self.recorder.record(Event::Reset {
            conn: self.conn,
            from: self.local,
        });
        self.finished = true;
        Ok(())
    }

    fn record_error(&mut self, err: &io::Error, reading: bool) {
        match err.kind() {
            io::ErrorKind::ConnectionReset if !self.reset_seen => {
                self.reset_seen = true;
                self.recorder.record(Event::Reset {
                    conn: self.conn,
                    from: self.local.other(),
                });
            }
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut if reading => {
                self.recorder.record(Event::Timeout {
                    conn: self.conn,
                    from: self.local,
                });
            }
            io::ErrorKind::Interrupted | io::ErrorKind::ConnectionReset => {}
            _ => self.recorder.note(
                Some(self.conn),
                format!("{} error: {err}", if reading { "read" } else { "write" }),
            ),
        }
    }
}

impl RecordingStream {
    /// Reads as [`Read::read`] does, except that an end of stream is not
    /// recorded as the other side's half-close when `cancelled()` says our
    /// own side ended the reading (a peer that shut down its reading half to
    /// make room for another client); that read returns `Ok(0)` unrecorded.
    pub(crate) fn read_unless(
        &mut self,
        buf: &mut [u8],
        cancelled: impl Fn() -> bool,
    ) -> io::Result<usize> {
        match self.stream.read(buf) {
            Ok(0) if cancelled() => Ok(0),
            other => self.record_read(buf, other),
        }
    }

    fn record_read(&mut self, buf: &[u8], got: io::Result<usize>) -> io::Result<usize> {
        match got {
            Ok(0) if !buf.is_empty() => {
                if !self.eof_seen {
                    self.eof_seen = true;
                    self.recorder.record(Event::HalfClose {
                        conn: self.conn,
                        from: self.local.other(),
                    });
                }
                Ok(0)
            }
            Ok(n) => {
                let bytes = buf[..n].to_vec();
                self.recorder.record(Event::Data {
                    conn: self.conn,
                    from: self.local.other(),
                    bytes,
                });
                Ok(n)
            }
            Err(e) => {
                self.record_error(&e, true);
                Err(e)
            }
        }
    }
}

impl Read for RecordingStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let got = self.stream.read(buf);
        self.record_read(buf, got)
    }
}

impl Write for RecordingStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.stream.write(buf) {
            Ok(n) => {
                if n > 0 {
                    let bytes = buf[..n].to_vec();
                    self.recorder.record(Event::Data {
                        conn: self.conn,
                        from: self.local,
                        bytes,
                    });
                }
                Ok(n)
            }
            Err(e) => {
                self.record_error(&e, false);
                Err(e)
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

impl Drop for RecordingStream {
    fn drop(&mut self) {
        if !self.finished {
            self.recorder.record(Event::Close {
                conn: self.conn,
                from: self.local,
            });
        }
    }
}
