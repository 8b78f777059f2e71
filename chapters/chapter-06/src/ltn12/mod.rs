//! Data as a fluid: sources, filters, sinks and pumps (the model of Lua's `ltn12`).
//!
//! A stream is a sequence of chunks followed by *the end*. Everywhere in this
//! module a chunk is `Some(&[u8])` and the end is `None`, exactly as ltn12 uses a
//! string or `nil`. Because every stage sees only one chunk at a time, memory
//! stays flat however long the stream is: a filter keeps only the little state
//! it needs between chunks (a leftover byte or two, a column count) and flushes
//! it when the end arrives.
//!
//! Layout:
//! - this file: the [`Filter`] trait, [`FilterError`], [`StreamError`] and
//!   [`Chain`] (several filters acting as one).
//! - [`source`]: where chunks come from ([`Source`]).
//! - [`sink`]: where chunks go ([`Sink`]).
//! - [`pump`]: moving chunks from a source to a sink, one step or all of them.
//! - [`io`]: adapters between sources/sinks and `std::io::Read`/`Write`.

pub mod io;
pub mod pump;
pub mod sink;
pub mod source;

pub use pump::{pump_all, pump_step, transform};
pub use sink::Sink;
pub use source::Source;

// ANCHOR: filter_trait
/// A stateful transformation of a chunked byte stream.
///
/// `filter(Some(chunk), out)` consumes one chunk and appends whatever output is
/// ready to `out`; `filter(None, out)` says the input has ended, so the filter
/// appends everything it was still holding back. The concatenated output must
/// not depend on how the input was cut into chunks (empty chunks included):
/// that is what makes a filter safe to put on a network stream.
pub trait Filter {
    /// Filters one chunk (`Some`) or flushes at the end of the input (`None`).
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError>;
}
// ANCHOR_END: filter_trait

impl<F: Filter + ?Sized> Filter for Box<F> {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        (**self).filter(chunk, out)
    }
}

/// Why a filter rejected its input (only decoders can fail).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// A byte that is neither a base64 symbol, `=` padding, nor white space.
    #[error("invalid base64 byte {byte:#04x} at offset {offset}")]
    InvalidBase64 {
        /// The offending byte.
        byte: u8,
        /// Its position in the filter's input stream (0-based).
        offset: u64,
    },
    /// A base64 symbol after the `=` padding that ends the data.
    #[error("base64 data continues after the padding, at offset {offset}")]
    DataAfterPadding {
        /// Position of the first symbol after the padding.
        offset: u64,
    },
    /// The input ended with a single base64 symbol, which cannot encode a byte.
    #[error("base64 input ends in the middle of a group (one lone symbol)")]
    TruncatedBase64,
}

/// Why a stream stopped: a source or sink failed, or a filter rejected data.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// Reading from a source or writing to a sink failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A filter rejected its input.
    #[error(transparent)]
    Filter(#[from] FilterError),
    /// Any other failure, described in words (ltn12's error strings).
    #[error("{0}")]
    Other(String),
}

// ANCHOR: chain
/// Several filters acting as one: the output of each feeds the next
/// (ltn12's `filter.chain`).
///
/// When the end arrives, each stage first passes on what it produced for the
/// last chunk, then is flushed, so the end travels through the chain in order.
#[derive(Default)]
pub struct Chain {
    filters: Vec<Box<dyn Filter>>,
    // Two scratch buffers, swapped between stages, reused for every chunk.
    scratch: [Vec<u8>; 2],
}

impl Chain {
    /// An empty chain, which passes its input through unchanged.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `filter` as the last stage (builder style).
    pub fn then(mut self, filter: impl Filter + 'static) -> Self {
        self.filters.push(Box::new(filter));
        self
    }

    /// Appends an already boxed filter as the last stage.
    pub fn push(&mut self, filter: Box<dyn Filter>) {
        self.filters.push(filter);
    }
}

impl Filter for Chain {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        let n = self.filters.len();
        match self.filters.as_mut_slice() {
            [] => {
                out.extend_from_slice(chunk.unwrap_or_default());
                return Ok(());
            }
            // One stage needs no scratch buffers: skip the copy.
            [only] => return only.filter(chunk, out),
            _ => {}
        }
        let [a, b] = &mut self.scratch;
        let (mut input, mut output) = (a, b);
        input.clear();
        input.extend_from_slice(chunk.unwrap_or_default());
        output.clear();
        for (i, stage) in self.filters.iter_mut().enumerate() {
            let target: &mut Vec<u8> = if i + 1 == n { &mut *out } else { &mut *output };
            stage.filter(Some(input), target)?;
            if chunk.is_none() {
                stage.filter(None, target)?;
            }
            if i + 1 < n {
                std::mem::swap(&mut input, &mut output);
                output.clear();
            }
        }
        Ok(())
    }
}
// ANCHOR_END: chain
