//! Table keys as Lua compares them, shared by the writer and the reader to
//! find keys that Lua would merge: a float with an integer value is that
//! integer (`t[1.0]` is `t[1]`), strings compare by bytes, tables by
//! identity, and NaN can be no key at all.
//!
//! Layout: [`KeyId`], [`key_id`].

use super::value::Value;

/// A key's identity for Lua.
#[derive(Debug, Clone, Hash, PartialEq, Eq)]
pub enum KeyId {
    /// An integer, or a float with an integer value.
    Int(i64),
    /// Any other float, by its bits.
    Float(u64),
    /// A boolean.
    Bool(bool),
    /// A string, by its bytes.
    Str(Vec<u8>),
    /// A table, by its address.
    Table(usize),
}

/// The identity of `key`; `None` for NaN, which Lua refuses as a key.
pub fn key_id(key: &Value) -> Option<KeyId> {
    Some(match key {
        Value::Float(f) if f.is_nan() => return None,
        // Exactly representable integers only; 9e18 stays inside i64.
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e18 => KeyId::Int(*f as i64),
        Value::Float(f) => KeyId::Float(f.to_bits()),
        Value::Int(i) => KeyId::Int(*i),
        Value::Bool(b) => KeyId::Bool(*b),
        Value::Str(s) => KeyId::Str(s.clone()),
        Value::Table(t) => KeyId::Table(t.id()),
    })
}

impl KeyId {
    /// Whether it is an index of an array part of `len` items (1..=len).
    pub fn in_array(&self, len: usize) -> bool {
        matches!(self, KeyId::Int(i) if *i >= 1 && (*i as u64) <= len as u64)
    }
}
