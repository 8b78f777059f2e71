//! Exercise `chat_room`: seed 000's "a simple chat application using UDP".
//!
//! A chat room over UDP has no connections to tell it who is there, so the
//! server keeps its own list: an address becomes a member when it sends
//! `/join NAME`, stops being one on `/leave`, and is dropped when it has been
//! silent for `idle` (its program may have died without a word: UDP never
//! says). Every other datagram from a member is relayed to all the others.
//!
//! The room is sans-I/O: it takes a datagram, its sender and the current
//! time, and returns the datagrams to send. Time is a parameter (a
//! `Duration` since any fixed start), so tests need no clock and no sleep.
//! The test file drives it over real sockets as well.
//!
//! The texts (no line endings; a trailing CR/LF on a datagram is ignored):
//! - `/join NAME`: NAME is 1 to 16 ASCII letters, digits, `-` or `_`. The
//!   joiner gets `* welcome NAME, N here` (N: members, the joiner
//!   included); every other member gets `* NAME joined`. A bad name gets
//!   `* bad name`; a name another address holds, `* NAME is taken`; a
//!   member joining again, `* you are NAME`.
//! - `/leave`: the leaver gets `* bye NAME`; the others `* NAME left`.
//! - anything else from a member: every *other* member gets `NAME: text`.
//!   A datagram longer than [`MAX_MESSAGE`] gets `* too long` instead.
//! - anything from a non-member: `* join first: /join NAME`.
//! - [`ChatRoom::expire`]: a member silent for `idle` or longer is removed
//!   and every remaining member gets `* NAME timed out`.
//!
//! Several datagrams to others go in the order the members joined.
//!
//! Layout: [`Outgoing`], [`ChatRoom`], [`MAX_MESSAGE`], [`MAX_MEMBERS`].

use std::net::SocketAddr;
use std::time::Duration;

/// Longest datagram relayed (bytes, line ending included).
pub const MAX_MESSAGE: usize = 512;
/// Most members; a join beyond it gets `* room is full`.
pub const MAX_MEMBERS: usize = 64;

/// One datagram to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Where to.
    pub to: SocketAddr,
    /// What.
    pub bytes: Vec<u8>,
}

// ANCHOR: stub
/// The room: its members (address, name, when last heard) in join order.
#[derive(Debug, Clone)]
pub struct ChatRoom {
    // TODO: the fields: the idle limit, and the members with what the doc
    //       comment lists for each.
}

impl ChatRoom {
    /// An empty room whose members expire after `idle` of silence.
    pub fn new(idle: Duration) -> Self {
        // TODO
        let _ = idle;
        todo!()
    }

    /// The members' names, in join order.
    pub fn members(&self) -> Vec<String> {
        // TODO
        todo!()
    }

    /// Handles one datagram from `from` at time `now`; returns what to send.
    pub fn on_datagram(
        &mut self,
        from: SocketAddr,
        datagram: &[u8],
        now: Duration,
    ) -> Vec<Outgoing> {
        // TODO: strip a trailing "\r\n" or "\n". A datagram from a member
        //       first refreshes its "last heard" time.
        // TODO: "/join NAME", "/leave", a message, or a non-member: see the
        //       module documentation for each reply.
        let _ = (from, datagram, now);
        todo!()
    }

    /// Removes the members silent since `now - idle` or longer and tells
    /// the others.
    pub fn expire(&mut self, now: Duration) -> Vec<Outgoing> {
        // TODO: a member silent for `idle` or longer is expired. Remove every
        //       expired member first: only the members who remain are told
        //       `* NAME timed out`, once for each.
        let _ = now;
        todo!()
    }
}
// ANCHOR_END: stub
