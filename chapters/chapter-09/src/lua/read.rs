//! Reading a Lua table literal back into a [`Value`], without running it.
//!
//! The seed's receiver hands the text to `loadstring` and calls the result:
//! whoever can reach the port can then run any Lua code on the receiver.
//! This reader accepts only data: `true`, `false`, numerals, string literals,
//! table constructors, and the three constants `0/0`, `1/0`, `-1/0`. A name,
//! a call, or any other operator is an error, reported with its line and
//! column. An optional `return` in front is allowed, so the text Lua loads
//! with `loadstring` reads here too.
//!
//! Limits keep hostile input harmless: the input size, the nesting depth
//! (the parser recurses once per level, so this also bounds the stack), and
//! the number of values. Duplicate keys, NaN keys and `nil` are errors rather
//! than silently dropped (Lua keeps the last duplicate, which hides mistakes).
//!
//! Layout: [`Limits`], [`from_lua`]; the recursive `Parser` is private;
//! tokens are in [`super::lex`].

use std::collections::HashSet;

use super::error::{ReadError, ReadErrorKind};
use super::key::{KeyId, key_id};
use super::lex::{Cursor, Numeral};
use super::value::{Table, Value};

// ANCHOR: limits
/// What a reader accepts at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input in bytes.
    pub max_bytes: usize,
    /// Deepest table nesting (the top-level table is depth 1).
    pub max_depth: usize,
    /// Most values in all (tables, items and bracketed keys count; bare
    /// `name =` keys do not).
    pub max_items: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 16 << 20,
            max_depth: 100,
            max_items: 1 << 20,
        }
    }
}
// ANCHOR_END: limits

// ANCHOR: from_lua
/// Reads one value (optionally preceded by `return`, optionally followed by
/// `;`) from `input`, within `limits`.
pub fn from_lua(input: &[u8], limits: Limits) -> Result<Value, ReadError> {
    if input.len() > limits.max_bytes {
        let kind = ReadErrorKind::TooLarge {
            limit: limits.max_bytes,
        };
        return Err(ReadError::at(input, limits.max_bytes, kind));
    }
    let mut p = Parser {
        cur: Cursor { input, pos: 0 },
        limits,
        depth: 0,
        items: 0,
    };
    p.cur.skip_space()?;
    let before = p.cur.pos;
    if p.cur.name() != "return" {
        p.cur.pos = before;
    }
    let value = p.value()?;
    p.cur.skip_space()?;
    if p.cur.peek() == Some(b';') {
        p.cur.pos += 1;
        p.cur.skip_space()?;
    }
    match p.cur.peek() {
        None => Ok(value),
        Some(_) => Err(p.cur.unexpected("the end of input after the value")),
    }
}
// ANCHOR_END: from_lua

/// The recursive-descent parser: one method per grammar rule.
struct Parser<'a> {
    cur: Cursor<'a>,
    limits: Limits,
    depth: usize,
    items: usize,
}

