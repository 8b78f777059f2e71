//! Just enough RFC 5322 reading for the harness's checks: split a message
//! into header fields (unfolded, RFC 5322 §2.2.3) and body. The chapters
//! teach the full job; the harness only needs to look.
//!
//! Layout: [`Parsed`], [`parse`].

/// A message's header fields and body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    /// `(name, value)` in order; values unfolded and trimmed.
    pub headers: Vec<(String, String)>,
    /// Everything after the blank line.
    pub body: Vec<u8>,
}

impl Parsed {
    /// Every value of the field `name` (case-insensitive).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first value of the field `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.all(name).first().copied()
    }
}

/// Splits `message` (CRLF or LF line ends) into fields and body. Lines
/// before the blank line that are neither fields nor continuations are kept
/// as a field with an empty name, so a check can report them.
pub fn parse(message: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let mut rest = message;
    // Bounded: each pass consumes one line.
    while !rest.is_empty() {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        let (line, tail) = rest.split_at(end);
        rest = tail;
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        match (text.starts_with([' ', '\t']), parsed.headers.last_mut()) {
            (true, Some((_, value))) => {
                value.push(' ');
                value.push_str(text.trim());
            }
            _ => {
                let (name, value) = text.split_once(':').unwrap_or(("", text));
                parsed
                    .headers
                    .push((name.trim().to_string(), value.trim().to_string()));
            }
        }
    }
    parsed.body = rest.to_vec();
    parsed
}
