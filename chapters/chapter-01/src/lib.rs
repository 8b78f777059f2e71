//! # Chapter 1 — Names and addresses: DNS and URLs
//!
//! Before a program can talk to another machine it needs that machine's
//! address, and usually it starts from a name. This chapter follows a name
//! to its addresses twice: through the system resolver (what LuaSocket's
//! `socket.dns` calls, and what every LuaSocket function does "transparently"
//! when given a host name), and through our own DNS client, which builds the
//! query packet, sends it over UDP (TCP when the answer is too big), and
//! reads the reply, compression pointers, CNAME chains and all. Then it
//! takes URLs apart into LuaSocket's components and resolves relative
//! references as RFC 3986 says.
//!
//! Layout:
//! - [`dns`]: the DNS wire format (sans-I/O), the reply-to-triple chase,
//!   the exchange state machine, and the UDP/TCP client.
//! - [`system`]: `gethostname`, `getaddrinfo`, `getnameinfo`.
//! - [`url`]: `parse`, `build`, `absolute`, escaping, paths.
//! - [`input`]: capped line reading for the programs.
//! - [`exercises`]: the learner's stubs (or, with the `solutions` feature,
//!   the reference solutions from `solutions/chapter-01/`).
//!
//! Binaries: `dns_test` (the seed's `dns_test.lua`: name → canonical name,
//! aliases, addresses) and `url_parse` (the seed's `url_01.lua`).

pub mod dns;
#[cfg(feature = "exercises")]
pub mod exercises;
pub mod input;
pub mod system;
pub mod url;
