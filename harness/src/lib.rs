//! # The workbook's test-peer library
//!
//! What the chapters' tests run against (DESIGN.md §5): fake network peers
//! that are real servers on loopback, each a sans-I/O protocol core with a
//! thin socket driver; transcripts of what crossed each connection; seeded
//! fault plans; readable failure messages; property-test strategies; rstest
//! fixtures; and the one process runner. Chapters use it only as a
//! dev-dependency. The conformance engine (`conform`) and the `workbook`
//! command (`workbook`) are packages of their own built on this one; see
//! `harness/README.md` for the map.
//!
//! # Layout
//! - The peer framework, [`peer`]: `spawn_tcp`, [`peer::PeerHandle`],
//!   [`peer::Conn`], test-side clients ([`peer::client`]).
//! - The peers, one module each: [`echo`], [`greeting`], [`daytime`],
//!   [`dns`], [`http`], [`smtp`], [`pop3`], [`inetd`], and [`swarm`]
//!   (N concurrent clients). [`mail`] holds what the mail peers share:
//!   accounts, the store, the session cap, SASL, dot-stuffing and one test
//!   client per protocol.
//! - What a test sees: [`transcript`] (recorded events as stable, redacted
//!   text), [`fault`] (seeded, replayable misbehaviour), [`failure`]
//!   (a caret under the first differing byte, socket hints, by-hand
//!   commands), [`term`] (colours that vanish off a terminal).
//! - How tests are written: [`strategies`] (proptest), [`fixtures`] (rstest),
//!   [`real`] (real programs: skip visibly, or fail under
//!   `WORKBOOK_REQUIRE_PEERS=1`).
//! - [`hostile`]: misbehaving clients (huge lines, idle crowds, readers
//!   that never read, resets, garbage) to throw at any server, a server
//!   process's memory and CPU seen from outside, and the traversal corpus
//!   with a web root that has a secret beside it, for file servers.
//! - [`safe_path`]: the one request-target-to-file function of every file
//!   server of the workbook, and the loopback `Host` check.
//! - [`golden`]: output compared with a committed file
//!   (`WORKBOOK_UPDATE_GOLDEN=1` rewrites our own recordings).
//! - Around the tests: [`proc`] (the one process runner: programs under
//!   conformance, the inetd peer's children, a chapter's programs run by its
//!   tests), [`workspace`] (finding the repository root and its chapters).

// For `prop_expect_eq!`, which names proptest's types from the caller's crate.
#[doc(hidden)]
pub use proptest as __proptest;

pub mod daytime;
pub mod dns;
pub mod echo;
pub mod failure;
pub mod fault;
pub mod fixtures;
pub mod golden;
pub mod greeting;
pub mod hostile;
pub mod http;
pub mod inetd;
pub mod mail;
pub mod peer;
pub mod pop3;
pub mod proc;
pub mod real;
pub mod safe_path;
pub mod smtp;
pub mod strategies;
pub mod swarm;
pub mod term;
pub mod transcript;
pub mod workspace;
