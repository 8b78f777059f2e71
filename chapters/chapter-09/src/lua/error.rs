//! [`ReadError`]: why a text is not a Lua data literal, and where (byte
//! offset, line and column, counted from 1).
//!
//! Layout: [`ReadError`], [`ReadErrorKind`], [`ReadError::at`].

/// What went wrong while reading.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadErrorKind {
    /// The input is larger than the limit.
    #[error("input larger than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// Tables nested deeper than the limit.
    #[error("tables nested deeper than {limit} levels")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// More values than the limit.
    #[error("more than {limit} values")]
    TooManyItems {
        /// The limit.
        limit: usize,
    },
    /// Something else than what the grammar allows here.
    #[error("expected {expected}, found {found}")]
    Unexpected {
        /// What would have been allowed.
        expected: &'static str,
        /// What was there (`end of input`, `` `=` ``, ...).
        found: String,
    },
    /// A name where a value was expected: reading it would run code.
    #[error(
        "`{0}` is a name, not a value: looking it up would be running code, and data never runs"
    )]
    Code(String),
    /// Arithmetic other than the three constants `0/0`, `1/0`, `-1/0`.
    #[error(
        "arithmetic is code; the only divisions allowed are 0/0 (NaN), 1/0 and -1/0 (infinities)"
    )]
    Arithmetic,
    /// `nil` cannot be stored in a table.
    #[error("nil is not storable: a Lua table has no nil values")]
    Nil,
    /// A string literal with no closing quote or bracket.
    #[error("unfinished string")]
    UnfinishedString,
    /// A comment with no closing bracket.
    #[error("unfinished long comment")]
    UnfinishedComment,
    /// A backslash escape Lua does not know.
    #[error("invalid escape `{0}` in a string")]
    BadEscape(String),
    /// A malformed number.
    #[error("malformed number `{0}`")]
    BadNumber(String),
    /// An integer outside the 64-bit range.
    #[error("integer `{0}` out of the 64-bit range")]
    NumberOutOfRange(String),
    /// Two entries of one table with the same key.
    #[error("duplicate key {0} in one table")]
    DuplicateKey(String),
    /// NaN as a key (Lua refuses it).
    #[error("NaN cannot be a table key")]
    NanKey,
}

/// A read error with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {kind}")]
pub struct ReadError {
    /// Byte offset in the input.
    pub offset: usize,
    /// Line, from 1.
    pub line: usize,
    /// Column in bytes, from 1.
    pub column: usize,
    /// What went wrong.
    pub kind: ReadErrorKind,
}

impl ReadError {
    /// The error `kind` at byte `offset` of `input` (line and column computed).
    pub fn at(input: &[u8], offset: usize, kind: ReadErrorKind) -> ReadError {
        let offset = offset.min(input.len());
        let before = &input[..offset];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        ReadError {
            offset,
            line,
            column: offset - start + 1,
            kind,
        }
    }
}
