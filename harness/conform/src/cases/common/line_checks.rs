//! The graded checks of one step of a line conversation with a server
//! under test, shared by the server cases (and played in order by
//! [`super::script`]): [`send`], [`check_echo`] and [`expect`] (one line
//! back; [`expect_line`] leniently), [`check_close`] (half-close, then the server's close) and
//! [`closed`] (the server's close), with [`read_end`] telling a clean close
//! from more data or a failed read.

use std::time::Instant;

use crate::Check;
use crate::client::{LineClient, ReadEnd};
use harness::failure::{bytes_mismatch, escape, io_summary};

/// Why a bare LF reply to a CRLF line fails.
const BARE_LF_HINT: &str = "the reply ends in a bare LF where the line ended in CRLF; \
                            send back the bytes received, line ending included";

/// Writes the pieces of one line; a failure is a FAILED check.
pub(crate) fn send(client: &mut LineClient, pieces: &[&str]) -> Option<Check> {
    let pieces: Vec<&[u8]> = pieces.iter().map(|p| p.as_bytes()).collect();
    let e = client.send(&pieces).err()?;
    Some(Check::must(
        format!("takes the bytes {} sends", client.name),
        false,
        io_summary(&e),
    ))
}

/// Compares one echo with the line sent; a read that fails closes the
/// client, since nothing more can come in order on it.
pub(crate) fn check_echo(client: &mut LineClient, line: &[u8], until: Instant) -> Check {
    let name = format!("echoes \"{}\" on {}", escape(line), client.name);
    match client.read_line(until) {
        Ok(echo) if echo == line => Check::ok(name),
        Ok(echo) => {
            let mut detail = bytes_mismatch(line, &echo);
            // The hint only when the ending is the one difference: for a
            // reply that differs otherwise, it would blame the wrong thing.
            let bare_lf = echo.ends_with(b"\n") && !echo.ends_with(b"\r\n");
            let same_text = echo.strip_suffix(b"\n") == line.strip_suffix(b"\r\n");
            if bare_lf && same_text {
                detail.push_str(&format!("\nhint: {BARE_LF_HINT}"));
            }
            Check::must(name, false, detail)
        }
        Err(end) => {
            client.close();
            let detail = format!("{}\n{}", end.describe(), bytes_mismatch(line, &end.partial));
            Check::must(name, false, detail)
        }
    }
}

/// Reads one line and expects exactly `want` (an answer, not an echo).
pub(crate) fn expect(client: &mut LineClient, want: &str, until: Instant) -> Check {
    let name = format!("answers \"{}\" to {}", escape(want.as_bytes()), client.name);
    match client.read_line(until) {
        Ok(got) if got == want.as_bytes() => Check::ok(name),
        Ok(got) => Check::must(name, false, bytes_mismatch(want.as_bytes(), &got)),
        Err(end) => {
            let detail = format!(
                "{}\n{}",
                end.describe(),
                bytes_mismatch(want.as_bytes(), &end.partial)
            );
            Check::must(name, false, detail)
        }
    }
}

/// Whether `line` (its LF or CRLF ending removed) matches `pattern`, in
/// which each `*` stands for any text (`Hello from * server!`).
pub(crate) fn line_matches(line: &[u8], pattern: &str) -> bool {
    let text = line.strip_suffix(b"\n").unwrap_or(line);
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    let Ok(text) = std::str::from_utf8(text) else {
        return false;
    };
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Reads one line and expects it to match `pattern` ([`line_matches`]):
/// a LF or CRLF ending both pass, as a LuaSocket client's `receive()`
/// drops either.
pub(crate) fn expect_line(client: &mut LineClient, pattern: &str, until: Instant) -> Check {
    let name = format!("answers \"{pattern}\" to {}", client.name);
    let want = format!("{pattern}\n");
    match client.read_line(until) {
        Ok(got) if line_matches(&got, pattern) => Check::ok(name),
        Ok(got) => Check::must(name, false, bytes_mismatch(want.as_bytes(), &got)),
        Err(end) => {
            let detail = format!(
                "{}\n{}",
                end.describe(),
                bytes_mismatch(want.as_bytes(), &end.partial)
            );
            Check::must(name, false, detail)
        }
    }
}

/// How a read that expects the server to close its side ended.
pub(crate) enum End {
    /// End of file with nothing before it: the close expected.
    Clean,
    /// Bytes came instead of the close (with or without an end of file).
    More(Vec<u8>),
    /// The read failed (an error or the time limit): what came before, why
    /// it ended, and how long it waited.
    Failed(ReadEnd),
}

/// Reads once more from `client`, expecting the server to have closed.
pub(crate) fn read_end(client: &mut LineClient, until: Instant) -> End {
    match client.read_line(until) {
        Ok(more) => End::More(more),
        Err(ReadEnd {
            partial,
            error: None,
            ..
        }) if partial.is_empty() => End::Clean,
        Err(ReadEnd {
            partial,
            error: None,
            ..
        }) => End::More(partial),
        Err(end) => End::Failed(end),
    }
}

/// Half-closes and expects the server to close its side (EOF, no more data).
pub(crate) fn check_close(client: &mut LineClient, until: Instant) -> Check {
    let name = format!("closes {} after the client half-closes", client.name);
    if let Err(e) = client.half_close() {
        return Check::must(name, false, io_summary(&e));
    }
    let end = read_end(client, until);
    client.close();
    let detail = match end {
        End::Clean => return Check::ok(name),
        End::More(more) => format!(
            "it sent \"{}\" after the last line instead of closing",
            escape(&more)
        ),
        End::Failed(end) => format!(
            "{}\nhint: when a read returns 0 bytes (end of file) the client is done: close the connection",
            end.describe()
        ),
    };
    Check::must(name, false, detail)
}

/// Expects the server to close this connection of its own accord (after a
/// command that ends the session), without half-closing first.
pub(crate) fn closed(client: &mut LineClient, until: Instant) -> Check {
    let name = format!("closes {}", client.name);
    let end = read_end(client, until);
    client.close();
    let detail = match end {
        End::Clean => return Check::ok(name),
        End::More(more) => format!("it sent \"{}\" instead of closing", escape(&more)),
        End::Failed(end) => end.describe(),
    };
    Check::must(name, false, detail)
}

#[cfg(test)]
mod tests {
    use super::line_matches;

    #[test]
    fn either_ending_and_wildcards() {
        assert!(line_matches(b"Hello from server!\n", "Hello from server!"));
        assert!(line_matches(
            b"Hello from server!\r\n",
            "Hello from server!"
        ));
        assert!(!line_matches(
            b"Hello from server!!\n",
            "Hello from server!"
        ));
        assert!(line_matches(
            b"Hello from event loop server!\n",
            "Hello from * server!"
        ));
        assert!(!line_matches(
            b"Hello from server!\n",
            "Hello from * server!"
        ));
        assert!(line_matches(
            b"Hello from  server!\n",
            "Hello from * server!"
        ));
    }
}
