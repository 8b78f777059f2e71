//! Exercise: the response writer.
//!
//! Encode a whole response into one buffer, so the server writes it once.

/// Appends a whole response to `out`: `HTTP/1.1 STATUS REASON`, each header,
/// `Content-Length: <body length>`, a blank line, then the body unless
/// `head_only`. Every line ends in CRLF.
pub fn write_response(
    status: u16,
    reason: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
    out: &mut Vec<u8>,
) {
    // TODO: the status line, the headers in order, Content-Length, CRLF.
    // TODO: the body, except for HEAD (head_only): its length is still sent.
    let _ = (status, reason, headers, body, head_only, out);
    todo!("write the response")
}
