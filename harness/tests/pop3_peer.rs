//! The harness's fake POP3 server against real POP3 clients (DESIGN.md
//! §9): curl's `pop3://` and Python's poplib list, fetch and delete; what
//! they get is the stored message, byte for byte. Each test skips visibly
//! when its program is missing (fails under WORKBOOK_REQUIRE_PEERS=1). The
//! harness's own client reads the same maildrop as a cross-check.

use std::process::Command;

use harness::mail::Pop3Client;
use harness::pop3::{fixture_accounts, fixtures_dir, start_on_fixtures};
use harness::real::{available, run};

const PYTHON: &str = "/usr/bin/python3";

/// The password of a fixture account (`fixtures/mail/accounts.toml`).
fn password(user: &str) -> String {
    fixture_accounts()
        .list
        .into_iter()
        .find(|a| a.user == user)
        .map(|a| a.password)
        .expect("a fixture account")
}

/// The fixture message `user/NNNN.eml`.
fn fixture(user: &str, n: u32) -> Vec<u8> {
    std::fs::read(fixtures_dir().join(format!("{user}/{n:04}.eml"))).unwrap()
}

#[test]
fn the_harness_client_retrieves_every_message_as_stored() {
    let pop = start_on_fixtures();
    let (mut c, greeting) = Pop3Client::connect(pop.addr()).unwrap();
    assert!(greeting.starts_with("+OK"), "{greeting}");
    c.login("titania", &password("titania")).unwrap();
    let all = c.retrieve_all().unwrap();
    let want: Vec<Vec<u8>> = (1..=3).map(|n| fixture("titania", n)).collect();
    assert_eq!(all, want, "dot-stuffed lines come back unstuffed");
    assert!(c.quit().unwrap().starts_with("+OK"));
    let refused = Pop3Client::connect(pop.addr())
        .and_then(|(mut c, _)| c.login("titania", "wrong"))
        .unwrap_err();
    assert_eq!(refused.kind(), std::io::ErrorKind::PermissionDenied);
    assert!(!refused.to_string().contains("wrong"), "{refused}");
}

#[test]
fn curl_lists_and_retrieves() {
    if !available("curl", &["curl", "--version"]) {
        return;
    }
    let pop = start_on_fixtures();
    let base = format!("pop3://127.0.0.1:{}", pop.addr().port());
    let user = format!("titania:{}", password("titania"));
    let fetch = |path: &str| {
        let mut curl = Command::new("curl");
        curl.args(["-sS", "--max-time", "20", "-u", &user])
            .arg(format!("{base}/{path}"));
        run(curl)
    };
    let list = String::from_utf8(fetch("")).unwrap();
    assert_eq!(list.lines().count(), 3, "{list}");
    assert!(
        list.starts_with(&format!("1 {}", fixture("titania", 1).len())),
        "{list}"
    );
    assert_eq!(
        fetch("1"),
        fixture("titania", 1),
        "dot-stuffed lines come back unstuffed"
    );
    assert_eq!(fetch("2"), fixture("titania", 2));
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
    let path = fixtures_dir().join("titania/0001.eml");
    let mut python = Command::new(PYTHON);
    python
        .args(["-c", POPLIB, "127.0.0.1", &pop.addr().port().to_string()])
        .arg("titania")
        .arg(password("titania"))
        .arg(path);
    let out = run(python);
    assert_eq!(String::from_utf8_lossy(&out).trim(), "3 2 3");
    assert_eq!(pop.files("titania"), before[..2].to_vec());
}
