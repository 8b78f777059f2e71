//! URLs: the seed's example, LuaSocket's rules, RFC 3986 §5.4 in full,
//! round trips on generated URLs, and agreement with LuaSocket 3.1 itself
//! (the committed corpora, and live when lua5.1 + lua-socket are installed).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chapter_01::url::corpus::{absolute_line, parse_line};
use chapter_01::url::{Path as UrlPath, Url, absolute, build_path, escape, parse_path, unescape};
use proptest::prelude::*;

fn some(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn unfurls_the_seed_url() {
    let u = Url::parse(
        "http://natty:pathfinder@www.workbook.test:8888/susquehanna;loc?date=1793#title",
    )
    .unwrap();
    assert_eq!(u.scheme, some("http"));
    assert_eq!(u.authority, some("natty:pathfinder@www.workbook.test:8888"));
    assert_eq!(u.userinfo, some("natty:pathfinder"));
    assert_eq!((u.user, u.password), (some("natty"), some("pathfinder")));
    assert_eq!((u.host, u.port), (some("www.workbook.test"), some("8888")));
    assert_eq!((u.path, u.params), (some("/susquehanna"), some("loc")));
    assert_eq!((u.query, u.fragment), (some("date=1793"), some("title")));
}

#[test]
fn empty_is_invalid_and_delimiters_make_empty_fields() {
    assert!(Url::parse("").is_err());
    let u = Url::parse("http://host:/?#").unwrap();
    assert_eq!(
        (u.port, u.query, u.fragment),
        (some(""), some(""), some(""))
    );
    assert_eq!(Url::parse("x").unwrap().path, some("x"));
}

#[test]
fn the_authority_ends_at_a_query_or_fragment() {
    // The deliberate difference from LuaSocket 3.1 (fixtures/corpus/url-parse/README.md).
    let u = Url::parse("http://host?q=1").unwrap();
    assert_eq!((u.host, u.query), (some("host"), some("q=1")));
    let u = Url::parse("http://host#f").unwrap();
    assert_eq!((u.host, u.fragment), (some("host"), some("f")));
}

#[test]
fn build_prefers_the_detailed_fields() {
    let mut u = Url::parse("http://old@old.test:1/p").unwrap();
    u.host = some("::1");
    u.user = some("new");
    u.password = None;
    assert_eq!(u.build(), "http://new@[::1]:1/p");
    let only_authority = Url {
        authority: some("a.test"),
        path: some("/x"),
        ..Url::default()
    };
    assert_eq!(only_authority.build(), "//a.test/x");
}

#[test]
fn resolves_every_example_of_rfc_3986_section_5_4() {
    for (rel, want) in common::RFC3986_NORMAL
        .iter()
        .chain(common::RFC3986_ABNORMAL)
    {
        assert_eq!(
            absolute(common::RFC3986_BASE, rel),
            *want,
            "reference {rel:?}"
        );
    }
}

#[test]
fn escapes_like_luasocket() {
    assert_eq!(
        escape(b"date=1793 & more/x_y"),
        "date%3d1793%20%26%20more%2fx_y"
    );
    assert_eq!(
        unescape("date%3d1793%20%26%20more%2Fx_y"),
        "date=1793 & more/x_y"
    );
    assert_eq!(unescape("100% %zz %4"), "100% %zz %4", "a lone % stays");
}

#[test]
fn paths_split_into_segments_and_back() {
    let p = parse_path("/a%2Fb/c d/./");
    assert_eq!(
        p.segments,
        vec![b"a/b".to_vec(), b"c d".to_vec(), b".".to_vec()]
    );
    assert!(p.is_absolute && p.is_directory);
    assert_eq!(build_path(&p, false), "/a%2Fb/c%20d/./");
    assert_eq!(build_path(&p, true), "/a/b/c d/./");
    assert_eq!(build_path(&UrlPath::default(), false), "");
    assert_eq!(build_path(&parse_path("x;y=1,z"), false), "x%3By=1,z");
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn build_undoes_parse_on_generated_urls(parts in harness::strategies::url()) {
        let text = parts.to_string();
        let u = Url::parse(&text).unwrap();
        prop_assert_eq!(u.build(), text.clone());
        prop_assert_eq!(u.host.as_deref(), Some(parts.host.as_str()));
        prop_assert_eq!(u.port, parts.port.map(|p| p.to_string()));
        prop_assert_eq!(u.query, parts.query);
        prop_assert_eq!(u.fragment, parts.fragment);
    }

    #[test]
    fn escape_then_unescape_is_identity(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let e = escape(&bytes);
        prop_assert!(e.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'%'));
        prop_assert_eq!(chapter_01::url::escape::unescape_bytes(&e), bytes);
    }

    // At least one segment: with none, "/" reads back as a directory (as in LuaSocket).
    #[test]
    fn build_path_keeps_segments_apart(segs in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..10), 1..5)) {
        let p = UrlPath { segments: segs, is_absolute: true, is_directory: false };
        prop_assert_eq!(parse_path(&build_path(&p, false)), p);
    }

    #[test]
    fn parse_and_absolute_never_panic(a in "\\PC{0,40}", b in "\\PC{0,40}") {
        let _ = Url::parse(&a).map(|u| u.build());
        let _ = absolute(&a, &b);
    }
}

