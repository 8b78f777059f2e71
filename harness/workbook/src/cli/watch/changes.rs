//! Noticing that the learner saved a source file under `chapters/`.
//!
//! Changes are noticed by file events (`notify`), debounced so that an
//! editor's save (often a write, a rename and a metadata change) is one
//! change. Only a `.rs` or `.toml` file counts, since nothing else changes
//! what cargo builds; and of those, not a file being read (cargo reads them
//! all), nor anything under `target/`, nor an editor's lock file (Emacs'
//! `.#rot13.rs`). The other files editors write while saving (Vim's
//! `.rot13.rs.swp` and `4913`, `rot13.rs~`, Emacs' `#rot13.rs#`) and
//! proptest's failure files, which the tests themselves write, have other
//! endings. So a rerun never sets off another. Where events do not arrive
//! (network and some container mounts) the files' modification times are
//! polled instead.
//!
//! Layout: [`ChangeWatcher`]; `Saves`, the handler that turns a batch of
//! events into one [`Wake::Saved`]; `watch`; [`is_source`], the rule; the
//! unit tests.

use std::any::Any;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use notify_debouncer_full::notify::{
    self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode,
};
use notify_debouncer_full::{DebounceEventHandler, DebounceEventResult, NoCache};

use super::Wake;

/// How long a burst of file events must be quiet before it counts as one
/// change: an editor's save is several events in a few milliseconds.
pub(super) const QUIET: Duration = Duration::from_millis(200);

/// Sends a [`Wake::Saved`] each time a source file under a directory changes.
pub(super) struct ChangeWatcher {
    /// The debouncer and its watcher, kept alive for their events.
    _watching: Box<dyn Any + Send>,
}

impl ChangeWatcher {
    /// Watches `dir` recursively, sending to `wakes`: by file events, or by
    /// looking at the files every `poll` when given (or when the system has
    /// no events for us, every second).
    pub(super) fn new(dir: &Path, poll: Option<Duration>, wakes: Sender<Wake>) -> Result<Self> {
        // Events may name the directory as given or as the system resolves
        // it (macOS reports /private/var for /var): strip either.
        let roots = [Some(dir.to_path_buf()), dir.canonicalize().ok()];
        let saves = Saves {
            roots: roots.into_iter().flatten().collect(),
            wakes,
        };
        let watching = match poll {
            Some(every) => watch::<PollWatcher>(dir, every, saves),
            None => watch::<RecommendedWatcher>(dir, Duration::from_secs(1), saves.clone())
                .or_else(|err| {
                    anstream::eprintln!(
                        "no file events ({err}); looking at the files every second"
                    );
                    watch::<PollWatcher>(dir, Duration::from_secs(1), saves)
                }),
        };
        let watching = watching.with_context(|| format!("cannot watch {}", dir.display()))?;
        Ok(Self {
            _watching: watching,
        })
    }
}

/// The debouncer's handler: one [`Wake::Saved`] for a batch of events in
/// which a source file changed.
#[derive(Clone)]
struct Saves {
    /// The watched directory, as given and resolved.
    roots: Vec<PathBuf>,
    wakes: Sender<Wake>,
}

impl DebounceEventHandler for Saves {
    fn handle_event(&mut self, batch: DebounceEventResult) {
        let saved = match batch {
            // An error (such as lost events) may hide a change: run again.
            Err(_) => true,
            Ok(events) => events
                .iter()
                // Reading a file is an event too (cargo reads them all).
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| &e.paths)
                .any(|path| is_source(&self.roots, path)),
        };
        if saved {
            // `watch` has ended when nobody listens: nothing to do.
            let _ = self.wakes.send(Wake::Saved);
        }
    }
}

