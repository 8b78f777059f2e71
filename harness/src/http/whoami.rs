//! The room's HTTP service: every route of the `http` peer, plus
//! [`WHOAMI`], a page behind HTTP Basic authentication (RFC 7617) that
//! answers with the account that logged in.
//!
//! It gives a classroom's HTTP exercises something to log in to with the
//! same accounts as the mail services: without credentials, or with wrong
//! ones, the answer is `401` with a `WWW-Authenticate: Basic` challenge;
//! with an account's user and password it is `200` and the text
//! `user <user>\naddress <address>\n`.
//!
//! Layout: [`WHOAMI`], [`REALM`], [`start_with_accounts`], `whoami`,
//! `credentials`.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use super::server::{answer, conn_host, header, read_request, request_path, respond};
use crate::fault::FaultPlan;
use crate::peer::{Conn, PeerConfig, PeerHandle, spawn_tcp_with};
use crate::mail::Accounts;
use crate::mail::sasl::decode_base64;

/// The path that needs a login.
pub const WHOAMI: &str = "/whoami";
/// The protection space named in the challenge (RFC 7617 §2).
pub const REALM: &str = "workbook class";

/// Starts the `http` peer's routes plus [`WHOAMI`] for `accounts` on `bind`.
pub fn start_with_accounts(
    bind: SocketAddr,
    plan: FaultPlan,
    config: PeerConfig,
    accounts: Accounts,
) -> io::Result<PeerHandle> {
    let accounts = Arc::new(accounts);
    spawn_tcp_with("http", bind, plan, config, move |mut conn| {
        let Some((head, body)) = read_request(&mut conn)? else {
            return Ok(());
        };
        let path = request_path(&head);
        if path.split('?').next() == Some(WHOAMI) {
            return whoami(&mut conn, &head, &accounts);
        }
        answer(&mut conn, &path, &head, &body, conn_host(&head))
    })
}

/// Answers [`WHOAMI`]: 200 with the account, or 401 with a challenge.
fn whoami(conn: &mut Conn, head: &str, accounts: &Accounts) -> io::Result<()> {
    let text = ("Content-Type", "text/plain; charset=utf-8".to_string());
    let account = credentials(head).and_then(|(u, p)| accounts.check(&u, &p));
    match account {
        Some(a) => {
            let body = format!("user {}\naddress {}\n", a.user, a.address);
            respond(conn, "200 OK", &[text], body.as_bytes())
        }
        None => {
            let challenge = format!("Basic realm=\"{REALM}\", charset=\"UTF-8\"");
            respond(
                conn,
                "401 Unauthorized",
                &[text, ("WWW-Authenticate", challenge)],
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
