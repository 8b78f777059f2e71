//! Exercise `qp_soft_breaks`: a quoted-printable encoder with soft line breaks.
//!
//! Encode any bytes (binary mode: CR and LF are data too) as quoted-printable
//! lines of at most 76 characters. The exact rules, which the tests check:
//! - a byte in 33..=126 other than `=`, and a space or tab, is written as is
//!   (1 column); every other byte is written as `=` and two upper-case hex
//!   digits (3 columns);
//! - but a space or tab that is the very *last* byte of the input is written
//!   as `=20` / `=09`, since trailing white space may be stripped in transit;
//! - before writing an item, if it would take the line past 75 columns, first
//!   write a soft line break `=` CR LF and start a new line (so a line is at
//!   most 75 characters plus the `=`, and an escape is never split);
//! - there is no soft break after the last item.
//!
//! A chunk may end with a space or tab, and only the next chunk (or the end)
//! tells whether it was the last byte: hold it back until then.

use crate::ltn12::{Filter, FilterError};

// ANCHOR: stub
/// Quoted-printable encoding with soft line breaks at 76 columns.
#[derive(Debug)]
pub struct QpSoftBreaks {
    // TODO: add the state kept between chunks.
}

impl QpSoftBreaks {
    /// A fresh encoder at the start of a line.
    pub fn new() -> Self {
        // TODO: build the empty state.
        todo!()
    }
}

impl Default for QpSoftBreaks {
    fn default() -> Self {
        Self::new()
    }
}

impl Filter for QpSoftBreaks {
    fn filter(&mut self, chunk: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), FilterError> {
        // TODO: encode by the rules above into `out`, with the same output
        // however the input is chunked; the end (`None`) completes it.
        let _ = (chunk, out);
        todo!()
    }
}
// ANCHOR_END: stub
