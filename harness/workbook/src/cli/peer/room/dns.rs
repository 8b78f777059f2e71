//! DNS records for a class's accounts, served by `workbook peer room`.
//!
//! Each account gets a name of its own, so every learner resolves a
//! different answer and can check it: for the account number `n` (1-based,
//! in file order) with user `u` and address `x@d`,
//!
//! - `u.d` has an A record `198.18.H.L` where `H.L` is `n` in base 256
//!   (198.18.0.0/15 is reserved for tests, RFC 2544, so the address can
//!   never be a real host);
//! - `L.H.18.198.in-addr.arpa` has a PTR record back to `u.d` (reverse
//!   lookups, RFC 1035 §3.5).
//!
//! `learner01@class.test`, the first account of
//! `fixtures/classroom/accounts.toml`, is `learner01.class.test` at
//! 198.18.0.1. The workbook zone's records are served too.
//!
//! # Layout
//! [`account_name`], [`account_addr`], [`with_accounts`].

use std::net::Ipv4Addr;

use harness::dns::Zone;
use harness::dns::wire::RrData;
use harness::dns::zone::{A, PTR};
use harness::mail::{Account, Accounts};

/// The DNS name of `account`: its user under its address's domain.
pub(super) fn account_name(account: &Account) -> String {
    let domain = account
        .address
        .rsplit_once('@')
        .map_or("class.test", |(_, d)| d);
    format!("{}.{}", account.user, domain.to_ascii_lowercase())
}

/// The address of the account numbered `n` (1-based): `198.18.H.L`.
/// The accounts cap ([`harness::mail::MAX_ACCOUNTS`]) keeps `n` far below
/// the 131,072 addresses of 198.18.0.0/15.
fn account_addr(n: usize) -> Ipv4Addr {
    let n = u32::try_from(n).unwrap_or(u32::MAX) & 0x1_ffff;
    Ipv4Addr::from(u32::from(Ipv4Addr::new(198, 18, 0, 0)) | n)
}

/// `zone` plus an A and a PTR record for every account.
pub(super) fn with_accounts(mut zone: Zone, accounts: &Accounts) -> Zone {
    for (i, account) in accounts.list.iter().enumerate() {
        let name = account_name(account);
        let addr = account_addr(i + 1);
        let [a, b, c, d] = addr.octets();
        zone.push(&name, A, RrData::Bytes(addr.octets().to_vec()));
        let reverse = format!("{d}.{c}.{b}.{a}.in-addr.arpa");
        zone.push(&reverse, PTR, RrData::Name(name));
    }
    zone
}
