//! Real programs as clients (DESIGN.md §9): several netcat-openbsd `nc`
//! processes at once talk to `server_02` on every engine and to
//! `chat_server`, as a user would. Skips visibly when `nc` is missing and
//! fails instead under `WORKBOOK_REQUIRE_PEERS=1`.

mod common;

use std::process::{Command, Stdio};

use common::{LIMIT, Process};

/// Starts `nc -N` with `input`; the child, to collect later.
fn nc(port: u16, input: &'static [u8]) -> std::process::Child {
    let mut child = Command::new("nc")
        .args(["-N", "127.0.0.1", &port.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || std::io::Write::write_all(&mut stdin, input));
    child
}

fn output(child: std::process::Child) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    let out = rx.recv_timeout(LIMIT).expect("nc did not finish").unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn have_nc() -> bool {
    harness::real::available(
        "netcat-openbsd (nc)",
        &["sh", "-c", "nc -h 2>&1 | grep -q -- -N"],
    )
}

#[test]
fn several_nc_clients_at_once_on_every_engine() {
    if !have_nc() {
        return;
    }
    for engine in ["poll", "coroutine", "tokio"] {
        let server = Process::start(
            "server_02",
            &["127.0.0.1", "0", "--quiet", "--engine", engine],
        );
        let port = server.addr().port();
        let clients: Vec<_> = [&b"cab\r\nd\r\n"[..], b"zzz\r\n.quit\r\n", b"hello\r\n"]
            .into_iter()
            .map(|input| nc(port, input))
            .collect();
        let outs: Vec<String> = clients.into_iter().map(output).collect();
        assert_eq!(outs, ["abc\r\nabcd\r\n", "z\r\n", "ehlo\r\n"], "{engine}");
    }
}

#[test]
fn nc_clients_chat() {
    if !have_nc() {
        return;
    }
    let server = Process::start("chat_server", &["127.0.0.1", "0"]);
    let out = output(nc(
        server.addr().port(),
        b"/login solo\r\nanyone here?\r\n/who\r\n/quit\r\n",
    ));
    assert_eq!(
        out,
        "* hello; log in with /login NAME PASSWORD\r\n* welcome, solo\r\nsolo: anyone here?\r\n* online: solo\r\n"
    );
}
