//! Hostile input for the file servers' tests: a web root with a secret
//! beside it, and the traversal corpus (`fixtures/hostile/traversal.txt`)
//! that every file server of the workbook must survive: the book server,
//! chapter 5's `webserver` and `file_server`, and the path functions under
//! them (chapter 5's `path`, its `safe_path` exercise, [`crate::safe_path`]).
//!
//! Each [`HostileSite`] has its own marker, a random string written only
//! into files outside the root; a response that contains it served one of
//! them, whatever the status line said.
//!
//! Input can also be hostile by its size: a long run of one byte that an
//! algorithm handles in quadratic time. [`within_deadline`] runs such a
//! case with a deadline far above what a linear algorithm needs, and fails
//! at the deadline instead of waiting minutes for a slow one.
//!
//! # Layout
//! [`HostileSite`] (the directory and its symlinks), [`TRAVERSAL`] and
//! [`HostileSite::targets`] (the corpus with its placeholders filled in),
//! [`HostileSite::assert_nothing_leaked`]; [`within_deadline`].

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The corpus as committed: one request-target per line, `#` comments.
/// `{secret}` stands for the absolute path of the secret file (with `/`
/// separators) and `{secret_enc}` for the same with every `/` as `%2F`.
pub const TRAVERSAL: &str = include_str!("../../../fixtures/hostile/traversal.txt");

/// A temporary directory laid out for traversal attempts:
///
/// ```text
/// secret.txt            the marker
/// www2/secret.txt       the marker (a sibling whose name extends the root's)
/// www/                  the root: index.html, a..b.txt, sub/page.txt
/// www/leak   -> ../secret.txt       www/up  -> ..
/// www/top    -> /                   www/inside -> sub (stays inside)
/// ```
///
/// The symlinks exist on Unix only.
pub struct HostileSite {
    dir: tempfile::TempDir,
    /// The web root (`www`).
    pub root: PathBuf,
    /// The secret file beside the root.
    pub secret: PathBuf,
    /// What the files outside the root hold, unique to this site.
    pub marker: String,
}

impl HostileSite {
    /// Creates the site in a fresh temporary directory.
    ///
    /// # Panics
    /// When the temporary directory cannot be written: the test cannot run.
    pub fn new() -> HostileSite {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let base = dir.path().to_path_buf();
        let marker = format!("WORKBOOK-SECRET-{:016x}", rand::random::<u64>());
        let root = base.join("www");
        let write = |path: &Path, text: &str| {
            std::fs::create_dir_all(path.parent().expect("a file in a directory"))
                .and_then(|()| std::fs::write(path, text))
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        };
        write(&base.join("secret.txt"), &marker);
        write(&base.join("www2/secret.txt"), &marker);
        write(&root.join("index.html"), "<p>home</p>\n");
        write(&root.join("a..b.txt"), "dots\n");
        write(&root.join("sub/page.txt"), "page\n");
        #[cfg(unix)]
        for (link, to) in [
            ("leak", base.join("secret.txt")),
            ("up", base.clone()),
            ("top", PathBuf::from("/")),
            ("inside", root.join("sub")),
        ] {
            std::os::unix::fs::symlink(&to, root.join(link))
                .unwrap_or_else(|e| panic!("cannot link {link}: {e}"));
        }
        HostileSite {
            secret: base.join("secret.txt"),
            dir,
            root,
            marker,
        }
    }

    /// The temporary directory holding the root and the secrets.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The corpus's targets, placeholders filled in for this site.
    pub fn targets(&self) -> Vec<String> {
        let secret = self.secret.to_string_lossy().replace('\\', "/");
        let secret = match secret.starts_with('/') {
            true => secret,
            false => format!("/{secret}"),
        };
        let encoded = secret.replace('/', "%2F");
        TRAVERSAL
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                l.replace("{secret_enc}", &encoded)
                    .replace("{secret}", &secret)
            })
            .collect()
    }

    /// Fails the test if `response` holds the marker or the start of
    /// `/etc/passwd`: `target` served a file outside the root.
    ///
    /// # Panics
    /// On a leak, naming the target.
    pub fn assert_nothing_leaked(&self, server: &str, target: &str, response: &[u8]) {
        let text = String::from_utf8_lossy(response);
        assert!(
            !text.contains(&self.marker),
            "{server} served the secret outside its root for {target:?}"
        );
        assert!(
            !text.contains("root:x:0:0") && !text.contains("root:*:0:0"),
            "{server} served /etc/passwd for {target:?}"
        );
    }
}

impl Default for HostileSite {
    fn default() -> Self {
        HostileSite::new()
    }
}

/// Runs `f` on a thread and returns its result; panics, naming `what`, if
/// it has not returned within `deadline` (the thread is left to finish on
/// its own: the failing test process ends it).
///
/// # Panics
/// At the deadline, or if `f` panics.
pub fn within_deadline<T: Send + 'static>(
    what: &str,
    deadline: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    crate::failure::within(deadline, f)
        .unwrap_or_else(|_| panic!("{what}: not done within {deadline:?} (quadratic?)"))
}
