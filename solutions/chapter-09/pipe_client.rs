//! Reference solution for exercise `pipe_client` (chapter 9).
//!
//! Both of a program's standard streams piped at once: what the seed's
//! `io.popen` could not do. Writing happens on its own thread so that the
//! reading below never waits behind a blocked write (and the other way
//! round): that is what avoids the deadlock.
//!
//! Layout: [`converse`].

use std::io::{self, BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::thread;

// ANCHOR: converse
/// Runs `command`, sends each of `lines` followed by `\n`, closes its input,
/// and returns the lines it printed (line endings removed) once it exits.
pub fn converse(command: &mut Command, lines: Vec<String>) -> io::Result<Vec<String>> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| io::Error::other("no stdin"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| io::Error::other("no stdout"))?;
    let writer = thread::spawn(move || -> io::Result<()> {
        for line in lines {
            stdin.write_all(line.as_bytes())?;
            stdin.write_all(b"\n")?;
        }
        Ok(())
        // `stdin` is dropped here: the program sees the end of its input.
    });
    let mut replies = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let mut line = line?;
        if line.ends_with('\r') {
            line.pop();
        }
        replies.push(line);
    }
    // A write error (the program exited without reading everything) is not
    // a failure of the conversation: its replies are what it said.
    let _ = writer.join();
    child.wait()?;
    Ok(replies)
}
// ANCHOR_END: converse
