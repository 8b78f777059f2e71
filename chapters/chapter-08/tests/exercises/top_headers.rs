//! Tests of the `top_headers` exercise (filter `top_headers::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_08::exercises::top_headers::unfold_headers;

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn unfolds_continuation_lines() {
    let block = b"Subject: a long\r\n subject line\r\nX-Tab: one\r\n\ttwo\r\nFrom: Puck <p@f>\r\n\r\nbody: no\r\n";
    expect_eq!(
        unfold_headers(block),
        pairs(&[
            ("subject", "a long subject line"),
            ("x-tab", "one\ttwo"),
            ("from", "Puck <p@f>"),
        ])
    );
}

#[test]
fn lower_cases_names_and_trims_values() {
    let block = b"SUBJECT:   spaced  \r\nDate:Mon\r\n";
    expect_eq!(
        unfold_headers(block),
        pairs(&[("subject", "spaced"), ("date", "Mon")])
    );
}

#[test]
fn skips_junk_and_stops_at_the_blank_line() {
    let block = b"not a header\r\nTo: t@x\r\n\r\nFrom: body@x\r\n";
    expect_eq!(unfold_headers(block), pairs(&[("to", "t@x")]));
}

#[test]
fn reads_the_fixture_with_folded_headers() {
    let msg = crate::common::fixture("titania", 1);
    let h = unfold_headers(&msg);
    let get = |n: &str| h.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    expect_eq!(
        get("subject").unwrap(),
        "=?UTF-8?B?SWxsIG1ldCBieSBtb29ubGlnaHQs?= =?UTF-8?B?IHByb3VkIFRpdGFuaWEg4pi+?="
    );
    expect_eq!(
        get("x-note").unwrap(),
        "a header folded\tover two lines with a tab"
    );
}
