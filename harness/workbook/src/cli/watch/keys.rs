//! The keys of `watch`, as in rustlings' watch mode: single keys, read
//! without Enter, while the tests wait for the next save.
//!
//! Keys go into the same channel as the file watcher's saves ([`Wake`]), so
//! one wait ends at whichever comes first. Where they come from
//! ([`KeySource`]):
//! - a terminal on stdin: a thread reads them with `console`, which makes
//!   the terminal raw for each read only and keeps its output as it is (so
//!   the tests' output still starts each line at the left), and turns Ctrl-C
//!   back into the interrupt it was;
//! - the hidden `--keys STRING` option: its characters, one per wait, then
//!   [`Wake::KeysEnded`], so tests drive `watch` without a terminal;
//! - neither (a pipe, CI): no keys; `watch` waits for saves alone.
//!
//! A key read may be under way, the terminal raw, when `watch` ends: the
//! [`TerminalGuard`] that [`KeySource::start`] returns puts the terminal's
//! settings back when it is dropped.
//!
//! Layout: [`Key`] and the key lists; [`KeySource`]; the reading threads;
//! [`TerminalGuard`]; the unit tests.

use std::io::IsTerminal;
use std::sync::mpsc::Sender;

use console::Term;

use super::Wake;
use harness::term::{CMD, paint};

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    /// `h`: the next hint for the current exercise.
    Hint,
    /// `r`: run the tests again.
    Run,
    /// `n`: skip to the next unsolved exercise.
    Next,
    /// `q`: stop watching.
    Quit,
    /// `l` or `?`: the list of keys.
    List,
    /// Any other key.
    Other(char),
}

impl From<char> for Key {
    fn from(c: char) -> Self {
        match c.to_ascii_lowercase() {
            'h' => Self::Hint,
            'r' => Self::Run,
            'n' => Self::Next,
            'q' => Self::Quit,
            'l' | '?' => Self::List,
            _ => Self::Other(c),
        }
    }
}

/// Every key with what it does, for `l`.
const KEYS: [(&str, &str); 5] = [
    ("h", "show the next hint for this exercise"),
    ("r", "run the tests again"),
    ("n", "skip to the next unsolved exercise"),
    ("q", "quit"),
    ("l", "this list (? too)"),
];

/// The keys in one line, shown (dimmed) while `watch` waits.
pub(super) const KEY_LINE: &str = "h hint · r run again · n next exercise · q quit · l keys";

/// The keys one per line, with what they do.
pub(super) fn key_list() -> Vec<String> {
    let keys = KEYS
        .iter()
        .map(|(key, what)| format!("  {}  {what}", paint(CMD, key)));
    std::iter::once("Keys (no Enter needed):".to_owned())
        .chain(keys)
        .collect()
}

/// Where the keys come from.
pub(super) enum KeySource {
    /// A terminal on stdin, read through this one's device.
    Terminal(Term),
    /// `--keys`: these characters, then the end.
    Script(String),
    /// None: stdin is not a terminal.
    Off,
}

impl KeySource {
    /// `--keys` when given; else the terminal when stdin is one (and stdout
    /// or stderr too, which `console` needs to read from it).
    pub(super) fn choose(script: Option<&str>) -> Self {
        if let Some(script) = script {
            return Self::Script(script.to_owned());
        }
        if !std::io::stdin().is_terminal() {
            return Self::Off;
        }
        let term = [Term::stdout(), Term::stderr()]
            .into_iter()
            .find(Term::is_term);
        term.map_or(Self::Off, Self::Terminal)
    }

    /// Whether there are keys at all.
    pub(super) fn is_on(&self) -> bool {
        !matches!(self, Self::Off)
    }

    /// Starts sending the keys to `wakes` from a thread of their own; keep
    /// the guard until `watch` ends.
    pub(super) fn start(self, wakes: Sender<Wake>) -> TerminalGuard {
        match self {
            Self::Terminal(term) => {
                let guard = TerminalGuard::save();
                std::thread::spawn(move || read_terminal(&term, &wakes));
                guard
            }
            Self::Script(script) => {
                std::thread::spawn(move || play(&script, &wakes));
                TerminalGuard::none()
            }
            Self::Off => TerminalGuard::none(),
        }
    }
}

/// Reads keys from the terminal until it is gone or `watch` has ended.
fn read_terminal(term: &Term, wakes: &Sender<Wake>) {
    // Each read blocks until a key comes; Ctrl-C during one raises SIGINT.
    while let Ok(key) = term.read_key() {
        let console::Key::Char(c) = key else {
            // Arrows, Enter, Escape…: nothing to do.
            continue;
        };
        if wakes.send(Wake::Key(Key::from(c))).is_err() {
            return;
        }
    }
}

/// Sends the characters of `script` as keys, then the end of the script.
fn play(script: &str, wakes: &Sender<Wake>) {
    for c in script.chars() {
        if wakes.send(Wake::Key(Key::from(c))).is_err() {
            return;
        }
    }
    let _ = wakes.send(Wake::KeysEnded);
}

/// The terminal's settings when `watch` started, put back when dropped
/// (Unix; elsewhere `console` changes nothing that outlasts a read).
pub(super) struct TerminalGuard {
    #[cfg(unix)]
    saved: Option<rustix::termios::Termios>,
}

impl TerminalGuard {
    /// Remembers stdin's terminal settings.
    fn save() -> Self {
        Self {
            #[cfg(unix)]
            saved: rustix::termios::tcgetattr(std::io::stdin()).ok(),
        }
    }

    /// Nothing to put back.
    fn none() -> Self {
        Self {
            #[cfg(unix)]
            saved: None,
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(saved) = &self.saved {
            // Nothing more can be done about a failure while exiting.
            let now = rustix::termios::OptionalActions::Now;
            let _ = rustix::termios::tcsetattr(std::io::stdin(), now, saved);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    #[test]
    fn each_key_does_what_the_list_says() {
        for (key, what) in KEYS {
            let c = key.chars().next().unwrap();
            assert!(!matches!(Key::from(c), Key::Other(_)), "{key}: {what}");
            assert!(KEY_LINE.contains(&format!("{key} ")), "{key}");
        }
        assert_eq!(Key::from('?'), Key::List);
        assert_eq!(Key::from('H'), Key::Hint, "Caps Lock on");
        assert_eq!(Key::from('x'), Key::Other('x'));
    }

    #[test]
    fn a_script_sends_its_keys_in_order_then_its_end() {
        let (tx, rx) = mpsc::channel();
        KeySource::choose(Some("hnq")).start(tx);
        let wakes: Vec<Wake> = rx.iter().take(4).collect();
        let keys = [Key::Hint, Key::Next, Key::Quit].map(Wake::Key);
        assert_eq!(wakes[..3], keys);
        assert_eq!(wakes[3], Wake::KeysEnded);
    }
}
