//! Secrets as hostile input to whatever prints a conversation: a
//! [`Secret`] lists the forms a password travels in (clear, base64, inside
//! a SASL PLAIN blob) and checks an output for each and for each one's
//! halves, also across the lines of a printed transcript (a password split
//! over two writes is printed on two lines).
//!
//! # Layout
//! [`Secret`] (its forms, and [`Secret::assert_absent`]); [`broken_configs`]
//! (account files whose parse error must not quote them).

use std::collections::BTreeMap;

use crate::mail::sasl::encode_base64;
use crate::transcript::Event;
use crate::transcript::text::parse_event;

/// An account's password and every form in which an output must not show it.
#[derive(Debug, Clone)]
pub struct Secret {
    forms: Vec<(String, String)>,
}

impl Secret {
    /// The forms of `password` for `user`: as it is, in base64 (AUTH LOGIN),
    /// and as the base64 of a SASL PLAIN blob, with and without an
    /// authorization identity (RFC 4616).
    pub fn new(user: &str, password: &str) -> Secret {
        let plain = |authz: &str| format!("{authz}\0{user}\0{password}");
        Secret {
            forms: vec![
                ("in clear".into(), password.into()),
                ("in base64".into(), encode_base64(password.as_bytes())),
                (
                    "in a PLAIN blob".into(),
                    encode_base64(plain("").as_bytes()),
                ),
                (
                    "in a PLAIN blob".into(),
                    encode_base64(plain(user).as_bytes()),
                ),
            ],
        }
    }

    /// Adds another form (an APOP digest, say).
    pub fn with_form(mut self, name: &str, text: &str) -> Secret {
        self.forms.push((name.into(), text.into()));
        self
    }

    /// The forms, each with its name.
    pub fn forms(&self) -> &[(String, String)] {
        &self.forms
    }

    /// Each form, and each half of a form of 8 bytes or more: a redaction
    /// that catches the start of a secret but not the write that continues
    /// it shows the second half.
    fn pieces(&self) -> Vec<(String, String)> {
        let mut out = self.forms.clone();
        for (name, form) in &self.forms {
            let mid = form.len() / 2;
            if form.len() >= 8 && form.is_char_boundary(mid) {
                out.push((format!("{name} (its first half)"), form[..mid].to_string()));
                out.push((format!("{name} (its second half)"), form[mid..].to_string()));
            }
        }
        out
    }

    /// Fails the test if `output` shows the password in any form, or half
    /// of one: as text, or in the bytes of a printed transcript's connection
    /// put together (event lines, each maybe after a one-word prefix such as
    /// `smtp `).
    ///
    /// # Panics
    /// On a leak, naming `what` and the form.
    pub fn assert_absent(&self, what: &str, output: &str) {
        let mut streams: BTreeMap<(String, u32, bool), Vec<u8>> = BTreeMap::new();
        for line in output.lines() {
            let (prefix, event) = match parse_event(line) {
                Ok(e) => (String::new(), e),
                Err(_) => match line
                    .split_once(' ')
                    .map(|(p, rest)| (p, parse_event(rest.trim_start())))
                {
                    Some((p, Ok(e))) => (p.to_string(), e),
                    _ => continue,
                },
            };
            if let Event::Data { conn, from, bytes } = event {
                let key = (prefix, conn, from == crate::transcript::Side::Client);
                streams.entry(key).or_default().extend(bytes);
            }
        }
        for (name, form) in &self.pieces() {
            assert!(
                !output.contains(form.as_str()),
                "{what} shows the password {name}:\n{output}"
            );
            for ((prefix, conn, _), bytes) in &streams {
                assert!(
                    !String::from_utf8_lossy(bytes).contains(form.as_str()),
                    "{what} shows the password {name}, split over the lines of {prefix}connection {conn}:\n{output}"
                );
            }
        }
    }
}

/// Account files (TOML, as chapters 7 and 8 read them) that do not parse,
/// each with `secret` on the line the error is about: a parser's message
/// would quote that line (`2 | pasword = "…"`) or the value in it.
pub fn broken_configs(secret: &str) -> Vec<String> {
    [
        "server = \"x\"\npasword = \"{s}\"\n",
        "password = \"{s}\n",
        "password = '{s}\n",
        "password = \"\"\"{s}\n",
        "password = {s}\n",
        "port = \"{s}\"\n",
        "helo_name = [\"{s}\"]\n",
        "password = \"{s}\" junk\n",
        "password = \"{s}\"\npassword = \"{s}\"\n",
        "password = \"{s}\\q\"\n",
        "{s}\n",
        "user = '{s}'\npassword = 31415926\n",
    ]
    .iter()
    .map(|t| t.replace("{s}", secret))
    .collect()
}
