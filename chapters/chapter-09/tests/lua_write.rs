//! The Lua table-literal writer: exact bytes for each kind of value (the
//! golden tier), every refusal with the path it names, and round trips of
//! arbitrary values through the reader (the property tier).

mod common;

use chapter_09::lua::{Limits, Table, TableRef, Value, WriteError, WriteOptions, from_lua, to_lua};
use common::tree;
use proptest::prelude::*;

fn compact(value: &Value) -> String {
    to_lua(value, &WriteOptions::default()).unwrap()
}

fn error(value: &Value, options: &WriteOptions) -> WriteError {
    to_lua(value, options).unwrap_err()
}

#[test]
fn writes_numbers_so_they_read_back_exactly() {
    let cases: [(Value, &str); 9] = [
        (Value::Int(0), "0"),
        (Value::Int(i64::MIN), "-9223372036854775808"),
        (Value::Float(1.0), "1.0"),
        (Value::Float(-0.0), "-0.0"),
        (Value::Float(0.1), "0.1"),
        (Value::Float(1e300), "1e300"),
        (Value::Float(f64::NAN), "0/0"),
        (Value::Float(f64::INFINITY), "1/0"),
        (Value::Float(f64::NEG_INFINITY), "-1/0"),
    ];
    for (value, text) in cases {
        assert_eq!(compact(&value), text);
        let back = from_lua(text.as_bytes(), Limits::default()).unwrap();
        assert!(back.same_tree(&value), "{text} read back as {back:?}");
    }
}

#[test]
fn writes_strings_with_escapes() {
    let s = |b: &[u8]| compact(&Value::Str(b.to_vec()));
    assert_eq!(s(b"tab\there"), r#""tab\there""#);
    assert_eq!(s(b"\"\\"), r#""\"\\""#);
    assert_eq!(s(b"\x00\x1b[0m"), r#""\000\027[0m""#);
    assert_eq!(s(b"\xe2\x98\x83 \xe2\x98"), "\"☃ \\226\\152\"");
}

#[test]
fn writes_keys_bare_only_when_lua_allows() {
    let t = Table::default()
        .with("name", 1i64)
        .with("end", 2i64)
        .with("two words", 3i64)
        .with("_x9", 4i64)
        .with("9x", 5i64)
        .with(true, 6i64)
        .with(2.5, 7i64);
    assert_eq!(
        compact(&Value::table(t)),
        r#"{name=1,["end"]=2,["two words"]=3,_x9=4,["9x"]=5,[true]=6,[2.5]=7}"#
    );
}

#[test]
fn writes_the_pretty_form() {
    let t = Table::list([Value::Int(1), Value::table(Table::default())])
        .with("k", Table::list([true.into()]));
    let pretty = WriteOptions {
        indent: Some(2),
        ..WriteOptions::default()
    };
    assert_eq!(
        to_lua(&Value::table(t), &pretty).unwrap(),
        "{\n  1,\n  {},\n  k = {\n    true,\n  },\n}"
    );
}

#[test]
fn refuses_a_cycle_and_names_where() {
    let root = TableRef::new(Table::default());
    let inner = Value::table(Table::list([Value::Int(1), Value::Table(root.clone())]));
    root.0.borrow_mut().hash.push(("child".into(), inner));
    let e = error(&Value::Table(root.clone()), &WriteOptions::default());
    assert_eq!(
        e,
        WriteError::Cycle {
            path: "root.child[2]".into()
        }
    );
    // Copying shared tables is no way out of a cycle.
    let copy = WriteOptions {
        copy_shared: true,
        ..WriteOptions::default()
    };
    assert!(matches!(
        error(&Value::Table(root.clone()), &copy),
        WriteError::Cycle { .. }
    ));
    root.0.borrow_mut().hash.clear();
}

#[test]
fn refuses_sharing_unless_asked_to_copy() {
    let shared = TableRef::new(Table::list([Value::from("x")]));
    let value = Value::table(Table::default().with("a", shared.clone()).with("b", shared));
    let e = error(&value, &WriteOptions::default());
    assert_eq!(
        e,
        WriteError::Shared {
            path: "root.b".into(),
            first: "root.a".into()
        }
    );
    let copy = WriteOptions {
        copy_shared: true,
        ..WriteOptions::default()
    };
    assert_eq!(to_lua(&value, &copy).unwrap(), r#"{a={"x"},b={"x"}}"#);
}

#[test]
fn refuses_keys_lua_would_merge_or_reject() {
    let dup = |t: Table| error(&Value::table(t), &WriteOptions::default());
    assert!(matches!(
        dup(Table::default().with("a", 1i64).with("a", 2i64)),
        WriteError::DuplicateKey { .. }
    ));
    assert!(matches!(
        dup(Table::list([Value::Int(9)]).with(1i64, 2i64)),
        WriteError::DuplicateKey { .. }
    ));
    assert!(matches!(
        dup(Table::default().with(3i64, 1i64).with(3.0, 2i64)),
        WriteError::DuplicateKey { .. }
    ));
    assert_eq!(
        dup(Table::default().with(f64::NAN, 1i64)),
        WriteError::NanKey {
            path: "root".into()
        }
    );
}

#[test]
fn refuses_too_deep_and_too_large() {
    let mut deep = Value::Int(0);
    for _ in 0..10 {
        deep = Value::table(Table::list([deep]));
    }
    let shallow = WriteOptions {
        max_depth: 5,
        ..WriteOptions::default()
    };
    assert!(matches!(
        error(&deep, &shallow),
        WriteError::TooDeep { limit: 5, .. }
    ));
    // 40 levels, each holding the next twice: 2^40 copies if copied.
    let mut dag = Value::Int(0);
    for _ in 0..40 {
        let t = TableRef::new(Table::list([dag.clone(), dag]));
        dag = Value::Table(t);
    }
    let copy = WriteOptions {
        copy_shared: true,
        max_bytes: 1 << 20,
        ..WriteOptions::default()
    };
    assert_eq!(error(&dag, &copy), WriteError::TooLarge { limit: 1 << 20 });
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn round_trips_any_tree(value in tree(), pretty: bool) {
        let options = WriteOptions { indent: pretty.then_some(4), ..WriteOptions::default() };
        let text = to_lua(&value, &options).unwrap();
        let back = from_lua(text.as_bytes(), Limits::default()).unwrap();
        prop_assert!(back.same_tree(&value), "{}", text);
    }

    #[test]
    fn output_is_always_one_line_when_compact(value in tree()) {
        let text = to_lua(&value, &WriteOptions::default()).unwrap();
        prop_assert!(!text.contains('\n') && !text.contains('\r'));
    }
}
