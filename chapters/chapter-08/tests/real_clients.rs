//! Real POP3 clients against the fake server (DESIGN.md §9): curl's
//! `pop3://` and Python's poplib list, fetch and delete; what they get is
//! the stored message, byte for byte. Each test skips visibly when its
//! program is missing (fails under WORKBOOK_REQUIRE_PEERS=1).

mod common;

use std::process::Command;

use common::{fixture, password};
use harness::pop3::start_on_fixtures;
use harness::real::available;

const PYTHON: &str = "/usr/bin/python3";

#[test]
fn curl_lists_and_retrieves() {
    if !available("curl", &["curl", "--version"]) {
        return;
    }
    let pop = start_on_fixtures();
    let base = format!("pop3://127.0.0.1:{}", pop.addr().port());
    let user = format!("titania:{}", password("titania"));
    let run = |path: &str| {
        let out = Command::new("curl")
            .args(["-sS", "--max-time", "20", "-u", &user])
            .arg(format!("{base}/{path}"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let list = String::from_utf8(run("")).unwrap();
    assert_eq!(list.lines().count(), 3, "{list}");
    assert!(
        list.starts_with(&format!("1 {}", fixture("titania", 1).len())),
        "{list}"
    );
    assert_eq!(
        run("1"),
        fixture("titania", 1),
        "dot-stuffed lines come back unstuffed"
    );
    assert_eq!(run("2"), fixture("titania", 2));
    let t = pop.stop().render();
    assert!(!t.contains(&password("titania")), "{t}");
}

/// poplib: USER/PASS and APOP, STAT, LIST, UIDL, TOP, RETR, DELE, QUIT.
const POPLIB: &str = r#"
import poplib, sys
host, port, user, pw, path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
expected = open(path, "rb").read()
m = poplib.POP3(host, port, timeout=20)
m.user(user)
m.pass_(pw)
count, size = m.stat()
resp, lines, octets = m.retr(1)
got = b"\r\n".join(lines) + b"\r\n"
assert got == expected, (got, expected)
assert octets >= len(expected)
resp, head, _ = m.top(1, 0)
assert head[-1] == b"", head
uids = m.uidl()[1]
m.dele(count)
m.quit()
a = poplib.POP3(host, port, timeout=20)
a.apop(user, pw)
print(count, a.stat()[0], len(uids))
a.quit()
"#;

#[test]
fn pythons_poplib_fetches_and_deletes() {
    if !available("Python's poplib", &[PYTHON, "-c", "import poplib"]) {
        return;
    }
    let pop = start_on_fixtures();
    let before = pop.files("titania");
    let path = harness::pop3::fixtures_dir().join("titania/0001.eml");
    let out = Command::new(PYTHON)
        .args([
            "-c",
            POPLIB,
            "127.0.0.1",
            &pop.addr().port().to_string(),
            "titania",
        ])
        .arg(password("titania"))
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "3 2 3");
    assert_eq!(pop.files("titania"), before[..2].to_vec());
}
