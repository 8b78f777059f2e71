//! Reference solution for exercise `query_packet` (chapter 1).
//!
//! A query is a 12-byte header (id, flags, four counts, all big-endian)
//! followed by one question: the name as length-prefixed labels ending in a
//! zero byte, then the type and the class (RFC 1035 §4.1.1–§4.1.2).
//!
//! Layout: [`encode_labels`], [`query`].

use crate::dns::{RecordType, WireError};

/// Appends `name` to `out` as length-prefixed labels and a final zero.
pub fn encode_labels(name: &str, out: &mut Vec<u8>) -> Result<(), WireError> {
    let name = name.strip_suffix('.').unwrap_or(name);
    let start = out.len();
    if !name.is_empty() {
        for label in name.split('.') {
            // RFC 1035 §2.3.4: labels are 1..=63 bytes (the top two bits of
            // the length byte are reserved for compression pointers).
            if label.is_empty() || label.len() > 63 {
                out.truncate(start);
                return Err(WireError::BadLabelText(label.to_string()));
            }
            out.push(label.len() as u8);
            out.extend_from_slice(label.as_bytes());
        }
    }
    out.push(0);
    if out.len() - start > 255 {
        out.truncate(start);
        return Err(WireError::NameTooLong);
    }
    Ok(())
}

/// The whole query: header with RD set, then one IN question.
pub fn query(id: u16, name: &str, qtype: RecordType) -> Result<Vec<u8>, WireError> {
    let mut out = Vec::with_capacity(18 + name.len());
    for word in [id, 0x0100, 1, 0, 0, 0] {
        out.extend_from_slice(&word.to_be_bytes());
    }
    encode_labels(name, &mut out)?;
    out.extend_from_slice(&qtype.code().to_be_bytes());
    out.extend_from_slice(&1u16.to_be_bytes());
    Ok(out)
}
