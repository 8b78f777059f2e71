//! Arguments of MAIL and RCPT (RFC 5321 §4.1.2, §4.1.1.2–3): the path in
//! angle brackets, with its length limit, and MAIL's parameters (SIZE,
//! BODY). Each error is the reply that explains it.
//!
//! # Layout
//! [`MAX_PATH`], `parse_path`, `mail_params`. The session (`session`) calls
//! these; they know nothing of its state.

use super::reply::line;

/// Longest path (address in `<>`), brackets included (RFC 5321 §4.5.3.1.3).
pub const MAX_PATH: usize = 256;

/// Checks MAIL's parameters: `SIZE=n` (refused with 552 above `max_size`),
/// `BODY=7BIT|8BITMIME`; anything else is 555. The `BODY` value, if given.
pub(super) fn mail_params(params: &str, max_size: usize) -> Result<Option<String>, String> {
    let mut body = None;
    for p in params.split_whitespace() {
        let (key, value) = p.split_once('=').unwrap_or((p, ""));
        match key.to_ascii_uppercase().as_str() {
            "SIZE" => match value.parse::<usize>() {
                Ok(n) if n > max_size => {
                    return Err(line("552", "5.3.4 Message size exceeds fixed limit"));
                }
                Ok(_) => {}
                Err(_) => return Err(line("501", "5.5.4 Bad SIZE value")),
            },
            "BODY" => match value.to_ascii_uppercase().as_str() {
                v @ ("7BIT" | "8BITMIME") => body = Some(v.to_string()),
                _ => return Err(line("501", "5.5.4 BODY must be 7BIT or 8BITMIME")),
            },
            _ => return Err(line("555", "5.5.4 Unsupported MAIL parameter")),
        }
    }
    Ok(body)
}

/// Splits `FROM:<a@b> PARAMS` into the address and the parameters, or the
/// `501` reply that explains what is wrong.
pub(super) fn parse_path<'a>(arg: &'a str, keyword: &str) -> Result<(String, &'a str), String> {
    let syntax = || line("501", &format!("5.5.4 Syntax: {keyword}<address>"));
    let head = arg.get(..keyword.len()).ok_or_else(syntax)?;
    if !head.eq_ignore_ascii_case(keyword) {
        return Err(syntax());
    }
    // Some clients put a space after the colon; tolerate it.
    let rest = arg[keyword.len()..].trim_start();
    let inner = rest.strip_prefix('<').ok_or_else(syntax)?;
    let end = inner.find('>').ok_or_else(syntax)?;
    if end + 2 > MAX_PATH {
        return Err(line("501", "5.1.3 Path too long (RFC 5321 §4.5.3.1.3)"));
    }
    let path = &inner[..end];
    // A source route (`@a,@b:user@c`) is allowed but ignored (RFC 5321 §4.1.2).
    let path = path.rsplit_once(':').map_or(path, |(_, p)| p);
    let bad = |c: char| c.is_whitespace() || c.is_control() || c == '<';
    let postmaster = path.eq_ignore_ascii_case("postmaster");
    if path.contains(bad) || (!path.is_empty() && !path.contains('@') && !postmaster) {
        return Err(line("501", "5.1.3 Bad address syntax"));
    }
    Ok((path.to_string(), &inner[end + 1..]))
}
