//! One of a chapter's server programs, run by a test as a real process.
//!
//! The chapters' servers print a first line naming their port once they
//! listen (`listening on 127.0.0.1 port 40123`, or an address as in
//! `daytime server on 127.0.0.1:40123 (UDP and TCP)`); a test starts the
//! program with port 0, reads that line to learn the port (no sleeping, no
//! fixed port), talks to it, and reads what else it prints, each read
//! bounded by [`PROGRAM_LIMIT`]. It runs as a [`Running`]: in its own
//! process group, killed with the group when the value is dropped.
//!
//! # Layout
//! [`PROGRAM_LIMIT`], [`ServerProgram`], `port_in` (the first line's port).

use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use super::Running;

/// Longest wait for a program: a line of its output, its exit.
pub const PROGRAM_LIMIT: Duration = Duration::from_secs(20);

/// A server program whose stdout is read line by line; killed on drop.
#[derive(Debug)]
pub struct ServerProgram {
    running: Running,
    lines: Receiver<String>,
    /// The port it printed.
    pub port: u16,
    /// The first line it printed (the one that named the port), for a test
    /// that shows the program's output in the book.
    pub first_line: String,
}

impl ServerProgram {
    /// Starts the package's binary `name` (built by cargo for the test)
    /// with `args`, and reads its first line, which must name its port:
    /// `... port N` or an address `IP:PORT`.
    ///
    /// # Panics
    /// When it cannot start, prints nothing in time, or names no port: the
    /// test cannot go on, and the panic says which.
    pub fn start(name: &str, args: &[&str]) -> ServerProgram {
        Self::start_with_env(name, args, &[])
    }

    /// [`ServerProgram::start`] with these environment variables set for
    /// the program.
    ///
    /// # Panics
    /// As [`ServerProgram::start`].
    pub fn start_with_env(name: &str, args: &[&str], env: &[(&str, &str)]) -> ServerProgram {
        let path = assert_cmd::cargo::cargo_bin(name);
        let mut command = Command::new(&path);
        command.args(args).stdin(Stdio::null());
        command.envs(env.iter().copied());
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        // The time limit bounds `finish`, not the test: it is not used.
        let (running, lines) = Running::spawn_reading_lines(command, PROGRAM_LIMIT)
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", path.display()));
        let mut server = ServerProgram {
            running,
            lines,
            port: 0,
            first_line: String::new(),
        };
        let first = server.line();
        server.port =
            port_in(&first).unwrap_or_else(|| panic!("{name} printed {first:?}, with no port"));
        server.first_line = first;
        server
    }

    /// The next line it prints.
    ///
    /// # Panics
    /// When none comes within [`PROGRAM_LIMIT`].
    pub fn line(&self) -> String {
        self.lines
            .recv_timeout(PROGRAM_LIMIT)
            .expect("the server printed nothing more in time")
    }

    /// The lines it prints before one that contains `want`.
    ///
    /// # Panics
    /// When no such line comes within [`PROGRAM_LIMIT`] of the last.
    pub fn until(&self, want: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            match self.lines.recv_timeout(PROGRAM_LIMIT) {
                Ok(l) if l.contains(want) => return seen,
                Ok(l) => seen.push(l),
                Err(_) => panic!("no line with {want:?}; saw {seen:#?}"),
            }
        }
    }

    /// Its process id (for a look at its memory or limits in `/proc`).
    pub fn pid(&self) -> u32 {
        self.running.pid()
    }

    /// Whether it is still running (a crash shows here).
    pub fn is_running(&mut self) -> bool {
        !self.running.has_exited()
    }

    /// Its address on 127.0.0.1.
    pub fn addr(&self) -> SocketAddr {
        self.addr_on([127, 0, 0, 1])
    }

    /// Its address on another loopback address (all of 127.0.0.0/8 is
    /// loopback; chapter 2's two servers share a port on two of them).
    pub fn addr_on(&self, ip: [u8; 4]) -> SocketAddr {
        SocketAddr::from((ip, self.port))
    }

    /// An `http://127.0.0.1:PORT/...` URL for `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Waits for it to exit by itself, up to [`PROGRAM_LIMIT`] (past the
    /// limit its group is killed); returns whether it succeeded, and its
    /// stderr.
    pub fn finish(mut self) -> (bool, String) {
        let exited = self.running.wait_exit_until(Instant::now() + PROGRAM_LIMIT);
        let run = self.running.finish();
        if !exited {
            return (
                false,
                format!("still running after {PROGRAM_LIMIT:?}: killed"),
            );
        }
        (
            run.success(),
            String::from_utf8_lossy(&run.stderr).into_owned(),
        )
    }
}

/// The port a server's first line names: `... port N`, or a word `IP:PORT`.
fn port_in(line: &str) -> Option<u16> {
    let words = line.split_whitespace();
    let addr = words
        .map(|w| w.trim_end_matches([',', '.', ')', ';']))
        .find_map(|w| w.parse::<SocketAddr>().ok())
        .map(|a| a.port());
    addr.or_else(|| line.rsplit("port ").next()?.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::port_in;

    #[test]
    fn finds_the_port_in_either_kind_of_first_line() {
        assert_eq!(port_in("Server started on port 4242"), Some(4242));
        assert_eq!(port_in("listening on 127.0.0.1:5353 (poll)"), Some(5353));
        assert_eq!(
            port_in("daytime server on 127.0.0.1:1313 (UDP and TCP); Ctrl-C stops it"),
            Some(1313)
        );
        assert_eq!(port_in("no port here"), None);
    }
}
