//! The wake channel of a peer's thread: a connected pair of loopback TCP
//! sockets. The thread polls its end next to its listener (or UDP socket);
//! the handle writes a byte to its end, or closes it, to wake the thread.
//!
//! TCP rather than a Unix socket pair, because it works the same on Linux,
//! macOS and Windows: Windows has no socket pair in `std`, and its `poll`
//! (`WSAPoll`) waits on sockets only. One code path everywhere means the
//! path Windows runs is the one every Linux test exercises.
//!
//! The pair comes from a listener of our own on an ephemeral loopback port,
//! open only while the pair is made. Another local process could connect to
//! it in that moment, so the accepted connection is checked to be ours
//! (its peer address is our connecting socket's address) before it is used.
//!
//! # Layout
//! [`pair`] makes a pair; `pair_on` does the work on a given listener (so a
//! test can connect an intruder first).

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, TcpListener, TcpStream};

/// Most connections accepted while looking for ours: strangers who connect
/// to the short-lived listener first are dropped, up to this many.
const MAX_STRANGERS: usize = 8;

/// A connected pair of loopback TCP sockets, both with `TCP_NODELAY` (a
/// wake byte and its answer must not wait for an acknowledgement).
pub fn pair() -> io::Result<(TcpStream, TcpStream)> {
    // A machine without IPv4 loopback still has IPv6's.
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .or_else(|_| TcpListener::bind((Ipv6Addr::LOCALHOST, 0)))?;
    pair_on(&listener)
}

/// Connects to `listener` and accepts that connection, skipping strangers.
fn pair_on(listener: &TcpListener) -> io::Result<(TcpStream, TcpStream)> {
    let ours = TcpStream::connect(listener.local_addr()?)?;
    let want = ours.local_addr()?;
    // Our connection is already in the backlog (connect returned), so each
    // accept returns at once, and ours comes after at most the strangers
    // that connected before it.
    for _ in 0..=MAX_STRANGERS {
        let (theirs, from) = listener.accept()?;
        if from == want {
            ours.set_nodelay(true)?;
            theirs.set_nodelay(true)?;
            return Ok((ours, theirs));
        }
    }
    Err(io::Error::other(format!(
        "cannot make a wake channel: more than {MAX_STRANGERS} other connections reached its loopback listener first"
    )))
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::time::Duration;

    use super::*;

    fn read_byte(s: &TcpStream) -> io::Result<Option<u8>> {
        s.set_read_timeout(Some(Duration::from_secs(5)))?;
        let mut b = [0u8; 1];
        Ok(((&*s).read(&mut b)? == 1).then_some(b[0]))
    }

    #[test]
    fn a_byte_crosses_both_ways_and_a_close_is_eof() {
        let (mut a, mut b) = pair().unwrap();
        a.write_all(b"d").unwrap();
        assert_eq!(read_byte(&b).unwrap(), Some(b'd'));
        b.write_all(b"k").unwrap();
        assert_eq!(read_byte(&a).unwrap(), Some(b'k'));
        drop(a);
        assert_eq!(
            read_byte(&b).unwrap(),
            None,
            "the other end's close reads as EOF"
        );
    }

    #[test]
    fn a_stranger_who_connects_first_is_not_taken_for_our_end() {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let mut stranger = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut ours, theirs) = pair_on(&listener).unwrap();
        assert_eq!(theirs.peer_addr().unwrap(), ours.local_addr().unwrap());
        // The stranger's bytes never reach the thread's end; ours do.
        stranger.write_all(b"x").unwrap();
        ours.write_all(b"d").unwrap();
        assert_eq!(read_byte(&theirs).unwrap(), Some(b'd'));
    }

    #[test]
    fn too_many_strangers_is_an_error_not_a_hang() {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        let _strangers: Vec<_> = (0..=MAX_STRANGERS)
            .map(|_| TcpStream::connect(addr).unwrap())
            .collect();
        let err = pair_on(&listener).unwrap_err();
        assert!(err.to_string().contains("wake channel"), "{err}");
    }
}
