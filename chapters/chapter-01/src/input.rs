//! Reading the programs' standard input one capped line at a time.
//!
//! `BufRead::lines` would read a line of any length into memory; a program
//! fed a gigabyte without a newline would try to hold it all. [`read_line`]
//! stops at a cap and reports the over-long line as an error instead.
//!
//! Layout: [`read_line`].

use std::io::{self, BufRead, Read};

/// Reads the next line (without its `\n` or `\r\n`) of at most `max` bytes.
/// `Ok(None)` at the end of input; an error for a longer line.
pub fn read_line(input: &mut impl BufRead, max: usize) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let n = input.take(max as u64 + 1).read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    } else if line.len() > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a line longer than {max} bytes"),
        ));
    }
    Ok(Some(line))
}
