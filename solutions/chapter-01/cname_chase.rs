//! Reference solution for exercise `cname_chase` (chapter 1).
//!
//! Follow CNAME records from the asked name to the canonical name, keeping
//! every name passed as an alias, then take the canonical name's addresses.
//!
//! Layout: [`chase`].

use std::net::IpAddr;

use crate::dns::resolve::{HostInfo, ResolveError};
use crate::dns::{RData, Record};

/// Follows the CNAME chain from `qname` and collects the end's addresses.
pub fn chase(qname: &str, answers: &[Record]) -> Result<HostInfo, ResolveError> {
    let mut name = qname.trim_end_matches('.').to_string();
    let mut aliases: Vec<String> = Vec::new();
    loop {
        let next = answers.iter().find_map(|r| match &r.data {
            RData::Cname(target) if r.name.eq_ignore_ascii_case(&name) => Some(target.clone()),
            _ => None,
        });
        let Some(target) = next else { break };
        // A name seen before means a loop; 16 links is more than any real zone.
        let seen = target.eq_ignore_ascii_case(&name)
            || aliases.iter().any(|a| a.eq_ignore_ascii_case(&target));
        if seen || aliases.len() >= 16 {
            return Err(ResolveError::CnameLoop(qname.to_string()));
        }
        aliases.push(std::mem::replace(&mut name, target));
    }
    let addresses = answers
        .iter()
        .filter(|r| r.name.eq_ignore_ascii_case(&name))
        .filter_map(|r| match r.data {
            RData::A(a) => Some(IpAddr::V4(a)),
            RData::Aaaa(a) => Some(IpAddr::V6(a)),
            _ => None,
        })
        .collect();
    Ok(HostInfo {
        name,
        aliases,
        addresses,
    })
}
