//! Command lines as one would type them in a POSIX shell, for everything the
//! conformance engine shows or stores: a report's first line, the reproduce
//! lines, the command recorded with a reference.
//!
//! Quoting is [`shlex`]'s (the POSIX rules, also safe for bash, zsh and
//! fish), so a line pasted from a report runs the very same words.
//!
//! # Layout
//! - [`line()`]: words joined into one command line.
//! - [`assignments`]: `NAME=value ` variable settings to put before one.

/// `words` as one shell command line, each word quoted as needed.
///
/// A NUL byte cannot be quoted (and no program receives it as part of an
/// argument), so it is shown as `\0`.
pub fn line<S: AsRef<str>>(words: &[S]) -> String {
    let words: Vec<String> = words
        .iter()
        .map(|w| w.as_ref().replace('\0', "\\0"))
        .collect();
    shlex::try_join(words.iter().map(String::as_str)).expect("no NUL byte is left to refuse")
}

/// `NAME=value ` for each variable, values quoted as needed: the
/// environment settings that go before a command (the names are plain
/// upper-case words, which need no quoting).
pub fn assignments(vars: &[(&str, &str)]) -> String {
    vars.iter()
        .map(|(name, value)| format!("{name}={} ", line(&[value])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_a_shell_would_split_or_expand() {
        let words = ["sh", "-c", "tr a-z A-Z | sed 's/x/y/'", "{port}", "a.txt"];
        assert_eq!(
            line(&words),
            r#"sh -c "tr a-z A-Z | sed 's/x/y/'" '{port}' a.txt"#
        );
        // A backslash is literal in single quotes for POSIX shells but not
        // for fish, so shlex double-quotes it (and escapes it there).
        assert_eq!(line(&["", "x\0y"]), r#"'' "x\\0y""#);
    }

    #[test]
    fn assignments_quote_values_not_names() {
        assert_eq!(
            assignments(&[("A_PORT", "7007"), ("A_PASS", "two words")]),
            "A_PORT=7007 A_PASS='two words' "
        );
    }
}
