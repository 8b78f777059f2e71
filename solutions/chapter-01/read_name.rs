//! Reference solution for exercise `read_name` (chapter 1).
//!
//! Names are labels ending in a zero byte or in a pointer to the rest of
//! the name earlier in the message (RFC 1035 §4.1.4). Following a pointer
//! only when it goes strictly below every earlier jump makes loops
//! impossible; checking every index makes over-runs errors, not panics.
//!
//! Layout: [`read_name`].

use crate::dns::WireError;

/// Reads the (possibly compressed) name at `offset` in `msg`.
pub fn read_name(msg: &[u8], offset: usize) -> Result<(String, usize), WireError> {
    let cut = WireError::Truncated(msg.len());
    let mut labels: Vec<String> = Vec::new();
    let (mut pos, mut limit, mut end) = (offset, offset, None);
    let mut wire_len = 1;
    loop {
        let len = *msg.get(pos).ok_or(cut.clone())?;
        match len {
            0 => return Ok((labels.join("."), end.unwrap_or(pos + 1))),
            1..=63 => {
                let label = msg
                    .get(pos + 1..pos + 1 + len as usize)
                    .ok_or(cut.clone())?;
                wire_len += 1 + label.len();
                if wire_len > 255 {
                    return Err(WireError::NameTooLong);
                }
                labels.push(String::from_utf8_lossy(label).into_owned());
                pos += 1 + label.len();
            }
            0xC0.. => {
                let low = *msg.get(pos + 1).ok_or(cut.clone())?;
                let to = usize::from(len & 0x3F) << 8 | usize::from(low);
                if to >= limit {
                    return Err(WireError::PointerLoop { at: pos, to });
                }
                end.get_or_insert(pos + 2);
                (pos, limit) = (to, to);
            }
            _ => return Err(WireError::BadLabel(pos)),
        }
    }
}
