//! APOP (RFC 1939 §7): logging in without sending the password.
//!
//! A server that offers APOP puts a unique *timestamp* such as
//! `<1896.697170952@dbc.mtview.ca.us>` in its greeting. The client answers
//! `APOP user digest`, where the digest is the MD5 of the timestamp followed
//! by the shared secret, in 32 lower-case hex digits. The secret never
//! crosses the wire and the digest is useless for any other greeting.
//! (MD5 is broken for collisions; APOP is kept for old servers, and TLS is
//! the real protection today.)
//!
//! Layout: [`timestamp`], [`digest`].

use md5::{Digest, Md5};

/// The `<…>` timestamp in a greeting's text, if there is one.
pub fn timestamp(greeting: &str) -> Option<&str> {
    let start = greeting.find('<')?;
    let end = start + greeting[start..].find('>')?;
    let stamp = &greeting[start..=end];
    // A timestamp is msg-id syntax: it must contain an `@`.
    stamp.contains('@').then_some(stamp)
}

// ANCHOR: digest
/// The APOP digest of `timestamp` (with its angle brackets) and `secret`.
pub fn digest(timestamp: &str, secret: &str) -> String {
    let mut md5 = Md5::new();
    md5.update(timestamp.as_bytes());
    md5.update(secret.as_bytes());
    md5.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
// ANCHOR_END: digest
