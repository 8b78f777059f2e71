//! Pumps: what moves chunks from a source to a sink (ltn12's `pump.*`).
//!
//! Nothing flows by itself: sources and sinks are passive, and a pump is the
//! loop that pulls a chunk from one and puts it into the other. Errors stop
//! the pump and come back to the caller; when the source fails, the sink is
//! *not* given the end, so a half-written output is never mistaken for a
//! complete one.
//!
//! Layout: [`pump_step`], [`pump_all`], and [`transform`] (the seed's
//! `Transform` helper: a byte string through a filter into memory).

use super::sink::{ChainedSink, VecSink};
use super::source::BytesSource;
use super::{Filter, Sink, Source, StreamError};

// ANCHOR: pump
/// Moves one chunk (or the end) from `src` to `snk`. Returns `Ok(true)` while
/// there is more to pump and `Ok(false)` once the end has been delivered.
pub fn pump_step<S, K>(src: &mut S, snk: &mut K) -> Result<bool, StreamError>
where
    S: Source + ?Sized,
    K: Sink + ?Sized,
{
    let chunk = src.pull()?;
    let more = chunk.is_some();
    snk.put(chunk)?;
    Ok(more)
}

/// Pumps everything from `src` into `snk`, ending with the end of stream.
pub fn pump_all<S, K>(src: &mut S, snk: &mut K) -> Result<(), StreamError>
where
    S: Source + ?Sized,
    K: Sink + ?Sized,
{
    while pump_step(src, snk)? {}
    Ok(())
}
// ANCHOR_END: pump

// ANCHOR: transform
/// Pushes `input` through `filter` and returns the result (the seed's
/// `Transform`): a source over the bytes, the filter chained onto a memory
/// sink, and a pump to open the valve.
///
/// Even though the input and output are whole byte strings, the filter only
/// ever sees blocks of [`BLOCKSIZE`](super::source::BLOCKSIZE) bytes.
pub fn transform(input: &[u8], filter: impl Filter) -> Result<Vec<u8>, StreamError> {
    let mut src = BytesSource::new(input);
    let mut snk = ChainedSink::new(filter, VecSink::default());
    pump_all(&mut src, &mut snk)?;
    Ok(snk.into_inner().data)
}
// ANCHOR_END: transform
