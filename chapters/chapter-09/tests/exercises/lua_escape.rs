//! Tests of the `lua_escape` exercise (filter `lua_escape::`): each calls the
//! learner's code, so each fails on the untouched stub.

use crate::common::{lua_string, tree};
use chapter_09::exercises::lua_escape::{Cycle, quote, serialize};
use chapter_09::lua::write::write_string;
use chapter_09::lua::{Limits, Table, TableRef, Value, WriteOptions, from_lua, to_lua};
use proptest::prelude::*;

#[test]
fn quotes_and_escapes() {
    expect_eq!(quote(b"plain"), r#""plain""#);
    expect_eq!(quote(br#"say "hi"\"#), r#""say \"hi\"\\""#);
    expect_eq!(quote(b"a\nb\rc\td"), r#""a\nb\rc\td""#);
    expect_eq!(quote(b"\x07\x00"), r#""\007\000""#);
    // Three digits always: `\0011` would otherwise be read as byte 11.
    expect_eq!(quote(b"\x011"), r#""\0011""#);
    expect_eq!(quote(b"\x7f"), r#""\127""#);
    expect_eq!(quote("naïve ☃".as_bytes()), "\"naïve ☃\"");
    expect_eq!(quote(b"\xff\xc3"), r#""\255\195""#);
}

#[test]
fn writes_the_seed_like_structure() {
    let ada = Table::list(["MTH 201", "PHY 110"].map(Value::from)).with("Id", 17i64);
    let value = Value::table(
        Table::default()
            .with("Ada", ada)
            .with("two words", 1.5)
            .with(10i64, false),
    );
    expect_eq!(
        serialize(&value).unwrap(),
        r#"{Ada={"MTH 201","PHY 110",Id=17},["two words"]=1.5,[10]=false}"#
    );
}

#[test]
fn writes_scalars() {
    expect_eq!(serialize(&Value::Bool(true)).unwrap(), "true");
    expect_eq!(serialize(&Value::Int(-42)).unwrap(), "-42");
    expect_eq!(serialize(&Value::Float(1.0)).unwrap(), "1.0");
    expect_eq!(serialize(&Value::Float(f64::NEG_INFINITY)).unwrap(), "-1/0");
    expect_eq!(serialize(&Value::table(Table::default())).unwrap(), "{}");
}

#[test]
fn reports_a_cycle_and_accepts_sharing() {
    let inner = TableRef::new(Table::list([Value::Int(1)]));
    let shared = Value::table(Table::list([
        Value::Table(inner.clone()),
        Value::Table(inner.clone()),
    ]));
    // Twice in one value is sharing, not a cycle: written twice.
    expect_eq!(serialize(&shared), Ok("{{1},{1}}".to_string()));
    let looped = TableRef::new(Table::default());
    let child = Value::table(Table::list([Value::Table(looped.clone())]));
    looped.0.borrow_mut().array.push(child);
    expect_eq!(serialize(&Value::Table(looped.clone())), Err(Cycle));
    looped.0.borrow_mut().array.clear(); // free the cycle
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config())]
    #[test]
    fn quote_agrees_with_the_library(s in lua_string()) {
        let mut expected = String::new();
        write_string(&s, &mut expected);
        prop_expect_eq!(quote(&s), expected);
    }

    #[test]
    fn serialize_round_trips(value in tree()) {
        let text = serialize(&value).unwrap();
        let copy = WriteOptions { copy_shared: true, ..WriteOptions::default() };
        prop_expect_eq!(&text, &to_lua(&value, &copy).unwrap());
        let back = from_lua(text.as_bytes(), Limits::default()).unwrap();
        prop_assert!(back.same_tree(&value), "read back differently: {}", text);
    }
}
