//! Account details kept out of the program: a TOML file plus environment
//! variables (the seed keeps them in `smtp.cfg` for the same reason).
//!
//! ```toml
//! server = "127.0.0.1"
//! port = 2525
//! user = "puck"
//! password_env = "SMTP_PASS"   # or: password = "…" (keep the file private)
//! ```
//!
//! `SMTP_HOST`, `SMTP_PORT`, `SMTP_USER` and `SMTP_PASS` override the file
//! (the conformance harness passes the account that way). The password is
//! kept in [`Credentials`], whose `Debug` hides it, and is never printed.
//!
//! Chapter 8's POP3 programs read their account the same way, with
//! `POP3_HOST`, `POP3_PORT`, `POP3_USER` and `POP3_PASS` and port 110:
//! [`Config::load_for`] with [`POP3`].
//!
//! A file that does not parse is reported by line, column and key, never
//! by quoting it: the line may be the password's (toml's own message shows
//! the line, and may quote the value).
//!
//! Layout: [`Service`] ([`SMTP`], [`POP3`]), [`Config`], [`Config::load`],
//! [`Config::load_for`], then `invalid_file` (the error without values).

use std::path::Path;

use anyhow::{Context, anyhow, bail};
use serde::Deserialize;

use crate::smtp::Credentials;

/// The configuration file's fields (all optional: the environment may
/// supply them).
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    server: Option<String>,
    port: Option<u16>,
    user: Option<String>,
    password: Option<String>,
    password_env: Option<String>,
    helo_name: Option<String>,
}

/// Which service an account is for: the prefix of its environment
/// variables (`SMTP` gives `SMTP_HOST`, ...) and its default port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// The variables' prefix.
    pub prefix: &'static str,
    /// The port when neither the file nor the environment gives one.
    pub default_port: u16,
}

/// Sending mail: `SMTP_*`, port 25 (RFC 5321).
pub const SMTP: Service = Service {
    prefix: "SMTP",
    default_port: 25,
};
/// Receiving mail: `POP3_*`, port 110 (RFC 1939).
pub const POP3: Service = Service {
    prefix: "POP3",
    default_port: 110,
};

impl Service {
    fn var(self, name: &str) -> String {
        format!("{}_{name}", self.prefix)
    }
}

/// Where and as whom to send.
#[derive(Debug, Clone)]
pub struct Config {
    /// The server's host name or address.
    pub server: String,
    /// Its port (25, 587 or a test port).
    pub port: u16,
    /// The account, if the server wants a login.
    pub credentials: Option<Credentials>,
    /// Our name for EHLO.
    pub helo_name: String,
}

/// The largest configuration file read: far above any real one, and small
/// enough that toml's parse of a pathological file (it can take 100 times
/// the text's size) stays small too.
const MAX_FILE: u64 = 64 << 10;

fn read_capped(p: &Path) -> anyhow::Result<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(p)
        .and_then(|f| f.take(MAX_FILE + 1).read_to_string(&mut text))
        .with_context(|| format!("cannot read {}", p.display()))?;
    if text.len() as u64 > MAX_FILE {
        bail!(
            "{} is over {} KiB: not a configuration file",
            p.display(),
            MAX_FILE >> 10
        );
    }
    Ok(text)
}

impl Config {
    /// Reads `path` (if given and present) and applies the environment, read
    /// through `env` so tests can pass their own.
    pub fn load(path: Option<&Path>, env: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        Self::load_for(SMTP, path, env)
    }

