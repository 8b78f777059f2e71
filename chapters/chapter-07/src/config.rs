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
//! Layout: [`Service`] ([`SMTP`], [`POP3`]), [`Config`], [`Config::load`],
//! [`Config::load_for`].

use std::path::Path;

use anyhow::{Context, bail};
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
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("cannot read {}", p.display()))?;
                toml::from_str(&text)
                    .with_context(|| format!("{} is not a valid configuration", p.display()))?
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
