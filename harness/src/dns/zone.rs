//! Zone data for the fake DNS server, and how a query is answered from it.
//!
//! The format (`fixtures/dns/*.zone`) is one record per line:
//!
//! ```text
//! # comment
//! OWNER            TYPE   DATA
//! www.workbook.test CNAME web.workbook.test
//! web.workbook.test A     192.0.2.10
//! ```
//!
//! Types: `A`, `AAAA`, `CNAME`, `PTR`. Names are written without the final
//! dot and compared without regard to case; every record has TTL 300. A
//! line that does not parse is an error naming its line number.
//!
//! Answering follows an authoritative server (RFC 1034 §4.3.2): the
//! records of the asked type; or, when the name is an alias, its CNAME and
//! then the answer for the target (up to 16 links, so a CNAME loop in the
//! zone ends; the client must notice it); NXDOMAIN when the name has no
//! records at all.
//!
//! Layout: [`Zone`], [`Zone::parse`], [`Zone::push`], [`Zone::answer`], [`Answer`].

use std::net::{Ipv4Addr, Ipv6Addr};

use super::wire::{Rr, RrData};

/// The zone the `dns` peer serves by default (`fixtures/dns/workbook.zone`).
pub const WORKBOOK_ZONE: &str = include_str!("../../../fixtures/dns/workbook.zone");

/// TTL of every record.
pub const TTL: u32 = 300;
/// Type numbers (RFC 1035 §3.2.2, RFC 3596).
pub const A: u16 = 1;
/// CNAME.
pub const CNAME: u16 = 5;
/// PTR.
pub const PTR: u16 = 12;
/// AAAA.
pub const AAAA: u16 = 28;

/// Records, in file order.
#[derive(Debug, Clone, Default)]
pub struct Zone {
    records: Vec<Rr>,
}

/// What the zone says about a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// 0 (NOERROR) or 3 (NXDOMAIN).
    pub rcode: u16,
    /// The answer section.
    pub records: Vec<Rr>,
}

fn parse_line(line: &str) -> Result<Option<Rr>, String> {
    let line = line.split('#').next().unwrap_or("").trim();
    if line.is_empty() {
        return Ok(None);
    }
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [owner, rtype, data] = fields[..] else {
        return Err(format!("expected `OWNER TYPE DATA`, found {line:?}"));
    };
    let bad = |what: &str| format!("{data:?} is not {what}");
    let (rtype, data) = match rtype.to_ascii_uppercase().as_str() {
        "A" => (
            A,
            RrData::Bytes(
                data.parse::<Ipv4Addr>()
                    .map_err(|_| bad("an IPv4 address"))?
                    .octets()
                    .to_vec(),
            ),
        ),
        "AAAA" => (
            AAAA,
            RrData::Bytes(
                data.parse::<Ipv6Addr>()
                    .map_err(|_| bad("an IPv6 address"))?
                    .octets()
                    .to_vec(),
            ),
        ),
        "CNAME" => (CNAME, RrData::Name(data.trim_end_matches('.').to_string())),
        "PTR" => (PTR, RrData::Name(data.trim_end_matches('.').to_string())),
        other => return Err(format!("unknown type {other:?} (A, AAAA, CNAME, PTR)")),
    };
    Ok(Some(Rr {
        name: owner.trim_end_matches('.').to_ascii_lowercase(),
        rtype,
        ttl: TTL,
        data,
    }))
}

impl Zone {
    /// Reads zone text; an error names the line.
    pub fn parse(text: &str) -> anyhow::Result<Zone> {
        let mut records = Vec::new();
        for (n, line) in text.lines().enumerate() {
            match parse_line(line) {
                Ok(Some(rr)) => records.push(rr),
                Ok(None) => {}
                Err(e) => anyhow::bail!("zone line {}: {e}", n + 1),
            }
        }
        Ok(Zone { records })
    }

    /// Adds a record (TTL [`TTL`]) for `name`, stored lower-case like a
    /// parsed one.
    pub fn push(&mut self, name: &str, rtype: u16, data: RrData) {
        self.records.push(Rr {
            name: name.trim_end_matches('.').to_ascii_lowercase(),
            rtype,
            ttl: TTL,
            data,
        });
    }

    /// The zone of `fixtures/dns/workbook.zone` (compiled in).
    pub fn workbook() -> Zone {
        Zone::parse(WORKBOOK_ZONE).expect("fixtures/dns/workbook.zone parses (checked by a test)")
    }

    fn owned_by<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Rr> + 'a {
        self.records
            .iter()
            .filter(move |r| r.name.eq_ignore_ascii_case(name))
    }

    /// The answer to `name`/`qtype`.
    pub fn answer(&self, name: &str, qtype: u16) -> Answer {
        let mut name = name.trim_end_matches('.').to_ascii_lowercase();
        if self.owned_by(&name).next().is_none() {
            return Answer {
                rcode: 3,
                records: Vec::new(),
            };
        }
        let mut records = Vec::new();
        for _ in 0..16 {
            records.extend(self.owned_by(&name).filter(|r| r.rtype == qtype).cloned());
            let alias = self.owned_by(&name).find(|r| r.rtype == CNAME);
            match alias {
                Some(rr) if qtype != CNAME => {
                    records.push(rr.clone());
                    let RrData::Name(target) = &rr.data else {
                        break;
                    };
                    name = target.clone();
                }
                _ => break,
            }
        }
        Answer { rcode: 0, records }
    }
}
