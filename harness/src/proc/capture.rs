//! The threads that read a program's stdout and stderr while it runs, so
//! it never blocks on a full pipe: each keeps the first [`CAPTURE_CAP`]
//! bytes, drops the rest, and on request also hands stdout over line by
//! line as the lines come (a server's "listening on …" first line).
//!
//! # Layout
//! [`capture`], and `Sink`, which keeps the bytes and splits the lines.

use std::io::{self, Read};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use super::CAPTURE_CAP;

/// Reads `pipe` to its end on a thread; the returned channel gets the first
/// [`CAPTURE_CAP`] bytes once it is closed. With `lines`, each line (its
/// `\n` or `\r\n` removed, lossily decoded, at most [`CAPTURE_CAP`] bytes)
/// is also sent there as soon as it is complete.
pub(super) fn capture(
    mut pipe: impl Read + Send + 'static,
    lines: Option<Sender<String>>,
) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut sink = Sink {
            kept: Vec::new(),
            line: Vec::new(),
            lines,
        };
        let mut buf = [0u8; 8192];
        loop {
            match pipe.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => sink.take(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        if !sink.line.is_empty() {
            sink.end_line(); // A last line without its line end.
        }
        let _ = tx.send(sink.kept);
    });
    rx
}

/// What one pipe's reader keeps.
struct Sink {
    kept: Vec<u8>,
    /// The line being read (only when lines are wanted).
    line: Vec<u8>,
    /// Where lines go; dropped once nobody listens.
    lines: Option<Sender<String>>,
}

impl Sink {
    fn take(&mut self, bytes: &[u8]) {
        let room = CAPTURE_CAP - self.kept.len();
        self.kept.extend_from_slice(&bytes[..bytes.len().min(room)]);
        if self.lines.is_none() {
            return;
        }
        for &b in bytes {
            if b == b'\n' {
                self.end_line();
            } else if self.line.len() < CAPTURE_CAP {
                self.line.push(b);
            }
        }
    }

    fn end_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        let text = String::from_utf8_lossy(line).into_owned();
        if self.lines.as_ref().is_some_and(|tx| tx.send(text).is_err()) {
            self.lines = None;
        }
    }
}
