//! Writing a [`Value`] as a Lua table constructor: the seed's serializer.
//!
//! The output is a single Lua expression (`{"BIO 102", Id = 120}`) that
//! Lua 5.1 itself loads with `loadstring("return " .. text)` and that our
//! own reader ([`super::read`]) parses without running anything.
//!
//! - Strings go in double quotes. Backslash, quote, and the common control
//!   characters get their short escapes (`\n`, `\t`, ...); any other control
//!   byte, DEL, and every byte that is not part of valid UTF-8 becomes a
//!   three-digit decimal escape (`\007`, `\255`): three digits always, so a
//!   digit after it can never be read as part of it. Lua 5.1 has no `\x`.
//! - Integers in decimal; floats in Rust's shortest form that reads back to
//!   the same bits (always with a `.` or an exponent, so they stay floats);
//!   NaN as `0/0` and the infinities as `1/0` and `-1/0`, the only way to
//!   write them as constants in Lua source (the sign and payload of a NaN
//!   are not kept).
//! - Tables: the array part positionally, then the hash part as
//!   `name = value` when the key is an identifier, else `[key] = value`.
//! - A table met again while it is being written is a cycle; met again
//!   after it was written, it is shared. A literal can express neither, so
//!   both are errors naming where they were found, unless
//!   [`WriteOptions::copy_shared`] asks for copies of shared tables.
//!
//! Layout: [`WriteOptions`], [`WriteError`], [`to_lua`], [`write_string`],
//! [`write_number`], [`is_identifier`]; the recursive `Writer` is private.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::key::key_id;
use super::value::{Table, TableRef, Value};

/// How to write.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    /// Indent nested tables by this many spaces, one item per line
    /// (`None`: everything on one line).
    pub indent: Option<usize>,
    /// Write a shared (not cyclic) table once per place it appears, instead
    /// of failing. The reader then builds separate copies.
    pub copy_shared: bool,
    /// Deepest table nesting written (Lua 5.1's parser stops at 200 levels).
    pub max_depth: usize,
    /// Largest output, in bytes (copying shared tables can grow without bound).
    pub max_bytes: usize,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            indent: None,
            copy_shared: false,
            max_depth: 190,
            max_bytes: 16 << 20,
        }
    }
}

/// Why a value cannot be written; `path` says where, e.g. `root.Laura[2]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    /// A table contains itself.
    #[error("{path}: cycle: this table contains itself (a table literal cannot express that)")]
    Cycle {
        /// Where the table was met again.
        path: String,
    },
    /// A table appears in two places.
    #[error(
        "{path}: this table was already written at {first}; a literal would make a copy (set copy_shared to allow that)"
    )]
    Shared {
        /// Where it was met again.
        path: String,
        /// Where it was first written.
        first: String,
    },
    /// NaN cannot be a table key in Lua.
    #[error("{path}: NaN cannot be a table key")]
    NanKey {
        /// The table holding the key.
        path: String,
    },
    /// Two entries of one table have the same key.
    #[error("{path}: duplicate key {key}")]
    DuplicateKey {
        /// The table holding the keys.
        path: String,
        /// The key, as written.
        key: String,
    },
    /// Nesting deeper than [`WriteOptions::max_depth`].
    #[error("{path}: tables nested deeper than {limit} levels")]
    TooDeep {
        /// The first table too deep.
        path: String,
        /// The limit.
        limit: usize,
    },
    /// Output larger than [`WriteOptions::max_bytes`].
    #[error("output larger than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
}

// ANCHOR: to_lua
/// Writes `value` as one Lua expression.
pub fn to_lua(value: &Value, options: &WriteOptions) -> Result<String, WriteError> {
    let mut writer = Writer {
        options,
        out: String::new(),
        open: HashSet::new(),
        done: Vec::new(),
    };
    writer.value(value, "root", 0)?;
    Ok(writer.out)
}
// ANCHOR_END: to_lua

/// The Lua 5.1 reserved words (and 5.2's `goto`), which cannot be bare keys.
const KEYWORDS: &[&str] = &[
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
    "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
];

/// Whether `key` can be written bare (`name = v`): an ASCII identifier that
/// is not a reserved word.
pub fn is_identifier(key: &[u8]) -> bool {
    let ident = matches!(key.first(), Some(b'a'..=b'z' | b'A'..=b'Z' | b'_'))
        && key.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_');
    ident && !KEYWORDS.iter().any(|k| k.as_bytes() == key)
}

// ANCHOR: write_string
/// Appends `bytes` as a double-quoted Lua string literal.
pub fn write_string(bytes: &[u8], out: &mut String) {
    out.push('"');
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                // Other control bytes and DEL: always three digits, so a
                // digit that follows cannot join the escape.
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
}
// ANCHOR_END: write_string

