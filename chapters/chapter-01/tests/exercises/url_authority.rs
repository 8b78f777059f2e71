//! Tests of the `url_authority` exercise (filter `url_authority::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_01::exercises::url_authority::{Authority, split_authority};

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn splits_the_seed_authority() {
    expect_eq!(
        split_authority("natty:pathfinder@www.workbook.test:8888"),
        Authority {
            userinfo: s("natty:pathfinder"),
            user: s("natty"),
            password: s("pathfinder"),
            host: s("www.workbook.test"),
            port: s("8888"),
        }
    );
}

#[test]
fn handles_missing_parts() {
    expect_eq!(
        split_authority("host"),
        Authority {
            host: s("host"),
            ..Authority::default()
        }
    );
    expect_eq!(split_authority(""), Authority::default());
    let a = split_authority("user@host:");
    expect_eq!((a.user, a.password, a.port), (s("user"), None, s("")));
    let a = split_authority(":8080");
    expect_eq!((a.host, a.port), (None, s("8080")));
}

#[test]
fn handles_ipv6_literals_and_odd_colons() {
    let a = split_authority("[::1]:8080");
    expect_eq!((a.host, a.port), (s("::1"), s("8080")));
    let a = split_authority("[2001:db8::1]");
    expect_eq!((a.host, a.port), (s("2001:db8::1"), None));
    let a = split_authority("a:b:c@h");
    expect_eq!((a.user, a.password), (s("a:b"), s("c")));
    let a = split_authority("u@v@h");
    expect_eq!((a.userinfo, a.host), (s("u"), s("v@h")));
}

#[test]
fn agrees_with_the_library_parse() {
    for authority in [
        "a@b:1",
        "[::1]",
        "x:y@[fe80::1]:99",
        "h:",
        "@",
        "[]",
        "u:@h",
    ] {
        let url = chapter_01::url::Url::parse(&format!("http://{authority}/")).unwrap();
        let ours = split_authority(authority);
        expect_eq!(
            (
                ours.userinfo,
                ours.user,
                ours.password,
                ours.host,
                ours.port
            ),
            (url.userinfo, url.user, url.password, url.host, url.port),
            "authority {authority:?}"
        );
    }
}
