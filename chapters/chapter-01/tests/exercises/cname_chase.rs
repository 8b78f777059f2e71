//! Tests of the `cname_chase` exercise (filter `cname_chase::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_01::dns::Record;
use chapter_01::dns::resolve::{HostInfo, ResolveError};
use chapter_01::exercises::cname_chase::chase;
use std::net::IpAddr;
use std::time::Duration;

use crate::common::{a, aaaa, cname};

/// Long enough for a short chain on a loaded machine; a chase without a
/// loop check never returns (its alias list grows until the test ends).
const LIMIT: Duration = Duration::from_secs(1);

/// `chase(qname, answers)` on a thread, failing the test if it has not
/// returned within [`LIMIT`]: it went round a loop of aliases.
fn chase_within(qname: &str, answers: &[Record]) -> Result<HostInfo, ResolveError> {
    let (name, answers) = (qname.to_string(), answers.to_vec());
    harness::failure::within(LIMIT, move || chase(&name, &answers)).unwrap_or_else(|blocked| {
        panic!(
            "chase({qname:?}, ..) {blocked}: it went round the loop of aliases forever \
             (no loop check?)"
        )
    })
}

#[test]
fn follows_a_chain_into_the_triple() {
    let answers = [
        cname("www.example.test", "web.example.test"),
        cname("web.example.test", "host.example.test"),
        a("host.example.test", [192, 0, 2, 7]),
        aaaa("host.example.test", "2001:db8::7"),
    ];
    let info = chase("www.example.test", &answers).unwrap();
    expect_eq!(info.name, "host.example.test");
    expect_eq!(info.aliases, ["www.example.test", "web.example.test"]);
    let want: Vec<IpAddr> = vec!["192.0.2.7".parse().unwrap(), "2001:db8::7".parse().unwrap()];
    expect_eq!(info.addresses, want);
}

#[test]
fn works_in_any_order_and_any_case() {
    let answers = [
        a("HOST.example.test", [192, 0, 2, 7]),
        cname("web.example.test", "host.example.test"),
        a("other.example.test", [192, 0, 2, 99]),
        cname("WWW.Example.Test", "web.example.test"),
    ];
    let info = chase("www.example.test.", &answers).unwrap();
    expect_eq!(info.name, "host.example.test");
    expect_eq!(info.aliases.len(), 2);
    expect_eq!(info.addresses, vec!["192.0.2.7".parse::<IpAddr>().unwrap()]);
}

#[test]
fn no_alias_no_chain() {
    expect_eq!(
        chase("web.example.test", &[a("web.example.test", [192, 0, 2, 1])]),
        Ok(HostInfo {
            name: "web.example.test".into(),
            aliases: vec![],
            addresses: vec!["192.0.2.1".parse().unwrap()],
        }),
        "a plain answer"
    );
    expect_eq!(
        chase("x.test", &[]),
        Ok(HostInfo {
            name: "x.test".into(),
            ..HostInfo::default()
        }),
        "an empty answer"
    );
}

#[test]
fn refuses_loops() {
    let answers = [cname("a.test", "b.test"), cname("b.test", "a.test")];
    expect_eq!(
        chase_within("a.test", &answers),
        Err(ResolveError::CnameLoop("a.test".into())),
        "two names aliasing each other"
    );
    let own = [cname("a.test", "a.test")];
    expect_eq!(
        chase_within("a.test", &own),
        Err(ResolveError::CnameLoop("a.test".into())),
        "a name aliasing itself"
    );
    let long: Vec<_> = (0..20)
        .map(|i| cname(&format!("n{i}.test"), &format!("n{}.test", i + 1)))
        .collect();
    expect_eq!(
        chase_within("n0.test", &long).err(),
        Some(ResolveError::CnameLoop("n0.test".into())),
        "a chain of 20 aliases"
    );
}
