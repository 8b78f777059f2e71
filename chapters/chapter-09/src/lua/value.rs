//! The values a Lua table literal can carry: booleans, integers, floats,
//! byte strings and tables.
//!
//! Tables are shared by reference ([`TableRef`], an `Rc<RefCell<Table>>`), as
//! in Lua: two fields can hold the same table, and a table can hold itself.
//! That is what makes shared and cyclic structures representable here, so the
//! writer can detect them instead of looping forever (the seed's warning
//! about "unbound recursion").
//!
//! Lua has no `nil` inside a table (assigning nil removes the key), so there
//! is no `Nil` value: a table simply lacks the key.
//!
//! Layout: [`Value`], [`Table`] (an array part and an ordered hash part),
//! [`TableRef`], and [`Value::same_tree`] (structural equality for acyclic
//! values, used by the round-trip tests).

use std::cell::RefCell;
use std::rc::Rc;

/// One Lua value that can be written as a literal.
#[derive(Debug, Clone)]
pub enum Value {
    /// `true` or `false`.
    Bool(bool),
    /// An integer (Lua 5.1 stores every number as a double; integers beyond
    /// ±2^53 lose precision there, not here).
    Int(i64),
    /// A float; NaN and the infinities are written as `0/0`, `1/0`, `-1/0`.
    Float(f64),
    /// A Lua string: any bytes, not necessarily UTF-8.
    Str(Vec<u8>),
    /// A table, by reference.
    Table(TableRef),
}

// ANCHOR: table
/// A Lua table: the array part holds keys `1..=array.len()` in order; the
/// hash part holds every other key, in insertion order (so output is stable).
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Values at keys 1, 2, 3, ...
    pub array: Vec<Value>,
    /// Every other key with its value.
    pub hash: Vec<(Value, Value)>,
}

/// A shared, mutable reference to a table (cloning it shares the table).
#[derive(Debug, Clone, Default)]
pub struct TableRef(pub Rc<RefCell<Table>>);
// ANCHOR_END: table

impl TableRef {
    /// Wraps a table.
    pub fn new(table: Table) -> Self {
        TableRef(Rc::new(RefCell::new(table)))
    }

    /// The table's identity (its address), for detecting sharing and cycles.
    pub fn id(&self) -> usize {
        Rc::as_ptr(&self.0) as usize
    }

    /// Whether both refer to the very same table.
    pub fn ptr_eq(&self, other: &TableRef) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Table {
    /// A table with only an array part.
    pub fn list(items: impl IntoIterator<Item = Value>) -> Self {
        Table {
            array: items.into_iter().collect(),
            hash: Vec::new(),
        }
    }

    /// Adds `key = value` to the hash part (builder style).
    pub fn with(mut self, key: impl Into<Value>, value: impl Into<Value>) -> Self {
        self.hash.push((key.into(), value.into()));
        self
    }
}

impl Value {
    /// A table value.
    pub fn table(table: Table) -> Value {
        Value::Table(TableRef::new(table))
    }

    /// The Lua type name (`boolean`, `number`, `string`, `table`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Table(_) => "table",
        }
    }

    /// Structural equality of two acyclic values: tables compare by content
    /// (array in order, hash in order); floats compare bit for bit, so NaN
    /// equals NaN and `-0.0` differs from `0.0`. On a cyclic value it would
    /// not end; callers compare trees only.
    pub fn same_tree(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => {
                a.to_bits() == b.to_bits() || a.is_nan() && b.is_nan()
            }
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Table(a), Value::Table(b)) => {
                let (a, b) = (a.0.borrow(), b.0.borrow());
                a.array.len() == b.array.len()
                    && a.hash.len() == b.hash.len()
                    && a.array.iter().zip(&b.array).all(|(x, y)| x.same_tree(y))
                    && a.hash
                        .iter()
                        .zip(&b.hash)
                        .all(|((k, v), (l, w))| k.same_tree(l) && v.same_tree(w))
            }
            _ => false,
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.as_bytes().to_vec())
    }
}

impl From<Table> for Value {
    fn from(t: Table) -> Self {
        Value::table(t)
    }
}

impl From<TableRef> for Value {
    fn from(t: TableRef) -> Self {
        Value::Table(t)
    }
}
