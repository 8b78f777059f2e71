//! Tests of the `reader_limits` exercise (filter `reader_limits::`): each calls the
//! learner's code, so each fails on the untouched stub.

use crate::common::finite_tree;
use chapter_09::exercises::reader_limits::read;
use chapter_09::lua::{Limits, ReadErrorKind, Value, WriteOptions, from_lua, to_lua};
use proptest::prelude::*;

/// `value` as Lua text, for messages (its `Debug` form is unreadable).
fn lua(value: &Value) -> String {
    to_lua(value, &WriteOptions::default()).unwrap_or_else(|e| format!("{value:?} ({e})"))
}

#[track_caller]
fn kind(text: &str, limits: Limits) -> ReadErrorKind {
    match read(text.as_bytes(), limits) {
        Err(e) => e.kind,
        Ok(value) => panic!(
            "expected an error, but {text:?} was read as the value {}",
            lua(&value)
        ),
    }
}

#[test]
fn reads_what_the_library_reads() {
    for text in [
        "true",
        "return -12",
        r#"{"a", 'b', [[long]], x = 1.5, ["y z"] = {}, [4] = false; }"#,
        "{ -- a comment\n  1, 2, { 3, { 4 } } }",
        r#""esc\"aped\n\065\x42""#,
    ] {
        let expected = from_lua(text.as_bytes(), Limits::default()).unwrap();
        match read(text.as_bytes(), Limits::default()) {
            Ok(value) => assert!(
                value.same_tree(&expected),
                "{text:?} was read as {}, but the library reads it as {}",
                lua(&value),
                lua(&expected)
            ),
            Err(e) => panic!(
                "{text:?} was refused ({e}), but the library reads it as {}",
                lua(&expected)
            ),
        }
    }
}

#[test]
fn refuses_code() {
    let limits = Limits::default();
    expect_eq!(
        kind("os.execute('ls')", limits),
        ReadErrorKind::Code("os".into())
    );
    expect_eq!(kind("{ x = y }", limits), ReadErrorKind::Code("y".into()));
    expect_eq!(kind("{ nil }", limits), ReadErrorKind::Nil);
    assert!(matches!(kind("{ f() }", limits), ReadErrorKind::Code(_)));
    assert!(matches!(
        kind("1 2", limits),
        ReadErrorKind::Unexpected { .. }
    ));
    assert!(matches!(
        kind("{1,,2}", limits),
        ReadErrorKind::Unexpected { .. }
    ));
    assert!(matches!(
        kind("{1", limits),
        ReadErrorKind::Unexpected { .. }
    ));
}

#[test]
fn enforces_the_depth_limit() {
    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    assert!(read(b"{{{}}}", limits).is_ok());
    expect_eq!(
        kind("{{{{}}}}", limits),
        ReadErrorKind::TooDeep { limit: 3 }
    );
    // Far deeper than any stack could take, if the limit were missing.
    let deep = "{".repeat(1_000_000);
    expect_eq!(
        kind(&deep, Limits::default()),
        ReadErrorKind::TooDeep { limit: 100 }
    );
}

#[test]
fn enforces_the_size_and_count_limits() {
    let small = Limits {
        max_bytes: 10,
        ..Limits::default()
    };
    expect_eq!(
        kind("{1,2,3,4,5,6}", small),
        ReadErrorKind::TooLarge { limit: 10 }
    );
    let few = Limits {
        max_items: 4,
        ..Limits::default()
    };
    assert!(read(b"{1,2,3}", few).is_ok());
    expect_eq!(
        kind("{1,2,3,4}", few),
        ReadErrorKind::TooManyItems { limit: 4 }
    );
    expect_eq!(
        kind("{[1]=1,[2]=2}", few),
        ReadErrorKind::TooManyItems { limit: 4 }
    );
}

#[test]
fn says_where_the_error_is() {
    let e = read(b"{\n  1,\n  oops }", Limits::default()).unwrap_err();
    expect_eq!((e.line, e.column), (3, 3));
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn reads_back_what_the_writer_writes(value in finite_tree(), pretty: bool) {
        let options = WriteOptions { indent: pretty.then_some(2), ..WriteOptions::default() };
        let text = to_lua(&value, &options).unwrap();
        let back = read(text.as_bytes(), Limits::default()).unwrap();
        prop_assert!(back.same_tree(&value), "{}", text);
    }

    #[test]
    fn never_panics(input in prop::collection::vec(prop::sample::select(b"{}[]=,;\"'\\-0123.exa_ \n".to_vec()), 0..64)) {
        let _ = read(&input, Limits { max_depth: 8, ..Limits::default() });
    }
}