/// Appends a number: integers in decimal, floats so that they read back
/// bit for bit (NaN as `0/0`, infinities as `1/0` and `-1/0`).
pub fn write_number(value: &Value, out: &mut String) {
    match value {
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) if f.is_nan() => out.push_str("0/0"),
        Value::Float(f) if f.is_infinite() => out.push_str(if *f > 0.0 { "1/0" } else { "-1/0" }),
        // `{:?}` is the shortest text that parses back to the same bits, and
        // always has a `.` or an exponent (`1.0`, `1e300`), so it stays a float.
        Value::Float(f) => {
            let _ = write!(out, "{f:?}");
        }
        _ => {}
    }
}

/// The recursive writer: `open` holds the tables being written (a cycle if
/// met again), `done` the ones finished and where (shared if met again).
struct Writer<'a> {
    options: &'a WriteOptions,
    out: String,
    open: HashSet<usize>,
    done: Vec<(usize, String)>,
}

impl Writer<'_> {
    fn value(&mut self, value: &Value, path: &str, depth: usize) -> Result<(), WriteError> {
        match value {
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(_) | Value::Float(_) => write_number(value, &mut self.out),
            Value::Str(s) => write_string(s, &mut self.out),
            Value::Table(t) => self.table(t, path, depth + 1)?,
        }
        if self.out.len() > self.options.max_bytes {
            return Err(WriteError::TooLarge {
                limit: self.options.max_bytes,
            });
        }
        Ok(())
    }

    fn table(&mut self, t: &TableRef, path: &str, depth: usize) -> Result<(), WriteError> {
        let id = t.id();
        if self.open.contains(&id) {
            return Err(WriteError::Cycle { path: path.into() });
        }
        if !self.options.copy_shared
            && let Some((_, first)) = self.done.iter().find(|(d, _)| *d == id)
        {
            let (path, first) = (path.into(), first.clone());
            return Err(WriteError::Shared { path, first });
        }
        if depth > self.options.max_depth {
            let limit = self.options.max_depth;
            return Err(WriteError::TooDeep {
                path: path.into(),
                limit,
            });
        }
        self.open.insert(id);
        let table = t.0.borrow();
        check_keys(&table, path)?;
        self.items(&table, path, depth)?;
        self.open.remove(&id);
        self.done.push((id, path.into()));
        Ok(())
    }

    fn items(&mut self, table: &Table, path: &str, depth: usize) -> Result<(), WriteError> {
        self.out.push('{');
        let count = table.array.len() + table.hash.len();
        for (i, item) in table.array.iter().enumerate() {
            self.separator(i, depth);
            self.value(item, &format!("{path}[{}]", i + 1), depth)?;
        }
        for (i, (key, item)) in table.hash.iter().enumerate() {
            self.separator(table.array.len() + i, depth);
            let inner = self.key(key, path, depth)?;
            self.value(item, &inner, depth)?;
        }
        if count > 0
            && let Some(width) = self.options.indent
        {
            let _ = write!(self.out, ",\n{:1$}", "", width * (depth - 1));
        }
        self.out.push('}');
        Ok(())
    }

    /// Writes `key =` (or `[key] =`) and returns the path of its value.
    fn key(&mut self, key: &Value, path: &str, depth: usize) -> Result<String, WriteError> {
        let spaced = self.options.indent.is_some();
        let eq = if spaced { " = " } else { "=" };
        match key {
            Value::Str(s) if is_identifier(s) => {
                let name = String::from_utf8_lossy(s).into_owned();
                let _ = write!(self.out, "{name}{eq}");
                Ok(format!("{path}.{name}"))
            }
            _ => {
                let start = self.out.len() + 1;
                self.out.push('[');
                self.value(key, &format!("{path}[key]"), depth)?;
                let shown = self.out[start..].to_string();
                let _ = write!(self.out, "]{eq}");
                Ok(format!("{path}[{shown}]"))
            }
        }
    }

    fn separator(&mut self, index: usize, depth: usize) {
        match self.options.indent {
            Some(width) => {
                let comma = if index > 0 { "," } else { "" };
                let _ = write!(self.out, "{comma}\n{:1$}", "", width * depth);
            }
            None if index > 0 => self.out.push(','),
            None => {}
        }
    }
}

/// Rejects NaN keys and keys that Lua would see as the same: repeated hash
/// keys, an integer key inside the array part, a float equal to an integer.
fn check_keys(table: &Table, path: &str) -> Result<(), WriteError> {
    let mut seen = HashSet::new();
    for (key, _) in &table.hash {
        let Some(id) = key_id(key) else {
            return Err(WriteError::NanKey { path: path.into() });
        };
        if id.in_array(table.array.len()) || !seen.insert(id) {
            let mut shown = String::new();
            match key {
                Value::Str(s) => write_string(s, &mut shown),
                Value::Table(_) => shown.push_str("(a table)"),
                Value::Bool(b) => shown = b.to_string(),
                k => write_number(k, &mut shown),
            }
            return Err(WriteError::DuplicateKey {
                path: path.into(),
                key: shown,
            });
        }
    }
    Ok(())
}
