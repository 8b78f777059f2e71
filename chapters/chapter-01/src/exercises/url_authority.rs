//! Exercise `url_authority`: split `user:password@host:port`.
//!
//! The authority of `http://natty:pathfinder@example.test:8888/` is
//! `natty:pathfinder@example.test:8888`. LuaSocket's `url.parse` splits it
//! into `userinfo` (before the first `@`), `port` (after the last `:`, unless
//! a `]` comes after that colon, as in `[::1]`), `host` (what is left, with
//! the brackets of an IPv6 literal removed), and `userinfo` again into
//! `user` and `password` (at its last `:`).
//!
//! Layout: [`Authority`], [`split_authority`].

// ANCHOR: stub
/// The parts of an authority; `None` where the delimiter is absent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Authority {
    /// Everything before the first `@`.
    pub userinfo: Option<String>,
    /// `userinfo` up to its last `:` (all of it when there is no `:`).
    pub user: Option<String>,
    /// `userinfo` after its last `:`.
    pub password: Option<String>,
    /// The host; `None` when nothing is left. `[::1]` gives `::1` (but `[]`
    /// stays `[]`).
    pub host: Option<String>,
    /// After the last `:` of what follows the `@` (may be `Some("")`).
    pub port: Option<String>,
}

/// Splits an authority the way LuaSocket's `url.parse` does.
pub fn split_authority(authority: &str) -> Authority {
    // TODO: fill in each field of `Authority` as its doc comment says.
    let _ = authority;
    todo!()
}
// ANCHOR_END: stub
