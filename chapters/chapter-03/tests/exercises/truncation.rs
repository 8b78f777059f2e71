//! Tests of the `truncation` exercise (filter `truncation::`).

use crate::common::pair;
use chapter_03::exercises::truncation::recv_detecting_truncation;
use proptest::prelude::*;

#[test]
#[cfg_attr(
    not(any(target_os = "linux", target_os = "android")),
    ignore = "MSG_TRUNC reports the real length on Linux only"
)]
fn a_short_buffer_keeps_the_start_and_reports_the_length() {
    let (a, b) = pair();
    let datagram: Vec<u8> = (0..100u8).collect();
    a.send_to(&datagram, b.local_addr().unwrap()).unwrap();
    let got = recv_detecting_truncation(&b, 10).unwrap();
    expect_eq!(got.data, &datagram[..10]);
    expect_eq!(got.len, 100);
    assert!(got.truncated());
    expect_eq!(got.from, a.local_addr().unwrap());
}

#[test]
#[cfg_attr(
    not(any(target_os = "linux", target_os = "android")),
    ignore = "MSG_TRUNC reports the real length on Linux only"
)]
fn the_rest_is_discarded_and_the_next_read_gets_the_next_datagram() {
    let (a, b) = pair();
    let to = b.local_addr().unwrap();
    a.send_to(b"first datagram, too long", to).unwrap();
    a.send_to(b"second", to).unwrap();
    let first = recv_detecting_truncation(&b, 8).unwrap();
    expect_eq!(first.data, b"first da");
    expect_eq!(first.truncated(), true);
    let second = recv_detecting_truncation(&b, 8).unwrap();
    expect_eq!(second.data, b"second");
    expect_eq!(second.len, 6);
    expect_eq!(second.truncated(), false);
}

#[test]
#[cfg_attr(
    not(any(target_os = "linux", target_os = "android")),
    ignore = "MSG_TRUNC reports the real length on Linux only"
)]
fn an_exact_fit_and_an_empty_datagram_are_not_truncated() {
    let (a, b) = pair();
    let to = b.local_addr().unwrap();
    a.send_to(b"0123456789", to).unwrap();
    a.send_to(b"", to).unwrap();
    let exact = recv_detecting_truncation(&b, 10).unwrap();
    expect_eq!((exact.len, exact.truncated()), (10, false));
    let empty = recv_detecting_truncation(&b, 10).unwrap();
    expect_eq!(
        (empty.data.len(), empty.len, empty.truncated()),
        (0, 0, false)
    );
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config_with_cases(64))]
    #[test]
    #[cfg_attr(
        not(any(target_os = "linux", target_os = "android")),
        ignore = "MSG_TRUNC reports the real length on Linux only"
    )]
    fn any_size_and_any_buffer(len in 0usize..3000, buf in 1usize..3000) {
        let (a, b) = pair();
        let datagram: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
        a.send_to(&datagram, b.local_addr().unwrap()).unwrap();
        let got = recv_detecting_truncation(&b, buf).unwrap();
        prop_expect_eq!(got.len, len);
        prop_expect_eq!(&got.data[..], &datagram[..len.min(buf)]);
        prop_expect_eq!(got.truncated(), len > buf);
    }
}
