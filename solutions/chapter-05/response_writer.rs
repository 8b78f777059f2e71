//! Exercise: the response writer.
//!
//! Reference solution. See the stub in chapters/chapter-05/src/exercises/ for the task.

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
    out.extend_from_slice(format!("HTTP/1.1 {status} {reason}\r\n").as_bytes());
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    if !head_only {
        out.extend_from_slice(body);
    }
}