impl Parser<'_> {
    /// Counts one more value against [`Limits::max_items`].
    fn count(&mut self) -> Result<(), ReadError> {
        self.items += 1;
        if self.items > self.limits.max_items {
            let limit = self.limits.max_items;
            return Err(self.cur.error(ReadErrorKind::TooManyItems { limit }));
        }
        Ok(())
    }

    fn value(&mut self) -> Result<Value, ReadError> {
        self.cur.skip_space()?;
        self.count()?;
        let start = self.cur.pos;
        match self.cur.peek() {
            Some(b'{') => self.table(),
            Some(b'"' | b'\'') => Ok(Value::Str(self.cur.string()?)),
            Some(b'[') if self.cur.long_bracket_level().is_some() => {
                Ok(Value::Str(self.cur.long_bracket()?))
            }
            Some(b'0'..=b'9' | b'.') => self.number(false),
            Some(b'-') => {
                self.cur.pos += 1;
                match self.cur.peek() {
                    Some(b'0'..=b'9' | b'.') => self.number(true),
                    _ => Err(self.cur.unexpected("a number after `-`")),
                }
            }
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => match self.cur.name() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                "nil" => Err(ReadError::at(self.cur.input, start, ReadErrorKind::Nil)),
                name => {
                    let kind = ReadErrorKind::Code(name.to_string());
                    Err(ReadError::at(self.cur.input, start, kind))
                }
            },
            _ => Err(self
                .cur
                .unexpected("a value (string, number, boolean or table)")),
        }
    }

    /// A numeral, or one of the constants `0/0`, `1/0`, `-1/0`.
    fn number(&mut self, negative: bool) -> Result<Value, ReadError> {
        let start = self.cur.pos;
        let numeral = self.cur.numeral(negative)?;
        let after = self.cur.pos;
        self.cur.skip_space()?;
        if self.cur.peek() != Some(b'/') {
            self.cur.pos = after;
            return Ok(match numeral {
                Numeral::Int(i) => Value::Int(i),
                Numeral::Float(f) => Value::Float(f),
            });
        }
        self.cur.pos += 1;
        self.cur.skip_space()?;
        let arithmetic = ReadError::at(self.cur.input, start, ReadErrorKind::Arithmetic);
        if !matches!(self.cur.peek(), Some(b'0'..=b'9')) {
            return Err(arithmetic);
        }
        match (numeral, self.cur.numeral(false)?) {
            (Numeral::Int(0), Numeral::Int(0)) => Ok(Value::Float(f64::NAN)),
            (Numeral::Int(1), Numeral::Int(0)) => Ok(Value::Float(f64::INFINITY)),
            (Numeral::Int(-1), Numeral::Int(0)) => Ok(Value::Float(f64::NEG_INFINITY)),
            _ => Err(arithmetic),
        }
    }

    fn table(&mut self) -> Result<Value, ReadError> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            let limit = self.limits.max_depth;
            return Err(self.cur.error(ReadErrorKind::TooDeep { limit }));
        }
        self.cur.pos += 1;
        let mut table = Table::default();
        let mut keys = KeySet::default();
        loop {
            self.cur.skip_space()?;
            if self.cur.peek() == Some(b'}') {
                break;
            }
            self.field(&mut table, &mut keys)?;
            self.cur.skip_space()?;
            match self.cur.peek() {
                Some(b',' | b';') => self.cur.pos += 1,
                Some(b'}') => break,
                _ => return Err(self.cur.unexpected("`,` or `}` after a table field")),
            }
        }
        self.cur.pos += 1;
        self.depth -= 1;
        keys.check_array(&table, self.cur.input)?;
        Ok(Value::table(table))
    }

    /// One field: `[key] = value`, `name = value`, or a positional value.
    fn field(&mut self, table: &mut Table, keys: &mut KeySet) -> Result<(), ReadError> {
        let start = self.cur.pos;
        let key = if self.cur.peek() == Some(b'[') && self.cur.long_bracket_level().is_none() {
            self.cur.pos += 1;
            let key = self.value()?;
            self.cur.skip_space()?;
            self.expect(b']', "`]` after a key")?;
            Some(key)
        } else {
            let name = self.cur.name();
            let after = self.cur.pos;
            self.cur.skip_space()?;
            let keyed = !name.is_empty() && self.cur.peek() == Some(b'=');
            if keyed && !super::write::is_identifier(name.as_bytes()) {
                return Err(self
                    .cur
                    .unexpected("a value, not `=` after a reserved word"));
            }
            self.cur.pos = if keyed { after } else { start };
            keyed.then(|| Value::Str(name.as_bytes().to_vec()))
        };
        let Some(key) = key else {
            table.array.push(self.value()?);
            return Ok(());
        };
        self.cur.skip_space()?;
        self.expect(b'=', "`=` after a key")?;
        keys.insert(&key, self.cur.input, start)?;
        let value = self.value()?;
        table.hash.push((key, value));
        Ok(())
    }

    fn expect(&mut self, byte: u8, what: &'static str) -> Result<(), ReadError> {
        if self.cur.peek() == Some(byte) {
            self.cur.pos += 1;
            Ok(())
        } else {
            Err(self.cur.unexpected(what))
        }
    }
}

/// The keys of one table seen so far, as Lua compares them, and where each
/// integer key was written.
#[derive(Default)]
struct KeySet {
    seen: HashSet<KeyId>,
    ints: Vec<(KeyId, usize)>,
}

impl KeySet {
    fn insert(&mut self, key: &Value, input: &[u8], at: usize) -> Result<(), ReadError> {
        let id = key_id(key).ok_or_else(|| ReadError::at(input, at, ReadErrorKind::NanKey))?;
        if let KeyId::Int(_) = id {
            self.ints.push((id.clone(), at));
        }
        if !self.seen.insert(id) {
            return Err(duplicate(input, at));
        }
        Ok(())
    }

    /// Keyed integers that collide with the positional items.
    fn check_array(&self, table: &Table, input: &[u8]) -> Result<(), ReadError> {
        match self
            .ints
            .iter()
            .find(|(id, _)| id.in_array(table.array.len()))
        {
            Some((_, at)) => Err(duplicate(input, *at)),
            None => Ok(()),
        }
    }
}

fn duplicate(input: &[u8], at: usize) -> ReadError {
    let end = input[at..]
        .iter()
        .position(|&b| b == b'=')
        .map_or(input.len(), |i| at + i);
    let shown: String = String::from_utf8_lossy(&input[at..end])
        .trim()
        .chars()
        .take(60)
        .collect();
    ReadError::at(input, at, ReadErrorKind::DuplicateKey(shown))
}
