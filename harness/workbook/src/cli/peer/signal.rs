//! Waiting for Ctrl-C (SIGINT) or SIGTERM: `ctrlc` runs its handler on a
//! thread of its own, in ordinary code, which only tells the main thread;
//! the main thread then stops the peers.
//!
//! Layout: [`install`], [`wait`].

use std::sync::mpsc::{self, Receiver};

/// Routes Ctrl-C and SIGTERM (on Windows, Ctrl-C, Ctrl-Break and closing
/// the console) to the returned receiver.
pub(super) fn install() -> Result<Receiver<()>, ctrlc::Error> {
    let (tx, rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })?;
    Ok(rx)
}

/// Blocks until Ctrl-C or SIGTERM (waiting for a human has no time limit).
pub(super) fn wait(signals: Receiver<()>) {
    let _ = signals.recv();
}
