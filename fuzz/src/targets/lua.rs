//! Lua table literals (chapter 9's structured data): the reader on hostile
//! text, the writer on random values, both reference solutions, and the
//! round trips between them.
//!
//! # Layout
//! [`TARGETS`]; `value` (a random value), one function per target.

use chapter_09::exercises::{lua_escape, reader_limits};
use chapter_09::lua::dump::dump;
use chapter_09::lua::{Limits, Table, Value, WriteOptions, from_lua, to_lua};
use rand::Rng as _;

use super::Target;
use crate::check::{Outcome, same};
use crate::corpus::Kind;
use crate::ensure;
use crate::make::Rng;
use crate::words::{COMMON, LUA};

/// The Lua literal targets.
pub const TARGETS: &[Target] = &[
    Target::new(
        "lua-read",
        "from_lua on hostile text vs the reader_limits solution; re-written, reads the same",
        &[Kind::Lua],
        &[LUA, COMMON],
        read,
    ),
    Target::new(
        "lua-write",
        "random values: to_lua and the lua_escape solution read back to the same tree",
        &[Kind::Lua, Kind::Text],
        &[LUA, COMMON],
        write,
    ),
];

/// Small limits, so hostile input reaches them.
const LIMITS: Limits = Limits {
    max_bytes: 1 << 20,
    max_depth: 40,
    max_items: 10_000,
};

fn read(input: &[u8], _: &mut Rng) -> Outcome {
    let lib = from_lua(input, LIMITS);
    let sol = reader_limits::read(input, LIMITS);
    // The two accept different languages (the library alone knows `0/0`
    // and refuses duplicate keys); what both read must be the same value.
    let Ok(value) = lib else {
        return Ok(());
    };
    if let Ok(sol) = &sol {
        ensure!(
            value.same_tree(sol),
            "library and solution read different values"
        );
    }
    let _ = dump(&value);
    let text = to_lua(&value, &WriteOptions::default())
        .map_err(|e| format!("a value read cannot be written: {e}"))?;
    let back = from_lua(text.as_bytes(), Limits::default())
        .map_err(|e| format!("{text:?} (written) does not read: {e}"))?;
    ensure!(
        back.same_tree(&value),
        "written as {text:?}, read back differently"
    );
    Ok(())
}

/// A random value whose strings are pieces of `bytes`.
fn value(rng: &mut Rng, bytes: &[u8], depth: usize) -> Value {
    let piece = |rng: &mut Rng| {
        let a = rng.random_range(0..=bytes.len());
        bytes[a..rng.random_range(a..=bytes.len().min(a + 40))].to_vec()
    };
    match rng.random_range(0..if depth > 4 { 5 } else { 7 }) {
        0 => Value::Bool(rng.random()),
        1 => Value::Int(rng.random::<i64>() >> rng.random_range(0..64)),
        2 => Value::Float(f64::from_bits(rng.random())),
        3 => Value::Float(
            [
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NAN,
                -0.0,
                1e308,
                5e-324,
            ][rng.random_range(0..6)],
        ),
        4 => Value::Str(piece(rng)),
        _ => {
            let mut t = Table::default();
            for _ in 0..rng.random_range(0..5) {
                t.array.push(value(rng, bytes, depth + 1));
            }
            for _ in 0..rng.random_range(0..5) {
                let key = Value::Str(piece(rng));
                if !t.hash.iter().any(|(k, _)| k.same_tree(&key)) {
                    t.hash.push((key, value(rng, bytes, depth + 1)));
                }
            }
            Value::table(t)
        }
    }
}

fn write(input: &[u8], rng: &mut Rng) -> Outcome {
    let v = value(rng, input, 0);
    let text = to_lua(&v, &WriteOptions::default()).map_err(|e| e.to_string())?;
    let back = from_lua(text.as_bytes(), Limits::default())
        .map_err(|e| format!("{text:?} does not read: {e}"))?;
    ensure!(back.same_tree(&v), "{text:?} reads back as another value");
    let sol = lua_escape::serialize(&v).map_err(|e| format!("{e:?}"))?;
    let back = from_lua(sol.as_bytes(), Limits::default())
        .map_err(|e| format!("{sol:?} (solution) does not read: {e}"))?;
    ensure!(
        back.same_tree(&v),
        "the solution's {sol:?} reads back as another value"
    );
    let quoted = lua_escape::quote(input);
    let back = from_lua(quoted.as_bytes(), Limits::default()).map_err(|e| e.to_string())?;
    same(
        "quote read back",
        &matches!(&back, Value::Str(s) if s == input),
        &true,
    )
}