    /// As [`Config::load`], for `service`'s variables and default port.
    pub fn load_for(
        service: Service,
        path: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Self> {
        let host_var = service.var("HOST");
        let file = match path {
            Some(p) if p.exists() => {
                let text = read_capped(p)?;
                toml::from_str(&text).map_err(|e| invalid_file(p, &text, &e))?
            }
            Some(p) if env(&host_var).is_none() => bail!(
                "no configuration file {} (and {host_var} is not set): create it with `server`, `port`, \
                 `user` and `password_env` (see --help)",
                p.display()
            ),
            _ => File::default(),
        };
        Self::from_parts(service, file, env)
    }

    fn from_parts(
        service: Service,
        file: File,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Self> {
        let var = |name: &str| service.var(name);
        let server = env(&var("HOST"))
            .or(file.server)
            .with_context(|| format!("no server: set `server` or {}", var("HOST")))?;
        let port = match env(&var("PORT")) {
            Some(p) => p
                .trim()
                .parse()
                .with_context(|| format!("{}={p:?} is not a port number", var("PORT")))?,
            None => file.port.unwrap_or(service.default_port),
        };
        let password = env(&var("PASS"))
            .or_else(|| file.password_env.as_deref().and_then(env))
            .or(file.password);
        let (user_var, pass_var) = (var("USER"), var("PASS"));
        let credentials = match (env(&user_var).or(file.user), password) {
            (Some(user), Some(password)) => Some(Credentials { user, password }),
            (None, None) => None,
            (Some(user), None) => bail!(
                "user {user:?} has no password: set `password_env` (and that variable), or {pass_var}"
            ),
            (None, Some(_)) => bail!("a password is set but no user: set `user` or {user_var}"),
        };
        let helo_name = file.helo_name.unwrap_or_else(|| "localhost".into());
        Ok(Config {
            server,
            port,
            credentials,
            helo_name,
        })
    }
}

/// The fields' names, which an error may show.
const FIELDS: [&str; 6] = [
    "server",
    "port",
    "user",
    "password",
    "password_env",
    "helo_name",
];

/// Why `path` (holding `text`) is not a configuration, by position and key,
/// with every value toml's message quotes replaced by `<value>`.
fn invalid_file(path: &Path, text: &str, e: &toml::de::Error) -> anyhow::Error {
    let at = e.span().map_or(0, |s| s.start).min(text.len());
    let before = text.get(..at).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_no = before.matches('\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    let line = text[line_start..].lines().next().unwrap_or_default();
    // Only a bare key before `=` is shown; a line without `=` may be a
    // password pasted on its own.
    let key = line.split_once('=').map(|(k, _)| k.trim()).filter(|k| {
        !k.is_empty()
            && k.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    });
    let message = without_values(e.message(), key);
    let key = key.map(|k| format!(" (key `{k}`)")).unwrap_or_default();
    anyhow!(
        "{} is not a valid configuration: line {line_no}, column {column}{key}: {message} \
         (the line is not shown: it may hold a password)",
        path.display()
    )
}

/// `message` with each quoted piece (`` `…` `` or `"…"`) replaced by
/// `<value>`, unless it is a field's name, the key, or punctuation that
/// toml expected (`=`, `"`).
fn without_values(message: &str, key: Option<&str>) -> String {
    let shown = |quoted: &str| {
        FIELDS.contains(&quoted)
            || Some(quoted) == key
            || quoted.chars().count() <= 1
            || (quoted.len() <= 3 && quoted.bytes().all(|b| b.is_ascii_punctuation()))
    };
    let mut out = String::new();
    let mut rest = message.lines().next().unwrap_or_default();
    // Each pass consumes a quoted piece or ends: bounded by the message.
    while let Some(open) = rest.find(['`', '"']) {
        let Some(len) = closing(&rest[open..]) else {
            break;
        };
        let quoted = &rest[open + 1..open + 1 + len];
        out.push_str(&rest[..open]);
        match shown(quoted) {
            true => out.push_str(&rest[open..open + len + 2]),
            false => out.push_str("<value>"),
        }
        rest = &rest[open + len + 2..];
    }
    if rest.contains(['`', '"']) {
        // An unpaired quote: what follows it may be a value.
        rest = &rest[..rest.find(['`', '"']).unwrap_or(rest.len())];
    }
    out.push_str(rest);
    out
}

/// The length of the quoted text in `s` (which starts with its opening
/// quote): a `"…"` piece is Rust's `{:?}` of a string, so `\"` inside it
/// does not close it.
fn closing(s: &str) -> Option<usize> {
    let quote = s.chars().next()?;
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if quote == '"' => {
                chars.next();
            }
            c if c == quote => return Some(i - 1),
            _ => {}
        }
    }
    None
}
