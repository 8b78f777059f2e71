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
    // TODO: pipe stdin and stdout (`Stdio::piped()`), spawn.
    // TODO: write the lines on a separate thread, then drop stdin to close it.
    // TODO: meanwhile read stdout line by line until end of file.
    // TODO: join the writer, wait for the program, return the replies.
    let _ = (command, lines);
    todo!()
}
// ANCHOR_END: stub
