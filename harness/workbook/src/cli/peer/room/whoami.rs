//! The room's HTTP service: every route of the `http` peer
//! ([`harness::http::route`]), plus [`WHOAMI`], a page behind HTTP Basic
//! authentication (RFC 7617) that answers with the account that logged in.
//!
//! It gives a classroom's HTTP exercises something to log in to with the
//! same accounts as the mail services: without credentials, or with wrong
//! ones, the answer is `401` with a `WWW-Authenticate: Basic` challenge;
//! with an account's user and password it is `200` and the text
//! `user <user>\naddress <address>\n`.
//!
//! Like the routes it wraps, the answer is sans-I/O ([`answer`]); the
//! `http` peer's driver ([`harness::http::start_routed`]) does the rest.
//!
//! # Layout
//! [`WHOAMI`], [`REALM`], [`start`], [`answer`], `whoami`, `credentials`.

use std::io;
use std::net::SocketAddr;

use harness::fault::FaultPlan;
use harness::http::route::{header, request_path};
use harness::http::{Response, route, start_routed};
use harness::mail::Accounts;
use harness::mail::sasl::decode_base64;
use harness::peer::{PeerConfig, PeerHandle};

/// The path that needs a login.
pub(super) const WHOAMI: &str = "/whoami";
/// The protection space named in the challenge (RFC 7617 §2).
pub(super) const REALM: &str = "workbook class";

/// Starts the `http` peer's routes plus [`WHOAMI`] for `accounts` on `bind`.
pub(super) fn start(
    bind: SocketAddr,
    plan: FaultPlan,
    config: PeerConfig,
    accounts: Accounts,
) -> io::Result<PeerHandle> {
    start_routed(bind, plan, config, move |head, body| {
        answer(head, body, &accounts)
    })
}

/// The answer to a request: [`WHOAMI`] here, anything else as the `http`
/// peer answers it.
pub(super) fn answer(head: &str, body: &[u8], accounts: &Accounts) -> Response {
    if request_path(head).split('?').next() == Some(WHOAMI) {
        whoami(head, accounts)
    } else {
        route(head, body)
    }
}

/// Answers [`WHOAMI`]: 200 with the account, or 401 with a challenge.
fn whoami(head: &str, accounts: &Accounts) -> Response {
    let text = ("Content-Type", "text/plain; charset=utf-8");
    match credentials(head).and_then(|(u, p)| accounts.check(&u, &p)) {
        Some(a) => {
            let body = format!("user {}\naddress {}\n", a.user, a.address);
            Response::page("200 OK", &[text], body.as_bytes())
        }
        None => {
            let challenge = format!("Basic realm=\"{REALM}\", charset=\"UTF-8\"");
            Response::page(
                "401 Unauthorized",
                &[text, ("WWW-Authenticate", &challenge)],
                b"log in with your class account's user name and password\n",
            )
        }
    }
}

/// The user and password of an `Authorization: Basic` header (RFC 7617
/// §2: base64 of `user:password`, split at the first colon).
fn credentials(head: &str) -> Option<(String, String)> {
    let value = header(head, "authorization")?;
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(decode_base64(token.trim().as_bytes())?).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use harness::mail::sasl::encode_base64;

    fn get(path: &str, login: Option<(&str, &str)>) -> Response {
        let auth = login.map_or(String::new(), |(u, p)| {
            let token = encode_base64(format!("{u}:{p}").as_bytes());
            format!("Authorization: Basic {token}\r\n")
        });
        let head = format!("GET {path} HTTP/1.1\r\nHost: class\r\n{auth}");
        answer(&head, b"", &Accounts::test())
    }

    fn status(r: &Response) -> &str {
        match r {
            Response::Page { status, .. } => status,
            other => panic!("not a page: {other:?}"),
        }
    }

    #[test]
    fn the_right_password_gets_the_account() {
        let ok = get("/whoami", Some(("puck", "goodfellow")));
        assert_eq!(status(&ok), "200 OK");
        let bytes = ok.to_bytes();
        assert!(bytes.ends_with(b"\r\n\r\nuser puck\naddress puck@fairy.example\n"));
    }

    #[test]
    fn no_or_wrong_credentials_get_a_basic_challenge() {
        for login in [
            None,
            Some(("puck", "wrong")),
            Some(("nobody", "goodfellow")),
        ] {
            let no = get("/whoami?x=1", login);
            assert_eq!(status(&no), "401 Unauthorized", "{login:?}");
            let text = String::from_utf8(no.to_bytes()).unwrap();
            assert!(text.contains("WWW-Authenticate: Basic realm=\"workbook class\""));
        }
        let head = "GET /whoami HTTP/1.1\r\nAuthorization: Bearer abc\r\n";
        assert_eq!(credentials(head), None);
    }

    #[test]
    fn other_paths_are_the_http_peers() {
        let head = "GET /redirect/1 HTTP/1.1\r\nHost: class\r\n";
        assert_eq!(get("/redirect/1", None), route(head, b""));
    }
}
