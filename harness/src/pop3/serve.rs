//! The connection loop of the fake POP3 server: reads command lines (capped
//! at 255 octets, RFC 2449 §4), applies the fault plan's scripted replies,
//! lets [`ServerSession`] decide, and does the I/O the session asks for:
//! checking logins, locking and loading the maildrop, deleting at QUIT.
//!
//! Fault conventions (as in the SMTP peer): the scripted reply `<drop>`
//! closes the connection instead of answering, so `.on("RETR", 1,
//! "<drop>")` drops it at the first RETR; reply-level faults such as
//! `.malformed(3, MalformKind::TruncateFinal)` damage whole replies (a
//! multi-line reply loses its `.` line); `close_after_bytes` drops the
//! connection in the middle of a message.
//!
//! # Layout
//! `serve`, `login`, `update`, [`Lock`].

use std::io;
use std::sync::Arc;

use super::Shared;
use super::action::{Action, Secret};
use super::maildrop::Maildrop;
use super::session::{MAX_COMMAND_LINE, ServerSession};
use crate::peer::{Conn, Line};

/// Most commands served on one connection (a bound on the loop).
const MAX_COMMANDS: usize = 100_000;

/// Serves one connection.
pub(super) fn serve(mut conn: Conn, shared: Arc<Shared>) -> io::Result<()> {
    // The APOP timestamp must differ per connection; it is derived from the
    // connection number and the seed so transcripts stay reproducible.
    let stamp = format!("<{}.{}@workbook.test>", conn.id(), shared.seed);
    let mut session = ServerSession::new(shared.caps, stamp);
    let mut lock: Option<Lock> = None;
    conn.reply(session.greeting().as_bytes())?;
    let mut skipping = false;
    for _ in 0..MAX_COMMANDS {
        let line = match conn.read_line(MAX_COMMAND_LINE)? {
            Line::Complete(_) if skipping => {
                skipping = false;
                continue;
            }
            Line::Complete(l) if l.len() > MAX_COMMAND_LINE => {
                conn.reply(b"-ERR line too long\r\n")?;
                continue;
            }
            Line::Complete(l) => l,
            Line::TooLong => {
                skipping = true;
                conn.reply(b"-ERR line too long\r\n")?;
                continue;
            }
            // A dropped connection: no UPDATE state, nothing is deleted.
            Line::Eof(_) => return Ok(()),
        };
        if let Some(reply) = conn.scripted_reply(&line) {
            if reply.starts_with(b"<drop>") {
                conn.note("fault: connection dropped instead of a reply");
                return Ok(());
            }
            conn.reply(&reply)?;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        match session.on_line(text.trim_end_matches(['\r', '\n'])) {
            Action::Reply(r) => conn.reply(r.as_bytes())?,
            Action::Multi(bytes) => conn.reply(&bytes)?,
            Action::Login { user, secret } => {
                let reply = login(&shared, &mut session, &mut lock, &user, &secret);
                conn.reply(reply.as_bytes())?;
            }
            Action::Quit { delete } => {
                let reply = update(&shared, &delete, &conn);
                // Unlock before answering, so a client that reconnects at
                // once after +OK finds the maildrop free.
                drop(lock.take());
                conn.reply(reply.as_bytes())?;
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Checks the login, locks and loads the maildrop; the reply.
fn login(
    shared: &Arc<Shared>,
    session: &mut ServerSession,
    lock: &mut Option<Lock>,
    user: &str,
    secret: &Secret,
) -> String {
    let good = match secret {
        Secret::Pass(p) => shared.accounts.check(user, p).is_some(),
        Secret::Apop(digest) => shared.accounts.list.iter().any(|a| {
            let expected = super::apop_digest(session.timestamp(), &a.password);
            a.user == user && *digest == expected
        }),
    };
    if !good {
        session.refuse();
        return "-ERR [AUTH] invalid user name or password\r\n".into();
    }
    let Some(guard) = Lock::take(shared, user) else {
        session.refuse();
        return "-ERR [IN-USE] maildrop already locked by another session\r\n".into();
    };
    let gone = shared
        .gone
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    match Maildrop::load(&shared.store, user, &gone) {
        Ok(drop) => {
            *lock = Some(guard);
            session.enter(drop)
        }
        Err(_) => {
            session.refuse();
            "-ERR [SYS/TEMP] cannot read the maildrop\r\n".into()
        }
    }
}

// ANCHOR: update
/// The UPDATE state: deletes the marked messages; the reply to QUIT.
fn update(shared: &Shared, delete: &[std::path::PathBuf], conn: &Conn) -> String {
    let mut gone = shared.gone.lock().unwrap_or_else(|p| p.into_inner());
    let mut failed = 0;
    for path in delete {
        if shared.remove_files
            && let Err(e) = std::fs::remove_file(path)
        {
            conn.note(format!("cannot delete {}: {e}", path.display()));
            failed += 1;
            continue;
        }
        gone.push(path.clone());
    }
    if failed > 0 {
        return format!("-ERR {failed} message(s) could not be deleted\r\n");
    }
    format!(
        "+OK workbook POP3 server signing off ({} message(s) deleted)\r\n",
        delete.len()
    )
}
// ANCHOR_END: update

/// The lock on one maildrop (RFC 1939 §8: one session at a time),
/// released when dropped — also when the connection ends badly.
#[derive(Debug)]
pub(super) struct Lock {
    shared: Arc<Shared>,
    user: String,
}

impl Lock {
    fn take(shared: &Arc<Shared>, user: &str) -> Option<Lock> {
        let mut locked = shared.locked.lock().unwrap_or_else(|p| p.into_inner());
        locked.insert(user.to_string()).then(|| Lock {
            shared: shared.clone(),
            user: user.to_string(),
        })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let mut locked = self.shared.locked.lock().unwrap_or_else(|p| p.into_inner());
        locked.remove(&self.user);
    }
}