/// Every `.in`/`.out` pair of a corpus: (input file, expected-output file).
fn corpus(case: &str) -> Vec<(PathBuf, PathBuf)> {
    harness::golden::corpus(format!("../../fixtures/corpus/{case}"))
}

/// Checks `f` against a line-mode corpus: one output line per input line.
fn check_corpus(case: &str, f: fn(&str) -> String) {
    for (input, expected) in corpus(case) {
        let text = std::fs::read_to_string(input).unwrap();
        let out: String = text.lines().map(|line| f(line) + "\n").collect();
        harness::golden::assert_matches(expected, out);
    }
}

#[test]
fn agrees_with_the_luasocket_parse_corpus() {
    check_corpus("url-parse", parse_line);
}

#[test]
fn agrees_with_the_luasocket_absolute_corpus() {
    check_corpus("url-absolute", absolute_line);
}

/// Runs the generator under LuaSocket itself on `input`.
fn luasocket(mode: &str, input: &str) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/gen_corpus.lua");
    let mut child = Command::new("lua5.1")
        .arg(script)
        .arg(mode)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_committed_corpora_are_luasocket_output() {
    if !harness::real::available(
        "LuaSocket (lua5.1 + lua-socket)",
        &["lua5.1", "-e", "require 'socket.url'"],
    ) {
        return;
    }
    for (case, mode) in [("url-parse", "parse"), ("url-absolute", "absolute")] {
        // A difference means LuaSocket changed: tools/regen.sh rewrites them.
        for (input, expected) in corpus(case) {
            let text = std::fs::read_to_string(input).unwrap();
            harness::golden::assert_matches(expected, luasocket(mode, &text));
        }
    }
}

#[test]
fn luasocket_differs_only_where_documented() {
    if !harness::real::available(
        "LuaSocket (lua5.1 + lua-socket)",
        &["lua5.1", "-e", "require 'socket.url'"],
    ) {
        return;
    }
    let lines: Vec<String> = common::RFC3986_NORMAL
        .iter()
        .chain(common::RFC3986_ABNORMAL)
        .map(|(rel, _)| format!("{}\t{rel}", common::RFC3986_BASE))
        .collect();
    let theirs = luasocket("absolute", &(lines.join("\n") + "\n"));
    let differ: Vec<&str> = lines
        .iter()
        .zip(theirs.lines())
        .filter(|(line, out)| absolute_line(line) != *out)
        .map(|(line, _)| line.split('\t').nth(1).unwrap())
        .collect();
    assert_eq!(differ, [";x", "g?y/./x", "g?y/../x", "g#s/./x", "g#s/../x"]);
}
