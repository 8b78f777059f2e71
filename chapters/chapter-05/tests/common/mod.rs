//! Helpers the chapter's test files share: a web root in a temporary
//! directory (with a secret beside it and symlinks in it), the library's
//! server running on it in a thread, and one of the chapter's programs
//! running as a process.

#![allow(dead_code, unused_imports)] // each test file uses part of this module

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;

use chapter_05::server::{Config, Engine, Handler, Shutdown, run};
use chapter_05::site::Site;

/// Longest wait for a program: its output, its exit.
pub use harness::proc::PROGRAM_LIMIT as LIMIT;

/// A temporary web root: `index.html`, `style.css`, `sub/page.txt`,
/// `a..b.txt`, symlinks `leak` (to `../secret.txt`) and `inside` (to `sub`).
pub struct Root {
    pub dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Root {
    pub fn new() -> Root {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("www");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("index.html"), "<p>home</p>\n").unwrap();
        std::fs::write(root.join("style.css"), "p { color: red }\n").unwrap();
        std::fs::write(root.join("sub/page.txt"), "page\n").unwrap();
        std::fs::write(root.join("a..b.txt"), "dots\n").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "SECRET\n").unwrap();
        #[cfg(unix)]
        use std::os::unix::fs::{symlink as symlink_dir, symlink as symlink_file};
        // Windows makes symbolic links in Developer Mode or as administrator only.
        #[cfg(windows)]
        use std::os::windows::fs::{symlink_dir, symlink_file};
        symlink_file(dir.path().join("secret.txt"), root.join("leak")).unwrap();
        symlink_dir(root.join("sub"), root.join("inside")).unwrap();
        Root { dir, root }
    }
}

/// The library's server in a thread; stopped and joined on drop.
pub struct Running {
    pub addr: SocketAddr,
    pub stop: Shutdown,
    pub log: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl Running {
    /// Serves `handler` with `config` (its log is replaced by a collector).
    pub fn start<H: Handler>(handler: H, mut config: Config) -> Running {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Shutdown::new(&listener).unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        config.log = Arc::new(move |line| sink.lock().unwrap().push(line));
        let thread = {
            let stop = stop.clone();
            std::thread::spawn(move || run(listener, handler, config, stop).unwrap())
        };
        Running {
            addr,
            stop,
            log,
            thread: Some(thread),
        }
    }

    /// A web server on `root` with /quit enabled.
    pub fn site(root: &Root) -> Running {
        Running::site_on(root, Engine::default())
    }

    /// A web server on `root` with /quit enabled, run by `engine`.
    pub fn site_on(root: &Root, engine: Engine) -> Running {
        Running::start(
            Site {
                root: root.root.clone(),
                quit: true,
            },
            Config {
                engine,
                ..Config::default()
            },
        )
    }

    /// Stops, joins, and returns whether the join happened within LIMIT.
    pub fn shutdown(mut self) -> bool {
        self.stop.trigger();
        let thread = self.thread.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = thread.join();
            let _ = tx.send(());
        });
        rx.recv_timeout(LIMIT).is_ok()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.trigger();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One of the chapter's programs running as a process.
pub use harness::proc::ServerProgram as Server;
