//! Exercise `eol_crlf`: normalize line ends to CRLF, across chunk boundaries.
//!
//! Network text protocols end lines with CR LF. Files end them with LF, CR LF
//! or (old Macs) a lone CR. Rewrite every line end as CR LF:
//! - CR LF is one line end and becomes CR LF;
//! - any other CR, and any other LF, is one line end and becomes CR LF;
//! - every other byte is copied.
//!
//! The trap: a CR may be the last byte of one chunk and its LF the first byte
//! of the next. That is still *one* line end.

use crate::ltn12::{Filter, FilterError};

// ANCHOR: stub
/// Line-end normalization to CRLF.
#[derive(Debug)]
pub struct CrlfNormalizer {
    // TODO: add the state kept between chunks.
}

impl CrlfNormalizer {
    /// A fresh normalizer.
    pub fn new() -> Self {
        // TODO: build the initial state.
        todo!()
    }
}

impl Default for CrlfNormalizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Filter for CrlfNormalizer {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        // TODO: copy `Some(chunk)` into `out` with its line ends rewritten by
        // the rules above, the same however the input is chunked. The end
        // (`None`) adds nothing to the output.
        let _ = (chunk, out);
        todo!()
    }
}
// ANCHOR_END: stub
