//! The safe reader: every form of Lua data it accepts, everything it
//! refuses (code, arithmetic, nil, duplicates, limits) with the position it
//! names, and that no input whatever makes it panic or hang.

use chapter_09::lua::{Limits, ReadError, ReadErrorKind, Value, from_lua};
use proptest::prelude::*;

fn read(text: &str) -> Result<Value, ReadError> {
    from_lua(text.as_bytes(), Limits::default())
}

fn kind(text: &str) -> ReadErrorKind {
    read(text).unwrap_err().kind
}

fn same(text: &str, expected: &str) {
    let (a, b) = (read(text).unwrap(), read(expected).unwrap());
    assert!(a.same_tree(&b), "{text:?} read as {a:?}, expected {b:?}");
}

#[test]
fn reads_every_string_form() {
    same(r#"'single "quoted"'"#, r#""single \"quoted\"""#);
    same(
        r#""\a\b\f\n\r\t\v\\\'""#,
        "\"\\007\\008\\012\\010\\013\\009\\011\\092\\039\"",
    );
    same("\"line\\\nnext\"", r#""line\nnext""#);
    same(
        r#""\x41\z
          B""#,
        r#""AB""#,
    );
    same("[[\nfirst newline dropped]]", r#""first newline dropped""#);
    same(
        "[==[ has ]] and ]=] inside ]==]",
        r#"" has ]] and ]=] inside ""#,
    );
    assert!(read("\"\\255\"").unwrap().same_tree(&Value::Str(vec![255])));
}

#[test]
fn reads_every_number_form() {
    same("0x1F", "31");
    same("-0x10", "-16");
    same("-9223372036854775808", "-9223372036854775808");
    same(".5", "0.5");
    same("1e2", "100.0");
    same("3.", "3.0");
    same("1E-2", "0.01");
    assert!(matches!(read("1/0").unwrap(), Value::Float(f) if f == f64::INFINITY));
    assert!(matches!(
        read("- 1 / 0").unwrap_err().kind,
        ReadErrorKind::Unexpected { .. }
    ));
    assert!(matches!(read("-1 / 0").unwrap(), Value::Float(f) if f == f64::NEG_INFINITY));
    assert!(matches!(read("0/0").unwrap(), Value::Float(f) if f.is_nan()));
}

#[test]
fn reads_tables_comments_and_return() {
    same(
        "return { 1; 2, --[[ block\n comment ]] x = 1, }  -- end\n",
        "{1, 2, x = 1}",
    );
    same(
        "{ [\"a b\"] = { [true] = false }, [2.5] = 'x' };",
        "{[\"a b\"]={[true]=false},[2.5]=\"x\"}",
    );
    same("{}", "{ }");
}

#[test]
fn refuses_code_and_arithmetic() {
    assert_eq!(kind("print"), ReadErrorKind::Code("print".into()));
    assert_eq!(kind("{ a = b }"), ReadErrorKind::Code("b".into()));
    assert_eq!(kind("2/0"), ReadErrorKind::Arithmetic);
    assert_eq!(kind("0/1"), ReadErrorKind::Arithmetic);
    assert_eq!(kind("1/x"), ReadErrorKind::Arithmetic);
    assert_eq!(kind("nil"), ReadErrorKind::Nil);
    assert!(matches!(kind("1 + 1"), ReadErrorKind::Unexpected { .. }));
    assert!(matches!(
        kind("('x'):rep(9)"),
        ReadErrorKind::Unexpected { .. }
    ));
    assert!(matches!(
        kind("{ end = 1 }"),
        ReadErrorKind::Unexpected { .. }
    ));
}

#[test]
fn refuses_malformed_tokens() {
    assert_eq!(kind("\"open"), ReadErrorKind::UnfinishedString);
    assert_eq!(kind("\"two\nlines\""), ReadErrorKind::UnfinishedString);
    assert_eq!(kind("[[open"), ReadErrorKind::UnfinishedString);
    assert_eq!(kind("--[[ open\n1"), ReadErrorKind::UnfinishedComment);
    assert_eq!(kind(r#""\256""#), ReadErrorKind::BadEscape("\\256".into()));
    assert_eq!(kind(r#""\q""#), ReadErrorKind::BadEscape("\\q".into()));
    assert_eq!(kind("12abc"), ReadErrorKind::BadNumber("12abc".into()));
    assert_eq!(kind("1.2.3"), ReadErrorKind::BadNumber("1.2.3".into()));
    assert_eq!(
        kind("9223372036854775808"),
        ReadErrorKind::NumberOutOfRange("9223372036854775808".into())
    );
}

#[test]
fn refuses_keys_that_would_collide() {
    assert_eq!(kind("{a=1, a=2}"), ReadErrorKind::DuplicateKey("a".into()));
    assert_eq!(
        kind("{'x', [1]=2}"),
        ReadErrorKind::DuplicateKey("[1]".into())
    );
    assert_eq!(
        kind("{[2]=0, 'x', 'y'}"),
        ReadErrorKind::DuplicateKey("[2]".into())
    );
    assert_eq!(
        kind("{[1]=0, [1.0]=1}"),
        ReadErrorKind::DuplicateKey("[1.0]".into())
    );
    assert_eq!(kind("{[0/0]=1}"), ReadErrorKind::NanKey);
}

#[test]
fn names_line_and_column() {
    let e = read("{\n  'ok',\n  x = y,\n}").unwrap_err();
    assert_eq!((e.line, e.column, e.offset), (3, 7, 16));
    assert_eq!(
        e.to_string(),
        "line 3, column 7: `y` is a name, not a value: looking it up would be running code, and data never runs"
    );
    let e = read("{1, 2").unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1, column 6: expected `,` or `}` after a table field, found end of input"
    );
}

#[test]
fn enforces_its_limits() {
    let limits = Limits {
        max_bytes: 8,
        max_depth: 2,
        max_items: 3,
    };
    let k = |t: &str| from_lua(t.as_bytes(), limits).unwrap_err().kind;
    assert_eq!(k("{1, 2, 3, 4}"), ReadErrorKind::TooLarge { limit: 8 });
    assert_eq!(k("{{{}}}"), ReadErrorKind::TooDeep { limit: 2 });
    assert_eq!(k("{1,2,3}"), ReadErrorKind::TooManyItems { limit: 3 });
    assert!(from_lua(b"{{1}}", limits).is_ok());
    let deep = "{".repeat(200_000) + &"}".repeat(200_000);
    let big = Limits {
        max_bytes: 1 << 20,
        ..Limits::default()
    };
    assert_eq!(
        from_lua(deep.as_bytes(), big).unwrap_err().kind,
        ReadErrorKind::TooDeep { limit: 100 }
    );
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn never_panics_on_any_bytes(input in prop::collection::vec(any::<u8>(), 0..256)) {
        if let Err(e) = from_lua(&input, Limits::default()) {
            prop_assert!(e.offset <= input.len());
        }
    }

    #[test]
    fn never_panics_on_near_miss_grammar(
        input in prop::collection::vec(prop::sample::select(b"{}[]=,;\"'\\-+/0129.eExz_ab\n\r-[[]]=".to_vec()), 0..96)
    ) {
        if let Err(e) = from_lua(&input, Limits { max_depth: 16, ..Limits::default() }) {
            prop_assert!(e.offset <= input.len() && e.line >= 1 && e.column >= 1);
        }
    }
}
