//! Reference solution for exercise `reader_limits` (chapter 9).
//!
//! A recursive-descent reader for Lua table literals that builds values and
//! can never run anything, with three limits that make hostile input
//! harmless: the input size, the nesting depth (each level is one more
//! recursive call, so this also bounds the stack) and the number of values.
//!
//! Layout: [`read`]; the [`Reader`] holds the cursor and the counters.

use crate::lua::lex::{Cursor, Numeral};
use crate::lua::{Limits, ReadError, ReadErrorKind, Table, Value};

// ANCHOR: read
/// Reads one value (optionally after `return`) from `text` within `limits`.
pub fn read(text: &[u8], limits: Limits) -> Result<Value, ReadError> {
    if text.len() > limits.max_bytes {
        let kind = ReadErrorKind::TooLarge {
            limit: limits.max_bytes,
        };
        return Err(ReadError::at(text, limits.max_bytes, kind));
    }
    let mut r = Reader {
        cur: Cursor {
            input: text,
            pos: 0,
        },
        limits,
        depth: 0,
        items: 0,
    };
    r.cur.skip_space()?;
    let start = r.cur.pos;
    if r.cur.name() != "return" {
        r.cur.pos = start;
    }
    let value = r.value()?;
    r.cur.skip_space()?;
    match r.cur.peek() {
        None => Ok(value),
        Some(_) => Err(r.cur.unexpected("the end of input")),
    }
}
// ANCHOR_END: read

struct Reader<'a> {
    cur: Cursor<'a>,
    limits: Limits,
    depth: usize,
    items: usize,
}

impl Reader<'_> {
    // ANCHOR: value
    fn value(&mut self) -> Result<Value, ReadError> {
        self.cur.skip_space()?;
        self.items += 1;
        if self.items > self.limits.max_items {
            let limit = self.limits.max_items;
            return Err(self.cur.error(ReadErrorKind::TooManyItems { limit }));
        }
        let start = self.cur.pos;
        match self.cur.peek() {
            Some(b'{') => self.table(),
            Some(b'"' | b'\'') => Ok(Value::Str(self.cur.string()?)),
            Some(b'[') if self.cur.long_bracket_level().is_some() => {
                Ok(Value::Str(self.cur.long_bracket()?))
            }
            Some(b'0'..=b'9' | b'.') => Ok(number(self.cur.numeral(false)?)),
            Some(b'-') => {
                self.cur.pos += 1;
                match self.cur.peek() {
                    Some(b'0'..=b'9' | b'.') => Ok(number(self.cur.numeral(true)?)),
                    _ => Err(self.cur.unexpected("a number after `-`")),
                }
            }
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                let kind = match self.cur.name() {
                    "true" => return Ok(Value::Bool(true)),
                    "false" => return Ok(Value::Bool(false)),
                    "nil" => ReadErrorKind::Nil,
                    name => ReadErrorKind::Code(name.to_string()),
                };
                Err(ReadError::at(self.cur.input, start, kind))
            }
            _ => Err(self.cur.unexpected("a value")),
        }
    }
    // ANCHOR_END: value

    // ANCHOR: table
    fn table(&mut self) -> Result<Value, ReadError> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            let limit = self.limits.max_depth;
            return Err(self.cur.error(ReadErrorKind::TooDeep { limit }));
        }
        self.cur.pos += 1; // the `{`
        let mut table = Table::default();
        loop {
            self.cur.skip_space()?;
            if self.cur.peek() == Some(b'}') {
                break;
            }
            self.field(&mut table)?;
            self.cur.skip_space()?;
            match self.cur.peek() {
                Some(b',' | b';') => self.cur.pos += 1,
                Some(b'}') => break,
                _ => return Err(self.cur.unexpected("`,` or `}`")),
            }
        }
        self.cur.pos += 1; // the `}`
        self.depth -= 1;
        Ok(Value::table(table))
    }
    // ANCHOR_END: table

    fn field(&mut self, table: &mut Table) -> Result<(), ReadError> {
        let start = self.cur.pos;
        let key = if self.cur.peek() == Some(b'[') && self.cur.long_bracket_level().is_none() {
            self.cur.pos += 1;
            let key = self.value()?;
            self.cur.skip_space()?;
            self.expect(b']', "`]`")?;
            Some(key)
        } else {
            let name = self.cur.name();
            let after = self.cur.pos;
            self.cur.skip_space()?;
            let keyed = !name.is_empty() && self.cur.peek() == Some(b'=');
            self.cur.pos = if keyed { after } else { start };
            keyed.then(|| Value::Str(name.as_bytes().to_vec()))
        };
        match key {
            None => table.array.push(self.value()?),
            Some(key) => {
                self.cur.skip_space()?;
                self.expect(b'=', "`=`")?;
                let value = self.value()?;
                table.hash.push((key, value));
            }
        }
        Ok(())
    }

    fn expect(&mut self, byte: u8, what: &'static str) -> Result<(), ReadError> {
        if self.cur.peek() != Some(byte) {
            return Err(self.cur.unexpected(what));
        }
        self.cur.pos += 1;
        Ok(())
    }
}

fn number(n: Numeral) -> Value {
    match n {
        Numeral::Int(i) => Value::Int(i),
        Numeral::Float(f) => Value::Float(f),
    }
}