/// A debounced watcher of kind `W` on `dir`, handing batches to `saves`.
fn watch<W: notify::Watcher + Send + 'static>(
    dir: &Path,
    poll: Duration,
    saves: Saves,
) -> notify::Result<Box<dyn Any + Send>> {
    let config = notify::Config::default().with_poll_interval(poll);
    // No file-id cache: it only pairs up renames, which a rerun does not need.
    let mut debouncer =
        notify_debouncer_full::new_debouncer_opt::<_, W, _>(QUIET, None, saves, NoCache, config)?;
    debouncer.watch(dir, RecursiveMode::Recursive)?;
    Ok(Box::new(debouncer))
}

/// Whether a change to `path` is the learner saving a source file: its name
/// ends in `.rs` or `.toml` and does not start with a dot, and no directory
/// between the watched one (any of `roots`) and it is a `target/`.
pub(super) fn is_source(roots: &[PathBuf], path: &Path) -> bool {
    let below = roots
        .iter()
        .find_map(|root| path.strip_prefix(root).ok())
        .unwrap_or(path);
    let Some(name) = below.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    // `rot13.rs~`, `#rot13.rs#`, `.rot13.rs.swp`, `4913` and
    // `rot13.proptest-regressions` all end otherwise.
    let source = name.ends_with(".rs") || name.ends_with(".toml");
    let lock = name.starts_with('.');
    let built = below
        .components()
        .any(|c| c == Component::Normal("target".as_ref()));
    source && !lock && !built
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;

    /// What an editor, cargo and the tests write beside a source file while
    /// the learner works, none of which is a save of a source file.
    const NOT_SAVES: [&str; 10] = [
        "a.proptest-regressions",
        ".a.rs.swp",
        ".a.rs.swx",
        "a.rs~",
        "#a.rs#",
        ".#a.rs",
        "4913",
        "a.rs.bk",
        "notes.txt",
        "target/debug/build/x/out/gen.rs",
    ];

    #[test]
    fn a_change_ends_the_wait_but_reading_and_test_output_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.rs");
        std::fs::write(&file, "fn a() {}").unwrap();
        std::fs::create_dir_all(dir.path().join("target/debug/build/x/out")).unwrap();
        let (tx, rx) = mpsc::channel();
        let _watcher = ChangeWatcher::new(dir.path(), None, tx).unwrap();
        std::fs::read(&file).unwrap();
        for name in NOT_SAVES {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        std::fs::remove_file(dir.path().join("a.rs~")).unwrap();
        let quiet = rx.recv_timeout(QUIET * 5);
        assert!(
            quiet.is_err(),
            "a read, an editor's or a test's file ended the wait"
        );
        std::fs::write(&file, "fn a() { todo!() }").unwrap();
        // Bounded: a watcher that never notices fails the test instead of hanging it.
        let wake = rx.recv_timeout(Duration::from_secs(30));
        assert_eq!(wake.ok(), Some(Wake::Saved), "not noticed within 30 s");
        // One save is one wake, however many events it was.
        assert!(rx.recv_timeout(QUIET * 5).is_err(), "one save woke twice");
        std::fs::write(dir.path().join("Cargo.toml"), "[package]").unwrap();
        let wake = rx.recv_timeout(Duration::from_secs(30));
        assert_eq!(wake.ok(), Some(Wake::Saved), "a manifest is a source too");
    }

    #[test]
    fn only_rust_and_toml_files_outside_target_are_sources() {
        let root = PathBuf::from("/home/me/target/workbook/chapters");
        let roots = [root.clone()];
        for name in ["chapter-06/src/exercises/rot13.rs", "chapter-06/Cargo.toml"] {
            assert!(is_source(&roots, &root.join(name)), "{name}");
        }
        for name in NOT_SAVES {
            let path = root.join("chapter-06/src").join(name);
            assert!(!is_source(&roots, &path), "{name}");
        }
        let built = root.join("chapter-06/target/debug/a.rs");
        assert!(!is_source(&roots, &built));
        // A checkout that happens to live under a `target/` still counts.
        assert!(is_source(&roots, &root.join("chapter-06/src/lib.rs")));
    }
}
