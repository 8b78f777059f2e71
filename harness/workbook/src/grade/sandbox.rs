//! The sandbox each graded test runs in: a private network with only
//! loopback, no core dumps, and caps on memory and on the size of files.
//!
//! A learner's code is run by the instructor's machine, so it must not reach
//! the classroom network, the internet or the instructor's own servers; but
//! the exercise tests start their fake peers on 127.0.0.1, so loopback must
//! work. A new Linux network namespace gives exactly that
//! (`sandbox/network.rs`); other systems have nothing like it, so there
//! grading goes on with the host's network and says so, as it does where
//! the kernel or a container forbids namespaces ([`Sandbox::probe`] finds
//! out once).
//!
//! The limits (`setrlimit`) and the network are set up in the child, in a
//! `pre_exec` hook that runs between `fork` and `exec`, where only
//! async-signal-safe calls are allowed: everything it writes is prepared
//! before the fork, and it calls nothing but raw system calls (`rustix`).

use std::io;
use std::process::{Command, Stdio};

#[cfg(target_os = "linux")]
mod network;

/// Largest file a test process may write (`RLIMIT_FSIZE`): a test that
/// writes without end gets SIGXFSZ, reported as a crash, before the disk
/// is full.
pub const MAX_FILE_SIZE: u64 = 1 << 30;

/// How a test process is confined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sandbox {
    /// Run in a private network namespace with only loopback.
    pub private_network: bool,
    /// Address-space cap in bytes (`RLIMIT_AS`); `None` leaves it alone.
    pub memory_limit: Option<u64>,
}

/// What [`Sandbox::probe`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Isolation {
    /// Tests run with only loopback.
    LoopbackOnly,
    /// No private network could be made; tests share the host's.
    HostNetwork {
        /// Why the private network could not be made.
        reason: String,
    },
}

impl Isolation {
    /// One line for the terminal and the summary report.
    pub fn describe(&self) -> String {
        match self {
            Isolation::LoopbackOnly => "network: private namespace, loopback only".to_owned(),
            Isolation::HostNetwork { reason } => {
                format!("network: NOT isolated ({reason}); learners' tests can reach the network")
            }
        }
    }
}

impl Sandbox {
    /// Tries a private network once (with `true`), and returns the sandbox
    /// to use with what it achieved.
    pub fn probe(memory_limit: Option<u64>) -> (Sandbox, Isolation) {
        let host = |reason: String| {
            let sandbox = Sandbox {
                private_network: false,
                memory_limit,
            };
            (sandbox, Isolation::HostNetwork { reason })
        };
        if !cfg!(target_os = "linux") {
            return host(if cfg!(unix) {
                "a private network per test needs Linux's network namespaces".into()
            } else {
                "the sandbox is Linux's: on Windows tests run with no private network \
                 and no memory or file-size limits"
                    .into()
            });
        }
        let wanted = Sandbox {
            private_network: true,
            memory_limit,
        };
        let mut cmd = Command::new("true");
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        match wanted.confine(&mut cmd).and_then(|()| cmd.status()) {
            Ok(status) if status.success() => (wanted, Isolation::LoopbackOnly),
            Ok(status) => host(format!("the probe exited with {status}")),
            Err(e) => host(format!("cannot create a network namespace: {e}")),
        }
    }

    /// Arranges for `cmd`'s process to enter the sandbox before it runs.
    #[cfg(unix)]
    pub fn confine(&self, cmd: &mut Command) -> io::Result<()> {
        use std::os::unix::process::CommandExt;
        #[cfg(target_os = "linux")]
        let network = self.private_network.then(network::Ids::current);
        let memory = self.memory_limit;
        // SAFETY: the hook runs between fork and exec; it makes only raw
        // system calls (unshare, open, write, socket, ioctl, setrlimit) on
        // data prepared before the fork, and allocates nothing.
        unsafe {
            cmd.pre_exec(move || {
                #[cfg(target_os = "linux")]
                if let Some(ids) = &network {
                    network::enter(ids)?;
                }
                set_limits(memory)
            });
        }
        Ok(())
    }

    /// Arranges for `cmd`'s process to enter the sandbox: nothing to do
    /// where there are no rlimits.
    #[cfg(not(unix))]
    pub fn confine(&self, _cmd: &mut Command) -> io::Result<()> {
        Ok(())
    }
}

/// In the child: no core dumps, [`MAX_FILE_SIZE`], and `memory` bytes of
/// address space.
#[cfg(unix)]
fn set_limits(memory: Option<u64>) -> io::Result<()> {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let cap = |resource, bytes| {
        let limit = Some(bytes);
        setrlimit(
            resource,
            Rlimit {
                current: limit,
                maximum: limit,
            },
        )
    };
    cap(Resource::Core, 0)?;
    cap(Resource::Fsize, MAX_FILE_SIZE)?;
    if let Some(bytes) = memory {
        cap(Resource::As, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::time::Duration;

    /// Run inside the sandbox by [`the_sandbox_has_only_a_working_loopback`];
    /// run on its own it checks the same things on the host, where they hold too.
    #[test]
    fn child_lists_interfaces_and_talks_on_loopback() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut server, _) = listener.accept().unwrap();
        server
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        client.write_all(b"x").unwrap();
        let mut byte = [0u8; 1];
        server.read_exact(&mut byte).unwrap();
        let dev = std::fs::read_to_string("/proc/self/net/dev").unwrap();
        for line in dev.lines().skip(2) {
            println!("interface {}", line.split(':').next().unwrap_or("").trim());
        }
    }

    #[test]
    fn the_sandbox_has_only_a_working_loopback() {
        let (sandbox, isolation) = Sandbox::probe(Some(8 << 30));
        if isolation != Isolation::LoopbackOnly {
            // Visible, like the real-peer tests: some containers forbid namespaces.
            eprintln!("skipped: {}", isolation.describe());
            return;
        }
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args([
            "grade::sandbox::tests::child_lists_interfaces_and_talks_on_loopback",
            "--exact",
            "--nocapture",
        ]);
        sandbox.confine(&mut cmd).unwrap();
        let out = cmd.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let interfaces: Vec<&str> = stdout
            .lines()
            .filter_map(|l| l.strip_prefix("interface "))
            .collect();
        assert_eq!(interfaces, ["lo"], "{stdout}");
    }
}
