//! Reference solution for exercise `url_authority` (chapter 1).
//!
//! LuaSocket splits an authority with four patterns, applied in order: the
//! userinfo before the first `@`, the port after the last `:` (not inside
//! an IPv6 literal's brackets), the host, and the password after the last
//! `:` of the userinfo.
//!
//! Layout: [`Authority`], [`split_authority`].

/// The parts of an authority; `None` where the delimiter is absent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Authority {
    /// Everything before the first `@`.
    pub userinfo: Option<String>,
    /// `userinfo` up to its last `:`.
    pub user: Option<String>,
    /// `userinfo` after its last `:`.
    pub password: Option<String>,
    /// The host, without IPv6 brackets.
    pub host: Option<String>,
    /// After the last `:` of what follows the `@`.
    pub port: Option<String>,
}

/// Splits an authority the way LuaSocket's `url.parse` does.
pub fn split_authority(authority: &str) -> Authority {
    let mut a = Authority::default();
    let mut rest = authority;
    if let Some((userinfo, after)) = rest.split_once('@') {
        a.userinfo = Some(userinfo.to_string());
        rest = after;
    }
    // `[::1]:80`: the last ':' is the port's; in `[::1]` a ']' follows it.
    if let Some((host, port)) = rest.rsplit_once(':')
        && !port.contains(']')
    {
        a.port = Some(port.to_string());
        rest = host;
    }
    if !rest.is_empty() {
        let inner = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']'));
        a.host = Some(inner.filter(|i| !i.is_empty()).unwrap_or(rest).to_string());
    }
    if let Some(userinfo) = &a.userinfo {
        match userinfo.rsplit_once(':') {
            Some((user, password)) => {
                a.user = Some(user.to_string());
                a.password = Some(password.to_string());
            }
            None => a.user = Some(userinfo.clone()),
        }
    }
    a
}
