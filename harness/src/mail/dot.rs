//! Dot-stuffing: how SMTP's DATA (RFC 5321 §4.5.2, "transparency") and
//! POP3's multi-line replies (RFC 1939 §3, "byte-stuffing") carry a message
//! whose lines may start with a dot, when a line holding only `.` ends it.
//!
//! The sender doubles a leading dot and ends with `.` CRLF; the receiver
//! drops the first dot of a line that starts with one. The SMTP peer
//! unstuffs what clients send, the POP3 peer stuffs what it serves, and the
//! test clients do the opposite of each.
//!
//! # Layout
//! [`END`], [`stuff`], [`unstuff`].

/// The line that ends the data.
pub const END: &[u8] = b".\r\n";

/// `data` as dot-stuffed lines: a `.` in front of every line that starts
/// with `.`, CRLF added at the end if the last line lacks a line end, then
/// the [`END`] line. Line ends inside `data` are kept as they are.
pub fn stuff(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 8);
    let mut at_start = true;
    for &b in data {
        if at_start && b == b'.' {
            out.push(b'.');
        }
        out.push(b);
        at_start = b == b'\n';
    }
    if !at_start {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(END);
    out
}

/// One received data line without the dot that stuffing added (the line
/// is not the [`END`] line; the caller checks that first).
pub fn unstuff(line: &[u8]) -> &[u8] {
    line.strip_prefix(b".").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stuffs_leading_dots_and_ends_with_the_dot_line() {
        assert_eq!(stuff(b".a\r\nb\r\n.\r\n"), b"..a\r\nb\r\n..\r\n.\r\n");
        assert_eq!(stuff(b"no line end"), b"no line end\r\n.\r\n");
        assert_eq!(stuff(b""), b".\r\n");
    }

    #[test]
    fn unstuffing_each_line_undoes_stuffing() {
        let data = b"..\r\n.x\r\nplain\r\n";
        let stuffed = stuff(data);
        let body = &stuffed[..stuffed.len() - END.len()];
        let back: Vec<u8> = body
            .split_inclusive(|&b| b == b'\n')
            .flat_map(|l| unstuff(l).to_vec())
            .collect();
        assert_eq!(back, data);
    }
}
