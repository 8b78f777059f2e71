//! Helpers shared by chapter 9's tests: value strategies for the Lua
//! literal writer and reader, a fixed clock, and running work with a
//! deadline so that a deadlock fails a test instead of hanging it.
//!
//! Layout: [`tree`] (a proptest strategy of acyclic values), [`finite_tree`],
//! [`fixed_clock`], [`within`].

#![allow(dead_code)]

use std::time::Duration;

use chapter_09::lua::key::key_id;
use chapter_09::lua::{Table, Value};
use proptest::prelude::*;
use std::collections::HashSet;

/// Strings that exercise escaping: quotes, backslashes, line ends, control
/// bytes, non-UTF-8 bytes, digits right after escapes, and UTF-8 text.
pub fn lua_string() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        4 => proptest::sample::select(b"ab \"'\\\n\r\t0179[]=-".to_vec()),
        1 => any::<u8>(),
    ];
    prop_oneof![
        4 => prop::collection::vec(byte, 0..12),
        1 => "[a-zé☃ ]{0,6}".prop_map(String::into_bytes),
    ]
}

/// Keys for the hash part: identifiers, other strings, integers, floats, booleans.
fn key(finite: bool) -> impl Strategy<Value = Value> {
    prop_oneof![
        "[a-z_][a-z0-9_]{0,5}".prop_map(|s| Value::from(s.as_str())),
        lua_string().prop_map(Value::Str),
        (-1000i64..1000).prop_map(Value::Int),
        number(finite).prop_filter("not NaN", |v| !matches!(v, Value::Float(f) if f.is_nan())),
        any::<bool>().prop_map(Value::Bool),
    ]
}

/// Numbers: integers of any size, floats of any bits (NaN and infinities
/// unless `finite`).
fn number(finite: bool) -> impl Strategy<Value = Value> {
    let float = if finite {
        prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO
    } else {
        prop::num::f64::ANY
    };
    prop_oneof![
        any::<i64>().prop_map(Value::Int),
        float.prop_map(Value::Float)
    ]
}

fn leaf(finite: bool) -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        number(finite),
        lua_string().prop_map(Value::Str),
    ]
}

fn tree_of(finite: bool) -> impl Strategy<Value = Value> {
    leaf(finite).prop_recursive(4, 48, 6, move |inner| {
        (
            prop::collection::vec(inner.clone(), 0..5),
            prop::collection::vec((key(finite), inner), 0..5),
        )
            .prop_map(|(array, hash)| Value::table(dedup(array, hash)))
    })
}

/// Arbitrary acyclic values, NaN and infinities included.
pub fn tree() -> impl Strategy<Value = Value> {
    tree_of(false)
}

/// Arbitrary acyclic values without NaN or infinities.
pub fn finite_tree() -> impl Strategy<Value = Value> {
    tree_of(true)
}

/// Drops hash entries whose key Lua would see as a duplicate (or as an
/// array index), so every generated table is writable.
fn dedup(array: Vec<Value>, hash: Vec<(Value, Value)>) -> Table {
    let mut table = Table {
        array,
        hash: Vec::new(),
    };
    let mut seen = HashSet::new();
    for (k, v) in hash {
        let Some(id) = key_id(&k) else { continue };
        if !id.in_array(table.array.len()) && seen.insert(id) {
            table.hash.push((k, v));
        }
    }
    table
}

/// A clock that always says `time`.
pub fn fixed_clock(time: &'static str) -> impl FnMut() -> String {
    move || time.to_string()
}

/// Runs `work` on a thread and waits at most `limit` for it: `None` if it
/// did not finish (a deadlock); a panic of `work` (a `todo!()`) is passed
/// on as it was.
pub fn within<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    harness::failure::within(limit, work).ok()
}
