//! Tests of the `largest_datagram` exercise (filter `largest_datagram::`).

use crate::common::pair;
use chapter_03::datagram::MAX_UDP_PAYLOAD_V4;
use chapter_03::exercises::largest_datagram::{Outcome, largest_through, try_size};

#[test]
fn small_and_limit_sized_datagrams_arrive_whole() {
    let (a, b) = pair();
    expect_eq!(try_size(&a, &b, 0).unwrap(), Outcome::Delivered);
    expect_eq!(try_size(&a, &b, 1500).unwrap(), Outcome::Delivered);
    expect_eq!(
        try_size(&a, &b, MAX_UDP_PAYLOAD_V4).unwrap(),
        Outcome::Delivered
    );
}

#[test]
fn one_byte_more_is_refused_with_emsgsize() {
    let (a, b) = pair();
    // The refusal is an answer, not an error.
    let outcome = |len| try_size(&a, &b, len).map_err(|e| e.to_string());
    expect_eq!(outcome(MAX_UDP_PAYLOAD_V4 + 1), Ok(Outcome::TooBig));
    expect_eq!(outcome(100_000), Ok(Outcome::TooBig));
}

#[test]
fn the_search_finds_65507_on_ipv4_loopback() {
    let (a, b) = pair();
    expect_eq!(largest_through(&a, &b, 70_000).unwrap(), 65_507);
}

#[test]
fn the_search_stays_within_its_limit() {
    let (a, b) = pair();
    expect_eq!(largest_through(&a, &b, 1000).unwrap(), 1000);
}

#[test]
fn a_datagram_of_another_length_is_not_a_delivery() {
    let (a, b) = pair();
    // A stray datagram is queued first; the receive gets it, not ours.
    a.send_to(b"stray", b.local_addr().unwrap()).unwrap();
    expect_eq!(try_size(&a, &b, 3).unwrap(), Outcome::Lost);
}
