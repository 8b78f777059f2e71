//! One of a chapter's server programs, run by a test as a real process.
//!
//! The chapters' servers print a first line ending in `port N` once they
//! listen (`listening on 127.0.0.1 port 40123`); a test starts the program
//! with port 0, reads that line to learn the port (no sleeping, no fixed
//! port), talks to it, and reads what else it prints, each read bounded by
//! [`PROGRAM_LIMIT`]. The process is killed when the value is dropped.
//! (Chapter 4's servers print an address, `... on 127.0.0.1:PORT`; that
//! names the port too.)
//!
//! For programs that run and end, [`bin`] gives the assert_cmd command
//! with a time limit, and [`assert_every_help`] checks each program's
//! `--help`.
//!
//! Layout: [`PROGRAM_LIMIT`], [`ServerProgram`], [`BIN_LIMIT`], [`bin`],
//! [`assert_every_help`].

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Longest wait for a program: a line of its output, its exit.
pub const PROGRAM_LIMIT: Duration = Duration::from_secs(20);

/// Most bytes of a server's stderr kept (the rest is read and dropped, so
/// a chatty server never blocks on a full pipe).
const STDERR_CAP: usize = 1 << 20;

/// A server program whose stdout is read line by line; killed on drop.
#[derive(Debug)]
pub struct ServerProgram {
    child: Child,
    lines: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
    /// The port it printed.
    pub port: u16,
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
        let path = assert_cmd::cargo::cargo_bin(name);
        let mut child = Command::new(&path)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", path.display()));
        let (tx, lines) = mpsc::channel();
        let out = BufReader::new(child.stdout.take().expect("stdout is piped"));
        std::thread::spawn(move || {
            out.lines()
                .map_while(Result::ok)
                .try_for_each(|l| tx.send(l))
        });
        let (tx, stderr) = mpsc::channel();
        let err = child.stderr.take().expect("stderr is piped");
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let _ = err.take(STDERR_CAP as u64).read_to_end(&mut kept);
            let _ = tx.send(String::from_utf8_lossy(&kept).into_owned());
        });
        let mut server = ServerProgram {
            child,
            lines,
            stderr,
            port: 0,
        };
        let first = server.line();
        server.port =
            port_in(&first).unwrap_or_else(|| panic!("{name} printed {first:?}, with no port"));
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

    /// Waits for it to exit by itself, up to [`PROGRAM_LIMIT`] (its stderr
    /// closing is the signal; past the limit it is killed); returns whether
    /// it succeeded, and its stderr.
    pub fn finish(mut self) -> (bool, String) {
        match self.stderr.recv_timeout(PROGRAM_LIMIT) {
            Ok(stderr) => {
                let success = self.child.wait().is_ok_and(|s| s.success());
                (success, stderr)
            }
            Err(_) => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                (
                    false,
                    format!("still running after {PROGRAM_LIMIT:?}: killed"),
                )
            }
        }
    }
}

/// The port a server's first line names: `... port N`, or a word `IP:PORT`.
fn port_in(line: &str) -> Option<u16> {
    let words = line.split_whitespace();
    let addr = words
        .map(|w| w.trim_end_matches([',', '.', ')']))
        .find_map(|w| w.parse::<SocketAddr>().ok())
        .map(|a| a.port());
    addr.or_else(|| line.rsplit("port ").next()?.trim().parse().ok())
}

impl Drop for ServerProgram {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Longest run of a program started with [`bin`] (generous: some write
/// large files or wait on slow peers), after which assert_cmd kills it and
/// the test fails instead of hanging.
pub const BIN_LIMIT: Duration = Duration::from_secs(60);

/// The package's binary `name` (built by cargo for the test) as an
/// assert_cmd command, killed after [`BIN_LIMIT`].
///
/// # Panics
/// When cargo did not build such a binary.
pub fn bin(name: &str) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin(name)
        .unwrap_or_else(|e| panic!("no binary {name} in this package: {e}"));
    cmd.timeout(BIN_LIMIT);
    cmd
}

/// Checks that every program in `names` answers `--help` with a usage.
///
/// # Panics
/// On the first one that does not, saying which.
pub fn assert_every_help(names: &[&str]) {
    for name in names {
        let out = bin(name)
            .arg("--help")
            .output()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("Usage"),
            "{name} --help: {}\n{stdout}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::port_in;

    #[test]
    fn finds_the_port_in_either_kind_of_first_line() {
        assert_eq!(port_in("Server started on port 4242"), Some(4242));
        assert_eq!(port_in("listening on 127.0.0.1:5353 (poll)"), Some(5353));
        assert_eq!(port_in("no port here"), None);
    }
}
