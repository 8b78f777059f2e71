//! URLs the LuaSocket way: `socket.url`'s components, built and taken apart.
//!
//! `scheme://user:password@host:port/path;params?query#fragment`
//!
//! [`Url::parse`] splits a URL into the fields LuaSocket's `url.parse`
//! returns, with the same rules (a field is `None` when its delimiter is
//! absent, and `Some("")` when the delimiter is there with nothing after
//! it); [`Url::build`] puts them back together, preferring the detailed
//! fields (`host`, `port`, `user`, `password`) over the summary ones
//! (`authority`, `userinfo`) as LuaSocket does. Deliberate differences from
//! LuaSocket 3.1 are listed in `fixtures/corpus/url-parse/README.md`; the
//! one in parsing: the authority ends at the first `/`, `?` or `#` (RFC
//! 3986 §3.2), where LuaSocket only stops at `/`.
//!
//! Layout:
//! - this file: [`Url`], [`Url::parse`], [`Url::build`], the authority split.
//! - [`absolute`](mod@absolute): resolving a reference against a base (RFC 3986 §5.2).
//! - [`escape`](mod@escape): `escape`/`unescape`, `parse_path`/`build_path`.
//! - [`corpus`]: the line formats of the `url-parse`/`url-absolute` cases.

pub mod absolute;
pub mod corpus;
pub mod escape;

pub use absolute::absolute;
pub use escape::{Path, build_path, escape, parse_path, unescape};

/// A URL's components, named as in LuaSocket's `url.parse` result.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Url {
    /// `http`, `ftp`, `mailto`, ...
    pub scheme: Option<String>,
    /// Everything between `//` and the path: `user:password@host:port`.
    pub authority: Option<String>,
    /// The path (kept escaped, as written).
    pub path: Option<String>,
    /// What follows the first `;` of the path.
    pub params: Option<String>,
    /// What follows `?`.
    pub query: Option<String>,
    /// What follows `#`.
    pub fragment: Option<String>,
    /// `user:password`, before the `@` of the authority.
    pub userinfo: Option<String>,
    /// The host (without the brackets of an IPv6 literal).
    pub host: Option<String>,
    /// The port, as written (LuaSocket keeps it a string).
    pub port: Option<String>,
    /// The user part of `userinfo`.
    pub user: Option<String>,
    /// The password part of `userinfo` (after its last `:`).
    pub password: Option<String>,
}

/// `url.parse` of an empty string fails, as in LuaSocket.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid url")]
pub struct InvalidUrl;

/// Takes `rest` after the first `delim` off `s` (LuaSocket's `gsub` with
/// `delim(.*)`), returning it.
fn cut(s: &mut String, delim: char) -> Option<String> {
    let at = s.find(delim)?;
    let tail = s[at + delim.len_utf8()..].to_string();
    s.truncate(at);
    Some(tail)
}

/// The length of a scheme at the start of `s` (`[A-Za-z0-9][A-Za-z0-9+.-]*:`).
fn scheme_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_alphanumeric() {
        return None;
    }
    let n = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || b"+-.".contains(c))
        .count();
    (b.get(n) == Some(&b':')).then_some(n)
}

// ANCHOR: parse
impl Url {
    /// Splits `url` into its components (LuaSocket's `url.parse`).
    pub fn parse(url: &str) -> Result<Url, InvalidUrl> {
        if url.is_empty() {
            return Err(InvalidUrl);
        }
        let mut u = Url::default();
        let mut rest = url.to_string();
        if let Some(n) = scheme_len(&rest) {
            u.scheme = Some(rest[..n].to_string());
            rest.drain(..=n);
        }
        if let Some(after) = rest.strip_prefix("//") {
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            u.authority = Some(after[..end].to_string());
            rest = after[end..].to_string();
        }
        // Order matters: `#` first (a fragment may hold `?` and `;`), then `?`.
        u.fragment = cut(&mut rest, '#');
        u.query = cut(&mut rest, '?');
        u.params = cut(&mut rest, ';');
        u.path = (!rest.is_empty()).then_some(rest);
        if let Some(authority) = u.authority.clone() {
            u.split_authority(&authority);
        }
        Ok(u)
    }
    // ANCHOR_END: parse

    /// Fills `userinfo`, `host`, `port`, `user` and `password` from an authority.
    fn split_authority(&mut self, authority: &str) {
        let mut rest = authority;
        if let Some(at) = rest.find('@') {
            self.userinfo = Some(rest[..at].to_string());
            rest = &rest[at + 1..];
        }
        // The port follows the last `:`, unless a `]` (the end of an IPv6
        // literal) or another `:` comes after it.
        if let Some(colon) = rest.rfind(':')
            && !rest[colon + 1..].contains(']')
        {
            self.port = Some(rest[colon + 1..].to_string());
            rest = &rest[..colon];
        }
        if !rest.is_empty() {
            let inner = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']'));
            self.host = Some(inner.filter(|i| !i.is_empty()).unwrap_or(rest).to_string());
        }
        if let Some(userinfo) = &self.userinfo {
            match userinfo.rfind(':') {
                Some(c) => {
                    self.user = Some(userinfo[..c].to_string());
                    self.password = Some(userinfo[c + 1..].to_string());
                }
                None => self.user = Some(userinfo.clone()),
            }
        }
    }

    // ANCHOR: build
    /// Puts the components back together (LuaSocket's `url.build`).
    pub fn build(&self) -> String {
        let mut url = self.path.clone().unwrap_or_default();
        if let Some(p) = &self.params {
            url = format!("{url};{p}");
        }
        if let Some(q) = &self.query {
            url = format!("{url}?{q}");
        }
        let mut authority = self.authority.clone();
        if let Some(host) = &self.host {
            let mut a = if host.contains(':') {
                format!("[{host}]") // an IPv6 literal
            } else {
                host.clone()
            };
            if let Some(port) = &self.port {
                a = format!("{a}:{port}");
            }
            let userinfo = match (&self.user, &self.password) {
                (Some(u), Some(p)) => Some(format!("{u}:{p}")),
                (Some(u), None) => Some(u.clone()),
                (None, _) => self.userinfo.clone(),
            };
            if let Some(ui) = userinfo {
                a = format!("{ui}@{a}");
            }
            authority = Some(a);
        }
        if let Some(a) = authority {
            url = format!("//{a}{url}");
        }
        if let Some(s) = &self.scheme {
            url = format!("{s}:{url}");
        }
        if let Some(f) = &self.fragment {
            url = format!("{url}#{f}");
        }
        url
    }
    // ANCHOR_END: build

    /// The components as `(name, value)` pairs in alphabetical order, only
    /// those present (the order `url_parse` prints and the corpus uses).
    pub fn fields(&self) -> Vec<(&'static str, &str)> {
        let all = [
            ("authority", &self.authority),
            ("fragment", &self.fragment),
            ("host", &self.host),
            ("params", &self.params),
            ("password", &self.password),
            ("path", &self.path),
            ("port", &self.port),
            ("query", &self.query),
            ("scheme", &self.scheme),
            ("user", &self.user),
            ("userinfo", &self.userinfo),
        ];
        all.into_iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
            .collect()
    }
}
