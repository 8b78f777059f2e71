//! Reference solution for exercise `lua_escape` (chapter 9).
//!
//! A Lua table-literal writer: strings quoted and escaped so that any bytes
//! survive, tables written recursively with a set of the tables being
//! written, so that a table containing itself is reported instead of
//! recursing forever (the seed's "unbound recursion").
//!
//! Layout: [`Cycle`], [`quote`], [`serialize`].

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::lua::write::{is_identifier, write_number};
use crate::lua::{TableRef, Value};

/// The value contains a table that contains itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cycle;

// ANCHOR: quote
/// `bytes` as a double-quoted Lua string literal.
pub fn quote(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_ascii_control() => {
                    let _ = write!(out, "\\{:03}", c as u32);
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\{b:03}");
        }
    }
    out.push('"');
    out
}
// ANCHOR_END: quote

// ANCHOR: serialize
/// `value` as a compact Lua expression: `{1,2,name=true,["two words"]=1.5}`.
pub fn serialize(value: &Value) -> Result<String, Cycle> {
    let mut out = String::new();
    write_value(value, &mut HashSet::new(), &mut out)?;
    Ok(out)
}

fn write_value(value: &Value, open: &mut HashSet<usize>, out: &mut String) -> Result<(), Cycle> {
    match value {
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(_) | Value::Float(_) => write_number(value, out),
        Value::Str(s) => out.push_str(&quote(s)),
        Value::Table(t) => write_table(t, open, out)?,
    }
    Ok(())
}

fn write_table(t: &TableRef, open: &mut HashSet<usize>, out: &mut String) -> Result<(), Cycle> {
    if !open.insert(t.id()) {
        return Err(Cycle);
    }
    let table = t.0.borrow();
    out.push('{');
    for (i, item) in table.array.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_value(item, open, out)?;
    }
    for (i, (key, item)) in table.hash.iter().enumerate() {
        if i > 0 || !table.array.is_empty() {
            out.push(',');
        }
        match key {
            Value::Str(s) if is_identifier(s) => out.push_str(&String::from_utf8_lossy(s)),
            key => {
                out.push('[');
                write_value(key, open, out)?;
                out.push(']');
            }
        }
        out.push('=');
        write_value(item, open, out)?;
    }
    out.push('}');
    // Finished: meeting it again elsewhere is sharing, not a cycle.
    open.remove(&t.id());
    Ok(())
}
// ANCHOR_END: serialize
