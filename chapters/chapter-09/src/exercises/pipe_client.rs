//! Exercise `pipe_client`: talk to another program through both of its
//! standard streams at once (what the seed's one-way `io.popen` could not).
//!
//! The trap: if you write all the lines before reading any reply, a program
//! that answers as it reads (like `cat`, or `nc` relaying a server) fills its
//! output pipe (64 KiB), stops reading, and both programs wait forever.
//!
//! Layout: [`converse`].

use std::io;
use std::process::Command;

// ANCHOR: stub
/// Runs `command`, sends each of `lines` followed by `\n`, closes its input,
/// and returns the lines it printed (line endings `\n` or `\r\n` removed)
/// once it exits. An error if it cannot be started.
pub fn converse(command: &mut Command, lines: Vec<String>) -> io::Result<Vec<String>> {
    // TODO: the conversation the doc comment describes, which must never
    // deadlock, whatever the program does with its output (see the trap
    // above).
    let _ = (command, lines);
    todo!()
}
// ANCHOR_END: stub
