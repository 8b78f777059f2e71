//! Exercise `query_packet`: build the bytes of a DNS query by hand.
//!
//! A query is a 12-byte header (id, flags, four counts, all big-endian)
//! followed by one question: the name as length-prefixed labels ending in a
//! zero byte, then the type and the class (RFC 1035 §4.1.1–§4.1.2).
//!
//! Layout: [`encode_labels`], [`query`].

use crate::dns::{RecordType, WireError};

// ANCHOR: stub
/// Appends `name` (e.g. `"www.example.org"`, a final dot allowed) to `out`
/// as labels: `3 www 7 example 3 org 0`. `""` and `"."` are the root (one
/// zero byte). A label that is empty or longer than 63 bytes is
/// `Err(WireError::BadLabelText(label))`; a name over 255 bytes on the wire
/// is `Err(WireError::NameTooLong)`. (No `\` escapes needed here.)
pub fn encode_labels(name: &str, out: &mut Vec<u8>) -> Result<(), WireError> {
    // TODO: append the labels of `name` and the final zero byte to `out`,
    // or return the error the doc comment names.
    let _ = (name, out);
    todo!()
}

/// The whole query: id, flags with only RD (recursion desired) set, counts
/// 1/0/0/0, then the question for `name`, `qtype`, class IN (1).
pub fn query(id: u16, name: &str, qtype: RecordType) -> Result<Vec<u8>, WireError> {
    // TODO: return the header, then the question: the name's labels, its
    // type and its class.
    let _ = (id, name, qtype);
    todo!()
}
// ANCHOR_END: stub
