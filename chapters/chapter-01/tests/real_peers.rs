//! Real programs on both sides of our DNS code (DESIGN.md §9): `dig`
//! (bind9-dnsutils) asks the harness's fake DNS server, and our client asks
//! dnsmasq (dnsmasq-base), each on a loopback port. Each test skips with a
//! visible message when its program is missing, and fails instead under
//! `WORKBOOK_REQUIRE_PEERS=1`.

use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chapter_01::dns::RecordType;
use chapter_01::dns::client::{Options, Resolver};
use harness::dns::dns_peer;
use harness::peer::PeerHandle;
use rstest::rstest;

fn dig(server: SocketAddr, args: &[&str]) -> String {
    let out = Command::new("dig")
        .arg(format!("@{}", server.ip()))
        .args(["-p", &server.port().to_string(), "+tries=2", "+time=3"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "dig failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[rstest]
fn dig_reads_the_fake_servers_answers(dns_peer: PeerHandle) {
    if !harness::real::available("dig (bind9-dnsutils)", &["dig", "-v"]) {
        return;
    }
    let addr = dns_peer.addr();
    let full = dig(addr, &["www.workbook.test", "A"]);
    assert!(full.contains("status: NOERROR"), "{full}");
    assert!(
        full.contains("www.workbook.test.\t300\tIN\tCNAME\tweb.workbook.test."),
        "{full}"
    );
    assert!(
        full.contains("web.workbook.test.\t300\tIN\tA\t192.0.2.10"),
        "{full}"
    );
    assert!(dig(addr, &["nowhere.workbook.test"]).contains("status: NXDOMAIN"));
    assert_eq!(
        dig(addr, &["+short", "-x", "192.0.2.10"]),
        "web.workbook.test.\n"
    );
    // 40 records do not fit in 512 bytes: dig gets TC and retries over TCP.
    let many = dig(addr, &["+short", "many.workbook.test"]);
    assert_eq!(many.lines().count(), 40, "{many}");
    let tcp = dig(addr, &["+tcp", "+short", "six.workbook.test", "AAAA"]);
    assert_eq!(tcp, "2001:db8::6\n");
}

/// A dnsmasq on a loopback port, killed and reaped on drop.
struct Dnsmasq {
    child: Child,
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl Drop for Dnsmasq {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port free for both UDP and TCP right now (dnsmasq binds both); another
/// process can still take it before dnsmasq does, so the caller retries.
fn free_udp_and_tcp_port() -> u16 {
    loop {
        let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
        let port = udp.local_addr().unwrap().port();
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

fn start_dnsmasq() -> Dnsmasq {
    // A port picked here can be taken by a parallel test before dnsmasq binds
    // it; that is the only failure worth another try.
    let mut last = String::new();
    for _ in 0..5 {
        let mut d = spawn_dnsmasq(free_udp_and_tcp_port());
        match wait_until_answering(&mut d) {
            Ok(()) => return d,
            Err(e) if e.contains("Address already in use") => last = e,
            Err(e) => panic!("{e}"),
        }
    }
    panic!("dnsmasq found no free port in 5 tries: {last}");
}

fn spawn_dnsmasq(port: u16) -> Dnsmasq {
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new("dnsmasq")
        .args([
            "--no-daemon",
            "--conf-file=/dev/null",
            "--no-resolv",
            "--no-hosts",
            "--bind-interfaces",
            "--listen-address=127.0.0.1",
            &format!("--port={port}"),
            &format!("--pid-file={}", dir.path().join("dnsmasq.pid").display()),
            "--user=root", // stay unprivileged-ish: no drop to a user that may not exist
            "--host-record=real.example.test,192.0.2.77,2001:db8::77",
            "--cname=alias.example.test,real.example.test",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    Dnsmasq {
        child,
        addr: SocketAddr::from(([127, 0, 0, 1], port)),
        _dir: dir,
    }
}

/// Asks until dnsmasq answers (it binds after it starts), bounded by a
/// deadline; a dnsmasq that exits (port taken, bad option) is an error with
/// its own message.
fn wait_until_answering(d: &mut Dnsmasq) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut r = quick_resolver(d.addr);
    while Instant::now() < deadline {
        if r.query("real.example.test", RecordType::A).is_ok() {
            return Ok(());
        }
        if let Ok(Some(status)) = d.child.try_wait() {
            let mut err = String::new();
            if let Some(mut e) = d.child.stderr.take() {
                use std::io::Read;
                let _ = e.read_to_string(&mut err);
            }
            return Err(format!("dnsmasq exited ({status}) before answering: {err}"));
        }
    }
    Err(format!("dnsmasq did not answer on {} within 10 s", d.addr))
}

fn quick_resolver(addr: SocketAddr) -> Resolver {
    Resolver::new(
        addr,
        Options {
            timeout: Duration::from_millis(200),
            attempts: 1,
            first_id: 77,
        },
    )
}

#[test]
fn our_client_resolves_through_dnsmasq() {
    if !harness::real::available("dnsmasq (dnsmasq-base)", &["dnsmasq", "--version"]) {
        return;
    }
    let d = start_dnsmasq();
    let mut r = Resolver::new(
        d.addr,
        Options {
            timeout: Duration::from_secs(2),
            attempts: 3,
            first_id: 1000,
        },
    );
    let info = r.lookup_host("alias.example.test").unwrap();
    assert_eq!(info.name, "real.example.test");
    assert_eq!(info.aliases, ["alias.example.test"]);
    let want: Vec<IpAddr> = vec![
        "192.0.2.77".parse().unwrap(),
        "2001:db8::77".parse().unwrap(),
    ];
    assert_eq!(info.addresses, want);
    let back = r.lookup_host("192.0.2.77").unwrap();
    assert_eq!(back.name, "real.example.test");
}
