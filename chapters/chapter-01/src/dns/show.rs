//! How `dns_test` prints a lookup: a readable block, or one line per name.
//!
//! The one-line form is the contract of the `dns-client` conformance case
//! (any program in any language must print it), so it is fixed here:
//!
//! ```text
//! www.workbook.test name=web.workbook.test aliases=www.workbook.test addresses=192.0.2.10,2001:db8::10
//! nowhere.workbook.test error=nxdomain
//! ```
//!
//! Lists are comma-separated and `-` when empty; IPv6 addresses are in
//! their RFC 5952 short form (what Rust and `inet_ntop` print). Errors are
//! `nxdomain`, `timeout`, `cname-loop`, or `failed` for anything else.
//!
//! Layout: [`brief`], [`brief_error`], [`block`].

use super::resolve::{HostInfo, ResolveError};

fn list<T: ToString>(items: &[T]) -> String {
    if items.is_empty() {
        "-".into()
    } else {
        items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The one-line form of a successful lookup of `query`.
pub fn brief(query: &str, info: &HostInfo) -> String {
    format!(
        "{query} name={} aliases={} addresses={}",
        info.name,
        list(&info.aliases),
        list(&info.addresses)
    )
}

/// The one-line form of a failed lookup of `query`.
pub fn brief_error(query: &str, error: &ResolveError) -> String {
    let kind = match error {
        ResolveError::NxDomain(_) => "nxdomain",
        ResolveError::Timeout(_) => "timeout",
        ResolveError::CnameLoop(_) => "cname-loop",
        _ => "failed",
    };
    format!("{query} error={kind}")
}

/// The readable form: LuaSocket's `name`, `alias` and `ip` fields.
pub fn block(query: &str, info: &HostInfo) -> String {
    let mut out = format!("{query}\n  name   {}\n", info.name);
    for alias in &info.aliases {
        out.push_str(&format!("  alias  {alias}\n"));
    }
    for ip in &info.addresses {
        out.push_str(&format!("  ip     {ip}\n"));
    }
    out
}
