//! Tests for the exercises of chapter 6: the `exercises` test target (the one
//! `workbook grade` builds), one file per exercise, `tests/exercises/<name>.rs`
//! with the exercise's name from `exercises.toml`, so its tests are `<name>::…`
//! and the exercise's filter `<name>::` selects exactly them. Every test calls
//! the learner's code, so each one fails on an untouched stub. Values are
//! compared with `expect_eq!`, which prints text escaped with a caret under
//! the first difference (not byte arrays) and the next hint's command; property
//! tests save no failing case into the checkout
//! (`harness::strategies::exercise_config`).

#[macro_use]
extern crate harness;

#[path = "../common/mod.rs"]
mod common;

/// The chunked input of the exercises' property tests: bytes (biased, as in
/// `common::bytes_and_cuts`, towards the bytes that matter to text filters)
/// drawn chunk by chunk, so that proptest shrinks a failure to the few bytes
/// around the chunk border that matters (cut points drawn apart from the
/// bytes shift whenever a byte is removed, and barely shrink), and printed
/// readably: the bytes as an escaped string, the cuts as `cut at 1, 3`.
/// Re-exports what the tests need of `common`, to feed the chunks to a filter.
#[allow(dead_code)]
mod chunks {
    use std::fmt;

    use harness::strategies::Bytes;
    use proptest::prelude::*;

    pub use crate::common::{run_chunks, run_whole, split};

    /// Where the input was cut: byte offsets, in order, a repeated one
    /// making an empty chunk. Derefs to the offsets, for [`split`].
    #[derive(Clone)]
    pub struct Cuts(pub Vec<usize>);

    impl fmt::Debug for Cuts {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            if self.0.is_empty() {
                return write!(f, "no cut (one chunk)");
            }
            let at: Vec<String> = self.0.iter().map(usize::to_string).collect();
            write!(f, "cut at {}", at.join(", "))
        }
    }

    impl std::ops::Deref for Cuts {
        type Target = [usize];
        fn deref(&self) -> &[usize] {
            &self.0
        }
    }

    /// Up to `max` bytes in chunks of up to 12 bytes (empty ones included),
    /// as the whole input and the offsets it was cut at. Short chunks put
    /// many borders in each case, so that a pair such as CR LF falls across
    /// one often.
    pub fn bytes_and_cuts(max: usize) -> impl Strategy<Value = (Bytes, Cuts)> {
        let byte = prop_oneof![
            3 => any::<u8>(),
            2 => prop::sample::select(b"\r\n \t=.aZ".to_vec()),
        ];
        let chunk = prop::collection::vec(byte, 0..=12);
        prop::collection::vec(chunk, 1..=(max / 12).max(1)).prop_map(|chunks| {
            let mut cuts = Vec::new();
            let mut at = 0;
            for chunk in &chunks[..chunks.len() - 1] {
                at += chunk.len();
                cuts.push(at);
            }
            (Bytes(chunks.concat()), Cuts(cuts))
        })
    }
}

#[cfg(not(feature = "skip-base64_stream"))]
mod base64_stream;
#[cfg(not(feature = "skip-checksum_sink"))]
mod checksum_sink;
#[cfg(not(feature = "skip-eol_crlf"))]
mod eol_crlf;
#[cfg(not(feature = "skip-qp_soft_breaks"))]
mod qp_soft_breaks;
#[cfg(not(feature = "skip-rot13"))]
mod rot13;
