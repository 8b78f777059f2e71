//! Tests of the `cname_chase` exercise (filter `cname_chase::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_01::dns::resolve::ResolveError;
use chapter_01::exercises::cname_chase::chase;
use std::net::IpAddr;

use crate::common::{a, aaaa, cname};

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
    let info = chase("web.example.test", &[a("web.example.test", [192, 0, 2, 1])]).unwrap();
    expect_eq!(info.name, "web.example.test");
    assert!(info.aliases.is_empty());
    expect_eq!(
        chase("x.test", &[]).unwrap().addresses,
        Vec::<IpAddr>::new()
    );
}

#[test]
fn refuses_loops() {
    let answers = [cname("a.test", "b.test"), cname("b.test", "a.test")];
    expect_eq!(
        chase("a.test", &answers),
        Err(ResolveError::CnameLoop("a.test".into()))
    );
    let own = [cname("a.test", "a.test")];
    assert!(matches!(
        chase("a.test", &own),
        Err(ResolveError::CnameLoop(_))
    ));
    let long: Vec<_> = (0..20)
        .map(|i| cname(&format!("n{i}.test"), &format!("n{}.test", i + 1)))
        .collect();
    assert!(matches!(
        chase("n0.test", &long),
        Err(ResolveError::CnameLoop(_))
    ));
}
