//! Reading an accounts file: size caps, TOML parsing, and the checks that
//! make a hand-edited class list safe to serve.
//!
//! An instructor edits the file by hand, so each error says which file,
//! which line and which field is wrong, and what to do about it. The checks
//! exist because a user name becomes a directory name (the mailbox) and a
//! DNS label (`<user>.<domain>` in the room's zone): a name like `../x`
//! must never reach the file system, and two accounts with one user or one
//! address would share a mailbox.
//!
//! # Layout
//! - the caps ([`MAX_FILE_BYTES`], [`MAX_ACCOUNTS`], [`MAX_USER`],
//!   [`MAX_PASSWORD`], [`MAX_ADDRESS`]);
//! - [`Accounts::load`] and [`Accounts::from_toml`] (an `impl` block here,
//!   so the plain account types do not depend on file reading), `read`,
//!   `parse` (with `syntax_error`, which keeps passwords out of TOML
//!   errors), and the per-field checks.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use anyhow::{Context, bail};

use super::accounts::{Account, Accounts};

/// Largest accounts file read: a class list, not a user database.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;
/// Most accounts in one file.
pub const MAX_ACCOUNTS: usize = 1000;
/// Longest user name: it is also one DNS label (RFC 1035 §2.3.4: 63 octets).
pub const MAX_USER: usize = 63;
/// Longest password: it must fit on a POP3 `PASS` line (RFC 2449 §4: 255 octets).
pub const MAX_PASSWORD: usize = 200;
/// Longest address (RFC 5321 §4.5.3.1.3: a path holds at most 256 octets).
pub const MAX_ADDRESS: usize = 254;

/// What every error ends with: how to fix the file.
pub const FORMAT: &str = "each account is a `[[account]]` table with `user`, `password` and `address` \
     (see fixtures/classroom/accounts.toml)";

impl Accounts {
    /// Parses the TOML form and checks every account (user names usable
    /// as directory and DNS names, unique users and addresses, the caps
    /// above); an error names the line and the field.
    pub fn from_toml(text: &str) -> anyhow::Result<Self> {
        parse(text)
    }

    /// Reads and checks a TOML file (at most [`MAX_FILE_BYTES`]); an error
    /// names the file, the line and the field.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        read(path)
    }
}

/// Reads and checks the accounts file at `path`.
fn read(path: &Path) -> anyhow::Result<Accounts> {
    let shown = path.display();
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read the accounts file {shown}"))?;
    let mut bytes = Vec::new();
    // Read one byte past the cap, so an over-long file is noticed without
    // reading all of it.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the accounts file {shown}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        bail!(
            "the accounts file {shown} is larger than {MAX_FILE_BYTES} bytes; is it the right file?"
        );
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{shown}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    parse(&text).with_context(|| format!("in the accounts file {shown}"))
}

/// Parses and checks accounts text.
fn parse(text: &str) -> anyhow::Result<Accounts> {
    let accounts: Accounts = toml::from_str(text).map_err(|e| syntax_error(text, &e))?;
    if accounts.list.len() > MAX_ACCOUNTS {
        bail!(
            "{} accounts; at most {MAX_ACCOUNTS} are allowed (split the class)",
            accounts.list.len()
        );
    }
    let lines = header_lines(text);
    let mut users: HashMap<String, usize> = HashMap::new();
    let mut addresses: HashMap<String, usize> = HashMap::new();
    for (i, a) in accounts.list.iter().enumerate() {
        let at = |field: &str| match lines.get(i) {
            Some(line) => format!("line {line}: account {} (`{field}`)", i + 1),
            None => format!("account {} (`{field}`)", i + 1),
        };
        check_account(a).map_err(|(field, why)| anyhow::anyhow!("{}: {why}", at(field)))?;
        if let Some(first) = users.insert(a.user.clone(), i) {
            bail!(
                "{}: user {:?} is already account {}'s; each user names one mailbox, so make it unique",
                at("user"),
                a.user,
                first + 1
            );
        }
        if let Some(first) = addresses.insert(a.address.to_ascii_lowercase(), i) {
            bail!(
                "{}: address {:?} is already account {}'s; mail for an address goes to one mailbox, so make it unique",
                at("address"),
                a.address,
                first + 1
            );
        }
    }
    Ok(accounts)
}

/// A TOML error as its line and message, without the quoted source line
/// that toml's own message shows: that line may hold a password, and the
/// error may be read on a classroom's projector.
fn syntax_error(text: &str, e: &toml::de::Error) -> anyhow::Error {
    let line = e
        .span()
        .and_then(|s| text.get(..s.start))
        .map(|before| before.matches('\n').count() + 1);
    let at = line.map_or(String::new(), |l| format!("line {l}: "));
    anyhow::anyhow!("{at}{}\n{FORMAT}", e.message().trim_end())
}

/// The 1-based line numbers of the `[[account]]` headers, in order, so an
/// error about account `n` can name its line.
fn header_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("[[account]]"))
        .map(|(n, _)| n + 1)
        .collect()
}

/// Checks one account; on error, the field and what is wrong with it.
fn check_account(a: &Account) -> Result<(), (&'static str, String)> {
    check_user(&a.user).map_err(|e| ("user", e))?;
    check_password(&a.password).map_err(|e| ("password", e))?;
    check_address(&a.address).map_err(|e| ("address", e))
}

/// A user is a mailbox directory and a DNS label: lower-case letters,
/// digits, `-` and `_`, starting with a letter or digit.
fn check_user(user: &str) -> Result<(), String> {
    let first_ok = user
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let rest_ok = user
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !first_ok || !rest_ok || user.len() > MAX_USER {
        return Err(format!(
            "{user:?} is not a usable user name: use 1 to {MAX_USER} lower-case letters, digits, `-` or `_`, \
             starting with a letter or digit (it names a mailbox directory and a DNS name)"
        ));
    }
    Ok(())
}

/// A password must be sendable on one protocol line.
fn check_password(password: &str) -> Result<(), String> {
    if password.is_empty() || password.len() > MAX_PASSWORD {
        return Err(format!("give a password of 1 to {MAX_PASSWORD} bytes"));
    }
    if password.chars().any(|c| c.is_control()) {
        return Err("a password cannot hold control characters (tabs, line breaks)".into());
    }
    Ok(())
}

/// An address is `local@domain` without spaces or brackets.
fn check_address(address: &str) -> Result<(), String> {
    let bad = |c: char| c.is_whitespace() || c.is_control() || "<>\"".contains(c);
    let shape = address
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && !d.is_empty() && !d.contains('@'));
    if !shape || address.contains(bad) || address.len() > MAX_ADDRESS {
        return Err(format!(
            "{address:?} is not a usable address: write `user@domain` (at most {MAX_ADDRESS} bytes, no spaces or brackets)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_names_its_line_but_not_the_password() {
        // Found by fuzz/ (`accounts-file`): toml's message quotes the line.
        let text = "[[account]]\nuser = \"puck\"\npassword = \"good\u{1}fellow\"\naddress = \"p@x.test\"\n";
        let err = format!("{:#}", Accounts::from_toml(text).unwrap_err());
        assert!(err.starts_with("line 3: "), "{err}");
        assert!(!err.contains("good"), "{err}");
    }
}
