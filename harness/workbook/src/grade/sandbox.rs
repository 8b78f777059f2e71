//! The sandbox each graded test runs in: a private network with only
//! loopback, no core dumps, and caps on memory and on the size of files.
//!
//! A learner's code is run by the instructor's machine, so it must not reach
//! the classroom network, the internet or the instructor's own servers; but
//! the exercise tests start their fake peers on 127.0.0.1, so loopback must
//! work. A new Linux network namespace gives exactly that: it holds one
//! interface, `lo`, which starts down, so the child brings it up.
//!
//! Creating a network namespace needs `CAP_SYS_ADMIN`. As root we simply
//! `unshare(CLONE_NEWNET)`; otherwise we first enter a new user namespace
//! (where we hold every capability until `exec`) and map our own uid and
//! gid into it, so files the tests write still belong to us. Some kernels
//! and containers forbid both; [`Sandbox::probe`] finds out once, and
//! grading goes on without isolation, saying so, rather than not at all.
//!
//! Everything in the `pre_exec` hook runs between `fork` and `exec`, where
//! only async-signal-safe calls are allowed: the byte strings it writes are
//! prepared before the fork, and it calls nothing but raw syscalls.

use std::ffi::CString;
use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

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
    /// The kernel refused a private network; tests share the host's.
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
    /// Tries a private network once (with `/bin/true`), and returns the
    /// sandbox to use with what it achieved.
    pub fn probe(memory_limit: Option<u64>) -> (Sandbox, Isolation) {
        let wanted = Sandbox {
            private_network: true,
            memory_limit,
        };
        let mut cmd = Command::new("true");
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let tried = wanted.confine(&mut cmd).and_then(|()| cmd.status());
        match tried {
            Ok(status) if status.success() => (wanted, Isolation::LoopbackOnly),
            Ok(status) => (
                Sandbox {
                    private_network: false,
                    memory_limit,
                },
                Isolation::HostNetwork {
                    reason: format!("the probe exited with {status}"),
                },
            ),
            Err(e) => (
                Sandbox {
                    private_network: false,
                    memory_limit,
                },
                Isolation::HostNetwork {
                    reason: format!("cannot create a network namespace: {e}"),
                },
            ),
        }
    }

    /// Arranges for `cmd`'s process to enter the sandbox before it runs.
    pub fn confine(&self, cmd: &mut Command) -> io::Result<()> {
        let maps = if self.private_network {
            Some(IdMaps::current()?)
        } else {
            None
        };
        let memory = self.memory_limit;
        // SAFETY: the hook only makes raw syscalls (unshare, open, write,
        // close, socket, ioctl, setrlimit) on data prepared before the fork.
        unsafe {
            cmd.pre_exec(move || {
                if let Some(maps) = &maps {
                    enter_private_network(maps)?;
                }
                set_limit(libc::RLIMIT_CORE, 0)?;
                set_limit(libc::RLIMIT_FSIZE, MAX_FILE_SIZE)?;
                if let Some(bytes) = memory {
                    set_limit(libc::RLIMIT_AS, bytes)?;
                }
                Ok(())
            });
        }
        Ok(())
    }
}

/// The uid and gid maps written when we are not root: our own ids, mapped
/// to themselves, prepared before the fork.
struct IdMaps {
    root: bool,
    uid_map: Vec<u8>,
    gid_map: Vec<u8>,
    uid_path: CString,
    gid_path: CString,
    setgroups_path: CString,
}

impl IdMaps {
    fn current() -> io::Result<IdMaps> {
        // SAFETY: getuid/getgid/geteuid cannot fail.
        let (uid, gid, euid) = unsafe { (libc::getuid(), libc::getgid(), libc::geteuid()) };
        let path = |p: &str| CString::new(p).map_err(io::Error::other);
        Ok(IdMaps {
            root: euid == 0,
            uid_map: format!("{uid} {uid} 1\n").into_bytes(),
            gid_map: format!("{gid} {gid} 1\n").into_bytes(),
            uid_path: path("/proc/self/uid_map")?,
            gid_path: path("/proc/self/gid_map")?,
            setgroups_path: path("/proc/self/setgroups")?,
        })
    }
}

/// In the child: a new network namespace with `lo` up.
fn enter_private_network(maps: &IdMaps) -> io::Result<()> {
    if maps.root {
        check(unsafe { libc::unshare(libc::CLONE_NEWNET) })?;
    } else {
        check(unsafe { libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNET) })?;
        // The kernel requires setgroups to be denied before an
        // unprivileged process may write a gid map.
        write_file(&maps.setgroups_path, b"deny")?;
        write_file(&maps.uid_path, &maps.uid_map)?;
        write_file(&maps.gid_path, &maps.gid_map)?;
    }
    loopback_up()
}

fn write_file(path: &CString, bytes: &[u8]) -> io::Result<()> {
    // SAFETY: raw open/write/close on a NUL-terminated path and a buffer
    // that outlive the calls.
    unsafe {
        let fd = check(libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC))?;
        let wrote = libc::write(fd, bytes.as_ptr().cast(), bytes.len());
        libc::close(fd);
        if wrote < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Sets `IFF_UP` on `lo`, as `ip link set lo up` does.
fn loopback_up() -> io::Result<()> {
    // SAFETY: ifreq is plain data; the ioctls read and write only it.
    unsafe {
        let fd = check(libc::socket(
            libc::AF_INET,
            libc::SOCK_DGRAM | libc::SOCK_CLOEXEC,
            0,
        ))?;
        let mut req: libc::ifreq = std::mem::zeroed();
        for (dst, src) in req.ifr_name.iter_mut().zip(b"lo\0") {
            *dst = *src as libc::c_char;
        }
        let result = check(libc::ioctl(fd, libc::SIOCGIFFLAGS, &mut req)).and_then(|_| {
            req.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short;
            check(libc::ioctl(fd, libc::SIOCSIFFLAGS, &req))
        });
        libc::close(fd);
        result.map(drop)
    }
}

fn set_limit(resource: libc::__rlimit_resource_t, bytes: u64) -> io::Result<()> {
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit reads the struct we pass.
    check(unsafe { libc::setrlimit(resource, &limit) }).map(drop)
}

fn check(ret: libc::c_int) -> io::Result<libc::c_int> {
    if ret < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
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
