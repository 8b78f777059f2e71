//! The connection loop of the fake SMTP server: reads command lines (capped
//! at 512 octets), lets [`ServerSession`] decide, applies the fault plan's
//! scripted replies, collects message data (lines capped at 1000 octets,
//! the whole at SIZE), unstuffs dots, and delivers.
//!
//! Pipelining (RFC 2920) needs nothing special: commands that arrive
//! together wait in the connection's buffer and are answered in order.
//!
//! Fault conventions on top of `harness::fault`: a scripted reply starting
//! with `421` closes the connection after it is sent; the scripted reply
//! `<drop>` closes without any reply; the end of the data is the command
//! `.`, so `.on(".", 1, "<drop>")` drops the connection after DATA.
//!
//! # Layout
//! `serve`, `send_scripted`, `receive`, `read_data`, `deliver`.

use std::io;
use std::sync::Arc;

use super::session::{Action, MAX_COMMAND_LINE, ServerSession, Transaction};
use super::{Delivery, Shared};
use crate::mail::dot;
use crate::peer::{Conn, Line};

/// Longest message line, CRLF included (RFC 5321 §4.5.3.1.6), plus the
/// dot that transparency may have added.
pub const MAX_TEXT_LINE: usize = 1001;
/// Most commands served on one connection (a bound on the loop).
const MAX_COMMANDS: usize = 100_000;
const TOO_LONG_COMMAND: &[u8] = b"500 5.5.2 Line too long (RFC 5321, 4.5.3.1.4)\r\n";
const TOO_LONG_TEXT: &str = "500 5.5.2 Line too long (RFC 5321, 4.5.3.1.6)\r\n";

/// What reading the message data found.
enum DataEnd {
    /// The message, unstuffed.
    Message(Vec<u8>),
    /// Something was wrong; reply this once the `.` has come.
    Refused(String),
}

/// Serves one connection.
pub(super) fn serve(mut conn: Conn, shared: Arc<Shared>) -> io::Result<()> {
    let mut session = ServerSession::new(shared.accounts.clone(), shared.limits.clone());
    conn.reply(session.greeting().as_bytes())?;
    let mut skipping = false;
    for _ in 0..MAX_COMMANDS {
        let line = match conn.read_line(MAX_COMMAND_LINE)? {
            Line::Complete(l) if skipping => {
                // The tail of an over-long line (already answered).
                skipping = false;
                let _ = l;
                continue;
            }
            // A long line that arrived whole is as bad as one still coming.
            Line::Complete(l) if l.len() > MAX_COMMAND_LINE => {
                conn.reply(TOO_LONG_COMMAND)?;
                continue;
            }
            Line::Complete(l) => l,
            Line::TooLong => {
                skipping = true;
                conn.reply(TOO_LONG_COMMAND)?;
                continue;
            }
            Line::Eof(_) => return Ok(()),
        };
        if !session.in_sasl()
            && let Some(reply) = conn.scripted_reply(&line)
        {
            if !send_scripted(&mut conn, &reply)? {
                return Ok(());
            }
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        match session.on_line(text.trim_end_matches(['\r', '\n'])) {
            Action::Reply(r) | Action::Challenge(r) => conn.reply(r.as_bytes())?,
            Action::Close(r) => {
                conn.reply(r.as_bytes())?;
                return Ok(());
            }
            Action::StartData(r) => {
                conn.reply(r.as_bytes())?;
                if !receive(&mut conn, &mut session, &shared)? {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

/// Sends a scripted reply; false if the connection must end.
fn send_scripted(conn: &mut Conn, reply: &[u8]) -> io::Result<bool> {
    if reply.starts_with(b"<drop>") {
        conn.note("fault: connection dropped instead of a reply");
        return Ok(false);
    }
    conn.reply(reply)?;
    // 421: the server is shutting this connection down (RFC 5321 §3.8).
    Ok(!reply.starts_with(b"421"))
}

/// Collects the message after 354 and answers it; false if the connection
/// must end (EOF in the data, or a fault).
fn receive(conn: &mut Conn, session: &mut ServerSession, shared: &Shared) -> io::Result<bool> {
    let t = session
        .transaction
        .take()
        .expect("DATA only within a transaction");
    let end = match read_data(conn, session.limits().max_size)? {
        Some(end) => end,
        None => {
            conn.note("client closed the connection in the middle of the message data");
            return Ok(false);
        }
    };
    if let Some(reply) = conn.scripted_reply(dot::END) {
        return send_scripted(conn, &reply);
    }
    match end {
        DataEnd::Refused(reply) => conn.reply(reply.as_bytes())?,
        DataEnd::Message(data) => {
            let reply = deliver(shared, t, data, session.user.clone(), conn);
            conn.reply(reply.as_bytes())?;
        }
    }
    Ok(true)
}

/// Reads data lines up to the `.` line; `None` on EOF.
fn read_data(conn: &mut Conn, max_size: usize) -> io::Result<Option<DataEnd>> {
    let mut data = Vec::new();
    let mut refused: Option<String> = None;
    let mut skipping = false;
    // Bounded: each pass consumes input; a silent client hits the read timeout.
    loop {
        let line = match conn.read_line(MAX_TEXT_LINE)? {
            Line::Complete(l) if skipping => {
                skipping = false;
                let _ = l;
                continue;
            }
            Line::Complete(l) if l.len() > MAX_TEXT_LINE => {
                refused.get_or_insert(TOO_LONG_TEXT.into());
                continue;
            }
            Line::Complete(l) => l,
            Line::TooLong => {
                skipping = true;
                refused.get_or_insert(TOO_LONG_TEXT.into());
                continue;
            }
            Line::Eof(_) => return Ok(None),
        };
        if line == dot::END {
            return Ok(Some(match refused {
                Some(r) => DataEnd::Refused(r),
                None => DataEnd::Message(data),
            }));
        }
        // Transparency (RFC 5321 §4.5.2): drop the first of a leading dot.
        let line = dot::unstuff(&line);
        if data.len() + line.len() > max_size {
            refused.get_or_insert("552 5.3.4 Message size exceeds fixed limit\r\n".into());
            data.clear();
        }
        if refused.is_none() {
            data.extend_from_slice(line);
        }
    }
}

/// Records and stores an accepted message; returns the reply.
fn deliver(
    shared: &Shared,
    t: Transaction,
    data: Vec<u8>,
    user: Option<String>,
    conn: &Conn,
) -> String {
    let mut files = Vec::new();
    if let Some(store) = &shared.store {
        for rcpt in &t.rcpt {
            let mailbox = shared.accounts.mailbox_for(rcpt);
            match store.deliver(&mailbox, &data) {
                Ok(path) => files.push(path),
                Err(e) => {
                    conn.note(format!("cannot store the message for {mailbox}: {e}"));
                    return "451 4.3.0 Cannot store the message\r\n".into();
                }
            }
        }
    }
    let mut mail = shared.mail.lock().unwrap_or_else(|p| p.into_inner());
    let delivery = Delivery {
        from: t.from,
        rcpt: t.rcpt,
        body: t.body,
        data,
        user,
        files,
    };
    let n = mail.push(delivery, &shared.limits);
    shared.changed.notify_all();
    format!("250 2.0.0 OK: queued as {n:04}\r\n")
}
