//! Helpers shared by chapter 6's tests: cutting a byte stream into chunks.
//!
//! The cutting itself is the harness's ([`harness::strategies::split_at`]),
//! shared with every chapter; the byte distribution here is chapter 6's own,
//! biased towards the bytes that matter to text filters.
//!
//! Layout: [`bytes_and_cuts`] (a proptest strategy), [`split`] (cut points to
//! chunks, repeated points giving empty chunks), [`run_chunks`] (feed chunks
//! through a filter, then the end).

#![allow(dead_code)]

use chapter_06::ltn12::{Filter, FilterError};
use harness::strategies::Bytes;
use proptest::prelude::*;

/// Arbitrary bytes (up to `max` of them, biased towards the bytes that matter
/// to text filters) with up to 12 cut points, possibly repeated.
pub fn bytes_and_cuts(max: usize) -> impl Strategy<Value = (Bytes, Vec<usize>)> {
    let byte = prop_oneof![
        3 => any::<u8>(),
        2 => prop::sample::select(b"\r\n \t=.aZ".to_vec()),
    ];
    prop::collection::vec(byte, 0..max).prop_flat_map(|data| {
        let len = data.len();
        (Just(Bytes(data)), prop::collection::vec(0..=len, 0..12))
    })
}

/// Cuts `data` at `cuts` (any order); a repeated cut makes an empty chunk.
pub use harness::strategies::split_at as split;

/// Feeds `chunks` to `filter`, then the end; returns all output.
pub fn run_chunks(
    filter: &mut dyn Filter,
    chunks: &[impl AsRef<[u8]>],
) -> Result<Vec<u8>, FilterError> {
    let mut out = Vec::new();
    for chunk in chunks {
        filter.filter(Some(chunk.as_ref()), &mut out)?;
    }
    filter.filter(None, &mut out)?;
    Ok(out)
}

/// Runs `filter` over `data` as one chunk.
pub fn run_whole(filter: &mut dyn Filter, data: &[u8]) -> Result<Vec<u8>, FilterError> {
    run_chunks(filter, &[data])
}
