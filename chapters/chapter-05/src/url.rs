//! Just enough URL handling for the HTTP client: `http://host[:port]/path?query`
//! and resolving a redirect's `Location` against the URL that answered.
//!
//! Chapter 01 teaches URLs in full (RFC 3986 parsing and resolution); once its
//! module exists, [`Url::parse`] and [`Url::join`] should become calls to it.
//! Until then this covers what a client needs: the http scheme, a host
//! (a name, an IPv4 address or a bracketed IPv6 one), a port, and the
//! request-target to send.
//!
//! Layout: [`Url`], [`UrlError`].

use std::fmt;

/// Why a URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// Not `http://…` (https needs TLS, which this workbook does not cover).
    #[error("only http:// URLs are supported: {0}")]
    Scheme(String),
    /// No host, or a port that is not a number.
    #[error("bad authority in URL: {0}")]
    Authority(String),
}

/// An http URL, split into what a request needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// Host name or address (IPv6 without brackets).
    pub host: String,
    /// Port (80 when absent).
    pub port: u16,
    /// Path and query, at least `/`; never a fragment.
    pub target: String,
}

impl Url {
    /// Parses `http://host[:port][/path][?query][#fragment]`.
    pub fn parse(text: &str) -> Result<Url, UrlError> {
        let scheme_end = text
            .find("://")
            .ok_or_else(|| UrlError::Scheme(text.into()))?;
        if !text[..scheme_end].eq_ignore_ascii_case("http") {
            return Err(UrlError::Scheme(text.into()));
        }
        let rest = &text[scheme_end + 3..];
        let rest = rest.split('#').next().unwrap_or(rest);
        let split = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, target) = rest.split_at(split);
        // Credentials in the URL (user:pass@) are dropped: we do not send them.
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let (host, port) = split_host_port(authority)?;
        let target = match target {
            "" => "/".to_string(),
            t if t.starts_with('?') => format!("/{t}"),
            t => t.to_string(),
        };
        Ok(Url { host, port, target })
    }

    /// The value of the Host header: `host` or `host:port`, IPv6 bracketed.
    pub fn authority(&self) -> String {
        let host = match self.host.contains(':') {
            true => format!("[{}]", self.host),
            false => self.host.clone(),
        };
        match self.port {
            80 => host,
            port => format!("{host}:{port}"),
        }
    }

    /// `location` (absolute, `//host…`, `/path` or relative) resolved against self.
    pub fn join(&self, location: &str) -> Result<Url, UrlError> {
        let location = location.trim();
        if location.contains("://") {
            return Url::parse(location);
        }
        if let Some(rest) = location.strip_prefix("//") {
            return Url::parse(&format!("http://{rest}"));
        }
        let location = location.split('#').next().unwrap_or(location);
        let target = if location.starts_with('/') {
            location.to_string()
        } else if location.is_empty() {
            self.target.clone()
        } else {
            let path = self.target.split('?').next().unwrap_or("/");
            let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
            format!("{dir}{location}")
        };
        Ok(Url {
            target,
            ..self.clone()
        })
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "http://{}{}", self.authority(), self.target)
    }
}

/// `host`, `host:port`, `[v6]`, `[v6]:port`.
fn split_host_port(authority: &str) -> Result<(String, u16), UrlError> {
    let bad = || UrlError::Authority(authority.into());
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let close = rest.find(']').ok_or_else(bad)?;
        let after = &rest[close + 1..];
        if (!after.is_empty() && !after.starts_with(':')) || rest[..close].contains('[') {
            return Err(bad()); // `[v6]junk`, `[[v6]`
        }
        (&rest[..close], after.strip_prefix(':'))
    } else {
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        // Outside brackets a host has no `:`, `[` or `]`: `Display` would
        // bracket it, and the result would not parse back to this URL.
        if host.contains([':', '[', ']']) {
            return Err(bad());
        }
        (host, port)
    };
    if host.is_empty() {
        return Err(bad());
    }
    let port = match port {
        None | Some("") => 80,
        Some(p) => p.parse().map_err(|_| bad())?,
    };
    Ok((host.to_string(), port))
}
