//! The mail peers' accounts (SMTP, POP3, and the room's HTTP and DNS):
//! user names, passwords and the address each one receives mail for.
//!
//! Read from TOML (`fixtures/mail/accounts.toml` is the shared set):
//!
//! ```toml
//! [[account]]
//! user = "puck"
//! password = "goodfellow"
//! address = "puck@fairy.example"
//! ```
//!
//! These are test accounts on loopback; the passwords are not secrets, but
//! the peers still keep them out of transcripts and logs, as a real server must.
//!
//! # Layout
//! - [`Account`], [`Accounts`] (building, lookup, login check, mailbox of
//!   an address), the test account ([`TEST_USER`], [`TEST_PASSWORD`],
//!   [`TEST_ADDRESS`]). Reading and checking a file
//!   ([`Accounts::load`], [`Accounts::from_toml`]) is in `accounts_file`,
//!   which builds on this module (never the other way round).

use serde::Deserialize;

/// One account.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// The login name, also the mailbox directory name.
    pub user: String,
    /// The password.
    pub password: String,
    /// The address delivered into this account's mailbox.
    pub address: String,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("user", &self.user)
            .field("password", &"<secret>")
            .field("address", &self.address)
            .finish()
    }
}

/// A set of accounts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accounts {
    /// The accounts, in file order.
    #[serde(default, rename = "account")]
    pub list: Vec<Account>,
}

/// The default test account's user name (the seed's sender, Puck).
pub const TEST_USER: &str = "puck";
/// The default test account's password.
pub const TEST_PASSWORD: &str = "goodfellow";
/// The default test account's address.
pub const TEST_ADDRESS: &str = "puck@fairy.example";

impl Accounts {
    /// Just the default test account (`puck` / `goodfellow`).
    pub fn test() -> Self {
        Accounts::default().with(TEST_USER, TEST_PASSWORD, TEST_ADDRESS)
    }

    /// Adds (or replaces) an account (builder style).
    pub fn with(mut self, user: &str, password: &str, address: &str) -> Self {
        self.list.retain(|a| a.user != user);
        self.list.push(Account {
            user: user.into(),
            password: password.into(),
            address: address.into(),
        });
        self
    }

    /// The account `user` if `password` is right. Compares every byte, so
    /// the time taken does not tell how much of a guess was right.
    pub fn check(&self, user: &str, password: &str) -> Option<&Account> {
        let a = self.list.iter().find(|a| a.user == user)?;
        let (x, y) = (a.password.as_bytes(), password.as_bytes());
        let diff = x
            .iter()
            .zip(y)
            .fold(x.len() ^ y.len(), |d, (p, q)| d | usize::from(p ^ q));
        (diff == 0).then_some(a)
    }

    /// The mailbox (directory name) that mail for `address` goes into: the
    /// account with that address, else the address's local part, made safe
    /// as a file name (lower case; only `a-z 0-9 . _ -`).
    pub fn mailbox_for(&self, address: &str) -> String {
        if let Some(a) = self
            .list
            .iter()
            .find(|a| a.address.eq_ignore_ascii_case(address))
        {
            return a.user.clone();
        }
        let local = address.rsplit_once('@').map_or(address, |(l, _)| l);
        let safe: String = local
            .to_ascii_lowercase()
            .chars()
            .map(|c| match c {
                'a'..='z' | '0'..='9' | '_' | '-' | '.' => c,
                _ => '_',
            })
            .collect();
        match safe.trim_matches('.') {
            "" => "postmaster".into(),
            s => s.to_string(),
        }
    }
}
