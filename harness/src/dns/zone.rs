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
use crate::transcript::text::quoted_start;

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
        return Err(format!(
            "expected `OWNER TYPE DATA`, found {}",
            quoted_start(line)
        ));
    };
    let bad = |what: &str| format!("{} is not {what}", quoted_start(data));
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
        "CNAME" => (CNAME, RrData::Name(domain_name(data)?)),
        "PTR" => (PTR, RrData::Name(domain_name(data)?)),
        other => {
            return Err(format!(
                "unknown type {} (A, AAAA, CNAME, PTR)",
                quoted_start(other)
            ));
        }
    };
    Ok(Some(Rr {
        name: domain_name(owner)?.to_ascii_lowercase(),
        rtype,
        ttl: TTL,
        data,
    }))
}

/// `text` without its final dot, if it can be written on the wire: labels
/// of 1 to 63 bytes, at most 253 bytes in all (255 with the length bytes
/// and the root, RFC 1035 §2.3.4). A longer label's length byte would set
/// the pointer bits, and an empty label would end the name early.
fn domain_name(text: &str) -> Result<String, String> {
    let name = text.strip_suffix('.').unwrap_or(text);
    if name.len() > 253 {
        return Err(format!("a name of {} bytes (253 at most)", name.len()));
    }
    if let Some(label) = name.split('.').find(|l| l.is_empty() || l.len() > 63) {
        return Err(match label.is_empty() {
            true => format!("{} has an empty label", quoted_start(text)),
            false => format!(
                "{} has a label of {} bytes (63 at most)",
                quoted_start(text),
                label.len()
            ),
        });
    }
    Ok(name.to_string())
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

#[cfg(test)]
mod tests {
    use super::Zone;

    /// Found by fuzz/ (`dns-zone`): such names were written with bogus
    /// length bytes (a label over 63 sets the pointer bits).
    #[test]
    fn names_that_cannot_go_on_the_wire_are_refused() {
        let long_label = format!("{}.test A 192.0.2.1", "a".repeat(64));
        let long_name = format!("{}test A 192.0.2.1", "abcdefgh.".repeat(29));
        for (zone, want) in [
            (long_label.as_str(), "label of 64 bytes"),
            (long_name.as_str(), "a name of 265 bytes"),
            ("a..test A 192.0.2.1", "empty label"),
            ("x.test CNAME a..b", "empty label"),
        ] {
            let err = format!("{:#}", Zone::parse(zone).unwrap_err());
            assert!(err.contains(want), "{zone}: {err}");
        }
        let fine = format!("{}.test. A 192.0.2.1", "a".repeat(63));
        assert!(Zone::parse(&fine).is_ok());
    }
}
